"""Inspection facts (interim: filled by the dates/inspection issue)."""
from __future__ import annotations

from .document import Document
from .meta import Meta
from .models import Inspection


def extract_inspection(doc: Document, meta: Meta) -> Inspection:
    return Inspection()
