"""Running a slow (`regex`) rule only where a cheap literal test says it may match.

A rule over a whole body costs the `regex` engine an attempt at every position; the rules here
all hold a literal (a word, a character) that `str.find` or the stdlib engine finds far faster,
so they are tried only around its hits, or only where they may start. `windowed`, `tried_at`
and `starts` give exactly what the plain `finditer` gives; `near` is the older,
window-per-anchor form the group and round rules use.
"""
from __future__ import annotations

import re
from typing import Iterator, Optional

import regex

from . import compiled


def char_hits(chars: str, text: str, pos: int = 0, endpos: Optional[int] = None) -> list[tuple[int, int]]:
    """Spans of every occurrence of any of `chars`, as `re.finditer("[chars]")` gives them."""
    endpos = len(text) if endpos is None else endpos
    found = []
    for c in dict.fromkeys(chars):
        i = text.find(c, pos, endpos)
        while i >= 0:
            found.append(i)
            i = text.find(c, i + 1, endpos)
    return [(i, i + 1) for i in sorted(found)]


class LedBy:
    """A stdlib pattern every match of which starts with one of `chars` (its branches all open
    with one of them: `个…组|分…组`), whose `finditer` gives exactly the pattern's own matches.

    The engine scans for a pattern led by a class or an alternation position by position (~5ns
    a character), for one led by a single literal much faster; `str.find` of one character is
    faster still. So the pattern is tried (`match`) only where one of `chars` stands, from where
    its last match ended, as `finditer` itself would. Its matches are never empty.
    """

    def __init__(self, rx: re.Pattern, chars: str) -> None:
        self.rx, self.chars = rx, chars

    def finditer(self, text: str, pos: int = 0, endpos: Optional[int] = None) -> Iterator[re.Match]:
        endpos = len(text) if endpos is None else endpos
        free = pos
        for i, _ in char_hits(self.chars, text, pos, endpos):
            if i >= free:
                m = self.rx.match(text, i, endpos)
                if m is not None:
                    free = m.end()
                    yield m


class StartsNear:
    """A stdlib lookahead (every match empty, as a `start_at` is) that can hold only where one of
    `chars` stands, or at most `back` characters before one of `marks` (`十五届`: 1-3 numerals
    before 届); `finditer` gives exactly its own matches, testing it only at those positions
    (a lookahead over a long alternation costs the engine ~0.1µs at every position)."""

    def __init__(self, rx: re.Pattern, chars: str, marks: str = "", back: int = 0) -> None:
        self.rx, self.chars, self.marks, self.back = rx, chars, marks, back
        # One class of single characters: scanned several times faster than the alternation.
        self._hit = compiled.re("[" + re.escape(chars + marks) + "]")

    def finditer(self, text: str, pos: int = 0, endpos: Optional[int] = None) -> Iterator[re.Match]:
        endpos = len(text) if endpos is None else endpos
        at: set[int] = set()
        for h in self._hit.finditer(text, pos, endpos):
            i = h.start()
            if text[i] in self.chars:
                at.add(i)
            if text[i] in self.marks:
                at.update(range(max(pos, i - self.back), i))
        match = self.rx.match
        for i in sorted(at):
            m = match(text, i, endpos)
            if m is not None:
                yield m


def near(rx: regex.Pattern, anchor: "re.Pattern | str", text: str, before: int, after: int,
         require: Optional[re.Pattern] = None, start_at: "re.Pattern | StartsNear | None" = None) -> Iterator[regex.Match]:
    """Matches of `rx` in windows around `anchor` hits only (each match once, in order).

    `anchor` is a stdlib pattern, or a string of single characters any of which is a hit.
    `require`, a stdlib pattern finding something in every match of `rx`, skips the windows
    where it finds nothing: a cheaper test than running `rx` there, never a different result.
    `start_at` (see `tried_at`) narrows where in a window `rx` is tried, never the result either.
    """
    last = 0
    spans = char_hits(anchor, text) if isinstance(anchor, str) else (a.span() for a in anchor.finditer(text))
    for a_start, a_end in spans:
        ws, we = max(last, a_start - before), min(len(text), a_end + after)
        if require is not None and require.search(text, ws, we) is None:
            continue
        if start_at is None:
            for m in rx.finditer(text, ws, we):
                if m.end() > last:
                    last = m.end()
                    yield m
            continue
        at = ws  # `tried_at`, inlined: this loop is hot
        for c in start_at.finditer(text, ws, we):
            if c.start() >= at:
                m = rx.match(text, c.start(), we)
                if m and m.end() > m.start():
                    at = m.end()
                    if at > last:
                        last = at
                        yield m


def tried_at(rx: regex.Pattern, start_at: re.Pattern, text: str, pos: int, endpos: int) -> Iterator[regex.Match]:
    """Exactly `rx.finditer(text, pos, endpos)` for a rule with no empty match, when `start_at`
    (a stdlib lookahead) holds at every position where a match of `rx` can start: `rx` is tried
    only there. The stdlib engine skips the other positions ~10x faster than `regex` tries them.
    """
    last = pos
    for c in start_at.finditer(text, pos, endpos):
        if c.start() >= last:
            m = rx.match(text, c.start(), endpos)
            if m and m.end() > m.start():
                last = m.end()
                yield m


def windowed(rx: regex.Pattern, anchor: "re.Pattern | LedBy", before: int, reach: int, text: str, pos: int = 0,
             endpos: Optional[int] = None) -> Iterator[regex.Match]:
    """Exactly `rx.finditer(text, pos, endpos)`, for a rule (no lookbehind, no empty match) each
    match of which holds a hit of `anchor` (a stdlib pattern, hits never overlapping) starting at
    most `before` characters after the match's start, and whose every attempt reads (lookaheads
    included) at most `reach` characters.

    A match then starts in [hit - before, hit] of some hit: only those positions are tried, in
    merged runs, each run's text long enough (`reach`) that no attempt is cut short.
    """
    endpos = len(text) if endpos is None else endpos
    last = pos
    hits = anchor.finditer(text, pos, endpos)
    nxt = next(hits, None)
    while nxt is not None:
        lo, hi = max(last, nxt.start() - before), nxt.start()
        nxt = next(hits, None)
        while nxt is not None and nxt.start() - before <= hi:  # overlapping runs are one
            hi = nxt.start()
            nxt = next(hits, None)
        for m in rx.finditer(text, lo, min(endpos, hi + reach)):
            if m.start() > hi:
                break
            last = m.end()
            yield m


def starts(rx: regex.Pattern, words: tuple[str, ...], text: str, pos: int, endpos: int) -> Iterator[regex.Match]:
    """`rx.finditer(text, pos, endpos)` for a rule whose (non-empty) matches all start with one of
    `words`: tried only where one stands, not at every position. Found by their first characters
    (`str.find` of one character is ~10x faster than of a word: CJK words defeat its skip table)."""
    last = pos
    for i, _ in char_hits("".join(w[0] for w in words), text, pos, endpos):
        if i >= last and text.startswith(words, i):
            m = rx.match(text, i, endpos)
            if m and m.end() > m.start():
                last = m.end()
                yield m
