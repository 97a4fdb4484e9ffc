"""`inspection.extract._round_matches` reads the `round` rule's windows only where one holds a
round's core (`第…轮`/`首轮` before 巡察/巡视): exactly the matches of the rule's runner, which
reads every window around a 轮, on every text the project has and on random ones."""
from __future__ import annotations

import random
import re
import sys

import regex

from notice_parse.inspection import extract as X

import every_text


def _spans(found) -> list[tuple[int, int]]:
    return [m.span() for m in found]


def test_round_windows_read_find_every_match_on_every_text():
    found = 0
    for text in every_text.searched():
        want = _spans(X._ROUND.finditer(text))
        assert _spans(X._round_matches(text)) == want, text[:80]
        found += len(want)
    assert found > 30  # the comparison is not vacuous


def test_round_windows_read_find_every_match_on_random_text():
    rng = random.Random(8)
    pieces = ["第", "首", "轮", "輪", "届", "屆", "十五", "六", "3", "两", " ", "\n", "县委", "省委", "巡察", "巡视", "巡", "察",
              "反馈", "整改", ",", "。", ";", "、", "本", "新一", "工作", "第六轮", "十五届县委", "第一批", "\U00010d40"]
    found = 0
    for _ in range(40000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 24)))
        want = _spans(X._ROUND.finditer(text))
        assert _spans(X._round_matches(text)) == want, text
        found += len(want)
    assert found > 1000


def test_round_core_digits_hold_the_rules_digits():
    """Every character the rule's `\\d` (`regex`) matches is a digit of the core (stdlib)."""
    rgx, core = regex.compile(r"\d"), re.compile(r"[\d\U00010000-\U0010ffff]")
    assert all(core.match(c) for c in map(chr, range(sys.maxunicode + 1)) if rgx.match(c))
