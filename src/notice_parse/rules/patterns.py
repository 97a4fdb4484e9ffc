"""Rule data: TOML files in `patterns/`, validated by Pydantic on load.

A pattern file is a list of rules plus optional tables the owning module defines:

    [[rule]]
    name = "feedback_verb"
    pattern = '反馈了?(?:巡察|巡视)意见'
    match = ["2019年4月10日反馈了巡察意见"]        # each must match (searched)
    no_match = ["反馈会议"]                          # none may match

Rules may carry the keys their dimension reads (`value = "completed"`, `key = "problems"` …):
typed fields of `Rule` (an enum or a set of literals where a value is one of a set); a key the
model does not know fails loading. A bad file fails loudly with the file and rule named. Patterns
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
content, this module's own source and the Python and `regex` versions: any change to a rule
file, to the rule model or to an engine builds it anew. The `regex` module pickles its compiled
code, so loading skips its (pure-Python) compiler; `engine = "re"` rules are rebuilt through
`compiled` (the stdlib engine's code, kept in the same folder). `NOTICE_PARSE_CACHE=off`
disables the cache.
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
from enum import Enum
from typing import Any, Literal, Optional, Union

import regex
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator, model_validator

from . import compiled


class PatternFileError(ValueError):
    """A pattern file that cannot be used; the message names the file and the rule."""


class IssueRuleKind(str, Enum):
    """What an `issues.toml` rule finds (the issue reader runs the rules of one kind together)."""

    section = "section"
    exclude = "exclude"
    closing = "closing"
    category = "category"
    quoted_title = "quoted_title"
    title_prefix = "title_prefix"
    measure_label = "measure_label"
    progress_label = "progress_label"
    status_tag = "status_tag"
    measure_end = "measure_end"
    status = "status"
    long_term = "long_term"
    enumerator = "enumerator"
    digest_clause = "digest_clause"
    table_header = "table_header"
    finding_lead = "finding_lead"
    finding_list = "finding_list"
    requirement_lead = "requirement_lead"
    shortcoming = "shortcoming"
    finding_item = "finding_item"
    findings_section = "findings_section"


# A notice's kind (SPEC `kind`; `models.Kind`), as `kind.toml` cues and issue rules name it.
NoticeKind = Literal["rectification", "digest", "stationing", "feedback", "unknown"]
# The SPEC `summary` keys, as `summary.toml` rules name the total they find.
SummaryKey = Literal["aspects", "problems", "problems_rectified", "problems_in_progress", "measures", "rules",
                     "people_handled", "funds_recovered_yuan"]
# What a `summary.toml` context rule (no `key`) tells about where a count stands.
SummaryRole = Literal["not_this_inspection", "round", "problem_heading", "problem_word", "part_heading", "problem_lead"]
# Zones of a notice a `kind.toml` cue is searched in.
Zone = Literal["title", "lead", "body"]


class Rule(BaseModel):
    # Every key a rule file may hold is a field below: a misspelt key fails loading, naming
    # the file and the rule.
    model_config = ConfigDict(extra="forbid")
    _compiled: Any = PrivateAttr(default=None)
    _runner: Any = PrivateAttr(default=None)  # built by `rules.runner.of` on first use; never pickled

    name: str = Field(min_length=1)
    pattern: str = Field(min_length=1)
    match: list[str] = Field(default_factory=list)
    no_match: list[str] = Field(default_factory=list)
    flags: list[str] = Field(default_factory=list)
    engine: Literal["regex", "re"] = "regex"
    # How much a match counts, for files that score cues (`kind.toml`); None elsewhere.
    weight: Optional[float] = Field(default=None, gt=0, le=100)

    # -- Hints for `rules.runner`: how to find the matches faster, never which ones. Patterns
    # here are for the stdlib engine (`re`), `{name}` placeholders allowed.
    # Something every match holds (with what its lookarounds read): a pattern, or literal words
    # any of which stands in every match. A span (or window) without one is not searched.
    require: Optional[Union[str, list[str]]] = None
    # Where a match may start: a pattern that holds (as a lookahead) at every such position, or
    # the literal words every match starts with. The rule is tried only there.
    start_at: Optional[Union[str, list[str]]] = None
    # The literal words every match ends with (`】`, `)`): a caller that wants only a match
    # ending at one place (a tag closing a paragraph) looks there first. Checked on the
    # examples on load.
    end_at: Optional[list[str]] = None
    # A pattern with a hit in every match, found first; the rule is read only around its hits:
    # either exactly (`before`: a match starts at most this many characters before its hit;
    # `reach`: no attempt reads more characters than this), or in a `window` [before, after]
    # around each hit (a match the window's end cuts is read whole).
    anchor: Optional[str] = None
    # Characters one of which every anchor hit starts with: hits are looked for only there.
    anchor_starts: Optional[str] = Field(default=None, min_length=1)
    # Where a `start_at` pattern can hold: at one of `start_chars`, or at most `start_back`
    # characters before one of `start_marks` (`十五届`: numerals before 届); tested only there.
    start_chars: Optional[str] = Field(default=None, min_length=1)
    start_marks: Optional[str] = Field(default=None, min_length=1)
    start_back: Optional[int] = Field(default=None, ge=1)
    before: Optional[int] = Field(default=None, ge=0)
    reach: Optional[int] = Field(default=None, ge=1)
    window: Optional[tuple[int, int]] = None
    # With a `window`: patterns, each one literal character then lookarounds only, one of which
    # matches in the whole text at a character of every match. Only windows holding one are read.
    spot: Optional[list[str]] = None

    # -- What the owning dimension reads (each file uses its own few; see its description).
    # issues.toml: the rule's kind, the notice kinds it is limited to, a status rule's value,
    # whether it counts outside a progress line (`scope`) and adds the long-term flag, an
    # exclusion that holds inside a part too (`inside`). kind.toml: the kind a cue speaks for.
    kind: Optional[Union[IssueRuleKind, NoticeKind]] = None
    kinds: Optional[list[NoticeKind]] = None
    value: Optional[Literal["completed", "in_progress"]] = None
    scope: Optional[Literal["any", "progress"]] = None
    long_term: bool = False
    inside: bool = False
    # An `enumerator` rule: words every match whose item is number one holds (`一是`, `①`); a
    # span holding none has no list of this scheme (lists count up from one). Checked over
    # every corpus text by tests/issues/test_fast_paths.py.
    first_item: Optional[list[str]] = None
    # kind.toml: the zones a cue is searched in and what it does (scores, vetoes, says several
    # units); chrome.toml: where a chrome line stands (`top`, `footer`, `both`).
    where: Optional[Union[Literal["top", "footer", "both"], list[Zone]]] = None
    effect: Optional[Literal["score", "veto", "several"]] = None
    # summary.toml: the SPEC key a total is for, or the role of a context rule.
    key: Optional[SummaryKey] = None
    role: Optional[SummaryRole] = None
    # dates.toml: the longest text a connector can match (`connector`); how far before a date
    # an open start is looked for (`open_start`).
    longest: Optional[int] = Field(default=None, ge=1)
    back: Optional[int] = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _hints_agree(self) -> "Rule":
        exact = self.before is not None or self.reach is not None
        if exact and (self.before is None or self.reach is None):
            raise ValueError("`before` and `reach` go together")
        if (exact or self.window is not None) and not self.anchor:
            raise ValueError("`before`/`reach` and `window` need an `anchor`")
        if self.anchor and exact == (self.window is not None):
            raise ValueError("an `anchor` needs either `before` and `reach` or a `window`")
        if self.spot is not None and self.window is None:
            raise ValueError("`spot` needs a `window`")
        if self.anchor_starts and not self.anchor:
            raise ValueError("`anchor_starts` needs an `anchor`")
        if self.start_chars and not isinstance(self.start_at, str):
            raise ValueError("`start_chars` needs a `start_at` pattern")
        if (self.start_marks is None) != (self.start_back is None) or (self.start_marks and not self.start_chars):
            raise ValueError("`start_marks` and `start_back` go together, with `start_chars`")
        for name in ("require", "start_at", "end_at", "first_item"):
            value = getattr(self, name)
            if isinstance(value, list) and not all(value):
                raise ValueError(f"`{name}` words must not be empty")
        return self

    @field_validator("flags")
    @classmethod
    def _known_flags(cls, v: list[str]) -> list[str]:
        bad = [f for f in v if f not in _FLAG_NAMES]
        if bad:
            raise ValueError(f"unknown flags {bad}; use {sorted(_FLAG_NAMES)}")
        return v

    @property
    def regex(self) -> "re.Pattern[str] | regex.Pattern[str]":
        return self.__pydantic_private__["_compiled"]

    def __getstate__(self) -> dict[Any, Any]:
        state = super().__getstate__()
        private = state.get("__pydantic_private__")
        if private and private.get("_runner") is not None:
            state["__pydantic_private__"] = {**private, "_runner": None}
        return state


# The same values in both engines.
_FLAG_NAMES = {"IGNORECASE": re.IGNORECASE, "MULTILINE": re.MULTILINE, "DOTALL": re.DOTALL}


class PatternFile(BaseModel):
    model_config = ConfigDict(extra="allow")

    description: str = ""
    defs: dict[str, str] = Field(default_factory=dict)
    rule: list[Rule] = Field(default_factory=list)

    def rules(self) -> list[Rule]:
        return self.rule

    def get(self, name: str) -> Rule:
        for r in self.rule:
            if r.name == name:
                return r
        raise KeyError(name)

    def table(self, key: str) -> Any:
        """An extra top-level table of the file (e.g. `[[case]]` corpus entries)."""
        return (self.model_extra or {}).get(key)


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

    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PatternFileError(f"{name}: not valid TOML: {exc}") from exc
    for i, r in enumerate(raw.get("rule", []) or []):
        try:
            Rule.model_validate(r)
        except ValidationError as exc:
            label = r.get("name") if isinstance(r, dict) else None
            raise PatternFileError(f"{name}: rule {label or '#' + str(i + 1)!r}: {exc}") from exc
    try:
        pf = PatternFile.model_validate(raw)
    except ValidationError as exc:
        raise PatternFileError(f"{name}: {exc}") from exc
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
                return pickle.load(fh)
        except Exception:  # missing, stale format, truncated: build it anew below
            pass
    pf = parse_pattern_file(path.name, text)
    if cached is not None:
        _store(cached, pf)
    return pf


_cache_folder = compiled.cache_folder


@lru_cache(maxsize=1)
def _cache_salt() -> bytes:
    """What else a compiled file depends on: this module (the rule model), `compiled` (which
    rebuilds stdlib patterns), Python and `regex`."""
    own = Path(__file__).read_bytes() + Path(compiled.__file__).read_bytes()
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
    key = hashlib.sha256(_cache_salt() + text.encode("utf-8")).hexdigest()[:32]
    return folder / f"{Path(name).stem}-{key}.pickle"


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
