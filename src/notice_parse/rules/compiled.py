"""Compiled regular expressions kept between runs: a start without the compilers' work.

Both engines compile a pattern in pure Python (`re`'s parser and code generator, `regex`'s
compiler), and the project builds a few hundred patterns at import: a one-file run spent a
quarter of its time there. `compiled.re(source, flags)` is `re.compile` (`compiled.regex`,
`regex.compile`) whose result outlives the process: the code an engine's C core runs is kept
in one file of the per-user cache folder (`~/.cache/notice-parse/`, `$XDG_CACHE_HOME`,
`$NOTICE_PARSE_CACHE`; `NOTICE_PARSE_CACHE=off` disables it) and handed straight to the C
core the next time.

Never a wrong pattern: an entry is keyed by the exact pattern text, flags and engine, and the
file by this module's source, the Python build and the `regex` version, so any change makes a
new key. A stdlib pattern's code is kept only when rebuilding it gives a pattern equal to
`re.compile`'s own (`re.Pattern` equality compares the compiled code); `regex` patterns keep
the data they pickle themselves with. A pattern not in the file is compiled as usual and the
file is rewritten once, when the process ends.
"""
from __future__ import annotations

import atexit
import hashlib
import os
import pickle
import re as _re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

import _sre
import regex as _regex

_COMPILERS = {"re": _re.compile, "regex": _regex.compile}
_LIMIT = 4096  # entries the file may hold before those this process did not use are dropped

_made: dict[tuple[str, str, int], Any] = {}  # key -> compiled pattern, this process
_recipes: dict[tuple[str, str, int], tuple] = {}  # key -> what the C core takes, this process
_stored: "dict | None" = None  # the file's entries, read at the first call
_dirty = False
_owner = 0  # the process that read the file (a forked worker never writes it)


@lru_cache(maxsize=1)
def cache_folder() -> "Path | None":
    """The per-user cache folder, or None (disabled, or a folder others can write to)."""
    setting = os.environ.get("NOTICE_PARSE_CACHE", "")
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    base = Path(setting or os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "notice-parse"
    try:
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = base.stat()
        if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022):
            return None  # never load pickles from a folder others can write to
    except OSError:
        return None
    return base


def write_atomic(target: Path, obj: Any) -> None:
    """Pickle `obj` to `target` through a temporary file; a cache that cannot be written is no error."""
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
    except Exception:  # unwritable, full, or (never seen) unpicklable: the run goes on without it
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


@lru_cache(maxsize=1)
def _file() -> "Path | None":
    folder = cache_folder()
    if folder is None:
        return None
    salt = (Path(__file__).read_bytes() + sys.version.encode() + _regex.__version__.encode()
            + f"{_sre.MAGIC}/{_sre.CODESIZE}".encode())
    return folder / f"compiled-{hashlib.sha256(salt).hexdigest()[:32]}.pickle"


def _read() -> dict:
    path = _file()
    if path is None:
        return {}
    try:
        with open(path, "rb") as fh:
            data = pickle.load(fh)
        return data if isinstance(data, dict) else {}
    except Exception:  # missing, truncated, from an older layout: start empty
        return {}


def _rebuild(engine: str, recipe: tuple) -> Any:
    if engine == "re":
        return _sre.compile(*recipe)
    return _regex._regex.compile(*recipe)


def _recipe(engine: str, source: str, flags: int, compiled: Any) -> "tuple | None":
    """What rebuilds `compiled` without its compiler, or None when it cannot be kept."""
    try:
        if engine == "regex":
            recipe = compiled._pickled_data
        else:
            # re._compiler.compile, step by step, keeping what it hands to the C core.
            parsed = _re._parser.parse(source, flags)
            code = [int(op) for op in _re._compiler._code(parsed, flags)]  # named ints do not pickle
            groupindex = parsed.state.groupdict
            indexgroup = [None] * parsed.state.groups
            for name, i in groupindex.items():
                indexgroup[i] = name
            recipe = (source, int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex,
                      tuple(indexgroup))
            if _rebuild(engine, recipe) != compiled:
                return None
        return recipe
    except Exception:  # an engine whose internals differ: compile as usual, keep nothing
        return None


def compile(source: str, flags: int = 0, engine: str = "re") -> Any:
    """`re.compile(source, flags)`, or `regex.compile` with `engine="regex"`, from the cache
    when it holds the pattern. Errors (and `re`'s warnings) are those of the engine's own
    compile: a pattern that does not compile is never cached."""
    global _stored, _dirty, _owner
    flags = int(flags)
    if engine == "re" and isinstance(source, str):
        flags &= ~_re.UNICODE  # implied for text: a pickled pattern, whose flags show it, is the same key
    key = (engine, source, flags)
    got = _made.get(key)
    if got is not None:
        return got
    if _stored is None:
        _stored, _owner = _read(), os.getpid()
    recipe = _stored.get(key)
    if recipe is not None:
        try:
            got = _rebuild(engine, recipe)
        except Exception:
            got = None
    if got is None:
        if engine not in _COMPILERS:
            raise ValueError(f"unknown engine {engine!r}; use one of {tuple(_COMPILERS)}")
        got = _COMPILERS[engine](source, flags)
        recipe = _recipe(engine, source, flags, got) if _file() is not None else None
        if recipe is not None:
            if not _dirty:
                atexit.register(_save)
            _dirty = True
    keys = [key]
    if engine == "re" and isinstance(source, str) and got.flags & ~_re.UNICODE != flags:
        # Also under the flags the pattern shows (inline `(?x)` included): what `pattern_reducer`
        # pickles, so a pickled rule file finds it too.
        keys.append((engine, source, got.flags & ~_re.UNICODE))
    for k in keys:
        if recipe is not None:
            _recipes[k] = recipe
        _made[k] = got
    return got


def re(source: str, flags: int = 0) -> "_re.Pattern[str]":
    """`re.compile(source, flags)`, kept between runs (for patterns built once, at import)."""
    return compile(source, flags, "re")


def regex(source: str, flags: int = 0) -> "_regex.Pattern[str]":
    """`regex.compile(source, flags)`, kept between runs (for patterns built once, at import)."""
    return compile(source, flags, "regex")


def _save() -> None:
    """Write the file anew with this process's patterns added (once, at exit)."""
    global _dirty
    path = _file()
    if not _dirty or path is None or os.getpid() != _owner:
        return
    _dirty = False
    entries = _read()  # another process may have added patterns meanwhile
    entries.update(_recipes)
    if len(entries) > _LIMIT:
        entries = dict(_recipes)
    write_atomic(path, entries)
    # Files of other versions (another checkout may still use them) go once unused a week.
    try:
        week_ago = os.path.getmtime(path) - 7 * 86400
        for stale in path.parent.glob("compiled-*.pickle"):
            if stale != path and os.path.getatime(stale) < week_ago:
                stale.unlink(missing_ok=True)
    except OSError:
        pass


def pattern_reducer(pattern: _re.Pattern) -> tuple:
    """How a pickled stdlib pattern is rebuilt through `compile` (and so from the cache) rather
    than by `re`'s compiler: for a `pickle.Pickler.dispatch_table`."""
    return compile, (pattern.pattern, pattern.flags)
