"""Names of inspection groups (`市委第三巡察组`, `市委机动巡察一组`), as the `group` rule of
`patterns/inspection.toml` reads them: inspection lists a notice's groups with them, and contacts
ties each contact to the group it belongs to, so both read the same names.
"""
from __future__ import annotations

from typing import Optional


from ..rules import patterns
from ..rules.scan import StartsNear, near
from .normalize import clean_value, fold
from ..rules import compiled

_P = patterns.load("inspection")
_RULE = _P.get("group")
_GROUP = _RULE.regex
# The rule's stdlib helpers (see its comment in inspection.toml): every match ends with what
# `require` finds, and starts where `start_at` matches.
_GROUP_REQUIRE = compiled.re(patterns.expand(_RULE.data["require"], _P.defs))
_GROUP_START = StartsNear(compiled.re("(?={})".format(patterns.expand(_RULE.data["start_at"], _P.defs))),
                          _RULE.data["start_chars"], _RULE.data["start_marks"], _RULE.data["start_back"])
# A cheap guard on the hand-written hints: the same starts in every example of the rule.
for _ex in _RULE.match:
    if [m.start() for m in _GROUP_START.finditer(fold(_ex))] != [m.start() for m in _GROUP_START.rx.finditer(fold(_ex))]:
        raise patterns.PatternFileError(f"inspection.toml: rule 'group': start_chars/start_marks miss a start in {_ex!r}")
# The literal anchor (stdlib engine, fast) near which the rule is run: a group name ends in
# `巡察组`/`巡视组`/`巡察一组`/`巡察机动组`.
_GROUP_ANCHOR = compiled.re(r"巡[察视](?:机动|专项|联动)?[一二三四五六七八九十\d]{0,4}组")
_GROUP_PARTY = compiled.regex(r"^(?:中共|中国共产党)")


def named_groups(text: str, lo: int = 0, hi: Optional[int] = None) -> list[tuple[int, int, str]]:
    """(start, end, name) of each named inspection group in text[lo:hi], as `groups` gives them
    (`中共汕头市委第七轮第一巡察组` → `市委第七轮第一巡察组`).

    >>> named_groups("市委机动巡察一组值班电话,市委第五专项巡察组")
    [(0, 8, '市委机动巡察一组'), (13, 22, '市委第五专项巡察组')]
    """
    hi = len(text) if hi is None else hi
    part = text[lo:hi]
    out = []
    for m in near(_GROUP, _GROUP_ANCHOR, part, 40, 0, _GROUP_REQUIRE, _GROUP_START):
        party = _GROUP_PARTY.match(m.group(0))
        start = m.start() + (party.end() if party else 0)
        out.append((lo + start, lo + m.end(), clean_value(m.group(0)[start - m.start():])))
    return out
