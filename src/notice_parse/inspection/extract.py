"""Inspection facts: mode, authority, term/round, types, topic, groups, targets, dates.

Rules are in `patterns/inspection.toml`. The inspection is dated by one sentence — the first
body sentence whose verb says the inspection took place (`对寿县科技局进行了…巡察`, `开展…巡视`,
`进驻`) — and the window is the date nearest before that verb (outside the `对…` target, which
may hold years of its own: `对2019年、2020年拟摘帽…县开展`). The feedback date is the date
nearest before a feedback verb (`反馈了巡察意见`, `反馈意见后`), from that sentence on, unless a
reference word (`根据…反馈意见`) stands between them. No other body date is ever taken.
"""
from __future__ import annotations

import bisect
import re
from itertools import islice
from types import SimpleNamespace
from typing import Iterator, Optional

import regex

from ..rules import patterns
from ..dates.mentions import TRIGGER as _DATE_TRIGGER
from ..dates.mentions import DateMention, find_duration, sentence_dates
from ..text.document import Document
from ..text.groups import group_anchors, named_groups
from ..rules import runner
from .units import foreign, own, quote_spans, round_targets, shared_groups
from ..models import Date, Inspection, Meta, Warning, Window
from ..text.normalize import clean_value, fold
from ..text.numerals import cn_to_int
from ..rules import compiled


_P = patterns.load("inspection")
_DATING = _P.get("dating_verb").regex
# Rules run with their hints (`rules.runner`: `anchor`, `window`, `require`, `start_at`).
_FEEDBACK = runner.of(_P.get("feedback_verb"))
_REFERENCE = _P.get("reference_words").regex
_AUTHORITY = _P.get("authority").regex
_GROUP_COUNT = runner.of(_P.get("group_count"))
_ROUND = runner.of(_P.get("round"))
_ROUND_WINDOW = _P.get("round").window
# What every `round` match holds: `第{cnn}\s?轮` or `首轮`, then (its lookahead) 巡察/巡视 within 12
# characters with no clause end between, all inside the window the runner reads around its 轮
# (`_round_matches`). `\s?` is any character here, and every character beyond the BMP a digit
# (the rule's `regex` `\d` holds some the stdlib's does not): a window read for nothing is never
# a different result. A report's 本轮巡察, 新一轮, 第二轮整改 hold no round of a committee.
_ROUND_CORE = compiled.re("(?:第[\\d一二三四五六七八九十两\U00010000-\U0010ffff]{1,4}[\\s\\S]?|首)[轮輪]"
                          "(?=[^,。;]{0,12}?(?:巡察|巡视))")
_TYPE = runner.of(_P.get("type_word"))
_TYPE_ROUND = _P.get("type_round").regex
_TOPIC = _P.get("topic").regex
_TARGET_DUI = _P.get("target_dui").regex
_TARGET_JINZHU = _P.get("target_jinzhu").regex
_PETITION = runner.of(_P.get("petition"))
_PERIOD = runner.of(_P.get("period"))  # tried only at its start words
_VAGUE = _P.get("vague_time").regex
_EARLIER = _P.get("earlier_inspection").regex
_AUTH_TOKEN = compiled.regex(patterns.expand("{auth}", _P.defs))
_MODE = compiled.regex(r"巡察|巡视")
_CLAUSE_END = compiled.regex(r"[,;]")
_BOOK_TITLE = compiled.regex(r"《[^《》\n]{0,80}》")
# Field defaults: factories (lists) are called per notice, plain defaults copied.
_DEFAULTS = {k: f.default for k, f in Inspection.model_fields.items() if not f.default_factory}
_FACTORIES = [(k, f.default_factory) for k, f in Inspection.model_fields.items() if f.default_factory]
_TYPE_ALIAS = {"转头看": "回头看"}  # synonym-spun scraped copies (FIELD-NOTES §3)
# Compiled once: `regex.sub(str, …)` looks its pattern up in a cache on every call (~13µs).
_TOPIC_TRIM = compiled.regex(r"^(?:开展|进行|实施|了|的)+|(?:的|机动式?|提级|交叉|联动)+$")


def _all_groups(named: list[tuple[int, int, str]], shared: list[tuple[int, list[str], int]]) -> list[str]:
    """Named groups and the groups of shared names (`市委第三、四巡察组`), in order of mention."""
    found = [(s, [g]) for s, _, g in named] + [(s, gs) for s, gs, _ in shared]
    return [g for _, gs in sorted(found, key=lambda x: x[0]) for g in gs]


def _round_paragraph(doc: Document, dating: Optional[tuple[int, int]]) -> str:
    """The paragraph that describes the round: the dating sentence's line, else the first body
    line that names 巡察/巡视 (a feedback item: `…分别向本轮常规巡察、巡察“回头看”…反馈`)."""
    if dating:
        line = doc.line_at(dating[0])
        return doc.text[line.start:line.end]
    for line in doc.body_lines:
        if "巡察" in line.text or "巡视" in line.text:
            return line.text
    return ""


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    return [x for x in items if x and not (x in seen or seen.add(x))]


def _mention_date(m: DateMention, text: str) -> Date:
    """One `Date` for a mention; a range (`于2021年2月1日至3日…进行了反馈`) becomes one interval."""
    if m.end is None:
        return m.start
    return Date(text=clean_value(text[m.span[0]:m.span[1]]), earliest=m.earliest,
                latest=m.latest, precision=m.precision, span=m.span)


def _target_span(text: str, start: int, end: int) -> Optional[tuple[int, int]]:
    """Where the units stand between 对 and the verb (`对寿县科技局进行了`), else after 进驻: a date
    there is no window (`对2019年、2020年拟摘帽…县开展`). (The units themselves are read by
    `units.round_targets`.)"""
    m = None
    for m in _TARGET_DUI.finditer(text, start, end):
        pass
    if m is None:
        m = _TARGET_JINZHU.search(text, start, end)
    return None if m is None else m.span("t")


def _window(doc: Document, sent: tuple[int, int], verb: regex.Match,
            target_span: Optional[tuple[int, int]], mentions: list[DateMention]) -> Optional[DateMention]:
    """The date nearest before the dating verb (outside the target), else the first after it."""
    before = [m for m in mentions if m.span[1] <= verb.start()
              and not (target_span and target_span[0] <= m.span[0] < target_span[1])]
    if before:
        return before[-1]
    if _FEEDBACK.search(doc.text, verb.end(), sent[1]):
        return None  # `…进行了巡察,2023年6月5日向…反馈`: a later date belongs to the feedback
    after = [m for m in mentions if verb.end() <= m.span[0]]
    return after[0] if after else None


def _restated(doc: Document, sent: tuple[int, int], start: DateMention, ahead: int = 2) -> Optional[DateMention]:
    """A window dated by its first day alone (`于2024年3月18日进驻…`) is completed by one of the
    next sentences restating that day as a range (`巡察期间(2024年3月18日至4月17日),…`)."""
    sents = doc.sentences
    k = bisect.bisect_left(sents, (sent[1], -1))
    for s in sents[k:k + ahead]:
        if s[0] >= doc.scope[1]:
            break
        for m in sentence_dates(doc, s):
            if m.end is not None and m.earliest == start.earliest and m.precision == start.precision:
                return m
    return None


def _feedback(doc: Document, after_pos: int, skip: Optional[DateMention],
              known: Optional[tuple[tuple[int, int], list[DateMention]]] = None,
              before: Optional[int] = None) -> Optional[DateMention]:
    """`known`: a sentence whose dates are already scanned (the dating one, often the same);
    `before`: search only up to there (default: the end of the body)."""
    text = doc.text
    cache: dict[tuple[int, int], list[DateMention]] = {}
    if known is not None:
        cache[known[0]] = [m for m in known[1] if skip is None or m.span != skip.span]
    for fb in _FEEDBACK.finditer(text, after_pos, doc.scope[1] if before is None else before):
        s, e = doc.sentence_at(fb.start())
        if (s, e) not in cache:
            # Most feedback words of a report stand in sentences without a date
            # (`针对巡察反馈的问题,…`): no trigger, no date, and no need to scan the sentence.
            cache[(s, e)] = [m for m in sentence_dates(doc, (s, e)) if skip is None or m.span != skip.span] \
                if _DATE_TRIGGER.search(text, s, e) else []
        mentions = cache[(s, e)]
        lo = max(s, after_pos)
        cands = [m for m in mentions if lo <= m.span[0] and m.span[1] <= fb.start()]
        if cands:
            m = cands[-1]
            if _VAGUE.search(text, m.span[1], fb.start()):
                return None  # `…,近日,巡察组向…反馈了巡察情况`: the feedback's day is not given
            if not _REFERENCE.search(text, m.span[1], fb.start()):
                return m
            continue
        # `反馈会于3月14日召开`: a date after the verb in the same clause.
        clause_end = _CLAUSE_END.search(text, fb.end(), e)
        stop = clause_end.start() if clause_end else e
        later = [m for m in mentions if fb.end() <= m.span[0] < stop]
        if later:
            return later[0]
    return None


def _petition(doc: Document) -> tuple[Optional[DateMention], bool]:
    """The date right after a deadline phrase (a range's end: `受理信访时间为…至10月20日`), and
    whether it is the day the groups withdraw (`各巡察组将于…前撤离`: the rule's `将于` branch,
    whose lookahead holds the 撤离), which ends the window too."""
    text = doc.text
    body_s, body_e = doc.scope
    for p in _PETITION.finditer(text, body_s, body_e):  # tried only at its start words
        if not _DATE_TRIGGER.search(text, p.end(), p.end() + 16):
            continue  # no date right after it
        s, e = doc.sentence_at(p.start())
        for m in sentence_dates(doc, (s, e)):
            if p.end() - 1 <= m.span[0] <= p.end() + 3:
                return m, p.group(0) == "将于"
    return None, False


def _period(doc: Document, stop: int) -> Optional[DateMention]:
    """A range stated as the inspection's period (`巡察期间(6月24日至7月26日)`) before `stop`."""
    start = doc.scope[0]
    for p in _PERIOD.finditer(doc.text, start, stop):
        if not _DATE_TRIGGER.search(doc.text, p.end(), p.end() + 16):
            continue  # no date right after it
        s, e = doc.sentence_at(p.start())
        for m in sentence_dates(doc, (s, e)):
            if p.end() - 1 <= m.span[0] <= p.end() + 1 and m.end is not None:
                return m
    return None


def _unresolved(doc: Document, what: str, m: DateMention, out: list[Warning]) -> bool:
    """True (and a `year_unresolved` warning) for a date whose year only a notice's own date
    could give, in a notice without one."""
    if doc.context_year is None and m.context_dependent:
        out.append(Warning(code="year_unresolved", span=m.span,
                           message=f"{what} ({clean_value(doc.text[m.span[0]:m.span[1]])}): no year in its sentence, "
                                   "and the notice gives no signing or publishing date; left null"))
        return True
    return False


def _round_matches(src: str) -> Iterator[regex.Match]:
    """Exactly `_ROUND.finditer(src)`: the runner's windows around each 轮/輪 (its `_near`), read
    only where one holds `_ROUND_CORE`, and the rule tried there only where a round can start:
    at 第 or 首, or at most 4 characters before 届/屆 (a term's 1-3 numerals and a space). The
    runner's `start_at` (any digit-like character, 第, 首) lets every digit of a nearby date
    through (`2023年`). tests/inspection/test_rounds_fast.py compares both."""
    rx, (before, after) = _ROUND.rx, _ROUND_WINDOW
    n, core, find = len(src), _ROUND_CORE.search, src.find
    last = 0
    for s, e in runner.char_hits("轮輪", src):
        ws, we = max(last, s - before), min(n, e + after)
        if core(src, ws, we) is None:
            continue
        cands: set[int] = set()
        for ch in "第首":
            i = find(ch, ws, we)
            while i >= 0:
                cands.add(i)
                i = find(ch, i + 1, we)
        for ch in "届屆":
            i = find(ch, ws, we)
            while i >= 0:
                cands.update(range(max(ws, i - 4), i))
                i = find(ch, i + 1, we)
        at = ws
        for c in sorted(cands):
            if c >= at:
                m = rx.match(src, c, we)
                if m and m.end() > m.start():
                    if m.end() == we < n:  # cut by the window: read it whole (as the runner)
                        m = rx.match(src, m.start()) or m
                    at = m.end()
                    if at > last:
                        last = at
                        yield m


def _opening_verbs(doc: Document, first: regex.Match, limit: int = 6) -> Iterator[regex.Match]:
    """The first dating verb, then further ones in later sentences of the opening (before the
    first heading), at most `limit`: a window is never taken from the report's sections."""
    yield first
    stop = doc.headings[0].start if doc.headings and doc.headings[0].start > first.end() else doc.scope[1]
    last_sentence = doc.sentence_at(first.start())
    for v in islice(_DATING.finditer(doc.text, first.end(), stop), limit):
        sent = doc.sentence_at(v.start())
        if sent != last_sentence:
            last_sentence = sent
            yield v


def _this_rounds_verb(text: str, sent: tuple[int, int], v: regex.Match) -> Optional[regex.Match]:
    """`v`, else the next dating verb of its sentence, when its clause recalls an earlier
    inspection (`该局曾于2019年接受县委巡察,2024年3月4日至4月30日,县委第二巡察组对该局开展…`)."""
    while v is not None:
        clause = max(sent[0], *(text.rfind(c, sent[0], v.start()) + 1 for c in ",;"))
        if not _EARLIER.search(text, clause, v.start()):
            return v
        v = _DATING.search(text, v.end(), sent[1])
    return None


# The `group_count` rule as its runner reads it (`anchor` hits, `before`, `reach`), its anchor
# tried only where a hit can start (`_count_anchors`).
_COUNT_RULE = _P.get("group_count")
_COUNT_ANCHOR = compiled.re(_COUNT_RULE.anchor)
_COUNT_LEAD = 8  # the farthest a count's 个 stands before its 巡察组: `个自治区党委专项巡视组`
_AFTER_FEN = "成为一二三四五六七八九十两"  # what follows 分 in a count (`分成3个组`, `分七组`), or a digit


def _count_anchors(text: str, pos: int, endpos: int, tails: list[int]) -> Iterator[re.Match]:
    """Exactly the anchor hits the runner finds in text[pos:endpos] (it tries every 个 and 分), tried
    only at a 个 at most `_COUNT_LEAD` characters before a 巡察组/巡视组 (`tails`: where each of
    the span's starts; `个(?:{auth})?(?:{type})?{insp}组`) and at a 分 before 成/为 or a numeral
    (`分(?:成|为)?{cnn}…组`, stdlib \\d). A report has dozens of 个 and 分 (`个人`, `部分`, `充分`)."""
    find = text.find
    cands = set()
    for t in tails:
        if pos < t and t + 3 <= endpos:
            i = find("个", max(pos, t - _COUNT_LEAD), t)
            while i >= 0:
                cands.add(i)
                i = find("个", i + 1, t)
    i = find("分", pos, endpos)
    while i >= 0:
        if i + 1 < endpos and (text[i + 1] in _AFTER_FEN or text[i + 1].isdecimal()):
            cands.add(i)
        i = find("分", i + 1, endpos)
    free, match = pos, _COUNT_ANCHOR.match
    for i in sorted(cands):
        if i >= free:
            m = match(text, i, endpos)
            if m is not None:
                free = m.end()
                yield m


def _group_counts(text: str, pos: int, endpos: int, tails: list[int]) -> Iterator[regex.Match]:
    """Exactly `_GROUP_COUNT.finditer(text, pos, endpos)`: the runner's `before`/`reach` runs
    around each anchor hit, the hits found only where they can start
    (tests/inspection/test_group_count_fast.py)."""
    return _GROUP_COUNT.around_hits(text, _count_anchors(text, pos, endpos, tails), pos, endpos)


def _group_count(doc: Document, spans: list[tuple[int, int]], tails: list[int]) -> Optional[int]:
    """`省委派出8个巡视组` → 8: the first in the first of `spans` that holds one. Counts of parts
    in the first one's sentence add up (`3个巡察组对…常规巡察,2个巡察组对…专项巡察` → 5), except a
    part of a count already given (`其中2个巡察组`) and a count that restates the sum of two or
    more parts (`2个巡察组对…,1个巡察组对…,3个巡察组各巡察40天` → 3). `tails`: where every 巡察组/巡视组 of
    the spans starts (`group_anchors`)."""
    text = doc.text
    for s, e in spans:
        found = _group_counts(text, s, e, tails)
        first = next(found, None)
        if first is None:
            continue
        total = cn_to_int(first.group("n"))
        parts = 1
        sent_end = doc.sentence_at(first.start())[1]
        for m in found:
            if m.start() >= sent_end:
                break
            if text.rfind("其中", max(first.end(), m.start() - 8), m.start()) < 0:
                n = cn_to_int(m.group("n"))
                if parts >= 2 and n == total:
                    break  # the parts' sum, restated
                total += n
                parts += 1
        return total
    return None


def extract_inspection(doc: Document, meta: Meta) -> tuple[Inspection, list[Warning]]:
    """The inspection the notice describes, and what it noticed about its dates and could not
    resolve (a date whose year neither its sentence nor the notice gives: `year_unresolved`)."""
    text = doc.text
    title = fold(meta.title or "")
    # Fields gathered in a plain namespace, validated once at the end: a pydantic attribute
    # assignment costs as much as building the whole model.
    ins = SimpleNamespace(**_DEFAULTS, **{k: make() for k, make in _FACTORIES})

    verb = _DATING.search(text, *doc.scope)
    dating = doc.sentence_at(verb.start()) if verb else None
    dating_text = text[dating[0]:dating[1]] if dating else ""

    # Groups anywhere in the title and body, in order of first mention.
    body_s, body_e = doc.scope
    body = text[body_s:body_e]
    # The group rule's anchor hits, found once: named groups are read around them, and those
    # that are a bare 巡察组/巡视组 are every such tail (shared names, counts of groups end so).
    anchors = group_anchors(text, body_s, body_e)
    tails = [s for s, e in anchors if e - s == 3]
    body_groups = named_groups(text, body_s, body_e, anchors)
    body_shared = shared_groups(text, body_s, body_e, tails)
    ins.groups = _dedupe([g for src_groups in (_all_groups(named_groups(title), shared_groups(title)),
                                               _all_groups(body_groups, body_shared))
                          for g in src_groups])
    ins.group_count = _group_count(doc, [dating, (body_s, body_e)] if dating else [(body_s, body_e)], tails)

    # Mode: as the dating sentence names it, else the title, else the body (outside 《…》 titles).
    for src in (verb.group(0) if verb else "", dating_text, title, " ".join(ins.groups), None):
        mm = _MODE.search(src if src is not None else _BOOK_TITLE.sub("", body))
        if mm:
            ins.mode = mm.group(0)
            break

    # Authority: from a named group, else beside 统一部署/派出/巡察 in the dating sentence, title.
    # A committee quoted from above (`根据省委第二轮巡视…部署,市委第四轮巡察`) only when no other.
    for src in [*ins.groups, dating_text, title, body]:
        if src in ins.groups:
            a = _AUTHORITY.search(src) or _AUTH_TOKEN.search(src)
        else:
            quotes = quote_spans(src)
            a = _AUTHORITY.search(src)
            if a and quotes and any(s <= a.start() < e for s, e in quotes):
                a = next((m for m in _AUTHORITY.finditer(src, a.end())
                          if not any(s <= m.start() < e for s, e in quotes)), a)
        if a:
            ins.authority = a.group(0)
            break

    # Term and round: the title first, then the body (`十五届县委第六轮巡察反馈意见…`). A title
    # often omits the term the body gives for the same round (`市委第三轮巡察进驻公告` /
    # `七届市委第三轮巡察将对…`): the term is then taken from that later mention.
    # The committee's own round before one quoted from another (`根据省委第二轮巡视…,市委第四轮`).
    rounds = [r for src in (title, body)
              for r in own(islice(_round_matches(src), 8),
                           src, ins.authority)]
    if rounds:
        r = rounds[0]
        ins.round = 1 if r.group("first") else cn_to_int(r.group("round"))
        for r in rounds:
            if r.group("term") and (1 if r.group("first") else cn_to_int(r.group("round"))) == ins.round:
                ins.term = cn_to_int(r.group("term"))
                break

    # Types in order of first mention: title, the paragraph that describes the round (the dating
    # sentence's, else the first that names 巡察/巡视), group names; none quoted from another
    # committee (`根据省委关于巡视巡察上下联动的部署,市委…`).
    para = _round_paragraph(doc, dating)
    if meta.kind == "feedback" and dating is not None:
        # Feedback news names the round's types where it reports the feedback (`向白河市委反馈了
        # 常规巡视情况`), often a line before the one that dates the round.
        fb = _FEEDBACK.search(text, body_s, body_e)
        if fb is not None and fb.start() < doc.line_at(dating[0]).start:
            line = doc.line_at(fb.start())
            para = text[line.start:line.end] + "\n" + para
    types = []
    for src in (title, para, *ins.groups):
        if _TYPE.possible(src):
            found = list(_TYPE.rx.finditer(src))
            if src is para:
                found = sorted(found + list(_TYPE_ROUND.finditer(src)), key=lambda m: m.start())
            quotes = quote_spans(src)
            types += [_TYPE_ALIAS.get(m.group("t"), m.group("t")) for m in found
                      if not foreign(m.start(), src, ins.authority, quotes)]
    ins.types = _dedupe(types)

    if "专项" in ins.types:
        for src in (dating_text, para, title):
            t = _TOPIC.search(src)
            if t:
                topic = clean_value(t.group("topic"))
                topic = _TOPIC_TRIM.sub("", topic)
                if topic and not _AUTH_TOKEN.fullmatch(topic):
                    ins.topic = topic
                    break

    if meta.kind == "digest":
        ins.targets = _dedupe([u for u, _ in doc.digest_units])
    if not ins.targets:  # a digest without a section per unit names them in its round sentence
        # Where each group's name ends, a shared one's too (`校党委第一、第二巡察组巡察A、B工作动员会`).
        ends = {e for _, e, _ in body_groups}
        ends.update(e for _, _, e in body_shared)
        ins.targets = round_targets(doc, title, dating, (body_s, body_e), ends, meta.kind == "feedback")
    window = None
    win_end: Optional[DateMention] = None  # the mention whose end ends the window
    feedback: Optional[DateMention] = None
    if dating:
        # The first dating sentence names the targets; the window may sit in a later one of the
        # opening (`…将对市教育局…开展常规巡察。市委派出3个巡察组,于9月9日至11月8日进驻…`).
        known = None
        for v in _opening_verbs(doc, verb):
            sent = dating if v is verb else doc.sentence_at(v.start())
            v = _this_rounds_verb(text, sent, v)
            if v is None:
                continue
            tspan = _target_span(text, sent[0], v.end() if v.group(0) != "进驻" else sent[1])
            mentions = sentence_dates(doc, sent)
            if known is None:
                known = (v, sent, mentions)
            window = _window(doc, sent, v, tspan, mentions)
            if not ins.duration:
                dur = find_duration(text, sent[0], sent[1])
                ins.duration = dur[0] if dur else None
            if window is not None:
                known = (v, sent, mentions)
                if window.end is not None or window.open_start:
                    win_end = window
                elif not window.open_end:
                    win_end = _restated(doc, sent, window)
                break
    # A window dated by one day or none (`近日,县委第一巡察组进驻…`, `28日上午,…动员会召开`)
    # takes the period the notice states for it (`巡察期间(6月24日至7月26日)`), if any.
    if win_end is None:
        stop = doc.headings[0].start if doc.headings and doc.headings[0].start > body_s else body_e
        period = _period(doc, stop)
        if period is not None:
            window = win_end = period
    if dating and known is not None:
        v, sent, mentions = known
        feedback = _feedback(doc, v.end(), window, (sent, mentions))
        if feedback is None and dating[0] > body_s:
            # Feedback told before the window: `3月14日,区委巡察组向…分别反馈了巡察意见。此前,…`.
            feedback = _feedback(doc, body_s, window, before=dating[0])
    else:
        feedback = _feedback(doc, body_s, window)
    petition, withdrawal = _petition(doc)

    # A date whose year neither its sentence nor the notice gives is left null, with a warning.
    found: list[Warning] = []
    if window is not None and not _unresolved(doc, "window", window, found):
        if window.open_start:  # `自即日起至11月30日`: the end only
            ins.window = Window(start=None, end=window.start)
        else:
            end = None if window.open_end or win_end is None else win_end.end
            if win_end is not None and win_end is not window and _unresolved(doc, "window end", win_end, found):
                end = None
            if end is None and withdrawal and petition.span[0] >= window.span[1] \
                    and not (doc.context_year is None and petition.context_dependent):
                # `从4月10日起…开展巡察。…各巡察组将于2024年6月6日17:00前撤离`: the stay ends there.
                end = petition.end if petition.end is not None else petition.start
            ins.window = Window(start=window.start, end=end)
    if feedback is not None and not _unresolved(doc, "feedback", feedback, found):
        ins.feedback = _mention_date(feedback, text)
    if petition is not None and not _unresolved(doc, "petition deadline", petition, found):
        ins.petition_deadline = petition.end if petition.end is not None else petition.start
    # Validation, not `model_construct`: pydantic-core validates these few fields faster (2-4µs)
    # than `model_construct` assembles them in Python.
    return Inspection(**vars(ins)), found
