"""Inspection dates in news wording: the notices of tests/data/dates/notices.toml, parsed whole.

Each case gives the window, feedback date and petition deadline expected from an invented notice
(text, interval and precision), and the warnings that must (not) be raised.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from notice_parse.text.normalize import clean_value
from notice_parse.pipeline import parse_text

CASES = tomllib.loads((Path(__file__).parent.parent / "data" / "dates" / "notices.toml").read_text(encoding="utf-8"))["case"]
DATE_KEYS = ("window_start", "window_end", "feedback", "petition_deadline")


def _shown(d) -> str:
    return "null" if d is None else f"{d.text} {d.earliest.isoformat()} {d.latest.isoformat()} {d.precision}"


def _param(case: dict):
    marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if case.get("xfail") else []
    return pytest.param(case, id=case["name"][:60], marks=marks)


def test_corpus_is_large_enough():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_news_dates(case):
    text = case["text"].lstrip("\n")
    n = parse_text(text)
    ins = n.inspection
    win = ins.window
    got = {"window_start": win.start if win else None, "window_end": win.end if win else None,
           "feedback": ins.feedback, "petition_deadline": ins.petition_deadline}
    if case.get("window") == "null":
        assert win is None
    for key in DATE_KEYS:
        if key in case:
            assert _shown(got[key]) == case[key], key
    for d in got.values():
        if d is not None:  # a date's span slices its text from the input
            assert clean_value(text[d.span[0]:d.span[1]]) == d.text
    codes = {w.code for w in n.warnings}
    for code in case.get("warnings", []):
        assert code in codes, code
    for code in case.get("no_warnings", []):
        assert code not in codes, code
