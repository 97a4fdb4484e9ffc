"""Contacts (interim: filled by the contacts issue)."""
from __future__ import annotations

from .document import Document
from .meta import Meta
from .models import Contact


def extract_contacts(doc: Document, meta: Meta) -> list[Contact]:
    return []
