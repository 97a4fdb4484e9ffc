"""Declared totals: the counts a notice states about its own rectification (SPEC `summary`).

Rules are in `patterns/summary.toml`, each naming its SPEC key; the first match of a key in the
body wins (`巡察反馈的四方面10个问题,已整改落实10个。在整改中,制定措施44个…`). What is not a
total of the notice:

* a sentence about an audit (`审计查出的问题,已整改40项`), and a whole audit report (one that
  names 审计 but never 巡视/巡察) — the phrasing is identical, the subject is not;
* in a digest, anything inside a unit's own section (`织金县针对…,党纪政务处分185人`): the
  figures belong to that unit, and the digest declares no totals of its own there.
"""
from __future__ import annotations

import re
from typing import Optional

from . import patterns
from .document import Document
from .inspection import digest_units, near, scope
from .meta import Meta
from .models import Count
from .normalize import clean_value
from .numerals import cn_to_int

_P = patterns.load("summary")
_RULES = [(r.data["key"], r.regex, re.compile(r.data["anchor"]), r.data["window"]) for r in _P.rules()]
_MONEY = {"元": 1, "万元": 10_000, "亿元": 100_000_000}


def to_number(text: str, unit: Optional[str] = None) -> Optional[int | float]:
    """A count or an amount in yuan: Chinese numerals count, 万元 is ten thousand yuan.

    >>> to_number("四"), to_number("44"), to_number("3.6", "万元"), to_number("7.132", "万元")
    (4, 44, 36000, 71320)
    """
    if unit is None:
        return cn_to_int(text)
    try:
        value = round(float(text) * _MONEY[unit], 2)
    except (ValueError, KeyError):
        return None
    return int(value) if value == int(value) else value


def extract_summary(doc: Document, meta: Meta) -> dict[str, Count]:
    text = doc.text
    start, end = scope(doc)
    if "审计" in text and "巡视" not in text and "巡察" not in text:
        return {}  # an audit report: same phrasing, not an inspection's totals
    excluded: list[tuple[int, int]] = []
    if meta.kind == "digest":
        excluded = [span for _, span in digest_units(doc)]
    audit_sentences: dict[tuple[int, int], bool] = {}

    def usable(pos: int) -> bool:
        if any(s <= pos < e for s, e in excluded):
            return False
        sent = doc.sentence_at(pos)
        if sent not in audit_sentences:
            audit_sentences[sent] = "审计" in text[sent[0]:sent[1]]
        return not audit_sentences[sent]

    found: dict[str, tuple[int, Count]] = {}
    body = text[start:end]
    for key, rx, anchor, (before, after) in _RULES:
        for m in near(rx, anchor, body, before, after):
            pos = start + m.start()
            if key in found and found[key][0] <= pos:
                break
            if not usable(pos):
                continue
            value = to_number(m.group("n"), m.groupdict().get("unit"))
            if value is None:
                continue
            found[key] = (pos, Count(value=value, text=clean_value(m.group(0)), span=(pos, start + m.end())))
            break
    order = [k for k, *_ in _RULES]
    return {k: found[k][1] for k in sorted(found, key=order.index)}
