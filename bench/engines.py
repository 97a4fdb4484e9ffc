"""Which regex engine each rule should use: time every rule on `regex` and on `re`.

    python bench/engines.py [--notices 60] [--only FILE] [--ratio 1.3]

Rules run on the notices `bench.py` generates (the samples varied), prepared as `parse_text`
prepares them, in the three ways extractors search: the whole text, each line, and each
heading's stretch (to the next heading). For each rule the table gives both engines' times and
the engine to use: the other one when it is faster by `--ratio` or more, else the current one.
Set it in the rule's TOML (`engine = "re"`); rules `re` cannot compile stay on `regex`.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

import regex

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (the corpus generator beside this script)

from notice_parse.rules import patterns  # noqa: E402
from notice_parse.prepare import prepare  # noqa: E402


def spans(texts: list[str]) -> list[tuple[str, int, int]]:
    out = []
    for t in texts:
        doc = prepare(t)
        out.append((doc.text, 0, len(doc.text)))
        out.extend((doc.text, s, e) for s, e in zip(doc.lines.starts, doc.lines.ends) if e > s)
        hs = doc.headings
        out.extend((doc.text, h.text_span[0], hs[i + 1].start if i + 1 < len(hs) else len(doc.text))
                   for i, h in enumerate(hs))
    return out


def timed(rx, work: list[tuple[str, int, int]]) -> float:
    t0 = time.perf_counter()
    for text, s, e in work:
        for _ in rx.finditer(text, s, e):
            pass
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--notices", type=int, default=60)
    ap.add_argument("--only", help="one pattern file (e.g. issues)")
    ap.add_argument("--ratio", type=float, default=1.3)
    a = ap.parse_args()
    samples = bench.load_samples(None)
    rng = random.Random(7)
    work = spans([bench.vary_text(samples[i % len(samples)], rng) for i in range(a.notices)])
    print(f"{'rule':44} {'regex ms':>9} {'re ms':>9}  now    use")
    changes = 0
    for name in [a.only] if a.only else patterns.all_pattern_files():
        for rule in patterns.load(name).rules():
            source, flags = rule.regex.pattern, rule.regex.flags & (re.I | re.M | re.S)
            try:
                std = re.compile(source, flags)
            except re.error:
                continue  # `regex` only
            t_regex = min(timed(regex.compile(source, flags), work) for _ in range(2))
            t_re = min(timed(std, work) for _ in range(2))
            use = rule.engine
            if rule.engine == "regex" and t_regex > a.ratio * t_re:
                use = "re"
            elif rule.engine == "re" and t_re > a.ratio * t_regex:
                use = "regex"
            changes += use != rule.engine
            mark = "  <-" if use != rule.engine else ""
            print(f"{name + ':' + rule.name:44} {t_regex * 1e3:9.2f} {t_re * 1e3:9.2f}  {rule.engine:6} {use}{mark}")
    print(f"{changes} rule(s) would change engine (ratio {a.ratio}).")


if __name__ == "__main__":
    main()
