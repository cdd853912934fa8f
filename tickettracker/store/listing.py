"""The dashboard query: one page of rows plus the count, with every filter, search and sort done in SQL.

Only a page of ticket ids ever leaves SQLite; their tags, watchers, links and attachment names are then fetched in
one query each (never one per row).

Budget: ≤ 30 ms per first page with its exact count at 100,000 tickets (SPEC §13; `benchmarks/bench_server.py`).
How: every sort has an index (schema v2) that starts with ``deleted_at``, follows the ORDER BY term for term and
carries the filter columns, so a page is a short walk over index entries (page_ids); small search/tag results
are sorted instead; counts use the cheapest exact form per kind of query (_total). SQLite's planner cannot see
which plan is cheaper (it has no statistics about the search or the tag lists), so the code steers it with
"+column" terms, which test the same but cannot drive an index.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, literal, literal_column, or_, select, text, union
from sqlalchemy.orm import aliased
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from tickettracker.domain import search
from tickettracker.domain.records import ListQuery, Page, RowRec
from tickettracker.store import fts
from tickettracker.store import tickets as repo
from tickettracker.store.db import is_postgres
from tickettracker.store.models import Attachment, Ticket, TicketTag

T = Ticket.__table__  # type: ignore[attr-defined]
MAX_PAGE_SIZE = 200


def live(q: ListQuery, src: Any = T) -> ColumnElement[Any]:
    """The term every list query starts with: tickets outside the trash (or, for the trash view, inside it)."""
    return src.c.deleted_at.is_not(None) if q.trash else src.c.deleted_at.is_(None)


class _Unindexed:
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
    ids = src.c.id if index_lists else _Unindexed(session).id
    if not index_columns:
        src = _Unindexed(session)
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
    stmt = select(TicketTag.ticket_id).where(TicketTag.tag_id.in_(tag_ids))  # type: ignore[attr-defined]
    return stmt.distinct() if distinct else stmt


def _having_every_tag(tag_ids: list[int]) -> Any:
    """Tickets carrying every one of ``tag_ids``: the first tag's tickets, each checked for the others by primary
    key (a GROUP BY … HAVING count would first gather and sort every ticket of every tag)."""
    first = aliased(TicketTag, name="tt0")
    stmt = select(first.ticket_id).where(first.tag_id == tag_ids[0])
    for n, tag_id in enumerate(tag_ids[1:], start=1):
        other = aliased(TicketTag, name=f"tt{n}")
        stmt = stmt.join(other, and_(other.ticket_id == first.ticket_id, other.tag_id == tag_id))
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
    if postgres:
        terms = [_nulls_last(t) for t in terms]
    return terms


def _nulls_last(term: Any) -> Any:
    element = getattr(term, "element", None)
    if getattr(term, "modifier", None) is operators.desc_op and getattr(element, "key", None) in _DATES:
        return term.nulls_last()
    return term


_DATES = {"due", "deadline"}


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


_COLUMNS = (
    "id",
    "title",
    "status",
    "priority",
    "hold_reason",
    "due",
    "due_has_time",
    "requester",
    "created",
    "updated",
    "paused_seconds",
    "paused_since",
)


def page(session: Session, q: ListQuery, now: datetime, extra: Sequence[ColumnElement[Any]] = ()) -> Page:
    """One page of rows and the total count for ``q`` (``extra``: more WHERE terms, e.g. from the query language).

    Two steps: the ids of the page (WHERE + ORDER BY + LIMIT/OFFSET over narrow index entries), then the columns
    of just those ids. Skipped rows of a deep page therefore cost an index step each, never a wide table row.
    """
    size = max(1, min(MAX_PAGE_SIZE, q.page_size))
    terms = [*where_clause(session, q, now), *extra]
    bind = _bind(session, q)
    total = _total(session, q, now, terms, bind, bool(extra))
    last_page = max(1, (total + size - 1) // size)
    number = max(1, min(q.page, last_page))
    ids = page_ids(
        session, q, now, terms, bind, total=total, offset=(number - 1) * size, size=size, extra=extra
    )
    found = {r.id: r for r in session.execute(select(*(T.c[c] for c in _COLUMNS)).where(T.c.id.in_(ids)))}
    rows = [found[i] for i in ids if i in found]
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


# Above this many expected index steps, a page with a search or tag filter is built from the matches instead.
WALK_LIMIT = 5000
# The columns each sort reads (what the filter-first plan must carry to sort its matches).
_SORTED = {
    "urgency": ("deadline",),
    "due": ("due",),
    "priority": ("priority_rank", "deadline"),
    "updated": ("updated",),
    "created": ("created",),
    "title": ("title",),
    "id": (),
}


def page_ids(
    session: Session,
    q: ListQuery,
    now: datetime,
    terms: list[ColumnElement[Any]],
    bind: dict[str, Any],
    *,
    total: int,
    offset: int,
    size: int,
    extra: Sequence[ColumnElement[Any]] = (),
) -> list[int]:
    """The ids of one page, in order, by the cheaper of two plans (SQLite cannot tell them apart by itself).

    *Walk*: read the sort's index in order and keep the entries that pass the filters, stopping when the page is
    full. Every sort index carries the filter columns, so a step costs a few bytes and no table row; even a filter
    whose matches all sort last (closed tickets have no deadline, so they come last by urgency) costs at most
    one pass over the index. *Filter first*: collect the matches of a search or tag list, then sort only those:
    cheaper when the count (already known) says the matches are few, because the walk must probe the list at
    every step.
    """
    if total == 0:
        return []
    pg = is_postgres(session)
    if len(terms) == 1:  # no filter: the sort's index is the answer
        stmt = select(T.c.id).where(*terms).order_by(*order_by(q, postgres=pg)).offset(offset).limit(size)
        return list(session.execute(stmt, bind).scalars())
    if bool(q.tags) or "m" in bind:
        highest = int(session.execute(select(func.coalesce(func.max(T.c.id), 0))).scalar_one())
        if (offset + size) * highest / total > WALK_LIMIT:  # expected steps before the page is full
            return _filter_first(session, q, terms, bind, offset=offset, size=size)
    # The walk. Written plainly, SQLite would often start from a filter's own index instead (say the deadline
    # range of "overdue") and then sort 50,000 matches; with the filter columns unindexable it walks the sort's
    # index, which carries those columns, so no table row is read.
    stmt = (
        select(T.c.id)
        .where(*where_clause(session, q, now, index_columns=False, index_lists=False), *extra)
        .order_by(*order_by(q, postgres=pg))
        .offset(offset)
        .limit(size)
    )
    return list(session.execute(stmt, bind).scalars())


def _filter_first(
    session: Session,
    q: ListQuery,
    terms: list[ColumnElement[Any]],
    bind: dict[str, Any],
    *,
    offset: int,
    size: int,
) -> list[int]:
    # Left to itself SQLite would still walk the sort's index here (it cannot know the matches sort late). A
    # MATERIALIZED CTE is planned on its own: without an ORDER BY it picks the best way to *find* the matches
    # (the covering filter index, or rowid lookups from the search/tag list); only those few are then sorted.
    carried = [T.c[c] for c in dict.fromkeys(("id", *_SORTED.get(q.sort, ("deadline",))))]
    matches = select(*carried).where(*terms).cte("matches").prefix_with("MATERIALIZED")
    stmt = (
        select(matches.c.id)
        .order_by(*order_by(q, src=matches, postgres=is_postgres(session)))
        .offset(offset)
        .limit(size)
    )
    return list(session.execute(stmt, bind).scalars())


def _bind(session: Session, q: ListQuery) -> dict[str, Any]:
    match = fts.match_value(session, q.text)
    return {"m": match} if match is not None else {}


def _count(session: Session, terms: list[ColumnElement[Any]], bind: dict[str, Any]) -> int:
    return int(session.execute(select(func.count()).select_from(T).where(*terms), bind).scalar_one())


def _total(
    session: Session,
    q: ListQuery,
    now: datetime,
    terms: list[ColumnElement[Any]],
    bind: dict[str, Any],
    has_extra: bool = False,
) -> int:
    """The exact number of matches, counted the cheapest way SQLite offers for the kind of query."""
    if has_extra:  # terms from the query language: count them as written
        return _count(session, terms, bind)
    has_list = bool(q.tags) or "m" in bind
    if not has_list:
        return _count(session, terms, bind)  # the covering indexes answer these alone
    if len(terms) == 2 and "m" in bind and not q.trash and not q.text.strip().lstrip("#").isdigit():
        # a search alone: the index counts its hits (no join), minus the few hits in the trash
        return int(session.execute(text(fts.count_matches(session)), bind).scalar_one())
    if (
        len(terms) == 2 and q.tags and not q.trash
    ):  # tags alone: count in ticket_tag, minus the trash (3x faster)
        tagged = tagged_ids(session, q, distinct=True)
        if tagged is None:
            return 0
        everywhere = select(func.count()).select_from(tagged.subquery())
        trashed = select(func.count()).where(T.c.deleted_at.is_not(None), _Unindexed(session).id.in_(tagged))
        return int(
            session.execute(select(everywhere.scalar_subquery() - trashed.scalar_subquery())).scalar_one()
        )
    # A list of ids and column filters: one seek per id into ix_ticket_live_id, which carries the filter columns.
    # Left to itself SQLite also seeks by status and priority: one seek per id *per status asked for*.
    return _count(session, where_clause(session, q, now, index_columns=False), bind)


def count(session: Session, q: ListQuery, now: datetime, extra: Sequence[ColumnElement[Any]] = ()) -> int:
    """How many tickets match ``q`` (all pages); ``extra`` as for :func:`page`."""
    return _total(session, q, now, [*where_clause(session, q, now), *extra], _bind(session, q), bool(extra))
