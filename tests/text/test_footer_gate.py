"""The footer-chrome gate (segment._FOOTER_CHARS / _FOOTER_LEADS) rules out only lines the footer
alternation does not match: over every line of the snapshot texts (bench/snapshot.py), the
chrome rules' own examples and random lines built from the gate's and the rules' characters."""
from __future__ import annotations

import importlib.util
import random
from pathlib import Path

from notice_parse.prepare import prepare
from notice_parse.rules import patterns
from notice_parse.text import segment

ROOT = Path(__file__).resolve().parents[2]


def _lines() -> list[str]:
    spec = importlib.util.spec_from_file_location("_snapshot", ROOT / "bench" / "snapshot.py")
    snapshot = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(snapshot)
    out = {line.text for _, t in snapshot.texts() for line in prepare(t).lines}
    for r in patterns.load("chrome").rules():
        out.update(r.match, r.no_match)
    return sorted(out)


def _plain(text: str) -> bool:
    return segment._chrome_regex("footer").search(text) is not None


def test_gate_is_in_force():
    assert segment._footer_gated()


def test_gated_equals_plain_on_snapshot_lines():
    lines = _lines()
    assert len(lines) > 1000
    assert [segment.is_footer_chrome(t) for t in lines] == [_plain(t) for t in lines]
    assert any(_plain(t) for t in lines)


def test_gated_equals_plain_on_random_lines():
    rng = random.Random(7)
    alphabet = segment._chrome_regex("footer").pattern + " \t　文巡察组整改问题,。:1"
    for _ in range(20000):
        t = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert segment.is_footer_chrome(t) == _plain(t), t
