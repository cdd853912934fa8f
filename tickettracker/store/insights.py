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
    session: Session, scope: Sequence[Cond], bind: dict[str, Any], *, limit: int = 10
) -> list[tuple[str, int]]:
    """The ``limit`` tags carried by most tickets in scope, most first (ties by name)."""
    n = func.count().label("n")
    # Joining through the ticket's primary key beats materialising the scope's ids when the scope is large.
    per_tag = (
        select(TT.c.tag_id, n)
        .join(T, T.c.id == TT.c.ticket_id)
        .where(*scope)
        .group_by(TT.c.tag_id)
        .subquery()
    )
    stmt = (
        select(TAG.c.name, per_tag.c.n)
        .join(per_tag, per_tag.c.tag_id == TAG.c.id)
        .order_by(per_tag.c.n.desc(), TAG.c.name)
        .limit(limit)
    )
    return [(str(name), int(count)) for name, count in session.execute(stmt, bind)]


def count_by_urgency(
    session: Session, scope: Sequence[Cond], bind: dict[str, Any], cfg: Config, now: datetime
) -> dict[str, int]:
    """Tickets in scope per urgency colour key (stage0…stage3, overdue, on_hold, resolved, …) at ``now``."""
    key = urgency_key(cfg, now).label("key")
    rows = session.execute(select(key, func.count()).where(*scope).group_by(key), bind)
    return {str(k): int(n) for k, n in rows}


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
    stmt = (
        select(idx, *sums)
        .select_from(U.join(T, T.c.id == U.c.ticket_id))
        .where(*scope, U.c.at >= starts[0], U.c.at < starts[-1], U.c.kind.in_(("created", *STATUS_KINDS)))
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
    session: Session, scope: Sequence[Cond], bind: dict[str, Any], statuses: Sequence[str], since: datetime
) -> list[tuple[str, float, datetime, datetime | None]]:
    """Tickets in scope now in one of ``statuses`` that finished since ``since``: (priority, active days from
    creation to finishing — time in paused statuses credited —, finished at, due), shortest first."""
    active = _days(session, T.c.paused_since) - _days(session, T.c.created) - T.c.paused_seconds / 86400.0
    stmt = (
        select(T.c.priority, active.label("active"), T.c.paused_since, T.c.due)
        .where(*scope, T.c.status.in_(list(statuses)), T.c.paused_since >= since)
        .order_by(active)
    )
    return [(str(p), max(0.0, float(a)), at, due) for p, a, at, due in session.execute(stmt, bind)]


def days_in_status(
    session: Session, scope: Sequence[Cond], bind: dict[str, Any], tickets_of: Sequence[Cond]
) -> dict[str, float]:
    """For tickets in scope that also meet ``tickets_of``: the total days spent in each status, from the log's
    status changes (the time before the first change counts for its old status)."""
    order = (U.c.at, U.c.id)
    moves = (
        select(
            U.c.old,
            U.c.new,
            U.c.at,
            T.c.created,
            func.lead(U.c.at).over(partition_by=U.c.ticket_id, order_by=order).label("next_at"),
            func.row_number().over(partition_by=U.c.ticket_id, order_by=order).label("n"),
        )
        .select_from(U.join(T, T.c.id == U.c.ticket_id))
        .where(*scope, *tickets_of, U.c.kind.in_(STATUS_KINDS))
        .cte("moves")
    )
    after = select(
        moves.c.new.label("status"), (_days(session, moves.c.next_at) - _days(session, moves.c.at)).label("d")
    ).where(moves.c.next_at.is_not(None))
    before = select(
        moves.c.old.label("status"), (_days(session, moves.c.at) - _days(session, moves.c.created)).label("d")
    ).where(moves.c.n == 1)
    spans = union_all(after, before).subquery()
    stmt = select(spans.c.status, func.sum(spans.c.d)).group_by(spans.c.status)
    return {json.loads(status): float(days or 0.0) for status, days in session.execute(stmt, bind)}


def age_histogram(
    session: Session, scope: Sequence[Cond], bind: dict[str, Any], edges_days: Sequence[int], now: datetime
) -> list[int]:
    """Tickets in scope per bucket of active age (days; edges are upper bounds, the last bucket open)."""
    now_days = days_of(now)
    held = case((T.c.paused_since.is_not(None), now_days - _days(session, T.c.paused_since)), else_=0.0)
    age = now_days - _days(session, T.c.created) - T.c.paused_seconds / 86400.0 - held
    # Group by whole days (the age is computed once per row), then fold the days into the buckets.
    whole = func.floor(age) if session.get_bind().dialect.name != "sqlite" else cast(age, Integer)
    counts = [0] * (len(edges_days) + 1)
    for day, n in session.execute(select(whole, func.count()).where(*scope).group_by(whole), bind):
        counts[bisect_right(edges_days, max(0, int(day)))] += int(n)
    return counts
