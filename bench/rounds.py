"""Time `rounds.link` on a large synthetic corpus (issue 15: 100,000 notices link in seconds).

    .venv/bin/python bench/rounds.py [--notices 100000]

Each unit gets a stationing notice, feedback, a report and a progress report (four notices),
half of them stating their round, and every tenth report names its unit the long way
(`中共某县…党组`), so bucketing, round matching and date chaining are all exercised.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from notice_parse.app.rounds import NoticeRef, link


def corpus(n: int, seed: int = 1) -> list[NoticeRef]:
    rng = random.Random(seed)
    refs: list[NoticeRef] = []
    for u in range(n // 4):
        unit = f"县第{u}局"
        start = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(1500))
        round_ = rng.randrange(1, 12) if u % 2 else None
        steps = [("stationing", 0), ("feedback", 70), ("rectification", 70 + rng.choice((45, 90))), ("rectification", 300)]
        for i, (kind, days) in enumerate(steps):
            d = start + dt.timedelta(days=days)
            name = f"中共某{unit}党组" if kind == "rectification" and u % 10 == 0 else unit
            refs.append(NoticeRef.build((u, i), None, kind, "县委", None, round_, [name],
                                        d if kind == "stationing" else None, None,
                                        d if kind == "feedback" else None,
                                        d if kind == "rectification" else None, d,
                                        [("问题甲", "in_progress" if i == 2 else "completed", None)]))
    rng.shuffle(refs)
    return refs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--notices", type=int, default=100_000)
    args = ap.parse_args()
    refs = corpus(args.notices)
    started = time.perf_counter()
    inspections = link(refs)
    linked = time.perf_counter() - started
    started = time.perf_counter()
    changed = sum(len(i.status_changes()) for i in inspections)
    timelines = [i.timeline() for i in inspections]
    rest = time.perf_counter() - started
    print(f"{len(refs):,} notices → {len(inspections):,} inspections linked in {linked:.2f} s; "
          f"timelines and {changed:,} status changes in {rest:.2f} s; "
          f"{sum(1 for t in timelines if t['late']):,} late")


if __name__ == "__main__":
    main()
