"""notice-parse: structured JSON from Chinese party-inspection notices.

>>> from notice_parse import parse_text
>>> parse_text("中共某某局党组\\n2020年5月31日\\n").issued_on.earliest.isoformat()
'2020-05-31'

Names are imported on first use, so that `notice-parse --help` (which imports this package)
does not pay for pydantic and the rule files.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "parse_text": "pipeline", "parse_file": "pipeline", "parse_bytes": "pipeline",
    "Notice": "models", "Inspection": "models", "Issue": "models", "Contact": "models",
    "Count": "models", "Date": "models", "Window": "models", "Source": "models",
    "Warning": "models", "ErrorRecord": "models", "json_schema": "models",
}
__all__ = sorted(_EXPORTS) + ["__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from .models import (Contact, Count, Date, ErrorRecord, Inspection, Issue, Notice, Source,  # noqa: F401
                         Warning, Window, json_schema)
    from .pipeline import parse_bytes, parse_file, parse_text  # noqa: F401


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'notice_parse' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
