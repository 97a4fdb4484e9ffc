"""Corpus stats: streamed counters, medians on date midpoints, JSON for scripts."""
from __future__ import annotations

import json
import textwrap

from typer.testing import CliRunner

from notice_parse.app.cli import app
from notice_parse.app.stats import CorpusStats, render

runner = CliRunner()


def _date(earliest, latest=None):
    return {"text": earliest, "earliest": earliest, "latest": latest or earliest, "precision": "day"}


def notice(kind="rectification", authority="县委", mode="巡察", end=None, feedback=None, signed=None,
           problems=None, rectified=None, issues=(), warnings=()) -> dict:
    summary = {}
    if problems is not None:
        summary["problems"] = {"value": problems, "text": f"{problems}个问题"}
    if rectified is not None:
        summary["problems_rectified"] = {"value": rectified, "text": f"已整改{rectified}个"}
    return {"kind": kind, "issued_on": signed, "summary": summary, "warnings": [{"code": c} for c in warnings],
            "inspection": {"authority": authority, "mode": mode, "window": {"start": None, "end": end} if end else None,
                           "feedback": feedback},
            "issues": list(issues)}


def test_counts_medians_and_shares():
    s = CorpusStats(keywords=True)
    s.add(notice(end=_date("2024-04-30"), feedback=_date("2024-06-05"), signed=_date("2024-09-10"),
                 problems=10, rectified=8, warnings=["count_mismatch", "numbering_gap"],
                 issues=[{"id": "1", "parent": None, "category": "党建方面", "keywords": ["党建", "四风"]},
                         {"id": "1.1", "parent": "1", "category": "党建方面", "keywords": ["四风"]},
                         {"id": "2", "parent": None, "category": "财务方面"},
                         {"id": "3", "parent": None, "category": "党建方面"}]))
    # 2018-12-21…31 has its midpoint on the 26th: 10 days to 2019-01-05
    s.add(notice(end=_date("2018-12-21", "2018-12-31"), feedback=_date("2019-01-05"), problems=5,
                 warnings=["count_mismatch"]))
    s.add(notice(kind="stationing", authority="市委", feedback=_date("2020-01-01"), signed=_date("2020-01-31"),
                 problems=4, rectified=4))
    s.add(notice(kind="digest", authority=None, mode=None))
    s.add({"source": {"path": "x"}, "error": {"type": "UnicodeError", "message": "bad"}})
    r = s.result()
    assert (r["notices"], r["errors"]) == (4, 1)
    assert r["by_kind"] == {"rectification": 2, "stationing": 1, "digest": 1}
    assert r["by_authority_mode"] == {"县委 巡察": 2, "市委 巡察": 1, "(not stated)": 1}
    assert r["days_window_end_to_feedback"] == {"median": 23, "n": 2}  # 36 and 10 days
    assert r["days_feedback_to_signing"] == {"median": 63.5, "n": 2}  # 97 and 30 days
    assert r["problems"] == {"declared_total": 19, "notices_declaring": 3, "rectified_share": round(12 / 14, 4),
                             "rectified_share_basis": 14}
    assert r["issues"] == {"total": 4, "top_level": 3}
    assert r["top_categories"] == {"党建方面": 2, "财务方面": 1}
    assert r["warnings_by_code"] == {"count_mismatch": 2, "numbering_gap": 1}
    assert r["errors_by_type"] == {"UnicodeError": 1}
    assert r["top_keywords"] == {"四风": 2, "党建": 1}
    json.dumps(r)  # JSON-ready


def test_empty_corpus_and_no_keywords_key():
    r = CorpusStats().result()
    assert r["notices"] == 0 and r["days_feedback_to_signing"]["median"] is None
    assert r["problems"]["rectified_share"] is None and "top_keywords" not in r


def test_bare_numbers_from_answer_keys_count_too():
    s = CorpusStats()
    s.add({"kind": "rectification", "summary": {"problems": 10, "problems_rectified": 10}})
    assert s.result()["problems"]["rectified_share"] == 1.0


def test_render_prints_every_section():
    from rich.console import Console

    s = CorpusStats()
    s.add(notice(end=_date("2024-04-30"), feedback=_date("2024-06-05"), problems=10, rectified=5,
                 issues=[{"id": "1", "category": "党建方面"}], warnings=["no_window"]))
    console = Console(record=True, width=100)
    render(s.result(), console)
    out = console.export_text()
    for needle in ("1 notice(s), 0 error(s)", "36 (n=1)", "50.0% of 10", "rectification", "县委 巡察", "党建方面",
                   "no_window"):
        assert needle in out, needle


TEXT = textwrap.dedent("""\
    中共某某县{unit}党组关于县委巡察整改进展情况的通报
    2024年3月1日至4月30日，县委第一巡察组对{unit}党组进行了常规巡察。
    一、聚焦全面从严治党方面
    1.“四风”问题依然存在。
    整改情况：一是严格落实中央八项规定精神。已整改完成。
    中共某某县{unit}党组
    2024年9月10日
    """)


def test_cli_stats_json_and_table(tmp_path):
    for i, unit in enumerate(["财政局", "科技局", "教育局"]):
        (tmp_path / f"{i}.txt").write_text(TEXT.format(unit=unit), encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"")
    result = runner.invoke(app, ["stats", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    r = json.loads(result.stdout)
    assert r["notices"] + r["errors"] == 4
    assert r["notices"] >= 3 and r["by_kind"].get("rectification", 0) >= 3
    assert "top_keywords" not in r
    table = runner.invoke(app, ["stats", str(tmp_path)])
    assert table.exit_code == 0 and "by kind" in table.stdout and "rectification" in table.stdout


def test_cli_stats_jobs_gives_the_same_result(tmp_path):
    for i in range(6):
        (tmp_path / f"{i}.txt").write_text(TEXT.format(unit=f"第{i}局"), encoding="utf-8")
    one = runner.invoke(app, ["stats", str(tmp_path), "--json"])
    two = runner.invoke(app, ["stats", str(tmp_path), "--json", "--jobs", "2"])
    assert one.exit_code == two.exit_code == 0
    assert json.loads(one.stdout) == json.loads(two.stdout)


def test_cli_stats_keywords(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT.format(unit="财政局"), encoding="utf-8")
    result = runner.invoke(app, ["stats", str(tmp_path), "--json", "--keywords"])
    assert result.exit_code == 0, result.output
    r = json.loads(result.stdout)
    assert isinstance(r["top_keywords"], dict)
    if r["issues"]["total"]:  # once the issue extractor finds the 四风 issue
        assert "四风" in r["top_keywords"]


def test_cli_stats_nothing_parsed_exits_1(tmp_path):
    result = runner.invoke(app, ["stats", str(tmp_path / "missing.txt"), "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["errors"] == 1
