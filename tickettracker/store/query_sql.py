"""Compile a parsed search-box :class:`~tickettracker.domain.query.Query` into SQL over the ticket tables.

Each term becomes one WHERE condition that is never NULL (so ``-term`` is its exact complement); the values of one
term are OR-ed, the terms AND-ed. Paging, counting and row loading are :mod:`tickettracker.store.listing`'s, so the
dashboard gets the same :class:`~tickettracker.domain.records.Page` whichever way it asks.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, false, not_, or_, select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from tickettracker.config import Config
from tickettracker.domain import search
from tickettracker.domain.insights import sla_key
from tickettracker.domain.query import Query, Term, time_range
from tickettracker.domain.query_controls import list_query
from tickettracker.domain.records import Page
from tickettracker.localtime import date_order
from tickettracker.store import fts, list_terms, listing
from tickettracker.store.db import is_postgres
from tickettracker.store.models import Attachment, Link, Tag, Ticket, TicketTag, Watcher, table_of
from tickettracker.store.urgency import urgency_key

T = table_of(Ticket)
Cond = ColumnElement[Any]


def conditions(
    session: Session, q: Query, cfg: Config, now: datetime, *, skip: frozenset[int] = frozenset()
) -> list[Cond]:
    """The WHERE terms of ``q`` (live tickets are selected by the caller's ListQuery).

    ``skip``: indexes of terms the caller's ListQuery already carries (see :func:`query_controls.lift`); -1 stands
    for the positive free words.
    """
    out: list[Cond] = []
    words = q.words
    if -1 not in skip and search.fts_match(words) is not None:
        out.append(_fts(session, words))
    for i, term in enumerate(q.terms):
        if i in skip or (term.field == "text" and not term.negated):
            continue  # all positive words are one full-text match above
        cond = _text(session, term) if term.field == "text" else _term(term, cfg, now)
        out.append(not_(cond) if term.negated else cond)
    return out


def _fts(session: Session, words: str) -> Cond:
    match = fts.match_value(session, words)
    assert match is not None, "callers only pass text that has words"
    found = fts.matching_ids(session, "m").params(m=match)
    cond: Cond = T.c.id.in_(found)
    stripped = words.strip().lstrip("#")
    if stripped.isdigit():  # "#123" or "123" also finds ticket 123 by its number
        cond = or_(cond, T.c.id == int(stripped))
    return cond


def _any(conds: list[Cond]) -> Cond:
    return conds[0] if len(conds) == 1 else or_(*conds)


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _term(term: Term, cfg: Config, now: datetime) -> Cond:
    handler = _HANDLERS[term.field]
    return handler(term, cfg, now)


def _text(session: Session, term: Term) -> Cond:
    if search.fts_match(term.values[0]) is None:
        return false()
    return _fts(session, term.values[0])


def _status(term: Term, _cfg: Config, _now: datetime) -> Cond:
    return T.c.status.in_(term.values)


def _is(term: Term, cfg: Config, now: datetime) -> Cond:
    conds: list[Cond] = []
    for value in term.values:
        if value == "active":
            conds.append(T.c.status.in_(cfg.active_statuses))
        elif value == "overdue":
            # the same test as sla.is_overdue and the dashboard's filter: backlog tickets only beyond the limit;
            # "deadline IS NOT NULL" keeps it never NULL, so "-is:overdue" also lists paused and finished tickets
            conds.append(
                and_(
                    T.c.deadline.is_not(None),
                    or_(
                        and_(T.c.due.is_not(None), T.c.deadline <= now),
                        and_(T.c.due.is_(None), T.c.deadline < now),
                    ),
                )
            )
        else:  # paused: the hold status, whose SLA clock is stopped
            conds.append(T.c.status == cfg.status_roles.hold)
    return _any(conds)


def _priority(term: Term, cfg: Config, _now: datetime) -> Cond:
    if term.op == "=":
        return T.c.priority.in_(term.values)
    rank = cfg.priorities.index(term.values[0])
    column = T.c.priority_rank
    return {"<": column < rank, "<=": column <= rank, ">": column > rank, ">=": column >= rank}[term.op]


def _tag(term: Term, _cfg: Config, _now: datetime) -> Cond:
    tagged = (
        select(col(TicketTag.ticket_id))
        .join(Tag, col(Tag.id) == col(TicketTag.tag_id))
        .where(col(Tag.name).in_(term.values))  # the column is NOCASE: Printer = printer
    )
    return T.c.id.in_(tagged)


def _requester(term: Term, _cfg: Config, _now: datetime) -> Cond:
    # ILIKE on PostgreSQL; lower(…) LIKE lower(…) on SQLite: as case-insensitive as SQLite's LIKE always was
    return _any([T.c.requester.ilike(_like(v), escape="\\") for v in term.values])


def _watcher(term: Term, _cfg: Config, _now: datetime) -> Cond:
    watched = select(col(Watcher.ticket_id)).where(
        _any([col(Watcher.value).ilike(_like(v), escape="\\") for v in term.values])
    )
    return T.c.id.in_(watched)


def _time(term: Term, _cfg: Config, now: datetime) -> Cond:
    column = T.c[term.field]
    low, high = time_range(term, now, date_order(_cfg))
    # never NULL, so "-due:today" includes tickets without a due date
    parts: list[Cond] = [column.is_not(None)]
    if low is not None:
        parts.append(column >= low)
    if high is not None:
        parts.append(column < high)
    return and_(*parts)


def _has(term: Term, _cfg: Config, _now: datetime) -> Cond:
    conds: list[Cond] = []
    for value in term.values:
        if value == "due":
            conds.append(T.c.due.is_not(None))
        else:
            table = {"attachment": Attachment, "tag": TicketTag, "watcher": Watcher, "link": Link}[value]
            conds.append(exists().where(table_of(table).c.ticket_id == T.c.id))
    return _any(conds)


def _sla(term: Term, cfg: Config, now: datetime) -> Cond:
    # The same CASE the Insights urgency chart counts with; never NULL (else "other"), so -sla:x is the complement.
    return urgency_key(cfg, now).in_([sla_key(v) for v in term.values])


_HANDLERS: dict[str, Callable[[Term, Config, datetime], Cond]] = {
    "status": _status,
    "is": _is,
    "priority": _priority,
    "tag": _tag,
    "requester": _requester,
    "watcher": _watcher,
    "due": _time,
    "created": _time,
    "updated": _time,
    "has": _has,
    "sla": _sla,
}


def page(
    session: Session,
    q: Query,
    cfg: Config,
    now: datetime,
    *,
    page: int = 1,
    page_size: int = 50,
    trash: bool = False,
    details: bool = False,
) -> Page:
    """One page of tickets matching ``q`` (live ones, or those in the trash), with the total count.

    ``details``: the rows also carry what the comfortable layout shows (an excerpt and counts)."""
    lq, used = list_query(q, cfg, page=page, page_size=page_size, trash=trash)
    lq.details = details
    return listing.page(session, lq, now, conditions(session, q, cfg, now, skip=used))


def count(session: Session, q: Query, cfg: Config, now: datetime) -> int:
    """How many live tickets match ``q``."""
    lq, used = list_query(q, cfg)
    return listing.count(session, lq, now, conditions(session, q, cfg, now, skip=used))


def scope(session: Session, q: Query, cfg: Config, now: datetime) -> tuple[list[Cond], dict[str, Any]]:
    """The WHERE terms selecting the live tickets that match ``q``, and the bind parameters they need."""
    lq, used = list_query(q, cfg)
    terms = [*list_terms.where_clause(session, lq, now), *conditions(session, q, cfg, now, skip=used)]
    bind = {"m": m} if (m := fts.match_value(session, lq.text)) is not None else {}
    return terms, bind


def ids(session: Session, q: Query, cfg: Config, now: datetime) -> list[int]:
    """Every matching ticket id, in the query's order (for "select all N matching")."""
    terms, bind = scope(session, q, cfg, now)
    order = list_terms.order_by(list_query(q, cfg)[0], postgres=is_postgres(session))
    stmt = select(T.c.id).where(*terms).order_by(*order)
    return [int(i) for i in session.execute(stmt, bind).scalars()]


def find_tickets(session: Session, typed: str, *, limit: int = 8) -> list[tuple[int, str, str]]:
    """(id, title, status) of live tickets whose number or title matches ``typed`` (the command palette)."""
    typed = typed.strip().lstrip("#")
    conds: list[Cond] = []
    if typed.isdigit():
        conds.append(T.c.id == int(typed))
    match = fts.match_value(session, typed, title_only=True)
    if match is not None:
        titled = fts.matching_ids(session, "tm", title_only=True).params(tm=match)
        conds.append(T.c.id.in_(titled))
    if not conds:
        return []
    stmt = (
        select(T.c.id, T.c.title, T.c.status)
        .where(T.c.deleted_at.is_(None), or_(*conds))
        .order_by((T.c.id == (int(typed) if typed.isdigit() else -1)).desc(), T.c.updated.desc())
        .limit(limit)
    )
    return [(int(i), str(t), str(s)) for i, t, s in session.execute(stmt)]
