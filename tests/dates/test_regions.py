"""`mentions._regions` skips the triggers inside a region by searching past them, and reads a
short span of date characters alone as one region: exactly the regions of the plain loop over
every trigger (kept here as the reference), on every text the project has and random ones."""
from __future__ import annotations

import random

from notice_parse.dates import mentions as M

import every_text


def _plain(text: str, pos: int, endpos: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    numeric = "-" in text[pos:endpos] or "." in text[pos:endpos] or "/" in text[pos:endpos]
    for t in (M._TRIGGER if numeric else M._TRIGGER_CHARS).finditer(text, pos, endpos):
        if out and t.start() < out[-1][1] - M._LOOKAHEAD:
            continue
        s = t.start()
        before = text[max(pos, s - M._REACH):s]
        s -= len(before) - len(before.rstrip(M._DATE_CHARS))
        e = t.end()
        after = text[e:min(endpos, e + M._REACH)]
        e += len(after) - len(after.lstrip(M._DATE_CHARS))
        e = min(endpos, e + M._LOOKAHEAD)
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def test_regions_are_the_plain_loops_on_random_text():
    rng = random.Random(7)
    alphabet = "0123456789年月日号季-/.至到一二十 ,巡察组对县。"
    for _ in range(60000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        lo = rng.randint(0, len(text))
        hi = rng.randint(lo, len(text))
        assert M._regions(text, lo, hi) == _plain(text, lo, hi), (text, lo, hi)


def test_regions_are_the_plain_loops_on_every_sentence():
    checked = 0
    for doc in every_text.prepared():
        for s, e in doc.sentences:
            assert M._regions(doc.text, s, e) == _plain(doc.text, s, e), doc.text[s:e]
            checked += 1
    assert checked > 3000
