"""One way to run a rule: `finditer`/`search`/`match` that apply the rule's hints.

A rule over a whole body costs the `regex` engine an attempt at every position. Its hints
(typed fields of `patterns.Rule`, see `patterns/*.toml`) name something cheap to find that
every match holds or starts with, so the rule is tried only where it can match:

* `require`: a stdlib pattern, or literal words, found in every match: a span (or window)
  holding none is not searched at all;
* `start_at`: a stdlib pattern holding where every match starts, or the words every match
  starts with: the rule is tried at those positions only (`str.find` of a character and the
  stdlib engine skip the others ~10x faster than `regex` tries them);
* `end_at`: the words every match ends with; the runner does not use it, a caller that wants
  only a match ending at one place (`issues.measures._edge_tag`) tests there first (`ends`);
* `anchor` with `before` and `reach`: every match holds a hit of the anchor at most `before`
  characters after its start, and no attempt reads more than `reach` characters: the rule
  is tried only in [hit - before, hit], each run of text long enough that nothing is cut;
* `anchor` with a `window` [before, after] (and `spot`): the rule is read in that window
  around each anchor hit (a match the window's end cuts is read whole); with `spot`, only in
  windows that hold one of the spots' hits, found once per text (`memo`).

Hints never change what a rule finds: `plain` is the rule run with none of them, and
`tests/rules/test_runner.py` checks that both find the same matches for every rule of every
pattern file on every corpus text. Each rule's runner is built once, on first use (`of`).
"""
from __future__ import annotations

import re
import sys
from typing import Any, Callable, Iterable, Iterator, Optional

from . import compiled
from .patterns import PatternFileError, Rule

Match = Any  # `re.Match` or `regex.Match`, as the rule's engine gives it
_MAX = sys.maxsize  # "to the end of the text" for both engines
_NONE: Iterator[Any] = iter(())  # no match (exhausted for good: safe to share)


def of(rule: Rule) -> "Runner":
    """The rule's runner (built once per rule and process)."""
    run = rule._runner
    if run is None:
        run = rule._runner = Runner(rule)
    return run


def finditer(rule: Rule, text: str, pos: int = 0, endpos: int = _MAX) -> Iterator[Match]:
    """Every match of `rule` in text[pos:endpos], as `rule.regex.finditer` finds them."""
    return of(rule).finditer(text, pos, endpos)


def search(rule: Rule, text: str, pos: int = 0, endpos: int = _MAX) -> Optional[Match]:
    """The first match of `rule` in text[pos:endpos], as `rule.regex.search` finds it."""
    return of(rule).search(text, pos, endpos)


def any_possible(rules: "Iterable[Rule]") -> Optional[Callable[..., Any]]:
    """One test for a group of rules run on the same text: `test(text, pos, endpos)` is None
    where none of them can match (no `require` word or pattern of any finds something), or None
    when one of them has no `require` (then any text may hold a match) or the requirements do not
    make one pattern. One stdlib search for the union rules most texts out at once, where each
    rule's own test would run in turn.

    >>> from notice_parse.rules.patterns import parse_pattern_file
    >>> pf = parse_pattern_file("x.toml", '[[rule]]\\nname = "a"\\npattern = "已完成"\\nrequire = ["已"]\\n'
    ...                         '[[rule]]\\nname = "b"\\npattern = "第一"\\nrequire = "第[一二]"\\n')
    >>> test = any_possible(pf.rules()); test("现已完成") is not None, test("第二") is not None, test("持续推进")
    (True, True, None)
    """
    parts: list[str] = []
    for rule in rules:
        if isinstance(rule.require, list):
            parts.extend(map(re.escape, rule.require))
        elif rule.require:
            if compiled.re(rule.require).groups:  # a back reference would change its meaning
                return None
            parts.append(f"(?:{rule.require})")
        else:
            return None
    try:
        return compiled.re("|".join(dict.fromkeys(parts))).search
    except re.error:  # e.g. a pattern's global inline flags, valid only at its start
        return None


def plain(rule: Rule, text: str) -> Iterator[Match]:
    """The rule's matches found without any hint: what `finditer` must give."""
    return rule.regex.finditer(text)


class Runner:
    """A rule's pattern with its hints compiled for the stdlib engine."""

    __slots__ = ("name", "rx", "possible", "finditer", "search", "match", "starts", "ends", "_start", "_start_words",
                 "_start_firsts", "_anchor", "_anchor_lits", "_anchor_chars", "_before", "_reach", "_after",
                 "_spots", "_anchor_hits", "_longest")

    def __init__(self, rule: Rule) -> None:
        self.name = rule.name
        self.rx = rx = rule.regex
        # `possible(text, pos, endpos)`: None where the rule cannot match (its `require`), else
        # true (for a `require` pattern, its first hit).
        self.possible: Optional[Callable[..., Any]] = None
        if isinstance(rule.require, list):
            self.possible = _literals(tuple(rule.require))
        elif rule.require:
            self.possible = compiled.re(rule.require).search
        self._start: Any = compiled.re(f"(?={rule.start_at})") if isinstance(rule.start_at, str) else None
        if self._start is not None and rule.start_chars:
            self._start = _StartsNear(self._start, rule.start_chars, rule.start_marks or "", rule.start_back or 0)
        self._start_words = tuple(rule.start_at) if isinstance(rule.start_at, list) else None
        # The words every match starts / ends with (`start_at` / `end_at` words), else None: for
        # callers that want only a match at a given place.
        self.starts: Optional[tuple[str, ...]] = self._start_words
        self.ends: Optional[tuple[str, ...]] = tuple(rule.end_at) if rule.end_at else None
        self._start_firsts = "".join(dict.fromkeys(w[0] for w in self._start_words or ()))
        self._anchor: Any = compiled.re(rule.anchor) if rule.anchor else None
        if self._anchor is not None and rule.anchor_starts:
            self._anchor = _LedBy(self._anchor, rule.anchor_starts)
        self._anchor_lits = _literal_alternation(rule.anchor) if rule.anchor else None
        # An anchor of single characters (`轮|輪`) is found with `str.find` (a class scan is ~20x slower).
        self._anchor_chars = "".join(self._anchor_lits) if self._anchor_lits and all(len(x) == 1 for x in self._anchor_lits) else None
        self._before = rule.before if rule.window is None else rule.window[0]
        self._reach = rule.reach
        self._after = rule.window[1] if rule.window is not None else None
        self._spots = [(s, compiled.re(s)) for s in rule.spot] if rule.spot else None
        if self._spots and self._anchor_lits is None:
            raise PatternFileError(f"rule {rule.name!r}: a rule with `spot` needs an anchor of literal words")
        # Where a spot rule looks for its anchor's hits near each spot (`_near_spots`).
        self._anchor_hits = _anchor_finder(self._anchor_lits) if self._spots else None
        self._longest = max(map(len, self._anchor_lits)) if self._anchor_lits else 0
        # The entry points, one function each chosen here for the rule's hints (rules are run in
        # hot loops: no hint is looked at again per call).
        #   finditer(text, pos=0, endpos=MAX): every match in text[pos:endpos], as `rx.finditer`;
        #     a `window` rule reads a whole text, `finditer(text, memo=…)`: `memo`, a dict kept
        #     for one text, shares the spots' hits between the rules that name them;
        #   search(text, pos=0, endpos=MAX): the first one, as `rx.search`;
        #   match(text, pos=0, endpos=MAX): one starting at `pos`, as `rx.match`.
        possible = self.possible
        # A rule anchored at the text's start (`^…` without MULTILINE: the closing lines) fails
        # in one attempt, where its `require` would scan the whole span: it is searched without
        # it (`match`, one attempt anyway, keeps the test: the attempt may cost more).
        anchored = rx.pattern.startswith("^") and not rx.flags & re.MULTILINE
        if possible is None:
            self.match = rx.match
        else:
            # `match` is asked of short spans (a line): there one stdlib search for the words is
            # cheaper than a `str.find` per word.
            anywhere = compiled.re("|".join(map(re.escape, rule.require))).search if isinstance(rule.require, list) else possible

            def match(text: str, pos: int = 0, endpos: int = _MAX) -> Optional[Match]:
                return None if anywhere(text, pos, endpos) is None else rx.match(text, pos, endpos)
            self.match = match
        if self._after is not None:
            self.finditer = self._windows
        elif self._reach is not None:
            self.finditer = self._gated(self._windowed)
        elif self._start is not None or self._start_words is not None:
            self.finditer = self._gated(self._tried_at)
        elif possible is None or anchored:
            self.finditer, self.search = rx.finditer, rx.search
            return
        else:
            self.finditer, self.search = _required(rx.finditer, _NONE, rule.require), _required(rx.search, None, rule.require)
            return
        every = self.finditer

        def first(text: str, pos: int = 0, endpos: int = _MAX) -> Optional[Match]:
            return next(iter(every(text, pos, endpos)), None)

        self.search = first

    def _gated(self, strategy: Callable[..., Iterator[Match]]) -> Callable[..., Iterator[Match]]:
        """`strategy` run only where `require` (if any) finds something in the span."""
        possible = self.possible
        if possible is None:
            return strategy

        def finditer(text: str, pos: int = 0, endpos: int = _MAX) -> Iterator[Match]:
            return _NONE if possible(text, pos, endpos) is None else strategy(text, pos, endpos)

        return finditer

    def _windows(self, text: str, pos: int = 0, endpos: Optional[int] = None, memo: Optional[dict] = None) -> Iterator[Match]:
        if pos != 0 or (endpos is not None and endpos < len(text)):
            raise ValueError(f"rule {self.name!r} reads windows of a whole text: pass a slice")
        if self._spots is None:
            if self._anchor_chars is None:
                return self._near(text, (a.span() for a in self._anchor.finditer(text)))
            hits = char_hits(self._anchor_chars, text)
            return self._near(text, hits) if hits else _NONE
        # The spots' hits in `text`, ascending (each spot found once per `memo`), inlined: a
        # notice's summary runs this once per rule.
        spots: list[tuple[int, int]] = []
        if memo is None:
            memo = {}
        for key, spot in self._spots:  # keyed by its source: hashing a pattern hashes its program
            got = memo.get(key)
            if got is None:
                got = memo[key] = [m.span() for m in spot.finditer(text)]
            spots += got
        if not spots:
            return _NONE
        if len(self._spots) > 1:
            spots.sort()
        return self._near_spots(text, spots)

    # -- strategies ---------------------------------------------------------------------------

    def _tried_at(self, text: str, pos: int = 0, endpos: int = _MAX) -> Iterator[Match]:
        """Exactly `rx.finditer` for a rule with no empty match, tried only where a match may start."""
        rx, last = self.rx, pos
        if self._start_words is not None:
            words = self._start_words
            for i, _ in char_hits(self._start_firsts, text, pos, endpos):
                if i >= last and text.startswith(words, i):
                    m = rx.match(text, i, endpos)
                    if m and m.end() > m.start():
                        last = m.end()
                        yield m
            return
        for c in self._start.finditer(text, pos, endpos):
            if c.start() >= last:
                m = rx.match(text, c.start(), endpos)
                if m and m.end() > m.start():
                    last = m.end()
                    yield m

    def _windowed(self, text: str, pos: int = 0, endpos: int = _MAX) -> Iterator[Match]:
        return self.around_hits(text, self._anchor.finditer(text, pos, endpos), pos, endpos)

    def around_hits(self, text: str, hits: Iterator[Match], pos: int = 0, endpos: int = _MAX) -> Iterator[Match]:
        """Exactly `rx.finditer` for a rule each match of which holds an anchor hit (hits never
        overlapping) at most `before` characters after its start, and whose every attempt reads
        at most `reach` characters: tried only in [hit - before, hit], in merged runs. `hits`:
        the anchor's hits in [pos, endpos), in order (a caller that can find them faster than
        the anchor pattern, e.g. only where a hit can start, passes its own)."""
        rx, before, reach = self.rx, self._before, self._reach
        last = pos
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

    def _near(self, text: str, spans: Iterable[tuple[int, int]]) -> Iterator[Match]:
        """The rule read in the window around each anchor hit (`spans`; each match once, in
        order); `require` skips windows where it finds nothing, `start_at` narrows where in a
        window the rule is tried: never a different result."""
        rx, before, after, n = self.rx, self._before, self._after, len(text)
        require, start = self.possible, self._start
        last = 0
        for a_start, a_end in spans:
            ws, we = max(last, a_start - before), min(n, a_end + after)
            if require is not None and require(text, ws, we) is None:
                continue
            if start is None:
                for m in rx.finditer(text, ws, we):
                    if m.end() == we < n:  # cut by the window: read it whole
                        m = rx.match(text, m.start()) or m
                    if m.end() > last:
                        last = m.end()
                        yield m
                continue
            at = ws
            for c in start.finditer(text, ws, we):
                if c.start() >= at:
                    m = rx.match(text, c.start(), we)
                    if m and m.end() > m.start():
                        if m.end() == we < n:
                            m = rx.match(text, m.start()) or m
                        at = m.end()
                        if at > last:
                            last = at
                            yield m

    def _near_spots(self, text: str, spots: list[tuple[int, int]]) -> Iterator[Match]:
        """`_near` on the windows that hold a spot hit (`spots`, ascending) whole: the only ones
        that can hold a match (each match holds one). Anchor hits are looked for only around spots."""
        rx, before, after, require = self.rx, self._before, self._after, self.possible
        anchor_hits, longest = self._anchor_hits, self._longest
        last, done, n = 0, 0, len(text)
        for k, (hs, he) in enumerate(spots):
            # Anchor starts s with s - before <= hs and s + len + after >= he.
            for s, e in anchor_hits(text, max(he - after - longest, done), hs + before + 1):
                if s < done:
                    continue
                done = s + 1
                ws, we = max(last, s - before), min(n, e + after)
                if not (ws <= hs and he <= we) and not any(ws <= a and b <= we for a, b in spots[k + 1:]):
                    continue  # holds no spot: cannot hold a match
                if require is not None and require(text, ws, we) is None:
                    continue  # nor this: not worth the rule's own (slower) engine
                for m in rx.finditer(text, ws, we):
                    if m.end() == we < n:  # cut by the window (`正在整改1|5个`): read it whole
                        m = rx.match(text, m.start()) or m
                    if m.end() > last:
                        last = m.end()
                        yield m


class _LedBy:
    """An anchor pattern every hit of which starts with one of `chars` (`个…组|分…组`): its
    `finditer` gives exactly the pattern's own hits, trying it (`match`) only where one of
    `chars` stands, from where its last hit ended. The engine scans for a pattern led by a class
    or an alternation position by position (~5ns a character); `str.find` of one character is
    much faster. Its hits are never empty."""

    __slots__ = ("rx", "chars")

    def __init__(self, rx: "re.Pattern[str]", chars: str) -> None:
        self.rx, self.chars = rx, chars

    def finditer(self, text: str, pos: int = 0, endpos: int = _MAX) -> Iterator[Match]:
        free, match = pos, self.rx.match
        for i, _ in char_hits(self.chars, text, pos, endpos):
            if i >= free:
                m = match(text, i, endpos)
                if m is not None:
                    free = m.end()
                    yield m


class _StartsNear:
    """A `start_at` lookahead that can hold only at one of `chars`, or at most `back` characters
    before one of `marks` (`十五届`: 1-3 numerals before 届): `finditer` gives exactly its own
    matches, testing it only at those positions (a lookahead over a long alternation costs the
    engine ~0.1µs at every position)."""

    __slots__ = ("rx", "chars", "marks", "back", "_hit")

    def __init__(self, rx: "re.Pattern[str]", chars: str, marks: str = "", back: int = 0) -> None:
        self.rx, self.chars, self.marks, self.back = rx, chars, marks, back
        # One class of single characters: scanned several times faster than the alternation.
        self._hit = compiled.re("[" + re.escape(chars + marks) + "]")

    def finditer(self, text: str, pos: int = 0, endpos: int = _MAX) -> Iterator[Match]:
        at: set[int] = set()
        chars, marks, back = self.chars, self.marks, self.back
        for h in self._hit.finditer(text, pos, endpos):
            i = h.start()
            if text[i] in chars:
                at.add(i)
            if text[i] in marks:
                at.update(range(max(pos, i - back), i))
        match = self.rx.match
        for i in sorted(at):
            m = match(text, i, endpos)
            if m is not None:
                yield m


# -- literal finds --------------------------------------------------------------------------------


def char_hits(chars: str, text: str, pos: int = 0, endpos: Optional[int] = None) -> list[tuple[int, int]]:
    """Spans of every occurrence of any of `chars`, as `re.finditer("[chars]")` gives them.

    >>> char_hits("轮輪", "第一轮、第二輪")
    [(2, 3), (6, 7)]
    """
    endpos = len(text) if endpos is None else endpos
    found = []
    for c in dict.fromkeys(chars):
        i = text.find(c, pos, endpos)
        while i >= 0:
            found.append(i)
            i = text.find(c, i + 1, endpos)
    return [(i, i + 1) for i in sorted(found)]


def _required(run: Callable[..., Any], nothing: Any, require: "str | list[str]") -> Callable[..., Any]:
    """`run(text, pos, endpos)` where `require` finds something in the span, else `nothing`:
    one function, the test inlined (rules of one kind are searched per line, in hot loops).

    >>> f = _required(lambda t, p, e: "ran", None, ["已", "立行立改"]); f("现已完成"), f("立行立"), f("已完成", 1)
    ('ran', None, None)
    """
    if isinstance(require, str):
        anywhere = compiled.re(require).search

        def gated(text: str, pos: int = 0, endpos: int = _MAX) -> Any:
            return nothing if anywhere(text, pos, endpos) is None else run(text, pos, endpos)

        return gated
    # In a span, a one-character find is several times faster than a longer one: each word is
    # looked for from where its first character is. In a whole text `in` is faster still (no
    # bounds to parse).
    words = tuple((w[0], w if len(w) > 1 else None) for w in require)
    whole = tuple(require)

    def gated_words(text: str, pos: int = 0, endpos: int = _MAX) -> Any:
        if pos == 0 and endpos >= len(text):
            for word in whole:
                if word in text:
                    return run(text, pos, endpos)
            return nothing
        find = text.find
        for first, word in words:
            i = find(first, pos, endpos)
            if i >= 0 and (word is None or find(word, i, endpos) >= 0):
                return run(text, pos, endpos)
        return nothing

    return gated_words


def _literals(lits: tuple[str, ...]) -> Callable[..., Optional[bool]]:
    """A test that finds any of `lits` in `text[pos:end]` (True, else None).

    >>> pre = _literals(("已", "立行立改")); pre("现已完成"), pre("立行立", 0), pre("已完成", 1)
    (True, None, None)
    """

    def possible(text: str, pos: int = 0, end: int = sys.maxsize) -> Optional[bool]:
        find = text.find
        for lit in lits:
            # A one-character find is several times faster than a longer one: look for the
            # literal only from where its first character is.
            i = find(lit[0], pos, end)
            if i >= 0 and (len(lit) == 1 or find(lit, i, end) >= 0):
                return True
        return None

    return possible


def _literal_alternation(source: str) -> Optional[tuple[str, ...]]:
    """The words of an anchor written as a plain alternation (`方面|问题`), else None."""
    lits = tuple(source.split("|"))
    if all(lits) and all(re.escape(x) == x for x in lits):
        return lits
    return None


def _overlap_free(lits: tuple[str, ...]) -> bool:
    """No two occurrences of these literals (one literal twice included) can overlap: then
    every occurrence is a hit of the alternation.

    >>> _overlap_free(("方面",)), _overlap_free(("人次", "次人")), _overlap_free(("aa",))
    (True, False, False)
    """
    for a in lits:
        for b in lits:
            if (a != b and b in a) or any(a[-k:] == b[:k] for k in range(1, min(len(a), len(b)) + (a != b))):
                return False
    return True


def _anchor_finder(lits: tuple[str, ...]) -> Callable[[str, int, int], list[tuple[int, int]]]:
    """`hits(text, lo, hi)`: the hits starting in [lo, hi) of the alternation `lits` as
    `re.finditer` over the whole text gives them (leftmost first, the first alternative at a
    position, no overlaps); for literals that can overlap, also those from the point before `lo`
    from where the sweep is the whole text's sweep. Built once per anchor (`Runner`): it is asked
    once per spot, so its per-call cost counts.

    >>> hits = _anchor_finder(("交办", "移交")); hits("移交办交办", 1, 5)
    [(0, 2), (3, 5)]
    >>> _anchor_finder(("措施", "任务"))("任务和措施", 0, 5)
    [(0, 2), (3, 5)]
    """
    longest = max(map(len, lits))
    if _overlap_free(lits):
        # Every occurrence is a hit: found with `str.find` (the engine scans an alternation
        # position by position); one starting before `hi` ends at most `len - 1` past it.
        if len(lits) == 1:
            lit, n = lits[0], len(lits[0])

            def one(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
                out, find, end = [], text.find, hi + n - 1
                i = find(lit, lo, end)
                while i >= 0:
                    out.append((i, i + n))
                    i = find(lit, i + 1, end)
                return out

            return one
        sized = tuple((x, len(x)) for x in lits)

        def several(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
            out, find = [], text.find
            for lit, n in sized:
                end = hi + n - 1
                i = find(lit, lo, end)
                while i >= 0:
                    out.append((i, i + n))
                    i = find(lit, i + 1, end)
            out.sort()
            return out

        return several
    rx = compiled.re("|".join(map(re.escape, lits)))

    def overlapping(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
        # A hit is suppressed only by an overlapping earlier one: back up to a point that no
        # occurrence straddles, from where the sweep is the whole text's sweep (the engine's own:
        # no hit starting before `hi` is cut by the end, `longest - 1` past it).
        find = text.find
        while lo > 0:
            # The earliest occurrence starting in [lo - longest + 1, lo), if any.
            back, near = max(lo - longest + 1, 0), lo
            for x in lits:
                i = find(x, back, lo + len(x) - 1)
                if 0 <= i < near:
                    near = i
            if near == lo:
                break
            lo = near
        return [m.span() for m in rx.finditer(text, lo, hi + longest - 1) if m.start() < hi]

    return overlapping


# -- where a match can start ------------------------------------------------------------------------


def first_chars(source: str, ignorecase: bool = False) -> Optional[frozenset[str]]:
    """The characters a match of the pattern `source` can start with (read from its parse:
    literals, classes of literals and ranges, groups, alternations, repeats), or None when that
    is not a small set of characters: a class by category or negated, an anchor or lookaround,
    a back reference, a pattern that can match nothing, a case-blind one. A text position holding
    none of them starts no match: a cheap test before trying a rule at a place.

    >>> sorted(first_chars("(?:欢迎|联系)电话|附件[0-9]?|x*y"))
    ['x', 'y', '欢', '联', '附']
    >>> first_chars(r"\\d+"), first_chars("a?"), first_chars("(?<=a)b")
    (None, None, None)
    """
    if ignorecase:
        return None
    try:
        from re import _constants as sre_c, _parser as sre_p
    except ImportError:  # pragma: no cover - Python < 3.11
        return None
    try:
        parsed = sre_p.parse(source)
    except Exception:  # the rule's own engine (`regex`) reads syntax the stdlib parser does not
        return None
    if parsed.state.flags & sre_c.SRE_FLAG_IGNORECASE:
        return None

    def seq(items) -> tuple[set[int], bool]:
        """(first characters, whether the sequence can match empty)."""
        out: set[int] = set()
        for op, av in items:
            got, empty = one(op, av)
            out |= got
            if not empty:
                return out, False
        return out, True

    def one(op, av) -> tuple[set[int], bool]:
        if op is sre_c.LITERAL:
            return {av}, False
        if op is sre_c.IN:
            chars: set[int] = set()
            for iop, iav in av:
                if iop is sre_c.LITERAL:
                    chars.add(iav)
                elif iop is sre_c.RANGE and iav[1] - iav[0] < 256:
                    chars.update(range(iav[0], iav[1] + 1))
                else:
                    raise LookupError(iop)
            return chars, False
        if op is sre_c.SUBPATTERN:
            if av[1] or av[2]:  # local flags (`(?i:…)`)
                raise LookupError(op)
            return seq(av[3])
        if op is sre_c.ATOMIC_GROUP:
            return seq(av)
        if op is sre_c.BRANCH:
            out: set[int] = set()
            empty = False
            for alt in av[1]:
                got, e = seq(alt)
                out |= got
                empty = empty or e
            return out, empty
        if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT):
            got, empty = seq(av[2])
            return got, empty or av[0] == 0
        raise LookupError(op)

    try:
        chars, empty = seq(parsed)
    except LookupError:
        return None
    return None if empty or not chars else frozenset(map(chr, chars))
