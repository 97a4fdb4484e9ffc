"""Values as written: take the strings extractors cut from the folded view back to the script
of the notice.

Rules read `Document.text`, where traditional characters are folded to simplified ones, so a
value cut there is simplified (`县委第二巡察组`). SPEC wants values as written (`縣委第二巡察組`),
except the fixed vocabularies (kind, mode, authority, types, status), which stay simplified.
Folding is one character for one, and white space sits at the same offsets in both views, so a
value (white space squeezed out) is found in the squeezed folded text and the same stretch of
the squeezed written text is the value as written; pinyin glosses are blanks in both views, so
they drop out too. A value the extractor composed (`市委第三、四巡察组` → `市委第四巡察组`) is not
found whole: its characters then take the forms the notice itself uses.

Pinyin glosses were taken out of their words in both views (`normalize._unglossed`): the
characters after a gloss moved left over it. Spans found in the views are mapped back through
`Document.moves`, so every span indexes the original text again.

This runs once per notice and only when the notice had anything script folded or a gloss: for
a simplified notice without glosses `Document.written is Document.text`, `moves` is None and
nothing is done.
"""
from __future__ import annotations

from array import array
from bisect import bisect_right
from typing import Optional

from .document import Document
from ..models import Date, Notice
from .normalize import script_chars, squeeze
from ..rules import compiled

Span = Optional[tuple[int, int]]
_SPACE = compiled.re(r"\s+")
# Contact values that are script free (digits, Latin): never looked up.
_SCRIPT_FREE_CONTACTS = {"phone", "email", "postcode", "website"}
_REVERSE: dict[str, list[str]] = {}


class Restorer:
    """Maps strings cut from `doc.text` to the same stretch of `doc.written`."""

    def __init__(self, doc: Document) -> None:
        self.folded, self.written = doc.text, doc.written
        self.sf = squeeze(self.folded)
        self.sw = squeeze(self.written)
        # Both views have white space at the same offsets; a length check guards the invariant.
        self.ok = len(self.sf) == len(self.sw)
        self._gaps: Optional[tuple[array, array, array]] = None
        self._counts: dict[str, int] = {}

    # -- offsets in the squeezed text -----------------------------------------------------------
    def _squeezed(self, offset: int) -> int:
        """The offset in the squeezed text of `offset` in the full text."""
        if self._gaps is None:
            starts, ends, removed = array("q"), array("q"), array("q")
            total = 0
            for m in _SPACE.finditer(self.folded):
                starts.append(m.start())
                ends.append(m.end())
                total += m.end() - m.start()
                removed.append(total)
            self._gaps = (starts, ends, removed)
        starts, ends, removed = self._gaps
        i = bisect_right(starts, offset) - 1
        if i < 0:
            return offset
        before = removed[i - 1] if i else 0
        return offset - before - (min(offset, ends[i]) - starts[i])

    # -- values ------------------------------------------------------------------------------
    def value(self, text: Optional[str], span: Span = None) -> Optional[str]:
        """`text` as written: the stretch it came from (inside or nearest `span`), else composed."""
        if not text or not self.ok:
            return text
        sf, n = self.sf, len(text)
        i = -1
        if span is not None:
            lo, hi = self._squeezed(span[0]), self._squeezed(span[1])
            i = sf.find(text, lo, max(hi, lo + n))
            if i < 0:
                before, after = sf.rfind(text, 0, hi), sf.find(text, lo)
                if before >= 0 and (after < 0 or lo - before <= after - lo):
                    i = before
                else:
                    i = after
        else:
            i = sf.find(text)
        if i >= 0:
            return self.sw[i:i + n]
        return self._compose(text)

    def _compose(self, text: str) -> str:
        """A value not found whole: each simplified character takes the notice's own form."""
        if not _REVERSE:
            for t, s in script_chars().items():
                _REVERSE.setdefault(s, []).append(t)
        out = []
        for c in text:
            forms = _REVERSE.get(c)
            if forms:
                c = max([c] + forms, key=self._count)
            out.append(c)
        return "".join(out)

    def _count(self, c: str) -> int:
        n = self._counts.get(c)
        if n is None:
            n = self._counts[c] = self.written.count(c)
        return n

    def date(self, d: Optional[Date]) -> None:
        if d is not None:
            d.text = self.value(d.text, d.span)


def restore(doc: Document, notice: Notice) -> Notice:
    """Put every free-text value of `notice` back into the notice's own script, and every span
    onto the original text (in place).

    Fixed vocabularies (kind, mode, authority, types, issue status) and script-free values
    (phones, e-mails, postcodes, web addresses, ISO times) are left alone; so are keywords,
    which come from the simplified dictionary.
    """
    if doc.written is not doc.text and doc.written:
        _values(doc, notice)
    if doc.moves:
        _spans(doc.moves, notice)
    return notice


class _SpanMap:
    """Offsets in the views → offsets in the original, through the gloss moves."""

    def __init__(self, moves: list[tuple[int, int, int]]) -> None:
        self.moves = moves
        self.starts = [f for f, _, _ in moves]

    def _at(self, p: int) -> Optional[int]:
        i = bisect_right(self.starts, p) - 1
        if i >= 0:
            f, o, n = self.moves[i]
            if p < f + n:
                return o + p - f
        return None

    def span(self, span: Span) -> Span:
        if span is None:
            return None
        s, e = span
        start = self._at(s)
        end = self._at(e - 1) if e > s else None
        return (s if start is None else start, e if end is None else end + 1)


def _spans(moves: list[tuple[int, int, int]], notice: Notice) -> None:
    m = _SpanMap(moves)
    notice.spans = {k: m.span(v) for k, v in notice.spans.items()}
    ins = notice.inspection
    objects = [notice.issued_on, ins.feedback, ins.petition_deadline]
    if ins.window is not None:
        objects += [ins.window.start, ins.window.end]
    objects += list(notice.summary.values()) + notice.issues + notice.contacts + notice.warnings
    seen: set[int] = set()
    for obj in objects:  # an object shared by two fields is mapped once
        if obj is not None and id(obj) not in seen and obj.span is not None:
            seen.add(id(obj))
            obj.span = m.span(obj.span)


def _values(doc: Document, notice: Notice) -> None:
    r = Restorer(doc)
    spans = notice.spans
    notice.title = r.value(notice.title, spans.get("title"))
    notice.issuer = r.value(notice.issuer, spans.get("issuer"))
    notice.source_site = r.value(notice.source_site, spans.get("source_site"))
    r.date(notice.issued_on)
    ins = notice.inspection
    ins.topic = r.value(ins.topic)
    ins.duration = r.value(ins.duration)
    ins.groups = [r.value(g) for g in ins.groups]
    ins.targets = [r.value(t) for t in ins.targets]
    if ins.window is not None:
        r.date(ins.window.start)
        r.date(ins.window.end)
    r.date(ins.feedback)
    r.date(ins.petition_deadline)
    for count in notice.summary.values():
        count.text = r.value(count.text, count.span)
    for issue in notice.issues:
        span = issue.span
        issue.title = r.value(issue.title, span)
        issue.category = r.value(issue.category, span)
        issue.unit = r.value(issue.unit, span)
        issue.progress_text = r.value(issue.progress_text, span)
        issue.measures = [r.value(m, span) for m in issue.measures]
    for c in notice.contacts:
        if c.kind not in _SCRIPT_FREE_CONTACTS:
            c.value = r.value(c.value, c.span)
        c.label = r.value(c.label, c.span)
        c.group = r.value(c.group, c.span)
    return notice
