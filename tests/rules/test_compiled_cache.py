"""Compiled patterns kept between runs (`rules.compiled`): the same pattern as the engine's own
compile, never a stale one, and no compiler run when the cache holds it."""
from __future__ import annotations

import os
import pickle
import re

import pytest
import regex

import notice_parse.pipeline  # noqa: F401 - builds every pattern the package compiles at import
from notice_parse.rules import compiled as C


def same_regex(a, b) -> bool:
    """The same `regex` pattern: what it pickles with, its program compared as a multiset of
    bytes (the engine lists a set's characters in hash order, which differs between runs)."""
    x, y = a._pickled_data, b._pickled_data
    return x[:2] == y[:2] and x[3:] == y[3:] and sorted(x[2]) == sorted(y[2])


def _new_process(monkeypatch) -> None:
    """Forget what this process compiled, as a new run would."""
    for name, value in (("_made", {}), ("_recipes", {}), ("_stored", None), ("_dirty", False), ("_owner", 0)):
        monkeypatch.setattr(C, name, value)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("NOTICE_PARSE_CACHE", str(tmp_path))
    monkeypatch.setattr(C.atexit, "register", lambda fn: None)  # saved by hand below
    for fn in (C.cache_folder, C._file):
        fn.cache_clear()
    _new_process(monkeypatch)
    yield tmp_path / "notice-parse"
    for fn in (C.cache_folder, C._file):
        fn.cache_clear()


def _no_compiler(monkeypatch):
    def fail(*a, **k):
        pytest.fail("compiled again")
    monkeypatch.setitem(C._COMPILERS, "re", fail)
    monkeypatch.setitem(C._COMPILERS, "regex", fail)


SOURCES = [
    ("re", r"(?P<n>[一二三四五六七八九十]{1,3})、\s*(?P=n)?", 0),
    ("re", r"^\s*第(\d+)条$", re.MULTILINE),
    ("re", r"[\u2460-\u2473]|(?<=[。;])问题", 0),
    ("regex", r"\p{Han}{2,}(?<=巡[察视])组", 0),
    ("regex", r"(?P<a>整改)|(?P<a>落实)", regex.IGNORECASE),
]


def test_a_second_run_takes_the_patterns_from_the_cache(cache, monkeypatch):
    first = [C.compile(s, f, e) for e, s, f in SOURCES]
    C._save()
    assert len(list(cache.glob("compiled-*.pickle"))) == 1
    _new_process(monkeypatch)
    _no_compiler(monkeypatch)
    again = [C.compile(s, f, e) for e, s, f in SOURCES]
    for (engine, source, flags), a, b in zip(SOURCES, first, again):
        assert (b.pattern, b.flags, b.groupindex) == (a.pattern, a.flags, a.groupindex)
        if engine == "re":
            assert b == re.compile(source, flags)  # equal compiled code
        else:
            assert same_regex(a, b)
    text = "二、整改落实问题③;问题 市委巡察组"
    assert [m.span() for m in again[0].finditer(text)] == [m.span() for m in re.finditer(SOURCES[0][1], text)]
    assert again[3].search("市委第一巡察组") and again[4].search("抓好落实").group("a") == "落实"


def test_a_changed_pattern_is_compiled_anew(cache, monkeypatch):
    C.compile("整改(完成|到位)")
    C._save()
    _new_process(monkeypatch)
    rx = C.compile("整改(完成|落实)")
    assert rx.search("整改落实") and not rx.search("整改到位")
    assert C._dirty  # a new entry: written at exit
    assert C.compile("整改", re.IGNORECASE) is not C.compile("整改")


def test_a_broken_cache_file_is_ignored_and_rewritten(cache, monkeypatch):
    C.compile("巡察")
    C._save()
    [path] = cache.glob("compiled-*.pickle")
    path.write_bytes(b"not a pickle")
    _new_process(monkeypatch)
    assert C.compile("巡察").search("县委巡察")
    C._save()
    assert ("re", "巡察", 0) in pickle.loads(path.read_bytes())


def test_a_pattern_that_does_not_compile_raises_and_is_not_kept(cache):
    with pytest.raises(re.error):
        C.compile("整改(")
    with pytest.raises(regex.error):
        C.compile("整改(", engine="regex")
    assert not C._recipes


def test_off_disables_it(cache, monkeypatch):
    monkeypatch.setenv("NOTICE_PARSE_CACHE", "off")
    C.cache_folder.cache_clear()
    C._file.cache_clear()
    assert C.compile("巡视").search("巡视组")
    C._save()
    assert not cache.exists()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork")
def test_a_forked_worker_never_writes_the_file(cache):
    C.compile("反馈")
    pid = os.fork()
    if pid == 0:  # the worker: it compiled something new, but the file is its parent's to write
        try:
            C.compile("通报")
            C._save()
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    assert not list(cache.glob("compiled-*.pickle"))


def test_every_pattern_the_package_builds_equals_a_fresh_compile():
    """What import-time code got from the cache is what the engine's compile gives now."""
    assert len(C._made) > 100
    for (engine, source, flags), got in C._made.items():
        if engine == "re":
            assert got == re.compile(source, flags), source
        else:
            assert same_regex(got, regex.compile(source, flags)), source


def test_a_warm_start_runs_no_compiler_for_the_package(tmp_path):
    """With the cache filled, loading the parser and parsing a notice compiles nothing: a pattern
    built at import with `re.compile`/`regex.compile` instead of `compiled.re`/`compiled.regex`
    would be compiled again at every start."""
    import subprocess
    import sys

    probe = r'''
import re, sys, regex
calls = []
def watch(real):
    def compile_(pattern, *args, **kwargs):
        frame = sys._getframe(1)
        while frame and (frame.f_code.co_filename.startswith((re.__file__.rsplit("/", 1)[0], regex.__file__.rsplit("/", 1)[0]))
                         or "/enum.py" in frame.f_code.co_filename):
            frame = frame.f_back
        where = frame.f_code.co_filename if frame else "?"
        if "notice_parse" in where and not isinstance(pattern, (re.Pattern, regex.Pattern)):
            calls.append(f"{where}:{frame.f_lineno}")
        return real(pattern, *args, **kwargs)
    return compile_
re._compiler.compile = watch(re._compiler.compile)
regex._main._compile = watch(regex._main._compile)
from notice_parse.pipeline import parse_text
parse_text("关于巡察整改情况的通报\n县委第一巡察组反馈问题12个,已整改10个。\n联系电话:12388\n2020年1月1日\n")
print("\n".join(calls))
'''
    env = {**os.environ, "NOTICE_PARSE_CACHE": str(tmp_path)}
    cold = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120)
    assert cold.returncode == 0, cold.stderr
    warm = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120)
    assert warm.returncode == 0, warm.stderr
    assert cold.stdout.strip(), "the probe saw no compile at all on a cold start: it watches nothing"
    assert warm.stdout.strip() == ""
