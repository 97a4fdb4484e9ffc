"""The rule model: every key a pattern file may hold, typed and validated by Pydantic.

`rules.patterns` validates a file with it when it builds the file (a compiled file not yet in
the per-user cache) and then keeps plain `patterns.Rule` objects with the same attributes: a
run whose compiled files are cached never builds these models. This is the one place that
defines the keys (the compiled-file cache is keyed by this module's source too).
"""
from __future__ import annotations

from typing import Annotated, Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, Strict, field_validator, model_validator

from .vocabulary import FLAG_NAMES, IssueRuleKind, NoticeKind, SummaryKey, SummaryRole, Zone


class RuleModel(BaseModel):
    # Every key a rule file may hold is a field below: a misspelt key fails loading, naming
    # the file and the rule.
    model_config = ConfigDict(extra="forbid")

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
    def _hints_agree(self) -> "RuleModel":
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
        bad = [f for f in v if f not in FLAG_NAMES]
        if bad:
            raise ValueError(f"unknown flags {bad}; use {sorted(FLAG_NAMES)}")
        return v


class FileModel(BaseModel):
    # Other top-level tables (`[defs]` aside) belong to the owning module (`[[case]]`, `[zones]`…).
    model_config = ConfigDict(extra="allow")

    description: str = ""
    defs: dict[str, str] = Field(default_factory=dict)
    rule: list[RuleModel] = Field(default_factory=list)


class KindCueModel(RuleModel):
    """A `kind.toml` rule: a cue for the notice kind it names, searched in the zones it lists;
    it scores (with its weight), vetoes its kind, or says the notice names several units."""

    kind: NoticeKind
    where: list[Zone] = Field(min_length=1)
    effect: Literal["score", "veto", "several"] = "score"

    @model_validator(mode="after")
    def _scoring_needs_weight(self) -> "KindCueModel":
        if self.effect == "score" and self.weight is None:
            raise ValueError("a scoring cue needs a weight")
        return self


class KindDecide(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # The kinds in the order that breaks a tie.
    order: list[NoticeKind] = Field(min_length=1)


class KindFileModel(FileModel):
    """`kind.toml`: its cues and the tables `meta.classify` reads: a factor per zone, how many
    characters the lead and the body zone take, and the order that breaks ties."""

    rule: list[KindCueModel] = Field(default_factory=list)
    # Strict: a number written as text (`lead = "2"`) is a mistake in the file, not a number.
    zones: dict[Zone, Annotated[float, Strict()]]
    limits: dict[Literal["lead_chars", "body_chars"], Annotated[int, Strict()]]
    decide: KindDecide


# Files whose rules and tables have a model of their own (a file not named here: `FileModel`).
FILE_MODELS: dict[str, tuple[type[FileModel], type[RuleModel]]] = {"kind.toml": (KindFileModel, KindCueModel)}


def file_model(name: str) -> tuple[type[FileModel], type[RuleModel]]:
    """The models that validate the pattern file `name` (`kind.toml`) and each of its rules."""
    return FILE_MODELS.get(name, (FileModel, RuleModel))


def tables(valid: FileModel) -> dict[str, Any]:
    """The file's own top-level tables (`[zones]`, `[[case]]`…) as plain data, validated ones
    included."""
    own = [k for k in type(valid).model_fields if k not in FileModel.model_fields]
    return {**(valid.model_extra or {}), **valid.model_dump(include=set(own))}


def fields(rule: RuleModel) -> dict[str, Any]:
    """The rule's keys and values, defaults filled in (what a `patterns.Rule` holds)."""
    return dict(rule.__dict__)
