"""Cross-field checks: what the parser noticed but could not resolve, as warnings."""
from __future__ import annotations

from .models import Notice, Warning

# Notices that describe one inspection and so should say when it ran.
_WINDOW_KINDS = {"rectification", "stationing", "feedback"}


def _date_order(n: Notice) -> list[Warning]:
    out: list[Warning] = []
    ins = n.inspection
    win = ins.window
    if win and win.start and win.end and win.end.latest < win.start.earliest:
        out.append(Warning(code="date_order", message=f"window ends ({win.end.text}) before it starts ({win.start.text})",
                           span=win.end.span))
    if ins.feedback and win:
        last = win.end or win.start
        if last and ins.feedback.latest < last.earliest:
            out.append(Warning(code="date_order", message=f"feedback ({ins.feedback.text}) before the window ends ({last.text})",
                               span=ins.feedback.span))
    return out


def _no_window(n: Notice) -> list[Warning]:
    if n.kind in _WINDOW_KINDS and not n.inspection.window:
        return [Warning(code="no_window", message=f"a {n.kind} notice without an inspection window")]
    return []


def _counts(n: Notice) -> list[Warning]:
    out: list[Warning] = []
    problems = n.summary.get("problems")
    top = [i for i in n.issues if i.parent is None]
    if problems is not None and n.issues and int(problems.value) != len(top):
        out.append(Warning(code="count_mismatch",
                           message=f"{problems.text}: {int(problems.value)} problems declared, {len(top)} top-level issues found",
                           span=problems.span))
    measures = n.summary.get("measures")
    found = sum(len(i.measures) for i in n.issues)
    if measures is not None and n.issues and int(measures.value) != found:
        out.append(Warning(code="count_mismatch",
                           message=f"{measures.text}: {int(measures.value)} measures declared, {found} found",
                           span=measures.span))
    if n.kind == "rectification" and not n.issues:
        out.append(Warning(code="no_issues", message="a rectification notice without any issue found"))
    return out


def check(notice: Notice) -> list[Warning]:
    """Warnings about the assembled notice (date order, missing window, totals that disagree)."""
    return _date_order(notice) + _no_window(notice) + _counts(notice)
