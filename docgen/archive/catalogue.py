"""The archive's catalogue: one SQLite file inside the archive folder (embedded, no server).

It only ever grows: a row is inserted once and never changed, except that an older version
learns which newer one superseded it, in the same transaction as the newer row's insert.
Rows form a hash chain (each row's ``chain`` hashes the previous row's with its own manifest
hash), so a row removed or rewritten breaks every later link; writing down the head after an
add (``docgen archive add`` prints it) lets ``verify --head`` prove nothing before it changed.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from docgen.errors import DocgenError

SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    folder          TEXT PRIMARY KEY,    -- relative to the archive, e.g. 晋文旅办发〔2022〕46号/v1
    doc_number      TEXT NOT NULL,       -- 发文字号
    version         INTEGER NOT NULL,
    title           TEXT NOT NULL,
    issuer          TEXT NOT NULL,       -- 发文机关
    date            TEXT NOT NULL,       -- 成文日期, ISO
    year            INTEGER NOT NULL,
    pages           INTEGER NOT NULL,
    note            TEXT NOT NULL,       -- 附注
    retention       TEXT NOT NULL,       -- 保管期限
    signer          TEXT NOT NULL,
    signed_at       TEXT NOT NULL,
    archived_at     TEXT NOT NULL,
    units           TEXT NOT NULL,       -- JSON list of the 处室 with tasks
    exceptions      TEXT NOT NULL,       -- JSON: what was accepted, and why
    supersedes      TEXT,                -- folder of the version this one replaces
    superseded_by   TEXT,
    reason          TEXT NOT NULL,       -- why this version replaces the previous one
    manifest_sha256 TEXT NOT NULL,
    seq             INTEGER NOT NULL UNIQUE,  -- 1, 2, 3 … in the order of archiving
    chain           TEXT NOT NULL,            -- sha256(previous chain + folder + manifest)
    UNIQUE (doc_number, version)
);
CREATE TABLE IF NOT EXISTS intents (   -- adds between their staging and their catalogue row
    folder          TEXT PRIMARY KEY,
    manifest_sha256 TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Entry:
    folder: str
    doc_number: str
    version: int
    title: str
    issuer: str
    date: str
    year: int
    pages: int
    note: str
    retention: str
    signer: str
    signed_at: str
    archived_at: str
    units: list[str] = field(default_factory=list)
    exceptions: dict[str, str] = field(default_factory=dict)
    supersedes: str | None = None
    superseded_by: str | None = None
    reason: str = ""
    manifest_sha256: str = ""
    seq: int = 0
    chain: str = ""

    @property
    def archived_local(self) -> str:
        return local_time(self.archived_at)


def local_time(iso: str) -> str:
    """An archive time (ISO with its zone) as a clerk reads it: local, to the minute."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


class CatalogueError(DocgenError):
    """The catalogue cannot be read as a catalogue (damaged or tampered with)."""


GENESIS = "0" * 64
SCHEMA_VERSION = 1  # PRAGMA user_version: a catalogue of another layout is refused, not misread


@contextmanager
def connect(path: Path, writable: bool = True) -> Iterator[sqlite3.Connection]:
    if writable:
        # Writers are serialised by the archive's lock file; this only waits for outside
        # readers (a GUI browsing the file, say).
        connection = sqlite3.connect(path, isolation_level=None, timeout=30)
    else:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                     isolation_level=None)
    try:
        _check_version(connection, writable)
        yield connection
    finally:
        connection.close()


def _check_version(connection: sqlite3.Connection, writable: bool) -> None:
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if version == 0 and tables == 0 and writable:  # a new catalogue
        connection.execute("PRAGMA synchronous = FULL")
        connection.executescript(SCHEMA)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    elif version != SCHEMA_VERSION and (tables or version):
        raise CatalogueError(f"归档目录的格式版本为 {version}，本程序使用 {SCHEMA_VERSION}",
                             hint="请用对应版本的 docgen 打开，或把条目迁移到新归档。")
    elif writable:
        connection.execute("PRAGMA synchronous = FULL")


def link(previous: str, folder: str, manifest_sha256: str) -> str:
    return hashlib.sha256(f"{previous}\n{folder}\n{manifest_sha256}".encode()).hexdigest()


def chain_problems(rows: list[Entry]) -> list[str]:
    """Where the hash chain over the rows, in archiving order, breaks."""
    problems, previous = [], GENESIS
    for expected_seq, entry in enumerate(sorted(rows, key=lambda e: e.seq), start=1):
        if entry.seq != expected_seq:
            problems.append(f"目录缺少第 {expected_seq} 条记录（下一条是第 {entry.seq} 条）")
        if entry.chain != link(previous, entry.folder, entry.manifest_sha256):
            problems.append(f"目录链在第 {entry.seq} 条（{entry.folder}）处断开：记录被改动或删除")
        previous = entry.chain
    return problems


def integrity_problems(connection: sqlite3.Connection) -> list[str]:
    rows = [row[0] for row in connection.execute("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows


def intend(connection: sqlite3.Connection, folder: str, manifest_sha256: str) -> None:
    """Record, before an entry's folder is renamed into place, that it is about to be."""
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("INSERT OR REPLACE INTO intents VALUES (?, ?)", (folder, manifest_sha256))
    connection.execute("COMMIT")


def intents(connection: sqlite3.Connection) -> list[tuple[str, str]]:
    return connection.execute("SELECT folder, manifest_sha256 FROM intents").fetchall()


def drop_intent(connection: sqlite3.Connection, folder: str) -> None:
    connection.execute("DELETE FROM intents WHERE folder = ?", (folder,))


def insert(connection: sqlite3.Connection, entry: Entry) -> None:
    """Insert ``entry``, link the version it supersedes and settle its intent, in one
    transaction."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        last = connection.execute(
            "SELECT seq, chain FROM entries ORDER BY seq DESC LIMIT 1").fetchone()
        seq, previous = (last[0] + 1, last[1]) if last else (1, GENESIS)
        row = asdict(entry)
        row.update(seq=seq, chain=link(previous, entry.folder, entry.manifest_sha256),
                   units=json.dumps(entry.units, ensure_ascii=False),
                   exceptions=json.dumps(entry.exceptions, ensure_ascii=False))
        names = list(row)
        connection.execute(f"INSERT INTO entries ({', '.join(names)}) VALUES "
                           f"({', '.join('?' for _ in names)})", [row[n] for n in names])
        if entry.supersedes:
            connection.execute("UPDATE entries SET superseded_by = ? WHERE folder = ?",
                               (entry.folder, entry.supersedes))
        connection.execute("DELETE FROM intents WHERE folder = ?", (entry.folder,))
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def entries(connection: sqlite3.Connection, doc_number: str | None = None) -> list[Entry]:
    query = "SELECT * FROM entries"
    arguments: tuple[str, ...] = ()
    if doc_number is not None:
        query += " WHERE doc_number = ?"
        arguments = (doc_number,)
    cursor = connection.execute(query + " ORDER BY doc_number, version", arguments)
    columns = [description[0] for description in cursor.description]
    return [_entry(dict(zip(columns, row, strict=True))) for row in cursor.fetchall()]


def search(connection: sqlite3.Connection, year: int | None = None, unit: str | None = None,
           text: str | None = None) -> list[Entry]:
    """Entries matching every filter given: year of 成文日期, a 处室 or the 发文机关, and
    words in the 文号, 标题 or 附注."""
    found = entries(connection)
    if year is not None:
        found = [entry for entry in found if entry.year == year]
    if unit:
        found = [entry for entry in found if unit in entry.units or unit in entry.issuer]
    if text:
        found = [entry for entry in found
                 if any(text in value for value in (entry.doc_number, entry.title, entry.note))]
    return found


_FOLDER = re.compile(r"^(?!\.)[^/\x00]{1,255}/v[1-9]\d*$")  # <文号>/vN, nothing else
_TYPES = {"folder": str, "doc_number": str, "version": int, "seq": int, "year": int,
          "pages": int, "chain": str, "manifest_sha256": str, "archived_at": str}


def _entry(row: dict[str, object]) -> Entry:
    """A row as an Entry; a row of the wrong shape (tampering) is a CatalogueError."""
    try:
        row["units"] = json.loads(str(row["units"]))
        row["exceptions"] = json.loads(str(row["exceptions"]))
        if not isinstance(row["units"], list) or not isinstance(row["exceptions"], dict):
            raise ValueError("units / exceptions")
        wrong = [name for name, kind in _TYPES.items() if not isinstance(row[name], kind)]
        if isinstance(row["folder"], str) and not _FOLDER.match(row["folder"]):
            wrong.append("folder")
        if wrong:
            raise ValueError("、".join(wrong))
        return Entry(**row)  # type: ignore[arg-type]
    except (ValueError, TypeError, RecursionError) as error:
        raise CatalogueError(f"归档目录中 {row.get('folder')} 的记录已损坏（{error}）") from error
