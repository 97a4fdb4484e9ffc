"""Worker pool: a worker that dies or hangs costs one error record, never the run.

Real `notice-parse` subprocesses: a worker is killed with SIGKILL mid-run, an input runs past
`--timeout`, and every input must still end as exactly one record. Timeouts here only catch
hangs; on a starved machine a run that ends before it can be disturbed is tried again.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_batch_safety import HANG, _sample_texts, _summary, cli, leftovers, reaped


def _children(pid: int) -> list[int]:
    """Live child processes of `pid` (from /proc)."""
    kids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != b"Z":
            kids.append(int(entry))
    return kids


def _group_gone(pgid: int, within: float = 10) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


N = 120


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("workers")
    texts = _sample_texts()
    for i in range(N):
        body = "\n".join(texts[(i + k) % len(texts)] for k in range(4))  # long enough to be caught mid-run
        (root / f"n{i:04d}.txt").write_text(body, encoding="utf-8")
    return root


def _start_run(corpus: Path, out: Path) -> subprocess.Popen:
    """`parse CORPUS --out OUT --jobs 2` in its own process group."""
    return subprocess.Popen([sys.executable, "-m", "notice_parse", "parse", str(corpus), "--out", str(out),
                             "--jobs", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)


def _wait_for_first_output(proc: subprocess.Popen, out: Path) -> bool:
    """True once the run has written a result and is still running (so it is mid-run)."""
    deadline = time.monotonic() + HANG
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and any(True for _ in out.glob("*.json")):
            return True
        time.sleep(0.01)
    return False


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="finds the workers through /proc (Linux)")
def test_a_killed_worker_costs_one_error_record_and_the_run_goes_on(tmp_path, corpus):
    for attempt in range(3):
        out = tmp_path / f"out{attempt}"
        proc = _start_run(corpus, out)
        with reaped(proc):
            killed = None
            if _wait_for_first_output(proc, out):
                kids = _children(proc.pid)
                if kids:
                    killed = kids[0]
                    os.kill(killed, signal.SIGKILL)
            _, err = proc.communicate(timeout=HANG)
        err = err.decode("utf-8", "replace")
        if killed is None:
            continue  # finished before a worker could be killed: try again
        records = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.glob("*.json"))]
        died = [r for r in records if (r.get("error") or {}).get("type") == "worker_died"]
        if not died:
            continue  # the worker was killed as the last inputs were handed out: nothing held
        assert "Traceback" not in err, err[-3000:]
        assert len(records) == N  # every input accounted for: one file each
        assert len(died) <= 2 and "SIGKILL" in died[0]["error"]["message"]
        assert proc.returncode == 1
        assert _summary(err) == (N - len(died), len(died))
        assert leftovers(out) == []
        assert _group_gone(proc.pid), "a worker outlived the run"
        return
    pytest.fail("three runs ended before a worker could be killed mid-input; enlarge the corpus")


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGTERM], ids=["sighup", "sigterm"])
def test_a_stop_signal_to_the_parent_alone_ends_the_run_and_its_workers(tmp_path, corpus, sig):
    # The terminal closing (SIGHUP) or `kill PID`: the parent stops its workers, reaps them
    # (no zombies, no orphans) and exits 130 with its summary.
    for attempt in range(3):
        out = tmp_path / f"out{attempt}"
        proc = _start_run(corpus, out)
        with reaped(proc):
            if not _wait_for_first_output(proc, out):
                proc.communicate(timeout=HANG)  # it finished before a result was written: try again
                continue
            os.kill(proc.pid, sig)
            _, err = proc.communicate(timeout=HANG)
        err = err.decode("utf-8", "replace")
        assert proc.returncode == 130, err[-2000:]
        assert "interrupted" in err and "Traceback" not in err, err[-2000:]
        assert _group_gone(proc.pid), "a worker outlived the run"
        assert leftovers(out) == []
        parsed, failed = _summary(err)
        assert failed == 0 and len(list(out.glob("*.json"))) == parsed
        return
    pytest.fail("three runs ended before they could be signalled")


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_input_past_the_timeout_becomes_an_error_record(tmp_path, jobs):
    text = _sample_texts()[0]
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(text, encoding="utf-8")
    # ~15 M characters: several seconds of work on any machine, far past a 1 s limit.
    (src / "b-slow.txt").write_text("\n".join([text] * 3400), encoding="utf-8")
    (src / "c.txt").write_text(text, encoding="utf-8")
    started = time.monotonic()
    r = cli("parse", str(src), "--timeout", "1", "--max-bytes", "60000000", "--jobs", str(jobs))
    elapsed = time.monotonic() - started
    recs = [json.loads(line) for line in r.stdout.splitlines()]
    assert [Path(x["source"]["path"]).name for x in recs] == ["a.txt", "b-slow.txt", "c.txt"]
    assert recs[1]["error"]["type"] == "timeout" and "--timeout" in recs[1]["error"]["message"]
    assert recs[0]["kind"] == recs[2]["kind"] == "rectification"
    assert r.returncode == 1 and _summary(r.stderr) == (2, 1)
    assert elapsed < HANG / 2


def test_stdin_is_read_with_jobs(tmp_path):
    data = (Path(__file__).resolve().parents[2] / "samples").glob("*.txt")
    text = next(iter(sorted(data))).read_bytes()
    for jobs in ("1", "2"):
        p = subprocess.run([sys.executable, "-m", "notice_parse", "parse", "-", "--jobs", jobs], input=text,
                           capture_output=True, timeout=HANG)
        recs = [json.loads(line) for line in p.stdout.decode("utf-8").splitlines()]
        assert p.returncode == 0, p.stderr
        assert len(recs) == 1 and recs[0]["source"]["path"] is None and recs[0]["source"]["chars"] > 1000
        assert recs[0]["kind"] == "rectification"


def test_stdin_among_files_with_jobs(tmp_path):
    sample = sorted((Path(__file__).resolve().parents[2] / "samples").glob("*.txt"))[0]
    p = subprocess.run([sys.executable, "-m", "notice_parse", "parse", str(sample), "-", str(sample), "--jobs", "2"],
                       input=sample.read_bytes(), capture_output=True, timeout=HANG)
    recs = [json.loads(line) for line in p.stdout.decode("utf-8").splitlines()]
    assert p.returncode == 0, p.stderr
    assert [r["source"]["path"] is None for r in recs] == [False, True, False]
    assert len({r["source"]["sha256"] for r in recs}) == 1  # the same bytes, read once each
