"""Phones: area-code validation, SPEC values, and the phone finders of the contacts scanner.

A phone is taken right after a phone label (`联系电话:0554-4022639`), as a chain of numbers
(`0553-2595762 15212242863`, `26565924、13823253426`), or in the rows under a table header that
names a phone column. Values follow SPEC: `AREA-LOCAL`, a bare local number as written, an
11-digit mobile, an extension as `-EXT`. Area codes come from `patterns/area_codes.txt`, so a
number that merely starts with 0 (`00014022639`) is not a landline.
"""
from __future__ import annotations

import bisect
from functools import lru_cache
from typing import Optional

from ..rules import patterns
from ..text.normalize import squeeze


@lru_cache(maxsize=1)
def area_codes() -> frozenset[str]:
    """Chinese area codes from `patterns/area_codes.txt` (first token of each data line).

    >>> {"010", "0554", "029", "0754", "0512"} <= area_codes(), "0001" in area_codes()
    (True, False)
    """
    path = patterns.patterns_dir() / "area_codes.txt"
    codes = set()
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            code = line.split()[0]
            if not (code.isdigit() and code.startswith("0") and len(code) in (3, 4)):
                raise patterns.PatternFileError(f"{path.name}: bad area code {code!r}")
            codes.add(code)
    return frozenset(codes)


# -- values --------------------------------------------------------------------------------
def split_landline(digits: str) -> Optional[tuple[str, str]]:
    """Split an undashed landline `05544022639` into (area code, local number), or None.

    010 and 02x take 8-digit local numbers; 4-digit codes take 7 or 8 digits.

    >>> split_landline("05544022639"), split_landline("02162345678"), split_landline("00014022639")
    (('0554', '4022639'), ('021', '62345678'), None)
    """
    codes = area_codes()
    if digits[:3] in codes and len(digits) == 11 and digits[3] in "23456789":
        return digits[:3], digits[3:]
    if digits[:4] in codes and len(digits) in (11, 12) and digits[4] in "23456789":
        return digits[:4], digits[4:]
    return None


def landline(code: str, local: str) -> Optional[str]:
    """`AREA-LOCAL` when the code is a real area code and the local number fits it.

    >>> landline("0554", "4022639"), landline("021", "6234567"), landline("0001", "1234567")
    ('0554-4022639', None, None)
    """
    if code not in area_codes():
        return None
    if len(code) == 3 and len(local) != 8:
        return None
    return f"{code}-{local}"


# The named groups of the `phone_number` rule (read in one `Match.group` call: a dict of all
# groups per number costs more than the rest of `phone_value`).
_GROUPS = ("ac1", "loc1", "ac2", "loc2", "ac3", "loc3", "cat", "mob", "mobsp", "loc", "short", "ext")
_STRONG = ("ac1", "ac2", "ac3", "cat", "mob", "mobsp")


def phone_value(m) -> Optional[str]:
    """The SPEC value of a `phone_number` match, or None when it is not a real number."""
    ac1, loc1, ac2, loc2, ac3, loc3, cat, mob, mobsp, loc, short, ext = m.group(*_GROUPS)
    value: Optional[str] = None
    if ac1:
        value = landline(ac1, loc1)
    elif ac2:
        value = landline(ac2, loc2)
    elif ac3:
        value = landline(ac3, loc3)
    elif cat:
        parts = split_landline(cat)
        value = landline(*parts) if parts else None
    elif mob:
        value = mob
    elif mobsp:
        value = "".join(ch for ch in mobsp if ch.isdigit())
    elif loc:
        value = loc
    elif short:
        value = short
    if value and ext:
        if mob or mobsp or short:
            return None
        value += "-" + ext
    return value


def is_strong(m) -> bool:
    """A number that is a phone by shape (area code or mobile), not just digits after a label."""
    return any(m.group(*_STRONG))


class PhoneScan:
    """The phone finders, mixed into the contacts scanner (which supplies `text`, `lines`,
    `allowed`, the rules `r`, `lines_with`, `add`, `taken` and `out`)."""

    # phones
    def phones(self) -> None:
        r, text = self.r, self.text
        self.table_heads: list[int] = []  # positions in `allowed` of table headers
        headers: list[tuple[int, str]] = []
        for line in self.lines_with("phone"):
            header_label = None
            for lm in r.phone_label.finditer(text, line.start, line.end):
                label = squeeze(lm.group())
                lead = r.phone_lead.match(text, lm.end(), line.end)
                if not self._chain(lead.end() if lead else lm.end(), line.end, label) and header_label is None:
                    header_label = label
            # A short line naming a phone column without a number: a table header
            # (`巡察组 | 被巡察单位 | 值班电话 | 邮政信箱`); its rows follow.
            if (
                header_label
                and line.end - line.start <= 120
                and r.table_header.search(text, line.start, line.end)
            ):
                headers.append((line.index, header_label))
        # `联系方式:0554-4022639` — a generic lead word straight before a number.
        for line in self.lines_with("generic"):
            for lm in r.generic_label.finditer(text, line.start, line.end):
                lead = r.phone_lead.match(text, lm.end(), line.end)
                self._chain(lead.end() if lead else lm.end(), line.end, squeeze(lm.group()))
        for index, label in headers:
            self._table(index, label)

    def _chain(self, pos: int, end: int, label: str) -> int:
        """Numbers from `pos` on, joined by separators; returns how many were taken."""
        r, text = self.r, self.text
        n = 0
        while True:
            m = r.phone_number.match(text, pos, end)
            if not m:
                break
            value = phone_value(m)
            if not value:
                break
            added = self.add("phone", value, label, m.start(), m.end())
            n += 1
            note = r.phone_note.match(text, m.end(), end)
            if added and note and note.group().strip():
                # `0554-4021001(县委第一巡察组)`: the note names the number's group.
                g = r.group_name.search(text, m.end(), note.end())
                if g:
                    self.out[-1].group = squeeze(g.group())
            pos = note.end() if note else m.end()
            sep = r.phone_sep.match(text, pos, end)
            if not sep or sep.end() == pos:
                break
            nxt = r.phone_number.match(text, sep.end(), end)
            if not nxt or not phone_value(nxt):
                break
            # After a comma or semicolon only a number that is one by its shape continues, or
            # a local number as long as the one before (`86882428,86882429`).
            if any(ch in sep.group() for ch in ",;") and not (
                is_strong(nxt) or (m.group("loc") and nxt.group("loc") and len(m.group("loc")) == len(nxt.group("loc")))
            ):
                break
            pos = sep.end()
        return n

    def _table(self, header_index: int, label: str) -> None:
        """Rows under a contacts-table header: strong numbers on short, table-like lines.
        (Their labels are then made precise by column, `_Scanner.tables`.)"""
        r, text = self.r, self.text
        k = bisect.bisect_left(self.allowed, header_index)
        self.table_heads.append(k)
        # Each line is looked at under one header only (keeps stacked headers linear).
        start = max(k + 1, self._table_done + 1)
        for pos in range(start, min(len(self.allowed), k + 150)):
            self._table_done = pos
            line = self.line(self.allowed[pos])
            if len(squeeze(line.text)) > 80:
                break
            for m in r.phone_strong.finditer(text, line.start, line.end):
                if self.taken(m.start(), m.end()):
                    continue
                nm = r.phone_number.match(text, m.start(), m.end())
                value = phone_value(nm) if nm else None
                if value:
                    self.add("phone", value, label, m.start(), m.end())
