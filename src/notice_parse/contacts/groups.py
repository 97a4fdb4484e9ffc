"""Which inspection group a contact belongs to (stationing announcements, tables of groups).

In a stationing announcement every channel takes the group named last before it:

    市委第一巡察组(巡察市教育局党组)
    值班电话:0553-2595762        ← group 市委第一巡察组
    市委第二巡察组 …

Elsewhere a group governs channels only when at least two groups each precede their own.
"""
from __future__ import annotations

import bisect
from functools import lru_cache
from typing import Optional, Protocol

from ..rules import patterns
from ..text.groups import named_groups
from ..text.normalize import squeeze
from ..rules import compiled

# What joins group names listed together (a list governs no channels).
_LIST_JOINS = {"、", "和", "及", "与", "以及", ",", "，"}

# How far before the first contact a group name may govern it outside stationing notices.
GROUP_LOOKBACK = 1500

# A bare name (`group_name` rule) has its 巡察/巡视 and then, at most 6 characters on, its
# final 组: the only hits worth a search (most 巡察 in a report are `巡察工作`, `巡察反馈`…).
_NAME_KEY = compiled.re(r"巡[察视](?=[\s\S]{0,5}组)")


@lru_cache(maxsize=1)
def _group_name():
    """The bare-name rule (it lives with the other contact rules)."""
    return patterns.load("contacts").get("group_name").regex


class Candidate(Protocol):
    start: int
    end: int
    group: Optional[str]


def group_mentions(text: str, lo: int, hi: int) -> list[tuple[int, str]]:
    """(start, name) of each inspection group named in text[lo:hi], found from `巡察`/`巡视`.

    >>> group_mentions("县委第五巡察组对科技局进行了巡察,区委巡察一组", 0, 30)
    [(0, '县委第五巡察组'), (17, '区委巡察一组')]
    >>> group_mentions("市委机动巡察一组值班电话,市委第五专项巡察组", 0, 30)
    [(0, '市委机动巡察一组'), (13, '市委第五专项巡察组')]
    """
    # Full names as `inspection.groups` gives them (`市委机动巡察一组`, `市委第三提级交叉巡察组`),
    # then bare ones (`巡察一组`, `第3巡察组`) where no full name covers them.
    full = named_groups(text, lo, hi)
    ends = [e for _, e, _ in full]

    def covered(s: int) -> bool:
        k = bisect.bisect_right(ends, s)
        return k < len(full) and full[k][0] <= s

    rx = _group_name()
    found: dict[int, str] = {s: n for s, _, n in full}
    for key in _NAME_KEY.finditer(text, lo, min(len(text), hi + 6)):
        i = key.start()
        if i + 2 > hi:  # the key itself must lie in text[lo:hi]
            break
        m = rx.search(text, max(lo, i - 10), min(len(text), i + 8))
        while m and m.end() <= i:
            m = rx.search(text, m.end(), min(len(text), i + 8))
        if m and m.start() <= i < m.end() and m.start() < hi and not covered(m.start()):
            found[m.start()] = squeeze(m.group())
    return sorted(found.items())


def assign_groups(text: str, lo: int, cands: list[Candidate], stationing: bool) -> list[Optional[str]]:
    """The group named last before each contact, when the notice assigns channels to groups.

    Used for stationing announcements, and wherever at least two distinct groups each precede
    contacts of their own (a table of groups with channels in any notice).
    """
    if not cands:
        return []
    if not stationing:
        # Elsewhere a group only governs channels listed right under it (a contacts block or
        # table): look no further back than this, not through the whole report.
        lo = max(lo, cands[0].start - GROUP_LOOKBACK)
    # A group named inside a channel is its addressee, not a heading over it:
    # `永昌宾馆转市委第六巡察组`, `苏州邮政信箱429号市委第一巡察组收`.
    spans = sorted((c.start, c.end) for c in cands)
    starts = [a for a, _ in spans]
    ends = {b for _, b in spans}

    def addressee(start: int, name: str) -> bool:
        k = bisect.bisect_right(starts, start) - 1
        inside = k >= 0 and start < spans[k][1]
        return inside or start in ends or text.startswith("收", start + len(name))

    names = [(s, n) for s, n in group_mentions(text, lo, cands[-1].start) if not addressee(s, n)]
    # Groups listed together (`市委第五巡察组、市委第六巡察组于…分别对…`) head no channels: what
    # follows a list is shared by them all.
    listed = set()
    for i in range(1, len(names)):
        (a, prev), (b, _) = names[i - 1], names[i]
        if text[a + len(prev):b].strip() in _LIST_JOINS:
            listed.update((i - 1, i))
    owner: list[int] = []  # index in `names` of the mention governing each contact (-1: none)
    k = -1
    for c in cands:
        while k + 1 < len(names) and names[k + 1][0] < c.start:
            k += 1
        owner.append(-1 if k in listed else k)
    _end_last_block(text, names, cands, owner)
    groups = [c.group or (names[k][1] if k >= 0 else None) for c, k in zip(cands, owner)]
    if stationing or len({g for g in groups if g}) >= 2:
        return groups
    return [None] * len(cands)


def _lines_between(text: str, start: int, pos: int) -> int:
    """How many non-blank lines after the one holding `start` lead up to `pos` (its own line
    included): 0 on the same line."""
    parts = text[start:pos].split("\n")
    if len(parts) == 1:
        return 0
    return 1 + sum(1 for p in parts[1:-1] if p.strip())


def _end_last_block(text: str, names: list[tuple[int, str]], cands: list, owner: list[int]) -> None:
    """Channels after the last group's block are shared (group null), not the last group's.

    Groups listed one after another each head a block of the same shape: a paragraph, a
    heading with its lines, a table row, or a table's cells one per line. The last group's
    block reaches no further (in non-blank lines from its name) than the longest of the blocks
    before it; channels beyond (`来信请寄…`, `邮编…`, `另设监督电话…` under the list) belong to
    no group. With a single governing group there is no shape to measure: nothing changes.
    """
    heads = sorted({k for k in owner if k >= 0})
    if len(heads) < 2:
        return
    reach: dict[int, int] = {}
    for c, k in zip(cands, owner):
        if k >= 0 and c.group is None:
            reach[k] = max(reach.get(k, 0), _lines_between(text, names[k][0], c.start))
    last = heads[-1]
    earlier = [reach[k] for k in heads[:-1] if k in reach]
    if not earlier:
        return
    allowance = max(earlier)
    for i, (c, k) in enumerate(zip(cands, owner)):
        if k == last and _lines_between(text, names[k][0], c.start) > allowance:
            owner[i] = -1
