"""`mentions._atoms` reads the two commonest shapes (`2020年9月10日`, `12月10日`) with a stdlib
pattern (`_FAST_ATOM`) instead of the atom rule: exactly the atoms (spans and groups) of the
plain loop, which asks the rule at every position (kept here as the reference), on every
sentence the project has and on random text."""
from __future__ import annotations

import random

from notice_parse.dates import mentions as M

import every_text


def _plain(text: str, pos: int, endpos: int) -> list:
    out: list = []
    last = pos
    for rs, re_ in M._regions(text, pos, endpos):
        p = max(rs, last)
        while (c := M._ATOM_START.search(text, p, re_)) is not None:
            m = M._ATOM.match(text, c.start(), re_)
            if m is None or m.end() == m.start():
                p = c.start() + 1
                continue
            out.append((m.start(), m.end(), m.groups()))
            last = p = m.end()
    return out


def test_atoms_are_the_plain_loops_on_every_sentence():
    fast = 0
    for doc in every_text.prepared():
        for s, e in doc.sentences:
            got = M._atoms(doc.text, s, e)
            assert got == _plain(doc.text, s, e), doc.text[s:e]
            fast += sum(1 for a in got if M._FAST_ATOM.match(doc.text, a[0], a[1]))
    assert fast > 500  # the fast shapes are read, and checked


# Digits (an astral one among them), date words, connectors and what stands around dates.
_ALPHABET = list("0123456789012345678901234567890123456789年月日号年月日至到-./ ,。季度第上下旬中底末份初今去一二十两〇代号前后")
_ALPHABET += ["\U00010d40", "2020年", "2021年", "12月", "9月", "10日", "3日", "31日", "19", "20", "年度", "季度"] * 3


def test_atoms_are_the_plain_loops_on_random_text():
    rng = random.Random(5)
    fast = 0
    for _ in range(30000):
        text = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 40)))
        lo = rng.randint(0, len(text))
        hi = rng.randint(lo, len(text))
        got = M._atoms(text, lo, hi)
        assert got == _plain(text, lo, hi), (text, lo, hi)
        fast += sum(1 for a in got if M._FAST_ATOM.match(text, a[0], a[1]))
    assert fast > 200


def test_a_fast_shape_is_the_rules_match_wherever_it_matches():
    rng = random.Random(9)
    hits = 0
    for _ in range(30000):
        text = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(1, 30)))
        for i in range(len(text)):
            end = rng.randint(i, len(text))
            f = M._FAST_ATOM.match(text, i, end)
            if f is not None:
                m = M._ATOM.match(text, i, end)
                assert m is not None and m.span() == f.span() and m.groups() == M._fast_groups(f), (text, i, end)
                hits += 1
    assert hits > 500
