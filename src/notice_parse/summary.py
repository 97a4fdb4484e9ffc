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

# Where a rule is read. A notice of ~5,000 characters holds ~100 hits of the rules' anchors
# (`人`, `已`, `方面`…) but only a few places where a total can be. Finding every anchor hit
# and testing its window in Python cost most of this module's time. Instead each rule's spots
# (stdlib patterns led by one literal character, which the engine skips to quickly; one of
# them lies inside each match, see patterns/summary.toml) are found first, once per notice,
# and anchor hits are looked for only around them. A window holding no spot cannot hold a
# match, so the result is the one of reading every window (tests/test_summary.py checks it).


def _literals(anchor: str) -> tuple[str, ...]:
    lits = tuple(anchor.split("|"))
    if not all(lits) or any(re.escape(x) != x for x in lits):
        raise patterns.PatternFileError(f"summary.toml: anchor {anchor!r} must be a literal alternation")
    return lits


_SPOTS: dict[str, int] = {}  # source -> index in _SPOT: a spot two rules share is scanned once
_SPOT: list[re.Pattern] = []


def _spot(source: str) -> int:
    source = patterns.expand(source, _P.defs)
    if not source or source[0] in "\\.^$*+?{}[]()|" or source[1:2] not in "(":
        raise patterns.PatternFileError(f"summary.toml: spot {source[:20]!r} must start with one literal character")
    if source not in _SPOTS:
        _SPOTS[source] = len(_SPOT)
        _SPOT.append(re.compile(source))
    return _SPOTS[source]


def _require(rule: patterns.Rule) -> Optional[re.Pattern]:
    req = rule.data.get("require")
    return re.compile(patterns.expand(req, _P.defs)) if req else None


# (key, pattern, anchor literals, before, after, spots, require)
_RULES = [(r.data["key"], r.regex, _literals(r.data["anchor"]), *r.data["window"], tuple(map(_spot, r.data["spot"])),
           _require(r)) for r in _P.rules()]
_ORDER = {key: i for i, (key, *_) in reversed(list(enumerate(_RULES)))}  # a key's first rule


def _spot_hits(body: str, spots: tuple[int, ...], cache: list) -> list[tuple[int, int]]:
    """Spans of the spots' matches in `body`, ascending (each spot scanned once per notice)."""
    out: list[tuple[int, int]] = []
    for i in spots:
        got = cache[i]  # by index: hashing a compiled pattern hashes its whole program
        if got is None:
            got = cache[i] = [m.span() for m in _SPOT[i].finditer(body)]
        out += got
    return sorted(out) if len(spots) > 1 else out


def _occurrences(text: str, lit: str, lo: int, hi: int) -> list[int]:
    """Start offsets in [lo, hi) of every occurrence of `lit` (overlapping ones included)."""
    out, find, end = [], text.find, hi + len(lit) - 1
    i = find(lit, lo, end)
    while i >= 0:
        out.append(i)
        i = find(lit, i + 1, end)
    return out


def _overlap_free(lits: tuple[str, ...]) -> bool:
    """No two occurrences of these literals (one literal twice included) can overlap: then
    every occurrence is a hit of the alternation."""
    for a in lits:
        for b in lits:
            if (a != b and b in a) or any(a[-k:] == b[:k] for k in range(1, min(len(a), len(b)) + (a != b))):
                return False
    return True


_OVERLAP_FREE = {lits: _overlap_free(lits) for _, _, lits, *_ in _RULES}


def _anchor_hits(text: str, lits: tuple[str, ...], lo: int, hi: int) -> list[tuple[int, int]]:
    """The hits starting in [lo, hi) of the alternation `lits` as `re.finditer` over the whole
    text gives them: leftmost first, the first alternative at a position, no overlaps."""
    if len(lits) == 1 and _OVERLAP_FREE[lits]:
        n = len(lits[0])
        return [(p, p + n) for p in _occurrences(text, lits[0], lo, hi)]
    if not _OVERLAP_FREE[lits]:
        # A hit is suppressed only by an overlapping earlier one: back up to a point that no
        # occurrence straddles, from where the sweep is the whole text's sweep.
        longest = max(map(len, lits))
        while lo > 0:
            near = [p for x in lits for p in _occurrences(text, x, max(lo - longest + 1, 0), lo)]
            if not near:
                break
            lo = min(near)
    events = sorted((p, k) for k, x in enumerate(lits) for p in _occurrences(text, x, lo, hi))
    out, free = [], 0
    for p, k in events:
        if p >= free:
            free = p + len(lits[k])
            out.append((p, free))
    return out


def _near(rx, text: str, lits: tuple[str, ...], before: int, after: int,
          spots: list[tuple[int, int]], require: Optional[re.Pattern]) -> Iterator:
    """`inspection.near` on the windows that hold a spot whole: the only ones that can hold a
    match (each match holds one). Anchor hits are looked for only around spots."""
    last, done, n, longest = 0, 0, len(text), max(map(len, lits))
    for k, (hs, he) in enumerate(spots):
        # Anchor starts s with s - before <= hs and s + len + after >= he.
        for s, e in _anchor_hits(text, lits, max(he - after - longest, done), hs + before + 1):
            if s < done:
                continue
            done = s + 1
            ws, we = max(last, s - before), min(n, e + after)
            if not (ws <= hs and he <= we) and not any(ws <= a and b <= we for a, b in spots[k + 1:]):
                continue  # holds no spot: cannot hold a match
            if require is not None and require.search(text, ws, we) is None:
                continue  # nor this: not worth the rule's own (slower) engine
            for m in rx.finditer(text, ws, we):
                if m.end() > last:
                    last = m.end()
                    yield m


def _has(text: str, word: str) -> bool:
    """`word in text`, found by its rare first character: `str.find` skips to one character
    (a memchr) several times faster than `in` matches two."""
    find, c, i = text.find, word[0], text.find(word[0])
    while i >= 0:
        if text.startswith(word, i):
            return True
        i = find(c, i + 1)
    return False


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
    if _has(text, "审计") and "巡视" not in text and "巡察" not in text:
        return {}  # an audit report: same phrasing, not an inspection's totals
    excluded: Optional[list[tuple[int, int]]] = None
    audit_sentences: dict[tuple[int, int], bool] = {}

    def usable(pos: int) -> bool:
        nonlocal excluded
        if excluded is None:  # asked for only once a match is found
            excluded = [span for _, span in digest_units(doc)] if meta.kind == "digest" else []
        if any(s <= pos < e for s, e in excluded):
            return False
        sent = doc.sentence_at(pos)
        if sent not in audit_sentences:
            audit_sentences[sent] = "审计" in text[sent[0]:sent[1]]
        return not audit_sentences[sent]

    found: dict[str, tuple[int, Count]] = {}
    body = text[start:end]
    cache: list[Optional[list[tuple[int, int]]]] = [None] * len(_SPOT)
    for key, rx, lits, before, after, spots, require in _RULES:
        hits = _spot_hits(body, spots, cache)
        if not hits:
            continue
        for m in _near(rx, body, lits, before, after, hits, require):
            pos = start + m.start()
            if key in found and found[key][0] <= pos:
                break
            if not usable(pos):
                continue
            value = to_number(m.group("n"), m.groupdict().get("unit"))
            if value is None:
                continue
            # The fields' own types already: no validation (`model_construct`).
            count = Count.model_construct(value=value, text=clean_value(m.group(0)), span=(pos, start + m.end()))
            found[key] = (pos, count)
            break
    return {k: found[k][1] for k in sorted(found, key=_ORDER.__getitem__)}
