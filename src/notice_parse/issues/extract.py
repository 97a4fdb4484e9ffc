"""Issue lists: the problems a notice reports, their categories, measures and status.

`extract_issues(doc, meta)` picks the reader by the shape of the notice:

- a digest (`织金县针对…问题,…`): one issue per `针对…问题` clause (`issue_digest`);
- a flattened table (`序号 问题 整改措施 责任单位 完成时限 整改进度`): one per row
  (`issue_tables`);
- otherwise the heading tree inside the problem part (`issue_sections`), read as
  category → problem → sub-problem:

      (一)…方面                       ← category (a `category` rule, or a third level below it)
      1.学习…不深入。                  ← problem (parent: measures [])
      (1)针对巡察反馈“学习不全面”问题。  ← sub-problem (it has its own 整改情况/整改进度)
      整改情况:一是…二是…             ← measures (`issues.measures`)

Unnumbered headings among numbered siblings (`“四风”问题依然存在。` directly before `(18)`)
become issues with `label: null` and an `unnumbered_heading` warning; numbers that skip warn
`numbering_gap`.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Optional

from ..text.document import SENTENCE_END, Document
from ..text.headings import Heading
from .measures import _enumerated, any_match, clean, read_rectification, rules, status_tags
from .sections import Part, excluded_in, find_parts
from ..models import Issue, Meta, Warning, issues_from_dicts
from ..rules import compiled

_SENTENCE_END = compiled.re(f"[{SENTENCE_END}]")
# A stand-alone line this short (one sentence) may be an unnumbered heading.
_UNNUMBERED_MAX = 40


@dataclass
class Node:
    """A heading the tree is built from (numbered, or an unnumbered line)."""

    start: int  # label start (or line start for an unnumbered heading)
    title_span: tuple[int, int]
    label: Optional[str]
    scheme: Optional[str]
    number: Optional[int]
    depth: int
    role: str = ""  # category | problem | child | item
    end: int = 0  # where the node's own text ends (next node or part end)
    opener: bool = False  # a section heading over problems that names no aspect: no category
    children: list["Node"] = field(default_factory=list)


def extract_issues(doc: Document, meta: Meta) -> tuple[list[Issue], list[Warning]]:
    """Issues in document order (a child follows its parent) and the warnings they raise."""
    if meta.kind == "stationing":
        return [], []
    from .digest import unit_issues

    # A digest by unit (`一、市水务局党组` / its problems / `二、…`): each section read alone.
    by_unit = unit_issues(doc, meta.kind, lambda part, out, warns, top: _from_part(doc, part, out, warns, False, top))
    if by_unit is not None:
        return by_unit
    if meta.kind == "digest":
        from .digest import digest_issues

        found = digest_issues(doc)
        if found:
            return found, []
    from .tables import table_issues

    table = table_issues(doc)
    if table and not _attachment_before(doc, table[0].span[0]):
        return table, []
    issues: list[Issue] = []
    warnings: list[Warning] = []
    # A feedback report lists what the inspectors found: the text under a problem describes it
    # and is no measure, unless the report labels one (`整改情况:`).
    labelled_only = meta.kind == "feedback"
    parts = find_parts(doc, meta.kind)
    # A news item without a problems section may list the problems found in prose
    # (`巡察发现…问题,主要有:一是…`): in a feedback item that list comes first; in any other
    # notice it is read when the heading tree holds no problem.
    in_prose = not any(p.base_level >= 0 for p in parts)
    if labelled_only and in_prose:
        found = _findings(doc)
        if found:
            return found, []
    top = 0  # top-level issues so far (they are numbered across parts)
    for part in parts:
        top = _from_part(doc, part, issues, warnings, labelled_only or part.findings, top)
    if table and not issues:
        return table, []  # the attached table is the only list
    if not issues and in_prose and not labelled_only:
        found = _findings(doc)
        if found:
            return found, []
        if meta.kind in ("rectification", "unknown"):
            # One unit's rectification told in prose (`市委针对…问题,开展…`): its 针对 clauses,
            # read as a digest's are, without a unit (the notice is about one).
            from .digest import digest_issues

            found = digest_issues(doc)
            for i in found:
                i.unit = None
            if found:
                return found, []
    return issues, warnings


def _findings(doc: Document) -> list[Issue]:
    from .findings import finding_issues

    return finding_issues(doc, *doc.body_span)


def _attachment_before(doc: Document, pos: int) -> bool:
    """A line opening with `附件` above `pos`: a table after it is an appendix (`附件:整改台账`)
    that repeats the problems the text lists, so the text's own list is preferred."""
    i = doc.text.rfind("附件", 0, pos)
    return i >= 0 and (i == 0 or not doc.text[doc.text.rfind("\n", 0, i) + 1:i].strip())


# -- tree --------------------------------------------------------------------------------
def _nodes(doc: Document, part: Part) -> list[Node]:
    """Numbered headings of the part as nodes with depths 0.. (circled labels are measures
    unless they read as problems: `(一)…方面` / `①…不到位。`)."""
    heads = part.headings
    circled = [h for h in heads if h.scheme == "circled"]
    if circled and not _problem_level(doc, [h.text_span for h in circled]):
        heads = [h for h in heads if h.scheme != "circled"]  # `①制定…②开展…`: measures
    levels = sorted({h.level for h in heads})
    depth = {lv: i for i, lv in enumerate(levels)}
    return [Node(h.start, _title_span(doc, h), h.label, h.scheme, h.number, depth[h.level]) for h in heads]


def _sentence_end(text: str, start: int, end: int) -> int:
    """Just after the first 。!? in `text[start:end]`, else `end` (a heading's first sentence)."""
    m = _SENTENCE_END.search(text, start, end)
    return m.end() if m else end


def _lead_nodes(doc: Document, part: Part) -> list[Node]:
    """Without numbered headings, lines that open with a problem lead (`存在问题:…`,
    `反馈问题:…`; the `title_prefix` rule), two or more of them, are the problems (unnumbered).

        存在问题:文物保护工作不到位。       ← problem (title: its first sentence)
        整改情况:开展文物安全专项检查…      ← its measures
    """
    text, starts = doc.text, doc.lines.starts
    lead = rules("title_prefix")[0].regex
    shi = rules("finding_item")[0].regex  # `一是` (not `一要`)
    short = rules("shortcoming")[0].regex
    out: list[Node] = []
    heads: list[Node] = []  # lines opening with `一是…`, `二是…` in order
    first = bisect.bisect_left(starts, part.start)
    for i in range(first, len(starts)):
        if starts[i] >= part.end:
            break
        s, e = starts[i], min(doc.lines.ends[i], part.end)
        while s < e and text[s].isspace():
            s += 1
        m = lead.match(text[s:e]) if s < e else None
        if m and m.end() < e - s:
            out.append(Node(s, (s, _sentence_end(text, s + m.end(), e)), None, None, None, 0))
        elif s < e and text[s] in _CN_START:
            k = shi.match(text, s, e)
            if k and _ITEM.get(k.group("n")) == len(heads) + 1:
                t0 = k.end()
                heads.append(Node(s, (t0, _title_end(text, t0, e)), text[s:t0], "shi", len(heads) + 1, 0))
    if len(out) >= 2:
        return out
    # `一是…不够。整改措施:…` / `二是…` as paragraph heads: the problems, when they read as
    # shortcomings (a list of measures `一是制定…` does not).
    if len(heads) >= 2 and 2 * sum(1 for n in heads if short.search(text, *n.title_span)) > len(heads):
        return heads
    return []


_CN_START = frozenset("一二三四五六七八九十")
_ITEM = {c: i for i, c in enumerate("一二三四五六七八九十", 1)}


def _title_end(text: str, s: int, e: int) -> int:
    """Where a run-in problem heading's title ends: before a measure label, else its first sentence."""
    m = any_match("measure_label", text, s, e)
    if m:
        e = m.start()
    return _sentence_end(text, s, e)


def _title_span(doc: Document, h: Heading) -> tuple[int, int]:
    """The heading's own text, cut where a measure label or `一是` runs into it."""
    s, e = h.text_span
    m = any_match("measure_label", doc.text, s, e) or any_match("enumerator", doc.text, s, e)
    if m and m.start() > s:
        e = m.start()
    if "【" in doc.text[s:e] or "(" in doc.text[s:e]:
        tags = status_tags(doc.text, s, e)  # `干部交流轮岗不及时【已完成】`: the tag is its status
        if tags and tags[0].start() > s:
            e = tags[0].start()
    return s, e


def _reads_as_problem(text: str, span: tuple[int, int]) -> bool:
    """A heading that names a problem: a quoted problem name or a shortcoming (`…不到位`)."""
    return bool(rules("shortcoming")[0].regex.search(text, *span) or any_match("quoted_title", text[span[0]:span[1]]))


def _problem_level(doc: Document, spans: list[tuple[int, int]]) -> bool:
    """Whether a level's headings are problems: two or more, most of them reading as one."""
    return len(spans) >= 2 and 2 * sum(1 for sp in spans if _reads_as_problem(doc.text, sp)) > len(spans)


def _assign_roles(doc: Document, nodes: list[Node]) -> tuple[Optional[int], int, Optional[int]]:
    """(category depth, problem depth, child depth) for the part's nodes.

    By default the shallowest level holds problems (under a `…方面` category level when there
    is one). When none of that level reads as a problem but a deeper level does (`二、关于…问题的
    整改` / `1.…推进缓慢`; `(一)…方面` / `①…不到位`), the deeper level holds them and the level
    right above it their categories.
    """
    depths = sorted({n.depth for n in nodes})
    if len(depths) >= 3:
        cat, prob, child = 0, 1, 2
    elif len(depths) == 2:
        is_cat = any(n.depth == 0 and any_match("category", _text(doc, n)) for n in nodes)
        cat, prob, child = (0, 1, None) if is_cat else (None, 0, 1)
    else:
        cat, prob, child = None, 0, None
    if len(depths) >= 2:
        spans = {d: [n.title_span for n in nodes if n.depth == d] for d in depths}
        if not any(_reads_as_problem(doc.text, sp) for sp in spans[prob]):
            deeper = next((d for d in depths if d > prob and (_problem_level(doc, spans[d]) or any(
                _problem_level(doc, g) for g in _groups(nodes, d).values()))), None)
            if deeper is not None:
                cat, prob = deeper - 1, deeper
                child = deeper + 1 if deeper + 1 in spans else None
                # Sections whose items say what was done (`(一)提高思想认识` / `(二)加强组织领导`)
                # beside sections whose items are shortcomings hold no problems.
                for n in nodes:
                    # `二、坚持问题导向,逐项抓好整改`: a section's slogan, no aspect of the problems.
                    if n.depth == cat and "," in _text(doc, n) and not any_match("category", _text(doc, n)):
                        n.opener = True
                for head, group in _groups(nodes, deeper).items():
                    if head is not None and not any(_reads_as_problem(doc.text, sp) for sp in group):
                        _drop_subtree(nodes, head)
    for n in nodes:
        if n.role != "dropped":
            n.role = {cat: "category", prob: "problem", child: "child"}.get(n.depth, "deep") if n.depth is not None else ""
    return cat, prob, child


def _groups(nodes: list[Node], d: int) -> dict:
    """The title spans of the depth-`d` nodes, grouped by the node right above them (the last
    node at depth `d - 1` before them; None for those before any)."""
    out: dict = {}
    head = None
    for n in nodes:
        if n.depth == d - 1:
            head = id(n)
            out.setdefault(head, [])
        elif n.depth == d:
            out.setdefault(head, []).append(n.title_span)
    return out


def _drop_subtree(nodes: list[Node], head_id: int) -> None:
    """Mark the node `head_id` and every deeper node after it, up to its next sibling, dropped."""
    inside = None
    for n in nodes:
        if id(n) == head_id:
            inside = n.depth
            n.role = "dropped"
        elif inside is not None:
            if n.depth <= inside:
                break
            n.role = "dropped"


def _text(doc: Document, n: Node) -> str:
    return clean(doc.text[n.title_span[0]:n.title_span[1]])


def _add_unnumbered(doc: Document, part: Part, nodes: list[Node], prob: int, child: Optional[int]) -> list[Node]:
    """Unnumbered problem headings: a short stand-alone sentence directly before a sub-problem
    heading, in a run of sub-problems (seed 002: `“四风”问题依然存在。` then `(18)…`)."""
    if child is None or not nodes:
        return nodes
    starts = doc.lines.starts
    body = doc.segments.body
    first_on_line: dict[int, Node] = {}  # line index → first node on it (in line order)
    for n in nodes:
        first_on_line.setdefault(max(doc.lines.index_at(n.start), 0), n)
    node_starts = [n.start for n in nodes]
    added: list[Node] = []
    # Only the non-blank body line right before a line a sub-problem opens can qualify: walk
    # back from each such line rather than make a Line of every line in the part.
    for idx, nxt in first_on_line.items():
        if nxt.depth != child or not part.start <= starts[idx] < part.end:
            continue
        k = bisect.bisect_left(body, idx)
        if k == len(body) or body[k] != idx:
            continue
        line = None
        while k > 0:
            k -= 1
            prev = doc.lines[body[k]]
            if prev.start < part.start:
                break
            if not prev.is_blank:
                line = prev
                break
        if line is None or line.index in first_on_line:
            continue
        j = bisect.bisect_left(node_starts, line.start)  # nodes [0, j) start before the line
        if j == 0 or nodes[j - 1].depth != child:
            continue
        s, e = line.content_span
        text = clean(doc.text[s:e])
        if not (2 <= len(text) <= _UNNUMBERED_MAX) or any(c in text for c in "。!?:;"):
            continue
        if any_match("measure_label", doc.text, s, e) or any_match("progress_label", doc.text, s, e):
            continue
        added.append(Node(s, (s, e), None, None, None, prob, role="problem"))
    return sorted(nodes + added, key=lambda n: n.start) if added else nodes


def _from_part(doc: Document, part: Part, issues: list[Issue], warnings: list[Warning],
               labelled_only: bool = False, top: Optional[int] = None) -> int:
    """Add the part's issues; returns the number of top-level issues in `issues` after it
    (`top`: the number before it, counted when not given)."""
    if top is None:
        top = sum(1 for i in issues if i.parent is None)
    nodes = _nodes(doc, part) or _lead_nodes(doc, part)
    if not nodes:
        return top
    cat, prob, child = _assign_roles(doc, nodes)
    nodes = _add_unnumbered(doc, part, nodes, prob, child)
    cut = excluded_in(doc, part)
    for i, n in enumerate(nodes):
        nxt = nodes[i + 1].start if i + 1 < len(nodes) else part.end
        k = bisect.bisect_left(cut, n.title_span[1])
        n.end = min(nxt, cut[k]) if k < len(cut) else nxt
    nodes = _categories_without_problems(doc, nodes)
    _children_as_items(doc, nodes)
    return _build(doc, nodes, issues, warnings, labelled_only, top)


def _categories_without_problems(doc: Document, nodes: list[Node]) -> list[Node]:
    """A category with text but no problem under it (seed 003 `(三)动态调整方面` then a
    paragraph): the paragraph's first line is an unnumbered problem."""
    if not any(n.role == "category" for n in nodes):
        return nodes
    out: list[Node] = []
    for i, n in enumerate(nodes):
        out.append(n)
        if n.role != "category":
            continue
        nxt = nodes[i + 1] if i + 1 < len(nodes) else None
        if nxt is not None and nxt.role != "category":
            continue
        s = n.title_span[1]
        while s < n.end and doc.text[s] in " \t\r\n。.:":
            s += 1
        if s >= n.end:
            continue
        line = doc.line_at(s)
        e = min(line.end, n.end)
        stop = _sentence_end(doc.text, s, e)
        if not _reads_as_problem(doc.text, (s, stop)):
            continue  # `一、整改工作的主要做法` then what was done: no problem
        p = Node(s, (s, stop), None, None, None, n.depth + 1, role="problem", end=n.end)
        n.end = s
        out.append(p)
    return out


def _children_as_items(doc: Document, nodes: list[Node]) -> None:
    """Children that have no rectification text of their own (no 整改情况:/整改进度:, no
    quoted problem name) are the parent's measure items, not sub-problems; so are children
    right under their parent's measure label (`整改措施:` / `1.制定…` / `2.开展…`)."""
    kids = [n for n in nodes if n.role == "child"]
    if not kids:
        return
    for i, n in enumerate(nodes):
        if n.role == "problem" and i + 1 < len(nodes) and nodes[i + 1].role == "child":
            label = any_match("measure_label", doc.text, n.title_span[1], nodes[i + 1].start)
            if label and not doc.text[label.end():nodes[i + 1].start].strip():
                for k in nodes[i + 1:]:
                    if k.role != "child":
                        break
                    k.role = "item"
    kids = [n for n in kids if n.role == "child"]
    if not kids:
        return
    own = any(
        any_match("measure_label", doc.text, n.title_span[1], n.end)
        or any_match("progress_label", doc.text, n.title_span[1], n.end)
        or any_match("quoted_title", _text(doc, n))
        for n in kids
    )
    # Children that say what was done (`(1)完善…。(2)每季度…`), none a shortcoming and none with
    # a measure label of its own, are the parent's measures even when a progress line follows.
    acts = not any(_reads_as_problem(doc.text, n.title_span) for n in kids) and not any(
        any_match("measure_label", doc.text, n.title_span[1], n.end) for n in kids)
    if not own or acts:
        for n in kids:
            n.role = "item"


def _title(doc: Document, n: Node) -> str:
    raw = doc.text[n.title_span[0]:n.title_span[1]]
    q = any_match("quoted_title", raw)
    if q:
        return clean(q.group("t"))
    p = any_match("title_prefix", raw)
    if p and p.start() == 0 and clean(raw[p.end():]):
        raw = raw[p.end():]
    return clean(raw)


def _build(doc: Document, nodes: list[Node], issues: list[Issue], warnings: list[Warning],
           labelled_only: bool = False, top: Optional[int] = None) -> int:
    """Issues from the part's nodes; `top`: the top-level issues already in `issues` (counted
    when not given). Returns it with this part's added."""
    text = doc.text
    category: Optional[str] = None
    # Issues are kept as dicts while children still change their parent (measures, span) and
    # made into models once at the end: Pydantic construction and assignment are slow.
    found: list[dict] = []
    parent: Optional[dict] = None
    if top is None:
        top = sum(1 for i in issues if i.parent is None)
    kids = 0
    numbering = _Numbering(warnings)
    for i, n in enumerate(nodes):
        if n.role == "category":
            category = None if n.opener else (_text(doc, n) or None)
            parent = None
            numbering.new_parent(n.depth)
            continue
        if n.role not in ("problem", "child"):
            continue
        title = _title(doc, n)
        if not title:
            continue
        is_child = n.role == "child" and parent is not None
        if is_child:
            kids += 1
            ident, par = f"{parent['id']}.{kids}", parent["id"]
        else:
            top += 1
            ident, par = str(top), None
        j = i + 1  # the measure items right under this problem
        while j < len(nodes) and nodes[j].role == "item":
            j += 1
        items = nodes[i + 1:j]
        rect = read_rectification(text, n.title_span[1], items[0].start if items else n.end,
                                  labelled_only=labelled_only)
        measures = rect.measures
        if items and not labelled_only:
            # A progress line after the items (`整改进度:已完成`) is the problem's, no item's.
            progress = any_match("progress_label", text, items[0].start, items[-1].end)
            cut = progress.start() if progress else items[-1].end
            measures = [clean(text[m.start:min(m.end, cut)]) for m in items]
            if len(items) == 1:
                # `(1)完善…。(2)每季度…` run in on one line: one heading, several measures.
                run_in = _enumerated(text, items[0].start, cut)
                if run_in:
                    measures = [c for c in (clean(text[a:b]) for a, b in run_in) if c]
            if progress and rect.status is None and rect.progress_text is None:
                after = read_rectification(text, progress.start(), items[-1].end)
                rect.status, rect.long_term, rect.progress_text = after.status, after.long_term, after.progress_text
        end = max(rect.end, items[-1].end if items else rect.end, n.title_span[1])
        while end > n.start and text[end - 1] in " \t\r\n":
            end -= 1
        issue = dict(id=ident, parent=par, label=n.label, category=category, title=title, measures=measures,
                     status=rect.status, long_term=rect.long_term, progress_text=rect.progress_text,
                     span=(n.start, end))
        found.append(issue)
        numbering.see(n, is_child)
        if n.label is None:
            warnings.append(Warning(code="unnumbered_heading", message=f"unnumbered heading taken as an issue: {title}",
                                    span=n.title_span))
        if not is_child:
            parent, kids = issue, 0
            numbering.new_parent(n.depth + 1)
        else:
            parent["measures"] = []
            parent["span"] = (parent["span"][0], max(parent["span"][1], issue["span"][1]))
    issues.extend(issues_from_dicts(found))
    return top


class _Numbering:
    """Warn `numbering_gap` when a number skips: siblings count up by one; the first under a
    new parent may restart at 1 or run on from the last of its scheme (seed 002's `(n)`)."""

    def __init__(self, warnings: list[Warning]):
        self.warnings = warnings
        self.last_in_parent: dict[int, Optional[int]] = {}
        self.last_overall: dict[tuple[int, str], int] = {}

    def new_parent(self, depth: int) -> None:
        for d in list(self.last_in_parent):
            if d >= depth:
                self.last_in_parent[d] = None

    def see(self, n: Node, is_child: bool) -> None:
        if n.number is None or n.scheme is None:
            return
        key = (n.depth, n.scheme)
        prev = self.last_in_parent.get(n.depth)
        run = self.last_overall.get(key)
        ok = n.number == (prev + 1 if prev is not None else n.number)
        if prev is None:
            ok = n.number == 1 or (run is not None and n.number == run + 1)
        # `1.(2)` then `2.(1)`: a combined label restarts its inner number with the outer one.
        ok = ok or (n.scheme == "combined" and n.number == 1)
        if not ok:
            want = f"{prev + 1}" if prev is not None else ("1" if run is None else f"1 or {run + 1}")
            self.warnings.append(Warning(code="numbering_gap", message=f"{n.label} where {want} was expected",
                                         span=(n.start, n.title_span[0])))
        self.last_in_parent[n.depth] = n.number
        self.last_overall[key] = n.number
