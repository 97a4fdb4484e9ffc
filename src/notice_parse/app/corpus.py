"""Notices for the cross-notice commands (`db`, `rounds`), from whatever the analyst has.

A path is read as output already made when it is a notices database (`.db`, `.sqlite`), a JSON
Lines file of `parse` (`.jsonl`) or one `parse --out` file (`.json`); anything else (notice
files, folders) is parsed. Error records pass through, so callers can count them.
"""
from __future__ import annotations

import json
from typing import Iterable, Iterator, Optional

from ..text.read import DEFAULT_MAX_BYTES

DATABASE_SUFFIXES = (".db", ".sqlite", ".sqlite3")


def is_output(path: str) -> bool:
    return path.lower().endswith((".jsonl", ".json") + DATABASE_SUFFIXES)


def _read_output(path: str) -> Iterator[tuple[str, dict]]:
    if path.lower().endswith(DATABASE_SUFFIXES):
        from .database import connect, load_records

        conn = connect(path)
        try:
            for _nid, record in load_records(conn):
                yield record["source"]["path"], record
        finally:
            conn.close()
        return
    with open(path, encoding="utf-8") as fh:
        if path.lower().endswith(".json"):
            record = json.load(fh)
            yield (record.get("source") or {}).get("path") or path, record
            return
        for number, line in enumerate(fh, 1):
            if line.strip():
                record = json.loads(line)
                yield (record.get("source") or {}).get("path") or f"{path}:{number}", record


def iter_records(paths: Iterable[str], *, globs: Iterable[str], jobs: int = 1,
                 max_bytes: int = DEFAULT_MAX_BYTES, skip: Optional[dict[str, str]] = None,
                 counts: Optional[dict] = None, timeout: float = 0) -> Iterator[tuple[str, dict]]:
    """`(path, record)` for every notice named or found, in input order.

    `skip` maps paths to the SHA-256 already stored: such a file whose bytes still hash the
    same is not parsed again (counted in `counts["unchanged"]`). An input that takes longer
    than `timeout` seconds (0: no limit) becomes an error record.
    """
    from . import batch

    parse: list[str] = []
    for path in paths:
        if is_output(path):
            yield from _read_output(path)
        else:
            parse.append(path)
    if not parse:
        return
    items = list(batch.iter_inputs(parse, globs))
    if skip:
        from .database import file_sha256

        kept = []
        for item in items:
            known = skip.get(item.path)
            if known is not None and file_sha256(item.path) == known:
                if counts is not None:
                    counts["unchanged"] = counts.get("unchanged", 0) + 1
                continue
            kept.append(item)
        items = kept
    for result in batch.parse_all(items, jobs=jobs, max_bytes=max_bytes, timeout=timeout):
        yield result.input.path, result.record
