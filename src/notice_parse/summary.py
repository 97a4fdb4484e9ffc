"""Declared totals (interim: filled by the dates/inspection issue)."""
from __future__ import annotations

from .document import Document
from .meta import Meta
from .models import Count


def extract_summary(doc: Document, meta: Meta) -> dict[str, Count]:
    return {}
