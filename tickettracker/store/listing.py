"""The dashboard query: one page of rows plus the count, with every filter, search and sort done in SQL.

Only a page of ticket ids ever leaves SQLite; their tags, watchers, links and attachment names are then fetched in
one query each (never one per row).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, literal, or_, select, text
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from tickettracker.domain import search
from tickettracker.domain.records import ListQuery, Page, RowRec
from tickettracker.store import tickets as repo
from tickettracker.store.models import Attachment, Ticket, TicketTag

T = Ticket.__table__  # type: ignore[attr-defined]
MAX_PAGE_SIZE = 200


def where_clause(session: Session, q: ListQuery, now: datetime) -> list[ColumnElement[Any]]:
    """The WHERE terms for a query (shared by the page and its count)."""
    terms: list[ColumnElement[Any]] = [T.c.deleted_at.is_not(None) if q.trash else T.c.deleted_at.is_(None)]
    if q.statuses:
        terms.append(T.c.status.in_(q.statuses))
    if q.priorities:
        terms.append(T.c.priority.in_(q.priorities))
    if q.tags:
        ids = repo.tag_ids(session, names=q.tags)
        if q.match_all_tags and len(ids) < len(set(t.casefold() for t in q.tags)):
            terms.append(literal(False))  # a tag that does not exist can never be matched by every ticket
        elif not ids:
            terms.append(literal(False))
        elif q.match_all_tags:
            sub = (
                select(TicketTag.ticket_id)
                .where(TicketTag.tag_id.in_(ids))  # type: ignore[attr-defined]
                .group_by(TicketTag.ticket_id)
                .having(func.count() == len(ids))
            )
            terms.append(T.c.id.in_(sub))
        else:
            sub = select(TicketTag.ticket_id).where(TicketTag.tag_id.in_(ids))  # type: ignore[attr-defined]
            terms.append(T.c.id.in_(sub))
    if q.overdue_only:
        terms.append(and_(T.c.deadline.is_not(None), T.c.deadline <= now))
    if q.has_due is True:
        terms.append(T.c.due.is_not(None))
    elif q.has_due is False:
        terms.append(T.c.due.is_(None))
    match = search.fts_match(q.text)
    if match is not None:
        fts_ids = select(text("rowid")).select_from(text("ticket_fts")).where(text("ticket_fts MATCH :m"))
        term: ColumnElement[Any] = T.c.id.in_(fts_ids)
        stripped = q.text.strip().lstrip("#")
        if stripped.isdigit():  # "#123" or "123" also finds ticket 123 by id
            term = or_(term, T.c.id == int(stripped))
        terms.append(term)
    return terms


def order_by(q: ListQuery) -> list[Any]:
    """Sort columns; ties always broken by id so paging is stable."""
    desc = q.descending
    if q.sort == "due":
        return [T.c.due.is_(None), T.c.due.desc() if desc else T.c.due, T.c.id]
    if q.sort == "priority":  # most urgent first unless reversed
        return [
            T.c.priority_rank if desc else T.c.priority_rank.desc(),
            T.c.deadline.is_(None),
            T.c.deadline,
            T.c.id,
        ]
    if q.sort == "updated":  # most recent first unless reversed
        return [T.c.updated if desc else T.c.updated.desc(), T.c.id.desc()]
    if q.sort == "created":
        return [T.c.created if desc else T.c.created.desc(), T.c.id.desc()]
    if q.sort == "title":
        return [func.lower(T.c.title).desc() if desc else func.lower(T.c.title), T.c.id]
    if q.sort == "id":
        return [T.c.id.desc() if desc else T.c.id]
    # urgency: the soonest SLA deadline first; paused and finished tickets last
    return [T.c.deadline.is_(None), T.c.deadline.desc() if desc else T.c.deadline, T.c.id]


def page(session: Session, q: ListQuery, now: datetime, extra: Sequence[ColumnElement[Any]] = ()) -> Page:
    """One page of rows and the total count for ``q`` (``extra``: more WHERE terms, e.g. from the query language)."""
    size = max(1, min(MAX_PAGE_SIZE, q.page_size))
    terms = [*where_clause(session, q, now), *extra]
    bind: dict[str, Any] = {}
    match = search.fts_match(q.text)
    if match is not None:
        bind["m"] = match
    total = int(session.execute(select(func.count()).select_from(T).where(*terms), bind).scalar_one())
    last_page = max(1, (total + size - 1) // size)
    number = max(1, min(q.page, last_page))
    cols = [
        T.c.id,
        T.c.title,
        T.c.status,
        T.c.priority,
        T.c.hold_reason,
        T.c.due,
        T.c.due_has_time,
        T.c.requester,
        T.c.created,
        T.c.updated,
        T.c.paused_seconds,
        T.c.paused_since,
    ]
    stmt = select(*cols).where(*terms).order_by(*order_by(q)).offset((number - 1) * size).limit(size)
    rows = session.execute(stmt, bind).all()
    ids = [r.id for r in rows]
    tags = repo.tags_of(session, ticket_ids=ids)
    watchers = repo.watchers_of(session, ticket_ids=ids)
    links = repo.links_of(session, ticket_ids=ids, ticket_level_only=True)
    names: dict[int, list[str]] = {}
    if ids:
        stmt2 = select(Attachment.ticket_id, Attachment.name).where(Attachment.ticket_id.in_(ids))  # type: ignore[attr-defined]
        for tid, name in session.execute(stmt2.order_by(Attachment.id)):
            names.setdefault(tid, []).append(name)
    out = [
        RowRec(
            id=r.id,
            title=r.title,
            status=r.status,
            priority=r.priority,
            hold_reason=r.hold_reason,
            due=r.due,
            due_has_time=bool(r.due_has_time),
            requester=r.requester,
            created=r.created,
            updated=r.updated,
            paused_seconds=r.paused_seconds,
            paused_since=r.paused_since,
            tags=tags.get(r.id, ()),
            watchers=watchers.get(r.id, ()),
            links=tuple(links.get(r.id, ())),
            attachment_names=tuple(names.get(r.id, ())),
        )
        for r in rows
    ]
    return Page(out, total, number, size)


def count(session: Session, q: ListQuery, now: datetime, extra: Sequence[ColumnElement[Any]] = ()) -> int:
    terms = [*where_clause(session, q, now), *extra]
    match = search.fts_match(q.text)
    bind = {"m": match} if match is not None else {}
    return int(session.execute(select(func.count()).select_from(T).where(*terms), bind).scalar_one())
