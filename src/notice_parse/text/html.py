"""Saved web page → the notice's text, with the standard library's HTML parser.

`html.parser` is a real, tolerant tokenizer (it survives the unclosed tags and stray `-->`
that CMS pages are full of) and costs no dependency. Scripts, styles, forms, navigation,
headers, footers, breadcrumbs and share bars are dropped (by tag, and by class/id words);
block elements, `<br>` and table cells become line breaks; entities are decoded. When the
page marks its article (`<article>`, or a container whose class/id names the content), only
that part is kept, with the title above it when it lies outside: from the title element (`<h1>`,
or a class/id such as `article-title`) on, so that the publishing line between them is kept
too; else the page's `<meta name="ArticleTitle">` or `<title>` (without the site name).
"""
from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from ..rules import compiled

_SKIP_TAGS = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
              "select", "button", "iframe", "svg", "canvas", "object", "head", "textarea", "option"}
_BLOCK_TAGS = {"p", "div", "br", "tr", "td", "th", "li", "ul", "ol", "table", "tbody", "thead",
               "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
               "hr", "dl", "dt", "dd", "center", "main", "figure", "figcaption", "caption", "address"}
_VOID_TAGS = {"br", "img", "meta", "link", "input", "hr", "area", "base", "col", "embed", "param",
              "source", "track", "wbr"}
# class/id words of page furniture (`class="breadcrumb"`, `id="footer"`, `class="share-bar"`).
_SKIP_ATTR = compiled.re(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|footer|header|sidebar|share|toolbar|"
    r"topbar|copyright|position|location|related|comment|pager|pagination)(?:$|[\s_-])",
    re.I,
)
# class/id words of the element holding the article's title (`class="article-title"`, `id="tit"`).
_TITLE_ATTR = compiled.re(r"(?:^|[\s_-])(?:title|tit|bt|biaoti|headline)(?:$|[\s_-])", re.I)
# Text the title element of a page may be separated from its content box by (the publishing
# line, tools): more than this and the element is taken for something else.
_TITLE_GAP = 400
# What separates a page title from the site's name (`…整改情况的通报_某某县人民政府`,
# `某某网 - …`, `…|某某网`): the longest piece is the notice's title.
_TITLE_SEPARATOR = compiled.re(r"_|\s[-–—|]\s|\|")
_CONTENT_ATTR = compiled.re(
    r"(?:^|[\s_-])(?:article|content|main-?text|text-?content|zoom|detail|TRS_Editor|Custom_UnionStyle|"
    r"con_?text|news_?content|art_?con)(?:$|[\s_-])",
    re.I,
)


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_stack: list[str] = []
        self.open_tags: list[str] = []
        # How many of each tag are open, so that a stray closer (`</span>` × 50,000 under
        # 50,000 open `<div>`s) is rejected in O(1) instead of scanning the stack: linear time.
        self._skip_count: Counter[str] = Counter()
        self._open_count: Counter[str] = Counter()
        self.content_marks: list[tuple[int, int]] = []  # (start part index, depth) of content containers
        self.content_ranges: list[tuple[int, int]] = []
        self.h1_ranges: list[tuple[int, int]] = []
        self._h1_start: int | None = None
        # Title elements (h1, or a class/id naming the title): (start part, depth) while open.
        self._title_marks: list[tuple[int, int]] = []
        self.title_ranges: list[tuple[int, int]] = []
        self.meta_title = ""  # <meta name="ArticleTitle" content="…">
        self.page_title: list[str] = []  # the text of <title>
        self._in_title_tag = False
        # Right-aligned blocks (`<p align="right">`, `style="text-align:right"`): where a page
        # sets the signature. (start part, depth) while open; (start, end) parts when closed.
        self._right_marks: list[tuple[int, int]] = []
        self.right_ranges: list[tuple[int, int]] = []

    # -- helpers --------------------------------------------------------------------------
    def _push_skip(self, tag: str) -> None:
        self.skip_stack.append(tag)
        self._skip_count[tag] += 1

    def _newline(self) -> None:
        if self.parts and self.parts[-1] != "\n":
            self.parts.append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag == "meta":
            named = {k: v or "" for k, v in attrs}
            if named.get("name", "").lower() in ("articletitle", "title") and named.get("content"):
                self.meta_title = self.meta_title or named["content"]
        elif tag == "title":
            self._in_title_tag = True
        if self.skip_stack:
            if tag not in _VOID_TAGS:
                self._push_skip(tag)
            return
        words = " ".join(v or "" for k, v in attrs if k in ("class", "id"))
        if tag in _SKIP_TAGS or (words and _SKIP_ATTR.search(words) and not _CONTENT_ATTR.search(words)):
            if tag not in _VOID_TAGS:
                self._push_skip(tag)
            return
        if tag in _BLOCK_TAGS:
            self._newline()
        if tag in _VOID_TAGS:
            return
        self.open_tags.append(tag)
        self._open_count[tag] += 1
        if tag == "article" or (words and _CONTENT_ATTR.search(words)):
            self.content_marks.append((len(self.parts), len(self.open_tags)))
        if tag == "h1":
            self._h1_start = len(self.parts)
        if tag == "h1" or (words and _TITLE_ATTR.search(words)):
            self._title_marks.append((len(self.parts), len(self.open_tags)))
        if _right_aligned(attrs):
            self._right_marks.append((len(self.parts), len(self.open_tags)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skip_stack and tag.lower() in _BLOCK_TAGS:
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag == "title":
            self._in_title_tag = False
        if self.skip_stack:
            if self._skip_count[tag]:
                while self.skip_stack:
                    popped = self.skip_stack.pop()
                    self._skip_count[popped] -= 1
                    if popped == tag:
                        break
            return
        if not self._open_count[tag]:
            return
        while self.open_tags:
            open_tag = self.open_tags.pop()
            self._open_count[open_tag] -= 1
            depth = len(self.open_tags) + 1
            if self.content_marks and self.content_marks[-1][1] == depth:
                start, _ = self.content_marks.pop()
                self.content_ranges.append((start, len(self.parts)))
            if open_tag == "h1" and self._h1_start is not None:
                self.h1_ranges.append((self._h1_start, len(self.parts)))
                self._h1_start = None
            if self._title_marks and self._title_marks[-1][1] == depth:
                start, _ = self._title_marks.pop()
                self.title_ranges.append((start, len(self.parts)))
            if self._right_marks and self._right_marks[-1][1] == depth:
                start, _ = self._right_marks.pop()
                self.right_ranges.append((start, len(self.parts)))
            if open_tag == tag:
                break
        if tag in _BLOCK_TAGS:
            self._newline()

    def handle_data(self, data: str) -> None:
        if self._in_title_tag:
            self.page_title.append(data)
        if self.skip_stack:
            return
        data = data.replace("\r", "").replace("\n", " ")
        if data:
            self.parts.append(data)


_SPACE_RUN = compiled.re(r"[ \t]+")
_ALIGN_RIGHT_STYLE = compiled.re(r"text-align\s*:\s*right", re.I)


def _right_aligned(attrs: list[tuple[str, str | None]]) -> bool:
    for k, v in attrs:
        if k == "align" and (v or "").strip().lower() == "right":
            return True
        if k == "style" and v and _ALIGN_RIGHT_STYLE.search(v):
            return True
    return False


def _tidy(text: str) -> str:
    # Runs of spaces never span a line break: squeeze them all in one pass, then strip lines.
    lines = [line.strip() for line in _SPACE_RUN.sub(" ", text).split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n") + "\n"


def _largest(parts: list[str], ranges: list[tuple[int, int]]) -> tuple[int, int]:
    """The range whose stripped text is longest (first such range on ties).

    Raw lengths come from prefix sums; the stripped length, which can only be smaller, is
    computed for candidates in decreasing raw length until none can win: thousands of nested
    content boxes cost near-linear time instead of joining every range.
    """
    prefix = [0]
    for p in parts:
        prefix.append(prefix[-1] + len(p))
    order = sorted(range(len(ranges)), key=lambda i: (-(prefix[ranges[i][1]] - prefix[ranges[i][0]]), i))
    best, best_len = None, -1
    for i in order:
        a, b = ranges[i]
        if prefix[b] - prefix[a] < best_len:
            break
        n = len("".join(parts[a:b]).strip())
        if n > best_len or (n == best_len and i < best):
            best, best_len = i, n
    return ranges[best]


def html_to_text(markup: str) -> str:
    """The readable text of a page, one block per line.

    >>> html_to_text("<html><head><title>t</title><script>x()</script></head><body>"
    ...   "<div class='nav'>首页</div><h1>巡察公告</h1><p>联系电话:&nbsp;0554-1234567<br>邮编:232200</p>"
    ...   "<div id='footer'>版权所有</div></body></html>")
    '巡察公告\\n联系电话:\\xa00554-1234567\\n邮编:232200\\n'
    """
    return html_to_page(markup)[0]


def html_to_page(markup: str) -> tuple[str, frozenset[str]]:
    """The readable text of a page and the lines the page sets right-aligned (each without
    white space): the signature block of a notice (`<p align="right">中共某党组<br>2022年8月5日</p>`).

    >>> html_to_page("<div class='content'><p>根据县委统一部署,县委第二巡察组对县水务局党组进行了巡察。现将整改情况予以公布。</p>"
    ...   "<p style='text-align: right'>中共某县水务局党组<br>2022年8月5日</p><p>附件:整改清单</p></div>")[1] == {"中共某县水务局党组", "2022年8月5日"}
    True
    """
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    parts = parser.parts
    right: set[str] = set()
    for a, b in parser.right_ranges:
        block = "".join(parts[a:b])
        if len(block) <= 400:  # a signature block, not a whole right-aligned layout
            right.update(x for x in ("".join(line.split()) for line in block.split("\n")) if x)
    if parser.content_ranges:
        # The largest marked content container wins; the title is kept when it lies outside.
        start, end = _largest(parts, parser.content_ranges)
        body = "".join(parts[start:end])
        if len(body.strip()) >= 50:
            return _tidy(_title_before(parser, start, end) + body), frozenset(right)
    return _tidy("".join(parts)), frozenset(right)


def _title_before(parser: _TextExtractor, start: int, end: int) -> str:
    """What goes above a content box: the text from the last title element before it (with the
    publishing line after the title), else an `<h1>` elsewhere, else (when the box holds no
    title element either) the page's own title."""
    parts = parser.parts
    titles = [(a, b) for a, b in parser.title_ranges if "".join(parts[a:b]).strip()]
    if any(start <= a < end for a, b in titles):
        return ""  # the box has its title
    before = [(a, b) for a, b in titles if b <= start]
    if before:
        a, b = max(before)
        if len("".join(parts[b:start])) <= _TITLE_GAP:
            return "".join(parts[a:start]) + "\n"
    heads = ["".join(parts[a:b]).strip() for a, b in parser.h1_ranges if b <= start or a >= end]
    heads = [h for h in heads if h]
    if heads:
        return heads[0] + "\n"
    if titles:
        return ""
    page = max(_TITLE_SEPARATOR.split("".join(parser.page_title)), key=len, default="").strip()
    title = parser.meta_title.strip() or page
    if not title or "".join(parts[start:end]).lstrip().startswith(title):
        return ""  # no title, or the box opens with it
    return title + "\n"
