"""Fast paths of `issues.measures` give exactly what the plain code gives.

Each fast path is compared with a plain version (the code it replaced) on every text the
project has (`bench/snapshot.py`'s texts, prepared as the extractor reads them), over spans
that start and end at the places that matter (brackets, punctuation, line breaks) and at
random places.
"""
from __future__ import annotations

import importlib.util
import random
from functools import lru_cache
from pathlib import Path

import pytest

from notice_parse.issues import measures
from notice_parse.prepare import prepare

ROOT = Path(__file__).resolve().parents[2]


@lru_cache(maxsize=1)
def _texts() -> tuple[str, ...]:
    spec = importlib.util.spec_from_file_location("_snapshot", ROOT / "bench" / "snapshot.py")
    snapshot = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(snapshot)
    return tuple(dict.fromkeys(prepare(t).text for _, t in snapshot.texts()))


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
