"""Bulk reads and writes for the data commands: every ticket as read models, and many tickets inserted at once.

Reads go in chunks of ticket ids (a handful of queries per chunk, never one per row), so exporting 100,000 tickets
keeps memory flat. Inserts use executemany inside the caller's one transaction (import is all-or-nothing).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import func, select, text
from sqlmodel import Session, col

from tickettracker.domain.records import AttachmentRec, LinkRec, TicketRec, UpdateRec
from tickettracker.store import records
from tickettracker.store import tickets as repo
from tickettracker.store.db import sync_sequences
from tickettracker.store.models import (
    Attachment,
    Link,
    Tag,
    Ticket,
    TicketTag,
    TicketUpdate,
    Watcher,
    table_of,
)

T = table_of(Ticket)


def ticket_ids(session: Session) -> list[int]:
    """Every ticket id (trash included), ascending."""
    return list(session.execute(select(T.c.id).order_by(T.c.id)).scalars())


def _updates_of(
    session: Session,
    ids: Sequence[int],
    links: dict[int, list[LinkRec]],
    files: dict[int, list[AttachmentRec]],
) -> dict[int, list[UpdateRec]]:
    by_update_links, by_update_files = records.by_update(
        (lk for tid in ids for lk in links.get(tid, ())), (f for tid in ids for f in files.get(tid, ()))
    )
    stmt = (
        select(TicketUpdate)
        .where(col(TicketUpdate.ticket_id).in_(ids))
        .order_by(col(TicketUpdate.ticket_id), col(TicketUpdate.at), col(TicketUpdate.id))
    )
    out: dict[int, list[UpdateRec]] = defaultdict(list)
    for u in session.execute(stmt).scalars():
        out[u.ticket_id].append(records.update_rec(u, by_update_links, by_update_files))
    return out


def iter_tickets(session: Session, *, ids: Sequence[int], chunk: int = 500) -> Iterator[TicketRec]:
    """Whole tickets (fields, tags, watchers, links, every attachment, the log) for ``ids``, in that order.

    Unlike :func:`tickets.load_ticket`, ``attachments`` holds the files of the ticket AND of its updates, so an
    export lists every file once.
    """
    for start in range(0, len(ids), chunk):
        part = list(ids[start : start + chunk])
        rows = {r["id"]: r for r in session.execute(select(T).where(T.c.id.in_(part))).mappings()}
        tags = repo.tags_of(session, ticket_ids=part)
        watchers = repo.watchers_of(session, ticket_ids=part)
        links = repo.links_of(session, ticket_ids=part)
        files = repo.attachments_of(session, ticket_ids=part)
        updates = _updates_of(session, part, links, files)
        for tid in part:
            row = rows.get(tid)
            if row is None:
                continue  # purged since the ids were read
            yield records.ticket_rec(
                row,
                watchers=watchers.get(tid, ()),
                tags=tags.get(tid, ()),
                links=(lk for lk in links.get(tid, ()) if lk.update_id is None),
                attachments=files.get(tid, ()),
                updates=updates.get(tid, ()),
            )


def taken_ticket_ids(session: Session, *, ids: Sequence[int]) -> set[int]:
    """Which of ``ids`` already belong to a ticket."""
    taken: set[int] = set()
    for start in range(0, len(ids), 900):  # stay below SQLite's bound-parameter limit on old builds
        part = list(ids[start : start + 900])
        taken |= set(session.execute(select(T.c.id).where(T.c.id.in_(part))).scalars())
    return taken


def max_ids(session: Session) -> tuple[int, int]:
    """The highest ticket id and the highest update id in use (0 when empty)."""
    t = session.execute(select(func.max(T.c.id))).scalar() or 0
    u = session.execute(select(func.max(col(TicketUpdate.id)))).scalar() or 0
    return int(t), int(u)


def ensure_tags(session: Session, *, names: Sequence[str]) -> dict[str, int]:
    """Tag ids by case-folded name, creating the tags that do not exist yet."""
    ids = {name.casefold(): tid for tid, name in session.execute(select(col(Tag.id), col(Tag.name)))}
    for name in names:
        key = name.casefold()
        if key not in ids:
            ids[key] = repo.create_tag(session, name)
    return ids


def insert_many(
    session: Session,
    *,
    tickets: list[dict[str, Any]],
    watchers: list[dict[str, Any]],
    ticket_tags: list[dict[str, Any]],
    updates: list[dict[str, Any]],
    links: list[dict[str, Any]],
    attachments: list[dict[str, Any]],
) -> None:
    """Insert prepared rows (foreign keys already resolved) with one executemany per table.

    All rows of a table must have the same keys. Values go through each column's own bind processor (so times are
    stored exactly as the ORM stores them), then straight to the driver: SQLAlchemy's per-row statement work would
    otherwise take most of an import of 100,000 tickets.
    """
    conn = session.connection()
    dialect = conn.dialect
    pg = dialect.name == "postgresql"
    raw = conn.connection.driver_connection
    assert raw is not None  # a live connection (the session has begun)
    for model, rows in (
        (Ticket, tickets),
        (Watcher, watchers),
        (TicketTag, ticket_tags),
        (TicketUpdate, updates),
        (Link, links),
        (Attachment, attachments),
    ):
        if not rows:
            continue
        table = table_of(model)
        names = list(rows[0])
        procs = [table.c[n].type._cached_bind_processor(dialect) for n in names]
        mark = "%s" if pg else "?"
        sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join([mark] * len(names))})"
        values = [tuple(p(r[n]) if p else r[n] for n, p in zip(names, procs, strict=True)) for r in rows]
        if pg:
            with raw.cursor() as cursor:
                cursor.executemany(sql, values)
        else:
            raw.executemany(sql, values)
    sync_sequences(session)


def referenced_blobs(session: Session) -> dict[str, int]:
    """SHA-256 → size of every file an attachment row points to."""
    return {
        sha: size
        for sha, size in session.execute(select(col(Attachment.sha256), col(Attachment.size)).distinct())
    }


def attachment_rows(session: Session) -> list[tuple[int, int, str, str, int]]:
    """(id, ticket id, name, sha256, size) of every attachment row."""
    stmt = select(
        col(Attachment.id),
        col(Attachment.ticket_id),
        col(Attachment.name),
        col(Attachment.sha256),
        col(Attachment.size),
    )
    return [tuple(r) for r in session.execute(stmt.order_by(col(Attachment.id)))]


def count_tickets(session: Session) -> int:
    return int(session.execute(text("SELECT count(*) FROM ticket")).scalar() or 0)
