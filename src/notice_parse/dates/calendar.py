"""The calendar side of the date grammar: the interval a resolved date denotes.

Part of `dates` (which re-exports `interval` and `split_month_day`); kept apart so the grammar
module stays readable.
"""
from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache
from typing import Optional

from ..models import Precision

# 上旬/月初 1-10, 中旬/月中 11-20, 下旬/月底/月末/底 21-end (SPEC).
_DEKADS = {"上旬": (1, 10), "初": (1, 10), "中旬": (11, 20), "中": (11, 20), "下旬": (21, 31),
           "底": (21, 31), "末": (21, 31), "中下旬": (11, 31), "上中旬": (1, 20)}


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _last_day(year: int, month: int) -> int:
    # A table, not `calendar.monthrange` (which also works out the weekday).
    return 29 if month == 2 and calendar.isleap(year) else _MONTH_DAYS[month]


def split_month_day(digits: str) -> Optional[tuple[int, int]]:
    """Read a scrape that lost 月 (`717` → 7-17) when exactly one split is a real month/day.

    >>> split_month_day("717"), split_month_day("830"), split_month_day("44"), split_month_day("111")
    ((7, 17), (8, 30), (4, 4), None)
    """
    found = []
    for k in (1, 2):
        mo, d = digits[:k], digits[k:]
        if not d or d[0] == "0" or mo[0] == "0" or len(d) > 2:
            continue
        if 1 <= int(mo) <= 12 and 1 <= int(d) <= 31:
            found.append((int(mo), int(d)))
    return found[0] if len(found) == 1 else None


def interval(year: int, month: Optional[int] = None, day: Optional[int] = None, *, mod: Optional[str] = None,
             quarter: Optional[int] = None, half: Optional[int] = None) -> Optional[tuple[dt.date, dt.date, Precision]]:
    """The calendar interval of a resolved date, or None when it is no real day.

    >>> interval(2018, 11, mod="中旬")
    (datetime.date(2018, 11, 11), datetime.date(2018, 11, 20), 'dekad')
    >>> interval(2019, 2, 29) is None, interval(2020, quarter=2)[1].isoformat()
    (True, '2020-06-30')
    """
    return cached_interval(year, month, day, mod, quarter, half)


# A pure calendar function of a few small values: cached, as notices repeat their years/months.
@lru_cache(maxsize=4096)
def cached_interval(year: int, month: Optional[int], day: Optional[int], mod: Optional[str], quarter: Optional[int],
              half: Optional[int]) -> Optional[tuple[dt.date, dt.date, Precision]]:
    if not 1900 <= year <= 2100:
        return None
    if quarter:
        first = 3 * quarter - 2
        return dt.date(year, first, 1), dt.date(year, first + 2, _last_day(year, first + 2)), "quarter"
    if half:
        return (dt.date(year, 1, 1), dt.date(year, 6, 30), "half") if half == 1 else (
            dt.date(year, 7, 1), dt.date(year, 12, 31), "half")
    if month is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    if not 1 <= month <= 12:
        return None
    last = _last_day(year, month)
    if day is not None:
        if not 1 <= day <= last:
            return None
        d = dt.date(year, month, day)
        return d, d, "day"
    if mod:
        lo, hi = _DEKADS[mod]
        return dt.date(year, month, lo), dt.date(year, month, min(hi, last)), "dekad"
    return dt.date(year, month, 1), dt.date(year, month, last), "month"
