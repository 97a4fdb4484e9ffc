"""The literal keys that tell where a contact can be, found once per document.

Every finder of `contacts` looks only at lines (or positions) holding one of its keys: a
phone label holds `电话`/`手机`…, an address label `地址` or a mail verb, an e-mail `@`.
Each key is found from one rare character of it (`ANCHORS`): `str.find` of one character runs
at memory speed (~1 µs over a 5,000-character body), so the 20 finds and the checks of what
they hit cost ~25 µs a notice, where a `str.find` pass per key cost ~4 µs each (~110 µs in
all). A regex alternation of all the keys costs about as much (~6 ns a character) but finds
the leftmost-longest key only, where keys overlap (`邮寄`, `邮`); here every key is found at
every occurrence, as `str.find` found them.
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Sequence

# kind of finder -> the substrings it keys on (a line must contain one for the finder to
# look at it). `电 话`, `电  话` (spaced in scraped pages) are caught by the key ending in a space.
KEYS: dict[str, tuple[str, ...]] = {
    "phone": ("电话", "电 ", "手机", "手 ", "座机", "座 ", "热线", "热 "),
    "generic": ("方式",),  # `联系方式:0554-4022639`
    # Every address label has 地址 or a mail verb (`来信请寄`, `邮寄至`, `来信寄到`).
    "address": ("地址", "请寄", "邮寄", "信寄"),
    "postcode": ("邮",),  # the label may be spaced out (`邮 编:515041`)
    "website": ("http", "www", "网站", "网址", "网页", "平台"),
    "po_box": ("信箱",),
    "email": ("@",),
    "chrome": ("ICP", "许可证", "公网安备", "分享", "©"),  # licence/share lines left in the body
}
# (Group names, keyed on 巡察/巡视 — the body's most frequent key, ~30 a notice — are looked
# for only before the contacts found: `contact_groups`.)

# Characters rare in a report's prose: each key is found from the first of these it holds
# (`方式` from 式, not from the 方 of every 方面).
ANCHORS = "电手座热式址寄邮hw站页台箱@I证备享©"


def _anchored() -> dict[str, tuple[tuple[str, int, tuple[str, ...]], ...]]:
    """anchor character -> (key, offset of the anchor in it, kinds keyed on it)."""
    out: dict[str, list] = {}
    for key in dict.fromkeys(k for keys in KEYS.values() for k in keys):
        off = next((i for i, ch in enumerate(key) if ch in ANCHORS), None)
        if off is None:
            raise ValueError(f"contact key {key!r} holds none of ANCHORS: add one of its characters")
        kinds = tuple(kind for kind, keys in KEYS.items() if key in keys)
        out.setdefault(key[off], []).append((key, off, kinds))
    return {ch: tuple(v) for ch, v in out.items()}


_BY_ANCHOR = _anchored()


def scan(text: str, lo: int, hi: int) -> dict[str, list[int]]:
    """Start offsets of every key lying wholly in text[lo:hi], by kind (sorted).

    >>> hits = scan("来信请寄:邮政123号信箱,电话:3414008,xcb@163.com", 0, 40)
    >>> hits["address"], hits["postcode"], hits["po_box"], hits["phone"], hits["email"]
    ([2], [5], [11], [14], [28])
    """
    out: dict[str, list[int]] = {kind: [] for kind in KEYS}
    find, startswith = text.find, text.startswith
    for ch, keys in _BY_ANCHOR.items():
        i = find(ch, lo, hi)
        while i >= 0:
            for key, off, kinds in keys:
                s = i - off
                if s >= lo and startswith(key, s, hi):
                    for kind in kinds:
                        out[kind].append(s)
            i = find(ch, i + 1, hi)
    for hits in out.values():
        hits.sort()
    return out


def line_indices(starts: Sequence[int], hits: list[int]) -> list[int]:
    """The sorted distinct indices of the lines holding `hits` (`starts`: line start offsets)."""
    return sorted({bisect_right(starts, i) - 1 for i in hits})
