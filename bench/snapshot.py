"""Snapshot the parser's output on every text the project has, to prove a change preserves behaviour.

    python bench/snapshot.py --write /tmp/before.jsonl     # before the change
    python bench/snapshot.py --compare /tmp/before.jsonl   # after it: exit 1 and list what differs

The texts: `samples/`, the dev set's and the held-out set's pages, every `.txt`/`.html` under `tests/data/`, every `text`
string in the TOML corpora there, and every string literal with Chinese text in `tests/**/*.py` (the
inline corpus cases), each also with full-width punctuation and, for saved pages, as bytes through
`parse_bytes`. A speed or structure change must leave every one of them byte-for-byte the same.
"""
from __future__ import annotations

import argparse
import ast
import hashlib
import json
import sys
import tomllib
from pathlib import Path
from typing import Any, Iterator

import notice_parse
from notice_parse.pipeline import parse_bytes

ROOT = Path(__file__).resolve().parent.parent
FULL_WIDTH = str.maketrans({",": "，", ":": "：", "(": "（", ")": "）", ";": "；"})


def _toml_texts(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "text" and isinstance(item, str):
                yield item
            else:
                yield from _toml_texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _toml_texts(item)


def _literal_texts(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) >= 12 \
                and any("\u4e00" <= ch <= "\u9fff" for ch in node.value):
            yield node.value


def texts() -> Iterator[tuple[str, str]]:
    """(origin, text) for every text, sorted by origin so that two runs line up."""
    files = sorted((ROOT / "samples").glob("*.txt")) + sorted((ROOT / "bench/devset/pages").glob("*"))
    files += sorted((ROOT / "bench/heldout/pages").glob("*"))
    files += sorted(p for p in (ROOT / "tests/data").rglob("*") if p.suffix in {".txt", ".html", ".htm"})
    for path in files:
        yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8", errors="replace")
    for path in sorted((ROOT / "tests/data").rglob("*.toml")):
        for i, text in enumerate(_toml_texts(tomllib.loads(path.read_text(encoding="utf-8")))):
            yield f"{path.relative_to(ROOT)}#{i}", text
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for i, text in enumerate(_literal_texts(path)):
            yield f"{path.relative_to(ROOT)}#{i}", text


def outputs() -> Iterator[dict[str, Any]]:
    seen: set[str] = set()
    for origin, text in texts():
        for variant, body in (("", text), ("fullwidth", text.translate(FULL_WIDTH))):
            digest = hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()[:16]
            if digest in seen:
                continue
            seen.add(digest)
            notice = notice_parse.parse_text(body)
            yield {"origin": origin, "variant": variant, "text": digest, "out": notice.to_json_dict()}
            if "<" in body:
                raw = parse_bytes(body.encode("utf-8"), path="page.html").to_json_dict()
                yield {"origin": origin, "variant": variant + "+bytes", "text": digest, "out": raw}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="write the snapshot here")
    group.add_argument("--compare", type=Path, help="compare with this snapshot")
    a = ap.parse_args()
    rows = [json.dumps(row, ensure_ascii=False, sort_keys=True) for row in outputs()]
    if a.write:
        a.write.write_text("\n".join(rows) + "\n", encoding="utf-8")
        print(f"{len(rows)} outputs written to {a.write}")
        return 0
    before = {(r["text"], r["variant"]): r for r in map(json.loads, a.compare.read_text(encoding="utf-8").splitlines())}
    after = {(r["text"], r["variant"]): r for r in map(json.loads, rows)}
    differ = [key for key in after if key in before and before[key]["out"] != after[key]["out"]]
    missing = [key for key in before if key not in after]
    added = [key for key in after if key not in before]
    for key in differ[:20]:
        print(f"differs: {after[key]['origin']} {key[1] or 'as written'}")
        _show_difference(before[key]["out"], after[key]["out"])
    print(f"{len(after)} outputs: {len(differ)} differ, {len(missing)} only before, {len(added)} only now")
    return 1 if differ else 0


def _show_difference(old: Any, new: Any, path: str = "") -> None:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new)):
            if old.get(key) != new.get(key):
                _show_difference(old.get(key), new.get(key), f"{path}.{key}")
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for i, (a, b) in enumerate(zip(old, new)):
            if a != b:
                _show_difference(a, b, f"{path}[{i}]")
    else:
        print(f"    {path}: {json.dumps(old, ensure_ascii=False)[:160]} -> {json.dumps(new, ensure_ascii=False)[:160]}")


if __name__ == "__main__":
    sys.exit(main())
