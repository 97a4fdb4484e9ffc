"""Options several commands share, each defined once: the same flags, metavar, help and checks
wherever it appears (`parse`, `stats`, `db`, `rounds`, `text`, `show`).

A command declares one as `jobs: Jobs = 1`; the default stays in the command's signature, where
it may differ (`db` takes fewer file patterns from folders than `parse`). Only typer is imported
here, so that `notice-parse --help` stays fast.
"""
from __future__ import annotations

from typing import Annotated, List, Optional

import typer

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # mirrors read.DEFAULT_MAX_BYTES without importing it
DEFAULT_GLOBS = ("*.txt", "*.html", "*.htm", "*.shtml", "*.xhtml")  # mirrors batch.DEFAULT_GLOBS
DEFAULT_TIMEOUT = 120.0  # mirrors batch.DEFAULT_TIMEOUT
# What `db` and `rounds` take from folders: notices (their other inputs are named outputs).
CROSS_NOTICE_GLOBS = ("*.txt", "*.html", "*.htm")

FilesFrom = Annotated[Optional[str], typer.Option(
    "--files-from", "-T", metavar="FILE",
    help="Also parse the paths listed in FILE, one per line (`-`: standard input).")]
Null = Annotated[bool, typer.Option(
    "--null", "-0", help="With --files-from: paths are NUL-separated (find -print0).")]
Globs = Annotated[List[str], typer.Option(
    "--glob", "-g", metavar="PATTERN", help="File patterns taken from folders, case-insensitive (repeatable).")]
Jobs = Annotated[int, typer.Option(
    "--jobs", "-j", min=1, metavar="N", help="Parse in N worker processes (output keeps input order).")]
Timeout = Annotated[float, typer.Option(
    "--timeout", min=0, metavar="SECONDS", help="An input that takes longer becomes an error record (0: no limit).")]
MaxBytes = Annotated[int, typer.Option(
    "--max-bytes", min=1, metavar="BYTES", help="Cut inputs longer than this (warning `truncated`).")]
ReportWithin = Annotated[int, typer.Option(
    "--report-within", min=1,
    help="Days from feedback within which the first rectification report is due (rounds.late).")]
