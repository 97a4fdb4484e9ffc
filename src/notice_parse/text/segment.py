"""Segment a prepared document: top chrome, title, body, signature, footer chrome.

Works on lines, top-down for chrome and title and bottom-up for footer and signature:

    澎湃Logo / 下载客户端 / 登录            ← chrome_top (app and site chrome)
    脱贫攻坚“回头看”!…整改情况公布          ← title (joined when wrapped over lines)
    2020-03-11 13:03 / 来源:… / 字号        ← chrome_top (publishing line and tools)
    根据…进行了巡察…                        ← body
    中共寿县科学技术局党组 / 2020年5月31日   ← signature (issuer lines + signing date)
    打印文章 | 加入收藏 | 分享到:            ← footer
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

import regex

from ..rules import patterns
from .document import Document, Line, Lines, Segments
from .normalize import squeeze
from ..rules import compiled

# Title, lead, signature and page-metadata rules: `patterns/furniture.toml` (with examples).
_F = patterns.load("furniture")
_TITLE_WORDS = _F.get("title_word").regex
# A title ends with one of these: a line ending so is complete and is not joined to the next.
# (Not `意见`: titles wrap right after it, `关于县委第五轮巡察反馈意见` / `整改进展情况的通报`.)
_TITLE_END = _F.get("title_end").regex
_SENTENCE_PUNCT = compiled.re(r"[。,;]")
# A row of a table flattened to text: cells between bars or tabs, or the `序号` header.
_TABLE_ROW = compiled.re(r"\|.*\||\t|^\s*(?:序号|编号)\s")
# A table's header (`序号` alone, its cells one per line below): the body has begun.
_TABLE_HEAD = compiled.re(r"^\s*(?:序号|编号)\s*$")
_ANY_PUNCT = compiled.re(r"[。,;:、!?()《》“”\"]")
# A date that stands alone on a line: the signing date (`2020年5月31日`, `二〇二三年六月十二日`,
# the truncated `2023年9月15`, `2023-09-15`).
SIGNING_DATE = _F.get("signing_date").regex
_ORG_END = _F.get("org_end").regex
_LABEL_ONLY = _F.get("disclosure_label_only").regex


@lru_cache(maxsize=None)
def _chrome_regex(where: str) -> "regex.Pattern[str]":
    """One alternation of every chrome rule that applies `where` (top or footer)."""
    rules = [r for r in patterns.load("chrome").rules() if (r.where or "both") in (where, "both")]
    return compiled.regex("|".join(f"(?:{r.regex.pattern})" for r in rules))


def is_top_chrome(text: str) -> bool:
    """A line of page chrome above or just under the title.

    >>> is_top_chrome("时间:2020-09-15 08:40    来源:寿州廉政网"), is_top_chrome("根据县委统一部署,")
    (True, False)
    """
    parts = _chrome_parts("top")
    if parts is None or not _top_gated():
        return _chrome_search("top", text)
    literals, anchored, rest = parts
    return ((literals is not None and literals(text) is not None)
            or (anchored is not None and anchored(text) is not None)
            or (rest is not None and _TOP_REST_CHARS.search(text) is not None and rest(text) is not None))


# A gate for the top alternation's unanchored branches that are not plain literals (a search of
# them cost ~5 us on a long body line under the title): each holds one of these characters, the
# `:` of `发布时间:` and of `来源:`, 【 of `【 字体`, 号 of `字号`, o/O of the case-blind `logo` and
# h/H of `insert title here`. Derived by hand from the top rules of chrome.toml: used only while
# the alternation is the one it was derived from (its sha1). tests/text/test_footer_gate.py.
_TOP_SHA1 = "b51907536aff"
_TOP_REST_CHARS = compiled.re("[:【号oOhH]")


@lru_cache(maxsize=None)
def _top_gated() -> bool:
    import hashlib

    return hashlib.sha1(_chrome_regex("top").pattern.encode()).hexdigest()[:12] == _TOP_SHA1


# A gate for the footer alternation (a search of it costs ~25 us on a long body line, most lines
# near the end are body): a match either starts the line (`^\s*`, then one of _FOOTER_LEADS: the
# first character after the space of every anchored branch, brackets included) or holds one of
# _FOOTER_CHARS (one character of every unanchored literal: 浏 of 浏览次数, 印 of 打印本页, c/C of
# the case-blind ICP/copyright, ...; 技术支持 is looked for whole, 技 being common in bodies: 技术).
# A line with none of these cannot match. Derived by hand from the
# footer rules of chrome.toml: used only while the alternation is the one it was derived from
# (its sha1), else every line is searched as before. tests/text/test_footer_gate.py.
_FOOTER_SHA1 = "ab04289b7f68"
_FOOTER_LEADS = compiled.regex(r"\s*[【\[(发更责编审校撰作原记来供初复终文信稿本下上•·+反字打收]")
_FOOTER_CHARS = compiled.re("[浏阅击访【号印朗色听藏享窗举扫cC备许©版办站们]")


@lru_cache(maxsize=None)
def _footer_gated() -> bool:
    import hashlib

    return hashlib.sha1(_chrome_regex("footer").pattern.encode()).hexdigest()[:12] == _FOOTER_SHA1


def is_footer_chrome(text: str) -> bool:
    """A line of page chrome at the end (share links, licences, editors).

    >>> is_footer_chrome("打印文章 | 加入收藏 | 分享到:"), is_footer_chrome("联系电话:3414008")
    (True, False)
    """
    if not _footer_gated():
        return _chrome_search("footer", text)
    lead = _FOOTER_LEADS.match(text) is not None
    if not lead and _FOOTER_CHARS.search(text) is None and ("技" not in text or "技术支持" not in text):
        return False
    parts = _chrome_parts("footer")
    if parts is None:
        return _chrome_regex("footer").search(text) is not None
    # Without a leading character no anchored branch can match: not tried (a line indented
    # with spaces cost them ~15 us, each branch's `^\s*…\s*` trying every split of the space).
    literals, anchored, rest = parts
    return ((literals is not None and literals(text) is not None)
            or (rest is not None and rest(text) is not None)
            or (lead and anchored is not None and anchored(text) is not None))


def _branches(source: str) -> list[str]:
    """`source` cut at its top-level `|` (outside groups and classes).

    >>> _branches("a|(?:b|c)|[|)]x|^d")
    ['a', '(?:b|c)', '[|)]x', '^d']
    """
    out, cur, depth, i = [], [], 0, 0
    while i < len(source):
        c = source[i]
        if c == "\\":
            cur.append(source[i:i + 2])
            i += 2
            continue
        if c == "[":  # a class runs to its first `]` that is not its first member
            j = i + 1 + (source[i + 1:i + 2] == "^")
            j = source.index("]", j + 1 if source[j:j + 1] == "]" else j)
            while source.count("\\", i, j) and source[j - 1] == "\\":  # an escaped `]`
                j = source.index("]", j + 1)
            cur.append(source[i:j + 1])
            i = j + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append("".join(cur))
            cur = []
            i += 1
            continue
        cur.append(c)
        i += 1
    out.append("".join(cur))
    return out


_GLOBAL_FLAG = compiled.re(r"\(\?[a-zA-Z]+\)")  # `(?i)`: would not apply to a branch alone


@lru_cache(maxsize=None)
def _chrome_parts(where: str):
    """`_chrome_regex(where)` as three tests whose `or` is its `search(...) is not None`: the
    branches that are plain literals (`浏览次数`, one stdlib search: its first-character scan),
    the branches anchored at the start (`^\\s*本文为`: tried at position 0 only, where a search
    of the whole alternation tried them at every position), and the rest (one search). A search
    of an alternation finds something exactly when one of its branches does. None (search the
    whole) when a rule's source has a global inline flag or a branch does not compile alone."""
    rules = [r for r in patterns.load("chrome").rules() if (r.where or "both") in (where, "both")]
    if any(_GLOBAL_FLAG.search(r.regex.pattern) for r in rules):
        return None
    lits, anchored, rest = [], [], []
    for r in rules:
        for b in _branches(r.regex.pattern):
            if b and re.escape(b) == b:
                lits.append(b)
            elif b.startswith("^"):
                anchored.append(b)
            else:
                rest.append(b)
    try:
        return (compiled.re("|".join(map(re.escape, lits))).search if lits else None,
                compiled.regex("|".join(f"(?:{b})" for b in anchored)).match if anchored else None,
                compiled.regex("|".join(f"(?:{b})" for b in rest)).search if rest else None)
    except (re.error, regex.error):
        return None


def _chrome_search(where: str, text: str) -> bool:
    """`_chrome_regex(where).search(text) is not None`, by `_chrome_parts`."""
    parts = _chrome_parts(where)
    if parts is None:
        return _chrome_regex(where).search(text) is not None
    return any(test is not None and test(text) is not None for test in parts)


def _title_like(text: str) -> bool:
    s = squeeze(text)
    if not (4 <= len(s) <= 100) or _SENTENCE_PUNCT.search(s):
        return False
    return bool(_TITLE_WORDS.search(s)) and not s.endswith(":")


# How a news item's lead sentence opens (`近日…`, `日前…`, `3月6日…`, `根据县委统一部署…`): such a
# line is body, never the title, even unpunctuated or cut over lines (`根据县委统一部署` /
# `县委第三巡察组进驻县教育局`). A bare date (`2024年3月8日`, `…日 星期五`) is not a lead.
_LEAD_START = _F.get("lead_start").regex


def _body_like(text: str) -> bool:
    s = squeeze(text)
    return len(s) > 100 or bool(_SENTENCE_PUNCT.search(s)) or bool(_LEAD_START.match(s))


def _opens_heading(text: str) -> bool:
    from .headings import match_label

    return match_label(text, len(text) - len(text.lstrip())) is not None


class _Chrome:
    """The chrome tests of one document's lines, by line index, each made once: segmenting asks
    of some lines twice (is the first body line chrome, above the title and under it?), and
    the chrome alternation is slow on a long paragraph."""

    def __init__(self, lines: Lines) -> None:
        self.lines = lines
        self._top: dict[int, bool] = {}
        self._footer: dict[int, bool] = {}

    def top(self, i: int) -> bool:
        if i not in self._top:
            self._top[i] = is_top_chrome(self.lines[i].text) or self._value_under_label(i)
        return self._top[i]

    def _value_under_label(self, i: int) -> bool:
        """The value of a disclosure label that stands alone on the line above (`• 公开方式:` /
        `主动公开`)."""
        j = i - 1
        while j >= 0 and not self.lines[j].text.strip():
            j -= 1
        return j >= 0 and _LABEL_ONLY.match(self.lines[j].text) is not None

    def footer(self, i: int) -> bool:
        if i not in self._footer:
            self._footer[i] = is_footer_chrome(self.lines[i].text)
        return self._footer[i]


def _join_title(lines: Lines, content: list[int], pos: int, chrome: _Chrome) -> tuple[list[int], int]:
    """The title lines starting at `content[pos]`: a title wrapped over lines is joined while
    the next line sits directly below (no blank between) and the title is not complete yet."""
    title = [content[pos]]
    j = pos + 1
    while (
        j < len(content)
        and content[j] == title[-1] + 1
        and len(title) < 3
        and not _TITLE_END.search(squeeze(lines[title[-1]].text))
        and len(squeeze(lines[content[j]].text)) <= 40
        and not _body_like(lines[content[j]].text)
        and not chrome.top(content[j])
        and not SIGNING_DATE.search(lines[content[j]].text)
        and not _opens_heading(lines[content[j]].text)
    ):
        title.append(content[j])
        j += 1
    return title, j


def _find_title(lines: Lines, content: list[int], chrome: _Chrome) -> tuple[list[int], int]:
    """Title line indices and the position in `content` where the body may start.

    The title is the last title-like line (joined when wrapped) before the first body-like
    line: a saved page's menu items (`巡察工作`, `通知公告`) come before it, chrome lines
    (`时间:…来源:…`) after it.
    """
    best: tuple[list[int], int] = ([], 0)
    pos, limit = 0, min(len(content), 25)
    while pos < limit:
        text = lines[content[pos]].text
        if chrome.top(content[pos]) or chrome.footer(content[pos]):
            pos += 1
            continue
        if _body_like(text) or _TABLE_HEAD.match(text):
            return best if best[0] else ([], pos)
        # A line that opens a list (`…公布如下:`), a numbered heading or a table row is never
        # a title.
        if (2 <= len(squeeze(text)) <= 100 and not text.rstrip().endswith(":") and not _opens_heading(text)
                and not _TABLE_ROW.search(text)):
            title, j = _join_title(lines, content, pos, chrome)
            if _title_like("".join(lines[k].text for k in title)):
                best = (title, j)
                pos = j
                continue
        pos += 1  # a short line that is neither title nor body (a site name, a menu): chrome
    return best

# A signature line that is only an organisation's tail, no name: the rest of the issuer is the
# line above (`中共某县财政局` / `党组`).
_ORG_TAIL = _F.get("org_tail").regex


def _signature(lines: list[Line], content: list[int]) -> tuple[list[int], Optional[int], Optional[tuple[int, int]], Optional[tuple[int, int]]]:
    """(issuer line indices, signing-date line index, date span, issuer span) at the end."""
    if not content:
        return [], None, None, None
    last = lines[content[-1]]
    m = SIGNING_DATE.search(last.text)
    if not m:
        return [], None, None, None
    before = last.text[: m.start("date")].strip()
    date_span = (last.start + m.start("date"), last.start + m.end("date") - (len(m.group("date")) - len(m.group("date").rstrip())))
    if before:
        # Issuer and date on one line: `中共某某党组 2020年5月31日`.
        if len(squeeze(before)) <= 40 and not _ANY_PUNCT.search(before) and _ORG_END.search(squeeze(before)):
            lead = len(last.text) - len(last.text.lstrip())
            return [last.index], last.index, date_span, (last.start + lead, last.start + lead + len(before))
        return [], None, None, None
    issuer: list[int] = []
    k = len(content) - 2
    if k >= 0:
        cand = lines[content[k]]
        s = squeeze(cand.text)
        if 2 <= len(s) <= 40 and not _ANY_PUNCT.search(s):
            issuer = [cand.index]
            # An issuer split over two lines: `…巡察工作` / `领导小组办公室`.
            if k >= 1:
                above = lines[content[k - 1]]
                a = squeeze(above.text)
                if (
                    above.index == cand.index - 1
                    and 2 <= len(a) <= 25
                    and not _ANY_PUNCT.search(a)
                    and not re.match(r"中共|中国共产党", s)
                    # The upper line may itself end like an organisation (`中共某县财政局` /
                    # `党组`) when the lower one is only an organisation's tail.
                    and (not _ORG_END.search(a) or _ORG_TAIL.fullmatch(s))
                ):
                    issuer.insert(0, above.index)
    issuer_span = None
    if issuer:
        issuer_span = (lines[issuer[0]].content_span[0], lines[issuer[-1]].content_span[1])
    return issuer, last.index, date_span, issuer_span


# How far above the end a saved page's right-aligned signature may stand (attachments, an
# editor's line, a related-links list follow it).
_ALIGNED_REACH = 15


def _aligned_signature(doc: Document, rest: list[int]) -> tuple[list[int], Optional[int], Optional[tuple[int, int]], Optional[tuple[int, int]]]:
    """The signature of a saved page that sets it right-aligned (`<p align="right">中共某党组<br>
    2022年8月5日</p>`) with lines after it: the last right-aligned date line near the end, and
    the right-aligned organisation line(s) above it or before the date on its line."""
    lines, aligned = doc.lines, doc.aligned_right
    for k in range(len(rest) - 1, max(-1, len(rest) - 1 - _ALIGNED_REACH), -1):
        line = lines[rest[k]]
        if not SIGNING_DATE.search(line.text) or squeeze(doc.original[line.start:line.end]) not in aligned:
            continue
        if not any(_body_like(lines[i].text) for i in rest[:k]):
            break  # a date set right under the title is the page's, not a signature
        issuer, date_line, date_span, issuer_span = _signature(lines, rest[: k + 1])
        if date_line is None:
            return [], None, None, None
        if any(squeeze(doc.original[lines[i].start:lines[i].end]) not in aligned for i in issuer if i != date_line):
            issuer, issuer_span = [], None  # the line above is the article's, not the signature's
        return issuer, date_line, date_span, issuer_span
    return [], None, None, None


def segment(doc: Document) -> Segments:
    lines = doc.lines
    content = lines.nonblank()
    seg = Segments()
    if not content:
        return seg

    # Footer: chrome lines at the end (bottom-up until the first line that is not chrome).
    end = len(content)
    chrome = _Chrome(lines)
    while end > 0 and chrome.footer(content[end - 1]):
        end -= 1
    seg.footer = content[end:]
    content = content[:end]

    title, start = _find_title(lines, content, chrome)
    seg.title = title
    if title:
        seg.chrome_top = [i for i in content[:start] if i not in title]
    else:
        seg.chrome_top = list(content[:start])
    # Chrome just under the title (publishing line, tools) or at the very top without a title.
    while start < len(content) and chrome.top(content[start]):
        seg.chrome_top.append(content[start])
        start += 1
    rest = content[start:]
    if not title:
        seg.title_span = _title_before_metadata(lines, seg.chrome_top)

    issuer, date_line, date_span, issuer_span = _signature(lines, rest)
    if date_line is None and doc.aligned_right:
        issuer, date_line, date_span, issuer_span = _aligned_signature(doc, rest)
    seg.issuer, seg.signing_date = issuer, date_line
    seg.signing_date_span, seg.issuer_span = date_span, issuer_span
    sig = set(issuer) | ({date_line} if date_line is not None else set())
    seg.body = [i for i in rest if i not in sig]
    if rest and (not title or date_line is None):
        _inline_title_and_signature(doc, seg, rest)
    return seg


# A title and the publishing line scraped onto one line: `九届县委第七轮巡察完成进驻  发布时间:…  来源:…`.
_TITLE_THEN_METADATA = _F.get("title_then_metadata").regex


def _title_before_metadata(lines: Lines, chrome_top: list[int]) -> Optional[tuple[int, int]]:
    """The title at the head of a publishing line (the line itself stays chrome)."""
    for i in chrome_top[:12]:
        line = lines[i]
        m = _TITLE_THEN_METADATA.match(line.text)
        t = m.group("t") if m else ""
        if m and _title_like(t) and not _body_like(t) and not is_top_chrome(t) and not re.search(r"[>»]", t):
            return line.start + m.start("t"), line.start + m.end("t")
    return None


# A notice scraped onto one line: `…整改进展情况的通报 根据县委统一部署,… 中共某某党组 2022年3月10日`.
# The title is the first run of the line when a space parts it from the opening sentence; the
# signature is an organisation and a date after the last sentence.
_INLINE_TITLE = _F.get("inline_title").regex
_INLINE_SIGNATURE = _F.get("inline_signature").regex


def _inline_title_and_signature(doc: Document, seg: Segments, rest: list[int]) -> None:
    """Title and signature spans inside a long first / last body line (the lines stay body)."""
    first, last = doc.lines[rest[0]], doc.lines[rest[-1]]
    if not seg.title and not seg.title_span and first.end - first.start >= INLINE_MIN:
        m = _INLINE_TITLE.match(first.text)
        if m and _title_like(m.group("t")) and _body_like(first.text[m.end():]):
            seg.title_span = (first.start + m.start("t"), first.start + m.end("t"))
    if seg.signing_date is None and last.end - last.start >= INLINE_MIN:
        m = _INLINE_SIGNATURE.search(last.text)
        if m and _ORG_END.search(m.group("issuer")):
            seg.issuer_span = (last.start + m.start("issuer"), last.start + m.end("issuer"))
            seg.signing_date_span = (last.start + m.start("date"), last.start + m.end("date"))


# A line at least this long holding the title or signature inside it is a notice scraped onto
# one line (a title line or a signature line is far shorter).
INLINE_MIN = 200
