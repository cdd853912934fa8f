"""``copy-data``: move a whole tracker between databases (SQLite → PostgreSQL and back), losslessly.

Every table is copied row by row with its ids (tickets, the log, tags, watchers, links, attachments, saved views,
repeating series and their occurrences, reminders, the feed token, the periodic jobs' marks),
in chunks so memory stays flat, inside one write transaction on the target: it ends complete or not at all. Each
attachment's bytes are streamed from the source's store into the target's (the uploads folder beside a SQLite
file, the blob table on PostgreSQL), hashed on the way: a file whose content does not match its SHA-256 stops the
copy. The full-text index is rebuilt on the target, and the copy is verified (row counts per table, the set of
file checksums) before the command reports success. The target must be empty; the source is only read.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Table, func, insert, select

from tickettracker import dburi
from tickettracker.services.data import DataCommandError
from tickettracker.services.data.progress import Progress
from tickettracker.store import Database, fts, open_database
from tickettracker.store.attachments import BlobStore
from tickettracker.store.blob_table import blob_store
from tickettracker.store.db import sync_sequences
from tickettracker.store.models import (
    AccessLink,
    Attachment,
    ClockMark,
    FeedToken,
    Link,
    Occurrence,
    Recurrence,
    Reminder,
    SavedView,
    Snippet,
    Tag,
    Ticket,
    TicketTag,
    TicketTemplate,
    TicketUpdate,
    Watcher,
    table_of,
)

# Parents before children (foreign keys are checked row by row).
TABLES: tuple[Table, ...] = tuple(
    table_of(m)
    for m in (
        *(AccessLink, Tag, Ticket, TicketUpdate, TicketTag, Watcher, Link, Attachment, SavedView),
        *(TicketTemplate, Snippet),
        *(Recurrence, Occurrence, Reminder, FeedToken, ClockMark),
    )
)
CHUNK = 2000
ATTACHMENT = table_of(Attachment)


@dataclass(frozen=True)
class CopyResult:
    counts: dict[str, int]  # rows per table
    files: int  # distinct attachment contents copied


def target_of(uri: str, scratch: Path) -> tuple[Path | str, Path]:
    """What to open for ``uri`` and where its files go: the "uploads" folder beside a SQLite file; for
    PostgreSQL (files in its blob table) ``scratch`` only stages them."""
    checked = dburi.check(uri)
    if dburi.is_postgres_uri(checked):
        return checked, scratch
    path = Path(checked.removeprefix(dburi.SQLITE)).expanduser().absolute()
    return path, path.parent / "uploads"


def copy_data(source: Database, source_files: BlobStore, uri: str) -> CopyResult:
    """Copy everything in ``source`` (files from ``source_files``) into the empty database at ``uri``."""
    with tempfile.TemporaryDirectory(prefix="tickettracker-copy-") as scratch:
        try:
            target_path, target_uploads = target_of(uri, Path(scratch))
        except ValueError as e:
            raise DataCommandError(str(e)) from None
        target = open_database(target_path)
        try:
            return _copy(source, source_files, target, blob_store(target_uploads, target), dburi.mask(uri))
        finally:
            target.dispose()


def _copy(source: Database, files: BlobStore, target: Database, out: BlobStore, label: str) -> CopyResult:
    with target.read() as t:
        used = [tb.name for tb in TABLES if t.execute(select(func.count()).select_from(tb)).scalar()]
    if used:
        raise DataCommandError(
            f"{label}: not empty (it has rows in {', '.join(used)}); copy into an empty one"
        )
    counts: dict[str, int] = {}
    with source.read() as s, target.write() as t:
        for table in TABLES:
            total = int(s.execute(select(func.count()).select_from(table)).scalar_one())
            progress = Progress(f"copy-data: {table.name}", total)
            key = table.c.id if "id" in table.c else None
            stmt = select(table).order_by(*(table.primary_key.columns if key is None else [key]))
            result = s.execute(stmt.execution_options(yield_per=CHUNK))
            for rows in result.mappings().partitions(CHUNK):
                t.execute(insert(table), [dict(r) for r in rows])
                progress.advance(len(rows))
            progress.close()
            counts[table.name] = total
        shas = sorted(set(s.execute(select(ATTACHMENT.c.sha256).distinct()).scalars()))
        progress = Progress("copy-data: attachment files", len(shas))
        for sha in shas:
            _copy_file(files, out, t, sha, label)
            progress.advance()
        progress.close()
        fts.rebuild(t)
        sync_sequences(t)
        _verify(t, counts, shas, label)
    return CopyResult(counts, len(shas))


def _copy_file(files: BlobStore, out: BlobStore, t: Any, sha: str, label: str) -> None:
    path = files.local_file(sha)
    if path is None:
        raise DataCommandError(f"attachment file {sha} is missing from the source; run `check` first")
    writer = out.writer(limit=path.stat().st_size)
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                writer.write(chunk)
    except BaseException:
        writer.discard()
        raise
    staged = writer.finish()
    if staged.sha256 != sha:
        staged.discard()
        raise DataCommandError(
            f"attachment file {sha} is damaged in the source (its SHA-256 is {staged.sha256})"
        )
    out.place(staged, t)


def _verify(t: Any, counts: dict[str, int], shas: list[str], label: str) -> None:
    for table in TABLES:
        got = int(t.execute(select(func.count()).select_from(table)).scalar_one())
        if got != counts[table.name]:
            raise DataCommandError(
                f"{label}: {table.name} has {got} rows after the copy, not {counts[table.name]}"
            )
    copied = sorted(set(t.execute(select(ATTACHMENT.c.sha256).distinct()).scalars()))
    if copied != shas:
        raise DataCommandError(f"{label}: the attachment checksums differ after the copy")
