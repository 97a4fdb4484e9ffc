"""The body's group anchors are found once (`text.groups.group_anchors`) and shared: named
groups are read around them, shared names and counts of groups from the bare 巡察组/巡视组 among
them, and `group_count` is tried only at a 个 before such a tail or a 分 before a numeral. Each
gives exactly what it gives on its own (the runner's `_GROUP_COUNT.finditer`, `_GROUP_TAIL`'s
scan), on every text the project has and on random ones."""
from __future__ import annotations

import random
from functools import lru_cache

from notice_parse.inspection import extract as X
from notice_parse.inspection import units as U
from notice_parse.text import groups as G

import every_text


def _spans(found) -> list[tuple[int, int]]:
    return [m.span() for m in found]


def _tails(text: str, lo: int, hi: int) -> list[int]:
    return [s for s, e in G.group_anchors(text, lo, hi) if e - s == 3]


@lru_cache(maxsize=1)
def _docs() -> tuple:
    return every_text.prepared()


def _check(text: str, lo: int, hi: int) -> int:
    tails = _tails(text, lo, hi)
    assert tails == [m.start() for m in U._GROUP_TAIL.finditer(text, lo, hi)]
    want = _spans(X._GROUP_COUNT.finditer(text, lo, hi))
    assert _spans(X._group_counts(text, lo, hi, tails)) == want, (text[lo:hi][:80], lo, hi)
    assert G.named_groups(text, lo, hi, G.group_anchors(text, lo, hi)) == G.named_groups(text, lo, hi)
    assert U.shared_groups(text, lo, hi, tails) == U.shared_groups(text, lo, hi)
    return len(want)


def test_shared_anchors_give_what_each_finds_alone_on_every_text():
    counts = 0
    for doc in _docs():
        text, (lo, hi) = doc.text, doc.scope
        counts += _check(text, lo, hi)
        tails = _tails(text, lo, hi)
        for s, e in doc.sentences:  # a sentence of the body, with the body's tails (as the dating one)
            if lo <= s and e <= hi and "组" in text[s:e]:
                assert _spans(X._group_counts(text, s, e, tails)) == _spans(X._GROUP_COUNT.finditer(text, s, e))
    assert counts > 20  # the comparison is not vacuous


def test_shared_anchors_give_what_each_finds_alone_on_random_text():
    rng = random.Random(6)
    pieces = ["个", "分", "成", "为", "8", "两", "七", "十", " ", "县委", "自治区党委", "省委", "专项", "常规", "巡察", "巡视",
              "组", "巡察组", "巡视组", "小组", "组长", "第三", "、四", "市委第", "个人", "部分", "其中", ",", "。", "派出",
              "3个巡察组", "分6个组", "\U00010d40"]
    counts = 0
    for _ in range(30000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
        lo = rng.randint(0, len(text))
        hi = rng.randint(lo, len(text))
        counts += _check(text, lo, hi)
    assert counts > 2000
