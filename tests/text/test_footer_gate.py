"""Chrome lines found faster, exactly as before: the footer-chrome gate (segment._FOOTER_CHARS /
_FOOTER_LEADS) and the split of each chrome alternation (segment._chrome_parts: literals,
anchored branches, the rest) give what one search of `_chrome_regex(where)` gives, over every
line of the snapshot texts (bench/snapshot.py), the chrome rules' own examples and random lines
built from pieces of the rules."""
from __future__ import annotations

import random
import re
from functools import lru_cache

import pytest

from notice_parse.prepare import prepare
from notice_parse.rules import patterns
from notice_parse.text import segment

import every_text

TEST = {"top": segment.is_top_chrome, "footer": segment.is_footer_chrome}


@lru_cache(maxsize=None)
def _lines() -> tuple[str, ...]:
    out = {line.text for _, t in every_text.raw() for line in prepare(t).lines}
    for r in patterns.load("chrome").rules():
        out.update(r.match, r.no_match)
    return tuple(sorted(out))


def _plain(where: str, text: str) -> bool:
    return segment._chrome_regex(where).search(text) is not None


def test_fast_paths_are_in_force():
    assert segment._footer_gated() and segment._top_gated()
    assert segment._chrome_parts("top") is not None and segment._chrome_parts("footer") is not None


@pytest.mark.parametrize("where", ["top", "footer"])
def test_equals_plain_on_snapshot_lines(where):
    lines = _lines()
    assert len(lines) > 1000
    got = [TEST[where](t) for t in lines]
    assert got == [_plain(where, t) for t in lines]
    assert any(got)


@pytest.mark.parametrize("where", ["top", "footer"])
def test_equals_plain_on_random_lines(where):
    rng = random.Random(7)
    source = segment._chrome_regex(where).pattern
    pieces = [p for p in re.split(r"[\\()\[\]|?*+{}^$]+", source) if p] + [" ", "\t", "　", "1", "2024", "-", ":", "|"]
    pieces += ["巡察组", "整改", "。", "ICP", "Copyright", "LOGO", "(", ")", "【", "】"]
    positives = 0
    for _ in range(20000):
        t = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 5)))
        want = _plain(where, t)
        positives += want
        assert TEST[where](t) == want, t
    assert positives > 1000


def test_branches():
    assert segment._branches(r"a\|b|[]|]c|[^]|]|(?:d|e)|") == [r"a\|b", "[]|]c", "[^]|]", "(?:d|e)", ""]
