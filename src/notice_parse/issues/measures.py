"""An issue's rectification text: measures, status, long-term flag and progress statement.

The text under a problem heading is read in three parts, all found by `patterns/issues.toml`
rules and all offsets into the folded document:

    1.学习…不够深入。                         ← heading (the problem)
    巡察发现…(description)                    ← ignored when a measure label follows
    整改情况:一是…。二是…。                   ← measures (`measure_label`, then enumerators)
    整改进度:第一项、第二项已整改完成并长期坚持。 ← progress (`progress_label`)

Without a measure label the whole text is the rectification; without enumerators
(`一是`, `第一,`, `①`) it is one measure.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Iterable, Optional

from ..rules import patterns, runner
from ..text.normalize import TRAILING_PUNCT
from ..text.numerals import cn_to_int
from ..rules import compiled

# A rectification paragraph this short that states a status is a progress statement.
STATUS_ONLY_MAX = 12


@dataclass(frozen=True, slots=True)
class _Rule:
    """A rule's compiled pattern and extra keys, read once (the Pydantic model's attribute
    access is too slow for per-line use), and its runner (`run.search`, `run.finditer`: the
    rule with its hints; `run.possible`: its `require` hint alone, None where the rule cannot
    match)."""

    name: str
    regex: Any
    rule: patterns.Rule  # its typed keys (`value`, `scope`, `kinds`…), read once per kind
    run: runner.Runner
    require: "str | list[str] | None"


@lru_cache(maxsize=None)
def rules(kind: str) -> tuple[_Rule, ...]:
    """The `patterns/issues.toml` rules of one `kind`, in file order.

    >>> [r.run.possible(":") is not None for r in rules("measure_label")]
    [True]
    """
    return tuple(_Rule(r.name, r.regex, r, runner.of(r), r.require)
                 for r in patterns.load("issues").rules() if r.kind == kind)


@lru_cache(maxsize=None)
def combined(kind: str, key: str = "") -> Any:
    """One alternation of all rules of `kind` (those with a true `key` when given): a single
    search per line instead of one per rule, for yes/no tests."""
    source = "|".join(f"(?:{r.regex.pattern})" for r in rules(kind) if not key or getattr(r.rule, key))
    try:
        return compiled.re(source)  # the standard engine is several times faster on short lines
    except re.error:
        return compiled.regex(source)


@lru_cache(maxsize=None)
def _searches(kind: str) -> tuple[Optional[Callable], tuple[Any, ...]]:
    """One test for all rules of `kind` (`runner.any_possible`: None where none can match; None
    when there is none or one rule) and the `search` of each rule (its runner's), bound once:
    `any_match` runs about a hundred times per notice, and looking the rules' attributes up each
    time cost a third of it."""
    group = rules(kind)
    pre = runner.any_possible([r.rule for r in group]) if len(group) > 1 else None
    return pre, tuple(r.run.search for r in group)


def any_match(kind: str, text: str, pos: int = 0, endpos: Optional[int] = None):
    """The earliest match of any rule of `kind` in `text[pos:endpos]` (or None)."""
    end = len(text) if endpos is None else endpos
    pre, searches = _searches(kind)
    if len(searches) == 1:  # most kinds have one rule (the labels: ~70 calls a notice)
        return searches[0](text, pos, end)
    if pre is not None and pre(text, pos, end) is None:
        return None  # `enumerator` on a heading: one search rules out its four rules
    best = None
    for search in searches:
        m = search(text, pos, end)
        if m and (best is None or m.start() < best.start()):
            best = m
    return best


def clean(text: str) -> str:
    """White space removed, final punctuation dropped.

    >>> clean(" 一是 加强学习。 ")
    '一是加强学习'
    """
    # str.split() splits on exactly the characters `\s` matches (str.isspace), and
    # split/join is several times faster than `squeeze`'s re.sub on short strings.
    return "".join(text.split()).strip(TRAILING_PUNCT)


@dataclass(slots=True)
class Rectification:
    measures: list[str] = field(default_factory=list)
    status: Optional[str] = None
    long_term: bool = False
    progress_text: Optional[str] = None
    end: int = 0  # where the last non-blank character of the text ends


def _enumerated(text: str, start: int, end: int, kind: str = "enumerator") -> list[tuple[int, int]]:
    """Spans of `一是…二是…` (or `第一,…`, `①…`) items in `text[start:end]` (`kind`: the rules
    that find item labels).

    Items must count up from one without a break; the first scheme that yields at least two
    items wins. Each item runs to the next one, the last to `end`.

    >>> t = "整改情况:一是学习。二是宣传。三是研讨。"
    >>> [t[s:e] for s, e in _enumerated(t, 5, len(t))]
    ['一是学习。', '二是宣传。', '三是研讨。']
    >>> _enumerated("统一是关键", 0, 5)
    []
    """
    find = text.find
    for finditer, n_group, firsts in _item_rules(kind):
        if firsts is not None:
            for w in firsts:
                if find(w, start, end) >= 0:
                    break
            else:
                continue  # no item one (`一是`): no list of this scheme
        items = items_counting_up(finditer(text, start, end), n_group, end)
        if items:
            return items
    return []


def items_counting_up(labels: Iterable[Any], n_group: int, end: int) -> list[tuple[int, int]]:
    """The spans of the items whose labels (`labels`: matches, number in group `n_group`) count up
    from one (a label out of turn is skipped), each to the next item, the last to `end`; [] unless
    there are two or more.

    >>> import re
    >>> items_counting_up(re.finditer(r"(?P<n>[一二三])是", "一是甲二是乙三是丙"), 1, 9)
    [(0, 3), (3, 6), (6, 9)]
    """
    starts: list[int] = []
    want = 1
    for m in labels:
        g = m[n_group]
        if (_ITEM_NUMBERS.get(g) or _item_number(g)) == want:
            starts.append(m.start())
            want += 1
    if len(starts) < 2:
        return []
    bounds = starts + [end]
    return [(bounds[i], bounds[i + 1]) for i in range(len(starts))]


@lru_cache(maxsize=None)
def _item_rules(kind: str) -> tuple[tuple[Callable, int, Optional[tuple[str, ...]]], ...]:
    """(finditer, number of the `n` group, `first_item` words or None) of each rule of `kind`.
    `m[number]` is several times faster than `m.group("n")` on the `regex` engine, and
    `_enumerated` reads every label. A rule with `first_item` words runs without its runner's
    hints (they give the same matches): a span holding item one holds what they look for."""
    return tuple((r.regex.finditer if r.rule.first_item else r.run.finditer, r.regex.groupindex["n"],
                  tuple(r.rule.first_item) if r.rule.first_item else None) for r in rules(kind))


def _item_number(g: str) -> Optional[int]:
    if g.isascii() and g.isdigit():
        return int(g)
    return ord(g) - 0x2460 + 1 if "\u2460" <= g <= "\u2473" else cn_to_int(g)


# The one-character item numbers (`一` … `十`, `①` … `⑳`), looked up rather than parsed.
_ITEM_NUMBERS = {c: _item_number(c) for c in "一二三四五六七八九十" + "".join(map(chr, range(0x2460, 0x2474)))}


def _status(text: str, progress: bool) -> tuple[Optional[str], bool, Optional[tuple[int, int]]]:
    """(status, long_term, span of the deciding phrase) from one stretch of text.

    In a progress line every status rule counts; elsewhere only `scope = "any"` rules, so a
    measure's `持续推进…` does not make the issue in progress.

    >>> _status("已整改完成并长期坚持。", True)[:2]
    ('completed', True)
    >>> _status("持续推进“科技助企多走一公里”活动", False)[:2]
    (None, False)
    """
    pre = _status_prefilter(progress)
    if pre is not None and pre(text) is None:
        return None, False, None
    status, where = None, None
    long_term = False
    for rule, value, lt in _status_rules(progress):
        if status is not None and not lt:
            continue  # once decided, a rule can only add the long-term flag
        m = rule.run.search(text)
        if m:
            if status is None:
                status, where = value, (m.start(), m.end())
            long_term = long_term or lt
    for rule in rules("long_term"):
        if long_term:
            break
        if rule.run.search(text):
            long_term = True
    return status, long_term, where


@lru_cache(maxsize=None)
def _status_rules(progress: bool) -> tuple[tuple[_Rule, str, bool], ...]:
    """(rule, value, long_term) of the status rules that count in a progress line or elsewhere."""
    return tuple((r, r.rule.value, r.rule.long_term) for r in rules("status")
                 if progress or r.rule.scope != "progress")


@lru_cache(maxsize=None)
def _status_prefilter(progress: bool) -> Optional[Callable]:
    """One test for all the rules `_status` runs (`runner.any_possible`): most texts outside a
    progress line state no status, and one search rules them out instead of one per rule."""
    return runner.any_possible([r.rule for r, _, _ in _status_rules(progress)] + [r.rule for r in rules("long_term")])


def _clause_around(text: str, span: tuple[int, int]) -> str:
    """The clause (between punctuation) that holds `span`: the progress statement as written.

    >>> _clause_around("完善了措施,现已整改完成。", (6, 12))
    '现已整改完成'
    """
    s = max(text.rfind(c, 0, span[0]) for c in ",,;;。:") + 1
    ends = [i for i in (text.find(c, span[1]) for c in ",,;;。") if i >= 0]
    e = min(ends) if ends else len(text)
    return clean(text[s:e])


def _status_only(text: str) -> bool:
    """A short text that only states a status (`整改到位`, `已整改完成`, `正在整改`).

    >>> _status_only("整改到位"), _status_only("已全部清退"), _status_only("")
    (True, False, False)
    """
    if not text or len(text) > STATUS_ONLY_MAX:
        return False
    status, _, where = _status(text, True)
    if status is None:
        return False
    # Every other clause must state a status or a long-term flag too: `修订议事规则,已整改完成`
    # is a measure with its status, not a status alone.
    for piece in _CLAUSE_SPLIT.split(text):
        piece = clean(piece)
        if len(piece) <= 2:
            continue
        st, lt, where = _status(piece, True)
        # The status phrase must be (nearly) the whole clause: `完成资金拨付` is a measure.
        if not lt and (st is None or len(piece) - (where[1] - where[0]) > 2):
            return False
    return True


_CLAUSE_SPLIT = compiled.re(r"[,,;;。、]")


def _measure_labels(text: str, start: int, end: int):
    """Measure labels in `text[start:end]` (all rules), in order."""
    for rule in rules("measure_label"):
        yield from rule.run.finditer(text, start, end)


def status_tags(text: str, start: int, end: int) -> list:
    """Bracketed status tags (`【已完成】`, `(已整改到位)`) in `text[start:end]` that state
    nothing but a status, in order."""
    out = []
    for rule in rules("status_tag"):
        out.extend(m for m in rule.run.finditer(text, start, end) if _status_only(clean(m.group("t"))))
    return sorted(out, key=lambda m: m.start())


def _edge_tag(text: str, start: int, end: int):
    """A status tag that opens or closes `text[start:end]` (only blanks and punctuation
    before or after it), else None: the issue's status, as a progress line would give it."""
    edges = _tag_edges()
    if edges is not None:
        # Such a tag starts at the first character that `clean` keeps (with one of the rules'
        # `start_at` words) or ends after the last one (with an `end_at` word): where neither
        # stands, there is none. Most paragraphs end with `。`: one test instead of a search.
        opens, closes = edges
        q = end
        while q > start and (text[q - 1] in TRAILING_PUNCT or text[q - 1].isspace()):
            q -= 1
        if not text.endswith(closes, start, q):
            p = start
            while p < q and (text[p] in TRAILING_PUNCT or text[p].isspace()):
                p += 1
            if not text.startswith(opens, p, end):
                return None
    tags = status_tags(text, start, end)
    if not tags:
        return None
    first, last = tags[0], tags[-1]
    if not clean(text[last.end():end]):
        return last
    if not clean(text[start:first.start()]):
        return first
    return None


@lru_cache(maxsize=None)
def _tag_edges() -> Optional[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(words every status tag starts with, words every one ends with), from the rules'
    `start_at`/`end_at` hints; None when a rule has none, or a word opens or closes with a
    character `clean` drops (then a tag could sit inside the blanks and punctuation).

    >>> _tag_edges()
    (('【', '('), ('】', ')'))
    """
    opens: list[str] = []
    closes: list[str] = []
    for rule in rules("status_tag"):
        if rule.run.starts is None or rule.run.ends is None:
            return None
        opens += rule.run.starts
        closes += rule.run.ends
    if any(clean(w[0]) == "" for w in opens) or any(clean(w[-1]) == "" for w in closes):
        return None
    return tuple(dict.fromkeys(opens)), tuple(dict.fromkeys(closes))


def read_rectification(text: str, start: int, end: int, *, problem_end: Optional[int] = None,
                       labelled_only: bool = False) -> Rectification:
    """Measures and progress of the text `text[start:end]` under a problem heading.

    `problem_end` is where the heading's own sentence ends inside the range (a run-in
    heading), so a measure label search starts after it. With `labelled_only` (a feedback
    report) only text after a measure label (`整改情况:`) holds measures.
    """
    out = Rectification()
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    out.end = end
    if end <= start:
        return out
    tag = _edge_tag(text, start, end)
    if tag is not None:
        # `【已完成】` after the heading or the measures: the progress statement.
        out.progress_text = clean(tag.group("t"))
        out.status, out.long_term, _ = _status(out.progress_text, True)
        if clean(text[start:tag.start()]):
            end = tag.start()
        else:
            start = tag.end()
        while end > start and text[end - 1] in " \t\r\n":
            end -= 1
        if end <= start:
            return out
    label = any_match("measure_label", text, start, end)
    if labelled_only and not label:
        return out
    m_start = label.end() if label else start
    progress = any_match("progress_label", text, m_start, end)
    m_end = progress.start() if progress else end
    p_text = None
    if progress:
        # The progress statement is the rest of its line.
        nl = text.find("\n", progress.end(), end)
        p_end = end if nl < 0 else nl
        p_text = clean(text[progress.end():p_end]) or None
    elif label:
        # A later labelled paragraph that only states progress (`整改完成情况:整改到位。` after
        # `整改情况:…`) is the progress statement.
        later = sorted(_measure_labels(text, m_start, end), key=lambda m: m.start())
        if later and _status_only(clean(text[later[-1].end():end])):
            m_end = later[-1].start()
            p_text = clean(text[later[-1].end():end])
    stop = any_match("measure_end", text, m_start, m_end)
    if stop and clean(text[m_start:stop.start()]):
        m_end = stop.start()  # `完成时限:…` after the measures is none of them
    items = _enumerated(text, m_start, m_end)
    if items:
        out.measures = [c for c in (clean(text[s:e]) for s, e in items) if c]
    else:
        body = clean(text[m_start:m_end])
        if not p_text and _status_only(body):
            # A paragraph that only states progress (`整改情况:已整改完成。`) is the progress
            # statement, not a measure.
            out.progress_text = body
            out.status, out.long_term, _ = _status(body, True)
            return out
        out.measures = [body] if body else []
    if p_text:
        out.progress_text = p_text
        out.status, out.long_term, _ = _status(p_text, True)
    elif tag is not None:
        pass  # the tag stated the status
    else:
        body = text[m_start:m_end]
        out.status, out.long_term, where = _status(body, False)
        if where:
            out.progress_text = _clause_around(body, where)
    return out
