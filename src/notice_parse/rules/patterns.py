"""Rule data: TOML files in `patterns/`, validated by Pydantic (`rules.model`) when compiled.

A pattern file is a list of rules plus optional tables the owning module defines:

    [[rule]]
    name = "feedback_verb"
    pattern = '反馈了?(?:巡察|巡视)意见'
    match = ["2019年4月10日反馈了巡察意见"]        # each must match (searched)
    no_match = ["反馈会议"]                          # none may match

Rules may carry the keys their dimension reads (`value = "completed"`, `key = "problems"` …):
typed fields of the rule model (`rules.model.RuleModel`: an enum or a set of literals where a
value is one of a set, `rules.vocabulary`); a key the model does not know fails loading. A bad file fails loudly with the file and rule named. Patterns
are compiled once, after `{name}` placeholders are replaced by the file's `[defs]` table, so
long alternations are written once.

Hints (`require`, `start_at`, `end_at`, `anchor` with `before`/`reach` or `window`, `spot`) are typed
fields of the rule: they tell `rules.runner` how to find the rule's matches faster, never
which ones (`tests/rules/test_runner.py` checks every rule over every corpus text). Their
patterns are expanded with `[defs]` and checked by the stdlib engine on load.

Engines: a rule is compiled with the `regex` module (Unicode properties such as `\\p{Han}`,
variable-width lookbehind, a group name used twice; and it finds a pattern that opens with a
lookbehind or a character class several times faster). `engine = "re"` compiles it with the
standard engine instead, which is up to twice as fast for patterns that open with a literal
alternation and are searched in many short spans. `bench/engines.py` times every rule on both
engines over a benchmark corpus and says which to use; a rule's examples run on its engine.

Files are looked up in the installed package (`notice_parse/patterns`, where the wheel puts
them) and else in the source tree's top-level `patterns/`.

Start-up: validating a file and compiling its rules costs more than parsing one notice, so the
result is cached per user (`~/.cache/notice-parse/`, or `$XDG_CACHE_HOME`, or
`$NOTICE_PARSE_CACHE`; a folder only its owner can read) as a pickle keyed by the file's
content, the sources of this module, the rule model and its value sets, and the Python and
`regex` versions: any change to a rule file, to the rule model or to an engine builds it anew.
The model validates a file only when it is built; what is cached (and what `load` returns) are
plain `Rule`/`PatternFile` objects with the model's keys as attributes, so a cached start builds
no Pydantic model. The `regex` module pickles its compiled code, so loading skips its
(pure-Python) compiler; `engine = "re"` rules are rebuilt through `compiled` (the stdlib
engine's code, kept in the same folder). `NOTICE_PARSE_CACHE=off` disables the cache.
"""
from __future__ import annotations

import copyreg
import hashlib
import io
import os
import pickle
import re
import sys
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex

from . import compiled
from .vocabulary import FLAG_NAMES as _FLAG_NAMES
from .vocabulary import IssueRuleKind, NoticeKind, SummaryKey, SummaryRole, Zone  # noqa: F401 (the model's value sets)


class PatternFileError(ValueError):
    """A pattern file that cannot be used; the message names the file and the rule."""


class Rule:
    """One validated, compiled rule: an attribute for every key of the rule model
    (`model.RuleModel`, defaults filled in, hints' placeholders expanded), `regex` (the compiled
    pattern) and the runner `rules.runner.of` builds on first use (never pickled)."""

    __slots__ = ("_compiled", "_runner", "__dict__")

    def __init__(self, fields: dict[str, Any]) -> None:
        self.__dict__.update(fields)
        self._compiled: Any = None
        self._runner: Any = None

    def __getstate__(self) -> tuple[dict[str, Any], Any]:
        return self.__dict__, self._compiled

    def __setstate__(self, state: tuple[dict[str, Any], Any]) -> None:
        self.__dict__, self._compiled = state
        self._runner = None

    def __repr__(self) -> str:
        return f"Rule({self.__dict__.get('name')!r})"


# `rule.regex`: the compiled pattern (the `_compiled` slot itself, read without a call).
Rule.regex = Rule._compiled  # type: ignore[attr-defined]


class PatternFile:
    """A validated, compiled pattern file: its `description`, `defs`, rules and other tables."""

    __slots__ = ("description", "defs", "rule", "extra")

    def __init__(self, description: str, defs: dict[str, str], rule: list[Rule], extra: dict[str, Any]) -> None:
        self.description = description
        self.defs = defs
        self.rule = rule
        self.extra = extra

    def __getstate__(self) -> tuple:
        return self.description, self.defs, self.rule, self.extra

    def __setstate__(self, state: tuple) -> None:
        self.description, self.defs, self.rule, self.extra = state

    def rules(self) -> list[Rule]:
        return self.rule

    def get(self, name: str) -> Rule:
        for r in self.rule:
            if r.name == name:
                return r
        raise KeyError(name)

    def table(self, key: str) -> Any:
        """An extra top-level table of the file (e.g. `[[case]]` corpus entries)."""
        return self.extra.get(key)


def patterns_dir() -> Path:
    here = Path(__file__).resolve().parent.parent  # the notice_parse package
    packaged = here / "patterns"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "patterns"


_PLACEHOLDER = compiled.re(r"\{([a-z_][a-z0-9_]*)\}")


def expand(pattern: str, defs: dict[str, str]) -> str:
    """Replace `{name}` placeholders with `[defs]` entries (nested defs allowed).

    >>> expand("{d}年{d}月", {"d": "[0-9]+"})
    '[0-9]+年[0-9]+月'
    """
    for _ in range(5):
        new = _PLACEHOLDER.sub(lambda m: defs.get(m.group(1), m.group(0)), pattern)
        if new == pattern:
            break
        pattern = new
    return pattern


def _expand_hints(file: str, rule: Rule, defs: dict[str, str]) -> None:
    """Expand the hints' `{name}` placeholders in place and check them with the stdlib engine."""
    for name in ("require", "start_at", "anchor"):
        value = getattr(rule, name)
        if isinstance(value, str):
            setattr(rule, name, _stdlib_check(file, rule, name, expand(value, defs)))
    if rule.spot is not None:
        rule.spot = [_stdlib_check(file, rule, "spot", expand(s, defs)) for s in rule.spot]
        for s in rule.spot:
            if s[0] in "\\.^$*+?{}[]()|" or s[1:2] not in ("(", ""):
                raise PatternFileError(f"{file}: rule {rule.name!r}: spot {s[:20]!r} must start with one "
                                       "literal character, then lookarounds only")


def _stdlib_check(file: str, rule: Rule, hint: str, source: str) -> str:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            re.compile(source)
    except (re.error, FutureWarning, DeprecationWarning) as exc:
        raise PatternFileError(f"{file}: rule {rule.name!r}: `{hint}` is no stdlib pattern: {exc}") from exc
    return source


def _compile(file: str, rule: Rule, defs: dict[str, str]) -> None:
    _expand_hints(file, rule, defs)
    _compile_pattern(file, rule, defs)
    if rule.end_at:
        for example in rule.match:
            m = rule._compiled.search(example)
            if m is not None and not m.group().endswith(tuple(rule.end_at)):
                raise PatternFileError(f"{file}: rule {rule.name!r}: `end_at`: the match {m.group()!r} of "
                                       f"example {example!r} ends with none of {rule.end_at}")


def _compile_pattern(file: str, rule: Rule, defs: dict[str, str]) -> None:
    flags = 0
    for f in rule.flags:
        flags |= _FLAG_NAMES[f]
    source = expand(rule.pattern, defs)
    if rule.engine == "re":
        try:
            with warnings.catch_warnings():
                # `re` warns where a set would change meaning in a later version (`[[`).
                warnings.simplefilter("error")
                rule._compiled = compiled.compile(source, flags)
        except (re.error, FutureWarning, DeprecationWarning) as exc:
            raise PatternFileError(f"{file}: rule {rule.name!r}: engine 're' cannot compile it: {exc}") from exc
        return
    try:
        rule._compiled = regex.compile(source, flags)
    except regex.error as exc:
        raise PatternFileError(f"{file}: rule {rule.name!r}: bad pattern: {exc}") from exc


def parse_pattern_file(name: str, text: str) -> PatternFile:
    """Validate and compile one pattern file's TOML text; errors name the file and rule."""
    import tomllib  # not needed when the compiled file comes from the cache

    from pydantic import ValidationError

    from .model import fields, file_model, tables  # the rule model: built only here

    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PatternFileError(f"{name}: not valid TOML: {exc}") from exc
    file_schema, rule_schema = file_model(name)
    for i, r in enumerate(raw.get("rule", []) or []):
        try:
            rule_schema.model_validate(r)
        except ValidationError as exc:
            label = r.get("name") if isinstance(r, dict) else None
            raise PatternFileError(f"{name}: rule {label or '#' + str(i + 1)!r}: {exc}") from exc
    try:
        valid = file_schema.model_validate(raw)
    except ValidationError as exc:
        raise PatternFileError(f"{name}: {exc}") from exc
    pf = PatternFile(valid.description, valid.defs, [Rule(fields(r)) for r in valid.rule], tables(valid))
    seen: set[str] = set()
    for r in pf.rule:
        if r.name in seen:
            raise PatternFileError(f"{name}: rule {r.name!r}: duplicate name")
        seen.add(r.name)
        _compile(name, r, pf.defs)
    return pf


@lru_cache(maxsize=None)
def load(name: str) -> PatternFile:
    """Load `patterns/<name>.toml` once per process (from the compiled cache when it is fresh)."""
    path = patterns_dir() / f"{name}.toml"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PatternFileError(f"{path}: cannot read pattern file: {exc}") from exc
    cached = _cache_path(path.name, text)
    if cached is not None:
        try:
            with open(cached, "rb") as fh:
                pf = pickle.load(fh)
            if isinstance(pf, PatternFile):
                return pf
        except Exception:  # missing, stale format, truncated: build it anew below
            pass
    pf = parse_pattern_file(path.name, text)
    if cached is not None:
        _store(cached, pf)
    return pf


_cache_folder = compiled.cache_folder


@lru_cache(maxsize=1)
def _cache_salt() -> bytes:
    """What else a compiled file depends on: this module, the rule model and its value sets
    (`model`, `vocabulary`: read, not imported), `compiled` (which rebuilds stdlib patterns),
    Python and `regex`."""
    here = Path(__file__)
    own = b"".join(f.read_bytes() for f in (here, here.with_name("model.py"), here.with_name("vocabulary.py"),
                                            Path(compiled.__file__)))
    return own + sys.version.encode() + regex.__version__.encode()


def _dumps(pf: PatternFile) -> bytes:
    """`pf` pickled, its stdlib patterns rebuilt through `compiled.compile` when loaded."""
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, re.Pattern: compiled.pattern_reducer}
    pickler.dump(pf)
    return buf.getvalue()


def _cache_path(name: str, text: str) -> "Path | None":
    folder = _cache_folder()
    if folder is None:
        return None
    key = _salted().copy()  # sha256(salt + text), the salt hashed once per process
    key.update(text.encode("utf-8"))
    return folder / f"{Path(name).stem}-{key.hexdigest()[:32]}.pickle"


@lru_cache(maxsize=1)
def _salted() -> Any:
    return hashlib.sha256(_cache_salt())


def _store(target: Path, pf: PatternFile) -> None:
    """Write the compiled file atomically; a cache that cannot be written is no error."""
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        data = _dumps(pf)
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
        # Other versions of the file (another checkout may still use them) go once unused a week.
        week_ago = os.path.getmtime(target) - 7 * 86400
        for stale in target.parent.glob(f"{target.name.rsplit('-', 1)[0]}-*.pickle"):
            if stale != target and os.path.getatime(stale) < week_ago:
                stale.unlink(missing_ok=True)
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def all_pattern_files() -> list[str]:
    return sorted(p.stem for p in patterns_dir().glob("*.toml"))
