"""`notice-parse db`: the corpus as SQLite, consistent after any run, re-run or interrupt."""
from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from notice_parse.app.cli import app
from notice_parse.app.database import connect, search_issues

CORPUS = Path(__file__).parent.parent / "data" / "rounds"
SAMPLES = Path(__file__).parents[2] / "samples"


def _db(args: list[str]) -> None:
    result = CliRunner().invoke(app, ["db", *args])
    assert result.exit_code == 0, result.output


def _consistent(path: Path) -> None:
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    # Every issue has its full-text row and no full-text row outlives its issue.
    assert conn.execute("SELECT count(*) FROM issues").fetchone() == conn.execute(
        "SELECT count(*) FROM issues_fts").fetchone()
    conn.close()


def _count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_tables_keys_and_rounds(tmp_path):
    db = tmp_path / "n.db"
    _db([str(CORPUS), str(SAMPLES), "--to", str(db)])
    _consistent(db)
    assert _count(db, "notices") == 17 + len(list(SAMPLES.glob("*.txt")) + list(SAMPLES.glob("*.htm*")))
    conn = sqlite3.connect(db)
    kinds = dict(conn.execute("SELECT kind, count(*) FROM notices WHERE path LIKE '%rounds%' GROUP BY kind"))
    assert kinds == {"stationing": 4, "feedback": 4, "rectification": 8, "digest": 1}
    assert conn.execute("SELECT count(*) FROM rounds WHERE unit_key IN ('县财政局','县水务局','县林业局')").fetchone()[0] == 4
    assert conn.execute("SELECT count(*) FROM rounds WHERE late = 1 AND unit_key = '县水务局'").fetchone()[0] == 1
    # every issue's measures are rows of `measures`
    assert conn.execute("SELECT count(*) FROM measures").fetchone()[0] > 0
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"notices_kind", "notices_round", "targets_unit", "notices_feedback"} <= indexes


def test_full_text_search_finds_issues_with_their_notice(tmp_path):
    db = tmp_path / "n.db"
    _db([str(CORPUS), "--to", str(db)])
    conn = connect(str(db))
    hits = search_issues(conn, "采购管理")
    assert {Path(h["path"]).name for h in hits} == {"r5_finance_3_report.txt", "r5_finance_4_progress.txt"}
    assert {h["title"] for h in hits} == {"政府采购管理不规范"}
    # measures are indexed too, and a two-character word falls back to a scan
    assert {Path(h["path"]).name for h in search_issues(conn, "巡河台账")} == {"r3_water_3_report.txt", "r3_water_4_progress.txt"}
    assert {h["title"] for h in search_issues(conn, "林地")} == {"林地管护责任落实不严"}
    assert search_issues(conn, "不存在的问题词") == []


def test_rerun_adds_new_replaces_changed_never_duplicates(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(CORPUS, folder)
    db = tmp_path / "n.db"
    _db([str(folder), "--to", str(db)])
    before = _count(db, "notices"), _count(db, "issues")
    result = CliRunner().invoke(app, ["db", str(folder), "--to", str(db)])
    assert "0 added, 0 replaced, 17 unchanged" in result.output
    assert (_count(db, "notices"), _count(db, "issues")) == before
    # grown: a new notice; changed: one report loses a problem
    shutil.copy(SAMPLES / sorted(p.name for p in SAMPLES.glob("*.txt"))[0], folder / "new.txt")
    report = folder / "r3_finance_3_report.txt"
    text = report.read_text(encoding="utf-8")
    report.write_text(text[:text.index("二、")] + text[text.index("中共青山县财政局党组\n2022"):], encoding="utf-8")
    result = CliRunner().invoke(app, ["db", str(folder), "--to", str(db)])
    assert "1 added, 1 replaced, 16 unchanged" in result.output
    assert _count(db, "notices") == before[0] + 1
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM issues i JOIN notices n ON n.id = i.notice_id WHERE n.path = ?",
                        (str(report),)).fetchone()[0] == 1
    _consistent(db)


def test_failures_are_error_rows(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    shutil.copy(CORPUS / "r3_digest.txt", folder)
    db = tmp_path / "n.db"
    result = CliRunner().invoke(app, ["db", str(folder), "--to", str(db)])
    assert result.exit_code == 1
    assert _count(db, "errors") == 1 and _count(db, "notices") == 1
    _consistent(db)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_at_random_points_leaves_a_consistent_database(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    files = sorted(CORPUS.glob("*.txt"))
    total = 2000  # a few seconds of parsing: the first interrupts land mid-run
    for i in range(total):
        shutil.copy(files[i % len(files)], folder / f"{i:04d}_{files[i % len(files)].name}")
    db = tmp_path / "n.db"
    exe = [sys.executable, "-m", "notice_parse", "db", str(folder), "--to", str(db)]
    rng = random.Random(7)
    interrupted = 0
    for attempt in range(4):
        before = _count(db, "notices") if db.exists() else 0
        proc = subprocess.Popen(exe, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        # Signal once the run is under way (a batch committed, so it is past start-up, where a
        # signal would only end an interpreter that has not touched the database), at a random
        # point after that.
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                if db.exists() and _count(db, "notices") > before:
                    break
            except sqlite3.OperationalError:  # the schema is still being created
                pass
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 0.6))
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=120)
        assert proc.returncode in (0, 130), err
        interrupted += proc.returncode == 130
        _consistent(db)
    assert interrupted, "no run was interrupted: the corpus parsed faster than the first signal"
    final = subprocess.run(exe, capture_output=True, timeout=300)
    assert final.returncode == 0, final.stderr
    _consistent(db)
    assert _count(db, "notices") == total
    assert _count(db, "rounds") > 0


def test_sigkill_mid_run_leaves_a_consistent_database(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    files = sorted(CORPUS.glob("*.txt"))
    for i in range(1000):
        shutil.copy(files[i % len(files)], folder / f"{i:04d}.txt")
    db = tmp_path / "n.db"
    exe = [sys.executable, "-m", "notice_parse", "db", str(folder), "--to", str(db)]
    proc = subprocess.Popen(exe, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    proc.kill()
    proc.wait(timeout=60)
    if db.exists():
        _consistent(db)
    assert subprocess.run(exe, capture_output=True, timeout=300).returncode == 0
    _consistent(db)
    assert _count(db, "notices") == 1000
