"""CSV tables: three files joined by notice_id, BOM-encoded, streamed and written atomically."""
from __future__ import annotations

import csv
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from notice_parse.app.cli import app
from notice_parse.app.tables import CsvTables

runner = CliRunner()


def _date(text, day):
    return {"text": text, "earliest": day, "latest": day, "precision": "day", "span": [0, 1]}


def notice(sha="ab" * 32, path="a.txt", issues=None, contacts=None) -> dict:
    return {
        "schema_version": "1",
        "source": {"path": path, "sha256": sha, "encoding": "utf-8", "chars": 100},
        "kind": "rectification", "title": "中共某局党组关于巡察整改情况的通报", "issuer": "中共某局党组",
        "issued_on": _date("2024年9月10日", "2024-09-10"), "published_at": None, "source_site": None,
        "inspection": {"mode": "巡察", "authority": "县委", "term": 15, "round": 6, "types": ["常规", "回头看"],
                       "topic": None, "groups": ["县委第一巡察组", "县委第二巡察组"], "group_count": None,
                       "targets": ["某局党组"],
                       "window": {"start": _date("2024年3月1日", "2024-03-01"), "end": _date("4月30日", "2024-04-30")},
                       "feedback": _date("2024年6月5日", "2024-06-05"), "petition_deadline": None, "duration": None},
        "summary": {"problems": {"value": 2, "text": "2个问题", "span": [5, 9]},
                    "measures": {"value": 3, "text": "制定措施3条", "span": [10, 16]}},
        "issues": issues if issues is not None else [
            {"id": "1", "parent": None, "label": "1.", "category": "党建方面", "title": "“四风”问题，依然存在",
             "unit": None, "measures": ["一是严格落实，中央八项规定精神", "二是规范\n公务接待"], "status": "completed",
             "long_term": True, "progress_text": "已整改完成", "span": [20, 60]},
            {"id": "1.1", "parent": "1", "label": "(1)", "category": "党建方面", "title": "公务接待超标",
             "unit": None, "measures": ["清退费用"], "status": None, "long_term": False, "progress_text": None,
             "span": [40, 60], "keywords": ["公务接待"]},
        ],
        "contacts": contacts if contacts is not None else [
            {"kind": "phone", "value": "0554-1234567", "label": "联系电话", "group": None, "span": [70, 82]}],
        "warnings": [{"code": "count_mismatch", "message": "m", "span": None},
                     {"code": "numbering_gap", "message": "n", "span": None}],
        "spans": {},
    }


def read(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM"
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_three_tables_joined_by_notice_id(tmp_path):
    with CsvTables(tmp_path / "out") as t:
        nid = t.add(notice())
        t.add({"source": {"path": "missing.txt", "sha256": None, "encoding": None, "chars": 0},
               "error": {"type": "FileNotFoundError", "message": "no such file"}})
    notices = read(tmp_path / "out" / "notices.csv")
    issues = read(tmp_path / "out" / "issues.csv")
    contacts = read(tmp_path / "out" / "contacts.csv")
    assert nid == "n" + "ab" * 8
    assert [n["notice_id"] for n in notices] == [nid, notices[1]["notice_id"]]
    n = notices[0]
    assert n["inspection_authority"] == "县委" and n["inspection_term"] == "15"
    assert n["inspection_groups"] == "县委第一巡察组 | 县委第二巡察组"
    assert n["window_start_earliest"] == "2024-03-01" and n["window_end_text"] == "4月30日"
    assert n["feedback_latest"] == "2024-06-05" and n["issued_on_text"] == "2024年9月10日"
    assert n["summary_problems"] == "2" and n["summary_measures"] == "3" and n["summary_rules"] == ""
    assert (n["issue_count"], n["top_level_issue_count"], n["measure_count"]) == ("2", "1", "3")
    assert n["warning_codes"] == "count_mismatch | numbering_gap" and n["error_type"] == ""
    err = notices[1]
    assert err["notice_id"].startswith("err-") and err["error_type"] == "FileNotFoundError"
    assert err["path"] == "missing.txt" and err["kind"] == ""
    assert [(i["notice_id"], i["issue_key"], i["parent_key"]) for i in issues] == [
        (nid, f"{nid}/1", ""), (nid, f"{nid}/1.1", f"{nid}/1")]
    assert issues[0]["title"] == "“四风”问题，依然存在"  # commas and quotes survive quoting
    assert issues[0]["measures"] == "一是严格落实，中央八项规定精神 | 二是规范\n公务接待"
    assert issues[0]["measure_count"] == "2" and issues[0]["long_term"] == "true"
    assert issues[0]["span_start"] == "20" and issues[0]["keywords"] == ""
    assert issues[1]["keywords"] == "公务接待" and issues[1]["status"] == ""
    assert contacts == [{"notice_id": nid, "kind": "phone", "value": "0554-1234567", "label": "联系电话",
                         "group": "", "span_start": "70", "span_end": "82"}]


def test_same_content_twice_gets_distinct_ids(tmp_path):
    with CsvTables(tmp_path) as t:
        ids = [t.add(notice(path=p)) for p in ("a.txt", "copy/a.txt", "b.txt")]
    assert ids == ["n" + "ab" * 8, "n" + "ab" * 8 + "~2", "n" + "ab" * 8 + "~3"]
    assert len({r["notice_id"] for r in read(tmp_path / "notices.csv")}) == 3


def test_atomic_tables_appear_only_on_close(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notices.csv").write_text("old", encoding="utf-8")
    t = CsvTables(out)
    t.add(notice())
    assert (out / "notices.csv").read_text(encoding="utf-8") == "old"
    assert not (out / "issues.csv").exists()
    t.close()
    assert len(read(out / "notices.csv")) == 1
    assert sorted(p.name for p in out.iterdir()) == ["contacts.csv", "issues.csv", "notices.csv"]
    with pytest.raises(ValueError):
        t.add(notice())


def test_abort_on_exception_leaves_no_temp_files(tmp_path):
    with pytest.raises(RuntimeError):
        with CsvTables(tmp_path) as t:
            t.add(notice())
            raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


def test_rows_are_streamed_not_held(tmp_path):
    t = CsvTables(tmp_path)
    t.add(notice())
    for fh in t._files.values():  # white-box: what was added is in the file, not in a buffer list
        fh.flush()
    tmp_notices = Path(t._tmp["notices"])
    assert "中共某局党组" in tmp_notices.read_text(encoding="utf-8-sig")
    t.close()


SYNTHETIC = textwrap.dedent("""\
    中共某某县某某局党组关于县委巡察整改进展情况的通报
    2024年3月1日至4月30日，县委第一巡察组对某某局党组进行了常规巡察。
    一、聚焦全面从严治党方面
    1.“四风”问题依然存在。
    整改情况：一是严格落实中央八项规定精神。二是规范公务接待。已整改完成。
    联系电话：0554-1234567
    中共某某县某某局党组
    2024年9月10日
    """)


def test_cli_parse_format_csv(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(SYNTHETIC, encoding="utf-8")
    (src / "b.txt").write_text(SYNTHETIC.replace("某某局", "另一局"), encoding="gb18030")
    out = tmp_path / "out"
    result = runner.invoke(app, ["parse", str(src), str(tmp_path / "nope.txt"), "--format", "csv", "--out", str(out)])
    assert result.exit_code == 1  # one input failed, and is recorded
    notices = read(out / "notices.csv")
    assert [Path(n["path"]).name for n in notices] == ["a.txt", "b.txt", "nope.txt"]
    assert notices[0]["issuer"] == "中共某某县某某局党组" and notices[1]["issuer"] == "中共某某县另一局党组"
    assert notices[1]["encoding"] and notices[0]["notice_id"] == "n" + notices[0]["sha256"][:16]
    assert notices[2]["error_type"] and not notices[2]["kind"]
    ids = {n["notice_id"] for n in notices}
    assert all(i["notice_id"] in ids for i in read(out / "issues.csv"))
    assert all(c["notice_id"] in ids for c in read(out / "contacts.csv"))
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_cli_csv_needs_out():
    result = runner.invoke(app, ["parse", "x.txt", "--format", "csv"])
    assert result.exit_code == 2


def _numeric(value: str) -> bool:
    try:
        float(value)
        return True
    except ValueError:
        return False


def test_keys_stay_text_for_pandas(tmp_path):
    # pandas infers numbers: an all-digit or `12e4…` hash, or ids 1.1/1.10, would be mangled.
    issues = [{"id": i, "parent": p, "title": "t", "measures": []} for i, p in
              (("1", None), ("1.1", "1"), ("1.10", "1"))]
    with CsvTables(tmp_path) as t:
        t.add(notice(sha="1234567890123456" + "0" * 48, issues=issues))
        t.add(notice(sha="12e4567890123456" + "0" * 48, issues=[]))
    keys = [r["notice_id"] for r in read(tmp_path / "notices.csv")]
    keys += [r[k] for r in read(tmp_path / "issues.csv") for k in ("issue_key", "parent_key") if r[k]]
    assert len(keys) == 2 + 3 + 2 and not any(_numeric(k) for k in keys)
    assert len({r["issue_key"] for r in read(tmp_path / "issues.csv")}) == 3
