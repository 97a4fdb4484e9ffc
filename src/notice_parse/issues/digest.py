"""Digests: a news piece or report on several units' rectification.

One paragraph per unit:

    织金县针对学习贯彻…不到位问题,将巡视整改与…结合。…。针对住房保障推进缓慢问题,实行…。

Each `针对…问题` clause (`digest_clause`) is an issue; its measure is the text up to the next
clause (or the end of the paragraph); its unit is the one that opens the paragraph
(`digest_unit`), else the last unit seen, else a short heading above it (`一、织金县`).

One section per unit (`Document.unit_sections`), each with its problems:

    一、市水务局党组                ← unit
    (一)理论学习不深入。制定…       ← its problems, read as a rectification report's are
    1.县财政局:针对…问题,…;针对…    ← or as `针对…问题` clauses

`unit_issues` reads each section (clauses when it has them, else the heading tree, through
the reader it is given) and sets every issue's `unit` to its section's.
"""
from __future__ import annotations

import bisect
from typing import Callable, Optional

from ..text.document import Document
from .measures import _status, _status_only, any_match, clean, read_rectification, rules
from .sections import Part, _closing, excluded_spans
from ..models import Issue, Warning, issues_from_dicts
from ..text.units import DIGEST_UNIT
from ..rules import compiled

_UNIT_HEADING_MAX = 14


def _unit_headings(doc: Document) -> dict[int, str]:
    """Line index → unit for short headings that name a unit (`一、织金县`)."""
    out: dict[int, str] = {}
    for h in doc.headings:
        text = clean(doc.text[h.text_span[0]:h.text_span[1]])
        if 2 <= len(text) <= _UNIT_HEADING_MAX and h.line not in out:
            out[h.line] = text
    return out


def _candidate_lines(doc: Document, unit_heads: dict[int, str], pre) -> list[int]:
    """Body lines that can matter, in order: unit headings and lines the clause rule's `require` finds
    something in (the others hold no clause and no unit), without making every line."""
    body = doc.segments.body
    if not body:
        return []
    text, starts = doc.text, doc.lines.starts
    found = set(unit_heads)
    s, e = doc.body_span
    m = pre(text, s, e) if pre is not None else None
    if pre is None:
        found.update(body)
    while m is not None:
        i = doc.lines.index_at(m.start())
        found.add(i)
        # Go on after this line (its end: the next line's start, less the break).
        nxt = starts[i + 1] if i + 1 < len(starts) else e
        m = pre(text, max(nxt, m.end()), e) if nxt < e else None
    in_body = set(body)
    return sorted(i for i in found if i in in_body)


_CLAUSE_SEP = compiled.re(r"[,,;;]")


def _read(text: str, start: int, end: int):
    """The clause's rectification; a last clause that only states progress (`…,持续推进。`,
    `…,目前正在持续推进。`) is its status and long-term flag, as a progress line's would be (in a
    digest there is no progress label)."""
    rect = read_rectification(text, start, end)
    if rect.status is None or not rect.long_term:
        seps = list(_CLAUSE_SEP.finditer(text, start, end))
        if seps:
            last = clean(text[seps[-1].end():end])
            if _status_only(last):
                status, long_term, _ = _status(last, True)
                if rect.status is None:
                    rect.status, rect.progress_text = status, last
                # `…,目前正在持续推进。`: in progress (read anywhere) and, as a progress line
                # says, long-term.
                rect.long_term = rect.long_term or long_term
    return rect


def digest_issues(doc: Document) -> list[Issue]:
    """One issue per `针对…问题` clause of the body, tied to its paragraph's unit."""
    clause_rule = rules("digest_clause")[0]
    clause = clause_rule.regex
    unit_rx = DIGEST_UNIT
    out: list[dict] = []  # made into models at once at the end (one validation call)
    unit: Optional[str] = None
    unit_heads = _unit_headings(doc)
    for index in _candidate_lines(doc, unit_heads, clause_rule.run.possible):
        line = doc.lines[index]
        if line.is_blank:
            continue
        if any_match("closing", doc.text[line.start:line.end]):
            break  # `上述各县…`, `欢迎…监督`: the units' part is over
        head_unit = unit_heads.get(line.index)
        if head_unit:
            unit = head_unit
            continue
        # `^` anchors at the real start of a string, so match on the line itself.
        m = unit_rx.match(doc.text[line.start:line.end])
        unit_start = None
        if m:
            unit, unit_start = clean(m.group("u")), line.start + m.start("u")
        hits = list(clause.finditer(doc.text, line.start, line.end))
        for k, c in enumerate(hits):
            end = hits[k + 1].start() if k + 1 < len(hits) else line.end
            # The measure starts after the clause's comma.
            rect = _read(doc.text, c.end() + 1, end)
            title = clean(c.group("t"))
            if not title:
                continue
            out.append(dict(id=str(len(out) + 1), title=title, unit=unit, measures=rect.measures,
                            status=rect.status, long_term=rect.long_term, progress_text=rect.progress_text,
                            span=(unit_start if (unit_start is not None and k == 0) else c.start(), rect.end or end)))
    return issues_from_dicts(out)


# Kinds whose body may be a digest by unit (a feedback report's sections are findings).
_UNIT_KINDS = ("digest", "rectification", "unknown")


def _clauses(doc: Document, start: int, end: int, unit: str, first_id: int) -> list[dict]:
    """The `针对…问题` clauses of `text[start:end]` as issue dicts of `unit`, numbered from
    `first_id`; each measure runs to the next clause or the end of its line."""
    clause = rules("digest_clause")[0].regex
    text, lines = doc.text, doc.lines
    out: list[dict] = []
    hits = list(clause.finditer(text, start, end))
    for k, c in enumerate(hits):
        line_end = min(lines.ends[lines.index_at(c.start())], end)
        stop = min(hits[k + 1].start(), line_end) if k + 1 < len(hits) else line_end
        title = clean(c.group("t"))
        if not title:
            continue
        rect = _read(text, c.end() + 1, stop)
        out.append(dict(id=str(first_id + len(out)), title=title, unit=unit, measures=rect.measures,
                        status=rect.status, long_term=rect.long_term, progress_text=rect.progress_text,
                        span=(c.start(), rect.end or stop)))
    return out


def unit_issues(doc: Document, kind: str, read_part: Callable[[Part, list, list, int], int]
                ) -> Optional[tuple[list[Issue], list[Warning]]]:
    """A digest by unit's issues and warnings, or None when the body has no unit sections.

    `read_part(part, issues, warnings, top)` adds a part's issues from its heading tree and
    returns the number of top-level issues after it (the rectification reader)."""
    if kind not in _UNIT_KINDS:
        return None
    sections = doc.unit_sections
    if not sections:
        return None
    body_end = doc.body_span[1]
    excluded = excluded_spans(doc, body_end)
    issues: list[Issue] = []
    warnings: list[Warning] = []
    top = 0
    starts = [h.start for h in doc.headings]
    ordered = all(a <= b for a, b in zip(starts, starts[1:]))  # as `find_parts` checks
    for sec in sections:
        end = _closing(doc, sec.start, sec.end, "digest")
        cut = [s for s, _ in excluded if sec.start <= s < end]
        end = min([end] + cut)
        clauses = _clauses(doc, sec.start, end, sec.unit, top + 1)
        if clauses:
            issues.extend(issues_from_dicts(clauses))
            top += len(clauses)
            continue
        lo, hi = (bisect.bisect_left(starts, sec.start), bisect.bisect_left(starts, end)) if ordered \
            else (0, len(starts))
        heads = [h for h in doc.headings[lo:hi] if sec.start <= h.start < end and h.level > sec.level]
        part = Part(sec.start, end, sec.level, heads, excluded=excluded)
        n = len(issues)
        top = read_part(part, issues, warnings, top)
        issues[n:] = [i.model_copy(update={"unit": sec.unit}) for i in issues[n:]]
    if not issues:
        return None
    return issues, warnings
