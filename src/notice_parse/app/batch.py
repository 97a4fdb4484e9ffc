"""Batch parsing: find inputs, parse each safely, write results atomically.

One bad file never loses the others: every input named or found yields exactly one notice or
one error record, also when a worker process dies or an input takes longer than `--timeout`.
Results stream in input order (also with several worker processes) and are never all held in
memory. The CLI (`cli.parse`) only reads options, picks a sink (`sink_for`: `StreamSink`,
`DirSink`, `CsvSink`) and calls `run`; stop signals (`stop_signals`) and the temporary files
that make each write atomic are handled here.
"""
from __future__ import annotations

import base64
import fnmatch
import itertools
import os
import re
import signal
import stat
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from . import startup

DEFAULT_GLOBS = ("*.txt", "*.html", "*.htm", "*.shtml", "*.xhtml")
DEFAULT_TIMEOUT = 120.0  # seconds per input; a 20 MB notice parses in well under 30 s


@dataclass(frozen=True)
class Input:
    """One input: `path` as given or found (`-` for stdin), `rel` its place under its root;
    `error` when it is known to fail before it is read (a folder that cannot be listed)."""

    path: str
    rel: str
    error: Optional[tuple[str, str]] = None  # (type, message)


@dataclass
class Result:
    """One input's outcome: the notice or error record as a dict (`record`), or already
    serialised (`text`) when the caller asked for JSON text (see `parse_all`)."""

    input: Input
    record: Optional[dict]
    ok: bool
    text: Optional[str] = None
    # With a temporary file to write (`parse_all(temps=…)`): whether the text went there (it
    # is then not carried back), or why not.
    written: bool = False
    write_error: Optional[str] = None
    empty: bool = False  # parsed, but the input held no text (warning `empty`)


# ---------------------------------------------------------------------------------------------
# Paths that are not UTF-8
# ---------------------------------------------------------------------------------------------

def display_path(path: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """(`source.path`, `source.path_bytes`) for a path as the OS gave it.

    A name that is not valid UTF-8 arrives with surrogate escapes; JSON output must stay valid
    UTF-8, so each undecodable byte shows as U+FFFD and the exact bytes go, base64-encoded, in
    `path_bytes` (None for every UTF-8 name).

    >>> display_path("a/通报.txt")
    ('a/通报.txt', None)
    >>> display_path(b"a/\\xb1\\xa8.txt".decode("utf-8", "surrogateescape"))  # GBK 报
    ('a/\\ufffd\\ufffd.txt', 'YS+xqC50eHQ=')
    """
    if path is None:
        return None, None
    try:
        path.encode("utf-8")
        return path, None
    except UnicodeEncodeError:
        raw = os.fsencode(path) if os.name != "nt" else path.encode("utf-8", "surrogatepass")
        return raw.decode("utf-8", "replace"), base64.b64encode(raw).decode("ascii")


def printable_path(path: str) -> str:
    """A path for a message on stderr (undecodable bytes shown as U+FFFD)."""
    return display_path(path)[0] or path


# ---------------------------------------------------------------------------------------------
# Finding inputs
# ---------------------------------------------------------------------------------------------

def _matches(name: str, patterns: tuple[str, ...]) -> bool:
    # Case-insensitive on every system: `NOTICE.TXT` and `page.HTM` are notices too.
    low = name.lower()
    return any(fnmatch.fnmatchcase(low, g) for g in patterns)


def iter_inputs(paths: Iterable[str], globs: Iterable[str] = DEFAULT_GLOBS,
                exclude: Iterable[str] = ()) -> Iterator[Input]:
    """Files named and files found under folders (recursively, sorted, matching `globs`
    case-insensitively).

    Skipped on purpose in folder walks: hidden files and folders (`.git`, `.venv`), symlinked
    folders (so a symlink loop cannot trap the walk), FIFOs, sockets and devices (reading one
    could block), files not matching `globs`, and the folders in `exclude` (the run's own
    `--out`). Everything else is yielded, also what will fail (a dangling link, a link loop):
    it then becomes an error record. A folder that
    cannot be listed, and a named folder with no matching file, are yielded with an `error`.
    A path named explicitly is always yielded, even when it does not exist.
    """
    patterns = tuple(g.lower() for g in globs)
    excluded = {os.path.realpath(p) for p in exclude}
    for p in paths:
        if p == "-":
            yield Input("-", "stdin")
            continue
        if not os.path.isdir(p):
            yield Input(p, os.path.basename(p))
            continue
        root = Path(p)
        errors: list[OSError] = []
        found = 0

        def unlistable() -> Iterator[Input]:
            # os.walk reports a folder it cannot list through `onerror`, one step late.
            while errors:
                err = errors.pop(0)
                where = err.filename if isinstance(err.filename, str) else p
                rel = os.path.relpath(where, root)
                yield Input(where, os.path.basename(os.path.normpath(p)) if rel == "." else rel,
                            (err.__class__.__name__, f"folder cannot be listed: {err.strerror or err}"))

        for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=errors.append):
            for bad in unlistable():
                found += 1
                yield bad
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                                 and (not excluded or os.path.realpath(os.path.join(dirpath, d)) not in excluded))
            for name in sorted(filenames):
                if name.startswith(".") or not _matches(name, patterns):
                    continue
                full = os.path.join(dirpath, name)
                try:
                    if not stat.S_ISREG(os.stat(full).st_mode):
                        continue  # a FIFO, socket or device met in a walk (named, it fails)
                except OSError:
                    pass  # a dangling link or a link loop: parsing reports it
                found += 1
                yield Input(full, os.path.relpath(full, root))
        for bad in unlistable():
            found += 1
            yield bad
        if not found:
            yield Input(p, os.path.basename(os.path.normpath(p)) or p,
                        ("NoInputs", f"no file matching {' '.join(globs)} in this folder"))


def read_file_list(source: str, null_separated: bool = False) -> list[str]:
    """Paths listed in a file (`-`: standard input), one per line, or NUL-separated with `-0`.

    Names are taken as bytes and decoded like command-line arguments, so any name round-trips.
    Blank lines are ignored.
    """
    import sys

    if source == "-":
        data = sys.stdin.buffer.read()
    else:
        with open(source, "rb") as fh:
            data = fh.read()
    sep = b"\0" if null_separated else b"\n"
    out = []
    for raw in data.split(sep):
        if not null_separated:
            raw = raw.rstrip(b"\r")
        if raw.strip():
            out.append(os.fsdecode(raw))
    return out


# ---------------------------------------------------------------------------------------------
# Parsing one input
# ---------------------------------------------------------------------------------------------

def _error_model(path: Optional[str], exc: BaseException | None = None, *, type_: str = "",
                 message: str = ""):
    from ..models import ErrorInfo, ErrorRecord, Source

    if exc is not None:
        type_ = exc.__class__.__name__
        message = str(exc) or type_
    shown, raw = display_path(path)
    return ErrorRecord(source=Source(path=shown, path_bytes=raw), error=ErrorInfo(type=type_, message=message))


def error_record(path: Optional[str], exc: BaseException) -> dict:
    return _error_model(path, exc).to_json_dict()


# What `parse_input` hands back: the record as a dict, or JSON text (compact or indented).
AS_DICT, AS_JSON, AS_PRETTY = "dict", "json", "pretty"


def _output(model, as_: str, ok: bool, item: Input) -> Result:
    if as_ == AS_DICT:
        return Result(item, model.to_json_dict(), ok)
    try:
        return Result(item, None, ok, model.to_json(pretty=as_ == AS_PRETTY))
    except ValueError:  # text pydantic-core will not encode (a lone surrogate): the stdlib can
        return Result(item, None, ok, dumps(model.to_json_dict(), as_ == AS_PRETTY))


def _error_result(item: Input, as_: str, type_: str, message: str) -> Result:
    path = None if item.path == "-" else item.path
    return _output(_error_model(path, type_=type_, message=message), as_, False, item)


_warmed = False


def _warm() -> None:
    """Load the parser and run it once on a tiny notice, so that lazily built rules are ready
    (about 0.2 s, paid once per process; forked workers inherit it) before any input's time
    limit starts."""
    global _warmed
    if not _warmed:
        from ..pipeline import parse_text

        parse_text("关于巡察整改情况的通报\n县委第一巡察组\n联系电话:12388\n2020年1月1日\n")
        _warmed = True
    startup.resume()  # the parser is loaded: the start-up's pause ends (app/startup.py)


class InputTimeout(Exception):
    """An input took longer than `--timeout` (in-process runs: raised by SIGALRM)."""


def parse_input(item: Input, max_bytes: int, keywords: bool = False, as_: str = AS_DICT,
                temp: Optional[str] = None, data: Optional[bytes] = None,
                timeout: float = 0) -> Result:
    """Parse one input; any failure becomes an error record instead of an exception.

    With `as_` AS_JSON / AS_PRETTY the result is serialised here, so that worker processes
    do it in parallel and hand the parent a string (cheap to pass) rather than a dict. With
    `temp` the text is also written to that temporary file (the parent renames it into place).
    `data`: the input's bytes when already read (standard input, read by the parent).
    `timeout`: in this process, a SIGALRM limit (worker pools enforce theirs by killing).
    """
    result = _timed(item, max_bytes, keywords, as_, data, timeout)
    startup.resume()  # (without a warm-up: `--timeout 0`) the first input parsed ends start-up
    if temp is not None and result.text is not None:
        try:
            write_temp(temp, result.text)
            result.text, result.written = None, True
        except OSError as exc:
            result.write_error = str(exc)
    return result


def _timed(item: Input, max_bytes: int, keywords: bool, as_: str, data: Optional[bytes],
           timeout: float) -> Result:
    import threading

    if not timeout or threading.current_thread() is not threading.main_thread():
        return _parse_input(item, max_bytes, keywords, as_, data)
    _warm()  # loading the rules is not the input's time

    def _alarm(signum, frame):
        raise InputTimeout(f"parsing took longer than {timeout:g} s (--timeout)")

    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            return _parse_input(item, max_bytes, keywords, as_, data)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except InputTimeout as exc:  # raised between the parse and disarming the timer
        return _error_result(item, as_, "timeout", str(exc))
    finally:
        signal.signal(signal.SIGALRM, previous)


def _parse_input(item: Input, max_bytes: int, keywords: bool, as_: str,
                 data: Optional[bytes] = None) -> Result:
    from ..pipeline import parse_bytes
    from ..text.read import read_input

    path = None if item.path == "-" else item.path
    if item.error:
        return _error_result(item, as_, *item.error)
    try:
        digest = None
        if data is None:
            if path is not None:
                mode = os.stat(path).st_mode
                if not stat.S_ISREG(mode):
                    raise IsADirectoryError(f"not a regular file: {printable_path(path)}") if stat.S_ISDIR(mode) \
                        else OSError(f"not a regular file (FIFO, socket or device): {printable_path(path)}")
            data, digest = read_input(item.path, max_bytes=max_bytes)
        shown, raw = display_path(path)
        notice = parse_bytes(data, path=shown, max_bytes=max_bytes, keywords=keywords, sha256=digest)
        if raw is not None:
            notice.source.path_bytes = raw
        result = _output(notice, as_, True, item)
        result.empty = any(w.code == "empty" for w in notice.warnings)
        return result
    except InputTimeout as exc:
        return _error_result(item, as_, "timeout", str(exc))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - any failure of one input is recorded, not raised
        return _output(_error_model(path, exc), as_, False, item)


# ---------------------------------------------------------------------------------------------
# Worker processes
# ---------------------------------------------------------------------------------------------

def _worker_init(parent: int = 0) -> None:
    # The parent alone decides when the run stops: it catches Ctrl-C, SIGTERM and SIGHUP, says
    # what was done and then kills its workers. A worker that died of a group signal first
    # would be taken for a crash.
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """Linux: end this worker when the parent dies, even by SIGKILL (a timeout, the OOM killer).

    Otherwise orphaned workers go on burning CPU on their current input, possibly for long.
    """
    if not parent or not os.path.exists("/proc/self"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _worker_main(conn, parent: int, inherited: list) -> None:
    for other in inherited:  # the parent's ends of the other workers' pipes
        try:
            other.close()
        except OSError:
            pass
    _worker_init(parent)
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        seq, args = msg
        result = parse_input(*args)
        try:
            conn.send((seq, result))
        except OSError:
            return


class _Worker:
    """One worker process and the inputs it holds (the first is being parsed, the rest wait)."""

    def __init__(self, ctx, others: list["_Worker"]) -> None:
        parent_end, child_end = ctx.Pipe(duplex=True)
        self.conn = parent_end
        self.proc = ctx.Process(target=_worker_main, args=(child_end, os.getpid(), [w.conn for w in others]),
                                daemon=True)
        # Stop signals wait until the child has set its own handlers: until then it runs ours.
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        try:
            self.proc.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        child_end.close()
        self.held: deque = deque()  # (seq, args)
        self.started = time.monotonic()  # when the input now at the front began

    def send(self, seq: int, args: tuple) -> None:
        if not self.held:
            self.started = time.monotonic()
        self.held.append((seq, args))
        try:
            self.conn.send((seq, args))
        except OSError:
            pass  # it died: noticed by the next look at its sentinel

    def stop(self, kill: bool = True) -> None:
        if self.proc.is_alive():
            if kill:
                try:
                    os.kill(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            else:
                try:
                    self.conn.send(None)
                except OSError:
                    pass
        self.proc.join(5 if not kill else None)
        if self.proc.is_alive():  # a worker that did not take the hint
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.join()
        self.conn.close()


PREFETCH = 2  # inputs a worker holds: the one it parses and the next, so it never waits
WINDOW = 128  # inputs in flight per worker (bounds results buffered behind a slow input)


def _describe_death(proc) -> str:
    code = proc.exitcode
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"


def _pooled(args: Iterator[tuple], jobs: int, timeout: float, as_: str) -> Iterator[Result]:
    """Parse `args` (parse_input argument tuples) in `jobs` worker processes, in order.

    Each worker holds at most PREFETCH inputs, so this process always knows which input a
    worker was parsing when it died (killed, out of memory, a crash in C code): that input
    becomes a `worker_died` error record, the inputs queued behind it go to other workers, and
    a new worker takes its place. A worker that spends more than `timeout` seconds on one
    input is killed the same way and that input becomes a `timeout` error record.
    """
    import multiprocessing as mp
    from multiprocessing.connection import wait

    # Load the parser once here: forked workers share it instead of each importing and
    # compiling the rules again.
    _warm()

    ctx = mp.get_context("fork") if hasattr(os, "fork") else mp.get_context()
    workers: list[_Worker] = []
    retry: deque = deque()  # (seq, args) to hand out again, before new inputs
    done: dict[int, Result] = {}
    next_in = next_out = 0
    exhausted = False
    limit = max(jobs * WINDOW, jobs * PREFETCH)

    def fail(seq: int, a: tuple, type_: str, message: str) -> None:
        if a[4]:  # a temporary file the worker may have left half-written
            _remove(a[4])
        done[seq] = _error_result(a[0], as_, type_, message)

    def replace(w: _Worker, type_: str, message: str) -> None:
        w.stop()
        workers.remove(w)
        if w.held:
            seq, a = w.held.popleft()
            fail(seq, a, type_, message)
            retry.extendleft(reversed(w.held))
        workers.append(_Worker(ctx, workers))

    try:
        for _ in range(jobs):
            workers.append(_Worker(ctx, workers))
        while True:
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
            for w in workers:
                while len(w.held) < PREFETCH:
                    if retry:
                        seq, a = retry[0]
                    elif not exhausted and next_in - next_out < limit:
                        try:
                            a = next(args)
                        except StopIteration:
                            exhausted = True
                            break
                        seq = next_in
                        next_in += 1
                        retry.appendleft((seq, a))
                    else:
                        break
                    if a[5] is not None and w.held:
                        break  # bytes already read (stdin) go to an idle worker only
                    retry.popleft()
                    w.send(seq, a)
            if exhausted and not retry and next_out == next_in:
                break
            busy = [w for w in workers if w.held]
            wait_for = None
            if timeout and busy:
                wait_for = max(0.0, min(w.started for w in busy) + timeout - time.monotonic())
            wait([w.conn for w in workers] + [w.proc.sentinel for w in workers], wait_for)
            for w in list(workers):
                try:
                    while w.held and w.conn.poll():
                        seq, result = w.conn.recv()
                        w.held.popleft()
                        done[seq] = result
                        w.started = time.monotonic()
                except (EOFError, OSError):
                    pass
                if not w.proc.is_alive():
                    replace(w, "worker_died", f"the worker process parsing this input died ({_describe_death(w.proc)})")
                elif timeout and w.held and time.monotonic() - w.started > timeout:
                    replace(w, "timeout", f"parsing took longer than {timeout:g} s (--timeout); the worker was stopped")
    finally:
        for w in workers:
            w.stop(kill=True)


def parse_all(items: Iterable[Input], *, jobs: int = 1, max_bytes: int, keywords: bool = False,
              as_: str = AS_DICT, temps: Optional[dict[Input, str]] = None,
              timeout: float = 0) -> Iterator[Result]:
    """Parse inputs in order, in this process or in `jobs` worker processes (`as_`, and the
    temporary file each input's text is written to in `temps`: see `parse_input`).

    With workers, at most `jobs × WINDOW` inputs are in flight: results that are done but wait
    behind a slow input (a 20 MB notice) are bounded, so memory stays flat however long the
    batch. Standard input is read here, in this process, and handed to a worker as bytes.
    """
    temps = temps or {}
    if hasattr(items, "__len__"):
        jobs = max(1, min(jobs, len(items)))  # type: ignore[arg-type]

    def args() -> Iterator[tuple]:
        for item in items:
            data = None
            if item.path == "-" and jobs > 1:
                from ..text.read import read_path

                data = read_path("-", max_bytes=max_bytes)
            yield (item, max_bytes, keywords, as_, temps.get(item), data, timeout if jobs <= 1 else 0)

    if jobs <= 1:
        for a in args():
            yield parse_input(*a)
        return
    yield from _pooled(args(), jobs, timeout, as_)


def dumps(record: dict, pretty: bool = False) -> str:
    """A record as JSON text, in the form `to_json` gives (compact, or a 2-space indent)."""
    import json  # not at import: pydantic-core serialises records (see `_output`)

    if pretty:
        return json.dumps(record, ensure_ascii=False, indent=2)
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


# ---------------------------------------------------------------------------------------------
# Output files
# ---------------------------------------------------------------------------------------------

def output_path(out_dir: Path, item: Input, suffix: str = ".json", keep_extension: bool = False) -> Path:
    """Where `--out` writes an input's result: its place under its root, confined to `out_dir`.
    With `keep_extension` (two inputs would otherwise share a name) the input's extension stays.

    >>> str(output_path(Path("/o"), Input("a/b/c.txt", "b/c.txt")))
    '/o/b/c.json'
    >>> str(output_path(Path("/o"), Input("a/b/c.txt", "b/c.txt"), keep_extension=True))
    '/o/b/c.txt.json'
    >>> str(output_path(Path("/o"), Input("x", "../../etc/passwd")))
    '/o/etc/passwd.json'
    """
    parts = [p for p in Path(item.rel).parts if p not in ("", ".", "..", "/") and not os.path.isabs(p)]
    if not parts:
        parts = ["stdin"]
    rel = Path(*parts)
    if rel.suffix and not keep_extension:
        target = (out_dir / rel).with_suffix(suffix)
    else:
        target = (out_dir / rel).with_name(rel.name + suffix)
    # A symlink inside the output folder must not lead a write outside it either: the target's
    # real folder must lie in the real output folder, and a link planted at the target itself
    # must not point out. (Folders' real paths are looked up once each: a batch writes
    # thousands of files into a few folders.)
    root = _real_folder(str(out_dir))
    real = (os.path.realpath(target) if os.path.islink(target)
            else os.path.join(_real_folder(str(target.parent)), target.name))
    if not real.startswith(root.rstrip(os.sep) + os.sep):
        raise ValueError(f"refusing to write outside {out_dir}: {target}")
    return target


_real_folders: dict[str, str] = {}


def _real_folder(path: str) -> str:
    real = _real_folders.get(path)
    if real is None:
        real = _real_folders[path] = os.path.realpath(path)
    return real


_temp_files: set[str] = set()
_made_dirs: set[str] = set()  # folders this process made or found: one mkdir per folder
_temp_serial = itertools.count()
# `.<name>.<pid>.<hex>.tmp`: the pid lets a later run tell a dead run's leftovers from a live one's.
_TEMP_NAME = re.compile(r"^\..+\.(\d+)\.[0-9a-z_]+\.tmp$")


def temp_name(target: Path, token: str) -> str:
    """The temporary file a result for `target` is written to before the rename: in the same
    folder (so the rename is atomic), hidden, named after the run (`token`: `<pid>.<hex>`)."""
    return os.path.join(target.parent, f".{target.name}.{token}.tmp")


def run_token() -> str:
    import secrets

    return f"{os.getpid()}.{secrets.token_hex(4)}"


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temp_files(out_dir: Path) -> int:
    """Remove temporary files that runs killed outright (SIGKILL, power loss) left in `out_dir`:
    those whose process no longer exists. Returns how many went."""
    removed = 0
    if not os.path.isdir(out_dir):
        return 0
    for dirpath, dirnames, filenames in os.walk(out_dir, followlinks=False):
        for name in filenames:
            m = _TEMP_NAME.match(name)
            if m and not _pid_alive(int(m.group(1))):
                try:
                    os.unlink(os.path.join(dirpath, name))
                    removed += 1
                except OSError:
                    pass
    return removed


def write_temp(tmp: str, text: str) -> None:
    """Write `text` and a line break to a new file `tmp` (never through one planted there)."""
    folder = os.path.dirname(tmp)
    if folder not in _made_dirs:
        os.makedirs(folder, exist_ok=True)
        _made_dirs.add(folder)
    try:
        # O_EXCL: never write through a file or link someone planted under that name.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            data = (text + "\n").encode("utf-8")
            while data:
                data = data[os.write(fd, data):]
        finally:
            os.close(fd)
    except BaseException:
        _remove(tmp)
        raise


def write_atomic(target: Path, text: str) -> None:
    """Write via a temporary file in the same folder and rename: readers never see half a file.

    The temporary name is registered before the file exists and unregistered only after it is
    gone, so that an interrupt at any point leaves `cleanup_temp_files` able to remove it.
    """
    tmp = temp_name(target, f"{os.getpid()}.{next(_temp_serial):x}")
    _temp_files.add(tmp)
    try:
        write_temp(tmp, text)
    except BaseException:
        _temp_files.discard(tmp)
        raise
    commit_temp(tmp, target)


def register_temp_files(paths: Iterable[str]) -> None:
    """Temporary files a run may leave (written by workers, renamed by this process): an
    interrupt removes those still there."""
    _temp_files.update(paths)


def commit_temp(tmp: str, target: Path) -> None:
    """Rename a worker's finished temporary file into place (the atomic step)."""
    try:
        os.replace(tmp, target)
    except BaseException:
        _remove(tmp)
        raise
    finally:
        _temp_files.discard(tmp)


def cleanup_temp_files() -> None:
    """Remove temporary files of writes cut short (interrupt, --fail-fast, a failed write)."""
    for tmp in list(_temp_files):
        try:
            os.unlink(tmp)
        except OSError:
            pass
        _temp_files.discard(tmp)


# ---------------------------------------------------------------------------------------------
# A whole run: where results go (sinks), counting, signals
# ---------------------------------------------------------------------------------------------

class OutputClosed(Exception):
    """The reader of standard output went away (`notice-parse parse DIR | head`)."""


class Sink:
    """Where results go. `plan` picks the inputs to parse (and says how many it skipped),
    `accept` takes one result and returns a problem (the result is then a failure) or None,
    `finish` completes the output, `abort` drops what a cut-short run had not completed."""

    as_ = AS_JSON
    temps: dict = {}

    def plan(self, items: list[Input]) -> tuple[list[Input], int]:
        return items, 0

    def accept(self, result: Result) -> Optional[str]:
        return None

    def finish(self) -> None:
        pass

    def abort(self) -> None:
        pass


class StreamSink(Sink):
    """JSON Lines (or indented JSON) on a text stream."""

    def __init__(self, stream, pretty: bool = False) -> None:
        self.stream = stream
        self.as_ = AS_PRETTY if pretty else AS_JSON
        self.closed = False

    def accept(self, result: Result) -> Optional[str]:
        try:
            self.stream.write(result.text + "\n")
        except BrokenPipeError:
            self._close()
        return None

    def finish(self) -> None:
        try:
            self.stream.flush()
        except BrokenPipeError:
            self._close()

    def _close(self):
        self.closed = True
        raise OutputClosed() from None

    def abort(self) -> None:
        if self.closed:  # keep Python's own flush at exit from failing on the closed pipe
            try:
                os.dup2(os.open(os.devnull, os.O_WRONLY), self.stream.fileno())
            except (OSError, ValueError, AttributeError):  # a stream with no descriptor (tests)
                pass


def _already_parsed(target: Path, item: Input) -> bool:
    """True when `target` holds this input's notice; an error record there is retried, and so
    is a notice of another input (one that once took this name)."""
    try:
        with open(target, "rb") as fh:
            head = fh.read(8192).decode("utf-8", "replace")
    except OSError:  # missing or unreadable
        return False
    if '"schema_version"' not in head[:64]:
        return False
    m = re.search(r'"path":\s*("(?:[^"\\]|\\.)*")', head)
    if not m:
        return False
    import json

    try:
        recorded = json.loads(m.group(1))
    except ValueError:
        return False
    shown = display_path(item.path)[0] or ""
    rel = display_path(item.rel)[0] or ""
    return recorded in (shown, rel) or recorded.endswith(os.sep + rel)


class DirSink(Sink):
    """One JSON file per input under `out` (`<stem>.json`, mirroring subfolders).

    Workers write each result to a temporary file beside its target and this process renames
    it into place once the result is counted. A target outside `out` (through a link), or one
    an earlier input of this run takes, fails that input only; the batch goes on. Inputs that
    would share a name (`a.txt`, `a.html`) keep their extension (`a.txt.json`, `a.html.json`).
    """

    def __init__(self, out: Path, pretty: bool = False, skip_existing: bool = False) -> None:
        self.out = Path(out)
        self.as_ = AS_PRETTY if pretty else AS_JSON
        self.skip_existing = skip_existing
        self.targets: dict[Input, Path] = {}
        self.unwritable: dict[Input, str] = {}
        self.temps: dict[Input, str] = {}
        self.stale_removed = remove_stale_temp_files(self.out)

    def plan(self, items: list[Input]) -> tuple[list[Input], int]:
        plain: dict[Input, Path] = {}
        by_target: dict[Path, int] = {}
        for item in items:
            try:
                plain[item] = output_path(self.out, item)
            except ValueError as exc:
                self.unwritable[item] = str(exc)
                continue
            by_target[plain[item]] = by_target.get(plain[item], 0) + 1
        token = run_token()
        taken: set = set()
        todo, skipped = [], 0
        for item in items:
            if item in self.unwritable:
                todo.append(item)
                continue
            target = plain[item]
            if by_target[target] > 1:
                try:
                    target = output_path(self.out, item, keep_extension=True)
                except ValueError as exc:
                    self.unwritable[item] = str(exc)
                    todo.append(item)
                    continue
            if target in taken:
                self.unwritable[item] = f"another input of this run was already written to {target}"
                todo.append(item)
                continue
            taken.add(target)
            if self.skip_existing and _already_parsed(target, item):
                skipped += 1
                continue
            self.targets[item] = target
            self.temps[item] = temp_name(target, token)
            todo.append(item)
        register_temp_files(self.temps.values())
        return todo, skipped

    def accept(self, result: Result) -> Optional[str]:
        problem = self.unwritable.get(result.input) or result.write_error
        if problem:
            _remove(self.temps.get(result.input, ""))
            return problem
        tmp, target = self.temps[result.input], self.targets[result.input]
        try:
            if not result.written:  # parsed in this process without a temporary file
                write_temp(tmp, result.text or "")
            commit_temp(tmp, target)
        except OSError as exc:
            return str(exc)
        return None

    def finish(self) -> None:
        cleanup_temp_files()

    def abort(self) -> None:
        cleanup_temp_files()


class RecordSink(Sink):
    """Each result's record (a dict) handed to a function (`stats`)."""

    as_ = AS_DICT

    def __init__(self, take: Callable[[dict], None]) -> None:
        self.take = take

    def accept(self, result: Result) -> Optional[str]:
        self.take(result.record)
        return None


class CsvSink(Sink):
    """Three CSV tables in `out` (see `tables`), renamed into place only when the run ends
    whole: an interrupted run leaves the tables that were there before, never a part."""

    as_ = AS_DICT

    def __init__(self, out: Path) -> None:
        from .tables import CsvTables

        self.stale_removed = remove_stale_temp_files(Path(out))
        self.tables = CsvTables(out)

    def accept(self, result: Result) -> Optional[str]:
        self.tables.add(result.record)
        return None

    def finish(self) -> None:
        self.tables.close()

    def abort(self) -> None:
        self.tables.abort()


def sink_for(out: Optional[Path] = None, *, csv: bool = False, pretty: bool = False,
             skip_existing: bool = False, stream=None) -> Sink:
    """Where `parse` writes: CSV tables in `out` (`csv`), one JSON file per input in `out`, or
    JSON Lines on `stream` (standard output)."""
    if csv:
        return CsvSink(out)
    if out is not None:
        return DirSink(out, pretty=pretty, skip_existing=skip_existing)
    if stream is None:
        import sys

        stream = sys.stdout
    return StreamSink(stream, pretty=pretty)


@dataclass
class Tally:
    parsed: int = 0
    failed: int = 0
    skipped: int = 0
    empty: int = 0
    interrupted: bool = False
    closed: bool = False
    seconds: float = 0.0
    problems: list = field(default_factory=list)  # (input, message) of results not written

    def line(self) -> str:
        """The summary line every run ends with on stderr."""
        state = "interrupted: " if self.interrupted else "output closed: " if self.closed else ""
        skipped = f", {self.skipped} skipped (already parsed)" if self.skipped else ""
        empty = f", {self.empty} empty (no text)" if self.empty else ""
        return f"notice-parse: {state}{self.parsed} parsed, {self.failed} failed{skipped}{empty}, {self.seconds:.2f} s"

    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        return 1 if self.failed else 0


STOP_SIGNALS = tuple(s for s in (getattr(signal, n, None) for n in ("SIGINT", "SIGTERM", "SIGHUP")) if s)


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


@contextmanager
def stop_signals(handler=_raise_interrupt) -> Iterator[None]:
    """While inside, SIGINT, SIGTERM (`timeout`, `kill`) and SIGHUP go to `handler`: by default
    each stops the work as Ctrl-C does (KeyboardInterrupt), so that `finally` blocks and
    rollbacks run. The previous handlers come back on leaving. Outside the main thread (where
    handlers cannot be set) nothing changes."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, handler) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def run(items: list[Input], sink: Sink, *, jobs: int = 1, max_bytes: int, keywords: bool = False,
        timeout: float = DEFAULT_TIMEOUT, fail_fast: bool = False,
        on_result: Optional[Callable[[Result, Optional[str]], None]] = None,
        on_plan: Optional[Callable[[int], None]] = None) -> Tally:
    """Parse `items` into `sink`; every input ends as one result, counted in the returned Tally.

    SIGINT, SIGTERM and SIGHUP stop the run (`Tally.interrupted`, exit 130), but never between
    writing a result and counting it: inside that step the signal is held and acted on right
    after. Workers are killed and reaped; temporary files of uncounted results are removed.
    """
    started = time.perf_counter()
    tally = Tally()
    todo, tally.skipped = sink.plan(items)
    if on_plan:
        on_plan(len(todo))
    hold = {"on": False, "pending": False}

    def _on_signal(signum, frame):
        if hold["on"]:
            hold["pending"] = True
            return
        raise KeyboardInterrupt

    results = None
    with stop_signals(_on_signal):
        try:
            results = parse_all(todo, jobs=jobs, max_bytes=max_bytes, keywords=keywords, as_=sink.as_,
                                temps=sink.temps, timeout=timeout)
            for result in results:
                hold["on"] = True
                problem = sink.accept(result)
                ok = result.ok and not problem
                if problem:
                    tally.problems.append((result.input, problem))
                if ok:
                    tally.parsed += 1
                    tally.empty += result.empty
                else:
                    tally.failed += 1
                if on_result:
                    on_result(result, problem)
                hold["on"] = False
                if hold["pending"]:
                    raise KeyboardInterrupt
                if tally.failed and fail_fast:
                    break
            if results is not None:
                results.close()  # stop the workers before the output is completed
            sink.finish()
        except KeyboardInterrupt:
            tally.interrupted = True
            if results is not None:
                results.close()
            sink.abort()
        except OutputClosed:
            tally.closed = True
            if results is not None:
                results.close()
            sink.abort()
        except BaseException:
            if results is not None:
                results.close()
            sink.abort()
            raise
    tally.seconds = time.perf_counter() - started
    return tally
