"""One inspection's story across its notices: `notice-parse rounds PATH...`.

An inspection of one unit is told over several pages: the stationing announcement, the feedback
news, the concentrated rectification report and later progress reports (and digests that cover
several units at once). `link` groups such notices by the inspected unit, then by the
committee's round where the notices state it, else by the order of their dates, and says for
every link why it was made. Notices are bucketed by their normalised unit name first, so
linking is linear in the number of notices (each bucket is small), never all pairs.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Optional
from ..rules import compiled

REPORT_WITHIN_DAYS = 60  # the customary two months from feedback to the rectification report
# A feedback or report further than this after an inspection's last event starts a new one,
# unless a stated round ties them.
MAX_GAP_DAYS = 3 * 365
STAGE = {"stationing": 0, "feedback": 1, "rectification": 2, "digest": 2, "unknown": 3}

_PARTY = compiled.re(r"^(?:中国共产党|中共)")
# `中共某县财政局党组` and `县财政局` are one unit: the party organ's suffix is dropped...
_ORGAN = compiled.re(r"(?:机关)?(?:党组织|党组|党委|党工委|党总支|党支部|总支部|支部|领导班子)$")
# ...and so is a place name before the level it belongs to (`某县财政局` → `县财政局`), when a
# name of two or more characters follows the level (`白河市委` keeps its place).
_PLACE = compiled.re(r"^[\u4e00-\u9fff]{1,5}?(?=[省市县区州旗盟]\S{2,})")
_NOISE = compiled.re(r"[\s“”\"'《》()()·]")


def unit_key(name: str) -> str:
    """The normalised name two notices must share to be about one unit.

    >>> unit_key("中共某县财政局党组") == unit_key("县财政局")
    True
    >>> unit_key("白河市委")
    '白河市委'
    """
    from ..text.normalize import fold

    key = _NOISE.sub("", fold(name))
    key = _PARTY.sub("", key)
    stripped = _ORGAN.sub("", key)
    key = stripped if len(stripped) >= 2 else key
    return _PLACE.sub("", key)


def as_date(value) -> Optional[dt.date]:
    if not value:
        return None
    if isinstance(value, dict):
        value = value.get("earliest")
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@dataclass
class NoticeRef:
    """What linking needs from one notice."""

    key: object  # the notice's id in a database, or its path
    path: Optional[str]
    kind: str
    authority: Optional[str]
    term: Optional[int]
    round: Optional[int]
    units: list[str]
    date: Optional[dt.date]  # the date of the event the notice reports
    window: tuple[Optional[dt.date], Optional[dt.date]] = (None, None)
    feedback: Optional[dt.date] = None
    issues: list[tuple[str, Optional[str], Optional[str]]] = field(default_factory=list)  # title, status, unit

    @classmethod
    def from_record(cls, key, record: dict) -> "NoticeRef":
        insp = record.get("inspection") or {}
        window = insp.get("window") or {}
        issues = [(i.get("title") or "", i.get("status"), i.get("unit")) for i in record.get("issues") or []]
        return cls.build(key, (record.get("source") or {}).get("path"), record.get("kind") or "unknown",
                         insp.get("authority"), insp.get("term"), insp.get("round"), list(insp.get("targets") or []),
                         as_date(window.get("start")), as_date(window.get("end")), as_date(insp.get("feedback")),
                         as_date(record.get("issued_on")), as_date(record.get("published_at")), issues,
                         issuer=record.get("issuer"))

    @classmethod
    def build(cls, key, path, kind, authority, term, round_, units, start, end, feedback, issued, published,
              issues, issuer: Optional[str] = None) -> "NoticeRef":
        if not units and kind == "rectification" and issuer:
            units = [issuer]  # a unit's own report, signed by it
        if kind == "stationing":
            date = start or published or issued
        elif kind == "feedback":
            date = feedback or published or issued
        else:
            date = issued or published
        return cls(key, path, kind, authority, term, round_, units, date, (start, end), feedback, issues)


@dataclass
class Link:
    ref: NoticeRef
    unit: str  # the unit as this notice writes it
    reason: str


@dataclass
class Inspection:
    unit_key: str
    links: list[Link] = field(default_factory=list)

    @property
    def refs(self) -> list[NoticeRef]:
        return [link.ref for link in self.links]

    def _first(self, attr: str):
        for ref in self.refs:
            value = getattr(ref, attr)
            if value is not None:
                return value
        return None

    @property
    def authority(self) -> Optional[str]:
        return self._first("authority")

    @property
    def term(self) -> Optional[int]:
        return self._first("term")

    @property
    def round(self) -> Optional[int]:
        return self._first("round")

    @property
    def last_date(self) -> Optional[dt.date]:
        dates = [r.date for r in self.refs if r.date]
        return max(dates) if dates else None

    def compatible(self, ref: NoticeRef) -> bool:
        """False when a stated fact contradicts: another committee, term or round."""
        for attr in ("authority", "term", "round"):
            mine, theirs = getattr(self, attr), getattr(ref, attr)
            if mine is not None and theirs is not None and mine != theirs:
                return False
        return True

    def timeline(self, report_within: int = REPORT_WITHIN_DAYS) -> dict:
        refs = self.refs
        stationing = [r for r in refs if r.kind == "stationing"]
        window = next((r.window for r in refs if r.window[0] or r.window[1]), (None, None))
        stationed = window[0] or (stationing[0].date if stationing else None)
        feedback = self._first("feedback") or next((r.date for r in refs if r.kind == "feedback" and r.date), None)
        reports = sorted((r for r in refs if r.kind in ("rectification", "digest") and r.date), key=lambda r: r.date)
        first_report = reports[0].date if reports else None
        days_to_feedback = (feedback - (window[1] or stationed)).days if feedback and (window[1] or stationed) else None
        days_to_report = (first_report - feedback).days if first_report and feedback else None
        return {
            "stationed": stationed,
            "window": {"start": window[0], "end": window[1]} if window[0] or window[1] else None,
            "feedback": feedback,
            "reports": [{"date": r.date, "path": r.path, "kind": r.kind} for r in reports],
            "days_to_feedback": days_to_feedback,
            "days_to_report": days_to_report,
            "late": None if days_to_report is None else days_to_report > report_within,
        }

    def status_changes(self) -> list[dict]:
        """Problems whose status differs from the one the last earlier report gave them
        (matched by title; a report that does not mention a problem leaves it as it was)."""
        reports = sorted((r for r in self.refs if r.kind in ("rectification", "digest") and r.date),
                         key=lambda r: r.date)
        last: dict[str, tuple[Optional[str], Optional[str]]] = {}  # title → status, path
        changes = []
        for report in reports:
            for key, (title, status) in self._statuses(report).items():
                if key in last and last[key][0] != status:
                    changes.append({"title": title, "from": last[key][0], "to": status,
                                    "earlier": last[key][1], "later": report.path})
                last[key] = (status, report.path)
        return changes

    def _statuses(self, ref: NoticeRef) -> dict[str, tuple[str, Optional[str]]]:
        out = {}
        for title, status, unit in ref.issues:
            if unit and unit_key(unit) != self.unit_key:
                continue  # a digest's issue of another unit
            out[_title_key(title)] = (title, status)
        return out

    def to_dict(self, report_within: int = REPORT_WITHIN_DAYS) -> dict:
        names = list(dict.fromkeys(link.unit for link in self.links))
        return {
            "unit": names[0],
            "names": names,
            "unit_key": self.unit_key,
            "authority": self.authority,
            "term": self.term,
            "round": self.round,
            **self.timeline(report_within),
            "notices": [{"path": l.ref.path, "kind": l.ref.kind, "date": l.ref.date, "reason": l.reason}
                        for l in self.links],
            "changes": self.status_changes(),
        }


def _title_key(title: str) -> str:
    return re.sub(r"[\s,,。.;;::、“”\"']", "", title)


def _round_name(ref: NoticeRef) -> str:
    parts = [ref.authority or "", f"{ref.term}届" if ref.term else "", f"第{ref.round}轮" if ref.round else ""]
    return "".join(parts)


def _place(inspections: list[Inspection], ref: NoticeRef, key: str) -> tuple[Optional[Inspection], str]:
    """The inspection a notice belongs to among those of its unit, and why (None: a new one)."""
    candidates = [i for i in inspections if i.compatible(ref)]
    if ref.round is not None:
        for insp in candidates:
            if insp.round == ref.round:
                return insp, f"same unit ({key}) and round ({_round_name(ref)})"
    if ref.kind == "stationing":
        return None, f"stationing opens an inspection of {key}"
    # Feedback and reports follow the latest inspection of the unit that they do not contradict.
    dated = [i for i in candidates if i.last_date and ref.date and i.last_date <= ref.date]
    if dated:
        insp = max(dated, key=lambda i: i.last_date)
        gap = (ref.date - insp.last_date).days
        if gap <= MAX_GAP_DAYS:
            prev = max((r for r in insp.refs if r.date), key=lambda r: r.date)
            return insp, (f"same unit ({key}); {ref.kind} of {ref.date} follows the {prev.kind} of "
                          f"{prev.date} by {gap} days, and no stated round differs")
    if ref.date is None and len(candidates) == 1:
        return candidates[0], f"same unit ({key}); undated, and the unit's only inspection"
    return None, f"first notice of this inspection of {key}"


def link(refs: Iterable[NoticeRef]) -> list[Inspection]:
    """Group notices into inspections of one unit each (a digest joins one per unit it covers)."""
    buckets: dict[str, list[tuple[NoticeRef, str]]] = defaultdict(list)
    for ref in refs:
        seen = set()
        for unit in ref.units:
            key = unit_key(unit)
            if key and key not in seen:
                seen.add(key)
                buckets[key].append((ref, unit))
    far = dt.date.max
    result: list[Inspection] = []
    for key, items in buckets.items():
        items.sort(key=lambda it: (it[0].date or far, STAGE.get(it[0].kind, 3)))
        inspections: list[Inspection] = []
        for ref, unit in items:
            insp, reason = _place(inspections, ref, key)
            if insp is None:
                insp = Inspection(key)
                inspections.append(insp)
            insp.links.append(Link(ref, unit, reason))
        result.extend(inspections)
    result.sort(key=lambda i: (i.links[0].ref.date or far, i.unit_key))
    return result
