"""Fast paths of `inspection.units` give exactly what the plain code gives: `_assigned` reads
the group-line rules only on the lines where a group's name ends (the plain version, kept here
as the reference, reads the whole body), and `find_word` finds what `str.find` finds."""
from __future__ import annotations

import random
from functools import lru_cache

from notice_parse.inspection import units as U
from notice_parse.text.groups import named_groups

import every_text


def _assigned_plain(text: str, lo: int, hi: int, group_ends: set[int]) -> list[str]:
    out = []
    if text.find("被巡", lo, hi) >= 0:
        out += [u for m in U._LABELLED.finditer(text, lo, hi) for u in U.split_units(m.group("t"))]
    for m in U._ASSIGNED.finditer(text, lo, hi):
        if m.start() + 1 in group_ends:
            out += U.split_units(m.group("t"))
    for m in U._TABLE_ROW.finditer(text, lo, hi):
        if m.start() + 1 in group_ends:
            out += U.split_units(m.group("t"))
    return out


@lru_cache(maxsize=1)
def _docs() -> tuple:
    return every_text.prepared()


def test_assigned_reads_the_group_lines_only_and_finds_what_the_body_gives():
    found = 0
    for doc in _docs():
        text, (lo, hi) = doc.text, doc.scope
        ends = {e for _, e, _ in named_groups(text, lo, hi)}
        want = _assigned_plain(text, lo, hi, ends)
        assert U._assigned(text, lo, hi, ends) == want, text[lo:lo + 80]
        # Every 组 a group's end, and spans that cut lines and groups.
        every = {i + 1 for i in range(lo, hi) if text[i] == "组"}
        assert U._assigned(text, lo, hi, every) == _assigned_plain(text, lo, hi, every)
        found += len(want)
    assert found > 30  # the comparison is not vacuous


def test_assigned_on_random_lines():
    rng = random.Random(3)
    pieces = ["区委第一巡察组", "组", "巡察", "巡视", ":", "(", ")", "负责", "区教育局", "、", "县财政局", ",", "。", "\n", "\r\n",
              " ", "\t", "工作动员会", "情况", "被巡察单位:", "市民政局党组", "组 ", "市教育局党组 0551-1234567", "反馈会"]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        lo = rng.randint(0, len(text))
        hi = rng.randint(lo, len(text))
        ends = {i + 1 for i, c in enumerate(text) if c == "组" and rng.random() < 0.7} | {rng.randint(0, len(text) + 1)}
        assert U._assigned(text, lo, hi, ends) == _assigned_plain(text, lo, hi, ends), (text, lo, hi, ends)


def test_find_word_is_str_find():
    rng = random.Random(4)
    for _ in range(20000):
        text = "".join(rng.choice("被巡察视单位") for _ in range(rng.randint(0, 12)))
        word = "".join(rng.choice("被巡察") for _ in range(rng.randint(1, 3)))
        lo, hi = rng.randint(-2, len(text) + 1), rng.randint(-2, len(text) + 2)
        assert U.find_word(text, word, lo, hi) == text.find(word, lo, hi), (text, word, lo, hi)
