"""`text.groups` reads the `group` rule only in the windows that hold a name's tail
(`_NAME_TAIL`): exactly the matches of the rule's runner, which reads every window, on every
text the project has and on random ones built from the characters of group names."""
from __future__ import annotations

import random
import re
import sys

import regex

from notice_parse.text import groups as G

import every_text


def _spans(found) -> list[tuple[int, int]]:
    return [m.span() for m in found]


def test_windows_read_find_every_match_on_every_text():
    found = 0
    for text in every_text.searched():
        want = _spans(G._GROUP.finditer(text))
        assert _spans(G.group_matches(text)) == want, text[:80]
        found += len(want)
    assert found > 300  # the comparison is not vacuous


def test_windows_read_find_every_match_on_random_text():
    rng = random.Random(11)
    pieces = ["县委", "市委", "区委", "省委", "中央", "党组", "党委", "校党委", "中共", "市区", "县级", "第", "轮", "届",
              "一", "二", "十", "两", "3", "巡察", "巡视", "组", "机动", "专项", "联动", "提级", "交叉", "上下", "巡回",
              "领域", "医疗", "、", ",", "。", "\n", " ", "对", "向", "反馈",
              # whole parts of names, so that many texts hold some
              "县委第", "市委第", "十五届", "第一", "第三轮", "巡察组", "巡视组", "巡察一组", "巡察机动组", "交叉巡察组"]
    found = 0
    for _ in range(40000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        want = _spans(G._GROUP.finditer(text))
        assert _spans(G.group_matches(text)) == want, text
        found += len(want)
    assert found > 2000


def test_name_tail_digits_hold_the_rules_digits():
    """Every character the rule's `\\d` (`regex`) matches is a digit of the tail (stdlib)."""
    rgx, tail = regex.compile(r"\d"), re.compile(f"[{G._D}]")
    assert all(tail.match(c) for c in map(chr, range(sys.maxunicode + 1)) if rgx.match(c))


def test_named_groups_on_invented_names():
    text = "县委巡察组反馈意见后,市委第三提级交叉巡察组、中共白河市委第七轮第一巡察组和县委巡察机动组进驻"
    assert [g for _, _, g in G.named_groups(text)] == ["市委第三提级交叉巡察组", "市委第七轮第一巡察组", "县委巡察机动组"]
