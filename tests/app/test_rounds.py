"""Linking the notices of one inspection (`rounds.link`, `notice-parse rounds`)."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from notice_parse.app.cli import app
from notice_parse.app.rounds import NoticeRef, link, unit_key

CORPUS = Path(__file__).parent.parent / "data" / "rounds"


@pytest.mark.parametrize("a, b", [
    ("中共青山县财政局党组", "县财政局"),
    ("县财政局党组", "县财政局"),
    ("青山县水务局机关党委", "县水务局"),
    ("县 财政局", "县财政局"),
])
def test_one_unit_named_two_ways(a, b):
    assert unit_key(a) == unit_key(b)


@pytest.mark.parametrize("a, b", [
    ("县财政局", "县水务局"),
    ("白河市委", "青山市委"),  # a whole locality keeps its place name
    ("县财政局", "市财政局"),  # another level is another unit
])
def test_different_units_stay_apart(a, b):
    assert unit_key(a) != unit_key(b)


def _ref(key, kind, unit, date, round_=None, feedback=None, issues=()):
    d = dt.date.fromisoformat(date)
    return NoticeRef.build(key, key, kind, "县委", 15 if round_ else None, round_, [unit],
                           d if kind == "stationing" else None, None,
                           dt.date.fromisoformat(feedback) if feedback else None,
                           d if kind in ("rectification", "digest") else None,
                           d, list(issues))


def test_dates_chain_notices_without_a_round():
    refs = [_ref("s", "stationing", "县财政局", "2022-03-07"),
            _ref("f", "feedback", "县财政局党组", "2022-05-16", feedback="2022-05-16"),
            _ref("r", "rectification", "中共某县财政局党组", "2022-07-10")]
    [insp] = link(refs)
    assert [l.ref.key for l in insp.links] == ["s", "f", "r"]
    assert "follows the feedback of 2022-05-16 by 55 days" in insp.links[2].reason
    assert insp.timeline()["days_to_report"] == 55
    assert insp.timeline()["late"] is False


def test_a_stated_round_separates_two_inspections_of_one_unit():
    refs = [_ref("s3", "stationing", "县财政局", "2022-03-07", 3),
            _ref("s5", "stationing", "县财政局", "2023-04-03", 5),
            _ref("f3", "feedback", "县财政局", "2023-05-01", 3, feedback="2023-05-01")]
    first, second = link(refs)
    assert [l.ref.key for l in first.links] == ["s3", "f3"]
    assert "round (县委15届第3轮)" in first.links[1].reason
    assert [l.ref.key for l in second.links] == ["s5"]


def test_late_report_uses_report_within():
    refs = [_ref("f", "feedback", "县水务局", "2022-05-18", feedback="2022-05-18"),
            _ref("r", "rectification", "县水务局", "2022-08-16")]
    [insp] = link(refs)
    assert insp.timeline(report_within=60)["late"] is True
    assert insp.timeline(report_within=120)["late"] is False


def test_linking_is_near_linear():
    # 20,000 notices over 5,000 units: bucketing by unit keeps this far from all pairs.
    refs = []
    for u in range(5000):
        unit = f"县第{u}局"
        refs += [_ref(f"{u}s", "stationing", unit, "2022-03-07"),
                 _ref(f"{u}f", "feedback", unit, "2022-05-16", feedback="2022-05-16"),
                 _ref(f"{u}r", "rectification", unit, "2022-07-10"),
                 _ref(f"{u}p", "rectification", unit, "2022-12-10")]
    inspections = link(refs)
    assert len(inspections) == 5000
    assert all(len(i.links) == 4 for i in inspections)


def _linked() -> list[dict]:
    result = CliRunner().invoke(app, ["rounds", str(CORPUS), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_corpus_links_exactly_as_expected():
    got = {(i["unit_key"], i["round"]): [Path(n["path"]).name for n in i["notices"]] for i in _linked()}
    assert got == {
        ("县财政局", 3): ["r3_finance_1_stationing.txt", "r3_finance_2_feedback.txt", "r3_finance_3_report.txt",
                       "r3_digest.txt", "r3_finance_4_progress.txt"],
        ("县水务局", 3): ["r3_water_1_stationing.txt", "r3_water_2_feedback.txt", "r3_water_3_report.txt",
                       "r3_digest.txt", "r3_water_4_progress.txt"],
        ("县林业局", 5): ["r5_forest_1_stationing.txt", "r5_forest_2_feedback.txt", "r5_forest_3_report.txt",
                       "r5_forest_4_progress.txt"],
        ("县财政局", 5): ["r5_finance_1_stationing.txt", "r5_finance_2_feedback.txt", "r5_finance_3_report.txt",
                       "r5_finance_4_progress.txt"],
    }


def test_corpus_timelines_reasons_and_changes():
    by = {(i["unit_key"], i["round"]): i for i in _linked()}
    finance = by[("县财政局", 3)]
    assert finance["names"][:2] == ["中共青山县财政局党组", "县财政局党组"]
    assert (finance["stationed"], finance["feedback"]) == ("2022-03-07", "2022-05-16")
    assert [r["date"] for r in finance["reports"]] == ["2022-07-10", "2022-09-30", "2022-12-20"]
    assert (finance["days_to_report"], finance["late"]) == (55, False)
    assert finance["notices"][0]["reason"] == "stationing opens an inspection of 县财政局"
    assert all(n["reason"] for n in finance["notices"])
    assert [(c["title"], c["from"], c["to"]) for c in finance["changes"]] == [("预算执行进度偏慢", "in_progress", "completed")]
    water = by[("县水务局", 3)]
    assert (water["days_to_report"], water["late"]) == (90, True)
    assert [late for late in (by[k]["late"] for k in by)].count(True) == 1


def test_rounds_table_on_a_terminal():
    result = CliRunner().invoke(app, ["rounds", str(CORPUS)])
    assert result.exit_code == 0
    assert "4 inspection(s)" in result.stdout and "late" in result.stdout
