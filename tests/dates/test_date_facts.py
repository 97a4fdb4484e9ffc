"""Inspection dates in news wording: the notices of tests/data/dates/, parsed whole by the one
corpus harness (tests/corpus.py; format: tests/data/README.md).

Each case gives the window, feedback date and petition deadline expected from an invented notice
(text, interval and precision), and the warnings that must (not) be raised; tests/test_corpus.py
checks that every date's span slices its text from the input.
"""
from __future__ import annotations

import pytest

import corpus


def test_corpus_is_large_enough():
    assert len(corpus.load_all("dates")) >= 30


@pytest.mark.parametrize("case", corpus.cases("dates"))
def test_news_dates(case):
    corpus.check(case)
