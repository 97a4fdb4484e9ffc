"""Score the project on the dev set (or the held-out set): invented pages in the shapes of real pages.

    .venv/bin/python bench/devset.py [--docs]            # bench/devset/
    .venv/bin/python bench/devset.py --heldout [--docs]  # bench/heldout/

`bench/devset/pages/` holds short pages written for this project (invented names, places and
numbers) in the shapes most real pages take: stationing and feedback news, digests, one unit's
rectification news, some in traditional script with the pinyin glosses some sites insert.
`bench/devset/gold/` holds their answer keys in the format of the shared scorer, which this
runs (`../shared/score.py`, found beside the checkout as CI lays it out, or in
$NOTICE_PARSE_SHARED). It is a dev set for
seeing where whole pages fail, not a test: the real measure is pages nobody tuned to.
`bench/heldout/` is a second set in the same format, written later from other real pages and
never tuned to: it estimates that measure (see bench/README.md).
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    import os

    scorer = Path(os.environ.get("NOTICE_PARSE_SHARED", HERE.parent.parent / "shared")) / "score.py"
    if not scorer.exists():
        print(f"no scorer at {scorer} (the shared folder is laid beside the checkout)", file=sys.stderr)
        return 2
    args = sys.argv[1:]
    name = "heldout" if "--heldout" in args else "devset"
    args = [a for a in args if a != "--heldout"]
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([sys.executable, "-m", "notice_parse", "parse", str(HERE / name / "pages"), "--out", out],
                       check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return subprocess.run([sys.executable, str(scorer), str(HERE / name / "gold"), out, *args]).returncode


if __name__ == "__main__":
    sys.exit(main())
