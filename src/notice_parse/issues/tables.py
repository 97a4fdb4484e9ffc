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

from ..rules import patterns
from ..text.document import SENTENCE_END, Document, Line
from .measures import _clause_around, _enumerated, _status, any_match, clean, rules
from ..models import Issue
from ..rules import compiled

_NUMBER = compiled.re(r"^\s*(\d{1,3})\s*[.、]?\s*$")
_ROW_START = compiled.re(r"^\s*(\d{1,3})[.、]?\s+\S")
_WIDE_GAP = compiled.re(r"\t|\s{2,}")
_LINE_LABEL = compiled.re(r"^\s*(?:\(?\d{1,2}[).、]|[①-⑳])")
# `|---|:---:|`: the rule under a pipe table's header.
_PIPE_RULE = compiled.re(r"^[\s|:\-—]+$")


def _row_text(line: Line) -> str:
    """A line's text with pipe-table bars (`| 1 | 学习不深入 |`) as wide gaps between cells."""
    text = line.text
    return text.replace("|", "  ") if text.count("|") >= 2 else text


def _column(cell: str) -> Optional[str]:
    """The column key of a header cell.

    >>> [_column(c) for c in ["序号", "反馈问题", "整改措施", "责任单位", "完成时限", "整改进度", "备注", "附件"]]
    ['number', 'problem', 'measures', 'unit', 'deadline', 'progress', 'other', None]
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
    if rule.run.possible is not None and rule.run.possible(doc.text, *doc.body_span) is None:
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
            before = len(out)
            nxt = _rows_per_line(doc, lines, k + 1, cols, out)
            if len(out) == before and nxt < len(lines) and _NUMBER.match(lines[nxt].text):
                # A header on one line over rows scraped one cell per line.
                nxt = _rows_per_cell(doc, lines, nxt, cols, out)
            k = max(nxt, k + 1)
        else:
            heads = [line.text]
            j = k + 1
            while j < len(lines) and not _NUMBER.match(lines[j].text):
                if _column(lines[j].text) is not None:
                    heads.append(lines[j].text)
                    j += 1
                elif j + 1 < len(lines) and _column(lines[j].text + lines[j + 1].text) is not None:
                    # A header cell wrapped over two lines (`完成` / `时限`: a `<br>` in a `<th>`).
                    heads.append(lines[j].text + lines[j + 1].text)
                    j += 2
                else:
                    break
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
    """Rows of a table scraped one cell per line: each row opens at its number (`1`, `2`, …)
    and its lines are laid on the columns by `_align` (cells may be empty or wrap)."""
    if "problem" not in cols:
        return k
    rows: list[list[Line]] = []
    want: Optional[int] = None  # the next row number
    while k < len(lines) and not _stop(lines[k].text):
        m = _NUMBER.match(lines[k].text)
        n = int(m.group(1)) if m else None
        if n is not None and (want is None or n == want or n == 1):
            rows.append([lines[k]])
            want = n + 1
        elif rows:
            rows[-1].append(lines[k])
        else:
            break
        k += 1
    if rows and len(rows[-1]) > 1:
        # The last row runs on into whatever follows the table: keep at most a few lines more
        # than the longest other row had, and let `_align` drop what fits no column.
        longest = max((len(r) for r in rows[:-1]), default=_ROW_LINES_MAX)
        rows[-1] = rows[-1][:min(len(rows[-1]), longest + 2, _ROW_LINES_MAX + 1)]
    rest = cols[1:]
    category: Optional[str] = None
    for r, row in enumerate(rows):
        body = row[1:_ROW_LINES_MAX + 1]
        cells, used = _align([clean(l.text) and l.text.strip() for l in body], rest, last=r == len(rows) - 1)
        values = {key: "\n".join(c) for key, c in zip(rest, cells) if key and c}
        # A category cell spans its rows (`rowspan`): it is written on the first row only.
        category = values.get("category") or category
        if category:
            values["category"] = category
        values["number"] = row[0].text.strip()
        end_line = body[used - 1] if used else row[0]
        _add_row(doc, values, (row[0].content_span[0], end_line.content_span[1]), out)
    return k


# -- laying one row's lines on the columns ----------------------------------------------------
# A row scraped one cell per line loses its empty cells (an empty `<td>` leaves no line) and
# may wrap a long cell over several lines, so its lines are laid on the columns by what they
# look like: a deadline (`2022年6月底`, `长期`), a status (`已完成`), a name (`办公室`, `张某某`),
# or text (the problem, the measures). `_align` finds the best order-keeping layout.
_ROW_LINES_MAX = 40
# What a cell holds (`patterns/issues.toml`, with examples): a deadline (a date, or a time word:
# `长期坚持`, `立行立改`, `2022年12月底前`), measures opened by an item label, a measure's verb.
_CELLS = patterns.load("issues")
_DEADLINE = _CELLS.get("deadline_cell").regex
_SENTENCE_PUNCT = compiled.re(r"[。;;,,::!?]")
_CONTINUES = tuple(",,、;;::(“‘《")
_SENTENCE_END = tuple(SENTENCE_END)
_ITEM = _CELLS.get("item_cell").regex
_SHORT = 16  # a name or a deadline is no longer than this
# A short measure (`规范报销流程`) opens with a verb; a name (`办公室`, `分管副局长`) does not.
_VERB = _CELLS.get("measure_verb").regex
_STATUS_SHORT = 40
_STATUS_LEAD = 6  # a longer progress cell states its status within its first characters

# Per column key: (kind, score of an empty cell, most lines).
_KINDS: dict[Optional[str], tuple[str, float, int]] = {
    "problem": ("text", -5.0, _ROW_LINES_MAX),
    "measures": ("text", -0.5, _ROW_LINES_MAX),
    "category": ("label", -0.3, 1),
    "unit": ("name", -0.5, 2),
    "deadline": ("deadline", -0.5, 1),
    "progress": ("progress", -0.5, 3),
}
_OTHER = ("other", 0.0, _ROW_LINES_MAX)  # a column the reader does not use (整改目标, 备注)


class _Cell:
    """What one line looks like."""

    __slots__ = ("text", "deadline", "status", "name", "item", "ends", "continues")

    def __init__(self, text: str) -> None:
        t = clean(text)
        self.text = t
        short = len(t) <= _SHORT
        self.deadline = short and bool(_DEADLINE.match(t))
        # A status, or a cell that opens with one (`已完成。修订了《…》等制度3项`).
        status, _, where = _status(t, True)
        self.status = status is not None and (len(t) <= _STATUS_SHORT or where[0] <= _STATUS_LEAD)
        s = text.strip()
        self.name = (short and not self.deadline and not self.status and not _SENTENCE_PUNCT.search(s)
                     and not _ITEM.match(t) and not _VERB.match(t))
        self.item = bool(_ITEM.match(t))
        self.ends = s.endswith(_SENTENCE_END)
        self.continues = s.endswith(_CONTINUES)


def _line_score(kind: str, cell: _Cell, prev: Optional[_Cell], first: bool) -> float:
    """How well a line fits a column of `kind`, as its cell's first line or a later one."""
    if kind in ("text", "other"):
        w = 1.0 if kind == "text" else 0.5
        if cell.name:
            w *= 0.3
        elif (cell.deadline or cell.status) and len(cell.text) <= _SHORT:
            w *= 0.1
        if not first and prev is not None:
            if prev.continues:
                pass  # a wrapped sentence goes on
            elif cell.item:
                w *= 0.8 if prev.item else 0.4
            elif prev.ends:
                w *= 0.5
        elif first and cell.item:
            w += 0.3
        return w
    if kind == "name":
        return 1.5 if cell.name and (first or (prev is not None and prev.continues)) else -2.0
    if kind == "label":
        return 1.2 if cell.name else -1.0
    if kind == "deadline":
        return 1.5 if cell.deadline else -3.0
    # progress: a status first (`已完成`, `正在整改,预计年底完成`), then a little text.
    if first:
        return 1.5 if cell.status else -1.0
    return 0.3 if prev is not None and prev.continues and len(cell.text) <= 2 * _STATUS_SHORT else -0.5


def _cell_score(kind: str, empty: float, cells: list[_Cell], i: int, j: int) -> float:
    if j == i:
        return empty
    score = 0.0
    if i > 0 and cells[i - 1].continues:
        score -= 0.8  # a cell seldom ends on a comma: the sentence wraps on
    for k in range(i, j):
        score += _line_score(kind, cells[k], cells[k - 1] if k > i else None, k == i)
    return score


def _align(texts: list[str], cols: list[Optional[str]], last: bool = False) -> tuple[list[list[str]], int]:
    """The row's lines laid on the columns in order, each column taking none, one or several
    (see `_KINDS`), scored by how each line looks; returns the cells and how many lines were
    used (`last`: the table's last row may leave lines that fit no column to the text after it).

    >>> cells, used = _align(["学习不深入。", "办公室", "已完成"], ["problem", "measures", "unit", "progress"])
    >>> cells, used
    ([['学习不深入。'], [], ['办公室'], ['已完成']], 3)
    """
    lines = [_Cell(t) for t in texts]
    n, m = len(lines), len(cols)
    specs = [_KINDS.get(c, _OTHER) for c in cols]
    neg = float("-inf")
    # best[c][i]: the best score laying lines[:i] on cols[:c]; back[c][i]: where col c-1 began.
    best = [[neg] * (n + 1) for _ in range(m + 1)]
    back = [[0] * (n + 1) for _ in range(m + 1)]
    best[0][0] = 0.0
    for c in range(m):
        kind, empty, most = specs[c]
        row, nxt, bk = best[c], best[c + 1], back[c + 1]
        for i in range(n + 1):
            if row[i] == neg:
                continue
            for j in range(i, min(n, i + most) + 1):
                s = row[i] + _cell_score(kind, empty, lines, i, j)
                if s > nxt[j]:
                    nxt[j], bk[j] = s, i
    end = n
    if last:
        # Lines after the table's last row: drop a tail that fits no column.
        end = max(range(n + 1), key=lambda j: (best[m][j], j))
    cells: list[list[str]] = [[] for _ in range(m)]
    j = end
    for c in range(m, 0, -1):
        i = back[c][j]
        cells[c - 1] = texts[i:j]
        j = i
    return cells, end


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
    title = clean(q.group("t")) if q else clean(re.split(f"[{SENTENCE_END}]", problem, maxsplit=1)[0])
    if not title:
        return
    progress = clean(values.get("progress") or "") or None
    status, long_term = None, False
    if progress:
        status, long_term, _ = _status(progress, True)
    elif values.get("measures"):
        # No progress column (`整改措施及完成情况`): a status the measures state (`已整改完成`).
        status, long_term, where = _status(values["measures"], False)
        if where:
            progress = _clause_around(values["measures"], where) or None
    label = clean(values.get("number") or "") or None
    out.append(Issue(id=str(len(out) + 1), label=label, category=clean(values.get("category") or "") or None,
                     title=title, measures=_measures(values.get("measures") or ""), status=status,
                     long_term=long_term, progress_text=progress, span=span))
