"""Every text the project has, loaded once per test run: what `bench/snapshot.py` reads (samples,
dev and held-out pages, corpus and inline test texts, full-width twins, saved pages). The fast
paths are proved on these against the plain code they replaced."""
from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

from notice_parse.prepare import prepare
from notice_parse.text.document import Document

ROOT = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=1)
def snapshot():
    """`bench/snapshot.py` as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("_snapshot", ROOT / "bench" / "snapshot.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=1)
def raw() -> tuple[tuple[str, str], ...]:
    """(origin, text) of every text, as the parser gets it."""
    return tuple(snapshot().texts())


@lru_cache(maxsize=1)
def prepared() -> tuple[Document, ...]:
    """Every text prepared (folded, split, segmented) as the extractors read it, in `raw` order."""
    return tuple(prepare(text) for _, text in raw())


@lru_cache(maxsize=1)
def searched() -> tuple[str, ...]:
    """Each text as the extractors search it, once: the prepared text, its article (`scope`:
    without the page's furniture) and the raw text folded, duplicates dropped."""
    from notice_parse.text.normalize import fold

    out = []
    for (_, text), doc in zip(raw(), prepared()):
        out += [doc.text, doc.text[slice(*doc.scope)], fold(text)]
    return tuple(dict.fromkeys(out))
