"""The Chinese date grammar: dates as notices write them, as SPEC `Date` objects with spans.

The surface forms live in `patterns/dates.toml` (rule `atom` finds one date as written); this
module gives each atom its calendar interval and joins atoms into ranges:

* a partial atom (`12月10日`, `23日`, `中旬`) takes its year — and month — from the nearest
  fuller date earlier in the same sentence, else from the notice's own year (`context_year`,
  the signing or publishing year; never today's date). Given the notice's own full date
  (`context_date`), a yearless date that would fall more than half a year after it is last
  year's (a page of 2024-01-05 telling of `12月28日至1月20日`; a report signed in March about
  `10月9日至12月8日`): a notice tells of what happened or is about to. A mention whose year came
  from the notice's year is `context_dependent`: `sentence_dates` resolves a notice without a
  year against `NO_YEAR`, and its caller leaves such dates out (`year_unresolved`);
* a range end that would fall before its start rolls forward (`2020年12月20日至1月10日` ends in
  2021; `8月28日至3日` would end next month), because a range written so runs forward;
* two atoms joined by a connector (`至 到 — —— - ~`, `开始,至`) are a range; `自…起` and
  `…以来` leave it open; `自即日起至11月30日` is a range whose start is not a date
  (`open_start`); durations (`为期45天`) stay text (`find_duration`).

Everything is scanned per sentence, once, with the compiled `atom` rule.
"""
from __future__ import annotations

import datetime as dt
from operator import itemgetter
from typing import Iterator, Optional

from ..rules import patterns, runner
from .calendar import cached_interval, interval, split_month_day  # noqa: F401  (interval, split_month_day: public here)
from ..models import Date, Precision
from ..text.normalize import clean_value, fold
from ..text.numerals import cn_to_int
from ..rules import compiled

_RULES = patterns.load("dates")
_ATOM = _RULES.get("atom").regex
_CONNECTOR = _RULES.get("connector").regex
_CONNECTOR_LONGEST = _RULES.get("connector").longest
_OPEN_END = _RULES.get("open_end").regex
_OPEN_START = _RULES.get("open_start").regex
_OPEN_START_BACK = _RULES.get("open_start").back
_DURATION = runner.of(_RULES.get("duration"))  # its `require` rules most sentences out
# The atom's group names by number (a name used twice in the rule is one group): a match's
# `groups()` tuple is 30x cheaper than its `groupdict()`, and indexing it 8x cheaper than
# zipping it into a dict.
_ATOM_NAMES = sorted(_ATOM.groupindex, key=_ATOM.groupindex.get)
assert [_ATOM.groupindex[n] for n in _ATOM_NAMES] == list(range(1, _ATOM.groups + 1))
_GI = {n: i for i, n in enumerate(_ATOM_NAMES)}
# The groups `_resolve` reads, in the order it unpacks them.
_PICK = itemgetter(*(_GI[n] for n in ("y", "yrel", "m", "mc", "mb", "d", "dc", "mod", "fused", "fx", "fu",
                                        "cx", "bd", "ymod", "q", "h")))

# Relative years: offset from the notice's year, or from the previous date in the sentence
# (`base`) for 次年/当年. The characters before the 今/去/… that make it another word
# (`过去年`, `说明年度`, `不同年份`, `相当年`) are listed so they are not read as years.
_REL_YEAR = {"今": ("context", 0), "本": ("context", 0), "去": ("context", -1), "前": ("context", -2),
             "明": ("context", 1), "次": ("base", 1), "翌": ("base", 1), "当": ("base", 0), "同": ("base", 0)}
_REL_BLOCK = {"今": "如至迄", "本": "成资基根日版样文", "去": "过失除离", "前": "以之目此从提",
              "明": "说证表声查阐文透光聪分标发简注申", "次": "多每首一二三两几层档批人班届再依",
              "翌": "", "当": "适相应充恰妥得正担", "同": "不共相协合认连如等"}
# A resolved atom: (start, end, earliest, latest, precision, year from the notice's year). Its
# `Date` is made only when asked for: a sentence's mentions are mostly looked at for their spans
# and intervals alone.
_Resolved = tuple[int, int, dt.date, dt.date, Precision, bool]
# What a resolved atom offers the partial dates after it: (year, month or None, year from context).
_Base = tuple[int, Optional[int], bool]

# The year a notice without one of its own is resolved against (`sentence_dates`): a leap year
# (`2月29日` stays a date) that no real notice has; every date resolved so is `context_dependent`.
NO_YEAR = 2096
# A yearless date more than this after the notice's own date is last year's.
_AHEAD = dt.timedelta(days=183)


def _date(text: str, r: _Resolved) -> Date:
    return Date(text=clean_value(text[r[0]:r[1]]), earliest=r[2], latest=r[3], precision=r[4], span=(r[0], r[1]))


class DateMention:
    """One date or range as written: `start` (and `end` for a range) with the mention's span."""

    __slots__ = ("_text", "_first", "_last", "_dates", "span", "open_end", "open_start")

    def __init__(self, text: str, first: _Resolved, last: Optional[_Resolved], span: tuple[int, int],
                 open_end: bool = False, open_start: bool = False) -> None:
        self._text, self._first, self._last, self._dates = text, first, last, None
        # `open_start`: the mention is the end of a range whose start is no date (`自即日起至…`).
        self.span, self.open_end, self.open_start = span, open_end, open_start

    def _made(self) -> tuple[Date, Optional[Date]]:
        if self._dates is None:
            self._dates = (_date(self._text, self._first), None if self._last is None else _date(self._text, self._last))
        return self._dates

    @property
    def start(self) -> Date:
        return self._made()[0]

    @property
    def end(self) -> Optional[Date]:
        return None if self._last is None else self._made()[1]

    @property
    def precision(self) -> Precision:
        """The start's precision."""
        return self._first[4]

    @property
    def earliest(self) -> dt.date:
        return self._first[2]

    @property
    def context_dependent(self) -> bool:
        """Whether its year came from the notice's own year, not from the sentence."""
        return self._first[5] or (self._last is not None and self._last[5])

    @property
    def latest(self) -> dt.date:
        return (self._last or self._first)[3]

    def __repr__(self) -> str:
        return f"DateMention(start={self.start!r}, end={self.end!r}, span={self.span}, open_end={self.open_end})"


# One `atom` match, before resolution: (start, end, groups by number as `_ATOM_NAMES` orders
# them), its groups read once (one call, not ~15). A plain tuple: cheaper to make than an object.
_Atom = tuple[int, int, tuple[Optional[str], ...]]


def _num(s: Optional[str]) -> Optional[int]:
    # Arabic digits (most numbers) read directly; `cn_to_int` gives the same for them.
    return None if s is None else int(s) if s.isascii() and s.isdigit() else cn_to_int(s)


def _resolve(a: _Atom, text: str, base: Optional[_Base], context_year: Optional[int],
             *, as_end: bool = False, after: Optional[dt.date] = None,
             context_date: Optional[dt.date] = None) -> Optional[tuple[_Resolved, _Base]]:
    """One atom resolved (and what it offers later partial dates), else None."""
    a_start, a_end, groups = a
    (y, yrel, m, mc, mb, d, dc, mod, fused, fx, fu, cx, bd, ymod, q, h) = _PICK(groups)
    explicit_year = bool(y or yrel)
    year: Optional[int]
    from_context = False  # the year is the notice's own, with nothing in the sentence to give it
    if y:
        year = _num(y)
        ctx = False
    elif yrel:
        if a_start > 0 and text[a_start - 1] in _REL_BLOCK[yrel]:
            return None
        anchor, off = _REL_YEAR[yrel]
        if anchor == "context":
            ref, ctx = context_year, True
        else:
            ref, ctx = (base[0], base[2]) if base else (None, False)
        year = None if ref is None else ref + off
    elif base:
        year, ctx = base[0], base[2]
    else:
        year, ctx = context_year, True
        from_context = True
    if year is None:
        return None

    month = _num(m or mc or mb)
    day = _num(d or dc)
    if fused:
        if fu == "月":
            month, day = int(fx), None
        else:
            md = split_month_day(fx)
            if md is None:
                return None
            month, day = md
    elif cx:
        md = split_month_day(cx)
        if md is None:
            return None
        month, day = md
    elif bd:
        # A bare day (`23日`) needs a month from the sentence; a Chinese-numeral one
        # (`二十三日`) is too common in prose to stand for a date except as a range end.
        if not base or base[1] is None or (dc and not as_end):
            return None
        month = base[1]
    if mc and not (explicit_year or day or mod or "份" in text[a_start:a_end] or as_end):
        return None  # `一月一次`: a Chinese month with nothing else is not a date
    if ymod and month is None:
        month = 1 if ymod == "初" else 12
    q, h = _num(q), ({"上": 1, "下": 2}.get(h) if h else None)

    iv = cached_interval(year, month, day, mod, q, h)
    if from_context and iv is not None and context_date is not None and iv[0] > context_date + _AHEAD:
        iv2 = cached_interval(year - 1, month, day, mod, q, h)  # last year's (see the module doc)
        if iv2:
            year, iv = year - 1, iv2
    if iv is not None and after is not None and iv[1] < after and not explicit_year:
        # A range runs forward: `12月20日至1月10日` ends next year, `8月28日至3日` next month.
        if bd or cx:
            ny, nm = (year + 1, 1) if month == 12 else (year, (month or 0) + 1)
            iv2 = cached_interval(ny, nm, day, None, None, None)
            if iv2:
                year, month, iv = ny, nm, iv2
        else:
            iv2 = cached_interval(year + 1, month, day, mod, q, h)
            if iv2:
                year, iv = year + 1, iv2
    if iv is None:
        return None
    earliest, latest, precision = iv
    if ymod:
        precision = "month"
    has_month = month is not None and not (q or h)
    return (a_start, a_end, earliest, latest, precision, ctx), (year, month if has_month else None, ctx)


# Every atom holds one of these; the atom rule runs only in the runs of date-like characters
# around them (the `regex` engine tries its lookbehinds at each position it is given, so
# scanning whole sentences would cost ~10x more). Triggers use the stdlib engine.
_TRIGGER = TRIGGER = compiled.re(r"[年月日号季]|\d[-/.]\d")  # public: no trigger, no date
# The same hits when the text holds none of `-/.` (most sentences): a bare class is 2x faster.
_TRIGGER_CHARS = compiled.re(r"[年月日号季]")
_DATE_CHARS = "0123456789〇零○O一二三四五六七八九十两年月日号份度旬初中底末季上下半今去前明次翌当同本第 -/.~—―至到"
_REACH = 24  # how far a run of date characters is followed from a trigger
_LOOKAHEAD = 3  # characters the atom rule's lookaheads may need after an atom


def _regions(text: str, pos: int, endpos: int) -> list[tuple[int, int]]:
    """Spans of `text[pos:endpos]` that may hold a date: runs of date characters around triggers.

    >>> _regions("经研究,2020年9月10日至12月10日,县委", 0, 25)
    [(4, 24)]
    """
    out: list[tuple[int, int]] = []
    numeric = text.find("-", pos, endpos) >= 0 or text.find(".", pos, endpos) >= 0 or text.find("/", pos, endpos) >= 0
    if endpos - pos <= _REACH and not text[pos:endpos].strip(_DATE_CHARS):
        # A short span of date characters alone (a signing date): every trigger's run reaches
        # both ends, so one region, the span, if it holds a trigger.
        return [(pos, endpos)] if (_TRIGGER if numeric else _TRIGGER_CHARS).search(text, pos, endpos) else []
    if numeric:
        triggers: Iterator = _TRIGGER.finditer(text, pos, endpos)
    else:
        triggers = _after_regions(text, pos, endpos, out)
    for t in triggers:
        if out and t.start() < out[-1][1] - _LOOKAHEAD:
            continue
        # The run of date characters either side, by str.rstrip/lstrip (C) rather than a loop.
        s = t.start()
        before = text[max(pos, s - _REACH):s]
        s -= len(before) - len(before.rstrip(_DATE_CHARS))
        e = t.end()
        after = text[e:min(endpos, e + _REACH)]
        e += len(after) - len(after.lstrip(_DATE_CHARS))
        e = min(endpos, e + _LOOKAHEAD)
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _after_regions(text: str, pos: int, endpos: int, out: list[tuple[int, int]]) -> Iterator:
    """The single-character triggers `_regions` does not skip, as its loop builds `out`: each
    searched from where the last region's skip ends (the triggers inside it, one character
    each, are the ones the loop would pass over)."""
    search = _TRIGGER_CHARS.search
    t = search(text, pos, endpos)
    while t is not None:
        yield t
        t = search(text, max(t.end(), out[-1][1] - _LOOKAHEAD), endpos)


# Where an atom may start: a digit (of any script: anything outside ASCII and Han is let
# through), a Chinese numeral, a relative year (今去…), 第 (quarter) or 上/下 (half). Each
# position the atom rule is tried at costs ~1.5µs, so it is tried only at these.
_ATOM_START = compiled.re(r"[0-9O〇零○一二三四五六七八九十两今去前明次翌当同本第上下]|[^\x00-\x7f\u4e00-\u9fff]")


# The two shapes most atoms have (`2020年9月10日`, `12月10日`: ~70% of those in the snapshot
# texts), read by the stdlib engine (~5x cheaper than one attempt of the atom rule). Where one
# matches, the atom rule matches the same characters with the same groups: its branches before
# the year's (`num`, `fused`) need `-/.` or a digit after four digits; in the year's and the bare
# month's, each group tries its alternatives in this order and takes the first that lets the
# rest match (the rule's `\s?`, `份`, lookaheads see a digit or 日 and step aside). Only `y`,
# `m`, `d` are set. The lookbehinds count every character beyond the BMP as a digit (the rule's
# `regex` `\d` holds some the stdlib's does not): there the rule is asked. tests/dates/
# test_atoms.py compares both on every sentence of the snapshot texts and on random ones.
_FAST_ATOM = compiled.re("(?<![\\d\U00010000-\U0010ffff])((?:19|20)[0-9]{2})年(1[0-2]|0?[1-9])月(3[01]|[12][0-9]|0?[1-9])日"
                         "|(?<![.\\d\U00010000-\U0010ffff])(1[0-2]|0?[1-9])月(3[01]|[12][0-9]|0?[1-9])日")
_Y, _M, _D = _GI["y"], _GI["m"], _GI["d"]
_NO_GROUPS = (None,) * len(_ATOM_NAMES)


def _fast_groups(f: "re.Match[str]") -> tuple[Optional[str], ...]:
    """The atom rule's groups for a `_FAST_ATOM` match."""
    g = list(_NO_GROUPS)
    y, m, d, m2, d2 = f.groups()
    if y is None:
        g[_M], g[_D] = m2, d2
    else:
        g[_Y], g[_M], g[_D] = y, m, d
    return tuple(g)


def _atoms(text: str, pos: int, endpos: int) -> list[_Atom]:
    """What `_ATOM.finditer` finds in each region, trying only the positions it can match at
    (the common shapes by `_FAST_ATOM`)."""
    out: list[_Atom] = []
    last = pos
    fast = _FAST_ATOM.match
    for rs, re_ in _regions(text, pos, endpos):
        p = max(rs, last)
        while (c := _ATOM_START.search(text, p, re_)) is not None:
            i = c.start()
            if "0" <= text[i] <= "9":
                f = fast(text, i, re_)
                if f is not None:
                    out.append((i, f.end(), _fast_groups(f)))
                    last = p = f.end()
                    continue
            m = _ATOM.match(text, i, re_)
            if m is None or m.end() == m.start():
                p = i + 1
                continue
            out.append((m.start(), m.end(), m.groups()))
            last = p = m.end()
    return out


def scan(text: str, pos: int = 0, endpos: Optional[int] = None, *, context_year: Optional[int] = None,
         context_date: Optional[dt.date] = None) -> list[DateMention]:
    """Date mentions in one sentence `text[pos:endpos]` (folded text; spans are absolute).

    >>> [(m.start.text, m.end.text if m.end else None) for m in scan("2020年9月10日至12月10日,巡察")]
    [('2020年9月10日', '12月10日')]
    >>> scan("2019年8月10日至23日")[0].latest.isoformat()
    '2019-08-23'
    """
    endpos = len(text) if endpos is None else endpos
    atoms = _atoms(text, pos, endpos)
    out: list[DateMention] = []
    base: Optional[_Base] = None
    i = 0
    while i < len(atoms):
        a = atoms[i]
        got = _resolve(a, text, base, context_year, context_date=context_date)
        if got is None:
            i += 1
            continue
        start, base = got
        if i + 1 < len(atoms):
            b = atoms[i + 1]
            gap = text[a[1]:b[0]]
            joined = (len(gap) <= _CONNECTOR_LONGEST and bool(_CONNECTOR.search(gap))) or (
                gap == "" and start[4] == "day" and bool(b[2][_GI["m"]] or b[2][_GI["mc"]]))  # `5月6日6月5日`
            if joined:
                got_end = _resolve(b, text, base, context_year, as_end=True, after=start[2], context_date=context_date)
                if got_end is not None:
                    end, base = got_end
                    out.append(DateMention(text, start, end, (a[0], b[1])))
                    i += 2
                    continue
        tail = text[a[1]:min(endpos, a[1] + 4)]
        # Every `open_end` match holds 起, 开 or 以: without one, no need to run it.
        open_end = ("起" in tail or "开" in tail or "以" in tail) and bool(_OPEN_END.search(tail))
        # Every `open_start` match ends in 至 or 到: without one before the atom, no need to run it.
        open_start = (a[0] > pos and text[a[0] - 1] in "至到" and
                      bool(_OPEN_START.search(text, max(pos, a[0] - _OPEN_START_BACK), a[0])))
        out.append(DateMention(text, start, None, (a[0], a[1]), open_end, open_start))
        i += 1
    return out


def parse(text: str, context_year: Optional[int] = None) -> Optional[DateMention]:
    """The first date mention in a short text (folded here), or None.

    >>> m = parse("2018年11月中旬至2018年12月底")
    >>> m.start.precision, m.earliest.isoformat(), m.latest.isoformat()
    ('dekad', '2018-11-11', '2018-12-31')
    >>> parse("〔2018〕29号") is None
    True
    """
    found = scan(fold(text), context_year=context_year)
    return found[0] if found else None


def parse_single(text: str, span: Optional[tuple[int, int]] = None) -> Optional[Date]:
    """One full date (`2020年5月31日`, `二〇二三年六月十二日`, `2023年9月15`, `2020-05-31`).

    >>> parse_single("二〇二三年六月十二日").earliest.isoformat()
    '2023-06-12'
    >>> parse_single("2023年9月15", (10, 19)).span
    (10, 19)
    """
    folded = fold(text)
    for m in scan(folded):
        r = m._first  # the start's resolved atom: its `Date` is made once, with its final span
        if r[4] != "day":
            continue
        return Date(text=clean_value(folded[r[0]:r[1]]), earliest=r[2], latest=r[3], precision=r[4],
                    span=None if span is None else (span[0] + r[0], span[0] + r[1]))
    return None


def find_duration(text: str, pos: int = 0, endpos: Optional[int] = None) -> Optional[tuple[str, tuple[int, int]]]:
    """A stated duration kept as written (`为期45天`), with its span.

    >>> find_duration("开展为期45天的巡察")
    ('为期45天', (2, 7))
    """
    m = _DURATION.search(text, pos, len(text) if endpos is None else endpos)
    if not m:
        return None
    return clean_value(m.group(0)), (m.start(), m.end())


def sentence_dates(doc, sentence: tuple[int, int]) -> list[DateMention]:
    """Date mentions in one sentence of a prepared `Document`, against its own year and date; a
    notice without a year of its own is read against `NO_YEAR`, and the dates that needed it are
    `context_dependent` (the caller leaves them out and says so: `year_unresolved`)."""
    # Scanned once per notice: the window, feedback, period and deadline look at the same sentences.
    cache = doc.sentence_dates
    found = cache.get(sentence)
    if found is None:
        year = doc.context_year
        found = cache[sentence] = scan(doc.text, sentence[0], sentence[1], context_year=NO_YEAR if year is None else year,
                                       context_date=doc.context_date)
    return found


def iter_dates(doc) -> Iterator[DateMention]:
    """Every date mention of a prepared `Document`, sentence by sentence."""
    for sent in doc.sentences:
        yield from sentence_dates(doc, sent)
