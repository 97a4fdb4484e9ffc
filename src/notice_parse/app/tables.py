"""CSV tables for analysts: `parse --format csv --out DIR`.

Three files, joined by `notice_id`:

- `notices.csv`: one row per input, inspection and summary flattened into columns; an input
  that failed has `error_type`/`error_message` set and the notice columns empty.
- `issues.csv`: one row per issue. `issue_key` is `<notice_id>/<id>` (`n746a…/1.10`) and
  `parent_key` the parent's key: ids such as `1.1` and `1.10` must stay text, and pandas would
  read a bare `id` column as numbers (both become 1.1).
- `contacts.csv`: one row per contact.

`notice_id` is `n` + the first 16 hex digits of the input's SHA-256 (`source.sha256`), so it
is stable across runs and renames; the letter keeps pandas from reading an all-digit (or
`…e…`) id as a number. An error record has no content hash: its id hashes its path
instead (`err-` + 12 hex digits). The same content met twice in one run gets `~2`, `~3` …
appended, so ids stay unique within the tables.

Text cells that a spreadsheet would run as a formula (starting `=`, `+`, `-`, `@`, tab or
carriage return) get a leading `'`, which Excel and LibreOffice show as text; numbers are
written as they are.

Encoding is UTF-8 with a BOM (`utf-8-sig`) so that Excel shows Chinese, which pandas also
reads with no options. Lists inside a cell are joined with ` | `; booleans are `true`/`false`;
dates give their text and their `earliest`/`latest` ISO days. Rows are written as they come
(nothing is held in memory but the ids seen) into temporary files that `close()` renames into
place, so readers never see half a table.
"""
from __future__ import annotations

import csv
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any, Optional

LIST_SEP = " | "
TABLES = ("notices", "issues", "contacts")
# Dates of a notice, as column prefix → path into the JSON object.
_DATES = {
    "issued_on": ("issued_on",),
    "window_start": ("inspection", "window", "start"),
    "window_end": ("inspection", "window", "end"),
    "feedback": ("inspection", "feedback"),
    "petition_deadline": ("inspection", "petition_deadline"),
}
_INSPECTION_DATES = {"window", "feedback", "petition_deadline"}


def _columns() -> dict[str, list[str]]:
    # Built from the models so a field added there (SPEC allows additions) gets a column.
    from typing import get_args

    from ..models import Contact, Inspection, Issue, SummaryKey

    inspection = [f"inspection_{f}" for f in Inspection.model_fields if f not in _INSPECTION_DATES]
    dates = [f"{d}_{part}" for d in _DATES for part in ("text", "earliest", "latest")]
    notices = (["notice_id", "path", "path_bytes", "sha256", "encoding", "chars", "kind", "title", "issuer",
                "published_at", "source_site"] + dates + inspection
               + [f"summary_{k}" for k in get_args(SummaryKey)]
               + ["issue_count", "top_level_issue_count", "measure_count", "contact_count",
                  "warning_codes", "error_type", "error_message"])
    issue_fields = [f for f in Issue.model_fields if f not in ("id", "parent", "span", "measures")]
    issues = (["notice_id", "issue_key", "parent_key"] + issue_fields
              + ["measure_count", "measures", "span_start", "span_end"])
    contacts = (["notice_id"] + [f for f in Contact.model_fields if f != "span"]
                + ["span_start", "span_end"])
    return {"notices": notices, "issues": issues, "contacts": contacts}


# A cell a spreadsheet would run as a formula starts with one of these (`=HYPERLINK(…)`,
# `+1+cmd|…`, `@SUM(…)`, a tab or carriage return before them): it gets a leading `'`.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    """One CSV cell: None → empty, lists joined, booleans lower-case; text that a spreadsheet
    would run as a formula is prefixed with `'` (numbers are left alone).

    >>> [cell(v) for v in (None, True, 3, -2, ["县委第一巡察组", "县委第二巡察组"])]
    ['', 'true', '3', '-2', '县委第一巡察组 | 县委第二巡察组']
    >>> [cell(v) for v in ("=1+2", "@SUM(A1)", "-x", "正常")]
    ["'=1+2", "'@SUM(A1)", "'-x", '正常']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (list, tuple)):
        text = LIST_SEP.join(cell(v).removeprefix("'") if isinstance(v, str) else cell(v) for v in value)
    else:
        text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _get(obj: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def base_id(record: dict) -> str:
    """The join key of a record before de-duplication (see the module text).

    >>> base_id({"source": {"sha256": "e00b2b7daf73cbecdca2f5b82eb70de5"}})
    'ne00b2b7daf73cbec'
    >>> base_id({"source": {"path": "a.txt"}, "error": {}})
    'err-18b7cb099a9e'
    """
    source = record.get("source") or {}
    if source.get("sha256"):
        return "n" + source["sha256"][:16]
    key = source.get("path") or "-"
    return "err-" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _span(obj: dict) -> tuple[Optional[int], Optional[int]]:
    span = obj.get("span")
    return (span[0], span[1]) if span else (None, None)


def notice_row(nid: str, record: dict) -> dict:
    source = record.get("source") or {}
    row: dict[str, Any] = {"notice_id": nid, "path": source.get("path"), "path_bytes": source.get("path_bytes"),
                           "sha256": source.get("sha256"),
                           "encoding": source.get("encoding"), "chars": source.get("chars")}
    if "error" in record:
        err = record.get("error") or {}
        row.update(error_type=err.get("type"), error_message=err.get("message"))
        return row
    for key in ("kind", "title", "issuer", "published_at", "source_site"):
        row[key] = record.get(key)
    for prefix, path in _DATES.items():
        date = _get(record, path)
        if date:
            row.update({f"{prefix}_text": date.get("text"), f"{prefix}_earliest": date.get("earliest"),
                        f"{prefix}_latest": date.get("latest")})
    for key, value in (record.get("inspection") or {}).items():
        if key not in _INSPECTION_DATES:
            row[f"inspection_{key}"] = value
    for key, count in (record.get("summary") or {}).items():
        row[f"summary_{key}"] = count.get("value") if isinstance(count, dict) else count
    issues = record.get("issues") or []
    row.update(issue_count=len(issues), top_level_issue_count=sum(1 for i in issues if not i.get("parent")),
               measure_count=sum(len(i.get("measures") or []) for i in issues),
               contact_count=len(record.get("contacts") or []),
               warning_codes=[w.get("code") for w in record.get("warnings") or []])
    return row


class CsvTables:
    """Stream parse results into `notices.csv`, `issues.csv` and `contacts.csv` in `out_dir`."""

    def __init__(self, out_dir: Path | str) -> None:
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.columns = _columns()
        self._seen: dict[str, int] = {}
        self._files: dict[str, Any] = {}
        self._tmp: dict[str, str] = {}
        self._writers: dict[str, csv.DictWriter] = {}
        self.closed = False
        try:
            for name in TABLES:
                # `.<table>.csv.<pid>.<random>.tmp`: a later run removes it if this process died.
                fd, tmp = tempfile.mkstemp(prefix=f".{name}.csv.{os.getpid()}.", suffix=".tmp", dir=self.out_dir)
                self._tmp[name] = tmp
                fh = os.fdopen(fd, "w", encoding="utf-8-sig", newline="")
                self._files[name] = fh
                writer = csv.DictWriter(fh, fieldnames=self.columns[name], extrasaction="ignore")
                writer.writeheader()
                self._writers[name] = writer
        except BaseException:
            self.abort()
            raise

    def _unique(self, nid: str) -> str:
        n = self._seen.get(nid, 0) + 1
        self._seen[nid] = n
        return nid if n == 1 else f"{nid}~{n}"

    def _write(self, name: str, row: dict) -> None:
        self._writers[name].writerow({k: cell(v) for k, v in row.items()})

    def add(self, record: dict) -> str:
        """Write one notice JSON dict (or error record); returns the `notice_id` it got."""
        if self.closed:
            raise ValueError("CsvTables is closed")
        nid = self._unique(base_id(record))
        self._write("notices", notice_row(nid, record))
        for issue in record.get("issues") or []:
            start, end = _span(issue)
            row = {k: v for k, v in issue.items() if k not in ("id", "parent", "span", "measures")}
            measures = issue.get("measures") or []
            parent = issue.get("parent")
            row.update(notice_id=nid, issue_key=f"{nid}/{issue.get('id')}",
                       parent_key=f"{nid}/{parent}" if parent else None, measure_count=len(measures),
                       measures=measures, span_start=start, span_end=end)
            self._write("issues", row)
        for contact in record.get("contacts") or []:
            start, end = _span(contact)
            row = {k: v for k, v in contact.items() if k != "span"}
            row.update(notice_id=nid, span_start=start, span_end=end)
            self._write("contacts", row)
        return nid

    def close(self) -> None:
        """Finish the tables: flush, then rename each into place."""
        if self.closed:
            return
        self.closed = True
        for name, fh in self._files.items():
            fh.close()
        umask = os.umask(0)
        os.umask(umask)
        for name in TABLES:
            tmp = self._tmp.pop(name)
            os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; tables are for sharing
            os.replace(tmp, self.out_dir / f"{name}.csv")

    def abort(self) -> None:
        """Drop the temporary files; tables already in `out_dir` stay as they were."""
        self.closed = True
        for fh in self._files.values():
            fh.close()
        for tmp in self._tmp.values():
            try:
                os.unlink(tmp)
            except OSError:
                pass
        self._tmp.clear()

    def __enter__(self) -> "CsvTables":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()
