"""The heading tree of a notice's body, over every numbering scheme notices use.

Schemes (full- or half-width, folded before matching): `一、` (cn), `(一)` (paren_cn),
`1.` / `1、` (arabic; `6.2018年度…` is heading 6), `(1)` (paren_arabic), `①` (circled) and
`反馈问题一:` / `问题1:` (ordinal), `1)` (half_paren). Levels follow the order in which schemes first appear, the way readers
nest them: a scheme seen again closes every deeper level. A heading may run into its paragraph
(`(一)强化组织领导。局党组…`): its text is then the first sentence. In a very long line (a body
scraped onto one line) labels that follow a sentence end start headings too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .document import SENTENCE_END, Document
from .numerals import cn_to_int
from ..rules import compiled, patterns

_CN = "一二三四五六七八九十"
# The numbering schemes, in the order they are tried: `patterns/headings.toml` (one rule per
# scheme, with examples of the labels it reads).
_SCHEMES: list[tuple[str, re.Pattern[str]]] = [(r.name, r.regex) for r in patterns.load("headings").rules()]
# The schemes a label can open with each first character, in `_SCHEMES` order: `(` can only
# open `paren_cn` / `paren_arabic`, so a label costs one or two regex tries, not eight.
_BY_FIRST: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _first, _names in [("反问", {"ordinal"}), (_CN, {"cn"}), ("(", {"paren_cn", "paren_arabic"}),
                       ("".join(chr(c) for c in range(0x2460, 0x2474)), {"circled"}),
                       ("0123456789", {"half_paren", "combined", "arabic"})]:
    for _c in _first:
        _BY_FIRST[_c] = [(name, rx) for name, rx in _SCHEMES if name in _names]
# Characters a label can start with: a cheap test that spares most lines the regexes above.
_LABEL_START = frozenset(_BY_FIRST)
# Where a heading ends: its first sentence (a run-in heading) or the end of its line.
_HEAD_END = compiled.re(f"[{SENTENCE_END}]")
# In a long line a label opens a heading after a sentence end, a colon or white space (where
# a line break was lost: `…情况 (一)…方面 1.…`).
# (The separator is consumed rather than looked behind for: a leading character class lets the
# engine skip ahead fast, where a lookbehind is tried at every position of a long line.)
_RUN_IN_START = compiled.re(r"[。;!?:\s]\s*(?=\(?[" + _CN + r"\d]{1,3}[)、.]|[\u2460-\u2473]|(?:反馈)?问题[" + _CN + r"]{1,3}\s*[:、])")
LONG_LINE = 300
SHORT_BODY_LINE = 80


@dataclass(slots=True)
class Heading:
    """One numbered (or, after `issues` adds them, unnumbered) heading."""

    line: int
    scheme: str
    number: Optional[int]
    label: Optional[str]
    label_span: tuple[int, int]
    text_span: tuple[int, int]  # the heading's own text (first sentence / rest of line)
    level: int = 0
    parent: Optional[int] = None  # index into Document.headings

    @property
    def start(self) -> int:
        return self.label_span[0]


def match_label(text: str, pos: int = 0) -> Optional[tuple[str, re.Match[str]]]:
    """The numbering label at `text[pos:]`, if any, with its scheme.

    >>> [match_label(s)[0] for s in ["一、整改", "(一)加强", "1.学习", "6.2018年度", "(3)x", "①x"]]
    ['cn', 'paren_cn', 'arabic', 'arabic', 'paren_arabic', 'circled']
    >>> match_label("1.5万元") is None, match_label("一是加强") is None
    (True, True)
    """
    schemes = _BY_FIRST.get(text[pos]) if pos < len(text) else None
    if schemes is None:
        return None
    for scheme, rx in schemes:
        m = rx.match(text, pos)
        if m:
            return scheme, m
    return None


# A label's number by its digits (`一`, `12`, `十三`): a notice repeats the same few, and the
# keys are at most three digits or numerals, so the table stays small.
_VALUES: dict[str, Optional[int]] = {}


def _number(scheme: str, m: re.Match[str]) -> Optional[int]:
    g = m.group(1)
    if scheme == "circled":
        return ord(g) - 0x2460 + 1
    if scheme == "combined":
        return int(m.group(2))
    if g not in _VALUES:
        _VALUES[g] = cn_to_int(g)
    return _VALUES[g]


def _make(text: str, line_index: int, pos: int, line_end: int) -> Optional[Heading]:
    hit = match_label(text, pos)
    if not hit:
        return None
    scheme, m = hit
    number = _number(scheme, m)
    if number is None:
        return None
    head_start = m.end()
    while head_start < line_end and text[head_start] == " ":
        head_start += 1
    if head_start >= line_end:
        return None  # a bare number on a line is not a heading
    end_m = _HEAD_END.search(text, head_start, line_end)
    head_end = end_m.end() if end_m else line_end
    label = "".join(m.group(0).split())
    return Heading(line_index, scheme, number, label, (m.start(), m.end()), (head_start, head_end))


def _rstrip_at(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] == " ":
        end -= 1
    return end


# A line whose first visible character can start a label: one scan of the body finds them, so
# the many lines that cannot open a heading cost no Python work. (`[^\S\n]` is `str.lstrip`'s
# white space without the line break.) The scan looks for the line break before such a line:
# a literal lets the engine skip ahead, where `^` (MULTILINE) is tried at every position.
_LINE_LEAD = compiled.re(r"[^\S\n]*[" + re.escape("".join(sorted(_LABEL_START))) + "]")
_CANDIDATE_LINE = compiled.re(r"\n" + _LINE_LEAD.pattern)


def _label_starts(text: str, start: int, end: int) -> list[int]:
    """For every line starting in `[start, end)` whose first visible character can start a
    label, the offset of that character (`start` is a line start)."""
    out = []
    if start == 0:
        m = _LINE_LEAD.match(text, 0, end)
        if m:
            out.append(m.end() - 1)
    out.extend(m.end() - 1 for m in _CANDIDATE_LINE.finditer(text, max(start - 1, 0), end))
    return out


def find_headings(doc: Document) -> list[Heading]:
    """Numbered headings in the body, in order, with levels and parents."""
    body = doc.segments.body
    if not body:
        return []
    text = doc.text
    starts, ends = doc.lines.starts, doc.lines.ends
    # A body of one or two lines is a body scraped onto one line, however short.
    long_line = LONG_LINE if len(body) > 2 else SHORT_BODY_LINE
    in_body = set(body)
    # Line → offset of its first label character, for body lines that may open a heading.
    candidates: dict[int, int] = {}
    line_of = doc.lines.index_at
    for pos in _label_starts(text, starts[body[0]], ends[body[-1]]):
        line = line_of(pos)
        if line in in_body:
            candidates[line] = pos
    found: list[Heading] = []
    for i in body:
        pos = candidates.get(i)
        h = _make(text, i, pos, ends[i]) if pos is not None else None
        if h:
            found.append(h)
        if ends[i] - starts[i] >= long_line:
            found.extend(_run_in(text, i, starts[i], ends[i], h))
    assign_levels(found)
    return found


def _run_in(text: str, index: int, start: int, end: int, first: Optional[Heading]) -> list[Heading]:
    """Headings after the first inside a long line (a body scraped onto one line): labels right
    after a sentence end open headings; a heading's text stops where the next label starts."""
    lead = start
    while lead < end and text[lead].isspace():
        lead += 1
    on_line = [first] if first else []
    for m in _RUN_IN_START.finditer(text, lead, end):
        if on_line and m.end() < on_line[-1].label_span[1]:
            continue
        h2 = _make(text, index, m.end(), end)
        if h2:
            on_line.append(h2)
    for a, b in zip(on_line, on_line[1:]):
        if a.text_span[1] > b.start:
            a.text_span = (a.text_span[0], _rstrip_at(text, a.text_span[0], b.start))
    return on_line[1:] if first else on_line


def assign_levels(headings: list[Heading]) -> None:
    """Nest headings by scheme: the order schemes first appear fixes their depth.

    >>> hs = [Heading(0, s, 1, None, (0, 0), (0, 0)) for s in ["cn", "paren_cn", "arabic", "cn"]]
    >>> assign_levels(hs); [(h.level, h.parent) for h in hs]
    [(0, None), (1, 0), (2, 1), (0, None)]
    """
    stack: list[str] = []
    # The last heading seen at each open level: `last_at[k]` for level k (as long as `stack`).
    last_at: list[int] = []
    for idx, h in enumerate(headings):
        if h.scheme in stack:
            del stack[stack.index(h.scheme) + 1 :]
        else:
            stack.append(h.scheme)
        level = h.level = len(stack) - 1
        h.parent = last_at[level - 1] if level > 0 else None
        del last_at[level:]
        last_at.append(idx)
