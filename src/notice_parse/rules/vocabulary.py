"""The value sets of the rule model's typed keys (`rules.model` types the fields with them).

Apart from the model so that a compiled rule file (`rules.patterns`) loads without it: an
issue rule's `kind` is an `IssueRuleKind` member, and unpickling one imports only this module.
"""
from __future__ import annotations

import re
from enum import Enum
from typing import Literal


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

# A rule's `flags`: the same values in both engines.
FLAG_NAMES = {"IGNORECASE": re.IGNORECASE, "MULTILINE": re.MULTILINE, "DOTALL": re.DOTALL}
