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
from dataclasses import fields as dataclass_fields
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from tickettracker.domain import fields
from tickettracker.domain.records import ListQuery, Page, RowRec
from tickettracker.store import fts, list_terms, row_details
from tickettracker.store import tickets as repo
from tickettracker.store.db import is_postgres
from tickettracker.store.models import Ticket, table_of

T = table_of(Ticket)
MAX_PAGE_SIZE = 200


# The row's attributes that are columns of the ticket table (tags, watchers, links, files come from their own).
_COLUMNS = tuple(f.name for f in dataclass_fields(RowRec) if f.name in T.c)


EXCERPT = 400  # characters of the description shown (as Markdown) in a row's quick-info card


def page(session: Session, q: ListQuery, now: datetime, extra: Sequence[ColumnElement[Any]] = ()) -> Page:
    """One page of rows and the total count for ``q`` (``extra``: more WHERE terms, e.g. from the query language).

    Two steps: the ids of the page (WHERE + ORDER BY + LIMIT/OFFSET over narrow index entries), then the columns
    of just those ids. Skipped rows of a deep page therefore cost an index step each, never a wide table row.
    """
    size = max(1, min(MAX_PAGE_SIZE, q.page_size))
    terms = [*list_terms.where_clause(session, q, now), *extra]
    bind = _bind(session, q)
    total = _total(session, q, now, terms, bind, extra)
    last_page = max(1, (total + size - 1) // size)
    number = max(1, min(q.page, last_page))
    ids = page_ids(
        session, q, now, terms, bind, total=total, offset=(number - 1) * size, size=size, extra=extra
    )
    excerpt = func.substr(T.c.description, 1, EXCERPT).label("excerpt")
    found = {
        r.id: r for r in session.execute(select(*(T.c[c] for c in _COLUMNS), excerpt).where(T.c.id.in_(ids)))
    }
    rows = [found[i] for i in ids if i in found]
    ids = [r.id for r in rows]
    tags = repo.tags_of(session, ticket_ids=ids)
    watchers = repo.watchers_of(session, ticket_ids=ids)
    links = repo.links_of(session, ticket_ids=ids, ticket_level_only=True)
    files = row_details.files_of(session, ticket_ids=ids)
    extra_cols = row_details.comfortable_of(session, ticket_ids=ids) if q.details else {}
    out = [
        RowRec(
            **fields.from_columns(r._mapping, _COLUMNS),
            tags=tags.get(r.id, ()),
            watchers=watchers.get(r.id, ()),
            links=tuple(links.get(r.id, ())),
            attachment_names=tuple(f.name for f in files.get(r.id, ())),
            files=tuple(files.get(r.id, ())),
            **{"excerpt": r.excerpt or "", **extra_cols.get(r.id, {})},
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
        stmt = (
            select(T.c.id)
            .where(*terms)
            .order_by(*list_terms.order_by(q, postgres=pg))
            .offset(offset)
            .limit(size)
        )
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
        .where(*list_terms.where_clause(session, q, now, index_columns=False, index_lists=False), *extra)
        .order_by(*list_terms.order_by(q, postgres=pg))
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
        .order_by(*list_terms.order_by(q, src=matches, postgres=is_postgres(session)))
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
    extra: Sequence[ColumnElement[Any]] = (),
) -> int:
    """The exact number of matches, counted the cheapest way SQLite offers for the kind of query."""
    has_list = bool(q.tags) or "m" in bind
    if not has_list:
        return _count(session, terms, bind)  # the covering indexes answer these alone
    if extra:
        # A list of ids and more terms from the query language: one seek per id, as below. Written plainly, the
        # column filters would start SQLite from their own index (the deadline range of "is:overdue": 50,000
        # entries, each then read from the table) instead of from the list.
        return _count(session, [*list_terms.where_clause(session, q, now, index_columns=False), *extra], bind)
    if len(terms) == 2 and "m" in bind and not q.trash and not q.text.strip().lstrip("#").isdigit():
        # a search alone: the index counts its hits (no join), minus the few hits in the trash
        return int(session.execute(text(fts.count_matches(session)), bind).scalar_one())
    if (
        len(terms) == 2 and q.tags and not q.trash
    ):  # tags alone: count in ticket_tag, minus the trash (3x faster)
        tagged = list_terms.tagged_ids(session, q, distinct=True)
        if tagged is None:
            return 0
        everywhere = select(func.count()).select_from(tagged.subquery())
        trashed = select(func.count()).where(
            T.c.deleted_at.is_not(None), list_terms.Unindexed(session).id.in_(tagged)
        )
        return int(
            session.execute(select(everywhere.scalar_subquery() - trashed.scalar_subquery())).scalar_one()
        )
    # A list of ids and column filters: one seek per id into ix_ticket_live_id, which carries the filter columns.
    # Left to itself SQLite also seeks by status and priority: one seek per id *per status asked for*.
    return _count(session, list_terms.where_clause(session, q, now, index_columns=False), bind)


def count(session: Session, q: ListQuery, now: datetime, extra: Sequence[ColumnElement[Any]] = ()) -> int:
    """How many tickets match ``q`` (all pages); ``extra`` as for :func:`page`."""
    return _total(
        session, q, now, [*list_terms.where_clause(session, q, now), *extra], _bind(session, q), extra
    )
