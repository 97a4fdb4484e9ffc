"""Read and decode: bytes → the notice's text, for every encoding and wrapping sites use.

Order of evidence: a file signature (gzip, zip, PDF, images …: `BinaryInput`, via the
`filetype` library's ~80 signatures); a byte-order mark (UTF-8, UTF-16, UTF-32); UTF-16 without
a mark (every other byte NUL); a saved page's declared charset; strict UTF-8. Anything else is
told apart by charset-normalizer among the encodings Chinese sites use (GB18030 — a superset of
GBK and GB2312 —, Big5, UTF-16 without a mark), judged on the first 64 KB by how the decoded
text reads, not only whether it decodes: Big5 bytes nearly always decode as GB18030 too, into
garbage. When it finds none, the bytes are taken as GB18030 or UTF-8 with replacements (a
`decode` warning); when that leaves more than 5 % of the bytes undecodable or control
characters, the input is not text (`BinaryInput`: random bytes, an unknown binary format).
Saved web pages (by extension or by content) go through `html.html_to_text`.
"""
from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional
from ..rules import compiled

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF87a": "GIF image",
    b"GIF89a": "GIF image",
    b"%PDF-": "PDF document",
    b"PK\x03\x04": "ZIP archive (docx/xlsx?)",
    b"\x7fELF": "ELF executable",
    b"\xd0\xcf\x11\xe0": "OLE document (doc/xls?)",
}
_BOM_PREFIXES = tuple(bom for bom, _ in _BOMS)
_HTML_SNIFF = compiled.re(rb"<\s*(?:!doctype\s+html|html|head|body|meta|div|p|title)[\s>/]", re.I)
_META_CHARSET = compiled.re(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.I)


class BinaryInput(ValueError):
    """The input is not text (an image, an archive, a PDF …)."""


@dataclass
class Decoded:
    text: str
    encoding: str
    sha256: str
    is_html: bool = False
    replaced: int = 0  # bytes that could not be decoded and were replaced
    truncated_at: Optional[int] = None  # byte count kept when the input was cut
    notes: list[str] = field(default_factory=list)
    # A saved page's right-aligned lines, without white space (`html.html_to_page`): the
    # signature block, which segmentation may find above lines that follow it.
    aligned_right: frozenset = frozenset()


_CONTROL_BYTES = compiled.re(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _plain_head(data: bytes) -> bool:
    """Whether the first 64 bytes are UTF-8 text without control characters (no binary
    format's signature is: each has control bytes or bytes UTF-8 forbids near its start)."""
    head = data[:64]
    if _CONTROL_BYTES.search(head):
        return False
    try:
        codecs.getincrementaldecoder("utf-8")("strict").decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def sniff_binary(data: bytes) -> Optional[str]:
    """Name of a binary format `data` starts with, else None (text with a byte-order mark is
    never taken for one).

    >>> sniff_binary(b"\\x89PNG\\r\\n\\x1a\\n...."), sniff_binary("通报".encode())
    ('PNG image', None)
    >>> sniff_binary(b"\\x1f\\x8b\\x08\\x00\\x00\\x00\\x00\\x00\\x00\\x03")
    'application/gzip (.gz)'
    """
    for magic, name in _MAGIC.items():
        if data.startswith(magic):
            return name
    if data.startswith(_BOM_PREFIXES) or _plain_head(data):
        return None
    import filetype  # ~80 signatures, ~0.1 ms a call: only for inputs that do not open as text

    kind = filetype.guess(data[:8192])
    return f"{kind.mime} (.{kind.extension})" if kind else None


def _utf16_without_bom(data: bytes) -> Optional[str]:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    half = len(sample) / 2
    # ASCII-heavy UTF-16 has NULs in one half; CJK-heavy has few NULs at all, so also
    # accept when NULs sit only on one side and are frequent enough.
    if odd_nul > 0.3 * half and even_nul < 0.05 * half:
        return "utf-16-le"
    if even_nul > 0.3 * half and odd_nul < 0.05 * half:
        return "utf-16-be"
    return None


def _count_replacements(data: bytes, encoding: str) -> tuple[str, int]:
    text = data.decode(encoding, errors="replace")
    return text, text.count("\ufffd")


def _strict(data: bytes, encoding: str, partial: bool) -> str:
    if not partial:
        return data.decode(encoding)
    # A cut input may end inside a character: an incremental decoder keeps those bytes back.
    return codecs.getincrementaldecoder(encoding)("strict").decode(data, final=False)


def decode_bytes(data: bytes, *, is_html: Optional[bool] = None, partial: bool = False) -> tuple[str, str, int]:
    """(text, encoding, replaced-count) for raw bytes.

    >>> decode_bytes("巡察".encode("gb18030"))[:2]
    ('巡察', 'gb18030')
    >>> decode_bytes(codecs.BOM_UTF16_LE + "巡察".encode("utf-16-le"))[:2]
    ('巡察', 'utf-16')
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            text, bad = _count_replacements(body, enc.replace("-sig", ""))
            name = {"utf-8-sig": "utf-8-sig", "utf-16-le": "utf-16", "utf-16-be": "utf-16",
                    "utf-32-le": "utf-32", "utf-32-be": "utf-32"}[enc]
            return text, name, bad
    enc16 = _utf16_without_bom(data)
    if enc16:
        text, bad = _count_replacements(data, enc16)
        return text, enc16, bad
    candidates = ["utf-8"]  # then detect_encoding: strict GB18030 also "decodes" Big5, into garbage
    if is_html is None:
        is_html = bool(_HTML_SNIFF.search(data[:2048]))
    if is_html:
        m = _META_CHARSET.search(data[:4096])
        if m:
            declared = m.group(1).decode("ascii", "ignore").lower()
            if declared in ("gbk", "gb2312", "gb_2312-80", "x-gbk"):
                declared = "gb18030"
            try:
                codecs.lookup(declared)
                candidates.insert(0, declared)
            except LookupError:
                pass
    for enc in candidates:
        try:
            return _strict(data, enc, partial), enc, 0
        except UnicodeDecodeError:
            continue
    enc = detect_encoding(data)
    if enc:
        try:
            return _strict(data, enc, partial), enc, 0
        except UnicodeDecodeError:  # bad bytes past the sample: replaced, and reported
            text, bad = _count_replacements(data, enc)
            return text, enc, bad
    best = min((_count_replacements(data, enc) + (enc,) for enc in ("gb18030", "utf-8", "big5")), key=lambda t: t[1])
    return best[0], best[2], best[1]


DETECT_SAMPLE = 64 * 1024
_DETECTABLE = ["gb18030", "big5", "utf_16_le", "utf_16_be"]


def detect_encoding(data: bytes) -> Optional[str]:
    """The encoding of text that is not UTF-8 and declares none, by charset-normalizer (which
    weighs how plausible each decoding reads), among those Chinese sites use; None when none
    reads as text.

    >>> detect_encoding("關於巡視整改進展情況的通報".encode("big5")), detect_encoding("巡察整改情况".encode("gb18030"))
    ('big5', 'gb18030')
    """
    sample = data[:DETECT_SAMPLE]
    if b"\x00" not in sample and _decodes(sample, "gb18030") and not _decodes(sample, "big5"):
        return "gb18030"  # the common case, without the 1–3 ms of weighing
    from charset_normalizer import from_bytes

    if len(data) > DETECT_SAMPLE:
        # End the sample on a line break, so that it does not end inside a character.
        cut = max(sample.rfind(b"\n\x00"), sample.rfind(b"\x00\n"), sample.rfind(b"\n"))
        if cut > DETECT_SAMPLE // 2:
            sample = sample[:cut + 1 + (sample[cut + 1:cut + 2] == b"\x00")]
    results = list(from_bytes(sample, cp_isolation=_DETECTABLE))
    if not results:
        return None
    # Ties (a few characters read plausibly either way) go to the more common encoding here.
    score = [(m.chaos, -m.coherence) for m in results]
    tied = {m.encoding for m, sc in zip(results, score) if sc == min(score)}
    return next((enc for enc in _DETECTABLE if enc in tied), results[0].encoding).replace("_", "-")


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)("strict").decode(data, final=False)
        return True
    except UnicodeDecodeError:
        return False


def looks_binary(text: str, size: int, replaced: int) -> bool:
    """Whether decoding left so many replacements and control characters (more than 5 % of
    the bytes, and more than 16: a short text with a few bad bytes is still text) that the
    input is no text in any encoding.

    >>> looks_binary("巡察整改" * 10, 120, 3), looks_binary("\\x01\\x02ab\\ufffd" * 10, 80, 10)
    (False, True)
    """
    if not size:
        return False
    controls = len(_CONTROLS.findall(text))
    return (replaced + controls) > max(0.05 * size, 16)


_CONTROLS = compiled.re(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def looks_like_html(data: bytes, path: Optional[str]) -> bool:
    if path and Path(path).suffix.lower() in HTML_SUFFIXES:
        return True
    return bool(_HTML_SNIFF.search(data[:2048].replace(b"\x00", b"")))


def decode_input(data: bytes, path: Optional[str] = None, *, max_bytes: int = DEFAULT_MAX_BYTES,
                 sha256: Optional[str] = None) -> Decoded:
    """Bytes of one input → its text (HTML pages reduced to the notice's text). `sha256`: the
    whole input's digest when `data` is only its first `max_bytes + 1` bytes (`read_input`)."""
    digest = sha256 or hashlib.sha256(data).hexdigest()
    kind = sniff_binary(data)
    if kind:
        raise BinaryInput(f"not a text file: looks like a {kind}")
    truncated_at = None
    if max_bytes and len(data) > max_bytes:
        data = data[:max_bytes]
        truncated_at = max_bytes
    is_html = looks_like_html(data, path)
    text, encoding, replaced = decode_bytes(data, is_html=is_html, partial=truncated_at is not None)
    if replaced and looks_binary(text, len(data), replaced):
        raise BinaryInput(f"not text: {replaced} of {len(data)} bytes undecodable in any encoding Chinese sites use "
                          "(random bytes or an unknown binary format)")
    if truncated_at is not None:
        # The cut may split a character: drop the replacement it produced at the very end.
        stripped = text.rstrip("\ufffd")
        replaced -= len(text) - len(stripped)
        text = stripped
    if "\x00" in text:
        replaced += text.count("\x00")
        text = text.replace("\x00", " ")
    aligned_right: frozenset = frozenset()
    if is_html:
        from .html import html_to_page

        text, aligned_right = html_to_page(text)
    return Decoded(text, encoding, digest, is_html, max(replaced, 0), truncated_at, aligned_right=aligned_right)


def read_input(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[bytes, str]:
    """(at most `max_bytes + 1` bytes, SHA-256 of the WHOLE input) of a file or `-`.

    The rest of a long input is read in chunks only to be hashed, so `source.sha256` always
    identifies the file itself while memory stays bounded by the limit.
    """
    import sys

    digest = hashlib.sha256()
    fh = sys.stdin.buffer if path == "-" else open(path, "rb")
    try:
        limit = max_bytes + 1 if max_bytes else -1
        data = fh.read(limit)
        digest.update(data)
        if max_bytes and len(data) == limit:
            while True:
                chunk = fh.read(1 << 20)
                if not chunk:
                    break
                digest.update(chunk)
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()
    return data, digest.hexdigest()


def read_path(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read at most `max_bytes + 1` bytes (so that truncation can be detected) of a file or `-`."""
    import sys

    limit = max_bytes + 1 if max_bytes else -1
    if path == "-":
        return sys.stdin.buffer.read(limit)
    with open(path, "rb") as fh:
        return fh.read(limit)
