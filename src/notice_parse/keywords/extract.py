"""Issue keywords: up to five topic terms per issue, from its title and measures.

Only imported when keywords are asked for (`parse --keywords`, `stats --keywords`): jieba
costs about a second to initialise, which plain parsing must not pay.

Terms come from a private `jieba.Tokenizer` (built once per process, its dictionary cached in
the user's own cache folder, `private_cache_dir`) extended with the domain terms of `patterns/keywords_dict.txt`, so
that 三重一大, 意识形态, 主体责任 … are kept whole. The words every notice shares (问题, 整改,
工作 …, `patterns/keywords_stop.txt`) are dropped. Each remaining term is scored

    (2 × occurrences in the title + occurrences in the measures) × idf × (2 if a domain term)

with jieba's own IDF table (the one `jieba.analyse` uses), so rare, specific words beat
common verbs. Ties keep the order of first appearance: the result is deterministic.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional, Sequence

from ..rules.patterns import patterns_dir

MAX_KEYWORDS = 5
TITLE_WEIGHT = 2  # the title names the problem; measures repeat much boilerplate
DOMAIN_BOOST = 2.0


def read_word_list(text: str) -> list[tuple[str, Optional[int]]]:
    """Entries of a word-list file: `(word, frequency or None)`, comments and blanks skipped.

    >>> read_word_list("# c\\n党建\\n三重一大 50000\\n\\n  四风  # inline\\n")
    [('党建', None), ('三重一大', 50000), ('四风', None)]
    """
    out: list[tuple[str, Optional[int]]] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        out.append((parts[0], freq))
    return out


# Place names (青神县, 眉山市) name where, not what: a token of 3+ characters ending so is dropped.
_PLACE_ENDINGS = set("省市县区乡镇村州旗")


def is_candidate(token: str) -> bool:
    """A token worth scoring: two or more characters, with some letters, no digits, no place name.

    >>> [t for t in ["党建", "问", "2024年", "，", "“", "OA系统", "10", "青神县", "社区"] if is_candidate(t)]
    ['党建', 'OA系统', '社区']
    """
    if len(token) < 2 or any(ch.isdigit() for ch in token):
        return False
    if len(token) >= 3 and token[-1] in _PLACE_ENDINGS:
        return False
    return any(ch.isalpha() for ch in token)


@dataclass(frozen=True)
class _Model:
    tokenizer: object
    domain: frozenset[str]
    stop: frozenset[str]
    idf: dict[str, float]
    median_idf: float


def _read(name: str) -> list[tuple[str, Optional[int]]]:
    return read_word_list((patterns_dir() / name).read_text(encoding="utf-8"))


def _load_idf(path: str) -> tuple[dict[str, float], float]:
    idf: dict[str, float] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            word, _, value = line.rstrip("\n").rpartition(" ")
            if word:
                idf[word] = float(value)
    values = sorted(idf.values())
    return idf, values[len(values) // 2] if values else 1.0


def private_cache_dir() -> str:
    """Where jieba caches its dictionary: `$XDG_CACHE_HOME/notice-parse` (or
    `~/.cache/notice-parse`), made 0700. A folder that others can write to, or that is not
    ours, is not used: a fresh private temporary folder is (the cache is then rebuilt, ~1 s).
    """
    import stat
    import tempfile

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "notice-parse")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        st = os.stat(folder)
        if st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return folder
    except OSError:
        pass
    return tempfile.mkdtemp(prefix="notice-parse-jieba-")


@lru_cache(maxsize=1)
def _model() -> _Model:
    """The tokenizer and tables, built on first use and kept for the process."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict…" chatter on stderr
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = private_cache_dir()  # jieba's default, /tmp/jieba.cache, is shared by every user
    tokenizer.initialize()
    domain = _read("keywords_dict.txt")
    for word, freq in domain:
        # Without a frequency jieba computes one just high enough to keep the word whole.
        tokenizer.add_word(word, freq)
    stop = frozenset(w for w, _ in _read("keywords_stop.txt"))
    idf, median = _load_idf(os.path.join(os.path.dirname(jieba.__file__), "analyse", "idf.txt"))
    return _Model(tokenizer, frozenset(w for w, _ in domain), stop, idf, median)


def keywords_for(title: str, measures: Sequence[str] = (), limit: int = MAX_KEYWORDS) -> list[str]:
    """Up to `limit` topic terms of one issue, best first."""
    m = _model()
    counts: dict[str, float] = {}  # insertion order = first appearance, the tie-break
    for text, weight in [(title, TITLE_WEIGHT)] + [(t, 1) for t in measures]:
        for token in m.tokenizer.cut(text or "", HMM=False):
            if token in m.stop or not is_candidate(token):
                continue
            counts[token] = counts.get(token, 0) + weight
    scored = []
    for order, (term, tf) in enumerate(counts.items()):
        domain = term in m.domain
        idf = m.idf.get(term, m.median_idf)
        score = tf * idf * (DOMAIN_BOOST if domain else 1.0)
        scored.append((-score, order, term))
    return [term for _, _, term in sorted(scored)[:limit]]


def add_keywords(issues: Iterable) -> None:
    """Set `keywords` on each issue (models.Issue or anything with title/measures)."""
    for issue in issues:
        issue.keywords = keywords_for(issue.title, issue.measures)
