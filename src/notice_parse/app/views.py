"""`notice-parse show`: one notice as a rich terminal view.

Everything here works on the notice's JSON dict (the `parse` output), so a saved `.json`
renders the same as a freshly parsed file. `--highlight` marks each extracted span on the
text that spans index (`pipeline.prepared_text`).
"""
from __future__ import annotations


from typing import Any, Iterator, Optional

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.tree import Tree
from ..rules import compiled

STATUS_STYLE = {"completed": "green", "in_progress": "yellow"}
STATUS_LABEL = {"completed": "completed", "in_progress": "in progress"}
# Span kinds, in the order they are painted (later ones show over earlier ones).
SPAN_STYLES = {
    "issue": "on grey15",
    "meta": "bold cyan",
    "date": "bold magenta",
    "count": "bold yellow",
    "contact": "bold green",
    "warning": "underline red",
}


def date_text(date: Optional[dict]) -> Optional[str]:
    """`2018年11月中旬 (2018-11-11…2018-11-20)`; one ISO day when the date is a day.

    >>> date_text({"text": "2025年2月13日", "earliest": "2025-02-13", "latest": "2025-02-13"})
    '2025年2月13日 (2025-02-13)'
    >>> date_text({"text": "11月中旬", "earliest": "2018-11-11", "latest": "2018-11-20"})
    '11月中旬 (2018-11-11…2018-11-20)'
    """
    if not date:
        return None
    a, b = date.get("earliest"), date.get("latest")
    iso = a if a == b else f"{a}…{b}"
    return f"{date.get('text')} ({iso})"


def _facts(rows: list[tuple[str, Any]]) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in rows:
        if value in (None, "", []):
            continue
        grid.add_row(label, "、".join(map(str, value)) if isinstance(value, list) else str(value))
    return grid


def header(n: dict) -> Panel:
    ins = n.get("inspection") or {}
    window = ins.get("window") or {}
    start, end = date_text(window.get("start")), date_text(window.get("end"))
    round_ = None
    if ins.get("term") or ins.get("round"):
        round_ = " ".join(x for x in (f"term {ins['term']}" if ins.get("term") else "",
                                      f"round {ins['round']}" if ins.get("round") else "") if x)
    rows = [
        ("kind", n.get("kind")),
        ("issuer", n.get("issuer")),
        ("signed", date_text(n.get("issued_on"))),
        ("published", n.get("published_at")),
        ("source", n.get("source_site")),
        ("inspection", " ".join(x for x in (ins.get("authority"), ins.get("mode")) if x) or None),
        ("term/round", round_),
        ("types", ins.get("types")),
        ("topic", ins.get("topic")),
        ("groups", ins.get("groups")),
        ("group count", ins.get("group_count")),
        ("targets", ins.get("targets")),
        ("window", f"{start or '?'} → {end or '?'}" if (start or end) else None),
        ("duration", ins.get("duration")),
        ("feedback", date_text(ins.get("feedback"))),
        ("petitions until", date_text(ins.get("petition_deadline"))),
        ("file", (n.get("source") or {}).get("path")),
    ]
    title = Text(n.get("title") or "(untitled)", style="bold")
    return Panel(_facts(rows), title=title, title_align="left", border_style="blue")


def _issue_label(issue: dict, children: list[dict], unit_shown: bool = False) -> Text:
    t = Text()
    if issue.get("label"):
        t.append(issue["label"] + " ", style="dim")
    t.append(issue.get("title") or "")
    if issue.get("unit") and not unit_shown:
        t.append(f"  [{issue['unit']}]", style="cyan")
    measures = issue.get("measures") or []
    if measures:
        t.append(f"  {len(measures)} measure{'s' if len(measures) != 1 else ''}", style="blue")
    status = issue.get("status")
    if status is None and children:
        # A parent states no progress of its own: summarise its sub-problems'.
        done = sum(1 for c in children if c.get("status") == "completed")
        t.append(f"  {done}/{len(children)} sub-problems completed",
                 style="green" if done == len(children) else "yellow")
    else:
        t.append(f"  {STATUS_LABEL.get(status, 'status not stated')}", style=STATUS_STYLE.get(status, "dim"))
    if issue.get("long_term"):
        t.append(" ↻ long-term", style="green")
    if issue.get("keywords"):
        t.append("  #" + " #".join(issue["keywords"]), style="dim magenta")
    return t


def issue_tree(n: dict) -> Tree:
    """Issues under their unit (a digest's) and category headings, children under their parents."""
    issues = n.get("issues") or []
    top = sum(1 for i in issues if not i.get("parent"))
    root = Tree(Text(f"issues: {top} top-level, {len(issues)} in all", style="bold"))
    nodes: dict[str, Tree] = {}
    children = _children(issues)
    unit_node: Optional[Tree] = None
    unit: Optional[str] = None
    category_node: Optional[Tree] = None
    category: Optional[str] = None
    for issue in issues:
        parent = nodes.get(issue.get("parent") or "")
        if parent is None:
            if issue.get("unit") != unit or unit_node is None:
                unit = issue.get("unit")
                unit_node = root.add(Text(unit, style="bold cyan")) if unit else root
                category_node = None
            if issue.get("category") != category or category_node is None:
                category = issue.get("category")
                category_node = unit_node.add(Text(category, style="bold blue")) if category else unit_node
            parent = category_node
        label = _issue_label(issue, children.get(issue.get("id") or "", []), unit_shown=bool(issue.get("unit")))
        nodes[issue.get("id") or ""] = parent.add(label)
    return root


def _children(issues: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for i in issues:
        if i.get("parent"):
            out.setdefault(i["parent"], []).append(i)
    return out


def _rectified_found(issues: list[dict]) -> int:
    """Top-level issues that are done: completed themselves, or all their children are."""
    children = _children(issues)
    done = 0
    for i in issues:
        if i.get("parent"):
            continue
        kids = children.get(i.get("id"), [])
        if i.get("status") == "completed" or (kids and all(k.get("status") == "completed" for k in kids)):
            done += 1
    return done


def found_counts(n: dict) -> dict[str, int]:
    """What the parser found, for each declared total it can be checked against."""
    issues = n.get("issues") or []
    categories = {i.get("category") for i in issues if i.get("category")}
    out = {
        "problems": sum(1 for i in issues if not i.get("parent")),
        "measures": sum(len(i.get("measures") or []) for i in issues),
        "problems_rectified": _rectified_found(issues),
    }
    if categories:
        out["aspects"] = len(categories)
    return out


def totals(n: dict) -> Optional[Table]:
    summary = n.get("summary") or {}
    if not summary:
        return None
    found = found_counts(n)
    t = Table(title="declared totals", title_justify="left")
    for col in ("total", "declared", "as written", "found", ""):
        t.add_column(col, overflow="fold")
    for key, count in summary.items():
        value = count.get("value") if isinstance(count, dict) else count
        text = count.get("text", "") if isinstance(count, dict) else ""
        got = found.get(key) if n.get("issues") else None
        if got is None:
            mark = Text("")
        elif value is not None and int(value) == got:
            mark = Text("✓", style="bold green")
        else:
            mark = Text("✗", style="bold red")
        t.add_row(key, f"{value:g}" if isinstance(value, float) else str(value), text,
                  "" if got is None else str(got), mark)
    return t


def contacts(n: dict) -> Optional[Table]:
    items = n.get("contacts") or []
    if not items:
        return None
    t = Table(title="contacts", title_justify="left")
    for col in ("kind", "value", "label", "group"):
        t.add_column(col, overflow="fold")
    for c in items:
        t.add_row(c.get("kind") or "", c.get("value") or "", c.get("label") or "", c.get("group") or "")
    return t


def warnings(n: dict) -> Optional[Group]:
    items = n.get("warnings") or []
    if not items:
        return None
    lines = [Text("warnings", style="bold")]
    for w in items:
        line = Text("  ⚠ ", style="yellow")
        line.append(w.get("code") or "", style="bold yellow")
        line.append(f"  {w.get('message') or ''}")
        lines.append(line)
    return Group(*lines)


# C0 controls but tab and line break, DEL and C1 controls: ESC sequences in a notice's text (or in
# a .json someone hands over) could move the cursor, retitle or recolour the terminal.
_CONTROLS = compiled.re(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(value):
    """`value` (a notice dict, a list, a string) with every control character replaced by
    U+FFFD, one character for one, so that spans still index the text.

    >>> terminal_safe({"title": "通报\x1b]0;pwned\x07", "n": [1, "a\x9bb"]})
    {'title': '通报\ufffd]0;pwned\ufffd', 'n': [1, 'a\ufffdb']}
    """
    if isinstance(value, str):
        return _CONTROLS.sub("\ufffd", value)
    if isinstance(value, dict):
        return {k: terminal_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [terminal_safe(v) for v in value]
    return value


def render(n: dict, console) -> None:
    """Print one notice: header, issue tree, totals, contacts, warnings."""
    if "error" in n:
        err = n.get("error") or {}
        console.print(Text(f"{(n.get('source') or {}).get('path')}: {err.get('type')}: {err.get('message')}",
                           style="bold red"))
        return
    console.print(header(n))
    if n.get("issues"):
        console.print(issue_tree(n))
    for part in (totals(n), contacts(n), warnings(n)):
        if part is not None:
            console.print(part)


def spans(n: dict) -> Iterator[tuple[str, tuple[int, int]]]:
    """Every extracted span of a notice as `(span kind, (start, end))`, in painting order."""
    for issue in n.get("issues") or []:
        if issue.get("span"):
            yield "issue", tuple(issue["span"])
    for span in (n.get("spans") or {}).values():
        yield "meta", tuple(span)
    ins = n.get("inspection") or {}
    window = ins.get("window") or {}
    for date in (n.get("issued_on"), window.get("start"), window.get("end"), ins.get("feedback"),
                 ins.get("petition_deadline")):
        if date and date.get("span"):
            yield "date", tuple(date["span"])
    for count in (n.get("summary") or {}).values():
        if isinstance(count, dict) and count.get("span"):
            yield "count", tuple(count["span"])
    for c in n.get("contacts") or []:
        if c.get("span"):
            yield "contact", tuple(c["span"])
    for w in n.get("warnings") or []:
        if w.get("span"):
            yield "warning", tuple(w["span"])


def highlighted(text: str, n: dict) -> Text:
    """The notice text with each span styled; spans outside the text are skipped."""
    out = Text(text)
    for kind, (start, end) in spans(n):
        if 0 <= start < end <= len(text):
            out.stylize(SPAN_STYLES[kind], start, end)
    return out


def legend() -> Text:
    t = Text("spans: ")
    for kind, style in SPAN_STYLES.items():
        t.append(f" {kind} ", style=style)
        t.append(" ")
    return t


def render_rounds(inspections: list[dict], console) -> None:
    """`notice-parse rounds` on a terminal: one row per inspection, its timeline and lateness."""
    table = Table(title=f"{len(inspections)} inspection(s)")
    for col in ("unit", "round", "stationed", "feedback", "first report", "days", "late", "notices", "changes"):
        table.add_column(col, overflow="fold")
    for insp in inspections:
        round_name = "".join(str(x) for x in (insp["authority"] or "", f"{insp['term']}届" if insp["term"] else "",
                                              f"第{insp['round']}轮" if insp["round"] else ""))
        reports = insp["reports"]
        days = "/".join("" if d is None else str(d) for d in (insp["days_to_feedback"], insp["days_to_report"]))
        late = {None: "", True: "[red]late[/]", False: "on time"}[insp["late"]]
        kinds = ", ".join(n["kind"] for n in insp["notices"])
        table.add_row(" / ".join(insp["names"]), round_name, str(insp["stationed"] or ""), str(insp["feedback"] or ""),
                      str(reports[0]["date"]) if reports else "", days, late, kinds, str(len(insp["changes"]) or ""))
    console.print(table)
    console.print("days: stationing (or window end) to feedback / feedback to first report")
