"""Issue lists (interim: filled by the issues issue)."""
from __future__ import annotations

from .document import Document
from .meta import Meta
from .models import Issue, Warning


def extract_issues(doc: Document, meta: Meta) -> tuple[list[Issue], list[Warning]]:
    return [], []
