"""A ticket's update log a page at a time (the ticket page): keyset pages over (at, id), newest or oldest first,
optionally only the entries matching a search.

A page is one query for its entries (with the access link's name joined) and one each for the links and files of
just those entries, never one per entry; "Show older" continues after the last (at, id) shown, so a deep page costs
what the first does.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from tickettracker.domain.records import AttachmentRec, LinkRec, UpdateRec
from tickettracker.store import records
from tickettracker.store.models import AccessLink, Attachment, Link, TicketUpdate, table_of

U = table_of(TicketUpdate)
LogKey = tuple[datetime, int]  # (at, id) of an entry: where a page continues


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _matching(search: str) -> ColumnElement[Any]:
    """Entries whose author, text or logged values contain ``search`` (any case; ILIKE on PostgreSQL)."""
    pattern = _like(search.strip())
    return or_(*(c.ilike(pattern, escape="\\") for c in (U.c.body, U.c.author, U.c.old, U.c.new, U.c.field)))


def _beyond(key: LogKey, *, newest_first: bool) -> ColumnElement[Any]:
    """Entries after ``key`` in the reading order (older ones when newest first)."""
    at, uid = key
    if newest_first:
        return or_(U.c.at < at, and_(U.c.at == at, U.c.id < uid))
    return or_(U.c.at > at, and_(U.c.at == at, U.c.id > uid))


def entries(
    session: Session,
    *,
    ticket_id: int,
    newest_first: bool = True,
    after: LogKey | None = None,
    since: LogKey | None = None,
    upto: LogKey | None = None,
    limit: int | None = None,
    search: str = "",
) -> list[UpdateRec]:
    """The log entries of one ticket in reading order: those after ``after`` (exclusive, in reading order), keyed
    from ``since`` up to ``upto`` (both inclusive), at most ``limit``, only those matching ``search`` when it is
    not blank."""
    stmt = (
        select(TicketUpdate, AccessLink.name)  # type: ignore[call-overload]
        .outerjoin(AccessLink, AccessLink.id == U.c.access_link_id)
        .where(U.c.ticket_id == ticket_id)
    )
    if after is not None:
        stmt = stmt.where(_beyond(after, newest_first=newest_first))
    if since is not None:
        stmt = stmt.where(~_beyond(since, newest_first=True))
    if upto is not None:
        stmt = stmt.where(~_beyond(upto, newest_first=False))
    if search.strip():
        stmt = stmt.where(_matching(search))
    stmt = stmt.order_by(*([U.c.at.desc(), U.c.id.desc()] if newest_first else [U.c.at, U.c.id]))
    if limit is not None:
        stmt = stmt.limit(limit)
    rows = session.execute(stmt).all()
    ids = [u.id for u, _ in rows]
    links, files = records.by_update(_links_of(session, ids), _files_of(session, ids))
    return [records.update_rec(u, links, files, name) for u, name in rows]


def count(session: Session, *, ticket_id: int, search: str = "") -> int:
    """How many entries the ticket's log has (matching ``search`` when it is not blank)."""
    stmt = select(func.count()).select_from(U).where(U.c.ticket_id == ticket_id)
    if search.strip():
        stmt = stmt.where(_matching(search))
    return int(session.execute(stmt).scalar_one())


def _links_of(session: Session, update_ids: Sequence[int]) -> list[LinkRec]:
    if not update_ids:
        return []
    L = table_of(Link)
    stmt = (
        select(L.c.id, L.c.url, L.c.label, L.c.update_id)
        .where(L.c.update_id.in_(update_ids))
        .order_by(L.c.position, L.c.id)
    )
    return [LinkRec(lid, url, label, uid) for lid, url, label, uid in session.execute(stmt)]


def _files_of(session: Session, update_ids: Sequence[int]) -> list[AttachmentRec]:
    if not update_ids:
        return []
    A = table_of(Attachment)
    stmt = select(A).where(A.c.update_id.in_(update_ids)).order_by(A.c.id)
    return [
        AttachmentRec(a.id, a.name, a.size, a.content_type, a.sha256, a.created, a.update_id)
        for a in session.execute(stmt)
    ]
