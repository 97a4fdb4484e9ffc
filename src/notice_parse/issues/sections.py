"""Where the problems are: the part of the body that reports problems and their rectification.

A rectification report is built like this:

    一、整改工作组织情况          ← organisational: no issues (`exclude` rules)
    二、巡察整改工作落实情况      ← the problem part (`section` rules)
      (一)…方面 / 1.… / (1)…
    三、下步打算和努力方向      ← plans: no issues, even numbered (`exclude` rules)
    欢迎广大干部群众…监督。       ← closing: ends the part (`closing` rules)

The part is found among the shallowest headings first, then one level down; failing that,
a short stand-alone line (`整改落实情况`) may open it; failing that, the whole body is the
part. Subtrees of `exclude` headings are always cut out. All spans are character offsets,
so a body scraped onto one line works the same as one with line breaks.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import Optional

import regex

from ..text.document import Document
from ..text.headings import Heading
from .measures import clean, combined, rules
from ..rules import compiled, runner

_STANDALONE_MAX = 30
_SECTION_MAX = 30


@dataclass
class Part:
    """One problem part: `[start, end)` and the headings inside it (the opener excluded)."""

    start: int
    end: int
    base_level: int  # level of the opening heading, -1 when there is none
    headings: list[Heading]
    excluded: list[tuple[int, int]] = field(default_factory=list)  # excluded subtrees (all)
    # The opener names the problems found (`一、巡察发现的主要问题`), not their rectification: the
    # text under a problem describes it and is no measure unless labelled (`整改情况:`).
    findings: bool = False
    # The sorted starts of `excluded`, made once for all parts by `find_parts` (None: not made).
    excluded_starts: Optional[list[int]] = field(default=None, repr=False, compare=False)


def heading_text(doc: Document, h: Heading) -> str:
    return clean(doc.text[h.text_span[0]:h.text_span[1]])


def subtree_end(doc: Document, idx: int, limit: int) -> int:
    """Where heading `idx`'s subtree ends: the next heading at its level or above."""
    h = doc.headings[idx]
    for k in range(idx + 1, len(doc.headings)):
        if doc.headings[k].level <= h.level:
            return doc.headings[k].start
    return limit


def _subtree_ends(heads: list[Heading], limit: int) -> list[int]:
    """`subtree_end` of every heading, in one pass (a stack of headings whose end is open).

    >>> hs = [Heading(0, "cn", 1, None, (s, s), (s, s), lv) for s, lv in [(0, 0), (5, 1), (9, 1), (20, 0)]]
    >>> _subtree_ends(hs, 30)
    [20, 9, 20, 30]
    """
    ends = [limit] * len(heads)
    open_: list[int] = []  # indices of the headings whose subtree is open, and their levels
    levels: list[int] = []
    for k, h in enumerate(heads):
        lv = h.level
        if levels and levels[-1] >= lv:
            st = h.label_span[0]
            while levels and levels[-1] >= lv:
                levels.pop()
                ends[open_.pop()] = st
        open_.append(k)
        levels.append(lv)
    return ends


@lru_cache(maxsize=None)
def _closing_rules(kind: str = "rectification") -> tuple[tuple, Optional[frozenset[str]]]:
    """The closing rules for a notice of `kind` (a rule's `kinds`, when given, limits it),
    anchored where `match` starts (their `^` only fits a string start), and the characters a
    closing sentence can start with (None unless every rule opens with `^\\s*` and its body's
    first characters are known: `runner.first_chars`)."""
    rs = [r for r in rules("closing") if kind in (r.rule.kinds or [kind])]
    anchored = tuple(compiled.regex(r.regex.pattern.lstrip("^"), r.regex.flags) for r in rs)
    lead = "^\\s*"
    firsts: set[str] = set()
    for r in rs:
        body = r.regex.pattern[len(lead):] if r.regex.pattern.startswith(lead) else None
        got = runner.first_chars(body, bool(r.regex.flags & regex.IGNORECASE)) if body else None
        if got is None:
            return anchored, None
        firsts |= got
    return anchored, frozenset(firsts) if rs else None


def _closing(doc: Document, start: int, end: int, kind: str = "rectification") -> int:
    """The first closing sentence (`欢迎…监督`, `联系电话:`) at or after `start`, else `end`.

    Sentences end at line breaks too, so this finds closing lines and, in a body scraped onto
    one line, closing sentences inside it; each is tried anchored at its start. A sentence
    starts at a visible character (`Document.sentences`), where the rules' `^\\s*` takes
    nothing: one whose first character opens no rule's body is not tried (most are not: a
    test of one character instead of a search of the body).
    """
    sents = doc.sentences
    text = doc.text
    anchored, firsts = _closing_rules(kind)
    for s, e in islice(sents, bisect.bisect_left(sents, (start, -1)), None):
        if s >= end:
            break
        if (firsts is None or text[s] in firsts) and any(rx.match(text, s, e) for rx in anchored):
            return s + len(text[s:e]) - len(text[s:e].lstrip())
    return end


def _classify(text: str, inside: bool = False) -> Optional[str]:
    """`exclude`, `section` or None for a heading's text. Section titles are short: a long
    problem sentence that happens to say 工作开展情况 is no section. Inside a problem part
    only the plans rules (`inside = true`) apply.

    >>> _classify("下步打算和努力方向"), _classify("整改落实情况"), _classify("整改工作组织情况", inside=True)
    ('exclude', 'section', None)
    """
    if len(text) > _SECTION_MAX:
        return None
    if combined("exclude", "inside" if inside else "").search(text):
        return "exclude"
    if combined("section").search(text):
        return "section"
    return None


def _ends_restart(text: str) -> bool:
    """Whether a heading ends a part whose numbering restarted: an excluded heading, or another
    section that is no aspect (`二、作风建设方面存在的问题` is one of the part's categories)."""
    kind = _classify(text)
    return kind == "exclude" or (kind == "section" and not combined("category").search(text))


def excluded_spans(doc: Document, limit: int, parts: Optional[list[Part]] = None,
                   texts: Optional[list[str]] = None, ends: Optional[list[int]] = None) -> list[tuple[int, int]]:
    """Subtrees of plans and organisational headings (`exclude` rules); `texts`: the headings'
    texts, `ends`: their `_subtree_ends(…, limit)`, when already made."""
    out = []
    heads = doc.headings
    if texts is None:
        texts = [heading_text(doc, h) for h in heads]
    every, plans = combined("exclude"), combined("exclude", "inside")
    same_engine = type(every) is type(plans)  # then what `plans` finds `every` finds too
    # Inside some part: inside the union of the parts' (non-empty) spans, found by bisection.
    in_parts = _merge([(p.start, p.end) for p in parts or [] if p.start < p.end])
    for i, h in enumerate(heads):
        text = texts[i]
        # `_classify(text, inside) == "exclude"`, testing the parts only for a heading that
        # some exclude rule fits (inside a part only the plans rules count).
        if len(text) > _SECTION_MAX or (same_engine and not every.search(text)):
            continue
        inside = bool(in_parts) and _inside(h.start, in_parts)
        if (plans if inside else every).search(text):
            if ends is None:
                ends = _subtree_ends(heads, limit)
            out.append((h.start, ends[i]))
    return out


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, disjoint union of spans.

    >>> _merge([(5, 9), (0, 3), (6, 7), (2, 4)])
    [(0, 4), (5, 9)]
    """
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _inside(pos: int, merged: list[tuple[int, int]]) -> bool:
    """Whether `pos` falls in one of the disjoint sorted spans (binary search)."""
    k = bisect.bisect_right(merged, (pos, float("inf"))) - 1
    return k >= 0 and merged[k][0] <= pos < merged[k][1]


def find_parts(doc: Document, kind: str = "rectification") -> list[Part]:
    """The problem parts of the body, in order (usually one).

    Without a heading that opens a part, the whole body is one for a report that should have
    problems (not for a stationing announcement or a digest, whose numbered items are not).
    """
    body_start, body_end = doc.body_span
    if body_end <= body_start:
        return []
    heads = doc.headings
    texts = [heading_text(doc, h) for h in heads]  # each heading's text is classified twice
    parts: list[Part] = []
    ends: Optional[list[int]] = None
    for level in sorted({h.level for h in heads})[:2]:
        for i, h in enumerate(heads):
            if h.level == level and _classify(texts[i]) == "section":
                if ends is None:
                    ends = _subtree_ends(heads, body_end)
                part = Part(h.text_span[1], ends[i], h.level, [],
                            findings=bool(combined("findings_section").search(texts[i])))
                if i + 1 < len(heads) and heads[i + 1].level == h.level and ends[i] == heads[i + 1].start \
                        and not doc.text[part.start:ends[i]].strip():
                    # `二、整改落实情况` directly followed by `一、政治建设方面存在的问题`: the
                    # numbering restarts inside the part, which runs to the next section or
                    # excluded heading at its level (or the body's end).
                    part.base_level = -1
                    part.end = next((heads[k].start for k in range(i + 2, len(heads))
                                     if heads[k].level <= h.level and _ends_restart(texts[k])), body_end)
                if not parts or part.start >= parts[-1].end:  # not inside a restarted part
                    parts.append(part)
        if parts:
            break
    if not parts:
        parts = _standalone_parts(doc, body_start, body_end)
    if not parts and kind in ("rectification", "feedback", "unknown"):
        parts = [Part(body_start, body_end, -1, [])]
    for p in parts:
        p.end = _closing(doc, p.start, p.end, kind)
    spans = excluded_spans(doc, body_end, parts, texts, ends)
    cut = _merge(spans)
    starts = [h.start for h in heads]
    ordered = all(a <= b for a, b in zip(starts, starts[1:]))
    cut_starts = sorted(s for s, e in spans)
    for p in parts:
        p.excluded = spans
        p.excluded_starts = cut_starts
        # Headings come in text order: those starting in the part are one run of them.
        lo, hi = (bisect.bisect_left(starts, p.start), bisect.bisect_left(starts, p.end)) if ordered \
            else (0, len(heads))
        p.headings = [h for h in heads[lo:hi] if p.start <= h.start < p.end and h.level > p.base_level
                      and not (cut and _inside(h.start, cut))]
    return parts


def _standalone_parts(doc: Document, body_start: int, body_end: int) -> list[Part]:
    """A part opened by a short unnumbered line (`整改落实情况`) and closed by an `exclude` one."""
    opened: Optional[int] = None
    parts: list[Part] = []
    for line in doc.body_lines:
        s = clean(line.text)
        if not s or len(s) > _STANDALONE_MAX or "。" in s.rstrip("。"):
            continue
        kind = _classify(s)
        if kind == "section" and opened is None:
            opened = line.end
        elif kind == "exclude" and opened is not None:
            parts.append(Part(opened, line.start, -1, []))
            opened = None
    if opened is not None:
        parts.append(Part(opened, body_end, -1, []))
    return parts


def excluded_in(doc: Document, part: Part) -> list[int]:
    """Sorted starts of excluded subtrees inside a part (content there is no issue's text)."""
    starts = part.excluded_starts
    if starts is None or len(starts) != len(part.excluded):
        return sorted(s for s, e in part.excluded if part.start <= s < part.end)
    return starts[bisect.bisect_left(starts, part.start):bisect.bisect_left(starts, part.end)]
