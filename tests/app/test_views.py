"""`show`: header facts, issue tree, totals checked ✓/✗, contacts, warnings, highlighted spans."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from notice_parse.app import views
from notice_parse.app.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]

TEXT = textwrap.dedent("""\
    中共某局党组关于巡察整改情况的通报
    2024年3月1日至4月30日，县委第一巡察组对某局党组进行了巡察，2024年6月5日反馈了巡察意见。共反馈2个问题，制定措施3条。
    一、党建方面
    1.“四风”问题依然存在。一是严格落实规定。二是规范接待。已整改完成。
    2.财务管理不规范。修订财务制度。正在整改。
    联系电话：0554-1234567
    中共某局党组
    2024年9月10日
    """)


def _at(sub: str, nth: int = 0) -> list[int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(sub, start + 1)
    return [start, start + len(sub)]


def _date(text, day, nth=0):
    return {"text": text, "earliest": day, "latest": day, "precision": "day", "span": _at(text, nth)}


def make_notice(path: str | None = None, measures_declared: int = 3) -> dict:
    return {
        "schema_version": "1", "source": {"path": path, "sha256": "0" * 64, "encoding": "utf-8", "chars": len(TEXT)},
        "kind": "rectification", "title": "中共某局党组关于巡察整改情况的通报", "issuer": "中共某局党组",
        "issued_on": _date("2024年9月10日", "2024-09-10"), "published_at": None, "source_site": None,
        "inspection": {"mode": "巡察", "authority": "县委", "term": None, "round": 6, "types": ["常规"], "topic": None,
                       "groups": ["县委第一巡察组"], "group_count": None, "targets": ["某局党组"],
                       "window": {"start": _date("2024年3月1日", "2024-03-01"), "end": _date("4月30日", "2024-04-30")},
                       "feedback": _date("2024年6月5日", "2024-06-05"), "petition_deadline": None, "duration": None},
        "summary": {"problems": {"value": 2, "text": "2个问题", "span": _at("2个问题")},
                    "measures": {"value": measures_declared, "text": "制定措施3条", "span": _at("制定措施3条")},
                    "rules": {"value": 1, "text": "建章立制1项", "span": None}},
        "issues": [
            {"id": "1", "parent": None, "label": "1.", "category": "党建方面", "title": "“四风”问题依然存在",
             "unit": None, "measures": ["严格落实规定", "规范接待"], "status": "completed", "long_term": True,
             "progress_text": "已整改完成", "span": _at("1.“四风”问题依然存在。一是严格落实规定。二是规范接待。已整改完成。"),
             "keywords": ["四风"]},
            {"id": "2", "parent": None, "label": "2.", "category": "党建方面", "title": "财务管理不规范",
             "unit": None, "measures": ["修订财务制度"], "status": "in_progress", "long_term": False,
             "progress_text": "正在整改", "span": _at("2.财务管理不规范。修订财务制度。正在整改。")},
        ],
        "contacts": [{"kind": "phone", "value": "0554-1234567", "label": "联系电话", "group": None,
                      "span": _at("0554-1234567")}],
        "warnings": [{"code": "numbering_gap", "message": "heading 3 missing", "span": _at("财务管理不规范")}],
        "spans": {"title": _at("中共某局党组关于巡察整改情况的通报"), "issuer": _at("中共某局党组", 1)},
    }


def _render(n: dict) -> str:
    console = Console(record=True, width=120)
    views.render(n, console)
    return console.export_text()


def test_render_shows_every_part():
    out = _render(make_notice())
    for needle in ("中共某局党组关于巡察整改情况的通报", "rectification", "县委 巡察", "round 6", "县委第一巡察组",
                   "2024年3月1日 (2024-03-01) → 4月30日 (2024-04-30)", "2024年6月5日 (2024-06-05)",
                   "党建方面", "1. “四风”问题依然存在", "2 measures", "completed", "↻ long-term", "#四风",
                   "1 measure ", "in progress", "0554-1234567", "联系电话", "numbering_gap", "heading 3 missing"):
        assert needle in out, needle


def _total_rows(n: dict) -> dict[str, str]:
    return {key: line for line in _render(n).splitlines() for key in ("problems", "measures", "rules")
            if line.startswith(f"│ {key} ")}


def test_totals_check_against_what_was_found():
    rows = _total_rows(make_notice())
    assert "✓" in rows["measures"] and "✓" in rows["problems"]
    assert "✓" not in rows["rules"] and "✗" not in rows["rules"]  # nothing to compare with
    rows = _total_rows(make_notice(measures_declared=5))
    assert "✗" in rows["measures"] and "✓" in rows["problems"]


def test_found_counts_rectified_through_children():
    n = {"issues": [{"id": "1", "parent": None, "category": "A"},
                    {"id": "1.1", "parent": "1", "status": "completed", "measures": ["x"]},
                    {"id": "1.2", "parent": "1", "status": "completed", "measures": ["y", "z"]},
                    {"id": "2", "parent": None, "status": "in_progress", "category": "B"},
                    {"id": "3", "parent": None, "status": "completed"}]}
    assert views.found_counts(n) == {"problems": 3, "measures": 3, "problems_rectified": 2, "aspects": 2}


def test_tree_nests_children_under_parents():
    n = {"issues": [{"id": "1", "title": "父问题", "category": "甲方面"},
                    {"id": "1.1", "parent": "1", "title": "子问题", "category": "甲方面", "status": "completed"},
                    {"id": "1.2", "parent": "1", "title": "子二", "category": "甲方面", "status": "in_progress"},
                    {"id": "2", "title": "另一问题", "category": "乙方面"}]}
    console = Console(record=True, width=80)
    console.print(views.issue_tree(n))
    out = console.export_text()
    lines = out.splitlines()
    assert "父问题  1/2 sub-problems completed" in out and "另一问题  status not stated" in out
    depth = {name: next(l.index(name) for l in lines if name in l) for name in ("甲方面", "父问题", "子问题", "乙方面", "另一问题")}
    assert depth["甲方面"] == depth["乙方面"] < depth["父问题"] == depth["另一问题"] < depth["子问题"]


def test_tree_groups_a_digests_issues_under_their_units():
    n = {"issues": [{"id": "1", "title": "学习不深入", "unit": "市水务局党组", "category": "政治建设"},
                    {"id": "2", "title": "项目管理不规范", "unit": "市水务局党组", "category": "政治建设"},
                    {"id": "3", "title": "数据审核不严", "unit": "市统计局党组", "category": "政治建设"}]}
    console = Console(record=True, width=80)
    console.print(views.issue_tree(n))
    lines = console.export_text().splitlines()
    depth = {name: next(l.index(name) for l in lines if name in l)
             for name in ("市水务局党组", "市统计局党组", "学习不深入", "数据审核不严")}
    assert depth["市水务局党组"] == depth["市统计局党组"] < depth["学习不深入"] == depth["数据审核不严"]
    # Each unit opens its own category heading; the unit is not repeated on its issues' lines.
    assert sum("政治建设" in l for l in lines) == 2
    assert not any("[市水务局党组]" in l for l in lines)


def test_highlight_styles_each_span():
    n = make_notice()
    text = views.highlighted(TEXT, n)
    assert text.plain == TEXT
    styled = {(s.start, s.end): str(s.style) for s in text.spans}
    assert styled[tuple(_at("0554-1234567"))] == views.SPAN_STYLES["contact"]
    assert styled[tuple(_at("2024年6月5日"))] == views.SPAN_STYLES["date"]
    assert styled[tuple(_at("制定措施3条"))] == views.SPAN_STYLES["count"]
    assert styled[tuple(_at("中共某局党组", 1))] == views.SPAN_STYLES["meta"]
    assert styled[tuple(_at("财务管理不规范"))] == views.SPAN_STYLES["warning"]
    # Spans that do not fit the text are skipped, not raised on.
    n["contacts"][0]["span"] = [len(TEXT) - 1, len(TEXT) + 50]
    assert len(views.highlighted(TEXT, n).spans) == len(text.spans) - 1


def test_error_record_renders_as_error():
    out = _render({"source": {"path": "x.txt"}, "error": {"type": "FileNotFoundError", "message": "gone"}})
    assert "x.txt: FileNotFoundError: gone" in out


def test_cli_show_saved_json_with_highlight(tmp_path):
    src = tmp_path / "n.txt"
    src.write_text(TEXT, encoding="utf-8")
    saved = tmp_path / "n.json"
    saved.write_text(json.dumps(make_notice(str(src)), ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["show", str(saved), "--highlight"])
    assert result.exit_code == 0, result.output
    assert "“四风”问题依然存在" in result.stdout and "✓" in result.stdout
    assert "spans:" in result.stdout and "联系电话：0554-1234567" in result.stdout


def test_cli_show_parses_a_text_file(tmp_path):
    src = tmp_path / "n.txt"
    src.write_text(TEXT, encoding="gb18030")
    result = runner.invoke(app, ["show", str(src), "--highlight"])
    assert result.exit_code == 0, result.output
    assert "中共某局党组" in result.stdout and "rectification" in result.stdout
    assert "2.财务管理不规范。修订财务制度。正在整改。" in result.stdout  # the decoded text follows


def test_cli_show_samples():
    for path in sorted((ROOT / "samples").glob("*.txt")):
        result = runner.invoke(app, ["show", str(path), "--highlight"])
        assert result.exit_code == 0, (path, result.output)
        assert "kind" in result.stdout


def test_cli_show_missing_file(tmp_path):
    result = runner.invoke(app, ["show", str(tmp_path / "missing.txt")])
    assert result.exit_code == 1


def test_cli_show_highlight_refuses_stdin_before_rendering():
    result = runner.invoke(app, ["show", "-", "--highlight"], input="中共某局党组\n2024年9月10日\n")
    assert result.exit_code == 2 and "kind" not in result.stdout


def test_cli_show_stdin():
    result = runner.invoke(app, ["show", "-"], input=TEXT)
    assert result.exit_code == 0, result.output
    assert "中共某局党组" in result.stdout
