"""`meta.classify` searches fewer cues than `kind_scores` (vetoes first, the strongest cues
first, none once the leader is settled, several-units cues only when rectification won): it
must give exactly the kind that ranking `kind_scores` gives, on every text the project has,
with its own title, without one, and with each kind.toml example as the title."""
from __future__ import annotations


from notice_parse.meta.extract import _kind_rules, classify, extract_meta, kind_scores
from notice_parse.prepare import prepare
from notice_parse.rules import patterns

import every_text


def _ranked(doc, title):
    """The kind as `kind_scores` ranks it (what `classify` did before it pruned its searches)."""
    scores = kind_scores(doc, title)
    if scores.get("unknown") == float("inf"):
        return "unknown"
    order = _kind_rules().order
    ranked = sorted((k for k in scores if k in order), key=lambda k: (-scores[k], order.index(k)))
    if not ranked:
        return "unknown"
    if ranked[0] == "rectification" and "several" in scores:
        return "digest"
    return ranked[0]


def _texts() -> list[tuple[str, str]]:
    return list(every_text.raw())


def test_classify_gives_the_kind_the_scores_rank_first():
    examples = [ex for r in patterns.load("kind").rules() for ex in r.match + r.no_match]
    texts = _texts()
    # Each example also as a lead (and the examples run together as one body).
    texts += [(f"example#{i}", ex) for i, ex in enumerate(examples)]
    texts += [("examples joined", "\n".join(examples)), ("examples one line", "。".join(examples))]
    checked = 0
    for origin, text in texts:
        doc = prepare(text)
        own = extract_meta(doc).title
        for title in (own, None, *examples[::7]):
            assert classify(doc, title) == _ranked(doc, title), (origin, title)
            checked += 1
    assert checked > 1000
