"""The `notice-parse` command line: a thin layer over the library, one function per command.

Heavy modules (the parser, pydantic models, rich tables) are imported inside commands so that
`notice-parse --help` starts fast.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import List, Optional

import typer

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

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # mirrors read.DEFAULT_MAX_BYTES without importing it


def _err(message: str) -> None:
    sys.stderr.write(message + "\n")


@app.command()
def parse(
    paths: List[str] = typer.Argument(..., help="Files or folders (searched recursively); `-` reads standard input."),
    glob: List[str] = typer.Option(["*.txt", "*.html", "*.htm"], "--glob", "-g", help="File patterns to take from folders (repeatable)."),
    pretty: bool = typer.Option(False, "--pretty", help="Indent the JSON."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write <stem>.json per input into this folder, mirroring subfolders."),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl (default) or csv (three tables in --out: notices, issues, contacts)."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Parse in N worker processes (output keeps input order)."),
    fail_fast: bool = typer.Option(False, "--fail-fast", help="Stop at the first input that fails."),
    skip_existing: bool = typer.Option(False, "--skip-existing", help="With --out: skip inputs whose output file exists (resume a run)."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1, help="Cut inputs longer than this (warning `truncated`)."),
    keywords: bool = typer.Option(False, "--keywords", help="Add up to 5 keywords per issue (loads jieba)."),
) -> None:
    """Parse notices to JSON Lines on stdout (or JSON files with --out)."""
    from . import batch

    if fmt not in ("jsonl", "csv"):
        raise typer.BadParameter("use jsonl or csv", param_hint="--format")
    if fmt == "csv" and out is None:
        raise typer.BadParameter("--format csv writes three tables and needs --out DIR", param_hint="--format")
    if skip_existing and out is None:
        raise typer.BadParameter("--skip-existing needs --out", param_hint="--skip-existing")

    items = list(batch.iter_inputs(paths, glob))
    if out is not None and skip_existing and fmt == "jsonl":
        items = [i for i in items if not _already_parsed(batch, out, i)]
    started = time.perf_counter()
    parsed = failed = 0
    csv_writer = None
    if fmt == "csv":
        from .tables import CsvTables

        csv_writer = CsvTables(out)
    progress = _progress(len(items))
    interrupted = closed = False
    # Where each input's result goes with --out: workers write it to a temporary file beside its
    # target, and this process renames it into place once the result is counted. A target
    # outside --out (through a link), or one an earlier input of this run takes, fails that
    # input only; the batch goes on.
    targets: dict = {}
    unwritable: dict = {}
    temps: dict = {}
    if out is not None and csv_writer is None:
        import os
        import secrets

        taken: set = set()
        token = f"{os.getpid()}.{secrets.token_hex(4)}"
        for item in items:
            try:
                target = batch.output_path(out, item)
            except ValueError as exc:
                unwritable[item] = str(exc)
                continue
            if target in taken:
                unwritable[item] = f"another input of this run was already written to {target}"
                continue
            taken.add(target)
            targets[item] = target
            temps[item] = batch.temp_name(target, token)
        batch.register_temp_files(temps.values())

    import signal

    # Ctrl-C and SIGTERM stop the run, but never between writing a result and counting it:
    # inside that critical step the signal is held and acted on right after it.
    hold = {"on": False, "pending": False}

    def _on_signal(signum, frame):
        if hold["on"]:
            hold["pending"] = True
            return
        raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, _on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        as_ = batch.AS_DICT if csv_writer is not None else batch.AS_PRETTY if pretty else batch.AS_JSON
        for result in batch.parse_all(items, jobs=jobs, max_bytes=max_bytes, keywords=keywords, as_=as_,
                                      temps=temps):
            hold["on"] = True
            ok = result.ok
            if csv_writer is not None:
                csv_writer.add(result.record)
            elif out is not None:
                problem = unwritable.get(result.input) or result.write_error
                if not problem:
                    try:
                        batch.commit_temp(temps[result.input], targets[result.input])
                    except OSError as exc:
                        problem = str(exc)
                if problem:
                    ok = False
                    _err(f"notice-parse: {result.input.path}: result not written: {problem}")
            else:
                try:
                    sys.stdout.write(result.text + "\n")
                except BrokenPipeError:
                    # The reader went away (`notice-parse parse DIR | head`): stop quietly.
                    closed = True
                    break
            if ok:
                parsed += 1
            else:
                failed += 1
            hold["on"] = False
            if hold["pending"]:
                raise KeyboardInterrupt
            if progress:
                progress.advance()
            if failed and fail_fast:
                break
    except KeyboardInterrupt:
        interrupted = True
        batch.cleanup_temp_files()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if progress:
            progress.stop()
        if csv_writer is not None:
            csv_writer.close()
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            closed = True
        if closed:  # keep Python's own flush at exit from failing on the closed pipe
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    seconds = time.perf_counter() - started
    state = "interrupted: " if interrupted else "output closed: " if closed else ""
    _err(f"notice-parse: {state}{parsed} parsed, {failed} failed, {seconds:.2f} s")
    if interrupted:
        raise typer.Exit(130)
    raise typer.Exit(1 if failed else 0)


def _already_parsed(batch, out: Path, item) -> bool:
    """True when `--out` holds this input's notice; an error record there is retried."""
    try:
        target = batch.output_path(out, item)
        with open(target, "rb") as fh:
            return b'"schema_version"' in fh.read(64)
    except (OSError, ValueError):  # missing, unreadable, or a target outside --out
        return False


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
    file: str = typer.Argument(..., help="A notice file (or `-`)."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1),
) -> None:
    """Print the decoded text that spans index (for a web page: the extracted text)."""
    from .pipeline import prepared_text

    try:
        sys.stdout.write(prepared_text(file, max_bytes=max_bytes))
    except (OSError, ValueError) as exc:
        _err(f"notice-parse: {file}: {exc}")
        raise typer.Exit(1)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the output."""
    import json

    from .models import json_schema

    sys.stdout.write(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n")


@app.command()
def check(
    folder: Path = typer.Argument(..., exists=True, file_okay=False, help="Folder of <stem>.txt|html beside <stem>.expected.json."),
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
    file: str = typer.Argument(..., help="A notice file (or `-`), or a notice .json that `parse` wrote."),
    highlight: bool = typer.Option(False, "--highlight", help="Also print the notice text with each extracted span marked."),
    keywords: bool = typer.Option(False, "--keywords", help="Add issue keywords (loads jieba)."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1),
) -> None:
    """Show one notice as a terminal view: facts, issue tree, totals checked, contacts, warnings."""
    import json

    from rich.console import Console

    from . import views
    from .pipeline import parse_file, prepared_text

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
        views.render(notice, console)
        if highlight:
            if not text_path:
                raise ValueError("--highlight needs the notice text, and this JSON names no source path")
            console.print(views.legend())
            console.print(views.highlighted(prepared_text(text_path, max_bytes=max_bytes), notice))
    except (OSError, ValueError) as exc:
        _err(f"notice-parse: {file}: {exc}")
        raise typer.Exit(1)


@app.command()
def stats(
    paths: List[str] = typer.Argument(..., help="Files or folders (searched recursively)."),
    glob: List[str] = typer.Option(["*.txt", "*.html", "*.htm"], "--glob", "-g", help="File patterns to take from folders (repeatable)."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON (for scripts)."),
    keywords: bool = typer.Option(False, "--keywords", help="Also count issue keywords (loads jieba)."),
    top: int = typer.Option(10, "--top", min=1, help="How many categories (and 2x keywords) to list."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Parse in N worker processes."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1),
) -> None:
    """Summarise a corpus: kinds, authorities, timing medians, problem totals, categories, warnings."""
    import json

    from . import batch
    from .stats import CorpusStats, render

    summary = CorpusStats(keywords=keywords)
    items = list(batch.iter_inputs(paths, glob))  # paths only, for the progress total
    progress = _progress(len(items))
    try:
        for r in batch.parse_all(items, jobs=jobs, max_bytes=max_bytes, keywords=keywords):
            summary.add(r.record)
            if progress:
                progress.advance()
    finally:
        if progress:
            progress.stop()
    result = summary.result(top=top)
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        from rich.console import Console

        render(result, Console())
    raise typer.Exit(1 if summary.notices == 0 else 0)


@app.command()
def db(
    paths: List[str] = typer.Argument(..., help="Notice files or folders (searched recursively), or .jsonl/.json outputs of `parse`."),
    to: Path = typer.Option(..., "--to", help="The SQLite database to create or bring up to date."),
    glob: List[str] = typer.Option(["*.txt", "*.html", "*.htm"], "--glob", "-g", help="File patterns to take from folders (repeatable)."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Parse in N worker processes."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1),
    report_within: int = typer.Option(60, "--report-within", min=1, help="Days from feedback within which the first rectification report is due (rounds.late)."),
) -> None:
    """Write notices into a SQLite database (tables notices, targets, totals, issues, measures,
    contacts, warnings, errors, rounds; full-text index issues_fts). Re-running adds new files,
    replaces changed ones (by content hash) and never duplicates."""
    from .corpus import iter_records
    from .database import connect, store, stored_hashes, write_rounds

    if str(to) in paths:
        raise typer.BadParameter("the database cannot also be an input", param_hint="--to")
    import signal

    def _on_term(signum, frame):
        raise KeyboardInterrupt

    started = time.perf_counter()
    previous = signal.signal(signal.SIGTERM, _on_term)  # `timeout`, `kill`: roll back like Ctrl-C
    conn = None
    counts: dict = {}
    try:
        conn = connect(str(to))
        records = iter_records(paths, globs=glob, jobs=jobs, max_bytes=max_bytes,
                               skip=stored_hashes(conn), counts=counts)
        stored = store(conn, records)
        inspections = write_rounds(conn, report_within=report_within)
    except KeyboardInterrupt:
        _err("notice-parse: interrupted: the database keeps every batch written before the interrupt")
        raise typer.Exit(130)
    finally:
        signal.signal(signal.SIGTERM, previous)
        if conn is not None:
            conn.close()
    _err(f"notice-parse: {stored.added} added, {stored.replaced} replaced, {counts.get('unchanged', 0)} unchanged, "
         f"{stored.failed} failed, {inspections} inspections linked, {time.perf_counter() - started:.2f} s")
    raise typer.Exit(1 if stored.failed else 0)


@app.command()
def rounds(
    paths: List[str] = typer.Argument(..., help="Notice files or folders, .jsonl/.json outputs of `parse`, or a database of `db`."),
    as_json: bool = typer.Option(False, "--json", help="Print the inspections as JSON (for scripts)."),
    report_within: int = typer.Option(60, "--report-within", min=1, help="Days from feedback within which the first rectification report is due."),
    glob: List[str] = typer.Option(["*.txt", "*.html", "*.htm"], "--glob", "-g", help="File patterns to take from folders (repeatable)."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Parse in N worker processes."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1),
) -> None:
    """Link the notices of one inspection of one unit (stationing, feedback, reports) and show
    each inspection's timeline, the days between, late reports and problems whose status changed."""
    import json

    from .corpus import iter_records
    from .rounds import NoticeRef, link

    refs = [NoticeRef.from_record(path, record)
            for path, record in iter_records(paths, globs=glob, jobs=jobs, max_bytes=max_bytes)
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
