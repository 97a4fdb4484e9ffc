"""A digest's unit sections: headings that are only a unit's name, one section per unit.

    一、市水务局党组                 ← unit heading (the `digest_unit_heading` rule)
    (一)理论学习不深入。…            ← that unit's problems
    二、市统计局党组
    1.县财政局:针对…问题,…           ← a unit's name and a colon before its text
    市统计局党组                     ← or a line that is only the name, over numbered problems
    1.统计数据审核不严。…

Shared by the issue reader (each issue's `unit`) and the inspection reader (a digest's
`targets`, and the sections whose figures are no notice totals), so both read the same units.
A level counts when two or more of its headings name distinct units; failing that, lines
that are only a unit's name count when two or more name distinct units and each is followed
by a numbered heading or a `针对…` clause (a table's `责任单位` cells are not).
"""
from __future__ import annotations

from typing import NamedTuple

from .document import Document
from ..rules.patterns import load


# Longest heading text that can be a unit's name with `巡察整改进展情况` after it.
_NAME_MAX = 48


class UnitSection(NamedTuple):
    unit: str
    head: int  # where the unit's heading (label) or line starts
    level: int  # the heading's level; -1 for an unnumbered line (above every heading)
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
        if e - s < 2 or (e - s > _NAME_MAX and ":" not in text[s:s + _NAME_MAX]):
            continue  # a unit's name (with its suffix) is short, or ends at a colon
        # `^` only anchors at a string's real start: match on the heading's own text.
        m = rule.regex.match(text[s:e])
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
            out.append(UnitSection(unit, heads[k].start, level, start, end))
        break
    if not out:
        out = _unit_lines(doc, rule)
    doc.memo["unit_sections"] = out
    return out


def _unit_lines(doc: Document, rule) -> list[UnitSection]:
    """Sections opened by unnumbered lines that are only a unit's name (see the module text)."""
    text = doc.text
    heads_at = {h.line for h in doc.headings}
    body = [doc.lines[i] for i in doc.segments.body]
    found: list[tuple[str, int, int]] = []
    for k, line in enumerate(body):
        if line.index in heads_at or line.is_blank:
            continue
        s, e = line.content_span
        if not 2 <= e - s <= _NAME_MAX:
            continue
        m = rule.regex.match(text[s:e])
        if m is None or text[s + m.end():e].strip():
            continue
        nxt = next((b for b in body[k + 1:] if not b.is_blank), None)
        if nxt is None or not (nxt.index in heads_at or "针对" in nxt.text):
            continue
        found.append(("".join(m.group("u").split()), s, e))
    if len({u for u, _, _ in found}) < 2:
        return []
    body_end = doc.body_span[1]
    return [UnitSection(u, s, -1, e, found[k + 1][1] if k + 1 < len(found) else body_end)
            for k, (u, s, e) in enumerate(found)]
