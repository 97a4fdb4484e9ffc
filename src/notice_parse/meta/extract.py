"""Notice-level facts: kind, title, issuer, signing date, publishing time, source site."""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Optional

from ..rules import patterns, runner
from ..dates.mentions import parse_single
from ..text.document import Document
from ..text.furniture import end_lines, published
from ..models import Kind, Meta
from ..text.normalize import clean_value, squeeze
from ..rules import compiled

# `来源:寿州廉政网` up to a run of spaces, a `|`, or the next label (saved pages often glue the
# next label on: `来源:县财政局浏览次数:`).
_SOURCE = compiled.re(
    r"(?:文章|信息)?来源\s*:\s*(?P<v>[^\s|【】\[\]]+?(?: [^\s|:【】\[\]]+)*?)"
    r"(?=\s{2,}|\s*[|【】\[\]]|\s+(?:作者|时间|发布|浏览|点击|字号|编辑|责任编辑|责编|记者|通讯员)"
    r"|(?:作者|(?:发布)?时间|发布|浏览|点击|阅读|字号|编辑|责任编辑)(?:次数|量|数)?\s*:|\s*$)"
)


class _Cue:
    """What a `kind.toml` cue says: the kind it speaks for, its zones, its effect."""

    __slots__ = ("kind", "where", "effect")

    def __init__(self, kind: str, where: list[str], effect: str) -> None:
        self.kind, self.where, self.effect = kind, where, effect

    def __repr__(self) -> str:
        return f"_Cue(kind={self.kind!r}, where={self.where!r}, effect={self.effect!r})"


class _KindRules:
    """`kind.toml` as `classify` reads it: zone factors, the lead's and body's lengths, the order that breaks
    ties, and the cues as (the rule's runner, cue, weight)."""

    def __init__(self, zones: dict[str, float], limits: dict[str, int], order: list[str],
                 cues: list[tuple[Any, _Cue, float]]) -> None:
        self.zones, self.limits, self.order, self.cues = zones, limits, order, cues

    @property
    def by_zone(self) -> dict[str, list[tuple[Any, _Cue, float]]]:
        # Built once (`setdefault` with the table as its argument rebuilt it on every call).
        if "_by_zone" not in self.__dict__:
            self.__dict__["_by_zone"] = {z: [c for c in self.cues if z in c[1].where] for z in ("title", "lead", "body")}
        return self.__dict__["_by_zone"]

    @property
    def body_max(self) -> dict[str, float]:
        """The most a kind can gain from the body."""
        if "_body_max" not in self.__dict__:
            out: dict[str, float] = {}
            for _run, cue, weight in self.by_zone["body"]:
                if cue.effect == "score":
                    out[cue.kind] = max(out.get(cue.kind, 0.0), weight * self.zones["body"])
            self.__dict__["_body_max"] = out
        return self.__dict__["_body_max"]

    @property
    def plan(self) -> "_Plan":
        if "_plan" not in self.__dict__:
            self.__dict__["_plan"] = _Plan(self)
        return self.__dict__["_plan"]


class _Plan:
    """The cues of each zone as `classify` searches them: vetoes, several-units cues, and
    scoring cues strongest first as (runner, kind, weight × zone factor); `reach[zone][i]`:
    the most each kind can score from the zone's `i`-th scoring cue on."""

    def __init__(self, rules: "_KindRules") -> None:
        self.vetoes: dict[str, list[tuple[Any, str]]] = {}
        self.several: dict[str, list[Any]] = {}
        self.scoring: dict[str, list[tuple[Any, str, float]]] = {}
        self.reach: dict[str, list[dict[str, float]]] = {}
        for zone, cues in rules.by_zone.items():
            factor = rules.zones[zone]
            self.vetoes[zone] = [(run, cue.kind) for run, cue, _w in cues if cue.effect == "veto"]
            self.several[zone] = [run for run, cue, _w in cues if cue.effect == "several"]
            scoring = [(run, cue.kind, weight * factor) for run, cue, weight in cues if cue.effect == "score"]
            scoring.sort(key=lambda c: -c[2])  # stable: equal weights keep the file's order
            self.scoring[zone] = scoring
            reach: list[dict[str, float]] = [{}]
            for _run, kind, score in reversed(scoring):
                most = dict(reach[0])
                most[kind] = max(most.get(kind, 0.0), score)
                reach.insert(0, most)
            self.reach[zone] = reach
        # What each kind can score in the zones after each one, and each kind's rank (ties).
        self.rest: dict[str, dict[str, float]] = {}
        later: dict[str, float] = {}
        for zone in ("body", "lead", "title"):
            self.rest[zone] = dict(later)
            for kind, most in self.reach[zone][0].items():
                later[kind] = later.get(kind, 0.0) + most
        self.rank = {k: i for i, k in enumerate(rules.order)}


@lru_cache(maxsize=1)
def _kind_rules() -> _KindRules:
    return build_kind_rules(patterns.load("kind"))


def build_kind_rules(pf: patterns.PatternFile) -> _KindRules:
    """The cues and tables of a loaded `kind.toml`, as `classify` reads them. The file was
    validated when it was compiled (`rules.model.KindFileModel`: each cue names a notice kind,
    its zones and, when it scores, a weight; the tables hold numbers for every zone and limit)."""
    cues = [(runner.of(r), _Cue(str(r.kind), list(r.where), r.effect), r.weight or 0.0)  # searched with its `require` words
            for r in pf.rules()]
    zones, limits, decide = pf.table("zones"), pf.table("limits"), pf.table("decide")
    return _KindRules(dict(zones), dict(limits), list(decide["order"]), cues)


def _lead(doc: Document, lead_chars: int) -> tuple[str, int]:
    """The lead, white space removed: the body's first paragraph, with the next ones while it is
    shorter than a sentence (e.g. after a `本报讯` line); and the offset where the lead ends."""
    body = doc.segments.body
    if not body:
        return "", 0
    lines = doc.lines
    start = lines[body[0]].start
    k, end = 0, start
    while k < len(body):
        end = lines[body[k]].end
        k += 1
        if end - start >= 40:
            break
    end = min(end, start + lead_chars)
    return squeeze(doc.text[start:end]), end


def _body(doc: Document, start: int, body_chars: int) -> str:
    """The body text after the lead (up to `body_chars`), white space removed."""
    if not doc.segments.body:
        return ""
    return squeeze(doc.text[start:min(doc.body_span[1], start + body_chars)])


def kind_scores(doc: Document, title: Optional[str]) -> dict[str, float]:
    """Each kind's score (see `patterns/kind.toml`); `{"unknown": inf}` when a veto matched,
    and the key `several` when a several-units cue is in the title or lead.

    Title and lead are scored first; the body is read only when its cues could still change
    the winner (most notices say what happened in the title or lead)."""
    rules = _kind_rules()
    lead, body_start = _lead(doc, rules.limits["lead_chars"])
    best: dict[tuple[str, str], float] = {}
    several = False
    for zone, text in (("title", squeeze(title or "")), ("lead", lead), ("body", None)):
        if zone == "body":
            if _decided(best, rules):
                break
            text = _body(doc, body_start, rules.limits["body_chars"])
        if not text:
            continue
        factor = rules.zones[zone]
        for run, cue, weight in rules.by_zone[zone]:
            if not run.search(text):
                continue
            if cue.effect == "veto":
                return {cue.kind: float("inf")}
            if cue.effect == "several":
                several = True
                continue
            key = (cue.kind, zone)
            best[key] = max(best.get(key, 0.0), weight * factor)
    scores: dict[str, float] = {}
    for (kind, _zone), value in best.items():
        scores[kind] = scores.get(kind, 0.0) + value
    if several:
        scores["several"] = 1.0
    return scores


def _decided(best: dict[tuple[str, str], float], rules: _KindRules) -> bool:
    """Whether no body cue can change the leader of title and lead: every other kind stays
    below it even with its strongest body cue (exact; the body only adds)."""
    scores: dict[str, float] = {}
    for (kind, _zone), value in best.items():
        scores[kind] = scores.get(kind, 0.0) + value
    if not scores:
        return False
    order = rules.order
    leader = min(scores, key=lambda k: (-scores[k], order.index(k) if k in order else len(order)))
    if leader not in order:
        return False

    def stays_behind(k: str) -> bool:
        reach = scores.get(k, 0.0) + rules.body_max.get(k, 0.0)
        return reach < scores[leader] or (reach == scores[leader] and order.index(leader) < order.index(k))

    return all(stays_behind(k) for k in order if k != leader)


def classify(doc: Document, title: Optional[str]) -> Kind:
    """The kind of the event the notice reports, from cues in its title, lead and body.

    What `kind_scores` ranks, found with fewer searches (never a different kind; tests/meta
    checks both on every corpus text): vetoes first; then each zone's scoring cues strongest
    first, a cue skipped where it cannot raise its kind's score in the zone, and no cue at all
    once no cue left can change the leader; the several-units cues only when rectification won."""
    rules = _kind_rules()
    plan = rules.plan
    lead, body_start = _lead(doc, rules.limits["lead_chars"])
    texts = {"title": squeeze(title or ""), "lead": lead}
    for zone in ("title", "lead"):
        text = texts[zone]
        for run, kind in plan.vetoes[zone] if text else ():
            if run.search(text):  # `kind_scores` gives {kind: inf}: that kind, if one to rank
                return kind if kind in rules.order else "unknown"
    best: dict[tuple[str, str], float] = {}
    # Zones in order; one whose text is empty adds nothing (`kind_scores` skips it).
    zones = [z for z in ("title", "lead", "body") if z == "body" or texts[z]]
    for zone in zones:
        if _settled(best, plan, zone, 0):
            break
        text = texts[zone] if zone != "body" else _body(doc, body_start, rules.limits["body_chars"])
        if not text:
            continue
        for i, (run, kind, score) in enumerate(plan.scoring[zone]):
            key = (kind, zone)
            if best.get(key, 0.0) >= score or not run.search(text):
                continue
            best[key] = score
            if _settled(best, plan, zone, i + 1):
                break
        else:
            continue
        break
    scores: dict[str, float] = {}
    for (kind, _zone), value in best.items():
        scores[kind] = scores.get(kind, 0.0) + value
    order = rules.order
    ranked = sorted((k for k in scores if k in order), key=lambda k: (-scores[k], order.index(k)))
    if not ranked:
        return "unknown"
    kind = ranked[0]
    if kind == "rectification" and any(texts[z] and run.search(texts[z]) for z in ("title", "lead")
                                       for run in plan.several[z]):
        return "digest"
    return kind


def _settled(best: dict[tuple[str, str], float], plan: "_Plan", zone: str, i: int) -> bool:
    """Whether the leader of `best` stays the leader whatever the scoring cues not yet searched
    (from the `i`-th of `zone` on, then every cue of the later zones) find: each other kind
    stays below it even if each of those cues matched (exact: scores only add)."""
    if not best:
        return False
    scores: dict[str, float] = {}
    for (kind, _zone), value in best.items():
        scores[kind] = scores.get(kind, 0.0) + value
    rank = plan.rank
    leader = min(scores, key=lambda k: (-scores[k], rank.get(k, len(rank))))
    if leader not in rank:
        return False
    top, first = scores[leader], rank[leader]
    here, rest = plan.reach[zone][i], plan.rest[zone]
    for k, r in rank.items():
        if k == leader:
            continue
        gain = here.get(k, 0.0) - best.get((k, zone), 0.0)
        reach = scores.get(k, 0.0) + rest.get(k, 0.0) + (gain if gain > 0 else 0.0)
        if reach > top or (reach == top and r < first):
            return False
    return True


def _source_site(doc: Document) -> tuple[Optional[str], Optional[tuple[int, int]]]:
    """The `来源:` of the publishing line under the title, else of a line at the article's end."""
    starts, ends, find = doc.lines.starts, doc.lines.ends, doc.text.find
    for i in list(doc.segments.chrome_top) + end_lines(doc):
        # Every `_SOURCE` match holds 来源: a line without 源 is not searched (most are not labels).
        if find("源", starts[i], ends[i]) < 0:
            continue
        m = _SOURCE.search(doc.text, starts[i], ends[i])
        if m:
            start, end = m.span("v")
            # `(来源:某县融媒体中心)`: the closing bracket of the line is not the value's.
            raw = doc.text[start:end].rstrip()
            if raw and raw[-1] in ")）" and raw.count(raw[-1]) > raw.count("(" if raw[-1] == ")" else "（"):
                end = start + len(raw) - 1
            value = clean_value(doc.text[start:end])
            if value:
                return value, (start, end)
    return None, None


# A list bullet before a title (`• 县委第二巡察组…`, `■ 九届县委…`): page furniture, not the title.
_BULLET = compiled.re(r"[\s•·●○■□◆◇▪▫►▶▸★☆※→◎]+")


def _unbulleted(doc: Document, span: tuple[int, int]) -> tuple[int, int]:
    m = _BULLET.match(doc.text, span[0], span[1])
    return (m.end(), span[1]) if m and m.end() < span[1] else span


def _unbracketed(doc: Document, span: tuple[int, int]) -> tuple[int, int]:
    """A title set in `【…】` (or `[…]`) as a whole: the span inside the brackets."""
    raw = doc.slice(span)
    s, e = raw.strip(), len(raw.rstrip())
    if len(s) > 2 and (s[0], s[-1]) in (("【", "】"), ("[", "]")) and s.count(s[0]) == 1 and s.count(s[-1]) == 1:
        return span[0] + raw.index(s[0]) + 1, span[0] + e - 1
    return span


def extract_meta(doc: Document) -> Meta:
    seg = doc.segments
    meta = Meta()
    if seg.title or seg.title_span:
        if seg.title:
            first, last = doc.lines[seg.title[0]], doc.lines[seg.title[-1]]
            span = (first.content_span[0], last.content_span[1])
        else:
            span = seg.title_span
        span = _unbracketed(doc, _unbulleted(doc, span))
        meta.title = clean_value(doc.slice(span)) or None
        if meta.title:
            meta.spans["title"] = span
    if seg.issuer_span:
        meta.issuer = clean_value(doc.slice(seg.issuer_span)) or None
        if meta.issuer:
            meta.spans["issuer"] = seg.issuer_span
    if seg.signing_date_span:
        meta.issued_on = parse_single(doc.slice(seg.signing_date_span), seg.signing_date_span)
    meta.published_at, span = published(doc)
    if span:
        meta.spans["published_at"] = span
    meta.source_site, span = _source_site(doc)
    if span:
        meta.spans["source_site"] = span
    meta.kind = classify(doc, meta.title)
    return meta
