"""Repository functions for tickets and their log: keyword-only, take a session, return plain records.

Longer than ~300 lines on purpose: it holds the repository functions of the ticket aggregate (ticket, tags,
watchers, links, log) together.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlmodel import Session, col

from tickettracker.domain.records import AttachmentRec, LinkRec, TicketRec, UpdateRec
from tickettracker.errors import NotFound
from tickettracker.store import checklists, fts, records
from tickettracker.store.db import WRITE, inserted_id, is_postgres, sync_sequences
from tickettracker.store.models import (
    AccessLink,
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


def insert_ticket(session: Session, *, values: dict[str, Any], ticket_id: int | None = None) -> int:
    """Insert the ticket row; ``values`` are Ticket column values."""
    row = dict(values)
    if ticket_id is not None:
        row["id"] = ticket_id
    result = session.execute(insert(Ticket).values(**row))
    if ticket_id is not None:
        sync_sequences(session)  # PostgreSQL: later tickets continue after this id
    return inserted_id(result)


def update_ticket(session: Session, *, ticket_id: int, values: dict[str, Any]) -> None:
    session.execute(update(Ticket).where(col(Ticket.id) == ticket_id).values(**values))


def ticket_row(session: Session, *, ticket_id: int, include_deleted: bool = True) -> dict[str, Any]:
    """The bare ticket columns as a dict; NotFound when missing.

    In a write transaction the row is locked until commit (``FOR UPDATE``; nothing on SQLite, whose writers are
    serialised anyway), so two processes editing one ticket on PostgreSQL take turns and the second sees the first
    one's version: its stale edit is refused instead of overwriting.
    """
    stmt = select(T).where(T.c.id == ticket_id)
    if session.info.get(WRITE):
        stmt = stmt.with_for_update()
    if not include_deleted:
        stmt = stmt.where(T.c.deleted_at.is_(None))
    row = session.execute(stmt).mappings().first()
    if row is None:
        raise NotFound(f"Ticket #{ticket_id} does not exist")
    return dict(row)


def ticket_exists(session: Session, *, ticket_id: int) -> bool:
    return session.execute(select(T.c.id).where(T.c.id == ticket_id)).first() is not None


def _tag_ids(session: Session, names: Sequence[str], create: bool) -> list[int]:
    if not names:
        return []
    found = {
        name.casefold(): tid
        for tid, name in session.execute(select(col(Tag.id), col(Tag.name)).where(col(Tag.name).in_(names)))
    }
    ids = []
    for name in names:
        tid = found.get(name.casefold())
        if tid is None and create:
            tid = create_tag(session, name)
            found[name.casefold()] = tid
        if tid is not None:
            ids.append(tid)
    return ids


def create_tag(session: Session, name: str) -> int:
    """Create a tag; on PostgreSQL another instance may create the same name at the same moment: use theirs."""
    if not is_postgres(session):
        return inserted_id(session.execute(insert(Tag).values(name=name)))
    stmt = pg_insert(Tag).values(name=name).on_conflict_do_nothing().returning(col(Tag.id))
    tid = session.execute(stmt).scalar()
    if tid is None:
        tid = session.execute(select(col(Tag.id)).where(col(Tag.name) == name)).scalar_one()
    return int(tid)


def set_tags(session: Session, *, ticket_id: int, names: Sequence[str]) -> None:
    session.execute(delete(TicketTag).where(col(TicketTag.ticket_id) == ticket_id))
    for tid in dict.fromkeys(_tag_ids(session, names, create=True)):
        session.execute(insert(TicketTag).values(ticket_id=ticket_id, tag_id=tid))


def tag_ids(session: Session, *, names: Sequence[str]) -> list[int]:
    """Ids of existing tags (case-insensitive); unknown names are skipped."""
    return _tag_ids(session, names, create=False)


def set_watchers(session: Session, *, ticket_id: int, values: Sequence[str]) -> None:
    session.execute(delete(Watcher).where(col(Watcher.ticket_id) == ticket_id))
    if values:
        session.execute(
            insert(Watcher),
            [{"ticket_id": ticket_id, "position": i, "value": v} for i, v in enumerate(values)],
        )


def set_links(session: Session, *, ticket_id: int, links: Iterable[tuple[str, str]]) -> None:
    """Replace the ticket's own links (links of updates are left alone)."""
    session.execute(delete(Link).where(col(Link.ticket_id) == ticket_id, col(Link.update_id).is_(None)))
    rows = [
        {"ticket_id": ticket_id, "position": i, "url": u, "label": lbl} for i, (u, lbl) in enumerate(links)
    ]
    if rows:
        session.execute(insert(Link), rows)


def add_update(
    session: Session,
    *,
    ticket_id: int,
    at: datetime,
    author: str,
    kind: str,
    field: str | None = None,
    old: str | None = None,
    new: str | None = None,
    body: str = "",
    links: Iterable[tuple[str, str]] = (),
    link_id: int | None = None,
) -> int:
    """Append one entry to the update log (never updated or deleted afterwards); ``link_id`` is the access link
    it came through."""
    result = session.execute(
        insert(TicketUpdate).values(
            ticket_id=ticket_id,
            at=at,
            author=author,
            kind=kind,
            field=field,
            old=old,
            new=new,
            body=body,
            access_link_id=link_id,
        )
    )
    update_id = inserted_id(result)
    rows = [
        {"ticket_id": ticket_id, "update_id": update_id, "position": i, "url": u, "label": lbl}
        for i, (u, lbl) in enumerate(links)
    ]
    if rows:
        session.execute(insert(Link), rows)
    return update_id


def status_changes(session: Session, *, ticket_id: int) -> list[tuple[datetime, str]]:
    """(at, new status) for every status change, oldest first (the SLA pause credit reads these)."""
    stmt = (
        select(col(TicketUpdate.at), col(TicketUpdate.new))
        .where(col(TicketUpdate.ticket_id) == ticket_id, col(TicketUpdate.field) == "status")
        .order_by(col(TicketUpdate.at), col(TicketUpdate.id))
    )
    return [(at, json.loads(new)) for at, new in session.execute(stmt) if new is not None]


def tags_of(session: Session, *, ticket_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    out: dict[int, list[str]] = defaultdict(list)
    if ticket_ids:
        stmt = (
            select(col(TicketTag.ticket_id), col(Tag.name))
            .join(Tag, col(Tag.id) == col(TicketTag.tag_id))
            .where(col(TicketTag.ticket_id).in_(ticket_ids))
            .order_by(col(Tag.name))
        )
        for tid, name in session.execute(stmt):
            out[tid].append(name)
    return {k: tuple(sorted(v, key=str.casefold)) for k, v in out.items()}


def watchers_of(session: Session, *, ticket_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    out: dict[int, list[str]] = defaultdict(list)
    if ticket_ids:
        stmt = (
            select(col(Watcher.ticket_id), col(Watcher.value))
            .where(col(Watcher.ticket_id).in_(ticket_ids))
            .order_by(col(Watcher.ticket_id), col(Watcher.position))
        )
        for tid, value in session.execute(stmt):
            out[tid].append(value)
    return {k: tuple(v) for k, v in out.items()}


def links_of(
    session: Session, *, ticket_ids: Sequence[int], ticket_level_only: bool = False
) -> dict[int, list[LinkRec]]:
    out: dict[int, list[LinkRec]] = defaultdict(list)
    if ticket_ids:
        stmt = select(
            col(Link.id), col(Link.ticket_id), col(Link.update_id), col(Link.url), col(Link.label)
        ).where(col(Link.ticket_id).in_(ticket_ids))
        # Filtered here, not in SQL: "update_id IS NULL" would lure SQLite onto the update_id index (most links
        # have none), turning a 50-ticket lookup into a scan of every link.
        for lid, tid, uid, url, label in session.execute(stmt.order_by(col(Link.position), col(Link.id))):
            if uid is None or not ticket_level_only:
                out[tid].append(LinkRec(lid, url, label, uid))
    return out


def attachments_of(session: Session, *, ticket_ids: Sequence[int]) -> dict[int, list[AttachmentRec]]:
    out: dict[int, list[AttachmentRec]] = defaultdict(list)
    if ticket_ids:
        stmt = (
            select(Attachment).where(col(Attachment.ticket_id).in_(ticket_ids)).order_by(col(Attachment.id))
        )
        for a in session.execute(stmt).scalars():
            out[a.ticket_id].append(
                AttachmentRec(a.id or 0, a.name, a.size, a.content_type, a.sha256, a.created, a.update_id)
            )
    return out


def all_tags(session: Session) -> list[str]:
    return list(session.execute(select(col(Tag.name)).order_by(func.lower(col(Tag.name)))).scalars())


def tags_matching(session: Session, *, text: str, limit: int) -> list[str]:
    """Up to ``limit`` tag names containing ``text`` (any case), those starting with it first, then by name."""
    needle = text.strip().lower()
    name = func.lower(col(Tag.name))
    stmt = select(col(Tag.name))
    if needle:
        escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(name.like(f"%{escaped}%", escape="\\"))
        stmt = stmt.order_by(name.like(f"{escaped}%", escape="\\").desc())
    return list(session.execute(stmt.order_by(name).limit(limit)).scalars())


def updates_of(
    session: Session, *, ticket_id: int, links: list[LinkRec], files: list[AttachmentRec]
) -> list[UpdateRec]:
    by_update_links, by_update_files = records.by_update(links, files)
    stmt = (
        select(TicketUpdate, col(AccessLink.name))
        .outerjoin(AccessLink, col(AccessLink.id) == col(TicketUpdate.access_link_id))
        .where(col(TicketUpdate.ticket_id) == ticket_id)
        .order_by(col(TicketUpdate.at), col(TicketUpdate.id))
    )
    return [
        records.update_rec(u, by_update_links, by_update_files, link_name)
        for u, link_name in session.execute(stmt).all()
    ]


def load_ticket(session: Session, *, ticket_id: int, with_updates: bool = True) -> TicketRec:
    """The whole ticket: fields, tags, watchers, links, attachments and (optionally) its log."""
    row = ticket_row(session, ticket_id=ticket_id)
    ids = [ticket_id]
    links = links_of(session, ticket_ids=ids).get(ticket_id, [])
    files = attachments_of(session, ticket_ids=ids).get(ticket_id, [])
    updates = updates_of(session, ticket_id=ticket_id, links=links, files=files) if with_updates else []
    return records.ticket_rec(
        row,
        watchers=watchers_of(session, ticket_ids=ids).get(ticket_id, ()),
        tags=tags_of(session, ticket_ids=ids).get(ticket_id, ()),
        links=(link for link in links if link.update_id is None),
        attachments=(f for f in files if f.update_id is None),
        updates=updates,
    )


def reindex(session: Session, *, ticket_id: int) -> None:
    """Refresh what is derived from the ticket's text: its full-text entry and its checklist progress."""
    fts.reindex(session, ticket_id=ticket_id)
    checklists.refresh(session, ticket_id=ticket_id)


def purge(session: Session, *, ticket_id: int) -> list[str]:
    """Delete a ticket for good (rows cascade); return the SHA-256 of its attachment files for the blob sweep."""
    shas = list(
        session.execute(
            select(col(Attachment.sha256)).where(col(Attachment.ticket_id) == ticket_id)
        ).scalars()
    )
    session.execute(delete(Ticket).where(col(Ticket.id) == ticket_id))
    fts.remove(session, ticket_id=ticket_id)
    return shas


def initial_status(session: Session, *, ticket_id: int) -> str:
    """The status a ticket was created with, read from its "created" log entry."""
    raw = session.execute(
        select(col(TicketUpdate.new)).where(
            col(TicketUpdate.ticket_id) == ticket_id, col(TicketUpdate.kind) == "created"
        )
    ).scalar_one_or_none()
    return str(json.loads(raw)["status"]) if raw else ""


def sla_rows(session: Session) -> list[Row[Any]]:
    """The columns the SLA engine needs, for every ticket."""
    cols = (
        T.c.id,
        T.c.status,
        T.c.priority,
        T.c.created,
        T.c.due,
        T.c.paused_seconds,
        T.c.paused_since,
        T.c.age_reference,
    )
    return list(session.execute(select(*cols)).all())


def set_priority_ranks(session: Session, *, ranks: dict[str, int]) -> None:
    for name, rank in ranks.items():
        session.execute(update(Ticket).where(T.c.priority == name).values(priority_rank=rank))


def set_deadlines(session: Session, *, deadlines: dict[int, datetime | None]) -> None:
    if deadlines:
        stmt = update(T).where(T.c.id == bindparam("i")).values(deadline=bindparam("d"))
        session.execute(stmt, [{"i": k, "d": v} for k, v in deadlines.items()])
