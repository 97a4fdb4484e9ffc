"""Declared totals: the counts a notice states about its own rectification (SPEC `summary`).

Rules are in `patterns/summary.toml`, each naming its SPEC key; the first match of a key in the
body wins (`巡察反馈的四方面10个问题,已整改落实10个。在整改中,制定措施44个…`). What is not a
total of the notice:

* a sentence about an audit (`审计查出的问题,已整改40项`), and a whole audit report (one that
  names 审计 but never 巡视/巡察) — the phrasing is identical, the subject is not;
* in a digest, anything inside a unit's own section (`织金县针对…,党纪政务处分185人`): the
  figures belong to that unit, and the digest declares no totals of its own there;
* a sentence about a later check (`专项督查,发现8个方面21个问题整改不到位`), an earlier round or
  year (`上一轮巡察反馈的14个问题…`, `去年…`), or naming only rounds other than the notice's own
  (`第五轮巡察反馈问题整改中…` in a notice on round 6);
* a count under a heading that names one problem (`(一)关于…不到位的问题` / `1.…` under it):
  `开展提醒谈话32人次` there is that problem's measure. Headings come from the prepared
  document; which ones name a problem is data (`problem_heading` rules), not the issue reader's;
  and a count on a table row (cells parted by tabs or `|`): that row's problem's or unit's.

A zero never wins over a non-zero count of the same key in the same sentence. People handled
are summed when a sentence lists the parts and states no total (`给予党纪处分3人、诫勉谈话2人`).
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Optional


from ..rules import patterns, runner
from ..text.document import Document
from ..models import Count, Meta
from ..text.normalize import clean_value
from ..text.numerals import cn_to_int
from ..rules import compiled

_P = patterns.load("summary")
_MONEY = {"元": 1, "万元": 10_000, "亿元": 100_000_000}

# Where a rule is read. A notice of ~5,000 characters holds ~100 hits of the rules' anchors
# (`人`, `已`, `方面`…) but only a few places where a total can be: each rule reads the
# `window` around its anchor's hits only where one of its `spot`s lies (`rules.runner`; the
# spots' hits are found once per notice and shared between rules through one `memo`).
# (key, runner)
_RULES = [(r.key, runner.of(r)) for r in _P.rules() if r.key]


def _role(name: str):
    """One pattern of the context rules with that `role` (their alternation)."""
    rs = [r.regex.pattern for r in _P.rules() if r.role == name]
    return compiled.regex("|".join(f"(?:{x})" for x in rs))


_NOT_THIS = _role("not_this_inspection")
_ROUND = _role("round")
_PROBLEM_HEADING = _role("problem_heading")
_PROBLEM_WORD = _role("problem_word")
_PART_HEADING = _role("part_heading")
_PROBLEM_LEAD = _role("problem_lead")
_ORDER = {key: i for i, (key, _) in reversed(list(enumerate(_RULES)))}  # a key's first rule


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

    >>> to_number("四"), to_number("44"), to_number("3.6", "万元"), to_number("7.132", "万元"), to_number("一千二百", "元")
    (4, 44, 36000, 71320, 1200)
    """
    if unit is None:
        return cn_to_int(text)
    try:
        number = float(text) if text[:1].isdigit() else cn_to_int(text)  # `三万元`
        value = round(number * _MONEY[unit], 2)
    except (ValueError, KeyError, TypeError):
        return None
    return int(value) if value == int(value) else value


def _rounds(text: str) -> set[int]:
    return {n for n in (cn_to_int(m.group(1)) for m in _ROUND.finditer(text)) if n is not None}


class _Context:
    """Where a count found in the body is not a total of this inspection (asked per count)."""

    def __init__(self, doc: Document, meta: Meta, start: int, end: int) -> None:
        self.doc, self.meta, self.start, self.end = doc, meta, start, end
        self.excluded: Optional[list[tuple[int, int]]] = None
        self.sentences: dict[tuple[int, int], bool] = {}
        self.own: Optional[set[int]] = None
        self.problem: dict[int, bool] = {}

    def usable(self, pos: int) -> bool:
        if self.excluded is None:  # asked for only once a match is found
            self.excluded = [span for _, span in self.doc.digest_units] if self.meta.kind == "digest" else []
        if any(s <= pos < e for s, e in self.excluded):
            return False
        sent = self.doc.sentence_at(pos)
        if sent not in self.sentences:
            self.sentences[sent] = self._sentence_ok(self.doc.text[sent[0]:sent[1]])
        return self.sentences[sent] and not self._in_problem(pos) and not self._table_row(pos)

    def _table_row(self, pos: int) -> bool:
        """On a row of a table (cells parted by tabs or `|`): one problem's or one unit's row."""
        line = self.doc.line_at(pos)
        text = self.doc.original[line.start:line.end]  # folding turns tabs into spaces
        return text.count("\t") >= 2 or text.count("|") >= 2

    def _sentence_ok(self, sent: str) -> bool:
        if "审计" in sent or _NOT_THIS.search(sent):
            return False  # an audit; a later check; an earlier round or year
        named = _rounds(sent)
        return not named or not (own := self._own_rounds()) or bool(named & own)

    def _own_rounds(self) -> set[int]:
        """The notice's own rounds: those its title names, else those of the first body
        sentence that names one and is not about another inspection; a range between them too
        (`第一轮至第三轮`)."""
        if self.own is None:
            doc, own = self.doc, set()
            title = doc.segments.title
            if title:
                own = _rounds(doc.text[doc.lines[title[0]].start:doc.lines[title[-1]].end])
            if not own:
                for m in _ROUND.finditer(doc.text, self.start, self.end):
                    s, e = doc.sentence_at(m.start())
                    sent = doc.text[s:e]
                    if "审计" not in sent and not _NOT_THIS.search(sent):
                        own = _rounds(sent)
                        break
            self.own = set(range(min(own), max(own) + 1)) if own and max(own) - min(own) < 20 else own
        return self.own

    def _in_problem(self, pos: int) -> bool:
        """Inside one problem's section: the heading over `pos`, or one it stands under, names
        a problem (its counts are that problem's measures, not the notice's totals)."""
        heads = self.doc.headings
        if not heads:
            return False
        k = bisect_right(heads, pos, key=_head_start) - 1  # a few lookups, not a list of every start
        while k is not None and k >= 0:
            if k not in self.problem:
                h = heads[k]
                t = self.doc.text[h.text_span[0]:h.text_span[1]].strip()
                names = bool(_PROBLEM_HEADING.search(t) or _PROBLEM_WORD.search(t))
                self.problem[k] = names and (bool(_PROBLEM_LEAD.search(t)) or not _PART_HEADING.search(t))
            if self.problem[k]:
                return True
            k = heads[k].parent
        return False


def _head_start(h) -> int:
    return h.label_span[0]  # `Heading.start`, without the property call


def _paren_depth(text: str, start: int, end: int) -> int:
    return text.count("(", start, end) - text.count(")", start, end)


_TOTAL_BEFORE = ("共", "合计", "累计", "总计", "共计")


def _people(text: str, parts: list) -> tuple[int | float, int, int]:
    """People handled from the counts of one sentence, the first usable one first: a total
    (`共处理7人`, or one followed by `其中…`) is the value; parts listed without a total are
    summed (`给予党纪处分3人、诫勉谈话2人` → 5); a count in brackets belongs to the one before it.
    Returns (value, start, end) of the counts taken."""
    first = parts[0]
    listed = [first]
    for m in parts[1:]:
        if _paren_depth(text, first.start(), m.start()) > 0:
            continue  # `党纪处分6人(警告4人、…)`
        listed.append(m)
    if len(listed) == 1 or "其中" in text[first.end():listed[1].start()] or text[max(first.start() - 2, 0):first.start()].endswith(_TOTAL_BEFORE):
        return to_number(first.group("n")), first.start(), first.end()
    for m in listed[1:]:
        if text[max(m.start() - 2, 0):m.start()].endswith(_TOTAL_BEFORE):
            return to_number(m.group("n")), m.start(), m.end()
    values = [(to_number(m.group("n")), m) for m in listed]
    if any(v is None for v, _ in values):
        return to_number(first.group("n")), first.start(), first.end()
    nonzero = [m for v, m in values if v] or [first]
    return sum(v for v, _ in values), nonzero[0].start(), nonzero[-1].end()


def extract_summary(doc: Document, meta: Meta) -> dict[str, Count]:
    text = doc.text
    start, end = doc.scope
    if _has(text, "审计") and "巡视" not in text and "巡察" not in text:
        return {}  # an audit report: same phrasing, not an inspection's totals
    ctx = _Context(doc, meta, start, end)

    # key -> (pos, count, end of its sentence)
    found: dict[str, tuple[int, Count, int]] = {}
    body = text[start:end]
    memo: dict = {}  # the spots' hits in the body, shared between the rules
    for key, run in _RULES:
        matches = run.finditer(body, memo=memo)
        for m in matches:
            pos = start + m.start()
            old = found.get(key)
            if old is not None and pos >= old[0] and (old[1].value != 0 or pos >= old[2]):
                break  # the first count wins; a zero only until a non-zero one in its sentence
            if not ctx.usable(pos):
                continue
            value = to_number(m.group("n"), m.groupdict().get("unit"))
            if value is None:
                continue
            sent_end = doc.sentence_at(pos)[1]
            s, e = m.start(), m.end()
            if key == "people_handled":
                parts = [m]
                for m2 in matches:  # the rest of its sentence
                    if start + m2.start() >= sent_end:
                        break
                    if ctx.usable(start + m2.start()):
                        parts.append(m2)
                value, s, e = _people(body, parts)
            if old is not None and old[0] < sent_end and pos < old[2] and value == 0 and old[1].value != 0:
                continue  # same sentence: a zero never wins over a non-zero count
            # The fields' own types already: no validation (`model_construct`).
            count = Count.model_construct(value=value, text=clean_value(body[s:e]), span=(start + s, start + e))
            found[key] = (pos, count, sent_end)
            if value != 0 or key == "people_handled":
                break
    return {k: found[k][1] for k in sorted(found, key=_ORDER.__getitem__)}
