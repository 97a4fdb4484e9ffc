"""A digest's unit sections: headings that are only a unit's name, one section per unit.

    一、市水务局党组                 ← unit heading (the `digest_unit_heading` rule)
    (一)理论学习不深入。…            ← that unit's problems
    二、市统计局党组
    1.县财政局:针对…问题,…           ← a unit's name and a colon before its text

Shared by the issue reader (each issue's `unit`) and the inspection reader (a digest's
`targets`, and the sections whose figures are no notice totals), so both read the same units.
A level counts when two or more of its headings name distinct units.
"""
from __future__ import annotations

from typing import NamedTuple

from .document import Document
from .patterns import load


class UnitSection(NamedTuple):
    unit: str
    heading: int  # index into doc.headings
    start: int  # where the section's own text starts (after the name and its colon)
    end: int  # the next heading at the unit's level or above, else the body's end


def unit_sections(doc: Document) -> list[UnitSection]:
    """The unit sections of a digest by unit, in order ([] when fewer than two units)."""
    if "unit_sections" in doc.memo:
        return doc.memo["unit_sections"]
    rule = load("issues").get("digest_unit_heading")
    heads = doc.headings
    text = doc.text
    by_level: dict[int, list[tuple[int, str, int]]] = {}
    for k, h in enumerate(heads):
        if h.scheme == "circled":
            continue
        s, e = h.text_span
        # `^` only anchors at a string's real start: match on the heading's own text.
        m = rule.regex.match(text[s:e]) if e - s >= 2 else None
        if m:
            by_level.setdefault(h.level, []).append((k, "".join(m.group("u").split()), s + m.end()))
    out: list[UnitSection] = []
    for level in sorted(by_level):
        found = by_level[level]
        if len({u for _, u, _ in found}) < 2:
            continue
        body_end = doc.body_span[1]
        for k, unit, start in found:
            end = body_end
            for j in range(k + 1, len(heads)):
                if heads[j].level <= level:
                    end = heads[j].start
                    break
            out.append(UnitSection(unit, k, start, end))
        break
    doc.memo["unit_sections"] = out
    return out
