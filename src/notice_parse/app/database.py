"""The corpus as a SQLite database: `notice-parse db PATH... --to notices.db`.

One row per notice in `notices` (the JSON record kept whole in `record`), and the parts analysts
filter and join on in their own tables: `targets`, `totals`, `issues` (with `measures`),
`contacts`, `warnings`; inputs that failed go to `errors`. `issues_fts` is a full-text index
(FTS5, trigram tokenizer: any run of three or more characters matches, which suits Chinese text
that has no spaces) over each issue's title and measures. `rounds` and `round_notices` hold the
inspections linked across notices (see `rounds.py`).

Written with the standard library's `sqlite3`: the schema is fixed and small, so explicit DDL
is shorter and clearer than a schema-inferring helper, and transactions stay in plain sight.

A notice is identified by its path; its content by the source's SHA-256. A re-run skips inputs
whose file still has the stored hash, replaces those whose content changed (the old rows go by
`ON DELETE CASCADE`) and adds new ones, so nothing is ever duplicated. Rows are written one
transaction per batch: an interrupted run (Ctrl-C, SIGTERM, even SIGKILL thanks to SQLite's
journal) leaves every earlier batch complete and nothing of the batch in flight.
"""
from __future__ import annotations

import itertools
import json
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional

SCHEMA_VERSION = 1
BATCH = 200

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS notices (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT,
    issuer TEXT,
    issued_on TEXT,
    published_at TEXT,
    source_site TEXT,
    mode TEXT,
    authority TEXT,
    term INTEGER,
    round INTEGER,
    types TEXT,
    topic TEXT,
    groups TEXT,
    group_count INTEGER,
    window_start TEXT,
    window_end TEXT,
    feedback TEXT,
    petition_deadline TEXT,
    issue_count INTEGER NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS notices_kind ON notices(kind);
CREATE INDEX IF NOT EXISTS notices_round ON notices(authority, term, round);
CREATE INDEX IF NOT EXISTS notices_feedback ON notices(feedback);
CREATE INDEX IF NOT EXISTS notices_window ON notices(window_start);
CREATE INDEX IF NOT EXISTS notices_published ON notices(published_at);
CREATE INDEX IF NOT EXISTS notices_sha ON notices(sha256);
CREATE TABLE IF NOT EXISTS targets (
    notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    unit_key TEXT NOT NULL,
    PRIMARY KEY (notice_id, position)
);
CREATE INDEX IF NOT EXISTS targets_name ON targets(name);
CREATE INDEX IF NOT EXISTS targets_unit ON targets(unit_key);
CREATE TABLE IF NOT EXISTS totals (
    notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value REAL NOT NULL,
    text TEXT,
    PRIMARY KEY (notice_id, key)
);
CREATE TABLE IF NOT EXISTS issues (
    id INTEGER PRIMARY KEY,
    notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    issue_id TEXT NOT NULL,
    parent TEXT,
    label TEXT,
    category TEXT,
    title TEXT,
    unit TEXT,
    status TEXT,
    long_term INTEGER NOT NULL,
    progress_text TEXT,
    span_start INTEGER,
    span_end INTEGER,
    UNIQUE (notice_id, issue_id)
);
CREATE INDEX IF NOT EXISTS issues_status ON issues(status);
CREATE INDEX IF NOT EXISTS issues_unit ON issues(unit);
CREATE TABLE IF NOT EXISTS measures (
    issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (issue_id, position)
);
CREATE TABLE IF NOT EXISTS contacts (
    notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    label TEXT,
    inspection_group TEXT,
    PRIMARY KEY (notice_id, position)
);
CREATE INDEX IF NOT EXISTS contacts_value ON contacts(kind, value);
CREATE TABLE IF NOT EXISTS warnings (
    notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    code TEXT NOT NULL,
    message TEXT,
    PRIMARY KEY (notice_id, position)
);
CREATE INDEX IF NOT EXISTS warnings_code ON warnings(code);
CREATE TABLE IF NOT EXISTS errors (
    path TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS issues_fts USING fts5(title, measures, tokenize = 'trigram');
CREATE TRIGGER IF NOT EXISTS issues_fts_delete AFTER DELETE ON issues BEGIN
    DELETE FROM issues_fts WHERE rowid = old.id;
END;
CREATE TABLE IF NOT EXISTS rounds (
    id INTEGER PRIMARY KEY,
    unit TEXT NOT NULL,
    unit_key TEXT NOT NULL,
    authority TEXT,
    term INTEGER,
    round INTEGER,
    stationed TEXT,
    window_start TEXT,
    window_end TEXT,
    feedback TEXT,
    first_report TEXT,
    days_to_feedback INTEGER,
    days_to_report INTEGER,
    late INTEGER,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS rounds_unit ON rounds(unit_key);
CREATE TABLE IF NOT EXISTS round_notices (
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (round_id, notice_id)
);
CREATE INDEX IF NOT EXISTS round_notices_notice ON round_notices(notice_id);
"""


def connect(path: str) -> sqlite3.Connection:
    """Open (creating if needed) a notices database with foreign keys enforced."""
    conn = sqlite3.connect(path, isolation_level=None)  # transactions are explicit (BEGIN/COMMIT)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.executescript(SCHEMA)
    conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
    return conn


def file_sha256(path: str) -> Optional[str]:
    """The SHA-256 of a file's bytes (what `source.sha256` holds), or None when unreadable."""
    from ..text.read import read_input

    try:
        return read_input(path, max_bytes=1 << 20)[1]  # hashes the rest in chunks
    except OSError:
        return None


def stored_hashes(conn: sqlite3.Connection) -> dict[str, str]:
    """Path → SHA-256 of every notice already in the database."""
    return dict(conn.execute("SELECT path, sha256 FROM notices"))


def _day(date: Optional[dict]) -> Optional[str]:
    return str(date["earliest"]) if date else None


@dataclass
class Counts:
    added: int = 0
    replaced: int = 0
    failed: int = 0


def _insert_notice(conn: sqlite3.Connection, record: dict) -> int:
    from .rounds import unit_key

    source, insp = record["source"], record["inspection"]
    window = insp.get("window") or {}
    cur = conn.execute(
        "INSERT INTO notices (path, sha256, kind, title, issuer, issued_on, published_at, source_site,"
        " mode, authority, term, round, types, topic, groups, group_count, window_start, window_end,"
        " feedback, petition_deadline, issue_count, record)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            source["path"], source["sha256"], record["kind"], record["title"], record["issuer"],
            _day(record.get("issued_on")), record["published_at"], record["source_site"],
            insp["mode"], insp["authority"], insp["term"], insp["round"],
            json.dumps(insp["types"], ensure_ascii=False), insp["topic"],
            json.dumps(insp["groups"], ensure_ascii=False), insp["group_count"],
            _day(window.get("start")), _day(window.get("end")), _day(insp.get("feedback")),
            _day(insp.get("petition_deadline")), len(record["issues"]),
            json.dumps(record, ensure_ascii=False),
        ),
    )
    nid = cur.lastrowid
    conn.executemany(
        "INSERT INTO targets VALUES (?,?,?,?)",
        [(nid, i, t, unit_key(t)) for i, t in enumerate(insp["targets"])],
    )
    conn.executemany(
        "INSERT INTO totals VALUES (?,?,?,?)",
        [(nid, k, v["value"], v.get("text")) for k, v in (record.get("summary") or {}).items()],
    )
    for issue in record["issues"]:
        span = issue.get("span") or (None, None)
        iid = conn.execute(
            "INSERT INTO issues (notice_id, issue_id, parent, label, category, title, unit, status,"
            " long_term, progress_text, span_start, span_end) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (nid, issue["id"], issue["parent"], issue["label"], issue["category"], issue["title"],
             issue["unit"], issue["status"], int(bool(issue["long_term"])), issue["progress_text"],
             span[0], span[1]),
        ).lastrowid
        conn.executemany("INSERT INTO measures VALUES (?,?,?)",
                         [(iid, i, m) for i, m in enumerate(issue["measures"])])
        conn.execute("INSERT INTO issues_fts (rowid, title, measures) VALUES (?,?,?)",
                     (iid, issue["title"] or "", "\n".join(issue["measures"])))
    conn.executemany(
        "INSERT INTO contacts VALUES (?,?,?,?,?,?)",
        [(nid, i, c["kind"], c["value"], c["label"], c["group"]) for i, c in enumerate(record["contacts"])],
    )
    conn.executemany(
        "INSERT INTO warnings VALUES (?,?,?,?)",
        [(nid, i, w["code"], w["message"]) for i, w in enumerate(record["warnings"])],
    )
    return nid


@contextmanager
def transaction(conn: sqlite3.Connection):
    """One explicit transaction: committed when the block ends, rolled back on any exception
    (an interrupt included), so a batch is in the database whole or not at all."""
    conn.execute("BEGIN")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _store_one(conn: sqlite3.Connection, path: str, record: dict, counts: Counts) -> None:
    if "error" in record:
        if not conn.execute("SELECT 1 FROM notices WHERE path = ?", (path,)).fetchone():
            err = record["error"]
            conn.execute("INSERT OR REPLACE INTO errors VALUES (?,?,?)", (path, err["type"], err["message"]))
        counts.failed += 1
        return
    record["source"]["path"] = path
    gone = conn.execute("DELETE FROM notices WHERE path = ?", (path,)).rowcount
    conn.execute("DELETE FROM errors WHERE path = ?", (path,))
    _insert_notice(conn, record)
    if gone:
        counts.replaced += 1
    else:
        counts.added += 1


def store(conn: sqlite3.Connection, records: Iterable[tuple[str, dict]], *, batch: int = BATCH) -> Counts:
    """Write `(path, record)` pairs (notice or error records), one transaction per `batch`.

    A notice replaces whatever the database held for its path (notice or error); an error
    record replaces an earlier error but never a notice parsed before (the file may be
    unreadable only for the moment). An exception (an interrupt) rolls back the batch in flight.
    """
    counts = Counts()
    records = iter(records)
    while chunk := list(itertools.islice(records, batch)):
        with transaction(conn):
            for path, record in chunk:
                _store_one(conn, path, record, counts)
    return counts


def write_rounds(conn: sqlite3.Connection, *, report_within: int) -> int:
    """Link every stored notice into inspections (`rounds.link`) and rewrite the `rounds` and
    `round_notices` tables in one transaction. Returns how many inspections there are."""
    from collections import defaultdict

    from .rounds import NoticeRef, as_date, link

    targets: dict[int, list[str]] = defaultdict(list)
    for nid, name in conn.execute("SELECT notice_id, name FROM targets ORDER BY notice_id, position"):
        targets[nid].append(name)
    issues: dict[int, list] = defaultdict(list)
    for nid, title, status, unit in conn.execute("SELECT notice_id, title, status, unit FROM issues ORDER BY id"):
        issues[nid].append((title or "", status, unit))
    refs = []
    for (nid, path, kind, authority, term, round_, issuer, start, end, feedback, issued,
         published) in conn.execute(
            "SELECT id, path, kind, authority, term, round, issuer, window_start, window_end, feedback,"
            " issued_on, published_at FROM notices ORDER BY id"):
        refs.append(NoticeRef.build(nid, path, kind, authority, term, round_, targets[nid], as_date(start),
                                    as_date(end), as_date(feedback), as_date(issued), as_date(published),
                                    issues[nid], issuer=issuer))
    inspections = link(refs)
    with transaction(conn):
        conn.execute("DELETE FROM rounds")
        for insp in inspections:
            data = insp.to_dict(report_within)
            window = data["window"] or {}
            rid = conn.execute(
                "INSERT INTO rounds (unit, unit_key, authority, term, round, stationed, window_start,"
                " window_end, feedback, first_report, days_to_feedback, days_to_report, late, record)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (data["unit"], data["unit_key"], data["authority"], data["term"], data["round"],
                 _iso(data["stationed"]), _iso(window.get("start")), _iso(window.get("end")),
                 _iso(data["feedback"]), _iso(data["reports"][0]["date"]) if data["reports"] else None,
                 data["days_to_feedback"], data["days_to_report"],
                 None if data["late"] is None else int(data["late"]),
                 json.dumps(data, ensure_ascii=False, default=str)),
            ).lastrowid
            conn.executemany("INSERT OR IGNORE INTO round_notices VALUES (?,?,?,?)",
                             [(rid, link.ref.key, link.ref.kind, link.reason) for link in insp.links])
    return len(inspections)


def _iso(value) -> Optional[str]:
    return value.isoformat() if value else None


def load_records(conn: sqlite3.Connection) -> Iterator[tuple[int, dict]]:
    """Every stored notice as `(id, record)`, in id order."""
    for nid, text in conn.execute("SELECT id, record FROM notices ORDER BY id"):
        yield nid, json.loads(text)


def search_issues(conn: sqlite3.Connection, words: str, limit: int = 50) -> list[dict]:
    """Issues whose title or measures contain `words` (three or more characters use the
    trigram index; shorter ones fall back to a substring scan), with their notice."""
    if len(words) >= 3:
        phrase = '"' + words.replace('"', '""') + '"'
        rows = conn.execute(
            "SELECT n.path, n.title, i.issue_id, i.title, i.status FROM issues_fts f"
            " JOIN issues i ON i.id = f.rowid JOIN notices n ON n.id = i.notice_id"
            " WHERE issues_fts MATCH ? ORDER BY n.id, i.id LIMIT ?", (phrase, limit))
    else:
        like = "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = conn.execute(
            "SELECT n.path, n.title, i.issue_id, i.title, i.status FROM issues i"
            " JOIN notices n ON n.id = i.notice_id"
            " WHERE i.title LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM measures m WHERE m.issue_id = i.id"
            " AND m.text LIKE ? ESCAPE '\\') ORDER BY n.id, i.id LIMIT ?", (like, like, limit))
    return [dict(zip(("path", "notice_title", "issue", "title", "status"), r)) for r in rows]
