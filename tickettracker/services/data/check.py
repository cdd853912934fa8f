"""``check``: the database's own checks plus the attachment store, both ways (SPEC §15); SQLite or PostgreSQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import text

from tickettracker.services.data.blobs import blob_path, sha256_of, stored_blobs
from tickettracker.services.data.progress import Progress
from tickettracker.store import Database
from tickettracker.store.blob_table import DbBlobStore


def check_data(database: Path, uploads: Path) -> list[str]:
    """Every problem found, one line each (empty when all is well).

    - ``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check``;
    - every attachment row has its file ``uploads/<sha[:2]>/<sha>`` with that SHA-256 and size;
    - every blob file in the uploads folder is referenced by some attachment row.
    """
    problems: list[str] = []
    if not database.is_file():
        return [f"database: {database} does not exist"]
    # Read-only, with a busy timeout: check works while the app runs and writes.
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)
    try:
        result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            problems += [f"database: {r}" for r in result]
        for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check"):
            problems.append(f"database: {table} row {rowid} points to a missing {parent}")
        rows = conn.execute("SELECT id, ticket_id, name, sha256, size FROM attachment ORDER BY id").fetchall()
    except sqlite3.DatabaseError as e:
        return [*problems, f"database: {database} cannot be read ({e})"]
    finally:
        conn.close()
    verified: dict[str, tuple[str, int] | None] = {}
    progress = Progress("check: attachment files", len(rows))
    for att_id, ticket_id, name, sha, size in rows:
        if sha not in verified:
            path = blob_path(uploads, sha)
            verified[sha] = sha256_of(path) if path.is_file() else None
        found = verified[sha]
        where = f"attachment {att_id} {name!r} of ticket #{ticket_id}"
        if found is None:
            problems.append(f"{where}: file uploads/{sha[:2]}/{sha} is missing")
        elif found[0] != sha:
            problems.append(f"{where}: file uploads/{sha[:2]}/{sha} is damaged (its SHA-256 is {found[0]})")
        elif found[1] != size:
            problems.append(f"{where}: file size is {found[1]}, the row says {size}")
        progress.advance()
    progress.close()
    for sha, path in stored_blobs(uploads):
        if sha not in verified:
            problems.append(f"orphan file: {path.relative_to(uploads.parent)} belongs to no attachment")
    if uploads.is_dir():
        for path in sorted(uploads.glob("*/*.partial")):
            problems.append(
                f"orphan file: {path.relative_to(uploads.parent)} is left from an interrupted write"
            )
    return problems


def remove_orphans(database: Path, uploads: Path) -> list[Path]:
    """Delete blob files no attachment row refers to, and temporary files of interrupted writes.

    Such files are left by a crash between writing a file and committing its row (the write was never
    acknowledged). Meant for a stopped app: a file being attached this very moment has no row yet.
    """
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)
    try:
        referenced = {r[0] for r in conn.execute("SELECT DISTINCT sha256 FROM attachment")}
    finally:
        conn.close()
    removed = [path for sha, path in stored_blobs(uploads) if sha not in referenced]
    if uploads.is_dir():
        removed += [p for p in uploads.glob("*/*.partial") if p.is_file()]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def check_server(db: Database, store: DbBlobStore) -> list[str]:
    """``check`` on PostgreSQL (which enforces its own integrity and foreign keys): the full-text index covers
    every ticket; every attachment row has its bytes in the blob table with that SHA-256 and size; every blob
    belongs to some row (orphans are listed; ``--remove-orphan-files`` deletes them)."""
    problems: list[str] = []
    with db.read() as s:
        tickets = int(s.execute(text("SELECT count(*) FROM ticket")).scalar_one())
        indexed = int(s.execute(text("SELECT count(*) FROM ticket_fts")).scalar_one())
        if tickets != indexed:
            problems.append(f"database: the search index has {indexed} entries for {tickets} tickets")
        rows = s.execute(text("SELECT id, ticket_id, name, sha256, size FROM attachment ORDER BY id")).all()
        verified: dict[str, tuple[str, int] | None] = {}
        progress = Progress("check: attachment files", len(rows))
        for att_id, ticket_id, name, sha, size in rows:
            if sha not in verified:
                verified[sha] = store.verify(s, sha)
            found = verified[sha]
            where = f"attachment {att_id} {name!r} of ticket #{ticket_id}"
            if found is None:
                problems.append(f"{where}: its content {sha} is missing from the blob table")
            elif found[0] != sha:
                problems.append(f"{where}: its content {sha} is damaged (its SHA-256 is {found[0]})")
            elif found[1] != size:
                problems.append(f"{where}: its content is {found[1]} bytes, the row says {size}")
            progress.advance()
        progress.close()
        for sha in sorted(store.stored_shas(s) - set(verified)):
            problems.append(f"orphan blob: {sha} belongs to no attachment")
    return problems
