"""Fast paths of `issues.measures` give exactly what the plain code gives.

Each fast path is compared with a plain version (the code it replaced) on every text the
project has (`bench/snapshot.py`'s texts, prepared as the extractor reads them), over spans
that start and end at the places that matter (brackets, punctuation, line breaks) and at
random places.
"""
from __future__ import annotations

import random
from functools import lru_cache

import pytest

from notice_parse.issues import measures
from notice_parse.prepare import prepare

import every_text


@lru_cache(maxsize=1)
def _texts() -> tuple[str, ...]:
    return tuple(dict.fromkeys(prepare(t).text for _, t in every_text.raw()))


def _spans(text: str, marks: str, rng: random.Random, n: int = 60) -> list[tuple[int, int]]:
    """Spans of `text` from and to the places of `marks` (and one after them), and random ones."""
    at = [i for i, c in enumerate(text) if c in marks]
    points = sorted({0, len(text), *at, *(i + 1 for i in at)})
    spans = [(a, b) for a, b in zip(points, points[1:])] + [(a, b) for a, b in zip(points, points[2:])]
    spans += [tuple(sorted(rng.sample(range(len(text) + 1), 2))) for _ in range(n) if len(text) > 1]
    return spans


def _edge_tag_plain(text: str, start: int, end: int):
    """`_edge_tag` without its gate (every tag found, then the edges tested)."""
    tags = measures.status_tags(text, start, end)
    if not tags:
        return None
    first, last = tags[0], tags[-1]
    if not measures.clean(text[last.end():end]):
        return last
    if not measures.clean(text[start:first.start()]):
        return first
    return None


def _span(m):
    return None if m is None else m.span()


def test_edge_tag_gate_finds_what_every_tag_finds():
    rng = random.Random(7)
    hits = 0
    for text in _texts():
        for s, e in _spans(text, "【】()。\n ", rng):
            want = _edge_tag_plain(text, s, e)
            assert _span(measures._edge_tag(text, s, e)) == _span(want), (text[s:e][:80], s, e)
            hits += want is not None
    assert hits > 20  # the comparison is not vacuous


@pytest.mark.parametrize("text", ["整改情况:修订制度。【已完成】 \n", " 。【正在整改】修订制度", "(已整改到位)",
                                  "修订制度【已完成】并公开。", "【已完成】", "\n\n;【已完成】;\n"])
def test_edge_tag_gate_on_invented_paragraphs(text):
    assert _span(measures._edge_tag(text, 0, len(text))) == _span(_edge_tag_plain(text, 0, len(text)))


def _enumerated_plain(text: str, start: int, end: int, kind: str = "enumerator"):
    """`_enumerated` without its `first_item` gate."""
    for rule in measures.rules(kind):
        items = measures.items_counting_up(rule.regex.finditer(text, start, end), rule.regex.groupindex["n"], end)
        if items:
            return items
    return []


def test_first_item_words_stand_in_every_item_one():
    """Each enumerator rule's `first_item` words: every match numbered one holds one of them
    (on every text, and for every one- to three-numeral label the rules can read)."""
    labels = ["".join(p) for k in (1, 2, 3) for p in __import__("itertools").product("一二三四五六七八九十", repeat=k)]
    assert [g for g in labels if measures._item_number(g) == 1] == ["一"]
    seen = 0
    for rule in measures.rules("enumerator"):
        words = tuple(rule.rule.first_item)
        for text in _texts() + tuple(rule.rule.match):
            for m in rule.regex.finditer(text):
                if measures._item_number(m.group("n")) == 1:
                    seen += 1
                    assert any(w in m.group() for w in words), (rule.name, m.group())
    assert seen > 50


def test_enumerated_with_first_item_gate_finds_what_the_plain_loop_finds():
    rng = random.Random(11)
    found = 0
    for text in _texts():
        for s, e in _spans(text, "。:\n", rng, n=20):
            want = _enumerated_plain(text, s, e)
            assert measures._enumerated(text, s, e) == want, (text[s:e][:80], s, e)
            found += bool(want)
    assert found > 50


def _closing_plain(doc, start: int, end: int, kind: str) -> int:
    """The closing finder's plain version: every sentence from `start`, each rule anchored."""
    from notice_parse.issues.sections import _closing_rules

    anchored, _ = _closing_rules(kind)
    text = doc.text
    for s, e in doc.sentences:
        if s < start:
            continue
        if s >= end:
            break
        if any(rx.match(text, s, e) for rx in anchored):
            return s + len(text[s:e]) - len(text[s:e].lstrip())
    return end


@pytest.mark.parametrize("kind", ["rectification", "digest", "feedback"])
def test_closing_finder_finds_what_every_sentence_tried_finds(kind):
    """`sections._closing` tries only the sentences whose first character opens a closing
    rule's body (`runner.first_chars`): the same answer as trying every sentence, from every
    sentence start of every text."""
    from notice_parse.issues.sections import _closing, _closing_rules

    assert _closing_rules(kind)[1], "the closing rules' first characters are known (else every sentence is tried)"
    rng = random.Random(7)
    for text in _texts():
        doc = prepare(text)
        starts = sorted({0, *(s for s, _ in doc.sentences[::3])})
        for start in starts:
            end = rng.choice([len(doc.text), min(len(doc.text), start + rng.randint(1, 400))])
            want = _closing_plain(doc, start, end, kind)
            assert _closing(doc, start, end, kind) == want, (text[:40], start, end)


def test_a_sentence_start_is_no_white_space_of_either_engine():
    """`_closing` gates a sentence by its first character, read as where the rules' body starts:
    their `^\\s*` (the `regex` engine's white space) must take nothing at a sentence start,
    which is a character the stdlib `\\s` (str.isspace) does not match."""
    import regex

    space = regex.compile(r"\s")
    assert all(chr(c).isspace() for c in range(0x10000) if space.match(chr(c)))


@pytest.mark.parametrize("kind", ["enumerator", "closing"])
def test_any_match_of_several_rules_finds_what_each_rule_finds(kind):
    """`measures.any_match` tests a kind of several rules with one search for the union of their
    `require` words and patterns (`runner.any_possible`) before running them: the earliest
    match of the rules' plain patterns, on spans of every text."""
    pre, _ = measures._searches(kind)
    assert pre is not None, "the kind's rules have one test (else the fast path is not used)"
    rng = random.Random(5)
    found = 0
    for text in _texts():
        for s, e in _spans(text, "。:\n(", rng, n=10):
            best = None
            for r in measures.rules(kind):
                m = r.regex.search(text, s, e)
                if m and (best is None or m.start() < best.start()):
                    best = m
            got = measures.any_match(kind, text, s, e)
            assert (got and got.span()) == (best and best.span()), (kind, text[s:e][:80], s, e)
            found += best is not None
    assert found > 10
