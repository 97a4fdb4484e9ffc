"""Flattened tables: a rectification table turned into text, one issue per row.

Two layouts survive text extraction:

    序号 问题 整改措施 责任单位 完成时限 整改进度       ← one row per line (cells split by spaces)
    1 学习不深入 一是…二是… 办公室 2021年6月 已完成

    序号 / 问题 / 整改措施 / 责任单位 / …            ← one cell per line (`<td>` → line break)
    1 / 学习不深入 / 一是…二是… / 办公室 / …

    | 序号 | 问题 | 整改措施 | … |                   ← one row per line, cells between pipes

Columns are recognised by the `[[column]]` table of `patterns/issues.toml`; a table needs a
`序号` and a problem column. Rows start with a bare number.
"""
from __future__ import annotations

import re
from typing import Optional

import regex

from . import patterns
from .document import Document, Line
from .issue_measures import _enumerated, _status, any_match, clean, rules
from .models import Issue

_NUMBER = re.compile(r"^\s*(\d{1,3})\s*[.、]?\s*$")
_ROW_START = re.compile(r"^\s*(\d{1,3})[.、]?\s+\S")
_WIDE_GAP = re.compile(r"\t|\s{2,}")
_LINE_LABEL = re.compile(r"^\s*(?:\(?\d{1,2}[).、]|[①-⑳])")
# `|---|:---:|`: the rule under a pipe table's header.
_PIPE_RULE = re.compile(r"^[\s|:\-—]+$")


def _row_text(line: Line) -> str:
    """A line's text with pipe-table bars (`| 1 | 学习不深入 |`) as wide gaps between cells."""
    text = line.text
    return text.replace("|", "  ") if text.count("|") >= 2 else text


def _column(cell: str) -> Optional[str]:
    """The column key of a header cell.

    >>> [_column(c) for c in ["序号", "反馈问题", "整改措施", "责任单位", "完成时限", "整改进度", "备注"]]
    ['number', 'problem', 'measures', 'unit', 'deadline', 'progress', None]
    """
    cell = clean(cell)
    for col in patterns.load("issues").table("column") or []:
        if regex.search(col["pattern"], cell):
            return col["key"]
    return None


def _columns(cells: list[str]) -> list[Optional[str]]:
    """Column keys of a header; a second measures column (`整改措施 … 整改情况`) reports
    progress when no progress column is named.

    >>> _columns(["序号", "反馈问题", "整改措施", "完成时限", "整改情况"])
    ['number', 'problem', 'measures', 'deadline', 'progress']
    """
    cols = [_column(c) for c in cells]
    if cols.count("measures") > 1 and "progress" not in cols:
        last = len(cols) - 1 - cols[::-1].index("measures")
        cols[last] = "progress"
    return cols


def _stop(text: str) -> bool:
    """A line that ends a table: closing lines, section headings, plans."""
    return bool(any_match("closing", text) or any_match("exclude", text) or any_match("section", text))


def table_issues(doc: Document) -> list[Issue]:
    rule = rules("table_header")[0]
    if rule.pre is not None and rule.pre(doc.text, *doc.body_span) is None:
        return []  # no header word anywhere in the body: spare making its lines
    lines = [l for l in doc.body_lines if not l.is_blank]
    header = rule.regex
    out: list[Issue] = []
    k = 0
    while k < len(lines):
        line = lines[k]
        text = _row_text(line)
        if not header.search(text):
            k += 1
            continue
        cells = text.split()
        if len(cells) >= 3:
            cols = _columns(cells)
            k = _rows_per_line(doc, lines, k + 1, cols, out)
        else:
            heads = [line.text]
            j = k + 1
            while j < len(lines) and _column(lines[j].text) is not None and not _NUMBER.match(lines[j].text):
                heads.append(lines[j].text)
                j += 1
            cols = ["number"] + _columns(heads)[1:]
            k = _rows_per_cell(doc, lines, j, cols, out) if len(cols) >= 3 else k + 1
    return out if any(True for _ in out) else []


def _rows_per_line(doc: Document, lines: list[Line], k: int, cols: list, out: list[Issue]) -> int:
    if "problem" not in cols:
        return k
    n = len(cols)
    while k < len(lines) and _PIPE_RULE.match(lines[k].text) and "|" in lines[k].text:
        k += 1
    while k < len(lines) and _ROW_START.match(_row_text(lines[k])):
        line = lines[k]
        text = _row_text(line).strip()
        cells = _WIDE_GAP.split(text)
        if len(cells) != n:
            cells = text.split()
        if len(cells) > n:
            # Extra pieces (spaces inside a cell) go to the measures (else problem) column.
            at = cols.index("measures") if "measures" in cols else cols.index("problem")
            extra = len(cells) - n
            cells = cells[:at] + [" ".join(cells[at:at + extra + 1])] + cells[at + extra + 1:]
        lead = len(line.text) - len(line.text.lstrip())
        _add_row(doc, dict(zip(cols, cells)), (line.start + lead, line.content_span[1]), out)
        k += 1
    return k


def _rows_per_cell(doc: Document, lines: list[Line], k: int, cols: list, out: list[Issue]) -> int:
    if "problem" not in cols:
        return k
    rows: list[list[Line]] = []
    while k < len(lines) and not _stop(lines[k].text):
        if _NUMBER.match(lines[k].text):
            rows.append([lines[k]])
        elif rows:
            rows[-1].append(lines[k])
        else:
            break
        k += 1
    n = len(cols) - 1
    for row in rows:
        cells = [clean(l.text) and l.text.strip() for l in row[1:]]
        rest = cols[1:]
        if len(cells) > n and "measures" in rest:
            # A multi-line measures cell: the lines between the fixed columns.
            at = rest.index("measures")
            tail = n - at - 1
            mid = cells[at:len(cells) - tail] if tail else cells[at:]
            cells = cells[:at] + ["\n".join(mid)] + (cells[len(cells) - tail:] if tail else [])
        values = dict(zip(rest, cells))
        values["number"] = row[0].text.strip()
        _add_row(doc, values, (row[0].content_span[0], row[-1].content_span[1]), out)
    return k


def _measures(cell: str) -> list[str]:
    """Measures of a table cell: `一是…二是…`, else one per numbered line, else the cell.

    >>> _measures("一是学习。二是宣传。")
    ['一是学习', '二是宣传']
    >>> _measures("1.学习\\n2.宣传"), _measures("加强学习")
    (['1.学习', '2.宣传'], ['加强学习'])
    """
    items = _enumerated(cell, 0, len(cell))
    if items:
        return [c for c in (clean(cell[s:e]) for s, e in items) if c]
    parts = [p for p in cell.split("\n") if clean(p)]
    if len(parts) > 1 and all(_LINE_LABEL.match(p) for p in parts):
        return [clean(p) for p in parts]
    return [clean(cell)] if clean(cell) else []


def _add_row(doc: Document, values: dict, span: tuple[int, int], out: list[Issue]) -> None:
    problem = values.get("problem") or ""
    q = any_match("quoted_title", problem)
    title = clean(q.group("t")) if q else clean(re.split(r"[。!?]", problem, maxsplit=1)[0])
    if not title:
        return
    progress = clean(values.get("progress") or "") or None
    status, long_term = None, False
    if progress:
        status, long_term, _ = _status(progress, True)
    label = clean(values.get("number") or "") or None
    out.append(Issue(id=str(len(out) + 1), label=label, category=clean(values.get("category") or "") or None,
                     title=title, measures=_measures(values.get("measures") or ""), status=status,
                     long_term=long_term, progress_text=progress, span=span))
