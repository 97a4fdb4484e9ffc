"""Time each pipeline stage on the samples (and their full-width twins), in-process, one core.

    python bench/stages.py [--seconds 5]

Prints overall characters/s and notices/s of `parse_text` and each stage's share, so that a
speed change can be placed. Stage timings come from separate calls on the same documents.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import notice_parse
from notice_parse.contacts.extract import extract_contacts
from notice_parse.prepare import prepare
from notice_parse.inspection.extract import extract_inspection
from notice_parse.issues.extract import extract_issues
from notice_parse.meta.extract import extract_meta
from notice_parse.summary.extract import extract_summary

ROOT = Path(__file__).resolve().parent.parent
FULL_WIDTH = str.maketrans({",": "，", ":": "：", "(": "（", ")": "）", ";": "；"})


def corpus() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt"))]
    return texts + [t.translate(FULL_WIDTH) for t in texts]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=5.0)
    a = ap.parse_args()
    texts = corpus()
    notice_parse.parse_text(texts[0])  # load rule files before timing
    chars = notices = 0
    started = time.perf_counter()
    while time.perf_counter() - started < a.seconds:
        for t in texts:
            notice_parse.parse_text(t).to_json_dict()
            chars += len(t)
            notices += 1
    total = time.perf_counter() - started
    print(f"parse_text: {chars / total / 1e6:.2f} M chars/s, {notices / total:.0f} notices/s "
          f"({len(texts)} texts, {sum(map(len, texts)) // len(texts)} chars on average)")
    stages = {"prepare": 0.0, "meta": 0.0, "inspection": 0.0, "summary": 0.0, "issues": 0.0, "contacts": 0.0}
    rounds = max(1, notices // len(texts))
    for _ in range(rounds):
        for t in texts:
            t0 = time.perf_counter(); doc = prepare(t); t1 = time.perf_counter()
            meta = extract_meta(doc); t2 = time.perf_counter()
            extract_inspection(doc, meta); t3 = time.perf_counter()
            extract_summary(doc, meta); t4 = time.perf_counter()
            extract_issues(doc, meta); t5 = time.perf_counter()
            extract_contacts(doc, meta); t6 = time.perf_counter()
            for k, d in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5)):
                stages[k] += d
    stage_chars = rounds * sum(map(len, texts))
    for k, v in stages.items():
        print(f"  {k:<11} {v / total * 100:5.1f}% of parse time   {stage_chars / v / 1e6:7.2f} M chars/s")


if __name__ == "__main__":
    main()
