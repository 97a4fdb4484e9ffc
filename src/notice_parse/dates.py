"""Chinese dates (interim: single full dates; the full grammar lands with the dates issue)."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Optional

from .models import Date
from .normalize import squeeze
from .numerals import CN_DIGITS, cn_to_int

_CN = CN_DIGITS + "十"
_FULL = re.compile(
    rf"((?:19|20)\d{{2}}|[{_CN}]{{4}})\s*年\s*(\d{{1,2}}|[{_CN}]{{1,3}})\s*月\s*(\d{{1,2}}|[{_CN}]{{1,3}})\s*日?"
    rf"|((?:19|20)\d{{2}})[-/.](\d{{1,2}})[-/.](\d{{1,2}})"
)


def parse_single(text: str, span: Optional[tuple[int, int]] = None) -> Optional[Date]:
    """One full date (`2020年5月31日`, `二〇二三年六月十二日`, `2023年9月15`, `2020-05-31`).

    >>> parse_single("二〇二三年六月十二日").earliest.isoformat()
    '2023-06-12'
    """
    m = _FULL.search(text)
    if not m:
        return None
    groups = m.groups()
    y, mo, d = (groups[0], groups[1], groups[2]) if groups[0] else (groups[3], groups[4], groups[5])
    year, month, day = cn_to_int(y), cn_to_int(mo), cn_to_int(d)
    if not (year and month and day) or not (1 <= month <= 12):
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    value = dt.date(year, month, day)
    out_span = (span[0] + m.start(), span[0] + m.end()) if span else None
    return Date(text=squeeze(m.group(0)), earliest=value, latest=value, precision="day", span=out_span)
