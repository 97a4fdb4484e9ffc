"""The `notice-parse` command line: a thin layer over the library, one function per command.

Heavy modules (the parser, pydantic models, rich tables) are imported inside commands so that
`notice-parse --help` starts fast. No `from __future__ import annotations` here: typer reads
every command's annotations at each start, and string annotations it must evaluate one by one
(`typing.get_type_hints`: a compile and an eval each, ~4 % of `--help`).
"""

import sys
import time
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer
import typer.core

from . import startup
from .options import (CROSS_NOTICE_GLOBS, DEFAULT_GLOBS, DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, FilesFrom, Globs, Jobs,
                      MaxBytes, Null, ReportWithin, Timeout)

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn Chinese party-inspection notices (巡视/巡察 整改通报, 进驻公告, 反馈情况) into structured JSON.",
    context_settings={"help_option_names": ["-h", "--help"]},
    # Plain help text: rich-formatted help imports rich's markdown renderer, which alone costs
    # more than the 0.3 s `--help` may take. (rich still draws the progress bar and `show`.)
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

# Typer prints an argument's Python type after its metavar (`PATH <list[str]>`): a metavar says it.
_display_type = getattr(typer.core.TyperArgument, "display_type_rich", None)
if _display_type is not None:
    typer.core.TyperArgument.display_type_rich = lambda self, ctx: None if self.metavar else _display_type(self, ctx)

def _err(message: str) -> None:
    sys.stderr.write(message + "\n")


EXAMPLES = """Examples:

\b
  notice-parse parse notices/ > out.jsonl
  notice-parse parse notices/ --out parsed/ --jobs 2
  notice-parse parse notices/ --out parsed/ --skip-existing      (resume)
  notice-parse parse notices/ --format csv --out tables/
  find . -name '*.txt' -print0 | notice-parse parse --files-from - -0
  notice-parse parse - < notice.txt

\b
Exit status: 0 every input parsed, 1 some input failed (each failure is an error record),
2 usage error, 130 interrupted (Ctrl-C, SIGTERM, SIGHUP)."""


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            sys.stdout.write(f"notice-parse {version('notice-parse')}\n")
        except PackageNotFoundError:
            sys.stdout.write("notice-parse (not installed)\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", "-V", is_eager=True, callback=_version,
                                 help="Print the version and exit."),
) -> None:
    """Turn Chinese party-inspection notices (巡视/巡察 整改通报, 进驻公告, 反馈情况) into structured JSON."""
    if ctx.invoked_subcommand != "parse":  # `parse` resumes once its parser is loaded
        startup.resume()


class Format(str, Enum):
    jsonl = "jsonl"
    csv = "csv"


@app.command(epilog=EXAMPLES)
def parse(
    paths: List[str] = typer.Argument(None, metavar="PATH", help="Files or folders (searched recursively); `-` reads standard input."),
    files_from: FilesFrom = None,
    null: Null = False,
    glob: Globs = list(DEFAULT_GLOBS),
    pretty: bool = typer.Option(False, "--pretty", help="Indent the JSON."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", metavar="DIR", help="Write <stem>.json per input into DIR, mirroring subfolders."),
    fmt: Format = typer.Option(Format.jsonl, "--format", "-f", case_sensitive=False, help="jsonl, or csv: three tables in --out (notices, issues, contacts)."),
    jobs: Jobs = 1,
    timeout: Timeout = DEFAULT_TIMEOUT,
    fail_fast: bool = typer.Option(False, "--fail-fast", help="Stop at the first input that fails."),
    skip_existing: bool = typer.Option(False, "--skip-existing", help="With --out: skip inputs already parsed there (resume a run; failures are retried)."),
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    keywords: bool = typer.Option(False, "--keywords", help="Add up to 5 keywords per issue (loads jieba)."),
) -> None:
    """Parse notices to JSON Lines on stdout (or JSON files with --out)."""
    from . import batch

    items = _inputs(batch, paths, files_from, null, glob, out)
    if fmt == Format.csv:
        if out is None:
            raise typer.BadParameter("--format csv writes three tables and needs --out DIR", param_hint="--format")
        if skip_existing:
            raise typer.BadParameter("CSV tables are written whole each run; --skip-existing works with JSON files only",
                                     param_hint="--skip-existing")
    if skip_existing and out is None:
        raise typer.BadParameter("--skip-existing needs --out", param_hint="--skip-existing")
    sink = batch.sink_for(out, csv=fmt == Format.csv, pretty=pretty, skip_existing=skip_existing)
    if getattr(sink, "stale_removed", 0):
        _err(f"notice-parse: removed {sink.stale_removed} temporary file(s) left in {out} by a run that was killed")
    progress: list = []

    def on_plan(total: int) -> None:
        bar = _progress(total)
        if bar:
            progress.append(bar)

    def on_result(result, problem) -> None:
        if problem:
            _err(f"notice-parse: {batch.printable_path(result.input.path)}: result not written: {problem}")
        if progress:
            progress[0].advance()

    try:
        tally = batch.run(items, sink, jobs=jobs, max_bytes=max_bytes, keywords=keywords, timeout=timeout,
                          fail_fast=fail_fast, on_result=on_result, on_plan=on_plan)
    finally:
        if progress:
            progress[0].stop()
    _err(tally.line())
    raise typer.Exit(tally.exit_code())


def _inputs(batch, paths, files_from, null, glob, out) -> list:
    """The inputs of `parse`/`stats`: paths named, listed (--files-from) and found in folders."""
    paths = list(paths or [])
    if null and not files_from:
        raise typer.BadParameter("-0 describes the --files-from list", param_hint="--null")
    if files_from:
        if files_from == "-" and "-" in paths:
            raise typer.BadParameter("standard input cannot be both a list of paths and a notice",
                                     param_hint="--files-from")
        try:
            paths += batch.read_file_list(files_from, null)
        except OSError as exc:
            raise typer.BadParameter(str(exc), param_hint="--files-from")
    if not paths:
        raise typer.BadParameter("name files or folders (or --files-from FILE)", param_hint="PATH...")
    if out is not None and out.exists() and not out.is_dir():
        raise typer.BadParameter(f"{out} exists and is not a folder", param_hint="--out")
    return list(batch.iter_inputs(paths, glob, exclude=[str(out)] if out is not None else []))


class _Progress:
    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self._p = Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                           TimeRemainingColumn(), console=Console(stderr=True), transient=True)
        self._task = self._p.add_task("parsing", total=total)
        self._p.start()

    def advance(self) -> None:
        self._p.advance(self._task)

    def stop(self) -> None:
        self._p.stop()


def _progress(total: int) -> Optional[_Progress]:
    if total > 1 and sys.stderr.isatty():
        return _Progress(total)
    return None


@app.command()
def text(
    file: str = typer.Argument(..., metavar="FILE", help="A notice file (or `-`)."),
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
) -> None:
    """Print the decoded text that spans index (for a web page: the extracted text)."""
    from ..pipeline import prepared_text

    try:
        sys.stdout.write(prepared_text(file, max_bytes=max_bytes))
    except (OSError, ValueError) as exc:
        _err(f"notice-parse: {file}: {exc}")
        raise typer.Exit(1)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the output."""
    import json

    from ..models import json_schema

    sys.stdout.write(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n")


@app.command()
def check(
    folder: Path = typer.Argument(..., exists=True, file_okay=False, metavar="FOLDER", help="Folder of <stem>.txt|html beside <stem>.expected.json."),
    update: bool = typer.Option(False, "--update", help="Rewrite the expected files with the current output instead."),
) -> None:
    """Compare each sample's output with its <stem>.expected.json; exit 1 on any difference."""
    from rich.console import Console
    from rich.table import Table

    from .golden import compare_folder

    console = Console()
    report = compare_folder(folder, update=update)
    if update:
        console.print(f"updated {report.checked} expected file(s) in {folder}")
        raise typer.Exit(0)
    if report.missing:
        for stem in report.missing:
            console.print(f"[yellow]no input beside {stem}.expected.json[/]")
    if report.differences:
        table = Table(title=f"{len(report.differences)} differing field(s)")
        for col in ("sample", "field", "expected", "got"):
            table.add_column(col, overflow="fold")
        for d in report.differences:
            table.add_row(d.sample, d.field, d.expected, d.got)
        console.print(table)
    console.print(f"checked {report.checked} sample(s): {len(report.differing_samples)} differ")
    raise typer.Exit(1 if report.differences or report.missing or not report.checked else 0)


@app.command()
def show(
    file: str = typer.Argument(..., metavar="FILE", help="A notice file (or `-`), or a notice .json that `parse` wrote."),
    highlight: bool = typer.Option(False, "--highlight", help="Also print the notice text with each extracted span marked."),
    keywords: bool = typer.Option(False, "--keywords", help="Add issue keywords (loads jieba)."),
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
) -> None:
    """Show one notice as a terminal view: facts, issue tree, totals checked, contacts, warnings."""
    import json

    from rich.console import Console

    from . import views
    from ..pipeline import parse_file, prepared_text

    console = Console()
    if highlight and file == "-":
        raise typer.BadParameter("needs a file: standard input cannot be read twice", param_hint="--highlight")
    try:
        if file.endswith(".json"):
            with open(file, encoding="utf-8") as fh:
                notice = json.load(fh)
            text_path = (notice.get("source") or {}).get("path")
        else:
            notice = parse_file(file, max_bytes=max_bytes, keywords=keywords).to_json_dict()
            text_path = file
        notice = views.terminal_safe(notice)
        views.render(notice, console)
        if highlight:
            if not text_path:
                raise ValueError("--highlight needs the notice text, and this JSON names no source path")
            console.print(views.legend())
            text = views.terminal_safe(prepared_text(text_path, max_bytes=max_bytes))
            console.print(views.highlighted(text, notice))
    except (OSError, ValueError) as exc:
        _err(f"notice-parse: {file}: {exc}")
        raise typer.Exit(1)


@app.command()
def stats(
    paths: List[str] = typer.Argument(None, metavar="PATH", help="Files or folders (searched recursively)."),
    files_from: FilesFrom = None,
    null: Null = False,
    glob: Globs = list(DEFAULT_GLOBS),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON (for scripts)."),
    keywords: bool = typer.Option(False, "--keywords", help="Also count issue keywords (loads jieba)."),
    top: int = typer.Option(10, "--top", min=1, metavar="N", help="How many categories (and 2x keywords) to list."),
    jobs: Jobs = 1,
    timeout: Timeout = DEFAULT_TIMEOUT,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
) -> None:
    """Summarise a corpus: kinds, authorities, timing medians, problem totals, categories, warnings.

    Exit status 1 when any input failed (or none parsed), 130 when interrupted."""
    import json

    from . import batch
    from .stats import CorpusStats, render

    summary = CorpusStats(keywords=keywords)
    items = _inputs(batch, paths, files_from, null, glob, None)
    sink = batch.RecordSink(summary.add)
    progress = _progress(len(items))
    try:
        tally = batch.run(items, sink, jobs=jobs, max_bytes=max_bytes, keywords=keywords, timeout=timeout,
                          on_result=(lambda r, p: progress.advance()) if progress else None)
    finally:
        if progress:
            progress.stop()
    if tally.interrupted:
        _err(tally.line())
        raise typer.Exit(130)
    result = summary.result(top=top)
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        from rich.console import Console

        render(result, Console())
    raise typer.Exit(1 if summary.notices == 0 or tally.failed else 0)


@app.command()
def db(
    paths: List[str] = typer.Argument(..., help="Notice files or folders (searched recursively), or .jsonl/.json outputs of `parse`."),
    to: Path = typer.Option(..., "--to", help="The SQLite database to create or bring up to date."),
    glob: Globs = list(CROSS_NOTICE_GLOBS),
    jobs: Jobs = 1,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    timeout: Timeout = DEFAULT_TIMEOUT,
    report_within: ReportWithin = 60,
) -> None:
    """Write notices into a SQLite database (tables notices, targets, totals, issues, measures,
    contacts, warnings, errors, rounds; full-text index issues_fts). Re-running adds new files,
    replaces changed ones (by content hash) and never duplicates."""
    from .corpus import iter_records
    from .database import connect, store, stored_hashes, write_rounds

    from .batch import stop_signals

    if str(to) in paths:
        raise typer.BadParameter("the database cannot also be an input", param_hint="--to")
    started = time.perf_counter()
    conn = None
    counts: dict = {}
    try:
        with stop_signals():  # SIGTERM (`timeout`, `kill`) and SIGHUP roll the batch in flight back like Ctrl-C
            conn = connect(str(to))
            records = iter_records(paths, globs=glob, jobs=jobs, max_bytes=max_bytes,
                                   skip=stored_hashes(conn), counts=counts, timeout=timeout)
            stored = store(conn, records)
            inspections = write_rounds(conn, report_within=report_within)
    except KeyboardInterrupt:
        _err("notice-parse: interrupted: the database keeps every batch written before the interrupt")
        raise typer.Exit(130)
    finally:
        if conn is not None:
            conn.close()
    _err(f"notice-parse: {stored.added} added, {stored.replaced} replaced, {counts.get('unchanged', 0)} unchanged, "
         f"{stored.failed} failed, {inspections} inspections linked, {time.perf_counter() - started:.2f} s")
    raise typer.Exit(1 if stored.failed else 0)


@app.command()
def rounds(
    paths: List[str] = typer.Argument(..., help="Notice files or folders, .jsonl/.json outputs of `parse`, or a database of `db`."),
    as_json: bool = typer.Option(False, "--json", help="Print the inspections as JSON (for scripts)."),
    report_within: ReportWithin = 60,
    glob: Globs = list(CROSS_NOTICE_GLOBS),
    jobs: Jobs = 1,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    timeout: Timeout = DEFAULT_TIMEOUT,
) -> None:
    """Link the notices of one inspection of one unit (stationing, feedback, reports) and show
    each inspection's timeline, the days between, late reports and problems whose status changed."""
    import json

    from .corpus import iter_records
    from .rounds import NoticeRef, link

    refs = [NoticeRef.from_record(path, record)
            for path, record in iter_records(paths, globs=glob, jobs=jobs, max_bytes=max_bytes, timeout=timeout)
            if "error" not in record]
    result = [insp.to_dict(report_within) for insp in link(refs)]
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        from rich.console import Console

        from .views import render_rounds

        render_rounds(result, Console())
    raise typer.Exit(0 if refs else 1)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
