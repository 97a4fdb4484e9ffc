"""Contacts: the channels a notice gives the public (SPEC §contacts).

Only the body is searched (page chrome — ICP and licence numbers, share links, the site's own
URL — lives in `chrome_top`/`footer`), and within it only cheap anchors are looked at:

* phones right after a phone label (`联系电话:0554-4022639`, `电话38811539`, a chain
  `0553-2595762 15212242863`), or in the rows under a table header naming a phone column;
  a number anywhere else is not a contact (`共处理12345678元`);
* e-mails around each `@` (one split by a line break is joined);
* P.O. boxes around each `信箱`, and after mail labels (`来信请寄:鄂尔多斯市A074号`);
* addresses and postcodes after their labels; URLs given for reporting.

In a stationing announcement (or wherever two or more inspection groups each precede their
own channels) every contact takes the group named last before it (`contact_groups`).

Rule data is in `patterns/contacts.toml`; area codes in `patterns/area_codes.txt`; the literal
keys that pick the lines each finder reads in `contact_keys` (found in one pass per document).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from . import keys as contact_keys

from ..rules import patterns
from .groups import assign_groups
from ..text.document import Document, Line, Lines, split_lines
from ..models import Contact, Meta
from ..text.normalize import fold, squeeze
from .tables import TableScan
from .phones import PhoneScan
from ..text.segment import is_footer_chrome
from .values import clean_label, trim



# -- rule data -----------------------------------------------------------------------------
@dataclass(frozen=True)
class _Rules:
    phone_label: object
    phone_lead: object
    phone_number: object
    phone_strong: object
    phone_sep: object
    phone_note: object
    generic_label: object
    email_label: object
    email_domain: object
    address_label: object
    address_lead: object
    address_value: object
    postcode: object
    po_box_core: object
    po_box_lettered: object
    place_lead: object
    url: object
    website_label: object
    bare_domain: object
    website_lead: object
    report_context: object
    not_report_context: object
    group_name: object
    table_header: object
    table_column: object
    table_head_cell: object
    table_cell: object
    po_label: object


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    pf = patterns.load("contacts")
    get = lambda n: pf.get(n).regex  # noqa: E731
    names = [f for f in _Rules.__dataclass_fields__ if f != "po_label"]
    return _Rules(**{n: get(n) for n in names}, po_label=get("po_box_label"))


# -- candidates ----------------------------------------------------------------------------
@dataclass(slots=True)
class _Cand:
    kind: str
    value: str
    label: Optional[str]
    start: int
    end: int
    group: Optional[str] = None  # named right at the contact (`…(县委第一巡察组)`)


class _Scanner(PhoneScan, TableScan):
    """Finds contacts in the folded `text`, only in the allowed line ranges."""

    def __init__(self, text: str, lines: Lines, allowed: list[int], hits: dict[str, list[int]]):
        self.text = text
        self.hits = hits  # `contact_keys.scan` of a span holding every allowed line
        self.lines = lines
        self.allowed = allowed  # sorted line indices that may hold contacts
        self.allowed_set = set(allowed)
        self.r = _rules()
        self.out: list[_Cand] = []
        self.lo = lines.starts[allowed[0]] if allowed else 0
        self.hi = lines.ends[allowed[-1]] if allowed else 0
        self._starts = lines.starts
        self._spans: list[tuple[int, int]] = []  # sorted spans of candidates, for `taken`
        self._table_done = -1  # position in `allowed` up to which table rows were scanned
        self._lines: dict[int, Line] = {}  # made once each: finders come back to the same lines

    def lines_with(self, kind: str) -> list[Line]:
        """Allowed lines holding a key of `kind` (`contact_keys.KEYS`): the cheap prefilter
        that keeps the regexes off the bulk of the body."""
        hits = self.hits[kind]
        if not hits:  # the common case: most kinds have no key in a notice
            return []
        ok = self.allowed_set
        return [self.line(i) for i in contact_keys.line_indices(self._starts, hits) if i in ok]

    def key_hits(self, kind: str, width: int) -> list[int]:
        """Offsets of the `width`-long keys of `kind` lying wholly in the allowed span."""
        lo, last = self.lo, self.hi - width
        return [i for i in self.hits[kind] if lo <= i <= last]

    # line helpers
    def line(self, index: int) -> Line:
        line = self._lines.get(index)
        if line is None:
            line = self._lines[index] = self.lines[index]
        return line

    def line_index(self, offset: int) -> int:
        return self.lines.index_at(offset)

    def line_at(self, offset: int) -> Line:
        return self.line(self.line_index(offset))

    def ok(self, offset: int) -> bool:
        return self.line_index(offset) in self.allowed_set

    def add(self, kind: str, value: str, label: Optional[str], start: int, end: int) -> bool:
        if value and self.ok(start):
            self.out.append(_Cand(kind, value, label, start, end))
            bisect.insort(self._spans, (start, end))
            return True
        return False

    def taken(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps a contact already found."""
        k = bisect.bisect_left(self._spans, (start, end))
        return any(a < end and start < b for a, b in self._spans[max(0, k - 2) : k + 2])

    # e-mails
    def emails(self) -> None:
        for at in self.key_hits("email", 1):
            self._email(at)

    def _email(self, at: int) -> None:
        text, r = self.text, self.r
        local_chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-"
        s = at
        while s > 0 and text[s - 1] in local_chars:
            s -= 1
        if s == at:
            # `jinhukeji\n@163.com`: the @ at the start of a line.
            j = s
            while j > 0 and text[j - 1] in " \t\r\n":
                j -= 1
            if j < s and "\n" in text[j:s] and j > 0 and text[j - 1] in local_chars:
                k = j
                while k > 0 and text[k - 1] in local_chars:
                    k -= 1
                if k > 0 and text[k - 1] != "\n" and any(ch.isalpha() for ch in text[k:j]):
                    s = k
            if s == at:
                return
        # A local part split by a line break: `jinhu\nkeji@…` (the line above ends in it).
        if s > 1 and text[s - 1] == "\n":
            j = s - 1
            if j > 0 and text[j - 1] == "\r":
                j -= 1
            k = j
            while k > 0 and text[k - 1] in local_chars:
                k -= 1
            # Only a run that follows a lead on its line (`电子邮箱:jinhu`) and has a letter:
            # a whole line `0554-4021001` above an e-mail is a table cell, not half an address.
            run = text[k:j]
            if k < j and k > 0 and text[k - 1] not in "\n" and any(ch.isalpha() for ch in run):
                s = k
        dm = r.email_domain.match(text, at + 1, min(len(text), at + 200))
        if not dm:
            return
        domain = squeeze(dm.group())
        labels = domain.split(".")
        if len(labels) < 2 or not labels[-1].isalpha() or len(labels[-1]) < 2 or not all(labels):
            return
        local = squeeze(text[s:at])
        if not local or local.startswith(".") or local.endswith("."):
            return
        value = f"{local}@{domain}".lower()
        line = self.line_at(s)
        lm = r.email_label.search(text, max(line.start, s - 16), s)
        label = clean_label(lm.group("label")) if lm else None
        if label is None:
            # `联系方式:0554-4022639,xcb@163.com`: the clause's lead word covers the list.
            sent_s, _ = _sentence(text, s, line)
            gm = None
            for gm in r.generic_label.finditer(text, max(sent_s, s - 60), s):
                pass
            label = clean_label(gm.group()) if gm else None
        self.add("email", value, label, s, dm.end())

    # postcodes
    def postcodes(self) -> None:
        # Keyed on `邮`: the label may be spaced out (`邮 编:515041`).
        for line in self.lines_with("postcode"):
            for m in self.r.postcode.finditer(self.text, line.start, line.end):
                self.add("postcode", m.group("v"), clean_label(m.group("label")), m.start("v"), m.end("v"))

    # P.O. boxes
    def po_boxes(self) -> None:
        text = self.text
        for i in self.key_hits("po_box", 2):
            ws = max(self.lo, i - 14)
            m = self.r.po_box_core.search(text, ws, min(self.hi, i + 12))
            while m and m.end() <= i:
                m = self.r.po_box_core.search(text, m.end(), min(self.hi, i + 12))
            if m and m.start() <= i + 2 and not self.taken(m.start(), m.end()):
                start = self._place_start(m.start())
                self._po_box(start, m.end())

    def _place_start(self, core_start: int) -> int:
        """Extend a box back over its place name (`昆山` in `昆山邮政345号信箱`)."""
        text = self.text
        s = core_start
        while s > core_start - 10 and s > 0 and "\u4e00" <= text[s - 1] <= "\u9fff":
            s -= 1
        lead = None
        for lm in self.r.place_lead.finditer(text, s, core_start):
            lead = lm
        if lead:
            s = lead.end()
        return s

    def _po_box(self, start: int, end: int, label: Optional[str] = None) -> None:
        text = self.text
        if label is None:
            line = self.line_at(start)
            lm = self.r.po_label.search(text, max(line.start, start - 14), start)
            label = clean_label(lm.group("label")) if lm else None
        self.add("po_box", squeeze(text[start:end]), label, start, end)

    # addresses (and boxes after mail labels)
    def addresses(self) -> None:
        r, text = self.r, self.text
        for line in self.lines_with("address"):
            for lm in r.address_label.finditer(text, line.start, line.end):
                label = clean_label(lm.group("label"))
                pos = lm.end()
                # `地址` needs a colon (or 为/是): `地址不详` is not an address.
                lead = r.address_lead.match(text, pos, line.end)
                if label.endswith("地址") and not lead.group().strip():
                    continue
                pos = lead.end()
                vm = r.address_value.match(text, pos, line.end)
                if not vm:
                    continue
                s, e = trim(text, vm.start("v"), vm.end("v"))
                value = squeeze(text[s:e])
                if len(value) < 4 or "@" in value or "www" in value.lower() or "http" in value.lower():
                    continue
                if not any("\u4e00" <= ch <= "\u9fff" for ch in value):
                    continue
                box = r.po_box_core.search(text, s, e)
                if box:
                    if not self.taken(box.start(), box.end()):
                        self._po_box(self._place_start(box.start()) if box.start() > s else s, box.end(), label)
                    continue
                if r.po_box_lettered.search(value):
                    self._po_box(s, e, label)
                    continue
                if self.taken(s, e):
                    continue
                self.add("address", value, label, s, e)

    # websites
    def websites(self) -> None:
        r, text = self.r, self.text
        for line in self.lines_with("website"):
            seen: list[tuple[int, int]] = []
            for m in r.url.finditer(text, line.start, line.end):
                s, e = trim(text, m.start(), m.end())
                seen.append((s, e))
                self._website(s, e)
            # `举报网站:12388.gov.cn` without http/www: a domain right after a website label
            # (a domain has a dot: most lines with 平台 have none).
            if "." not in line.text:
                continue
            for lm in r.website_lead.finditer(text, line.start, line.end):
                m = r.bare_domain.match(text, lm.end(), min(line.end, lm.end() + 200))
                if m and not any(a <= m.start() < b for a, b in seen):
                    s, e = trim(text, m.start(), m.end())
                    self._website(s, e)

    def _website(self, s: int, e: int) -> None:
        r, text = self.r, self.text
        if self.taken(s, e) or (s > 0 and text[s - 1] == "@"):
            return
        line = self.line_at(s)
        lm = r.website_label.search(text, max(line.start, s - 12), s)
        sent_s, sent_e = _sentence(text, s, line)
        sentence = text[sent_s:sent_e]
        if r.not_report_context.search(sentence):
            return
        if not (lm or "12388" in text[s:e] or r.report_context.search(sentence)):
            return
        self.add("website", text[s:e], clean_label(lm.group("label")) if lm else None, s, e)

    # all
    def run(self) -> list[_Cand]:
        if not self.allowed:
            return []
        self.emails()  # first: a QQ number inside an e-mail is never a phone
        self.phones()
        self.po_boxes()
        self.addresses()
        self.postcodes()
        self.websites()
        if self.table_heads:
            self.tables()
        out = []
        for c in sorted(self.out, key=lambda c: (c.start, c.end)):
            if out and c.start < out[-1].end and c.kind == out[-1].kind:
                continue
            out.append(c)
        # A phone inside an e-mail or URL span (`511076340@qq.com`) is not a phone.
        spans = sorted((c.start, c.end) for c in out if c.kind in ("email", "website"))
        starts = [a for a, _ in spans]

        def inside(pos: int) -> bool:
            k = bisect.bisect_right(starts, pos) - 1
            return k >= 0 and pos < spans[k][1]

        return [c for c in out if c.kind in ("email", "website") or not inside(c.start)]


def _sentence(text: str, pos: int, line: Line) -> tuple[int, int]:
    """The sentence around `pos` within its line (ends at 。!? or the line's ends)."""
    s = pos
    while s > line.start and text[s - 1] not in "。!?":
        s -= 1
    e = pos
    while e < line.end and text[e] not in "。!?":
        e += 1
    return s, e


# -- entry points --------------------------------------------------------------------------
def _allowed_lines(doc: Document, hits: dict[str, list[int]]) -> list[int]:
    """Body lines, less any licence or share line left inside the body (still chrome)."""
    lines = doc.lines
    suspects = contact_keys.line_indices(lines.starts, hits["chrome"])
    chrome = {i for i in suspects if is_footer_chrome(lines[i].text)}
    body = doc.segments.body
    return [i for i in body if i not in chrome] if chrome else body


def _to_contacts(scanner: _Scanner, cands: list[_Cand], stationing: bool) -> list[Contact]:
    groups = assign_groups(scanner.text, scanner.lo, cands, stationing)
    seen: set[tuple] = set()
    out: list[Contact] = []
    for c, g in zip(cands, groups):
        key = (c.kind, c.value, g)
        if key in seen:
            continue
        seen.add(key)
        out.append(Contact(kind=c.kind, value=c.value, label=c.label, group=g, span=(c.start, c.end)))
    return out


def extract_contacts(doc: Document, meta: Meta) -> list[Contact]:
    body = doc.segments.body
    if not body:
        return []
    hits = contact_keys.scan(doc.text, *doc.body_span)
    scanner = _Scanner(doc.text, doc.lines, _allowed_lines(doc, hits), hits)
    return _to_contacts(scanner, scanner.run(), meta.kind == "stationing")


def find_contacts(text: str, *, stationing: bool = False) -> list[Contact]:
    """Contacts in a piece of notice body (every line counts as body; no segmentation).

    >>> [(c.kind, c.value, c.label) for c in find_contacts("联系电话:3414008,邮编:719000。")]
    [('phone', '3414008', '联系电话'), ('postcode', '719000', '邮编')]
    """
    folded = fold(text)
    lines = split_lines(folded)
    allowed = lines.nonblank()
    lo, hi = (lines[allowed[0]].start, lines[allowed[-1]].end) if allowed else (0, 0)
    scanner = _Scanner(folded, lines, allowed, contact_keys.scan(folded, lo, hi))
    return _to_contacts(scanner, scanner.run(), stationing)
