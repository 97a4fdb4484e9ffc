"""The output contract of SPEC.md as Pydantic models.

Every field here is named and typed exactly as `../shared/SPEC.md` fixes it; fields may be
added (SPEC allows it) but never renamed. `Notice.to_json_dict()` gives the JSON shape that
the CLI prints: optional extras that were not asked for (issue `keywords`) are left out.
No `from __future__ import annotations`: pydantic would evaluate every field's annotation from
its string at each start (a compile and an eval each).
"""

import datetime as _dt
import functools
from dataclasses import dataclass, field
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

SCHEMA_VERSION = "1"

Span = tuple[int, int]
Precision = Literal["day", "dekad", "month", "quarter", "half", "year"]
Kind = Literal["rectification", "digest", "stationing", "feedback", "unknown"]
Status = Literal["completed", "in_progress"]
ContactKind = Literal["phone", "email", "address", "postcode", "po_box", "website"]
WarningCode = Literal[
    "count_mismatch",
    "numbering_gap",
    "unnumbered_heading",
    "date_order",
    "no_window",
    "no_issues",
    "truncated",
    "decode",
    "year_unresolved",
    "empty",
]
SummaryKey = Literal[
    "aspects",
    "problems",
    "problems_rectified",
    "problems_in_progress",
    "measures",
    "rules",
    "people_handled",
    "funds_recovered_yuan",
]
INSPECTION_TYPES = ("常规", "专项", "回头看", "机动", "提级", "交叉", "延伸", "联动")


def _no_items() -> list:
    """An empty list, as a field's `default_factory`. (Not `list` itself: pydantic reads a
    factory's signature, and `inspect.signature` of a builtin parses its text signature with
    `tokenize`, whose patterns are compiled on that first call: ~7 ms of a one-file run.)"""
    return []


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Date(_Model):
    """A date as written, with the calendar interval it denotes.

    `2018年11月中旬` → earliest 2018-11-11, latest 2018-11-20, precision `dekad`.
    """

    text: str
    earliest: _dt.date
    latest: _dt.date
    precision: Precision
    span: Optional[Span] = None


class Window(_Model):
    start: Optional[Date] = None
    end: Optional[Date] = None


class Inspection(_Model):
    mode: Optional[Literal["巡视", "巡察"]] = None
    authority: Optional[str] = None
    term: Optional[int] = None
    round: Optional[int] = None
    types: list[str] = Field(default_factory=_no_items)
    topic: Optional[str] = None
    groups: list[str] = Field(default_factory=_no_items)
    group_count: Optional[int] = None
    targets: list[str] = Field(default_factory=_no_items)
    window: Optional[Window] = None
    feedback: Optional[Date] = None
    petition_deadline: Optional[Date] = None
    # Added field (SPEC allows additions): a stated duration such as `为期45天`, kept as
    # written rather than turned into an invented end date.
    duration: Optional[str] = None


class Count(_Model):
    """A total the notice declares: `制定措施44个` → value 44."""

    value: float | int
    text: str
    span: Optional[Span] = None


class Issue(_Model):
    id: str
    parent: Optional[str] = None
    label: Optional[str] = None
    category: Optional[str] = None
    title: str
    unit: Optional[str] = None
    measures: list[str] = Field(default_factory=_no_items)
    status: Optional[Status] = None
    long_term: bool = False
    progress_text: Optional[str] = None
    span: Optional[Span] = None
    keywords: Optional[list[str]] = None


class Contact(_Model):
    kind: ContactKind
    value: str
    label: Optional[str] = None
    group: Optional[str] = None
    span: Optional[Span] = None


class Warning(_Model):
    code: WarningCode
    message: str
    span: Optional[Span] = None


@functools.cache
def _issue_list() -> TypeAdapter:
    return TypeAdapter(list[Issue])


def issues_from_dicts(rows: list[dict]) -> list[Issue]:
    """Validate many issues in one call: pydantic's per-call cost is paid once, not per issue."""
    return _issue_list().validate_python(rows) if rows else []


class Source(_Model):
    # A path that is not valid UTF-8 shows each undecodable byte as U+FFFD; its exact bytes are
    # then in `path_bytes` (base64), a field left out of the output for every other path.
    path: Optional[str] = None
    path_bytes: Optional[str] = Field(default=None, exclude_if=lambda v: v is None)
    sha256: Optional[str] = None
    encoding: Optional[str] = None
    chars: int = 0



@dataclass
class Meta:
    """The notice-level facts `meta` reads (they become the `Notice`'s fields of the same names)
    and the other dimensions take as input (the kind decides what they look for)."""
    kind: Kind = "unknown"
    title: Optional[str] = None
    issuer: Optional[str] = None
    issued_on: Optional[Date] = None
    published_at: Optional[str] = None
    source_site: Optional[str] = None
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)


class Notice(_Model):
    schema_version: Literal["1"] = SCHEMA_VERSION
    source: Source = Field(default_factory=Source)
    kind: Kind = "unknown"
    title: Optional[str] = None
    issuer: Optional[str] = None
    issued_on: Optional[Date] = None
    published_at: Optional[str] = None
    source_site: Optional[str] = None
    inspection: Inspection = Field(default_factory=Inspection)
    summary: dict[SummaryKey, Count] = Field(default_factory=dict)
    issues: list[Issue] = Field(default_factory=_no_items)
    contacts: list[Contact] = Field(default_factory=_no_items)
    warnings: list[Warning] = Field(default_factory=_no_items)
    spans: dict[str, Span] = Field(default_factory=dict)

    def to_json_dict(self) -> dict:
        """The JSON object the CLI prints (dates as ISO strings, unrequested extras left out)."""
        data = self.model_dump(mode="json")
        for issue in data["issues"]:
            if issue.get("keywords") is None:
                issue.pop("keywords", None)
        return data

    def to_json(self, pretty: bool = False) -> str:
        """`to_json_dict` as JSON text, serialised by pydantic-core (no intermediate dict: the
        CLI's hot path). Compact unless `pretty` (2-space indent); non-ASCII written as is."""
        unrequested = [i for i, issue in enumerate(self.issues) if issue.keywords is None]
        if not unrequested:
            exclude = None
        elif len(unrequested) == len(self.issues):  # the usual case: one rule for all, cheaper
            exclude = {"issues": {"__all__": {"keywords"}}}
        else:
            exclude = {"issues": {i: {"keywords"} for i in unrequested}}
        return self.model_dump_json(indent=2 if pretty else None, exclude=exclude)


class ErrorInfo(_Model):
    type: str
    message: str


class ErrorRecord(_Model):
    """What the CLI prints for an input it could not read or parse; the run goes on."""

    source: Source
    error: ErrorInfo

    def to_json_dict(self) -> dict:
        return self.model_dump(mode="json")

    def to_json(self, pretty: bool = False) -> str:
        return self.model_dump_json(indent=2 if pretty else None)


# Properties left out of the output when unset (so not `required` in the schema).
_OMITTED_WHEN_UNSET = {"Source": {"path_bytes"}, "Issue": {"keywords"}}


def json_schema() -> dict:
    """JSON Schema (draft 2020-12) of one output record: a parsed notice or, for an input that
    could not be read or parsed, an error record (`notice-parse schema`). Every property the
    output always carries is `required`, so `{}` does not validate."""
    notice = Notice.model_json_schema()
    error = ErrorRecord.model_json_schema()
    defs = {**notice.pop("$defs", {}), **error.pop("$defs", {})}
    defs["Notice"], defs["ErrorRecord"] = notice, error
    for name, definition in defs.items():
        props = definition.get("properties")
        if props:
            omitted = _OMITTED_WHEN_UNSET.get(name, set())
            definition["required"] = [k for k in props if k not in omitted]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://notice-parse.invalid/schema/notice-v1.json",
        "title": "notice-parse output record (schema_version 1): a Notice or an ErrorRecord",
        "oneOf": [{"$ref": "#/$defs/Notice"}, {"$ref": "#/$defs/ErrorRecord"}],
        "$defs": dict(sorted(defs.items())),
    }
