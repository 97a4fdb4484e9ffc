"""The problems a feedback item lists as found (SPEC `issues`: issues with `measures: []`).

A feedback news item names what the inspectors found after a lead, then states demands:

    巡察发现了一些问题,主要有:一是…有差距;二是…不到位;三是…不严。     ← three problems
    就做好整改工作,巡察组提出要求:一是…;二是…。                      ← demands: none

Forms of the list after a `finding_lead`: enumerated items (`一是`, `第一,`, `1.`, `(1)`,
`①`; `finding_item` rules), `有的…;有的…` clauses, or a plain list of shortcomings
(`…共性问题:A有偏差,B有差距,C不到位等`). Without a lead, `反馈指出…存在A、B等问题`
(`finding_list`) lists them. A list ends at the paragraph's end or at a demand
(`requirement_lead`): what follows a demand is never a problem.
"""
from __future__ import annotations

from typing import Optional

from ..text.document import Document
from .measures import _enumerated, any_match, clean, rules
from ..models import Issue, issues_from_dicts
from ..rules import compiled

# Where an item's title ends: its first clause of a list (`;`) or sentence.
_TITLE_END = compiled.re(r"[。;;!?]")
# A sentence's end, and the `;` between the items of a list.
_SENTENCE_END = compiled.re(r"[。!?]")
_SEMI = compiled.re(r"[;;]")
# A list's closing `等` (`…整改不到位等`, `…等问题`, `…等方面问题`).
_ETC_TAIL = compiled.re(r"等(?:方面)?(?:的)?(?:突出|共性|主要|具体)?(?:问题|不足)?$")
# `有的` opening a clause of a list of problems.
_YOUDE = compiled.re(r"(?:(?<=^)|(?<=[,,;;:。\s]))有的")
# Pieces of a plain list of shortcomings.
_PIECE_SEP = compiled.re(r"[,,;;、]")
_SKIP = " \t\r\n::,,"
# A piece of a plain list shorter than this continues the previous one (`不深入、不系统`).
_PIECE_MIN = 4


def finding_issues(doc: Document, start: int, end: int) -> list[Issue]:
    """The problems listed as found in `doc.text[start:end]`, numbered from 1."""
    text = doc.text
    found: list[dict] = []
    pos = start
    while pos < end:
        m = any_match("finding_lead", text, pos, end)
        if m is None:
            break
        items = _items_after(doc, m.end(), end, colon=text[m.end() - 1] in "::")
        found.extend(items)
        pos = items[-1]["span"][1] if items else m.end()
    if not found:
        found = _listed(text, start, end)
    for k, d in enumerate(found, 1):
        d["id"] = str(k)
    return issues_from_dicts(found)


def _paragraph_end(doc: Document, p: int, end: int) -> int:
    """The end of `p`'s paragraph, running on over following lines that open an item
    (`二是…`, `2.…`, `有的…`): a list written one item per line."""
    text, starts, ends = doc.text, doc.lines.starts, doc.lines.ends
    i = doc.line_at(p).index
    e = min(ends[i], end)
    i += 1
    while i < len(starts) and starts[i] < end:
        s = starts[i]
        while s < ends[i] and text[s].isspace():
            s += 1
        if s >= ends[i]:
            i += 1
            continue
        if not _item_start(text, s):
            break
        e = min(ends[i], end)
        i += 1
    return e


def _item_start(text: str, s: int) -> bool:
    """Whether an item label (`二是`, `2.`, `(2)`, `②`, `第二,`, `有的`) opens the text at `s`."""
    if text.startswith("有的", s):
        return True
    return any(r.regex.match(text, s) for r in rules("finding_item"))


def _demand_cut(text: str, p: int, e: int) -> int:
    """Where the demands start in `text[p:e]`: the sentence (or clause after `。;`) that holds a
    `requirement_lead`, else `e`."""
    m = any_match("requirement_lead", text, p, e)
    if m is None:
        return e
    s = max(text.rfind(c, p, m.start()) for c in "。;;\n") + 1
    return max(s, p)


def _items_after(doc: Document, p: int, end: int, colon: bool) -> list[dict]:
    text = doc.text
    while p < end and text[p] in _SKIP:
        p += 1
    e = _demand_cut(text, p, _paragraph_end(doc, p, end))
    if e <= p:
        return []
    spans = _enumerated(text, p, e, "finding_item")
    if spans and spans[0][0] == p:
        return [_item(text, s, t, _label(text, s)) for s, t in spans]
    starts = [m.start() for m in _YOUDE.finditer(text, p, e)]
    if len(starts) >= 2 and starts[0] == p:
        bounds = starts + [e]
        return [_item(text, s, t, None, skip=2) for s, t in zip(bounds, bounds[1:])]
    if colon:
        stop = _TITLE_END.search(text, p, e)
        if stop and text[stop.start()] in ";;":
            parts = _semicolon_parts(text, p, e)
            if parts:
                return parts
        return _pieces(text, p, stop.start() if stop and text[stop.start()] == "。" else (stop.start() if stop else e))
    return []


def _semicolon_parts(text: str, s: int, e: int) -> list[dict]:
    """A colon-led list whose items are separated by `;` (`主要是:A1,A2;B1,B2;C1,C2等。`): each
    `;` item, commas and all, is one problem, when there are two or more up to the sentence's end
    and most of them read as shortcomings."""
    end = _SENTENCE_END.search(text, s, e)
    end = end.start() if end else e
    bounds = [s] + [m.end() for m in _SEMI.finditer(text, s, end)] + [end]
    out = []
    for a, b in zip(bounds, bounds[1:]):
        t = _ETC_TAIL.sub("", clean(text[a:b]))
        if t:
            out.append(_piece(text, a, b, t))
    return out if _mostly_shortcomings(out) else []


def _piece(text: str, a: int, b: int, title: str) -> dict:
    """An unlabelled problem `title` read from `text[a:b]`, its span without the separator after it."""
    while b > a and text[b - 1] in "。.;;,,、 \t\r\n":
        b -= 1
    return dict(id="", parent=None, label=None, category=None, title=title, measures=[], status=None,
                long_term=False, progress_text=None, span=(a, b))


def _mostly_shortcomings(pieces: list[dict]) -> bool:
    """Two or more pieces, most of them saying what falls short (`…不到位`, `…有差距`)."""
    short = rules("shortcoming")[0]
    return len(pieces) >= 2 and sum(1 for d in pieces if short.regex.search(d["title"])) * 2 >= len(pieces)


def _label(text: str, s: int) -> Optional[str]:
    for r in rules("finding_item"):
        m = r.regex.match(text, s)
        if m:
            return "".join(m.group(0).split()).rstrip(",,、:")
    return None


def _item(text: str, s: int, e: int, label: Optional[str], skip: int = 0) -> dict:
    """One problem: its title is the item's first clause without the label."""
    t0 = s + (len(label) if label else skip)
    while t0 < e and text[t0] in " \t\r\n,,、:":
        t0 += 1
    stop = _TITLE_END.search(text, t0, e)
    title = clean(text[t0:stop.start() if stop else e])
    while e > s and text[e - 1] in " \t\r\n":
        e -= 1
    return dict(id="", parent=None, label=label, category=None, title=title, measures=[], status=None,
                long_term=False, progress_text=None, span=(s, e))


def _pieces(text: str, s: int, e: int) -> list[dict]:
    """A plain list of shortcomings (`A有偏差,B有差距,C不到位等`): each piece a problem, when
    there are two or more and most of them read as shortcomings."""
    bounds = [s]
    for m in _PIECE_SEP.finditer(text, s, e):
        if len(clean(text[bounds[-1]:m.start()])) >= _PIECE_MIN:
            bounds.append(m.end())
    if bounds[-1] < e and len(clean(text[bounds[-1]:e])) < _PIECE_MIN and len(bounds) > 1:
        bounds.pop()
    bounds.append(e)
    spans = [(a, b) for a, b in zip(bounds, bounds[1:])]
    out = []
    for a, b in spans:
        t = clean(text[a:b])
        if t.endswith("等"):
            t = clean(t[:-1])
        out.append(_piece(text, a, b, t))
    return out if _mostly_shortcomings(out) and all(d["title"] for d in out) else []


def _listed(text: str, start: int, end: int) -> list[dict]:
    """`反馈指出,…存在A、B等问题`: the listed problems."""
    out: list[dict] = []
    rule = rules("finding_list")[0]
    for m in rule.run.finditer(text, start, end):
        out.extend(_pieces(text, m.start("l"), m.end("l")))
    return out
