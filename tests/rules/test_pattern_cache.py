"""The per-user cache of compiled pattern files: fresh on any change, never a wrong result."""
from __future__ import annotations

import os
import pickle
import re

import pytest

from notice_parse.rules import patterns as P

RULES = """
[[rule]]
name = "verb"
pattern = '{v}了?巡察意见'
match = ["反馈了巡察意见"]
[defs]
v = "反馈"
"""


@pytest.fixture
def cache(tmp_path, monkeypatch):
    rules = tmp_path / "rules"
    rules.mkdir()
    folder = tmp_path / "cache"
    monkeypatch.setenv("NOTICE_PARSE_CACHE", str(folder))
    monkeypatch.setattr(P, "patterns_dir", lambda: rules)
    for fn in (P.load, P._cache_folder):
        fn.cache_clear()
    yield rules, folder / "notice-parse"
    for fn in (P.load, P._cache_folder):
        fn.cache_clear()


def _load(name="t"):
    P.load.cache_clear()
    return P.load(name)


def test_second_load_comes_from_the_cache(cache, monkeypatch):
    rules, folder = cache
    (rules / "t.toml").write_text(RULES, encoding="utf-8")
    first = _load()
    assert len(list(folder.glob("t-*.pickle"))) == 1
    monkeypatch.setattr(P, "parse_pattern_file", lambda *a: pytest.fail("compiled again"))
    again = _load()
    assert again.get("verb").regex.pattern == first.get("verb").regex.pattern == "反馈了?巡察意见"
    assert again.get("verb").regex.search("已反馈巡察意见")


def test_a_changed_rule_file_is_compiled_anew(cache):
    rules, _ = cache
    (rules / "t.toml").write_text(RULES, encoding="utf-8")
    _load()
    (rules / "t.toml").write_text(RULES.replace('v = "反馈"', 'v = "通报"'), encoding="utf-8")
    assert _load().get("verb").regex.pattern == "通报了?巡察意见"


def test_a_broken_cache_file_is_rebuilt(cache):
    rules, folder = cache
    (rules / "t.toml").write_text(RULES, encoding="utf-8")
    _load()
    [pickled] = folder.glob("t-*.pickle")
    pickled.write_bytes(b"not a pickle")
    assert _load().get("verb").regex.search("反馈巡察意见")
    assert pickle.loads(pickled.read_bytes()).get("verb").name == "verb"


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_can_write_is_not_used(cache):
    rules, folder = cache
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    (rules / "t.toml").write_text(RULES, encoding="utf-8")
    P._cache_folder.cache_clear()
    _load()
    assert list(folder.iterdir()) == []


def test_off_disables_it(cache, monkeypatch):
    rules, folder = cache
    monkeypatch.setenv("NOTICE_PARSE_CACHE", "off")
    P._cache_folder.cache_clear()
    (rules / "t.toml").write_text(RULES, encoding="utf-8")
    assert _load().get("verb")
    assert not folder.exists()


@pytest.mark.parametrize("name", P.all_pattern_files())
def test_cached_rules_equal_fresh_rules(name):
    fresh = P.parse_pattern_file(f"{name}.toml", (P.patterns_dir() / f"{name}.toml").read_text(encoding="utf-8"))
    cached = pickle.loads(pickle.dumps(fresh, protocol=pickle.HIGHEST_PROTOCOL))
    for a, b in zip(fresh.rules(), cached.rules()):
        assert (a.name, a.regex.pattern, a.regex.flags, type(a.regex), vars(a)) == \
               (b.name, b.regex.pattern, b.regex.flags, type(b.regex), vars(b))
    assert (fresh.description, fresh.defs, fresh.extra) == (cached.description, cached.defs, cached.extra)


@pytest.mark.parametrize("name", P.all_pattern_files())
def test_a_loaded_rule_has_exactly_the_rule_models_keys(name):
    """The rule model is the one place that defines the keys: a loaded rule has an attribute for
    each of its fields (defaults filled in) and no other."""
    from notice_parse.rules.model import RuleModel

    for r in P.load(name).rules():
        assert set(vars(r)) == set(RuleModel.model_fields), r.name


def test_the_cache_key_covers_the_rule_model():
    """A change to the rule model or its value sets is a new key (they are read, not imported)."""
    from pathlib import Path

    here = Path(P.__file__)
    salt = P._cache_salt()
    for name in ("patterns.py", "model.py", "vocabulary.py", "compiled.py"):
        assert here.with_name(name).read_bytes() in salt, name


def test_a_cached_start_builds_no_rule_model(cache):
    """With every compiled file cached, loading the parser imports neither the rule model nor
    anything that builds it: the model validates a file only when it is built."""
    import subprocess
    import sys

    code = ("import sys; import notice_parse.pipeline; "
            "print(sorted(m for m in sys.modules if m == 'notice_parse.rules.model'))")
    env = {**os.environ, "NOTICE_PARSE_CACHE": os.environ["NOTICE_PARSE_CACHE"]}
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert first.stdout.strip() == "['notice_parse.rules.model']"  # built: the model validated the files
    again = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert again.stdout.strip() == "[]"


@pytest.mark.parametrize("name", P.all_pattern_files())
def test_the_cache_file_rebuilds_stdlib_rules_with_the_same_code(name):
    """A cached file's `engine = "re"` rules come back through `compiled` with the same program."""
    fresh = P.parse_pattern_file(f"{name}.toml", (P.patterns_dir() / f"{name}.toml").read_text(encoding="utf-8"))
    cached = pickle.loads(P._dumps(fresh))
    for a, b in zip(fresh.rules(), cached.rules()):
        assert type(a.regex) is type(b.regex)
        if isinstance(a.regex, re.Pattern):
            assert a.regex == b.regex  # stdlib patterns compare their compiled code
        else:
            assert a.regex._pickled_data == b.regex._pickled_data
