"""Names of inspection groups (`市委第三巡察组`, `市委机动巡察一组`), as the `group` rule of
`patterns/inspection.toml` reads them: inspection lists a notice's groups with them, and contacts
ties each contact to the group it belongs to, so both read the same names.
"""
from __future__ import annotations

from typing import Optional


from ..rules import patterns, runner
from .normalize import clean_value
from ..rules import compiled

# Run with its hints (see its comment in inspection.toml): read only near the `巡察…组` every
# name ends with, where `require` finds that tail, tried only where `start_at` says a name starts.
_GROUP = runner.of(patterns.load("inspection").get("group"))
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
    for m in _GROUP.finditer(part):
        party = _GROUP_PARTY.match(m.group(0))
        start = m.start() + (party.end() if party else 0)
        out.append((lo + start, lo + m.end(), clean_value(m.group(0)[start - m.start():])))
    return out
