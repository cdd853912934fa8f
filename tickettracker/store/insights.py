"""Aggregates for the Insights page (SPEC §17), computed in SQL over the live tickets a scope selects.

Every function takes the scope as WHERE terms over the ticket table plus their bind parameters (see
:func:`tickettracker.store.query_sql.scope`), so the charts count exactly the tickets the dashboard would list.
Time arithmetic goes through :func:`_days` (days since 1970 as a float) so the same SQL runs on SQLite and
PostgreSQL. Log values are JSON-encoded strings (a status "Open" is stored as ``"Open"`` with the quotes).
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from typing import Any

from sqlalchemy import JSON, Integer, and_, case, cast, func, or_, select, type_coerce, union_all
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from tickettracker.config import Config
from tickettracker.store.models import Tag, Ticket, TicketTag, TicketUpdate, table_of
from tickettracker.store.urgency import urgency_key

T = table_of(Ticket)
U = table_of(TicketUpdate)
TT = table_of(TicketTag)
TAG = table_of(Tag)
Cond = ColumnElement[Any]
STATUS_KINDS = ("status", "reopened")


def logged(value: str) -> str:
    """How a status is written in the log's old/new columns."""
    return json.dumps(value, ensure_ascii=False)


def _days(session: Session, column: Any) -> Any:
    """``column`` (a UTC timestamp) as days since 1970-01-01, in the database's own arithmetic."""
    if session.get_bind().dialect.name == "sqlite":
        return func.julianday(column) - 2440587.5
    return func.extract("epoch", column) / 86400.0


def days_of(moment: datetime) -> float:
    """The same measure for a moment computed in Python."""
    return moment.timestamp() / 86400.0


def _json_text(session: Session, column: Any, key: str) -> Any:
    """The text value of ``key`` in a JSON object stored as text."""
    if session.get_bind().dialect.name == "sqlite":
        return type_coerce(column, JSON)[key].as_string()
    return cast(column, JSON)[key].as_string()


def _in_scope(scope: Sequence[Cond]) -> Any:
    return select(T.c.id).where(*scope)


def count_by(session: Session, scope: Sequence[Cond], bind: dict[str, Any], column: str) -> dict[str, int]:
    """Tickets in scope per value of a ticket column (status or priority)."""
    col = T.c[column]
    rows = session.execute(select(col, func.count()).where(*scope).group_by(col), bind)
    return {str(value): int(n) for value, n in rows}


def busiest_tags(
    session: Session, scope: Sequence[Cond], bind: dict[str, Any], *, limit: int = 10, wide: bool = False
) -> list[tuple[str, int]]:
    """The ``limit`` tags carried by most tickets in scope, most first (ties by name).

    ``wide``: the scope holds most tickets (no scope text), so walking every tag entry once is cheaper.
    """
    n = func.count().label("n")
    if wide:
        # Walk ix_ticket_tag_tag in tag order (grouping needs no sort), checking each entry against the scope's
        # ids, built once from an index. "+ 0" keeps SQLite from seeking ticket_tag per scope id instead (a seek
        # and a sort per entry: nearly twice the time when the scope is most of 100,000 tickets).
        tagged = select(TT.c.tag_id, n).where((TT.c.ticket_id + 0).in_(_in_scope(scope)))
    else:
        # A narrow scope: seek the tags of its tickets only.
        tagged = select(TT.c.tag_id, n).join(T, T.c.id == TT.c.ticket_id).where(*scope)
    per_tag = tagged.group_by(TT.c.tag_id).subquery()
    stmt = (
        select(TAG.c.name, per_tag.c.n)
        .join(per_tag, per_tag.c.tag_id == TAG.c.id)
        .order_by(per_tag.c.n.desc(), TAG.c.name)
        .limit(limit)
    )
    return [(str(name), int(count)) for name, count in session.execute(stmt, bind)]


@dataclass(frozen=True)
class NowCounts:
    """The "Now" charts' counts of one scope: per status, per priority and per urgency colour key."""

    by_status: dict[str, int]
    by_priority: dict[str, int]
    by_urgency: dict[str, int]


def now_counts(
    session: Session, scope: Sequence[Cond], bind: dict[str, Any], cfg: Config, now: datetime
) -> NowCounts:
    """Tickets in scope per status, per priority and per urgency colour key at ``now``.

    One grouped query instead of three: the index entries (ix_ticket_live_insights covers every column used) are
    read once, and the few dozen (status, priority, key) groups fold into the three answers here.
    """
    key = urgency_key(cfg, now).label("key")
    stmt = (
        select(T.c.status, T.c.priority, key, func.count())
        .where(*scope)
        .group_by(T.c.status, T.c.priority, key)
    )
    by_status: dict[str, int] = {}
    by_priority: dict[str, int] = {}
    by_key: dict[str, int] = {}
    for status, priority, k, n in session.execute(stmt, bind):
        by_status[str(status)] = by_status.get(str(status), 0) + int(n)
        by_priority[str(priority)] = by_priority.get(str(priority), 0) + int(n)
        by_key[str(k)] = by_key.get(str(k), 0) + int(n)
    return NowCounts(by_status, by_priority, by_key)


def _age_days(session: Session, now: datetime) -> Any:
    """A ticket's active age at ``now`` in whole days (time on hold credited, as the SLA engine does)."""
    now_days = days_of(now)
    held = case((T.c.paused_since.is_not(None), now_days - _days(session, T.c.paused_since)), else_=0.0)
    age = now_days - _days(session, T.c.created) - T.c.paused_seconds / 86400.0 - held
    return func.floor(age) if session.get_bind().dialect.name != "sqlite" else cast(age, Integer)


def created_per_period(
    session: Session, scope: Sequence[Cond], bind: dict[str, Any], starts: Sequence[datetime]
) -> list[int]:
    """Tickets in scope created in each period [starts[i], starts[i+1])."""
    sums = [
        func.sum(case((and_(T.c.created >= a, T.c.created < b), 1), else_=0)) for a, b in pairwise(starts)
    ]
    row = session.execute(select(*sums).where(*scope, T.c.created >= starts[0]), bind).one()
    return [int(v or 0) for v in row]


def _period_index(column: Any, starts: Sequence[datetime]) -> Any:
    return case(*((column < b, i) for i, b in enumerate(starts[1:])), else_=len(starts) - 1)


def status_moves_per_period(
    session: Session,
    scope: Sequence[Cond],
    bind: dict[str, Any],
    starts: Sequence[datetime],
    sets: Sequence[Sequence[str]],
) -> list[tuple[list[int], list[int]]]:
    """Per status set and period: how many status changes entered the set from outside it, and how many left it.

    Creation counts as entering when the ticket was created with a status in the set.
    """
    initial = _json_text(session, U.c.new, "status")
    sums = []
    for into in sets:
        inside = [logged(s) for s in into]
        moved = U.c.kind.in_(STATUS_KINDS)
        enter = or_(
            and_(moved, U.c.new.in_(inside), U.c.old.not_in(inside)),
            and_(U.c.kind == "created", initial.in_(list(into))),
        )
        leave = and_(moved, U.c.old.in_(inside), U.c.new.not_in(inside))
        sums += [func.sum(case((enter, 1), else_=0)), func.sum(case((leave, 1), else_=0))]
    idx = _period_index(U.c.at, starts).label("i")
    # The log entries of the period come from ix_ticket_update_kind_at; the scope is one list of ids, built from
    # an index, that each entry is checked against (joining would read every entry's whole ticket row).
    stmt = (
        select(idx, *sums)
        .where(
            U.c.kind.in_(("created", *STATUS_KINDS)),
            U.c.at >= starts[0],
            U.c.at < starts[-1],
            U.c.ticket_id.in_(_in_scope(scope)),
        )
        .group_by(idx)
    )
    n = len(starts) - 1
    out = [([0] * n, [0] * n) for _ in sets]
    for row in session.execute(stmt, bind):
        i = int(row[0])
        for k, (entered, left) in enumerate(out):
            entered[i], left[i] = int(row[1 + 2 * k] or 0), int(row[2 + 2 * k] or 0)
    return out


def finished_rows(
    session: Session,
    scope: Sequence[Cond],
    bind: dict[str, Any],
    statuses: Sequence[str],
    starts: Sequence[datetime],
) -> list[tuple[str, float, int, bool | None]]:
    """Tickets in scope now in one of ``statuses`` that finished since ``starts[0]``: (priority, active days from
    creation to finishing — time in paused statuses credited —, the period it finished in (the last one for any
    later), whether it finished by its due date (None without one)), shortest first.

    The moments are compared in SQL, so no row's timestamps are parsed in Python.
    """
    active = _days(session, T.c.paused_since) - _days(session, T.c.created) - T.c.paused_seconds / 86400.0
    last = len(starts) - 2
    period = case(*((T.c.paused_since < b, i) for i, b in enumerate(starts[1:-1])), else_=last)
    on_time = case((T.c.due.is_not(None), case((T.c.paused_since <= T.c.due, 1), else_=0)))
    stmt = (
        select(T.c.priority, active.label("active"), period, on_time)
        .where(*scope, T.c.status.in_(list(statuses)), T.c.paused_since >= starts[0])
        .order_by(active)
    )
    return [
        (str(p), max(0.0, float(a)), int(i), None if met is None else bool(met))
        for p, a, i, met in session.execute(stmt, bind)
    ]


def days_in_status(
    session: Session, scope: Sequence[Cond], bind: dict[str, Any], tickets_of: Sequence[Cond]
) -> dict[str, float]:
    """For tickets in scope that also meet ``tickets_of``: the total days spent in each status, from the log's
    status changes (the time before the first change counts for its old status)."""
    order = (U.c.at, U.c.id)
    # The tickets' ids come from an index (ix_ticket_live_insights), and their own log entries from
    # ix_ticket_update_ticket_id: "kind || ''" keeps SQLite from walking every status change of every ticket
    # (ix_ticket_update_kind_at) instead. No ticket row is read but the first change's (for its created time).
    moves = (
        select(
            U.c.ticket_id,
            U.c.old,
            U.c.new,
            U.c.at,
            func.lead(U.c.at).over(partition_by=U.c.ticket_id, order_by=order).label("next_at"),
            func.row_number().over(partition_by=U.c.ticket_id, order_by=order).label("n"),
        )
        .where(U.c.kind.concat("").in_(STATUS_KINDS), U.c.ticket_id.in_(_in_scope([*scope, *tickets_of])))
        .cte("moves")
    )
    after = select(
        moves.c.new.label("status"), (_days(session, moves.c.next_at) - _days(session, moves.c.at)).label("d")
    ).where(moves.c.next_at.is_not(None))
    before = (
        select(
            moves.c.old.label("status"), (_days(session, moves.c.at) - _days(session, T.c.created)).label("d")
        )
        .select_from(moves.join(T, T.c.id == moves.c.ticket_id))
        .where(moves.c.n == 1)
    )
    spans = union_all(after, before).subquery()
    stmt = select(spans.c.status, func.sum(spans.c.d)).group_by(spans.c.status)
    return {json.loads(status): float(days or 0.0) for status, days in session.execute(stmt, bind)}


def age_histogram(
    session: Session, scope: Sequence[Cond], bind: dict[str, Any], edges_days: Sequence[int], now: datetime
) -> list[int]:
    """Tickets in scope per bucket of active age (days; edges are upper bounds, the last bucket open)."""
    # Group by whole days (the age is computed once per row), then fold the days into the buckets.
    whole = _age_days(session, now)
    counts = [0] * (len(edges_days) + 1)
    for day, n in session.execute(select(whole, func.count()).where(*scope).group_by(whole), bind):
        counts[bisect_right(edges_days, max(0, int(day)))] += int(n)
    return counts
