"""Prepare a decoded notice once for every dimension: fold, split into lines, segment, find the
headings, date the notice. Extractors read only the `Document` this returns."""
from __future__ import annotations

from typing import Optional

from .dates.notice import notice_date
from .text.document import Document, split_lines
from .text.headings import find_headings
from .text.normalize import fold_script, written_moves
from .text.segment import segment


def prepare(original: str, *, path: Optional[str] = None, aligned_right: frozenset = frozenset()) -> Document:
    """Fold, split and segment a decoded notice: the one prepared view extractors read."""
    written_view, moves = written_moves(original)
    text = fold_script(written_view)
    doc = Document(original=original, text=text, lines=split_lines(text), path=path, written=written_view,
                   aligned_right=aligned_right, moves=moves)
    doc.segments = segment(doc)
    doc.headings = find_headings(doc)
    doc.context_year, doc.context_date = notice_date(doc)
    return doc
