"""Every CLI behaviour, through Typer's runner and as real subprocesses."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, sample_paths
from notice_parse.app.cli import app

runner = CliRunner()


def _records(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


@pytest.fixture
def corpus(tmp_path) -> Path:
    """The samples in a folder tree: two at the top, the rest in a subfolder, plus noise."""
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    for i, p in enumerate(sample_paths()):
        shutil.copy(p, (root if i < 2 else root / "sub") / p.name)
    (root / "notes.md").write_text("not a notice")
    return root


def test_parse_folder_streams_json_lines_in_order(corpus):
    r = runner.invoke(app, ["parse", str(corpus)])
    assert r.exit_code == 0, r.stderr
    recs = _records(r.stdout)
    names = [Path(x["source"]["path"]).name for x in recs]
    assert names == sorted(names[:2]) + sorted(names[2:]) and len(names) == len(sample_paths())
    assert all(x["schema_version"] == "1" for x in recs)
    assert "parsed, 0 failed" in r.stderr


def test_pretty_indents():
    r = runner.invoke(app, ["parse", "--pretty", str(sample_paths()[0])])
    assert r.exit_code == 0 and r.stdout.startswith("{\n  ")
    assert json.loads(r.stdout)["kind"] == "rectification"


def test_glob_selects_files(corpus):
    r = runner.invoke(app, ["parse", str(corpus), "--glob", "*.md"])
    recs = _records(r.stdout)
    assert [Path(x["source"]["path"]).name for x in recs] == ["notes.md"]


def test_out_writes_one_file_per_input_mirroring_subfolders(corpus, tmp_path):
    out = tmp_path / "out"
    r = runner.invoke(app, ["parse", str(corpus), "--out", str(out)])
    assert r.exit_code == 0 and r.stdout == ""
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*.json"))
    expected = sorted(
        (("" if i < 2 else "sub/") + p.stem + ".json") for i, p in enumerate(sample_paths())
    )
    assert written == expected
    assert not [p for p in out.rglob("*") if p.name.startswith(".")], "temporary files left behind"


def test_skip_existing_resumes(corpus, tmp_path):
    out = tmp_path / "out"
    runner.invoke(app, ["parse", str(corpus), "--out", str(out)])
    first = next(out.rglob("*.json"))
    first.unlink()
    r = runner.invoke(app, ["parse", str(corpus), "--out", str(out), "--skip-existing"])
    assert r.exit_code == 0 and "1 parsed" in r.stderr and first.exists()


def test_jobs_keep_input_order(corpus):
    one = runner.invoke(app, ["parse", str(corpus)])
    two = runner.invoke(app, ["parse", str(corpus), "--jobs", "2"])
    assert two.exit_code == 0
    assert one.stdout == two.stdout


def test_unreadable_input_becomes_error_record_and_run_goes_on(tmp_path):
    good = sample_paths()[0]
    r = runner.invoke(app, ["parse", str(tmp_path / "missing.txt"), str(good)])
    assert r.exit_code == 1
    recs = _records(r.stdout)
    assert recs[0]["error"]["type"] == "FileNotFoundError"
    assert recs[0]["source"]["path"].endswith("missing.txt")
    assert recs[1]["kind"] == "rectification"
    assert "1 parsed, 1 failed" in r.stderr


def test_binary_input_is_an_error_record(tmp_path):
    png = tmp_path / "image.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    r = runner.invoke(app, ["parse", str(png)])
    assert r.exit_code == 1 and _records(r.stdout)[0]["error"]["type"] == "BinaryInput"


def test_fail_fast_stops_at_first_failure(tmp_path):
    r = runner.invoke(app, ["parse", "--fail-fast", str(tmp_path / "a.txt"), str(sample_paths()[0])])
    assert r.exit_code == 1 and len(_records(r.stdout)) == 1


@pytest.mark.parametrize("args", [
    ["parse"],
    ["parse", "x", "--format", "xml"],
    ["parse", "x", "--jobs", "0"],
    ["parse", "x", "--skip-existing"],
    ["parse", "x", "--no-such-option"],
    ["frobnicate"],
])
def test_usage_errors_exit_2(args):
    assert runner.invoke(app, args).exit_code == 2


def test_stdin_is_read_for_dash():
    text = sample_paths()[0].read_text(encoding="utf-8")
    r = runner.invoke(app, ["parse", "-"], input=text.encode("utf-8"))
    assert r.exit_code == 0
    rec = _records(r.stdout)[0]
    assert rec["source"]["path"] is None and rec["title"]


def test_text_prints_the_indexed_text(tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<html><body><p>巡察公告</p><script>x</script><p>联系电话:12388</p></body></html>", encoding="utf-8")
    r = runner.invoke(app, ["text", str(page)])
    assert r.exit_code == 0 and r.stdout == "巡察公告\n联系电话:12388\n"


def test_schema_is_json_schema_of_the_output():
    jsonschema = pytest.importorskip("jsonschema")
    r = runner.invoke(app, ["schema"])
    schema = json.loads(r.stdout)
    assert schema["$defs"]["Notice"]["properties"]["schema_version"]["const"] == "1"
    rec = _records(runner.invoke(app, ["parse", str(sample_paths()[2])]).stdout)[0]
    jsonschema.validate(rec, schema)


def test_check_passes_on_matching_folder_and_fails_on_a_difference(tmp_path):
    folder = tmp_path / "golden"
    folder.mkdir()
    shutil.copy(sample_paths()[0], folder)
    assert runner.invoke(app, ["check", str(folder), "--update"]).exit_code == 0
    assert runner.invoke(app, ["check", str(folder)]).exit_code == 0
    exp = next(folder.glob("*.expected.json"))
    data = json.loads(exp.read_text(encoding="utf-8"))
    data["title"] = "别的标题"
    exp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = runner.invoke(app, ["check", str(folder)])
    assert r.exit_code == 1 and "title" in r.stdout and "别的标题" in r.stdout


def _run(*args, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "notice_parse", *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=120, env=env, cwd=ROOT, **kw)


def test_real_subprocess_run_over_samples():
    p = _run("parse", "samples", "--jobs", "2")
    assert p.returncode == 0, p.stderr
    assert len(_records(p.stdout)) == len(sample_paths())
    assert p.stderr.startswith("notice-parse: ") and "failed" in p.stderr


def test_real_subprocess_exit_codes(tmp_path):
    assert _run("parse", str(tmp_path / "nope.txt")).returncode == 1
    assert _run("parse", "--bogus").returncode == 2


def test_help_is_fast_path_without_heavy_imports():
    code = ("import sys\nfrom notice_parse.app.cli import app\n"
            "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('jieba', 'pydantic', 'notice_parse.pipeline', 'regex') if m in sys.modules]\n"
            "sys.stderr.write(repr(heavy))\n")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert p.stderr.strip() == "[]"


def test_skip_existing_retries_inputs_that_failed(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    bad = src / "late.txt"
    bad.symlink_to(tmp_path / "not-there-yet.txt")  # dangling: fails on the first run
    out = tmp_path / "out"
    assert runner.invoke(app, ["parse", str(src), "--out", str(out)]).exit_code == 1
    assert "error" in json.loads((out / "late.json").read_text(encoding="utf-8"))
    shutil.copy(sample_paths()[0], tmp_path / "not-there-yet.txt")
    r = runner.invoke(app, ["parse", str(src), "--out", str(out), "--skip-existing"])
    assert r.exit_code == 0 and "1 parsed" in r.stderr
    assert json.loads((out / "late.json").read_text(encoding="utf-8"))["kind"] == "rectification"


def test_closed_output_pipe_stops_quietly(tmp_path):
    for i in range(30):
        shutil.copy(sample_paths()[i % len(sample_paths())], tmp_path / f"n{i:02d}.txt")
    p = subprocess.run(f"'{sys.executable}' -m notice_parse parse '{tmp_path}' | head -c 10",
                       shell=True, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert "Traceback" not in p.stderr and "BrokenPipe" not in p.stderr
    assert "output closed" in p.stderr


def test_progress_bar_shows_on_a_terminal_only(tmp_path):
    import pty

    for i in range(20):  # enough work for the bar to be drawn however fast the machine is
        shutil.copy(sample_paths()[i % len(sample_paths())], tmp_path / f"n{i}.txt")
    master, slave = pty.openpty()
    seen = b""
    try:
        p = subprocess.Popen([sys.executable, "-m", "notice_parse", "parse", str(tmp_path)], stdout=subprocess.DEVNULL,
                             stderr=slave, cwd=ROOT, env={**os.environ, "COLUMNS": "80"})
        os.close(slave)
        # Read while it runs: a terminal's buffer is small, and a full one would block the bar.
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        p.wait(timeout=120)
    finally:
        os.close(master)
    assert p.returncode == 0
    text = seen.decode("utf-8", "replace")
    assert "parsing" in text and "20 parsed" in text  # the bar, then the summary line
    piped = _run("parse", str(tmp_path))
    assert "parsing" not in piped.stderr and "20 parsed" in piped.stderr


def test_committed_schema_file_is_current():
    r = runner.invoke(app, ["schema"])
    assert json.loads((ROOT / "schema" / "notice.schema.json").read_text(encoding="utf-8")) == json.loads(r.stdout), \
        "schema/notice.schema.json is stale: notice-parse schema > schema/notice.schema.json"


_GC_AT_EXIT = ("import atexit, gc, sys\n"
               "atexit.register(lambda: sys.stderr.write(f'\\ngc {gc.isenabled()} {gc.get_freeze_count() > 0}\\n'))\n"
               "sys.argv = ['notice-parse', *sys.argv[1:]]\n"
               "from notice_parse.__main__ import main\nmain()\n")


@pytest.mark.parametrize("args,collecting", [(("parse", "SAMPLE"), True), (("parse", "SAMPLE", "--timeout", "0"), True),
                                             (("parse", "SAMPLE", "SAMPLE", "--jobs", "2"), True), (("schema",), True),
                                             (("--help",), False)])
def test_the_console_script_collects_again_once_started(args, collecting):
    """The console script pauses the garbage collector while it loads (app/startup.py): every
    command resumes it, with what was loaded frozen (a parse once its parser is loaded); a run
    that ends still paused (`--help`) freezes it at exit."""
    args = [str(sample_paths()[0]) if a == "SAMPLE" else a for a in args]
    p = subprocess.run([sys.executable, "-c", _GC_AT_EXIT, *args], capture_output=True, text=True,
                       encoding="utf-8", timeout=120, cwd=ROOT)
    assert p.returncode == 0, p.stderr
    assert p.stderr.splitlines()[-1] == f"gc {collecting} True"


def test_the_library_and_the_runner_leave_the_collector_alone():
    """Only the console script pauses the collector: `resume` does nothing otherwise, and a
    collector its caller disabled stays disabled."""
    import gc

    from notice_parse.app import startup

    frozen = gc.get_freeze_count()
    assert runner.invoke(app, ["parse", str(sample_paths()[0])]).exit_code == 0
    assert gc.isenabled() and gc.get_freeze_count() == frozen
    gc.disable()
    try:
        startup.pause()
        startup.resume()
        assert not gc.isenabled() and gc.get_freeze_count() == frozen
    finally:
        gc.enable()


def test_command_annotations_are_objects_not_strings():
    """typer reads the commands' annotations at every start: they are evaluated once, at import
    (cli.py has no `from __future__ import annotations`), not parsed from strings each time."""
    import inspect

    from notice_parse.app import cli

    commands = [c.callback for c in app.registered_commands] + [app.registered_callback.callback]
    assert len(commands) >= 8
    for fn in commands:
        for name, param in inspect.signature(fn).parameters.items():
            assert not isinstance(param.annotation, str), f"{fn.__name__}({name}: {param.annotation!r})"
    assert cli.parse in commands
