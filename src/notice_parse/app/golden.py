"""Golden samples: a folder of notices beside their `<stem>.expected.json`.

`notice-parse check DIR` (and the golden test) parses each `<stem>.txt|html|htm` and lists
every field that differs from the expected file; `--update` rewrites the expected files.
`source.path` is not compared: it depends on where the check runs from.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

INPUT_SUFFIXES = (".txt", ".html", ".htm")
IGNORED = {"source.path"}


@dataclass
class Difference:
    sample: str
    field: str
    expected: str
    got: str


@dataclass
class Report:
    checked: int = 0
    differences: list[Difference] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def differing_samples(self) -> set[str]:
        return {d.sample for d in self.differences}


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Leaf values of nested dicts and lists by dotted path.

    >>> flatten({"a": {"b": 1}, "c": [2, {"d": 3}], "e": []})
    {'a.b': 1, 'c[0]': 2, 'c[1].d': 3, 'e': []}
    """
    out: dict[str, Any] = {}
    if isinstance(value, dict) and value:
        for k, v in value.items():
            out.update(flatten(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(value, list) and value:
        for i, v in enumerate(value):
            out.update(flatten(v, f"{prefix}[{i}]"))
    else:
        out[prefix] = value
    return out


def _show(v: Any) -> str:
    if v is _ABSENT:
        return "(absent)"
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= 120 else s[:117] + "..."


_ABSENT = object()


def diff(sample: str, expected: dict, got: dict) -> list[Difference]:
    e, g = flatten(expected), flatten(got)
    out = []
    for key in sorted(set(e) | set(g)):
        if key in IGNORED:
            continue
        ev, gv = e.get(key, _ABSENT), g.get(key, _ABSENT)
        if ev != gv:
            out.append(Difference(sample, key, _show(ev), _show(gv)))
    return out


def find_samples(folder: Path) -> tuple[list[tuple[Path, Path]], list[str]]:
    pairs, missing = [], []
    for exp in sorted(folder.glob("*.expected.json")):
        stem = exp.name[: -len(".expected.json")]
        src = next((folder / (stem + s) for s in INPUT_SUFFIXES if (folder / (stem + s)).exists()), None)
        if src is None:
            missing.append(stem)
        else:
            pairs.append((src, exp))
    return pairs, missing


def compare_folder(folder: Path, *, update: bool = False) -> Report:
    from ..pipeline import parse_file

    report = Report()
    pairs, report.missing = find_samples(folder)
    if update:
        # Also take inputs that have no expected file yet.
        known = {src for src, _ in pairs}
        for src in sorted(p for s in INPUT_SUFFIXES for p in folder.glob("*" + s)):
            if src not in known:
                pairs.append((src, folder / (src.stem + ".expected.json")))
    for src, exp in pairs:
        got = parse_file(str(src)).to_json_dict()
        report.checked += 1
        if update:
            exp.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            continue
        expected = json.loads(exp.read_text(encoding="utf-8"))
        report.differences += diff(src.name, expected, got)
    return report
