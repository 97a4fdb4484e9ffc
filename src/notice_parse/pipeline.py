"""The pipeline: read → decode → normalise → segment → extract → assemble → check.

Each stage is a plain function that can be tested alone; `parse_text` and `parse_file`
compose them. Extractors are pure functions of the prepared `Document` (and the notice-level
`Meta` they may need, e.g. the kind), one module per dimension.
"""
from __future__ import annotations

import hashlib
from typing import Optional

from .text.as_written import restore
from .checks import check
from .contacts.extract import extract_contacts
from .prepare import prepare
from .text.document import Document
from .inspection.extract import extract_inspection
from .issues.extract import extract_issues
from .meta.extract import extract_meta
from .models import Notice, Source, Warning
from .text.read import DEFAULT_MAX_BYTES, Decoded, decode_input, read_input, read_path
from .summary.extract import extract_summary


def extract(doc: Document, *, source: Optional[Source] = None, keywords: bool = False) -> Notice:
    """Run every extractor over a prepared document and assemble the notice."""
    meta = extract_meta(doc)
    issues, issue_warnings = extract_issues(doc, meta)
    if meta.kind in ("rectification", "unknown") and len({i.unit for i in issues if i.unit}) >= 2:
        meta.kind = "digest"  # its body is a section per unit, each with its problems
    if keywords:
        from .keywords.extract import add_keywords

        add_keywords(issues)
    inspection, inspection_warnings = extract_inspection(doc, meta)
    notice = Notice(
        source=source or Source(chars=len(doc.original)),
        **vars(meta),  # kind, title, issuer, issued_on, published_at, source_site, spans
        inspection=inspection,
        summary=extract_summary(doc, meta),
        issues=issues,
        contacts=extract_contacts(doc, meta),
        warnings=issue_warnings + inspection_warnings,
    )
    restore(doc, notice)  # values back into the notice's own script (traditional stays traditional)
    notice.warnings = notice.warnings + check(notice)
    return notice


def parse_text(text: str, *, path: Optional[str] = None, keywords: bool = False) -> Notice:
    """Parse one notice given as text (already decoded)."""
    source = Source(path=path, sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
                    encoding=None, chars=len(text))
    return extract(prepare(text, path=path), source=source, keywords=keywords)


def _decode_warnings(decoded: Decoded) -> list[Warning]:
    out = []
    if decoded.replaced:
        out.append(Warning(code="decode", message=f"{decoded.replaced} undecodable byte(s) replaced ({decoded.encoding})"))
    if decoded.truncated_at is not None:
        out.append(Warning(code="truncated", message=f"input cut at {decoded.truncated_at} bytes (--max-bytes)"))
    if not decoded.text.strip():
        what = "page" if decoded.is_html else "input"
        out.append(Warning(code="empty", message=f"the {what} holds no text (empty, white space, or only scripts and markup)"))
    return out


def parse_bytes(data: bytes, *, path: Optional[str] = None, max_bytes: int = DEFAULT_MAX_BYTES,
                keywords: bool = False, sha256: Optional[str] = None) -> Notice:
    """Parse one notice from raw bytes (any supported encoding, text or saved web page).
    `sha256`: the whole input's digest when `data` was cut short by `read_input`."""
    decoded = decode_input(data, path, max_bytes=max_bytes, sha256=sha256)
    source = Source(path=path, sha256=decoded.sha256, encoding=decoded.encoding, chars=len(decoded.text))
    notice = extract(prepare(decoded.text, path=path, aligned_right=decoded.aligned_right), source=source,
                     keywords=keywords)
    notice.warnings = _decode_warnings(decoded) + notice.warnings
    return notice


def parse_file(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES, keywords: bool = False) -> Notice:
    """Parse one file (or `-` for standard input)."""
    data, digest = read_input(path, max_bytes=max_bytes)
    return parse_bytes(data, path=None if path == "-" else str(path), max_bytes=max_bytes, keywords=keywords,
                       sha256=digest)


def prepared_text(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The decoded (and, for pages, extracted) text that spans index: `notice-parse text`."""
    return decode_input(read_path(path, max_bytes=max_bytes), None if path == "-" else path, max_bytes=max_bytes).text
