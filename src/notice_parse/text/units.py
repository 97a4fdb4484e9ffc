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

import re
from bisect import bisect_left
from typing import TYPE_CHECKING, NamedTuple

from ..rules import runner
from ..rules.patterns import load
from ..rules import compiled

if TYPE_CHECKING:  # document.py offers these as the prepared document's cached properties
    from .document import Document

_RULES = load("units")
# A digest's unit opening its paragraph (`织金县针对…`): issues tie their clauses to it too.
DIGEST_UNIT = _RULES.get("digest_unit").regex
# Run with its `require` words: a line holding none cannot match, and one stdlib search per
# line is far cheaper than the rule.
_DIGEST_UNIT = runner.of(_RULES.get("digest_unit"))
# A heading that is only a unit's name (`一、市水务局党组`, `1.县财政局:`).
_UNIT_HEADING = _RULES.get("digest_unit_heading")
# Run with its `require` words (a name's endings): a heading holding none is not tried.
_UNIT_HEADING_MATCH = runner.of(_UNIT_HEADING).match


# Longest heading text that can be a unit's name with `巡察整改进展情况` after it.
_NAME_MAX = 48

# Characters that are neither Han, `(`/`)`, white space nor `:` (ASCII marks, letters and digits,
# CJK and general punctuation, full-width forms). The `digest_unit_heading` rule takes only
# Han and brackets (`[\p{Han}()]` and Han suffixes), blanks, then `:` or the end; so a text
# holding one of these before its first `:` is no unit's name. Tested first because the rule
# costs several microseconds per heading and most headings are sentences (`学习不够深入。`).
_NOT_IN_NAME = compiled.re("[!-'*-9;-~\u3001-\u3004\u3008-\u3020\u2010-\u2027\u2030-\u205e\uff01-\uff5e]")


def may_be_name(text: str, start: int, end: int) -> bool:
    """False when `text[start:end]` cannot match the `digest_unit_heading` rule (a cheap
    test; True does not mean it does).

    >>> may_be_name("市水务局党组:针对…。", 0, 11), may_be_name("学习不够深入。", 0, 7)
    (True, False)
    """
    colon = text.find(":", start, end)
    return _NOT_IN_NAME.search(text, start, end if colon < 0 else colon) is None


class UnitSection(NamedTuple):
    unit: str
    head: int  # where the unit's heading (label) or line starts
    level: int  # the heading's level; -1 for an unnumbered line (above every heading)
    start: int  # where the section's own text starts (after the name and its colon)
    end: int  # the next heading at the unit's level or above, else the body's end


def unit_sections(doc: Document) -> list[UnitSection]:
    """The unit sections of a digest by unit, in order ([] when fewer than two units).
    Read through `Document.unit_sections` (computed once per notice)."""
    heads = doc.headings
    text = doc.text
    by_level: dict[int, list[tuple[int, str, int]]] = {}
    for k, h in enumerate(heads):
        if h.scheme == "circled":
            continue
        s, e = h.text_span
        if e - s < 2 or (e - s > _NAME_MAX and ":" not in text[s:s + _NAME_MAX]):
            continue  # a unit's name (with its suffix) is short, or ends at a colon
        if not may_be_name(text, s, e):
            continue
        # `^` only anchors at a string's real start: match on the heading's own text.
        m = _UNIT_HEADING_MATCH(text[s:e])
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
        out = _unit_lines(doc)
    return out


# The rest of a line that may be only a unit's name (perhaps with a final `:`): at most
# `_NAME_MAX` characters, none of them white space inside the name, `:` or `_NOT_IN_NAME`'s.
_NAME_REST = "[^\\S\\n]*+[^:\\s" + _NOT_IN_NAME.pattern[1:-1] + "]{1,%d}+[^\\S\\n]*+:?[^\\S\\n]*+$" % _NAME_MAX
# Such lines after a line break: one search over the body instead of a test of every body
# line (the literal `\n` lets the engine skip ahead; possessive, so a long line fails fast).
_NAME_LINE = compiled.re("\n" + _NAME_REST, re.M)
_NAME_FIRST_LINE = compiled.re(_NAME_REST, re.M)


def _unit_lines(doc: Document) -> list[UnitSection]:
    """Sections opened by unnumbered lines that are only a unit's name (see the module text)."""
    text = doc.text
    starts, ends = doc.lines.starts, doc.lines.ends
    body = doc.segments.body
    if not body:
        return []
    heads_at = {h.line for h in doc.headings}
    found: list[tuple[str, int, int]] = []
    lo, hi = doc.body_span
    line_starts = [m.start() + 1 for m in _NAME_LINE.finditer(text, max(lo - 1, 0), hi)]
    if lo == 0 and _NAME_FIRST_LINE.match(text, 0, hi):
        line_starts.insert(0, 0)
    line_of = doc.lines.index_at
    for at in line_starts:
        i = line_of(at)
        k = bisect_left(body, i)
        if k == len(body) or body[k] != i or i in heads_at:
            continue
        # The next non-blank body line must be a heading or hold a `针对` clause.
        nxt = next((j for j in body[k + 1:] if not _blank(text, starts[j], ends[j])), None)
        if nxt is None or not (nxt in heads_at or text.find("针对", starts[nxt], ends[nxt]) >= 0):
            continue
        line = text[starts[i]:ends[i]]
        s = starts[i] + len(line) - len(line.lstrip())
        e = ends[i] - (len(line) - len(line.rstrip()))
        if not 2 <= e - s <= _NAME_MAX:
            continue
        m = _UNIT_HEADING_MATCH(text[s:e])
        if m is None or text[s + m.end():e].strip():
            continue
        found.append(("".join(m.group("u").split()), s, e))
    if len({u for u, _, _ in found}) < 2:
        return []
    body_end = doc.body_span[1]
    return [UnitSection(u, s, -1, e, found[k + 1][1] if k + 1 < len(found) else body_end)
            for k, (u, s, e) in enumerate(found)]


def _blank(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` holds nothing visible (as `Line.is_blank`)."""
    return end <= start or text[start:end].isspace()


def digest_units(doc: Document) -> list[tuple[str, tuple[int, int]]]:
    """A digest's units with the span of each one's section, from its line to the next unit's
    (`Document.digest_units`): `织金县针对…问题,…` opens 织金县's section, and so does a heading
    that is only a unit's name (`一、市水务局党组`)."""
    heads: list[tuple[str, int]] = []
    for line in doc.body_lines:
        m = _DIGEST_UNIT.match(line.text)
        if m:
            heads.append((m.group("u"), line.start))
    units = doc.unit_sections
    if units:
        heads = sorted(heads + [(u.unit, u.head) for u in units], key=lambda h: h[1])
    out = []
    end_of_body = doc.scope[1]
    for k, (name, start) in enumerate(heads):
        end = heads[k + 1][1] if k + 1 < len(heads) else end_of_body
        out.append((name, (start, end)))
    return out
