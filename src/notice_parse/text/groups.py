"""Names of inspection groups (`市委第三巡察组`, `市委机动巡察一组`), as the `group` rule of
`patterns/inspection.toml` reads them: inspection lists a notice's groups with them, and contacts
ties each contact to the group it belongs to, so both read the same names.
"""
from __future__ import annotations

from typing import Iterator, Optional


from ..rules import patterns, runner
from .normalize import clean_value
from ..rules import compiled

# Run with its hints (see its comment in inspection.toml): read only near the `巡察…组` every
# name ends with, where `require` finds that tail, tried only where `start_at` says a name starts.
_GROUP = runner.of(patterns.load("inspection").get("group"))
_GROUP_PARTY = compiled.regex(r"^(?:中共|中国共产党)")
# What every name holds at its end, more narrowly than the rule's anchor: `巡察组` after a
# numeral or a type word (`第一巡察组`, `联动巡察组`, `第一巡回巡察组`), or `巡察` with a type or a
# number before `组` (`巡察一组`, `巡察机动组`). Most anchor hits in a report are a bare group
# (`县委巡察组`, `巡察组反馈`) whose window cannot hold a name: it is not read. Every branch of the
# rule ends so (after `第{cnn}` or a type: the first; `{insp}{cnn}组`: the second; `{insp}` and a
# type: the third); tests/text/test_groups.py checks the windows read find what all of them do.
# The rule's `\d` (`regex`) holds some digits beyond the BMP the stdlib's does not: every
# character there counts as one (a window read for nothing is never a different result).
_D = "\\d一二三四五六七八九十两\U00010000-\U0010ffff"
_NAME_TAIL = compiled.re(f"巡[察视](?:(?<=[{_D}叉级项动回]巡[察视])组|(?:机动|专项|联动)?[{_D}]{{1,4}}组"
                         f"|(?:机动|专项|联动)[{_D}]{{0,4}}组)")


def group_anchors(text: str, lo: int = 0, hi: Optional[int] = None) -> list[tuple[int, int]]:
    """The spans of the `group` rule's anchor hits in text[lo:hi] (`巡察组`, `巡察一组`, `巡视机动组`):
    what `named_groups` reads around. Those three characters long are every 巡察组/巡视组 of the
    span (a hit's middle holds no 巡, so no hit hides one), which `inspection` reads too."""
    return [a.span() for a in _GROUP._anchor.finditer(text, lo, len(text) if hi is None else hi)]


def _windows(text: str, anchors: Optional[list[tuple[int, int]]] = None) -> Iterator[tuple[int, int]]:
    """The anchor hits of `_GROUP` (`anchors`, else found here) whose window (the rule's `window`,
    40 characters before, 1 after) holds a name's tail: a window that holds none holds no match."""
    before, after = _GROUP._before, _GROUP._after
    tail, n = _NAME_TAIL.search, len(text)
    for s, e in group_anchors(text) if anchors is None else anchors:
        if tail(text, max(0, s - before), min(n, e + after)) is not None:
            yield s, e


def group_matches(text: str, anchors: Optional[list[tuple[int, int]]] = None) -> Iterator:
    """Exactly `_GROUP.finditer(text)`, its windows read only where `_windows` keeps them
    (`anchors`: `group_anchors(text)`, when the caller has them)."""
    return _GROUP._near(text, _windows(text, anchors))


def named_groups(text: str, lo: int = 0, hi: Optional[int] = None,
                 anchors: Optional[list[tuple[int, int]]] = None) -> list[tuple[int, int, str]]:
    """(start, end, name) of each named inspection group in text[lo:hi], as `groups` gives them
    (`中共汕头市委第七轮第一巡察组` → `市委第七轮第一巡察组`); `anchors`: `group_anchors(text, lo, hi)`,
    when the caller has them.

    >>> named_groups("市委机动巡察一组值班电话,市委第五专项巡察组")
    [(0, 8, '市委机动巡察一组'), (13, 22, '市委第五专项巡察组')]
    """
    hi = len(text) if hi is None else hi
    part = text[lo:hi]
    out = []
    for m in group_matches(part, None if anchors is None else [(s - lo, e - lo) for s, e in anchors]):
        party = _GROUP_PARTY.match(m.group(0))
        start = m.start() + (party.end() if party else 0)
        out.append((lo + start, lo + m.end(), clean_value(m.group(0)[start - m.start():])))
    return out
