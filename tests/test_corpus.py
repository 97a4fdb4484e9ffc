"""Every corpus of tests/data/ (format: tests/data/README.md): each file loads, every case keeps
the invariants any notice keeps, and the generality audit's notices read as SPEC says.

The expectations of the other corpora run beside their dimension's tests (tests/data/README.md
names where); a known miss stays a strict xfail there, but the invariants hold on every case."""
from __future__ import annotations

import pytest

import corpus
from corpus import Case, CorpusError, cases, check, check_invariants, load, load_all


@pytest.mark.parametrize("path", corpus.files(), ids=lambda p: p.relative_to(corpus.DATA).as_posix())
def test_corpus_file_follows_the_format(path):
    assert load(path), f"{path}: no cases"


@pytest.mark.parametrize("case", cases(xfail=False))
def test_case_keeps_the_invariants(case):
    check_invariants(case)


# -- generality audit: whole synthetic notices (tests/data/audit/) ------------------------------
@pytest.mark.parametrize("case", cases("audit"))
def test_audit(case):
    check(case)


def test_audit_corpus_size():
    audit = load_all("audit")
    assert len(audit) >= 15
    assert sum(c.expect["kind"] == "stationing" for c in audit) >= 8


# -- the harness itself --------------------------------------------------------------------------
def _load(tmp_path, body: str) -> list[Case]:
    path = tmp_path / "x.toml"
    path.write_text(body, encoding="utf-8")
    return load(path)


@pytest.mark.parametrize("body,error", [
    ('[[case]]\nname = "a"\ntext = "t"\nexpected = 1\n', r"x\.toml: case 'a': unknown key\(s\) expected"),
    ('[[case]]\nname = "a"\ntext = "t"\nexpect.inspection.target = []\n', r"case 'a': unknown key expect\.inspection\.target"),
    ('[[case]]\nname = "a"\ntext = "t"\nexpect.issues = [{titel = "x"}]\n', r"case 'a': unknown key expect\.issues\[0\]\.titel"),
    ('[[case]]\nname = "a"\ntext = "t"\nwarnings = ["no_windows"]\n', r"case 'a': warnings: unknown warning code"),
    ('[[case]]\ntext = "t"\n', r"x\.toml: case #1: every case needs a `name`"),
    ('[[case]]\nname = "a"\n', r"case 'a': `text`"),
    ('[[case]]\nname = "a"\ntext = "t"\nxfail = ""\n', r"case 'a': `xfail` is the reason"),
    ('[[case]]\nname = "a"\ntext = "t"\n[[case]]\nname = "a"\ntext = "u"\n', r"case 'a': the name is used twice"),
    ('[[notice]]\nname = "a"\ntext = "t"\n', r"x\.toml: a corpus holds only \[\[case\]\] tables"),
    ('[[case]]\nname = "a"\ntext = "t"\nexpect.kind = ["stationing"]\n', r"case 'a': expect\.kind is a single value"),
])
def test_a_malformed_case_is_an_error_naming_file_and_case(tmp_path, body, error):
    with pytest.raises(CorpusError, match=error):
        _load(tmp_path, body)


def test_compare_rules():
    got = {"kind": "feedback", "inspection": {"window": None, "targets": ["甲局", "乙局"]},
           "issues": [{"id": "1", "measures": ["a", "b"], "long_term": False, "status": None}]}
    assert corpus.compare({"kind": "feedback", "issues": [{"measures": 2, "long_term": False, "status": "null"}]}, got) == []
    assert corpus.compare({"inspection": {"window": {"start": "null"}}}, got) == []  # inside a null object
    assert corpus.compare({"inspection": {"targets": ["甲局"]}}, got) == ['expect.inspection.targets: want ["甲局"], got ["甲局", "乙局"]']
    assert corpus.compare({"inspection": {"window": {"start": {"earliest": "2020-01-01"}}}}, got) == [
        'expect.inspection.window: want {"start": {"earliest": "2020-01-01"}}, got null']
    assert corpus.compare({"issues": [{"id": "1"}, {"id": "2"}]}, got) == ['expect.issues: want 2 items, got 1:\n      [0] {"id": "1"}']
    assert corpus.compare({"issues": [{"measures": 1}]}, got) == ['expect.issues[0].measures: want 1 items, got 2: ["a", "b"]']
    assert corpus.compare({"issues": [{"long_term": 0}]}, got) == ["expect.issues[0].long_term: want 0, got false"]


def test_a_failing_case_names_every_difference(tmp_path):
    (case,) = _load(tmp_path, '[[case]]\nname = "a"\ntext = "今天天气很好。\\n"\n'
                              'expect.kind = "feedback"\nexpect.issues = 1\nwarnings = ["no_window"]\n')
    with pytest.raises(pytest.fail.Exception) as failed:
        check(case)
    message = str(failed.value)
    assert "x.toml: case 'a':" in message
    assert 'expect.kind: want "feedback", got "unknown"' in message
    assert "expect.issues: want 1 items, got 0" in message
    assert "warnings: want no_window" in message
