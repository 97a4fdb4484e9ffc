"""The options several commands share are one definition each (`app/options.py`): same flags,
metavar, help and bounds wherever they appear; defaults stay each command's own."""
from __future__ import annotations

import io
import os
import signal

import pytest
import typer
from typer.testing import CliRunner

from notice_parse.app import batch
from notice_parse.app.cli import app

runner = CliRunner()
COMMANDS = typer.main.get_command(app).commands
SHARED = {
    "files_from": ("parse", "stats"),
    "null": ("parse", "stats"),
    "glob": ("parse", "stats", "db", "rounds"),
    "jobs": ("parse", "stats", "db", "rounds"),
    "timeout": ("parse", "stats", "db", "rounds"),
    "max_bytes": ("parse", "text", "show", "stats", "db", "rounds"),
    "report_within": ("db", "rounds"),
}


def _option(command: str, name: str):
    [param] = [p for p in COMMANDS[command].params if p.name == name]
    return param


@pytest.mark.parametrize("name", sorted(SHARED))
def test_a_shared_option_reads_the_same_in_every_command(name):
    seen = {(tuple(p.opts), tuple(p.secondary_opts), p.metavar, p.help, p.min, p.max, p.is_flag, p.multiple)
            for p in (_option(c, name) for c in SHARED[name])}
    assert len(seen) == 1, seen


@pytest.mark.parametrize("command", ["parse", "stats", "db", "rounds"])
def test_help_shows_the_shared_texts(command):
    r = runner.invoke(app, [command, "--help"])
    assert r.exit_code == 0
    shown = " ".join(r.output.split())  # as wrapped for any width
    assert "-j, --jobs N Parse in N worker processes (output keeps input order)." in shown
    assert "--timeout SECONDS An input that takes longer becomes an error record (0: no limit)." in shown
    assert "--max-bytes BYTES Cut inputs longer than this (warning `truncated`)." in shown


def test_defaults_stay_each_commands_own():
    assert _option("parse", "glob").default == ["*.txt", "*.html", "*.htm", "*.shtml", "*.xhtml"]
    assert _option("stats", "glob").default == _option("parse", "glob").default
    assert _option("db", "glob").default == _option("rounds", "glob").default == ["*.txt", "*.html", "*.htm"]
    assert {_option(c, "jobs").default for c in SHARED["jobs"]} == {1}
    assert {_option(c, "timeout").default for c in SHARED["timeout"]} == {120.0}


@pytest.mark.parametrize("args", [["stats", "--jobs", "0", "x"], ["db", "--to", "t.db", "--timeout", "-1", "x"],
                                  ["rounds", "--max-bytes", "0", "x"], ["db", "--to", "t.db", "--report-within", "0", "x"]])
def test_bounds_are_checked_in_every_command(args):
    assert runner.invoke(app, args).exit_code == 2


def test_sink_for_picks_the_output(tmp_path):
    stream = io.StringIO()
    assert isinstance(batch.sink_for(None, stream=stream), batch.StreamSink)
    assert isinstance(batch.sink_for(tmp_path / "o"), batch.DirSink)
    assert isinstance(batch.sink_for(tmp_path / "t", csv=True), batch.CsvSink)
    assert batch.sink_for(None, pretty=True, stream=stream).as_ == batch.AS_PRETTY


def test_stop_signals_turn_sigterm_into_an_interrupt_and_restore_the_handlers():
    before = {s: signal.getsignal(s) for s in batch.STOP_SIGNALS}
    with pytest.raises(KeyboardInterrupt):
        with batch.stop_signals():
            os.kill(os.getpid(), signal.SIGTERM)  # the handler runs at the next bytecode
            pytest.fail("SIGTERM did not stop the work")
    assert {s: signal.getsignal(s) for s in batch.STOP_SIGNALS} == before


def test_a_stream_sink_whose_reader_left_stops_the_run():
    class Gone(io.StringIO):
        def write(self, text):
            raise BrokenPipeError

    tally = batch.run([batch.Input("x.txt", "x.txt", ("NoInputs", "none"))], batch.StreamSink(Gone()),
                      max_bytes=1000)
    assert tally.closed and tally.parsed == 0 and "output closed" in tally.line()
