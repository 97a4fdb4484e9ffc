"""The one corpus harness: load a `[[case]]` corpus of tests/data/ (format: tests/data/README.md),
validate it, parse each text as the CLI would, compare with `expect`, and say what differs.

    from corpus import cases, check

    @pytest.mark.parametrize("case", cases("issues"))      # every *.toml under tests/data/issues/
    def test_corpus(case):
        check(case)
"""
from __future__ import annotations

import json
import tomllib
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import pytest
from pydantic import BaseModel

from notice_parse import models
from notice_parse.pipeline import parse_bytes, parse_text
from notice_parse.text.normalize import clean_value, fold, squeeze
from notice_parse.text.read import decode_input

DATA = Path(__file__).resolve().parent / "data"
NULL = "null"  # TOML has no null: this string stands for it in `expect`
CASE_KEYS = {"name", "text", "format", "expect", "warnings", "no_warnings", "not_in_spans", "xfail"}
FORMATS = ("text", "html")


class CorpusError(ValueError):
    """A corpus file or case that does not follow tests/data/README.md."""


@dataclass(frozen=True)
class Case:
    file: str  # relative to tests/data/, e.g. "issues/tables.toml"
    name: str
    text: str
    format: str = "text"
    expect: Optional[dict] = None
    warnings: tuple[str, ...] = ()
    no_warnings: tuple[str, ...] = ()
    not_in_spans: tuple[str, ...] = ()
    xfail: Optional[str] = None

    def __str__(self) -> str:
        return f"{self.file}: case {self.name!r}"


# -- the shape of a Notice, read from the models: what `expect` may name ------------------------
def _shape(annotation: Any) -> Any:
    """dict (field -> shape) for an object, ("list", shape) for a list, None for a scalar."""
    origin = typing.get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        hints = typing.get_type_hints(annotation)
        return {name: _shape(hints[name]) for name in annotation.model_fields}
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _shape(inner[0]) if len(inner) == 1 else None
    if origin is list:
        return ("list", _shape(typing.get_args(annotation)[0]))
    if origin is dict:
        key, value = typing.get_args(annotation)
        if typing.get_origin(key) is typing.Literal:
            return {k: _shape(value) for k in typing.get_args(key)}
        return ("map", _shape(value))
    return None


NOTICE_SHAPE = _shape(models.Notice)


def _validate_expect(want: Any, shape: Any, path: str, where: str) -> None:
    if isinstance(shape, dict):
        if want == NULL:
            return
        if not isinstance(want, dict):
            raise CorpusError(f"{where}: {path} is an object in the Notice, not {want!r}")
        for key, value in want.items():
            if key not in shape:
                raise CorpusError(f"{where}: unknown key {path}.{key} (the Notice has {', '.join(shape)})")
            _validate_expect(value, shape[key], f"{path}.{key}", where)
    elif isinstance(shape, tuple) and shape[0] == "list":
        if isinstance(want, int) and not isinstance(want, bool):
            return  # a count
        if not isinstance(want, list):
            raise CorpusError(f"{where}: {path} is a list in the Notice (give a list or a count), not {want!r}")
        for i, item in enumerate(want):
            _validate_expect(item, shape[1], f"{path}[{i}]", where)
    elif isinstance(shape, tuple) and shape[0] == "map":
        if not isinstance(want, dict):
            raise CorpusError(f"{where}: {path} is an object in the Notice, not {want!r}")
        for key, value in want.items():
            _validate_expect(value, shape[1], f"{path}.{key}", where)
    elif isinstance(want, (dict, list)) and not (isinstance(want, list) and path.endswith("span")):
        raise CorpusError(f"{where}: {path} is a single value in the Notice, not {want!r}")


def _codes(value: Any, key: str, where: str) -> tuple[str, ...]:
    known = typing.get_args(models.WarningCode)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CorpusError(f"{where}: {key} must be a list of strings")
    if key != "not_in_spans":
        for code in value:
            if code not in known:
                raise CorpusError(f"{where}: {key}: unknown warning code {code!r} (known: {', '.join(known)})")
    return tuple(value)


def load(path: Path | str) -> list[Case]:
    """The cases of one corpus file, validated: unknown keys are errors naming file and case."""
    path = Path(path)
    if not path.is_absolute() and not path.exists():
        path = DATA / path
    rel = path.resolve().relative_to(DATA).as_posix() if path.resolve().is_relative_to(DATA) else str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CorpusError(f"{rel}: not TOML: {exc}") from None
    if set(data) != {"case"} or not isinstance(data["case"], list):
        raise CorpusError(f"{rel}: a corpus holds only [[case]] tables, found {sorted(data)}")
    out: list[Case] = []
    seen: set[str] = set()
    for n, raw in enumerate(data["case"], 1):
        name = raw.get("name")
        where = f"{rel}: case {name!r}" if isinstance(name, str) else f"{rel}: case #{n}"
        if not isinstance(name, str) or not name:
            raise CorpusError(f"{where}: every case needs a `name`")
        if name in seen:
            raise CorpusError(f"{where}: the name is used twice in the file")
        seen.add(name)
        unknown = sorted(set(raw) - CASE_KEYS)
        if unknown:
            raise CorpusError(f"{where}: unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(CASE_KEYS))})")
        if not isinstance(raw.get("text"), str):
            raise CorpusError(f"{where}: `text` (the notice) is required and must be a string")
        fmt = raw.get("format", "text")
        if fmt not in FORMATS:
            raise CorpusError(f"{where}: format {fmt!r} is not one of {FORMATS}")
        expect = raw.get("expect")
        if expect is not None:
            _validate_expect(expect, NOTICE_SHAPE, "expect", where)
        xfail = raw.get("xfail")
        if xfail is not None and (not isinstance(xfail, str) or not xfail.strip()):
            raise CorpusError(f"{where}: `xfail` is the reason: the general capability the parser lacks")
        out.append(Case(file=rel, name=name, text=raw["text"], format=fmt, expect=expect,
                        warnings=_codes(raw.get("warnings", []), "warnings", where),
                        no_warnings=_codes(raw.get("no_warnings", []), "no_warnings", where),
                        not_in_spans=_codes(raw.get("not_in_spans", []), "not_in_spans", where),
                        xfail=xfail))
    return out


def files(*areas: str) -> list[Path]:
    """The corpus files of the areas (folders under tests/data/, or files in it); all when none."""
    found: list[Path] = []
    for area in areas or ("",):
        path = DATA / area
        found += sorted(path.rglob("*.toml")) if path.is_dir() else [path]
    return found


def load_all(*areas: str) -> list[Case]:
    return [case for path in files(*areas) for case in load(path)]


def cases(*areas: str, xfail: bool = True) -> list[Any]:
    """pytest params of the areas' cases, id `area/file:name`; `xfail` cases carry a strict
    xfail mark with their reason (unless `xfail=False`, for checks every case must pass)."""
    params = []
    for case in load_all(*areas):
        marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail and xfail else []
        params.append(pytest.param(case, id=f"{case.file.removesuffix('.toml')}:{case.name}", marks=marks))
    return params


_PARSED: dict[tuple[str, str, str], tuple[models.Notice, str]] = {}


def parse(case: Case) -> tuple[models.Notice, str]:
    """(notice, the text its spans index): a saved page is read as bytes, as the CLI reads it.
    Parsed once per run: the expectations and the invariants read the same notice."""
    key = (case.file, case.name, case.text)
    if key not in _PARSED:
        if case.format == "html":
            data = case.text.encode("utf-8")
            path = f"{case.name}.html"
            _PARSED[key] = parse_bytes(data, path=path), decode_input(data, path).text
        else:
            _PARSED[key] = parse_text(case.text), case.text
    return _PARSED[key]


# -- comparison ----------------------------------------------------------------------------
def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _brief(items: list, like: list) -> str:
    """The items of a list, each cut to the keys the expected items name."""
    keys = [k for w in like if isinstance(w, dict) for k in w]
    keys = list(dict.fromkeys(keys))
    rows = [{k: (len(v) if isinstance(v, list) and k == "measures" else v) for k, v in item.items() if k in keys}
            if isinstance(item, dict) and keys else item for item in items]
    return "\n".join(f"      [{i}] {_show(row)}" for i, row in enumerate(rows))


def compare(want: Any, got: Any, path: str = "expect") -> list[str]:
    """What differs between `want` (a partial Notice) and `got` (the Notice's JSON), one line each.

    An object compares the keys it names; a list is the whole list, item by item (each item
    compared as above); an integer where the Notice has a list is the list's length; "null" is
    null; a value inside an object that is null reads as null."""
    if isinstance(want, dict):
        if got is None:  # every value inside a null object is null
            if all(not compare(value, None) for value in want.values()):
                return []
            return [f"{path}: want {_show(want)}, got null"]
        if not isinstance(got, dict):
            return [f"{path}: want an object, got {_show(got)}"]
        out = []
        for key, value in want.items():
            out += compare(value, got.get(key), f"{path}.{key}")
        return out
    if isinstance(want, list):
        if not isinstance(got, list):
            return [f"{path}: want a list of {len(want)}, got {_show(got)}"]
        if len(want) != len(got) and not any(isinstance(w, (dict, list)) for w in want + got):
            return [f"{path}: want {_show(want)}, got {_show(got)}"]
        if len(want) != len(got):
            listing = f":\n{_brief(got, want)}" if got else ""
            return [f"{path}: want {len(want)} items, got {len(got)}{listing}"]
        return [line for i, (w, g) in enumerate(zip(want, got)) for line in compare(w, g, f"{path}[{i}]")]
    if isinstance(want, int) and not isinstance(want, bool) and isinstance(got, list):
        return [] if len(got) == want else [f"{path}: want {want} items, got {len(got)}: {_show(got)}"]
    value = None if want == NULL else want
    if got != value or isinstance(got, bool) != isinstance(value, bool):
        return [f"{path}: want {_show(value)}, got {_show(got)}"]
    return []


def problems(case: Case, notice: models.Notice, text: str) -> list[str]:
    """Every way the notice falls short of the case, one line each (empty: it passes)."""
    out = compare(case.expect or {}, notice.to_json_dict())
    codes = [w.code for w in notice.warnings]
    out += [f"warnings: want {code}, got {codes}" for code in case.warnings if code not in codes]
    out += [f"no_warnings: {code} raised: {codes}" for code in case.no_warnings if code in codes]
    for words in case.not_in_spans:
        inside = [i.id for i in notice.issues if i.span and words in text[i.span[0]:i.span[1]]]
        if inside:
            out.append(f"not_in_spans: {words!r} inside issue(s) {inside}")
    return out


def check(case: Case) -> None:
    """Parse the case's text and fail with every difference from its expectations."""
    notice, text = parse(case)
    found = problems(case, notice, text)
    if found:
        pytest.fail(f"{case}:\n  " + "\n  ".join(found), pytrace=False)


# -- what holds for every notice, whatever a case expects -----------------------------------
def invariants(notice: models.Notice, text: str) -> list[str]:
    """SPEC's span rule and the issue tree: the spans of the title, issuer and source site, of each
    date, address, P.O. box and postcode slice their values from the input; issue spans lie in the text, a child follows its parent
    and its id extends the parent's; top-level ids count 1, 2, 3…"""
    out = []
    ins = notice.inspection
    dates = {"issued_on": notice.issued_on, "inspection.feedback": ins.feedback,
             "inspection.petition_deadline": ins.petition_deadline}
    if ins.window:
        dates |= {"inspection.window.start": ins.window.start, "inspection.window.end": ins.window.end}
    for key, d in dates.items():
        if d is not None and d.span and clean_value(text[d.span[0]:d.span[1]]) != d.text:
            out.append(f"{key}: span {d.span} slices {text[d.span[0]:d.span[1]]!r}, not {d.text!r}")
    for key, (a, b) in notice.spans.items():
        if key in ("title", "issuer", "source_site") and clean_value(text[a:b]) != getattr(notice, key):
            out.append(f"{key}: span {[a, b]} slices {text[a:b]!r}, not {getattr(notice, key)!r}")
    for c in notice.contacts:
        if c.kind in ("address", "po_box", "postcode") and squeeze(fold(text[c.span[0]:c.span[1]])) != c.value:
            out.append(f"contact {c.value!r}: span {c.span} slices {text[c.span[0]:c.span[1]]!r}")
    seen: set[str] = set()
    for i in notice.issues:
        if not (i.span and 0 <= i.span[0] < i.span[1] <= len(text)):
            out.append(f"issue {i.id}: span {i.span} outside the text ({len(text)} characters)")
        if i.parent is not None and (i.parent not in seen or not i.id.startswith(i.parent + ".")):
            out.append(f"issue {i.id}: parent {i.parent} not before it or not its id's prefix")
        seen.add(i.id)
    tops = [i.id for i in notice.issues if i.parent is None]
    if tops != [str(k) for k in range(1, len(tops) + 1)]:
        out.append(f"top-level issue ids {tops} do not count 1, 2, 3…")
    return out


def check_invariants(case: Case) -> None:
    notice, text = parse(case)
    found = invariants(notice, text)
    if found:
        pytest.fail(f"{case}:\n  " + "\n  ".join(found), pytrace=False)
