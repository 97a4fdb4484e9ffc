"""The notice's own date: the year (and, where given, the day) that partial dates resolve against.

Read once when a notice is prepared (`Document.context_year`, `Document.context_date`): the
signing date first, then the publishing line under the title, then a publishing time at the
article's end. `12月10日` and `今年` in the text then take this year, never the current one.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from ..text.document import Document
from ..text.furniture import published_in_footer
from ..text.numerals import CN_DIGITS, cn_to_int
from .mentions import scan
from ..rules import compiled


_YMD = compiled.re(r"\d{4}\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")
_YEAR = compiled.re(rf"((?:19|20)\d{{2}})|([{CN_DIGITS}]{{4}})\s*年")


def notice_date(doc: Document) -> tuple[Optional[int], Optional[dt.date]]:
    """The notice's own year (`context_year`) and, when the line that gives it gives a full
    date (`2024年3月15日`, `发布时间:2024-01-05 10:00`), that date: a yearless date far after it
    is last year's (`dates`). The signing date first, then the publishing line under the title,
    then a publishing time at the article's end."""
    found = _context(doc)
    if found is None:
        # A page that gives its publishing time only at the article's end (`发布时间:…` in the
        # footer or the last short lines): the `published_at` the notice reports.
        iso = published_in_footer(doc)
        if iso is None:
            return None, None
        d = dt.date.fromisoformat(iso[:10])
        return d.year, d
    year, at, e = found
    d = _YMD.match(doc.text, at, e)  # `2024-01-05`, `2024年3月15日`: no need for the grammar
    if d:
        try:
            return year, dt.date(year, int(d.group(1)), int(d.group(2)))
        except ValueError:
            return year, None
    # Other forms (`二〇二三年六月十二日`): the date grammar, on the date that starts at the year.
    for m in scan(doc.text, at, min(e, at + 20)):
        if m.precision == "day" and m.earliest.year == year and m.span[0] == at:
            return year, m.earliest
    return year, None


def _context(doc: Document) -> Optional[tuple[int, int, int]]:
    """The notice's own year, where it is written and the end of its line (or signing date)."""
    seg = doc.segments
    spans = []
    if seg.signing_date_span:
        spans.append(seg.signing_date_span)
    spans += [(doc.lines[i].start, doc.lines[i].end) for i in seg.chrome_top]
    for s, e in spans:
        m = _YEAR.search(doc.text, s, e)
        if m:
            year = int(m.group(1)) if m.group(1) else cn_to_int(m.group(2))
            if year and 1949 <= year <= 2100:
                return year, m.start(), e
    return None
