"""Corpus summary: `notice-parse stats PATH...`.

`CorpusStats.add(record)` takes parse results one at a time (notice JSON dicts or error
records) and keeps only counters and one small integer per notice for the medians, so a
corpus of any size streams through `batch.parse_all` without being held in memory.

Day gaps use each date's midpoint (`2018年12月底` is 12-21…12-31 → 12-26), so that a vague
date does not bias a gap in either direction; a gap is counted only when both dates exist.
The rectified share is taken over notices that declare both a problem total and a rectified
total.
"""
from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from typing import Any, Iterable, Optional

TOP = 10
NONE_LABEL = "(not stated)"


def midpoint(date: Optional[dict]) -> Optional[dt.date]:
    """The middle day of a JSON `Date` (rounded down), or None.

    >>> midpoint({"earliest": "2018-12-21", "latest": "2018-12-31"})
    datetime.date(2018, 12, 26)
    >>> midpoint(None) is None
    True
    """
    if not date or not date.get("earliest") or not date.get("latest"):
        return None
    a = dt.date.fromisoformat(date["earliest"])
    b = dt.date.fromisoformat(date["latest"])
    return a + (b - a) // 2


def days_between(a: Optional[dict], b: Optional[dict]) -> Optional[int]:
    """Days from date `a` to date `b` (midpoints), or None when either is missing.

    >>> days_between({"earliest": "2024-11-10", "latest": "2024-11-10"},
    ...              {"earliest": "2025-02-13", "latest": "2025-02-13"})
    95
    """
    ma, mb = midpoint(a), midpoint(b)
    return None if ma is None or mb is None else (mb - ma).days


def authority_mode(inspection: dict) -> str:
    """The `by_authority_mode` key of a notice's inspection.

    >>> [authority_mode(i) for i in ({"authority": "县委", "mode": "巡察"}, {"mode": "巡视"}, {})]
    ['县委 巡察', '— 巡视', '(not stated)']
    """
    authority, mode = inspection.get("authority"), inspection.get("mode")
    if not authority and not mode:
        return NONE_LABEL
    return f"{authority or '—'} {mode or '—'}"


def _value(summary: dict, key: str) -> Optional[float]:
    count = summary.get(key)
    if isinstance(count, dict):
        return count.get("value")
    return count  # the answer keys store bare numbers


def _median(values: list[int]) -> Optional[float]:
    return statistics.median(values) if values else None


class CorpusStats:
    """Running totals over parse results."""

    def __init__(self, keywords: bool = False) -> None:
        self.keywords = keywords
        self.notices = 0
        self.errors = 0
        self.by_kind: Counter[str] = Counter()
        self.by_authority_mode: Counter[str] = Counter()
        self.window_to_feedback: list[int] = []
        self.feedback_to_signing: list[int] = []
        self.problems_declared = 0.0
        self.notices_declaring_problems = 0
        self.both_problems = 0.0
        self.both_rectified = 0.0
        self.issues = 0
        self.top_level_issues = 0
        self.categories: Counter[str] = Counter()
        self.warnings: Counter[str] = Counter()
        self.error_types: Counter[str] = Counter()
        self.keyword_counts: Counter[str] = Counter()

    def add(self, record: dict) -> None:
        if "error" in record:
            self.errors += 1
            self.error_types[(record.get("error") or {}).get("type") or "?"] += 1
            return
        self.notices += 1
        self.by_kind[record.get("kind") or "unknown"] += 1
        ins = record.get("inspection") or {}
        self.by_authority_mode[authority_mode(ins)] += 1
        window = ins.get("window") or {}
        gap = days_between(window.get("end"), ins.get("feedback"))
        if gap is not None:
            self.window_to_feedback.append(gap)
        gap = days_between(ins.get("feedback"), record.get("issued_on"))
        if gap is not None:
            self.feedback_to_signing.append(gap)
        summary = record.get("summary") or {}
        problems, rectified = _value(summary, "problems"), _value(summary, "problems_rectified")
        if problems is not None:
            self.problems_declared += problems
            self.notices_declaring_problems += 1
            if rectified is not None:
                self.both_problems += problems
                self.both_rectified += rectified
        for issue in record.get("issues") or []:
            self.issues += 1
            if not issue.get("parent"):
                self.top_level_issues += 1
                if issue.get("category"):
                    self.categories[issue["category"]] += 1
            for kw in issue.get("keywords") or []:
                self.keyword_counts[kw] += 1
        for w in record.get("warnings") or []:
            self.warnings[w.get("code") or "?"] += 1

    def add_all(self, records: Iterable[dict]) -> "CorpusStats":
        for r in records:
            self.add(r)
        return self

    def result(self, top: int = TOP) -> dict[str, Any]:
        """The summary as a JSON-ready dict (the `stats --json` output)."""
        share = self.both_rectified / self.both_problems if self.both_problems else None
        out: dict[str, Any] = {
            "notices": self.notices,
            "errors": self.errors,
            "by_kind": dict(self.by_kind.most_common()),
            "by_authority_mode": dict(self.by_authority_mode.most_common()),
            "days_window_end_to_feedback": {"median": _median(self.window_to_feedback),
                                            "n": len(self.window_to_feedback)},
            "days_feedback_to_signing": {"median": _median(self.feedback_to_signing),
                                         "n": len(self.feedback_to_signing)},
            "problems": {"declared_total": _num(self.problems_declared),
                         "notices_declaring": self.notices_declaring_problems,
                         "rectified_share": None if share is None else round(share, 4),
                         "rectified_share_basis": _num(self.both_problems)},
            "issues": {"total": self.issues, "top_level": self.top_level_issues},
            "top_categories": dict(self.categories.most_common(top)),
            "warnings_by_code": dict(self.warnings.most_common()),
            "errors_by_type": dict(self.error_types.most_common()),
        }
        if self.keywords:
            out["top_keywords"] = dict(self.keyword_counts.most_common(top * 2))
        return out


def _num(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x


def render(result: dict[str, Any], console) -> None:
    """Print the summary as rich tables."""
    from rich.table import Table

    def counts(title: str, data: dict, label: str) -> None:
        if not data:
            return
        t = Table(title=title, title_justify="left")
        t.add_column(label, overflow="fold")
        t.add_column("n", justify="right")
        for k, v in data.items():
            t.add_row(str(k), str(v))
        console.print(t)

    def fmt(median: Optional[float]) -> str:
        return "—" if median is None else f"{median:g}"

    head = Table(title=f"{result['notices']} notice(s), {result['errors']} error(s)", title_justify="left",
                 show_header=False)
    head.add_column("measure")
    head.add_column("value", justify="right")
    w, f = result["days_window_end_to_feedback"], result["days_feedback_to_signing"]
    head.add_row("median days, window end → feedback", f"{fmt(w['median'])} (n={w['n']})")
    head.add_row("median days, feedback → signing", f"{fmt(f['median'])} (n={f['n']})")
    p = result["problems"]
    head.add_row("declared problems", f"{p['declared_total']} in {p['notices_declaring']} notice(s)")
    share = p["rectified_share"]
    head.add_row("declared rectified share", "—" if share is None else f"{share:.1%} of {p['rectified_share_basis']}")
    head.add_row("issues found (top-level)", f"{result['issues']['total']} ({result['issues']['top_level']})")
    console.print(head)
    counts("by kind", result["by_kind"], "kind")
    counts("by authority and mode", result["by_authority_mode"], "authority mode")
    counts("top issue categories", result["top_categories"], "category")
    counts("warnings by code", result["warnings_by_code"], "code")
    counts("errors by type", result["errors_by_type"], "type")
    if "top_keywords" in result:
        counts("top issue keywords", result["top_keywords"], "keyword")
