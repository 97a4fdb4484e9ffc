"""Who was inspected, by which groups: the units and shared group names of a round.

Rules are in `patterns/inspection_units.toml`. A round's units are read from every clause that
names them in the paragraph describing the round (the dating sentence's line and the next
lines of the opening):

    对县委组织部、县财政局等7个单位开展常规巡察,对县住建局开展“回头看”   → 3 units
    县委第一巡察组进驻县水务局                                         → 县水务局
    并对该镇东坪村、柳塘村进行延伸巡察                                   → 2 villages

and from a named group's own line anywhere in the body (`(一)区委第一巡察组巡察区教育局、…`).
For a feedback item the units fed back to (`向县交通局党组反馈巡察情况`) come first. A list
gives one unit per item (split at 、, and at 和/及/与 only between two names: `县人力资源和社会
保障局` stays whole); counting tails (`等7个单位`, `及所辖6个党总支`) are cut; an item is kept
only when it has the shape of an organisation's name, or when the list's tail says its items
are units (`江西、湖南等3个省`).
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator, Optional

from ..rules import patterns
from ..text.normalize import clean_value
from ..text.numerals import cn_to_int
from ..rules import compiled

_P = patterns.load("inspection_units")
_DUI = _P.get("unit_dui").regex
_JINZHU = _P.get("unit_jinzhu").regex
_EXTENDED = _P.get("unit_extended").regex
_ASSIGNED = _P.get("unit_assigned").regex
_FEEDBACK = _P.get("unit_feedback").regex
_FEEDBACK_DUI = _P.get("unit_feedback_dui").regex
_LABELLED = _P.get("unit_labelled").regex
_TABLE_ROW = _P.get("unit_table_row").regex
_TRIM = _P.get("unit_item_trim").regex
_TAIL = _P.get("unit_tail").regex
_SHAPE = _P.get("unit_shape").regex
_REJECT = _P.get("unit_reject").regex
_TAIL_NOUN = _P.get("unit_tail_noun").regex
_SHARED = _P.get("group_shared").regex

_ITEM_SEP = compiled.re(r"[、,](?![^()]*\))")  # never inside brackets: `县(市、区)` is one item
# The party organ a unit's name may end with: `县人民医院党委` and `县人民医院` are one unit, and so
# are a place and its committee (`白河市委` in the text, `白河市` in the title).
_PARTY_ORGAN = compiled.re(r"(?:党组织|党组|党委|党总支|党支部|党工委|(?<=[\u4e00-\u9fff][市县区州旗盟])委)$")
_JOIN = compiled.re(r"以及|和|及|与")
# Literal anchors: a clause of each kind holds one of these words.
_ROUND_WORDS = ("对", "进驻", "延伸")
_SHARED_SEP = compiled.re(r"[、和及,]第?")
# The joint of a shared name (`第三、四`, `第一、第二`): the group rule is tried only around it.
_SHARED_ANCHOR = compiled.re(r"[、和及,]第?[一二三四五六七八九十\d]{1,4}(?:提级交叉|提级|交叉|专项|联动|机动)?巡[察视]组")
_SHARED_ANCHOR_LONGEST = 1 + 1 + 4 + 4 + 3  # `、第十二提级交叉巡察组`: its longest match
_GROUP_TAIL = compiled.re(r"巡[察视]组")
_FEEDBACK_REACH = 600  # characters of a feedback item's body read for the units fed back to
_LINES_AFTER = 3  # lines of the opening read after the dating sentence's own line


def _is_unit(item: str, tail_says_units: bool) -> bool:
    if not 2 <= len(item) <= 40 or _REJECT.search(item):
        return False
    return bool(_SHAPE.search(item)) or (tail_says_units and len(item) <= 6)


def _split_joined(item: str) -> list[str]:
    """`县发改局和县统计局` → both; `县人力资源和社会保障局` stays whole (its left part is no name)."""
    out, rest = [], item
    while True:
        for j in _JOIN.finditer(rest):
            left = rest[:j.start()]
            if _SHAPE.search(left) and not _REJECT.search(left):
                out.append(left)
                rest = rest[j.end():]
                break
        else:
            out.append(rest)
            return out


def _cut_counted(item: str) -> str:
    """`item` without a counting tail opened by 等 or 共 with a count (`A等3个部门党组`,
    `青山乡共3个乡镇`): such a tail is never part of a name."""
    if "等" in item or "共" in item:
        t = _TAIL.search(item)
        if t and t.group("deng") and t.group("n") and t.start() > 0:
            return item[:t.start()]
    return item


def split_units(raw: str) -> list[str]:
    """The units of one list as written (see the module docstring).

    >>> split_units("县委组织部、县财政局等7个单位")
    ['县委组织部', '县财政局']
    >>> split_units("东山镇、西河镇党委及所辖52个行政村")
    ['东山镇', '西河镇党委']
    >>> split_units("县自然资源局等3个部门党组、青山乡党委")
    ['县自然资源局', '青山乡党委']
    >>> split_units("县人力资源和社会保障局")
    ['县人力资源和社会保障局']
    >>> split_units("青松镇、东岗乡共2个乡镇及所辖18个村党组织")
    ['青松镇', '东岗乡']
    """
    raw = clean_value(raw)
    items = [p for part in _ITEM_SEP.split(raw) for p in _split_joined(part)]
    tail_says_units = False
    if items:
        last = items[-1]
        t = _TAIL.search(last)
        if t:
            noun = t.group("noun")
            counted = t.group("n")
            if t.group("deng"):
                cut = bool(counted) or not noun or bool(_TAIL_NOUN.match(noun))
            else:  # a bare count: when it counts the list (`A、B2个单位`) or names units
                cut = len(items) > 1 and (cn_to_int(counted) == len(items) or bool(_TAIL_NOUN.match(noun)))
            if cut and t.start() > 0:
                items[-1] = last[:t.start()]
                tail_says_units = bool(_TAIL_NOUN.match(noun))
        # A counted tail inside the list closes a sub-list (`县自然资源局等3个部门党组、青山乡党委`):
        # with 等 (or 共) and a count it is never part of a name.
        for k in range(len(items) - 1):
            items[k] = _cut_counted(items[k])
    out = []
    for item in items:
        trimmed = _TRIM.sub("", item)
        if trimmed != item:  # a lead and a trail may both stand (unchanged: nothing to trim again)
            trimmed = _TRIM.sub("", trimmed)
            # A counted tail before a trimmed trail (`东岗乡共6个乡镇及所辖58个村`).
            trimmed = _cut_counted(trimmed)
        item = trimmed
        if _is_unit(item, tail_says_units):
            out.append(item)
    return out


def _clauses(rx, text: str, lo: int, hi: int, word: str) -> Iterable[str]:
    if text.find(word, lo, hi) < 0:
        return ()
    return (m.group("t") for m in rx.finditer(text, lo, hi))


def _round_lines(doc, dating: tuple[int, int]) -> tuple[int, int]:
    """From the dating sentence to the end of the opening's next few lines (never a heading)."""
    line = doc.line_at(dating[0])
    stop = next((h.start for h in doc.headings if h.start > dating[0]), None)
    end = line.end
    body = doc.segments.body
    k = line.index
    taken = 0
    while taken < _LINES_AFTER and k + 1 < len(doc.lines) and (not body or k + 1 <= body[-1]):
        k += 1
        nxt = doc.lines[k]
        if stop is not None and nxt.end > stop:
            break
        end = nxt.end
        taken += not nxt.is_blank
    return dating[0], end


def _units_in(text: str, lo: int, hi: int) -> list[str]:
    units: list[tuple[int, str]] = []
    for rx, word in ((_DUI, "对"), (_JINZHU, "进驻"), (_EXTENDED, "延伸")):
        if text.find(word, lo, hi) < 0:
            continue
        for m in rx.finditer(text, lo, hi):
            units += [(m.start("t"), u) for u in split_units(m.group("t"))]
    return [u for _, u in sorted(units, key=lambda x: x[0])]


def find_word(text: str, word: str, lo: int, hi: int) -> int:
    """`text.find(word, lo, hi)`, looked for from its first character: over a long text a find of
    one character is ~40x faster than one of several (a body: 0.2 against 5-10µs), and a rare one
    stands in few places.

    >>> find_word("被巡视单位被巡察单位", "被巡察", 0, 10), find_word("被巡", "被巡", 0, 1)
    (5, -1)
    """
    first, rest = word[0], word[1:]
    i = text.find(first, lo, hi)
    while i >= 0 and not text.startswith(rest, i + 1, hi):
        i = text.find(first, i + 1, hi)
    return i


def _group_lines(text: str, lo: int, hi: int, group_ends: set[int]) -> list[tuple[int, int]]:
    """The lines (from after a line break or `lo` to the next line break or `hi`) of text[lo:hi]
    that hold the 组 ending a group's name, in order, each once."""
    out: list[tuple[int, int]] = []
    for g in sorted(group_ends):
        if not lo <= g - 1 < hi or (out and g - 1 < out[-1][1]):
            continue
        e = text.find("\n", g - 1, hi)
        out.append((text.rfind("\n", lo, g - 1) + 1 or lo, hi if e < 0 else e))
    return out


def _assigned(text: str, lo: int, hi: int, group_ends: set[int]) -> list[str]:
    """Units on a named group's own line (`区委第一巡察组巡察区教育局`) or under a label
    (`被巡察单位:市民政局党组`).

    A match of `unit_assigned` or `unit_table_row` never holds a line break (nor do their
    lookaheads need one beyond `$`): each is read only on the lines where a group's name ends,
    which gives the matches the whole span gives there (tests/inspection/test_units_fast.py)."""
    out = []
    if find_word(text, "被巡", lo, hi) >= 0:
        out += [u for m in _LABELLED.finditer(text, lo, hi) for u in split_units(m.group("t"))]
    lines = _group_lines(text, lo, hi, group_ends)
    for s, e in lines:
        for m in _ASSIGNED.finditer(text, s, e):
            if m.start() + 1 in group_ends:  # the match opens with the 组 that ends a group's name
                out += split_units(m.group("t"))
    for s, e in lines:
        for m in _TABLE_ROW.finditer(text, s, e):
            if m.start() + 1 in group_ends:
                out += split_units(m.group("t"))
    return out


def _fed_back(text: str, lo: int, hi: int) -> list[str]:
    """The units fed back to: `向A、B反馈…`, and `反馈了对A、B的巡察情况`, in order."""
    if text.find("反馈", lo, hi) < 0:
        return []
    found = [(m.start(), m.group("t")) for m in _FEEDBACK.finditer(text, lo, hi)]
    if text.find("反馈了对", lo, hi) >= 0 or text.find("反馈对", lo, hi) >= 0:
        found += [(m.start(), m.group("t")) for m in _FEEDBACK_DUI.finditer(text, lo, hi)]
        found.sort(key=lambda x: x[0])
    return [u for _, t in found for u in split_units(t)]


def _counted(unit: str) -> bool:
    """A counted set (`桂山镇3个村(社区)`, `某镇5个村级党组织`) rather than one unit's name."""
    t = _TAIL.search(unit)
    return t is not None and t.group("n") is not None


def round_targets(doc, title: str, dating: Optional[tuple[int, int]], body: tuple[int, int],
                  group_ends: set[int], feedback: bool) -> list[str]:
    """The inspected units of the round (see the module docstring), in order, deduplicated.

    `group_ends`: where each named group ends in `doc.text` (the group line rule needs one).
    """
    text = doc.text
    found: list[str] = []
    if feedback:
        # The units as the body's feedback sentence writes them (`向白河市委反馈`), then any the
        # title adds. From the body's start: the feedback may be told before the sentence that
        # dates the inspection (`5月12日,…向区城管局党组反馈了巡察意见。此前,…`).
        hi = min(body[1], body[0] + _FEEDBACK_REACH)
        if dating:
            hi = max(hi, _round_lines(doc, dating)[1])
        found += _fed_back(text, body[0], hi)
        # A title's counted set (`向桂山镇3个村(社区)反馈`) only sums up the units the body names.
        found += [u for u in _fed_back(title, 0, len(title)) if not (found and _counted(u))]
    if not found:
        # The dating sentence's forms first (`县人民医院党委` there, `县人民医院` in the title).
        if dating:
            found += _units_in(text, *_round_lines(doc, dating))
        found += _units_in(title, 0, len(title))
        found += _assigned(text, body[0], body[1], group_ends)
    return _distinct(found)


def _distinct(units: list[str]) -> list[str]:
    """Each unit once, in its first form: `市交通运输局` after `市交通运输局党组织` is the same unit,
    and so is `白河市` after `白河市委`.

    >>> _distinct(["白河市委", "白河市", "县人民医院党委", "县人民医院", "市卫健委"])
    ['白河市委', '县人民医院党委', '市卫健委']
    """
    out: list[str] = []
    keys: set[str] = set()
    for u in units:
        key = _PARTY_ORGAN.sub("", u)
        if key not in keys:
            keys.add(key)
            out.append(u)
    return out


def _shared_anchors(text: str, lo: int, hi: int, tails: Optional[list[int]] = None) -> Iterator[re.Match]:
    """Exactly `_SHARED_ANCHOR.finditer(text, lo, hi)`, searched only just before each `巡察组`/
    `巡视组` (which the engine skips to by its first character): a class-led pattern is tried at
    every position of the body. Each anchor match ends at the first such tail after its start
    and holds no other (its middle is numerals and type words), so the match ending at a tail
    starts at most `_SHARED_ANCHOR_LONGEST - 3` characters before it and after the previous tail."""
    prev = lo
    # `tails`: where each tail of text[lo:hi] starts, when the caller has them (`group_anchors`).
    for end in (t.end() for t in _GROUP_TAIL.finditer(text, lo, hi)) if tails is None else (t + 3 for t in tails):
        a = _SHARED_ANCHOR.search(text, max(prev, end - _SHARED_ANCHOR_LONGEST), end)
        prev = end
        if a is not None:
            yield a


def shared_groups(text: str, lo: int = 0, hi: Optional[int] = None,
                  tails: Optional[list[int]] = None) -> list[tuple[int, list[str], int]]:
    """(start, names, end) of each name shared by several groups (`市委第三、四巡察组`).

    >>> shared_groups("近日,市委第三、四巡察组分别向…反馈")
    [(3, ['市委第三巡察组', '市委第四巡察组'], 12)]
    """
    hi = len(text) if hi is None else hi
    out = []
    last = lo
    for a in _shared_anchors(text, lo, hi, tails):  # the rule runs only just before these
        if a.start() < last:
            continue
        m = None
        for m in _SHARED.finditer(text, max(last, a.start() - 60), a.end()):
            if m.end() == a.end():
                break
        else:
            continue
        last = m.end()
        nums = _SHARED_SEP.split(m.group("nums"))
        out.append((m.start(), [f"{m.group('pre')}第{n}{m.group('suf')}" for n in nums], m.end()))
    return out


# -- the committee's own round -------------------------------------------------------------
# A phrase quoting a round or a deployment from above runs from its lead word to the clause's
# end: `根据省委第二轮巡视巡察联动工作部署,` (then `市委第四轮巡察…` is the committee's own).
_QUOTE = compiled.re(r"(?:根据|按照|依据|落实|贯彻|结合)[^,;。\n]*")
_AUTH = compiled.re(patterns.expand("{auth}", _P.defs))


def quote_spans(src: str) -> list[tuple[int, int]]:
    """Spans of the phrases in `src` that quote a deployment (`根据省委…部署`)."""
    if "根据" not in src and "按照" not in src and "依据" not in src and "落实" not in src \
            and "贯彻" not in src and "结合" not in src:
        return []
    return [m.span() for m in _QUOTE.finditer(src)]


_QUOTE_LEADS = ("根据", "按照", "依据", "落实", "贯彻", "结合")  # `_QUOTE`'s lead words
_CLAUSE_ENDS = ",;。\n"  # what ends a quote (`_QUOTE` runs over anything else)


def quote_at(src: str, pos: int) -> Optional[tuple[int, int]]:
    """The span of `quote_spans(src)` that holds `pos`, if any, found from `pos`'s own clause
    instead of every quote of `src`: a quote runs from the first lead word of its clause to
    the clause's end, so `pos` is quoted when a lead word of its clause starts at or before it.

    >>> quote_at("根据省委第二轮巡视部署,市委第四轮巡察", 4), quote_at("根据省委第二轮巡视部署,市委第四轮巡察", 14)
    ((0, 11), None)
    """
    if src[pos] in _CLAUSE_ENDS:
        return None
    clause = max(src.rfind(c, 0, pos) for c in _CLAUSE_ENDS) + 1
    starts = [i for i in (src.find(w, clause, pos + len(w)) for w in _QUOTE_LEADS) if i >= 0]
    if not starts:
        return None
    start = min(starts)
    ends = [i for i in (src.find(c, start) for c in _CLAUSE_ENDS) if i >= 0]
    return start, min(ends) if ends else len(src)


def committee_near(src: str, start: int, end: int, before: int = 6) -> Optional[str]:
    """The committee named in `src[start - before:end]` (the last one), e.g. 省委 in `省委第二轮`."""
    found = None
    for found in _AUTH.finditer(src, max(0, start - before), end):
        pass
    return found.group(0) if found else None


def foreign(start: int, src: str, authority: Optional[str], quotes: list[tuple[int, int]]) -> bool:
    """Whether `src[start]` stands in a phrase quoting another committee than `authority`."""
    q = next(((s, e) for s, e in quotes if s <= start < e), None)
    if q is None or authority is None:
        return False
    c = committee_near(src, start, start + 8) or committee_near(src, q[0], start, 0)
    return c is not None and c != authority


def own(matches: Iterable, src: str, authority: Optional[str]) -> list:
    """`matches` (of `src`) ordered: the committee's own first (outside a quote, or quoting the
    same committee), then those quoting another committee (`根据省委第二轮巡视…`)."""
    # Each match's own quote only (`quote_at`): quoting phrases are common in a long body
    # (`整改落实…`), and finding them all cost more than the few matches need.
    mine, other = [], []
    for m in matches:
        q = quote_at(src, m.start())
        (other if q is not None and foreign(m.start(), src, authority, [q]) else mine).append(m)
    return mine + other
