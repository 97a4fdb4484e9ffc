"""Page furniture around the article: the lines where a page puts its publishing time and source.

Read by `meta` (`published_at`, `source_site`) and by the notice's own date (`dates.notice`), so
both look at the same lines.
"""
from __future__ import annotations

from typing import Optional

from .document import Document
from ..rules import patterns

# The page-metadata rules (`patterns/furniture.toml`, with examples). A publishing time:
# `时间:2020-09-15 08:40`, `发布时间:2021年3月2日 10:05`, `2020-03-11 13:03`.
_F = patterns.load("furniture")
_PUBLISHED = _F.get("published").regex
# Disclosure-metadata labels whose dates are not the publishing time (FIELD-NOTES §7).
_NOT_PUBLISHED = _F.get("not_published").regex
# A publishing line under the article names its label (`发布时间:2024-03-08`).
_PUBLISHED_LABEL = _F.get("published_label").regex
# A short line at the article's end that opens with such a label (`(来源:某县融媒体中心)`).
_END_LABEL = _F.get("end_label").regex


def end_lines(doc: Document) -> list[int]:
    """The lines after the article where a page puts its source and publishing time: the footer
    chrome, and the last body lines when they are short lines opening with such a label."""
    seg = doc.segments
    # Read in place (no line objects: a body's last lines may be long paragraphs); the label
    # rule has no anchor or lookbehind, so matching at the line's start is matching its text.
    starts, ends, match, text = doc.lines.starts, doc.lines.ends, _END_LABEL.match, doc.text
    tail = [i for i in seg.body[-3:] if ends[i] - starts[i] <= 80 and match(text, starts[i], ends[i])]
    return tail + list(seg.footer[:8])


def published(doc: Document) -> tuple[Optional[str], Optional[tuple[int, int]]]:
    found = published_in(doc, doc.segments.chrome_top)
    if found[0] is None:
        starts, ends, search, text = doc.lines.starts, doc.lines.ends, _PUBLISHED_LABEL.search, doc.text
        labelled = [i for i in end_lines(doc) if search(text, starts[i], ends[i])]
        found = published_in(doc, labelled)
    return found


def published_in_footer(doc: Document) -> Optional[str]:
    """`published_at` (ISO) when the page gives it only after the article (footer, last lines)."""
    labelled = [i for i in end_lines(doc) if _PUBLISHED_LABEL.search(doc.lines[i].text)]
    return published_in(doc, labelled)[0] if labelled else None


def published_in(doc: Document, line_indices: list[int]) -> tuple[Optional[str], Optional[tuple[int, int]]]:
    prev_label = ""  # a label line with no value (disclosure tables put the value on the next line)
    for i in line_indices:
        line = doc.lines[i]
        m = _PUBLISHED.search(doc.text, line.start, line.end)
        lead = doc.text[line.start:m.start()] if m else line.text
        if m and _NOT_PUBLISHED.search(lead if lead.strip() else prev_label):
            # `成文日期:2024-11-20` is the signing date in the disclosure block, not the page's.
            m = _PUBLISHED.search(doc.text, m.end(), line.end)
        if line.text.strip():
            prev_label = line.text
        if m:
            iso = f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}"
            if m["H"]:
                iso += f"T{int(m['H']):02d}:{m['M']}"
            return iso, (m.start(), m.end())
    return None, None
