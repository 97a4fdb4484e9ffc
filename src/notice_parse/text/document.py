"""The prepared document every extractor reads.

`prepare(text)` (`notice_parse.prepare`) folds the decoded text once (see `normalize`: width, pinyin glosses, traditional
script), splits it into lines and
sentences, segments it into page chrome / title / body / signature / footer and builds the
heading tree. Extractors take a `Document` and never look at raw text again; all offsets
they report index `Document.original` (the folded view has the same length, so offsets in
`Document.text` are offsets in the original).
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from functools import cached_property
from array import array
from bisect import bisect_right
from itertools import islice, repeat
from operator import itemgetter, methodcaller, sub
from typing import TYPE_CHECKING, Iterator, Optional, Sequence

from . import units as _units
from ..rules import compiled

if TYPE_CHECKING:  # headings imports this module
    from .headings import Heading


_NEWLINE = compiled.re(r"\n")
_CRLF = compiled.re(r"\r(?=\n)")
_match_end = methodcaller("end")
_span = methodcaller("span")
_first = itemgetter(0)
# A sentence: from its first visible character to 。!? (with closing quotes) or the line end.
# What ends a sentence, the one definition every stage cuts sentences with (folded text: `！`
# and `？` read as `!` and `?`). A sentence runs to one of these (with any closing quotes after
# it) or to the end of its line.
SENTENCE_END = "。!?"
_SENTENCE = compiled.re(rf"[^\s{SENTENCE_END}][^{SENTENCE_END}\n]*(?:[{SENTENCE_END}]+[”’\"』」)]*)?")


class Line:
    """One line of the folded text; `start`/`end` exclude the line break and any `\\r`."""

    __slots__ = ("index", "start", "end", "text")

    def __init__(self, index: int, start: int, end: int, text: str) -> None:
        # A plain class, not a frozen dataclass: a notice can have 200,000 lines.
        self.index = index
        self.start = start
        self.end = end
        self.text = text

    def __repr__(self) -> str:
        return f"Line({self.index}, {self.start}, {self.end}, {self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Line) and (self.index, self.start, self.end, self.text) == (
            other.index, other.start, other.end, other.text)

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()

    @property
    def content_span(self) -> tuple[int, int]:
        """The span of the line without leading and trailing white space."""
        lead = len(self.text) - len(self.text.lstrip())
        trail = len(self.text) - len(self.text.rstrip())
        return self.start + lead, self.end - trail


@dataclass(slots=True)
class Segments:
    """Line indices of each part of the notice (see `segment.segment`)."""

    chrome_top: list[int] = field(default_factory=list)
    title: list[int] = field(default_factory=list)
    body: list[int] = field(default_factory=list)
    issuer: list[int] = field(default_factory=list)
    signing_date: Optional[int] = None
    footer: list[int] = field(default_factory=list)
    # Character span of the signing date inside its line (a line may carry issuer and date).
    signing_date_span: Optional[tuple[int, int]] = None
    issuer_span: Optional[tuple[int, int]] = None
    # The title inside the first body line, for a notice scraped onto one line (`title` empty).
    title_span: Optional[tuple[int, int]] = None


@dataclass
class Document:
    original: str
    text: str
    lines: "Lines"
    segments: Segments = field(default_factory=Segments)
    headings: list["Heading"] = field(default_factory=list)
    # The notice's own year (signing date, else publishing time): partial dates and 今年/去年
    # resolve against it, never against the current date.
    context_year: Optional[int] = None
    # The notice's own full date, when the line giving that year gives one (`dates`).
    context_date: Optional[_dt.date] = None
    path: Optional[str] = None
    # A saved page's right-aligned lines without white space (its signature block), else empty.
    aligned_right: frozenset = frozenset()
    # Date mentions per sentence span, filled by `dates.sentence_dates` on first use: the window,
    # feedback, period and deadline readers look at the same sentences.
    sentence_dates: dict = field(default_factory=dict)
    # The written view (`normalize.written`: width folded, pinyin glosses out of words, traditional
    # characters kept), same length; `text` is this view script folded. The same object as
    # `text` when nothing was script folded or blanked (then values read from `text` are
    # already as written).
    written: str = ""
    # Where the characters moved out of pinyin glosses stand in the original (`normalize.Moves`),
    # or None: offsets found in the views are mapped back through it (`as_written.restore`).
    moves: Optional[list] = None

    # -- views -----------------------------------------------------------------------------
    # Computed once, on first use, for every dimension that reads them (`units`).
    @cached_property
    def scope(self) -> tuple[int, int]:
        """The body's span, or the whole text when segmentation found no body."""
        s, e = self.body_span
        return (s, e) if e > s else (0, len(self.text))

    @cached_property
    def unit_sections(self) -> list["_units.UnitSection"]:
        """A digest's sections headed by a unit's name, in order ([] when fewer than two units)."""
        return _units.unit_sections(self)

    @cached_property
    def digest_units(self) -> list[tuple[str, tuple[int, int]]]:
        """A digest's units with the span of each one's section."""
        return _units.digest_units(self)

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """`[start, end)` of each sentence (ends at 。!? or a line break), blank ones skipped."""
        return list(map(_span, _SENTENCE.finditer(self.text)))

    def sentence_at(self, offset: int) -> tuple[int, int]:
        """The sentence that contains `offset`, else `(offset, offset)` (sentences are sorted
        and do not overlap: the last one starting at or before `offset` is the only candidate)."""
        sents = self.sentences
        i = bisect_right(sents, offset, key=_first) - 1
        if i >= 0 and offset < sents[i][1]:
            return sents[i]
        return offset, offset

    def line_at(self, offset: int) -> Line:
        return self.lines[max(self.lines.index_at(offset), 0)]

    @cached_property
    def body_lines(self) -> list[Line]:
        """The body's lines (made once: several extractors walk them)."""
        return [self.lines[i] for i in self.segments.body]

    @cached_property
    def body_span(self) -> tuple[int, int]:
        body = self.segments.body
        if not body:
            return 0, 0
        return self.lines[body[0]].start, self.lines[body[-1]].end

    def slice(self, span: tuple[int, int]) -> str:
        """The folded text of a span."""
        return self.text[span[0] : span[1]]


class Lines(Sequence[Line]):
    """The lines of a text, stored as two arrays of offsets; `Line` objects are made on access.

    A scraped file can hold millions of (mostly blank) lines: keeping a Python object per line
    would cost ~200 bytes each, the offset arrays cost 16.
    """

    __slots__ = ("_text", "_starts", "_ends")

    def __init__(self, text: str) -> None:
        self._text = text
        # Offsets are found by the regex engine and stored straight into arrays (all in C): no
        # list of line strings, so 20 MB of newlines costs two 4-byte arrays, not a list.
        code = "i" if len(text) < 2**31 else "q"
        starts = array(code, [0])
        starts.extend(map(_match_end, _NEWLINE.finditer(text)))
        ends = array(code, map(sub, islice(starts, 1, None), repeat(1)))
        ends.append(len(text))
        for m in _CRLF.finditer(text):  # `\r\n`: the `\r` is not part of the line
            ends[bisect_right(starts, m.start()) - 1] -= 1
        self._starts, self._ends = starts, ends

    @property
    def starts(self) -> "array[int]":
        """Start offsets of all lines (sorted: `bisect` finds the line of an offset)."""
        return self._starts

    def index_at(self, offset: int) -> int:
        """The index of the line holding `offset` (the last line starting at or before it; -1
        before the first): the one line lookup every module uses.

        >>> Lines("ab\\ncd").index_at(3), Lines("ab\\ncd").index_at(2)
        (1, 0)
        """
        return bisect_right(self._starts, offset) - 1

    @property
    def ends(self) -> "array[int]":
        """End offsets of all lines (the line break and a `\\r` before it excluded)."""
        return self._ends

    def __len__(self) -> int:
        return len(self._starts)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self._starts)
        s, e = self._starts[index], self._ends[index]
        return Line(index, s, e, self._text[s:e])

    def __iter__(self) -> Iterator[Line]:
        text = self._text
        for i, (s, e) in enumerate(zip(self._starts, self._ends)):
            yield Line(i, s, e, text[s:e])

    def nonblank(self) -> list[int]:
        """Indices of lines with visible text (blank lines cost no object)."""
        text, starts, ends = self._text, self._starts, self._ends
        return [i for i in range(len(starts)) if ends[i] > starts[i] and not text[starts[i]:ends[i]].isspace()]


def split_lines(text: str) -> Lines:
    """Lines of `text` with offsets; `\\r` before a line break is not part of the line.

    >>> [(l.start, l.end, l.text) for l in split_lines("ab\\r\\ncd\\n")]
    [(0, 2, 'ab'), (4, 6, 'cd'), (7, 7, '')]
    """
    return Lines(text)
