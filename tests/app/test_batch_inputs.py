"""Every input accounted for, any file name, output that stays valid and whole.

Invented hostile folders: names that are not UTF-8, upper-case extensions, hidden folders,
empty and script-only pages, folders that cannot be listed, inputs past --max-bytes, CSV cells
a spreadsheet would run, and runs cut short.
"""
from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, sample_paths
from notice_parse.app import batch
from notice_parse.app.batch import iter_inputs
from notice_parse.app.cli import app

runner = CliRunner()
TEXT = sample_paths()[0].read_text(encoding="utf-8")
GBK_NAME = "巡察通报".encode("gbk") + b".txt"  # a name saved on a Chinese Windows system


def _run(*args, stdin: bytes | None = None, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "notice_parse", *args], input=stdin, capture_output=True,
                          timeout=120, cwd=cwd)


def _records(stdout: bytes) -> list[dict]:
    return [json.loads(line) for line in stdout.decode("utf-8").splitlines() if line.strip()]


@pytest.fixture
def gbk_folder(tmp_path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(TEXT, encoding="utf-8")
    with open(os.path.join(os.fsencode(src), GBK_NAME), "wb") as fh:
        fh.write(TEXT.encode("gb18030"))
    return src


# ---------------------------------------------------------------------------------------------
# File names that are not UTF-8
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_non_utf8_name_gives_valid_utf8_json_and_keeps_its_bytes(gbk_folder, jobs):
    p = _run("parse", str(gbk_folder), "--jobs", jobs)
    assert p.returncode == 0, p.stderr
    p.stdout.decode("utf-8")  # strict: the whole stream is valid UTF-8
    recs = {Path(r["source"]["path"]).name: r for r in _records(p.stdout)}
    shown = GBK_NAME.decode("utf-8", "replace")  # each byte that is not UTF-8 shows as U+FFFD
    assert set(recs) == {"a.txt", shown}
    odd = recs[shown]
    assert base64.b64decode(odd["source"]["path_bytes"]) == os.path.join(os.fsencode(gbk_folder), GBK_NAME)
    assert odd["kind"] == "rectification"
    assert "path_bytes" not in recs["a.txt"]["source"]  # only where the name needs it


def test_a_non_utf8_name_with_out_writes_the_same_name(gbk_folder, tmp_path):
    out = tmp_path / "out"
    p = _run("parse", str(gbk_folder), "--out", str(out), "--jobs", "2")
    assert p.returncode == 0 and b"Traceback" not in p.stderr, p.stderr
    assert sorted(os.listdir(os.fsencode(out))) == sorted([b"a.json", GBK_NAME[:-4] + b".json"])
    rec = json.loads(open(os.path.join(os.fsencode(out), GBK_NAME[:-4] + b".json"), "rb").read().decode("utf-8"))
    assert base64.b64decode(rec["source"]["path_bytes"]).endswith(GBK_NAME)


def test_a_non_utf8_name_in_csv_tables(gbk_folder, tmp_path):
    out = tmp_path / "tables"
    p = _run("parse", str(gbk_folder), "--format", "csv", "--out", str(out))
    assert p.returncode == 0 and b"Traceback" not in p.stderr, p.stderr
    rows = list(csv.DictReader(io.StringIO((out / "notices.csv").read_bytes().decode("utf-8-sig"))))
    assert len(rows) == 2
    odd = [r for r in rows if r["path_bytes"]]
    assert len(odd) == 1 and base64.b64decode(odd[0]["path_bytes"]).endswith(GBK_NAME)
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


def test_a_non_utf8_name_that_fails_is_a_valid_error_record(tmp_path):
    missing = os.fsdecode(os.path.join(os.fsencode(tmp_path), GBK_NAME))
    p = _run("parse", missing)
    (rec,) = _records(p.stdout)
    assert p.returncode == 1 and rec["error"]["type"] == "FileNotFoundError"
    assert base64.b64decode(rec["source"]["path_bytes"]).endswith(GBK_NAME)


# ---------------------------------------------------------------------------------------------
# Every input accounted for
# ---------------------------------------------------------------------------------------------

def test_upper_case_and_shtml_extensions_are_found_hidden_folders_are_not(tmp_path):
    for name in ("A.TXT", "b.HTML", "c.Htm", "d.shtml", "e.txt", ".hidden.txt", ".venv/f.txt", "sub/.git/g.txt",
                 "notes.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(TEXT, encoding="utf-8")
    found = [i.rel for i in iter_inputs([str(tmp_path)])]
    assert found == ["A.TXT", "b.HTML", "c.Htm", "d.shtml", "e.txt"]
    # Named explicitly, a hidden file is parsed like any other.
    assert [i.rel for i in iter_inputs([str(tmp_path / ".hidden.txt")])] == [".hidden.txt"]


def test_a_named_folder_without_inputs_is_an_error_record(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "readme.md").write_text("x")
    r = runner.invoke(app, ["parse", str(tmp_path / "empty")])
    assert r.exit_code == 1
    (rec,) = [json.loads(line) for line in r.stdout.splitlines()]
    assert rec["error"]["type"] == "NoInputs" and rec["source"]["path"] == str(tmp_path / "empty")
    assert "0 parsed, 1 failed" in r.stderr


def test_a_folder_that_cannot_be_listed_is_an_error_record(tmp_path, monkeypatch):
    # (Root can list any folder, so the refusal is simulated where os.walk asks for it.)
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "open.txt").write_text(TEXT, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)
    monkeypatch.setattr(os, "scandir", scandir)
    r = runner.invoke(app, ["parse", str(tmp_path)])
    recs = [json.loads(line) for line in r.stdout.splitlines()]
    assert [Path(x["source"]["path"]).name for x in recs] == ["open.txt", "locked"]
    assert recs[1]["error"]["type"] == "PermissionError" and "cannot be listed" in recs[1]["error"]["message"]
    assert r.exit_code == 1 and "1 parsed, 1 failed" in r.stderr
    # Named itself, the same folder gives the same record.
    (rec,) = [json.loads(line) for line in runner.invoke(app, ["parse", str(tmp_path / "locked")]).stdout.splitlines()]
    assert rec["error"]["type"] == "PermissionError"


@pytest.mark.parametrize("name,data", [
    ("empty.txt", b""),
    ("blank.txt", b"  \r\n\n\t \n"),
    ("script.html", b"<html><head><script>var a = 1;</script><style>p{}</style></head><body> </body></html>"),
])
def test_an_input_without_text_is_parsed_with_an_empty_warning(tmp_path, name, data):
    (tmp_path / name).write_bytes(data)
    r = runner.invoke(app, ["parse", str(tmp_path / name)])
    (rec,) = [json.loads(line) for line in r.stdout.splitlines()]
    assert [w["code"] for w in rec["warnings"]] == ["empty"]
    assert r.exit_code == 0 and "1 parsed, 0 failed, 1 empty (no text)" in r.stderr


def test_a_notice_is_not_empty():
    r = runner.invoke(app, ["parse", str(sample_paths()[0])])
    assert "empty" not in r.stdout and "empty" not in r.stderr


def test_hostile_folder_one_record_per_input_bounded_time(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "ok.txt").write_text(TEXT, encoding="utf-8")
    os.mkfifo(src / "fifo.txt")  # skipped in a walk (reading could block); named, it is an error record
    (src / "loop.txt").symlink_to("loop.txt")
    (src / "dangling.txt").symlink_to("nowhere.txt")
    (src / "long-line.txt").write_text("甲" * 1_700_000, encoding="utf-8")  # a 5 MB line
    (src / "bomb.html").write_text("<html><body>" + "&amp;" * 200_000 + "<p>巡察</p></body></html>", encoding="utf-8")
    (src / "blank.txt").write_text("\n \n", encoding="utf-8")
    with open(os.path.join(os.fsencode(src), GBK_NAME), "wb") as fh:
        fh.write(TEXT.encode("gb18030"))
    p = _run("parse", str(src), "--out", str(out), "--jobs", "2")
    assert b"Traceback" not in p.stderr, p.stderr
    assert p.returncode == 1
    written = os.listdir(os.fsencode(out))
    assert len(written) == 7 and not [n for n in written if n.startswith(b".") or n.endswith(b".tmp")]
    errors = sorted(json.loads(open(os.path.join(os.fsencode(out), n), "rb").read()).get("error", {}).get("type", "")
                    for n in written)
    assert errors == ["", "", "", "", "", "FileNotFoundError", "OSError"]
    assert b"5 parsed, 2 failed, 1 empty (no text)" in p.stderr


# ---------------------------------------------------------------------------------------------
# Listing inputs: --files-from, -0
# ---------------------------------------------------------------------------------------------

def test_files_from_a_list_and_nul_separated(tmp_path, gbk_folder):
    odd = os.path.join(os.fsencode(gbk_folder), GBK_NAME)
    plain = os.fsencode(gbk_folder / "a.txt")
    (tmp_path / "list.txt").write_bytes(plain + b"\n\n" + odd + b"\n")
    p = _run("parse", "--files-from", str(tmp_path / "list.txt"))
    assert p.returncode == 0, p.stderr
    assert [r["kind"] for r in _records(p.stdout)] == ["rectification"] * 2
    p = _run("parse", "--files-from", "-", "-0", stdin=odd + b"\0" + plain + b"\0")
    recs = _records(p.stdout)
    assert p.returncode == 0 and len(recs) == 2 and "path_bytes" in recs[0]["source"]


def test_files_from_needs_a_readable_list():
    assert runner.invoke(app, ["parse", "--files-from", "/nonexistent/list"]).exit_code == 2
    assert runner.invoke(app, ["parse", "x.txt", "-0"]).exit_code == 2


# ---------------------------------------------------------------------------------------------
# --out, --skip-existing, temporary files
# ---------------------------------------------------------------------------------------------

def test_out_naming_a_file_is_a_usage_error(tmp_path):
    (tmp_path / "f").write_text("x")
    r = runner.invoke(app, ["parse", str(sample_paths()[0]), "--out", str(tmp_path / "f")])
    assert r.exit_code == 2 and "not a folder" in r.output


def test_out_inside_the_input_folder_is_not_read_back(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(TEXT, encoding="utf-8")
    for _ in range(2):  # --glob '*' would take the outputs as inputs on the second run
        r = runner.invoke(app, ["parse", str(src), "--glob", "*", "--out", str(src / "out")])
        assert r.exit_code == 0 and "1 parsed, 0 failed" in r.stderr, r.stderr
    assert sorted(p.name for p in (src / "out").iterdir()) == ["a.json"]


def test_stale_temporary_files_of_killed_runs_are_removed(tmp_path):
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    dead = 2 ** 22 + 12345  # above the default pid_max: no process has it
    stale = [out / f".a.json.{dead}.0abc1234.tmp", out / "sub" / f".b.json.{dead}.1.tmp",
             out / f".notices.csv.{dead}.k2_x9.tmp"]
    live = out / f".c.json.{os.getppid()}.0abc1234.tmp"  # a run still going: left alone
    for p in stale + [live]:
        p.write_text("{")
    r = runner.invoke(app, ["parse", str(sample_paths()[0]), "--out", str(out)])
    assert r.exit_code == 0 and "removed 3 temporary file(s)" in r.stderr
    assert not any(p.exists() for p in stale) and live.exists()


def test_fail_fast_leaves_no_temporary_files(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for i in range(30):
        (src / f"n{i:02d}.txt").write_text(TEXT, encoding="utf-8")
    (src / "n05.txt").unlink()
    (src / "n05.txt").symlink_to("missing")
    p = _run("parse", str(src), "--out", str(out), "--jobs", "2", "--fail-fast")
    assert p.returncode == 1
    assert [n for n in os.listdir(out) if n.startswith(".")] == []


def test_sha256_of_an_input_over_max_bytes_is_the_whole_file(tmp_path):
    data = (TEXT * 20).encode("utf-8")
    (tmp_path / "big.txt").write_bytes(data)
    r = runner.invoke(app, ["parse", str(tmp_path / "big.txt"), "--max-bytes", "5000"])
    (rec,) = [json.loads(line) for line in r.stdout.splitlines()]
    assert [w["code"] for w in rec["warnings"]][:1] == ["truncated"]
    assert rec["source"]["sha256"] == hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------------------------------------
# CSV: whole tables only, no formulas
# ---------------------------------------------------------------------------------------------

def test_an_interrupted_csv_run_leaves_the_previous_tables(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for i in range(5):
        (src / f"n{i}.txt").write_text(TEXT, encoding="utf-8")
    assert runner.invoke(app, ["parse", str(src), "--format", "csv", "--out", str(out)]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (src / "n9.txt").write_text(TEXT, encoding="utf-8")

    def stop(result, problem):
        raise KeyboardInterrupt
    tally = batch.run(list(iter_inputs([str(src)])), batch.CsvSink(out), max_bytes=10**6, on_result=stop)
    assert tally.interrupted and tally.exit_code() == 130
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no partial table, no temp file


def test_csv_refuses_skip_existing():
    r = runner.invoke(app, ["parse", "x", "--format", "csv", "--out", "o", "--skip-existing"])
    assert r.exit_code == 2 and "--skip-existing" in r.output


def test_csv_cells_that_would_run_as_formulas_are_neutralised(tmp_path):
    page = tmp_path / "=cmd.txt"
    page.write_text("=HYPERLINK(\"http://x\")\n关于巡察整改情况的通报\n" + TEXT, encoding="utf-8")
    r = runner.invoke(app, ["parse", str(page), "--format", "csv", "--out", str(tmp_path / "t")])
    assert r.exit_code == 0
    for table in ("notices", "issues", "contacts"):
        for row in csv.reader(io.StringIO((tmp_path / "t" / f"{table}.csv").read_text(encoding="utf-8-sig"))):
            assert not [c for c in row if c[:1] in ("=", "+", "-", "@")], (table, row)


# ---------------------------------------------------------------------------------------------
# CLI conventions
# ---------------------------------------------------------------------------------------------

def test_version_and_help():
    r = runner.invoke(app, ["--version"])
    assert r.exit_code == 0 and r.stdout.startswith("notice-parse ")
    h = runner.invoke(app, ["parse", "--help"]).stdout
    assert "<list" not in h and "<str>" not in h and "<int" not in h
    assert "jsonl|csv" in h and "Examples:" in h and "--files-from" in h and "--timeout" in h
    for command in ("text", "show", "stats", "check", "schema"):
        h = runner.invoke(app, [command, "--help"]).stdout
        assert "<list" not in h and "<str>" not in h and "<int" not in h and "<path>" not in h, (command, h)


def test_py_typed_is_shipped():
    assert (ROOT / "src" / "notice_parse" / "py.typed").is_file()


def test_stats_exits_1_when_an_input_failed(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    assert runner.invoke(app, ["stats", str(tmp_path / "a.txt")]).exit_code == 0
    r = runner.invoke(app, ["stats", str(tmp_path / "a.txt"), str(tmp_path / "missing.txt"), "--json"])
    assert r.exit_code == 1 and json.loads(r.stdout)["errors"] == 1


def test_schema_requires_fields_and_describes_error_records():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(runner.invoke(app, ["schema"]).stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    validator = jsonschema.Draft202012Validator(schema)
    assert not validator.is_valid({})
    ok = json.loads(runner.invoke(app, ["parse", str(sample_paths()[0])]).stdout)
    validator.validate(ok)
    err = json.loads(runner.invoke(app, ["parse", "/nonexistent.txt"]).stdout)
    validator.validate(err)
    assert not validator.is_valid({**err, "kind": "unknown"})  # one or the other, never a mix
    odd = batch.error_record(os.fsdecode(b"/x/\xb1\xa8.txt"), OSError("gone"))
    validator.validate(odd)


def test_show_does_not_pass_escape_sequences_to_the_terminal(tmp_path):
    page = tmp_path / "n.txt"
    page.write_text("关于巡察整改情况的通报\x1b]0;owned\x07\x1b[2J\n" + TEXT, encoding="utf-8")
    for args in (["show", str(page)], ["show", str(page), "--highlight"]):
        r = runner.invoke(app, args)
        assert r.exit_code == 0, r.output
        assert "\x1b]0;" not in r.output and "\x1b[2J" not in r.output and "\x07" not in r.output
    saved = tmp_path / "n.json"
    saved.write_text(json.dumps({"title": "x\x1b[31mred", "source": {"path": None}}), encoding="utf-8")
    r = runner.invoke(app, ["show", str(saved)])
    assert "\x1b[31m" not in r.output


def test_keyword_cache_is_private(tmp_path, monkeypatch):
    from notice_parse.keywords.extract import private_cache_dir

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = private_cache_dir()
    assert folder == str(tmp_path / "cache" / "notice-parse")
    assert os.stat(folder).st_mode & 0o077 == 0
    os.chmod(folder, 0o777)  # writable by others: not used
    other = private_cache_dir()
    assert other != folder and os.stat(other).st_mode & 0o077 == 0
