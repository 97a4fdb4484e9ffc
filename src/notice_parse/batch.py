"""Batch parsing: find inputs, parse each safely, write results atomically.

One bad file never loses the others: every input yields either a notice or an error record.
Results stream in input order (also with several worker processes) and are never all held
in memory.
"""
from __future__ import annotations

import fnmatch
import itertools
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional

DEFAULT_GLOBS = ("*.txt", "*.html", "*.htm")


@dataclass(frozen=True)
class Input:
    """One input: `path` as given or found (`-` for stdin), `rel` its place under its root."""

    path: str
    rel: str


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


def iter_inputs(paths: Iterable[str], globs: Iterable[str] = DEFAULT_GLOBS) -> Iterator[Input]:
    """Files named and files found under folders (recursively, sorted, matching `globs`).

    Folder walks follow no symlinked folders (so a symlink loop cannot trap them) and skip
    what is not a regular file (FIFOs, sockets). A path named explicitly is always yielded,
    even when it does not exist: it then becomes an error record.
    """
    patterns = tuple(globs)
    for p in paths:
        if p == "-":
            yield Input("-", "stdin")
            continue
        if os.path.isdir(p):
            root = Path(p)
            for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
                dirnames.sort()
                for name in sorted(filenames):
                    if not any(fnmatch.fnmatch(name, g) for g in patterns):
                        continue
                    full = os.path.join(dirpath, name)
                    try:
                        if not stat.S_ISREG(os.stat(full).st_mode):
                            continue
                    except OSError:
                        pass  # a dangling link: let parsing report it
                    yield Input(full, os.path.relpath(full, root))
        else:
            yield Input(p, os.path.basename(p))


def _error_model(path: Optional[str], exc: BaseException):
    from .models import ErrorInfo, ErrorRecord, Source

    message = str(exc) or exc.__class__.__name__
    return ErrorRecord(source=Source(path=path), error=ErrorInfo(type=exc.__class__.__name__, message=message))


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


def parse_input(item: Input, max_bytes: int, keywords: bool = False, as_: str = AS_DICT,
                temp: Optional[str] = None) -> Result:
    """Parse one input; any failure becomes an error record instead of an exception.

    With `as_` AS_JSON / AS_PRETTY the result is serialised here, so that worker processes
    do it in parallel and hand the parent a string (cheap to pass) rather than a dict. With
    `temp` the text is also written to that temporary file (the parent renames it into place).
    """
    result = _parse_input(item, max_bytes, keywords, as_)
    if temp is not None and result.text is not None:
        try:
            write_temp(temp, result.text)
            result.text, result.written = None, True
        except OSError as exc:
            result.write_error = str(exc)
    return result


def _parse_input(item: Input, max_bytes: int, keywords: bool, as_: str) -> Result:
    from .pipeline import parse_bytes
    from .read import read_path

    path = None if item.path == "-" else item.path
    try:
        if path is not None:
            mode = os.stat(path).st_mode
            if not stat.S_ISREG(mode):
                raise IsADirectoryError(f"not a regular file: {path}") if stat.S_ISDIR(mode) else OSError(
                    f"not a regular file (FIFO, socket or device): {path}")
        data = read_path(item.path, max_bytes=max_bytes)
        notice = parse_bytes(data, path=path, max_bytes=max_bytes, keywords=keywords)
        return _output(notice, as_, True, item)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - any failure of one input is recorded, not raised
        return _output(_error_model(path, exc), as_, False, item)


def _worker_init(parent: int = 0) -> None:
    import signal

    # Workers leave Ctrl-C to the parent, which stops the pool and reports what was done.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker inherits the CLI's SIGTERM handler; pool.terminate() must end it at once.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """Linux: end this worker when the parent dies, even by SIGKILL (a timeout, the OOM killer).

    Otherwise orphaned workers go on burning CPU on their current input, possibly for long.
    """
    if not parent or not os.path.exists("/proc/self"):
        return
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _parse_star(args: tuple) -> Result:
    return parse_input(*args)


def _parse_chunk(chunk: list[tuple]) -> list[Result]:
    return [parse_input(*a) for a in chunk]


CHUNK = 4  # inputs per task: amortises the hand-over without delaying order much
WINDOW = 32  # tasks in flight per worker (bounds buffered results: ~256 inputs for --jobs 2)


def parse_all(items: Iterable[Input], *, jobs: int = 1, max_bytes: int, keywords: bool = False,
              as_: str = AS_DICT, temps: Optional[dict[Input, str]] = None) -> Iterator[Result]:
    """Parse inputs in order, in this process or in `jobs` worker processes (`as_`, and the
    temporary file each input's text is written to in `temps`: see `parse_input`).

    With workers, at most `jobs × WINDOW × CHUNK` inputs are in flight: results that are done
    but wait behind a slow input (a 20 MB notice) are bounded, so memory stays flat however
    long the batch (`Pool.imap` would buffer every finished result in the meantime).
    """
    temps = temps or {}
    args = ((item, max_bytes, keywords, as_, temps.get(item)) for item in items)
    if jobs <= 1:
        for a in args:
            yield _parse_star(a)
        return
    import multiprocessing as mp
    from collections import deque

    # Load the parser once here: forked workers share it instead of each importing and
    # compiling the rules again.
    from . import pipeline  # noqa: F401

    ctx = mp.get_context("fork") if hasattr(os, "fork") else mp.get_context()
    pool = ctx.Pool(jobs, initializer=_worker_init, initargs=(os.getpid(),))
    try:
        pending: deque = deque()
        while True:
            chunk = list(itertools.islice(args, CHUNK))
            if chunk:
                pending.append(pool.apply_async(_parse_chunk, (chunk,)))
            if pending and (not chunk or len(pending) >= jobs * WINDOW):
                yield from pending.popleft().get()
            elif not chunk:
                break
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


def dumps(record: dict, pretty: bool = False) -> str:
    """A record as JSON text, in the form `to_json` gives (compact, or a 2-space indent)."""
    if pretty:
        return json.dumps(record, ensure_ascii=False, indent=2)
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def output_path(out_dir: Path, item: Input, suffix: str = ".json") -> Path:
    """Where `--out` writes an input's result: its place under its root, confined to `out_dir`.

    >>> str(output_path(Path("/o"), Input("a/b/c.txt", "b/c.txt")))
    '/o/b/c.json'
    >>> str(output_path(Path("/o"), Input("x", "../../etc/passwd")))
    '/o/etc/passwd.json'
    """
    parts = [p for p in Path(item.rel).parts if p not in ("", ".", "..", "/") and not os.path.isabs(p)]
    if not parts:
        parts = ["stdin"]
    rel = Path(*parts)
    target = (out_dir / rel).with_suffix(suffix) if rel.suffix else (out_dir / rel).with_name(rel.name + suffix)
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


def temp_name(target: Path, token: str) -> str:
    """The temporary file a result for `target` is written to before the rename: in the same
    folder (so the rename is atomic), hidden, named after the run (`token`: unguessable)."""
    return os.path.join(target.parent, f".{target.name}.{token}.tmp")


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


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
    tmp = temp_name(target, f"{os.getpid()}.{next(_temp_serial)}")
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
    """Remove temporary files of writes cut short (called when a run is interrupted)."""
    for tmp in list(_temp_files):
        try:
            os.unlink(tmp)
        except OSError:
            pass
        _temp_files.discard(tmp)

