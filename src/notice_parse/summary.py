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
from itertools import chain, repeat
from operator import add
from typing import Iterator, Optional

from . import patterns
from .document import Document
from .inspection import digest_units, scope
from .meta import Meta
from .models import Count
from .normalize import clean_value
from .numerals import cn_to_int

_P = patterns.load("summary")
_MONEY = {"元": 1, "万元": 10_000, "亿元": 100_000_000}


# Anchors are literal alternations (`措施|任务`). The stdlib engine scans an alternation ~8x
# slower than one literal, and a literal ~4x slower than `str.find` looks for one character
# (a memchr). So each literal is found by a character of it that is rare in notices, checked
# in place (by the stdlib engine when all of its characters are frequent), once per notice
# (`方面` serves three rules); an alternation's hits are then rebuilt exactly as
# `re.finditer` gives them: leftmost first, the first alternative at a position, no overlaps.
_FREQUENT = "方面大反馈指移在整改持成完务任建立制度人"  # ~10+ times in a notice's body


def _literals(anchor: str) -> tuple[str, ...]:
    lits = tuple(anchor.split("|"))
    if not all(lits) or any(re.escape(x) != x for x in lits):
        raise patterns.PatternFileError(f"summary.toml: anchor {anchor!r} must be a literal alternation")
    return lits


def _require(rule: patterns.Rule) -> Optional[re.Pattern]:
    req = rule.data.get("require")
    return re.compile(patterns.expand(req, _P.defs)) if req else None


# (key, pattern, anchor literals, before, after, require)
_RULES = [(r.data["key"], r.regex, _literals(r.data["anchor"]), *r.data["window"], _require(r)) for r in _P.rules()]
# literal -> (the character scanned for, its offset in the literal), or its stdlib pattern
_SCAN = {x: next(((c, i) for i, c in enumerate(x) if c not in _FREQUENT), re.compile(re.escape(x)))
         for _, _, lits, *_ in _RULES for x in lits}


def _overlap_free(lits: tuple[str, ...]) -> bool:
    """No two occurrences of these literals (one literal twice included) can overlap: then
    every occurrence is a hit of the alternation, and the hits need no sweep."""
    for a in lits:
        for b in lits:
            if (a != b and b in a) or any(a[-k:] == b[:k] for k in range(1, min(len(a), len(b)) + (a != b))):
                return False
    return True


_OVERLAP_FREE = {lits: _overlap_free(lits) for _, _, lits, *_ in _RULES}


def _positions(text: str, lit: str, cache: dict[str, list[int]]) -> list[int]:
    """Start offsets of every occurrence of `lit` in `text`, ascending."""
    got = cache.get(lit)
    if got is None and isinstance(_SCAN[lit], re.Pattern):
        got = cache[lit] = [m.start() for m in _SCAN[lit].finditer(text)]
    elif got is None:
        c, off = _SCAN[lit]
        got, find, i = [], text.find, text.find(c)
        while i >= 0:
            if len(lit) == 1 or (i >= off and text.startswith(lit, i - off)):
                got.append(i - off)
            i = find(c, i + 1)
        cache[lit] = got
    return got


def _anchors(text: str, lits: tuple[str, ...], cache: dict[str, list[int]]) -> list[tuple[int, int]]:
    """The hits of the alternation `lits` as `re.finditer` gives them."""
    if _OVERLAP_FREE[lits]:  # every occurrence, in order (zip/sorted run in C)
        spans = [zip(ps, map(add, ps, repeat(len(x)))) for x in lits for ps in [_positions(text, x, cache)]]
        return list(spans[0]) if len(spans) == 1 else sorted(chain.from_iterable(spans))
    if len(lits) == 1:
        n = len(lits[0])
        if n == 1:
            return [(p, p + 1) for p in _positions(text, lits[0], cache)]
        events = [(p, 0) for p in _positions(text, lits[0], cache)]
    else:
        events = sorted((p, k) for k, x in enumerate(lits) for p in _positions(text, x, cache))
    out, free = [], 0
    for p, k in events:
        if p >= free:
            free = p + len(lits[k])
            out.append((p, free))
    return out


def _near(rx, anchors: list[tuple[int, int]], require: Optional[re.Pattern], text: str,
          before: int, after: int) -> Iterator:
    """`inspection.near` on anchor hits found beforehand, skipping windows `require` rules out."""
    last, n = 0, len(text)
    for s, e in anchors:
        ws, we = max(last, s - before), min(n, e + after)
        if require is not None and require.search(text, ws, we) is None:
            continue  # cannot hold a match: not worth the rule's own (slower) engine
        for m in rx.finditer(text, ws, we):
            if m.end() > last:
                last = m.end()
                yield m


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
    cache: dict[str, list[int]] = {}
    for key, rx, lits, before, after, require in _RULES:
        for m in _near(rx, _anchors(body, lits, cache), require, body, before, after):
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
