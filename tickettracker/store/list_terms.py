"""The dashboard query's WHERE and ORDER BY terms (shared by the page, its count and the query language's ids).

See :mod:`tickettracker.store.listing` for the plans that use them and why some terms are written "+column".
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, literal, literal_column, or_, select, union
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.expression import FromClause
from sqlmodel import Session, col

from tickettracker.domain import search
from tickettracker.domain.records import ListQuery
from tickettracker.store import fts
from tickettracker.store import tickets as repo
from tickettracker.store.db import is_postgres
from tickettracker.store.models import Ticket, TicketTag, table_of

T = table_of(Ticket)


def live(q: ListQuery, src: FromClause = T) -> ColumnElement[bool]:
    """The term every list query starts with: tickets outside the trash (or, for the trash view, inside it)."""
    return src.c.deleted_at.is_not(None) if q.trash else src.c.deleted_at.is_(None)


class Unindexed:
    """Column references SQLite may not use to pick an index: "+ticket.status" tests the same as "ticket.status".

    PostgreSQL plans by its statistics (and has no unary plus for text), so there the plain columns are used.
    """

    c = property(lambda self: self)

    def __init__(self, session: Session) -> None:
        self._plain = is_postgres(session)

    def __getattr__(self, name: str) -> Any:
        if self._plain:
            return T.c[name]
        return literal_column(f"+ticket.{name}", type_=T.c[name].type)


def where_clause(
    session: Session,
    q: ListQuery,
    now: datetime,
    src: Any = T,
    *,
    with_search: bool = True,
    index_columns: bool = True,
    index_lists: bool = True,
) -> list[ColumnElement[Any]]:
    """The WHERE terms for a query (shared by the page and its count); ``src`` is the ticket table or a CTE.

    ``index_columns=False`` / ``index_lists=False`` keep SQLite from choosing an index by the column filters / by
    the search and tag lists of ids (the tests stay the same); see page_ids and _total for why.
    """
    live_term = live(q, src)
    ids = src.c.id if index_lists else Unindexed(session).id
    if not index_columns:
        src = Unindexed(session)
    terms: list[ColumnElement[Any]] = [live_term]
    if q.statuses:
        terms.append(src.c.status.in_(q.statuses))
    if q.priorities:
        terms.append(src.c.priority.in_(q.priorities))
    if q.tags:
        tagged = tagged_ids(session, q)
        terms.append(literal(False) if tagged is None else ids.in_(tagged))
    if q.overdue_only:
        # the same test as sla.is_overdue: due-dated from the deadline on, backlog only beyond it
        terms.append(
            or_(
                and_(src.c.due.is_not(None), src.c.deadline <= now),
                and_(src.c.due.is_(None), src.c.deadline < now),
            )
        )
    if q.has_due is True:
        terms.append(src.c.due.is_not(None))
    elif q.has_due is False:
        terms.append(src.c.due.is_(None))
    if with_search and search.fts_match(q.text) is not None:
        terms.append(ids.in_(_matching_ids(session, q)))
    return terms


def tagged_ids(session: Session, q: ListQuery, *, distinct: bool = False) -> Any:
    """A SELECT of the ids of tickets with any (or, with match_all_tags, every) of ``q.tags``; None when nothing
    can match (an unknown tag). ``distinct`` lists each id once (for counting; "IN (…)" needs no such care)."""
    tag_ids = list(dict.fromkeys(repo.tag_ids(session, names=q.tags)))
    if not tag_ids or (q.match_all_tags and len(tag_ids) < len({t.casefold() for t in q.tags})):
        return None
    if q.match_all_tags:
        return _having_every_tag(tag_ids)
    stmt = select(col(TicketTag.ticket_id)).where(col(TicketTag.tag_id).in_(tag_ids))
    return stmt.distinct() if distinct else stmt


def _having_every_tag(tag_ids: list[int]) -> Any:
    """Tickets carrying every one of ``tag_ids``: the first tag's tickets, each checked for the others by primary
    key (a GROUP BY … HAVING count would first gather and sort every ticket of every tag)."""
    first = table_of(TicketTag).alias("tt0")
    stmt = select(first.c.ticket_id).where(first.c.tag_id == tag_ids[0])
    for n, tag_id in enumerate(tag_ids[1:], start=1):
        other = table_of(TicketTag).alias(f"tt{n}")
        stmt = stmt.join(other, and_(other.c.ticket_id == first.c.ticket_id, other.c.tag_id == tag_id))
    return stmt


def _matching_ids(session: Session, q: ListQuery) -> Any:
    """Ids whose index entry matches the search (bound as :m); "#123" or "123" also finds ticket 123 by id."""
    fts_ids = fts.matching_ids(session)
    stripped = q.text.strip().lstrip("#")
    if stripped.isdigit():  # a UNION keeps one IN (…) list; "IN (…) OR id = n" would defeat every index
        return union(fts_ids, select(literal(int(stripped))))
    return fts_ids


def order_by(q: ListQuery, src: Any = T, *, postgres: bool = False) -> list[Any]:
    """Sort terms, ties broken by id so paging is stable.

    Each list matches one index of schema v2 term for term (forwards or backwards), so SQLite walks the index and
    stops after a page instead of sorting every row. Dates sort "no date last" in both directions: ascending
    needs the ``IS NULL`` term, descending gets it for free on SQLite (NULL sorts first, so last when reversed);
    PostgreSQL sorts NULL last ascending, so there (``postgres``) a descending date says NULLS LAST.
    """
    terms = _order_by(q, src)
    if not postgres:
        return terms
    if not q.trash and "deleted_at" in src.c:
        # Constant among live tickets, so it changes no order; but PostgreSQL walks an index in ORDER BY order
        # only when the order starts at the index's first column (deleted_at), the way SQLite does by itself.
        # Same direction as the walk: forwards unless the first term runs against its index (priority's index
        # is priority_rank DESC).
        backwards = (getattr(terms[0], "modifier", None) is operators.desc_op) != (q.sort == "priority")
        terms = [src.c.deleted_at.desc() if backwards else src.c.deleted_at, *terms]
    if any(" IS NULL" in str(t) for t in terms):
        return terms  # an explicit "IS NULL" term already puts the missing dates last
    return [_nulls_last(t) for t in terms]


_DATES = {"due", "deadline"}


def _nulls_last(term: Any) -> Any:
    element = getattr(term, "element", None)
    if getattr(term, "modifier", None) is operators.desc_op and getattr(element, "key", None) in _DATES:
        return term.nulls_last()
    return term


def _order_by(q: ListQuery, src: Any) -> list[Any]:
    desc = q.descending
    if q.sort == "due":
        return [src.c.due.desc(), src.c.id.desc()] if desc else [src.c.due.is_(None), src.c.due, src.c.id]
    if q.sort == "priority":  # most urgent first (soonest deadline within a priority); reversed is the mirror
        if desc:
            return [
                src.c.priority_rank,
                src.c.deadline.is_(None).desc(),
                src.c.deadline.desc(),
                src.c.id.desc(),
            ]
        return [src.c.priority_rank.desc(), src.c.deadline.is_(None), src.c.deadline, src.c.id]
    if q.sort == "updated":  # most recent first unless reversed
        return [src.c.updated, src.c.id] if desc else [src.c.updated.desc(), src.c.id.desc()]
    if q.sort == "created":
        return [src.c.created, src.c.id] if desc else [src.c.created.desc(), src.c.id.desc()]
    if q.sort == "title":
        title = func.lower(src.c.title)
        return [title.desc(), src.c.id.desc()] if desc else [title, src.c.id]
    if q.sort == "id":
        return [src.c.id.desc() if desc else src.c.id]
    # urgency: the soonest SLA deadline first; paused and finished tickets (no deadline) last
    return (
        [src.c.deadline.desc(), src.c.id.desc()]
        if desc
        else [src.c.deadline.is_(None), src.c.deadline, src.c.id]
    )
