"""notice-parse: structured JSON from Chinese party-inspection notices.

>>> from notice_parse import parse_text
>>> parse_text("中共某某局党组\\n2020年5月31日\\n").issued_on.earliest.isoformat()
'2020-05-31'
"""
from __future__ import annotations

from .models import (
    Contact,
    Count,
    Date,
    ErrorRecord,
    Inspection,
    Issue,
    Notice,
    Source,
    Warning,
    Window,
    json_schema,
)
from .pipeline import parse_bytes, parse_file, parse_text

__version__ = "0.1.0"
__all__ = [
    "Contact", "Count", "Date", "ErrorRecord", "Inspection", "Issue", "Notice", "Source", "Warning",
    "Window", "json_schema", "parse_bytes", "parse_file", "parse_text", "__version__",
]
