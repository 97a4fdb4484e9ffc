from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def _shared_dir() -> Optional[Path]:
    """The shared folder (SPEC, answer keys, seeds, scorer): `../shared` beside the checkout, as
    CI lays it out; a checkout nested deeper (a worktree under `wt/`) finds it in the nearest
    folder above that has one. `NOTICE_PARSE_SHARED` names it explicitly."""
    named = os.environ.get("NOTICE_PARSE_SHARED")
    if named:
        return Path(named)
    for parent in ROOT.parents:
        if (parent / "shared" / "SPEC.md").is_file():
            return parent / "shared"
    return None


SHARED = _shared_dir()
NO_SHARED = (f"no shared/ folder (SPEC.md, gold/, seeds/, score.py) beside {ROOT} or above it; "
             "set NOTICE_PARSE_SHARED to its path")


def sample_paths() -> list[Path]:
    return sorted(SAMPLES.glob("*.txt"))


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES
