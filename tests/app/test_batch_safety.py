"""Batch safety: `--out` never writes outside its folder, never leaves half a file, and a run cut
short (Ctrl-C, SIGTERM) says what it did and resumes with `--skip-existing`.

The interruption tests drive a real `notice-parse` subprocess over a generated corpus and
signal it mid-run; subprocess timeouts only catch hangs.
"""
from __future__ import annotations

import json
import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from notice_parse.app import batch
from notice_parse.app.batch import Input, output_path, write_atomic

ROOT = Path(__file__).resolve().parents[2]
HANG = 120  # seconds: only a hang gets near it


def _sample_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt"))]
    return texts or ["关于巡察整改情况的通报\n根据县委统一部署,县委第一巡察组对县某局党组进行了巡察。\n中共某县某局党组\n2023年8月31日\n"]


def cli(*args: str, cwd: Path | None = None, timeout: float = HANG) -> subprocess.CompletedProcess:
    proc = subprocess.Popen([sys.executable, "-m", "notice_parse", *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"notice-parse {' '.join(args)} hung")
    return subprocess.CompletedProcess(proc.args, proc.returncode, out.decode(), err.decode())


def tree(root: Path) -> set[str]:
    """Every path under `root` (files, folders, links), relative."""
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@contextlib.contextmanager
def reaped(proc: subprocess.Popen):
    """Run the body with `proc` (started in its own session); whatever happens, the run and any
    worker it left are killed and reaped afterwards, so no test leaves a process behind."""
    try:
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()


def leftovers(out: Path) -> list[str]:
    """Temporary or hidden files a write may leave behind."""
    return sorted(str(p) for p in out.rglob("*") if p.name.startswith(".") or p.name.endswith(".tmp"))


# ---------------------------------------------------------------------------------------------
# Confinement
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("rel", ["../x.txt", "../../etc/passwd", "/etc/passwd", "a/../../b.txt", "..", "/",
                                 "./../.././c.html", "sub/../../../d.txt"])
def test_output_path_stays_inside(tmp_path, rel):
    out = tmp_path / "out"
    target = output_path(out, Input("whatever", rel))
    real_out = os.path.realpath(out)
    assert os.path.commonpath([os.path.realpath(target), real_out]) == real_out
    assert target.suffix == ".json"


def test_output_path_refuses_symlinks_leading_out(tmp_path):
    out, outside = tmp_path / "out", tmp_path / "outside"
    out.mkdir()
    outside.mkdir()
    (out / "sub").symlink_to(outside, target_is_directory=True)
    with pytest.raises(ValueError, match="outside"):
        output_path(out, Input("in/sub/a.txt", "sub/a.txt"))
    (out / "b.json").symlink_to(outside / "b.json")  # a file link planted where a result goes
    with pytest.raises(ValueError, match="outside"):
        output_path(out, Input("in/b.txt", "b.txt"))


def test_cli_relative_and_absolute_inputs_write_only_inside_out(tmp_path):
    text = _sample_texts()[0]
    work = tmp_path / "work"
    (work / "in").mkdir(parents=True)
    (tmp_path / "up.txt").write_text(text, encoding="utf-8")          # named as ../up.txt
    (work / "in" / "abs.txt").write_text(text, encoding="utf-8")      # named by absolute path
    before = tree(tmp_path)
    r = cli("parse", "../up.txt", str(work / "in" / "abs.txt"), "--out", "out", cwd=work)
    assert r.returncode == 0, r.stderr
    created = tree(tmp_path) - before
    assert created == {"work/out", "work/out/up.json", "work/out/abs.json"}, created


def test_cli_symlink_in_out_leading_outside_fails_that_input_only(tmp_path):
    text = _sample_texts()[0]
    src, out, outside = tmp_path / "in", tmp_path / "out", tmp_path / "outside"
    (src / "sub").mkdir(parents=True)
    for name in ("a.txt", "sub/b.txt", "z.txt"):
        (src / name).write_text(text, encoding="utf-8")
    outside.mkdir()
    out.mkdir()
    (out / "sub").symlink_to(outside, target_is_directory=True)
    r = cli("parse", str(src), "--out", str(out))
    assert "Traceback" not in r.stderr, r.stderr
    assert list(outside.iterdir()) == []  # nothing written through the link
    assert (out / "a.json").is_file() and (out / "z.json").is_file()  # the rest of the batch is intact
    assert r.returncode == 1 and "2 parsed, 1 failed" in r.stderr, r.stderr
    assert "outside" in r.stderr


def test_cli_a_page_and_its_text_twin_are_both_written(tmp_path):
    # a.txt and a.html would both map to a.json: both keep their extension instead.
    texts = _sample_texts()
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(texts[0], encoding="utf-8")
    (src / "a.html").write_text(f"<html><body><p>{texts[-1]}</p></body></html>", encoding="utf-8")
    (src / "b.txt").write_text(texts[0], encoding="utf-8")
    r = cli("parse", str(src), "--out", str(out))
    assert r.returncode == 0 and "3 parsed, 0 failed" in r.stderr, r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["a.html.json", "a.txt.json", "b.json"]
    for name in ("a.html", "a.txt"):
        kept = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
        assert kept["source"]["path"].endswith(name)
    # A resumed run finds both (the twin is not mistaken for missing, nor for the other).
    r = cli("parse", str(src), "--out", str(out), "--skip-existing")
    assert r.returncode == 0 and "0 parsed, 0 failed, 3 skipped" in r.stderr, r.stderr


# ---------------------------------------------------------------------------------------------
# Atomic writes
# ---------------------------------------------------------------------------------------------

def test_write_atomic_replaces_whole(tmp_path):
    target = tmp_path / "o" / "x.json"
    write_atomic(target, '{"a": 1}')
    write_atomic(target, '{"a": 2}')
    assert target.read_text(encoding="utf-8") == '{"a": 2}\n'
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("fail_in", ["write", "replace"])
@pytest.mark.parametrize("exc", [OSError("disk full"), KeyboardInterrupt()])
def test_write_atomic_failure_keeps_old_file_and_no_temp(tmp_path, monkeypatch, fail_in, exc):
    target = tmp_path / "x.json"
    write_atomic(target, '{"old": true}')
    if fail_in == "replace":
        monkeypatch.setattr(batch.os, "replace", lambda *a: (_ for _ in ()).throw(exc))
        text = '{"new": true}'
    else:  # the write fails (or is interrupted) after half of the text went out
        real_write = os.write

        def write(fd, data):
            real_write(fd, data[: len(data) // 2])
            raise exc
        monkeypatch.setattr(batch.os, "write", write)
        text = '{"new": true, "padding": "' + "x" * 10_000 + '"}'
    with pytest.raises(type(exc)):
        write_atomic(target, text)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == '{"old": true}\n'
    assert leftovers(tmp_path) == []
    assert batch._temp_files == set()


# ---------------------------------------------------------------------------------------------
# Interrupted runs and resuming
# ---------------------------------------------------------------------------------------------

N_CORPUS = 600


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    texts = _sample_texts()
    for i in range(N_CORPUS):
        sub = root / f"d{i % 3}"
        sub.mkdir(exist_ok=True)
        # Each file holds four notices (~20,000 characters): the run must last long enough to be
        # interrupted even when two workers take both cores and the test itself gets little.
        body = "\n".join(texts[(i + k) % len(texts)] for k in range(4))
        (sub / f"n{i:04d}.txt").write_text(body, encoding="utf-8")
    return root


def _summary(stderr: str) -> tuple[int, int]:
    import re

    m = re.search(r"(\d+) parsed, (\d+) failed", stderr)
    assert m, stderr[-2000:]
    return int(m.group(1)), int(m.group(2))


@pytest.mark.parametrize("sig,group,jobs", [
    (signal.SIGINT, True, 2),    # Ctrl-C in a terminal: the whole foreground group gets SIGINT
    (signal.SIGINT, False, 1),
    (signal.SIGTERM, False, 1),  # kill PID
    (signal.SIGTERM, True, 2),   # a service manager stopping the group
], ids=["ctrl-c-jobs2", "sigint-jobs1", "sigterm-jobs1", "sigterm-group-jobs2"])
def test_interrupted_run_leaves_whole_files_and_resumes(tmp_path, corpus, sig, group, jobs):
    # On a starved machine the run may end before this test gets to interrupt it: try again
    # (a fresh output folder each time), up to three runs; one must be interrupted.
    for attempt in range(3):
        out = tmp_path / f"out{attempt}"
        proc = subprocess.Popen([sys.executable, "-m", "notice_parse", "parse", str(corpus), "--out", str(out),
                                 "--jobs", str(jobs)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)
        with reaped(proc):
            deadline = time.monotonic() + HANG
            while time.monotonic() < deadline and proc.poll() is None:
                if out.exists() and any(True for _ in out.rglob("*.json")):
                    break
                time.sleep(0.01)
            if proc.poll() is not None:
                proc.communicate()
                continue  # finished first: try again
            (os.killpg if group else os.kill)(proc.pid, sig)
            _, err = proc.communicate(timeout=HANG)
            break
    else:
        pytest.fail("three runs ended before they could be interrupted; enlarge the corpus")
    err = err.decode("utf-8", "replace")
    assert proc.returncode == 130, err[-2000:]
    assert "Traceback" not in err, err[-3000:]
    assert "interrupted" in err
    parsed, failed = _summary(err)
    # No temporary or partial files: every output is whole JSON, and there are as many as reported.
    assert leftovers(out) == []
    done = sorted(out.rglob("*.json"))
    for p in done:
        rec = json.loads(p.read_text(encoding="utf-8"))
        assert Path(rec["source"]["path"]).stem == p.stem
    assert len(done) == parsed + failed
    assert 0 < len(done) < N_CORPUS
    # No worker outlives the run (they may take a moment to go on a loaded machine).
    deadline = time.monotonic() + 10
    while True:
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        assert time.monotonic() < deadline, "a worker outlived the run"
        time.sleep(0.05)

    stamps = {p: p.stat().st_mtime_ns for p in done}
    r = cli("parse", str(corpus), "--out", str(out), "--skip-existing", "--jobs", str(jobs))
    assert r.returncode == 0, r.stderr[-2000:]
    assert _summary(r.stderr) == (N_CORPUS - len(done), 0)  # only what was missing
    assert sum(1 for _ in out.rglob("*.json")) == N_CORPUS
    assert all(p.stat().st_mtime_ns == t for p, t in stamps.items())  # earlier results untouched
    assert leftovers(out) == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_two_inputs_sharing_an_output_file_fail_the_second_only(tmp_path, jobs):
    # Two files of the same name named from two folders: even with its extension kept, the
    # second has nowhere to go. It fails alone (and is not "skipped" by a resumed run).
    one, two, out = tmp_path / "one", tmp_path / "two", tmp_path / "out"
    one.mkdir()
    two.mkdir()
    text = _sample_texts()[0]
    (one / "a.txt").write_text(text, encoding="utf-8")
    (two / "a.txt").write_text(text, encoding="utf-8")
    (one / "b.txt").write_text(text, encoding="utf-8")
    args = ("parse", str(one / "a.txt"), str(two / "a.txt"), str(one / "b.txt"), "--out", str(out), "--jobs", str(jobs))
    r = cli(*args)
    assert r.returncode == 1, r.stderr[-2000:]
    assert "two/a.txt: result not written: another input of this run was already written to" in r.stderr
    assert _summary(r.stderr) == (2, 1)
    assert sorted(p.name for p in out.iterdir()) == ["a.txt.json", "b.json"]
    assert json.loads((out / "a.txt.json").read_text(encoding="utf-8"))["source"]["path"].startswith(str(one))
    assert leftovers(out) == []
    r = cli(*args, "--skip-existing")
    assert r.returncode == 1 and "0 parsed, 1 failed, 2 skipped" in r.stderr, r.stderr
