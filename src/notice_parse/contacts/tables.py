"""Contacts tables: values under a table header take their column's label (`值班手机`, `电子邮箱`,
`邮政信箱`), and address and postcode cells are values by their column.

    组别      值班电话        值班手机       电子邮箱           邮政信箱            ← header
    第一巡察组 0554-4022639   13912345678   a@163.com   某某县邮政101号信箱

A table is one row per line (cells split by `|`, tabs or spaces) or one cell per line (a run of
short header-cell lines, then data cells in the same order). Headers are found by the phone
finder (`phones`); `TableScan` is mixed into the contacts scanner.
"""
from __future__ import annotations

import bisect
from typing import Optional

from ..text.document import Line
from ..text.normalize import squeeze
from .values import clean_label, trim


class TableScan:
    """The table pass of the contacts scanner (uses its `r`, `text`, `allowed`, `line`, `out`,
    `add`, `taken` and `table_heads`)."""

    def tables(self) -> None:
        """Label the values under each contacts-table header by their column (`值班手机`,
        `电子邮箱`, `邮政信箱`), and take the address and postcode cells (which carry no label of
        their own). A table is one row per line (cells split by `|`, tabs or spaces) or one cell
        per line (a run of short header-cell lines, then data cells in the same order)."""
        for k in self.table_heads:
            table = self._table_columns(k)
            if table:
                self._label_columns(*table)

    def _table_columns(self, k: int):
        """(header cells, rows of (start, end, column or None)) of the table headed at allowed[k]."""
        r, text, allowed = self.r, self.text, self.allowed
        header = self.line(allowed[k])
        cells = cells_of(header)
        if len(cells) >= 2:
            heads = [squeeze(text[a:b]) for a, b in cells]
            first, row_form = k + 1, True
        else:
            def head_cell(pos: int) -> bool:
                t = squeeze(self.line(allowed[pos]).text)
                return bool(r.table_head_cell.match(t)) and not r.group_name.search(t)
            lo = hi = k
            while lo > 0 and head_cell(lo - 1):
                lo -= 1
            while hi + 1 < len(allowed) and head_cell(hi + 1):
                hi += 1
            heads = [squeeze(self.line(allowed[j]).text) for j in range(lo, hi + 1)]
            first, row_form = hi + 1, False
        n = len(heads)
        rows: list[list[tuple[int, int, Optional[int]]]] = []
        for j, pos in enumerate(range(first, min(len(allowed), first + 300))):
            line = self.line(allowed[pos])
            if row_form:
                cells = cells_of(line)
                if len(cells) < 2:
                    break
                rows.append([(a, b, i if len(cells) == n else None) for i, (a, b) in enumerate(cells)])
            else:
                if n < 2 or not r.table_cell.match(squeeze(line.text)):
                    break
                rows.append([(line.start, line.end, j % n)])
        return (heads, rows) if rows else None

    def _label_columns(self, heads: list[str], rows: list) -> None:
        r, text = self.r, self.text
        kinds = []
        for h in heads:
            m = r.table_column.search(h)
            kinds.append(m.lastgroup if m else None)
        only = {kd: heads[i] for i, kd in enumerate(kinds) if kd and kinds.count(kd) == 1}
        cells = sorted(c for row in rows for c in row)
        starts = [c[0] for c in cells]
        lo, hi = cells[0][0], cells[-1][1]
        for c in self.out:
            if not lo <= c.start < hi:
                continue
            i = bisect.bisect_right(starts, c.start) - 1
            col = cells[i][2] if i >= 0 and c.start < cells[i][1] else None
            if col is not None and kinds[col] == c.kind:
                c.label = clean_label(heads[col])
            elif c.label is None and c.kind in only:
                c.label = clean_label(only[c.kind])
        # Address and postcode cells: a value only by the column it stands in.
        for a, b, col in cells:
            kind = kinds[col] if col is not None else None
            if kind not in ("address", "postcode"):
                continue
            s, e = trim(text, a, b)
            value = squeeze(text[s:e])
            if self.taken(s, e):
                continue
            if kind == "postcode" and len(value) == 6 and value.isdigit():
                self.add("postcode", value, clean_label(heads[col]), s, e)
            elif kind == "address" and len(value) >= 4 and any("\u4e00" <= ch <= "\u9fff" for ch in value):
                self.add("address", value, clean_label(heads[col]), s, e)


def cells_of(line: Line) -> list[tuple[int, int]]:
    """Spans of the cells of a table row flattened to one line: split at `|`, else at tabs,
    else at runs of white space (empty cells dropped)."""
    t, base = line.text, line.start
    for sep in ("|", "\t"):
        if sep in t:
            out, a = [], 0
            for part in t.split(sep):
                b = a + len(part)
                lead = len(part) - len(part.lstrip())
                if part.strip():
                    out.append((base + a + lead, base + a + len(part.rstrip())))
                a = b + 1
            return out
    out, i, n = [], 0, len(t)
    while i < n:
        while i < n and t[i].isspace():
            i += 1
        j = i
        while j < n and not t[j].isspace():
            j += 1
        if j > i:
            out.append((base + i, base + j))
        i = j
    return out
