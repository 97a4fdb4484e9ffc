"""The generic test of rule hints: the fast path finds exactly what a plain scan finds.

For every rule of every pattern file, over every text the project has (the texts
`bench/snapshot.py` covers, prepared as the extractors see them; the pattern files' own
corpus cases; every rule example), `rules.runner` with the rule's hints (`require`,
`start_at`, `anchor` with `before`/`reach` or a `window`, `spot`) must give the same matches
as the rule's pattern run over the whole text without any. A hint that is not true of some
text (a `before` too short, a `require` word missing from a match) fails here, naming the
file, the rule and the text's origin.
"""
from __future__ import annotations

from functools import lru_cache

import pytest

from notice_parse.rules import patterns, runner

import every_text


def _hinted(rule: patterns.Rule) -> bool:
    return any(getattr(rule, h) is not None for h in ("require", "start_at", "end_at", "anchor", "spot"))  # the others go with these


RULES = [pytest.param(name, rule.name, id=f"{name}:{rule.name}")
         for name in patterns.all_pattern_files() for rule in patterns.load(name).rules() if _hinted(rule)]


@lru_cache(maxsize=1)
def _texts() -> tuple[tuple[str, str], ...]:
    """(origin, text) of every text, folded and prepared as the extractors read it."""
    from notice_parse.prepare import prepare
    from notice_parse.text.normalize import fold

    snapshot = every_text.snapshot()
    out: dict[str, str] = {}
    raw = list(every_text.raw())
    for name in patterns.all_pattern_files():
        pf = patterns.load(name)
        cases = list(snapshot._toml_texts(pf.table("case") or []))
        raw += [(f"patterns/{name}.toml#{i}", t) for i, t in enumerate(cases)]
        # The cases one after another: windows and spans that cross from one into the next.
        joined = "".join(cases)
        raw += [(f"patterns/{name}.toml#joined", joined), (f"patterns/{name}.toml#joined-lines", joined.replace(",", "\n")),
                (f"patterns/{name}.toml#joined-spaced", joined.replace(",", " "))]
        raw += [(f"patterns/{name}.toml:{r.name}", ex) for r in pf.rules() for ex in r.match + r.no_match]
    for origin, text in raw:
        for variant in (fold(text), prepare(text).text):
            out.setdefault(variant, origin)
    return tuple((origin, text) for text, origin in out.items())


def _spans(found) -> list[tuple[int, int]]:
    return [m.span() for m in found]


def test_a_rule_key_the_model_does_not_know_fails_loading_naming_file_and_rule():
    """Hints and dimension keys are typed fields of the rule model: an old or misspelt hint key
    (`prefilter`), or a value outside its set (an issue kind), is refused on load."""
    for toml in ('prefilter = ["人"]', 'kind = "sectoin"', 'window = [2]', 'key = "problem"'):
        with pytest.raises(patterns.PatternFileError, match=r"h\.toml: rule 'r'"):
            patterns.parse_pattern_file("h.toml", f'[[rule]]\nname = "r"\npattern = "人"\nmatch = ["人"]\n{toml}\n')
    r = patterns.parse_pattern_file("h.toml", '[[rule]]\nname = "r"\npattern = "人"\nkind = "status"\n').get("r")
    assert r.kind == patterns.IssueRuleKind.status == "status"


@pytest.mark.parametrize("file,rule", RULES)
def test_fast_path_finds_what_the_plain_scan_finds(file, rule):
    r = patterns.load(file).get(rule)
    run = runner.of(r)
    windows = r.window is not None
    firsts = runner.first_chars(r.regex.pattern, bool(r.regex.flags & 2))  # re/regex IGNORECASE
    for origin, text in _texts():
        want = _spans(runner.plain(r, text))
        if firsts is not None:  # where a match can start (`runner.first_chars`)
            assert all(text[s] in firsts for s, _ in want), f"patterns/{file}.toml rule {rule!r} on {origin}"
        if r.end_at:  # not used by the runner: each match must end with one of the words
            assert all(text[:e].endswith(tuple(r.end_at)) for _, e in want), f"patterns/{file}.toml rule {rule!r} on {origin}"
        if windows:  # a window rule reads whole texts only
            assert _spans(run.finditer(text, memo={})) == want, f"patterns/{file}.toml rule {rule!r} on {origin}"
            continue
        assert _spans(run.finditer(text)) == want, f"patterns/{file}.toml rule {rule!r} on {origin}"
        first = run.search(text)
        assert (first.span() if first else None) == (want[0] if want else None), (rule, origin)
        if want:
            assert run.possible is None or run.possible(text, 0, len(text)), (rule, origin)
        # A part of the text: the hints hold for a span too.
        lo, hi = len(text) // 3, 2 * len(text) // 3
        assert _spans(run.finditer(text, lo, hi)) == _spans(r.regex.finditer(text, lo, hi)), (rule, origin, lo, hi)


def test_the_texts_hold_what_the_hints_are_for():
    """The check above is not vacuous: the texts hold matches of the hinted rules."""
    texts = [t for _, t in _texts()]
    assert len(texts) > 500
    for p in RULES:
        file, rule = p.values
        r = patterns.load(file).get(rule)
        assert any(r.regex.search(t) for t in texts), f"{file}:{rule} matches no text"


def test_a_window_rule_reads_whole_texts_only():
    r = patterns.load("inspection").get("group")
    with pytest.raises(ValueError, match="whole text"):
        list(runner.of(r).finditer("县委第五巡察组", 1))


@pytest.mark.parametrize("toml,message", [
    ('require = "("', "`require` is no stdlib pattern"),
    ('spot = ["(?<=a)人"]\nanchor = "人"\nwindow = [2, 2]', "must start with one literal character"),
    ('anchor = "人"', "either `before` and `reach` or a `window`"),
    ('before = 3\nreach = 4', "need an `anchor`"),
    ('anchor = "人"\nbefore = 3', "go together"),
    ('spot = ["人"]', "`spot` needs a `window`"),
    ('start_at = ["", "人"]', "must not be empty"),
    ('end_at = ["口"]', "`end_at`: the match '人'"),
    ('anchor_starts = "人"', "`anchor_starts` needs an `anchor`"),
    ('start_at = ["人"]\nstart_chars = "人"', "`start_chars` needs a `start_at` pattern"),
    ('start_at = "人"\nstart_chars = "人"\nstart_marks = "届"', "go together"),
])
def test_bad_hints_are_refused_naming_file_and_rule(toml, message):
    text = f'[[rule]]\nname = "r"\npattern = "人"\nmatch = ["人"]\n{toml}\n'
    with pytest.raises(patterns.PatternFileError, match=r"h\.toml: rule 'r'"):
        patterns.parse_pattern_file("h.toml", text)
    with pytest.raises(patterns.PatternFileError, match=message):
        patterns.parse_pattern_file("h.toml", text)


def test_a_spot_rule_needs_a_literal_anchor():
    pf = patterns.parse_pattern_file("h.toml", '[[rule]]\nname = "r"\npattern = "人"\nmatch = ["人"]\n'
                                                'spot = ["人"]\nanchor = "[人]"\nwindow = [2, 2]\n')
    with pytest.raises(patterns.PatternFileError, match="anchor of literal words"):
        runner.of(pf.get("r"))


def test_a_wrong_hint_is_caught_by_the_plain_scan():
    """The comparison can fail: a `require` word some match lacks loses that match."""
    pf = patterns.parse_pattern_file("h.toml", '[[rule]]\nname = "r"\npattern = "[甲乙]人"\nmatch = ["甲人"]\n'
                                                'require = ["甲"]\n')
    r = pf.get("r")
    assert _spans(runner.of(r).finditer("乙人")) != _spans(runner.plain(r, "乙人"))


def test_runner_is_not_pickled_with_its_rule():
    import pickle

    r = patterns.load("inspection").get("group")
    runner.of(r)
    assert r._runner is not None and pickle.loads(pickle.dumps(r))._runner is None


def test_led_by_and_starts_near_try_a_pattern_only_where_it_can_start():
    """`anchor_starts` (`_LedBy`) and `start_chars`/`start_marks` (`_StartsNear`) give the
    pattern's own matches, trying it only at those characters."""
    import re

    led = runner._LedBy(re.compile(r"个[^个]{0,3}组|分\d组"), "个分")
    text = "派出3个巡察组,分2组,个组"
    assert _spans(led.finditer(text)) == _spans(led.rx.finditer(text)) == [(3, 7), (8, 11), (12, 14)]
    starts = runner._StartsNear(re.compile(r"(?=\d{1,3}届|县委)"), "县", "届", 3)
    text = "十五届县委、20届县委"
    assert [m.start() for m in starts.finditer(text)] == [m.start() for m in starts.rx.finditer(text)] == [3, 6, 7, 9]


def test_the_rule_models_notice_kinds_are_the_contracts():
    """`patterns.NoticeKind` is spelt in the rule model (the compiled-file cache is keyed by its
    source); it must stay the JSON contract's `Kind`."""
    from typing import get_args

    from notice_parse.models import Kind

    assert set(get_args(patterns.NoticeKind)) == set(get_args(Kind))


@pytest.mark.parametrize("lits", [("人",), ("人", "名"), ("方面", "大类"), ("反馈", "指出", "交办", "移交"), ("aa",),
                                  ("ab", "ba"), ("abc", "b"), ("a", "ab"), ("ab", "a"), ("aba",), ("基本完成", "正在")])
def test_anchor_hits_near_a_spot_are_the_whole_texts_hits(lits):
    """`_anchor_finder` (a spot rule's anchor hits in [lo, hi), `str.find` for literals that
    cannot overlap, the engine from a safe point for those that can) gives exactly the hits of
    the anchor's alternation over the whole text that start there (random texts and ranges)."""
    import random
    import re

    rnd = random.Random(7)
    hits = runner._anchor_finder(lits)
    rx = re.compile("|".join(map(re.escape, lits)))
    alphabet = "".join(sorted(set("".join(lits)))) + "xy"
    for _ in range(2000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30)))
        lo = rnd.randint(0, len(text))
        hi = rnd.randint(lo, len(text) + 2)
        got = hits(text, lo, hi)
        # Those from `lo` on, and any from the safe point before it: whole-text hits all.
        since = min([lo] + [s for s, _ in got])
        assert got == [m.span() for m in rx.finditer(text) if since <= m.start() < hi], (text, lo, hi)
