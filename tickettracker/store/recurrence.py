"""Repository functions for repeating tickets: series, their occurrences (unique per series and index)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlmodel import Session

from tickettracker.errors import NotFound
from tickettracker.store.db import inserted_id
from tickettracker.store.models import Occurrence, Recurrence, Ticket, table_of

R = table_of(Recurrence)
O = table_of(Occurrence)  # noqa: E741
T = table_of(Ticket)


def insert_series(session: Session, *, values: dict[str, Any]) -> int:
    """Insert a series row; returns its id."""
    return inserted_id(session.execute(insert(R).values(**values)))


def series_row(session: Session, *, series_id: int) -> dict[str, Any]:
    """The series columns as a dict; NotFound when missing."""
    row = session.execute(select(R).where(R.c.id == series_id)).mappings().first()
    if row is None:
        raise NotFound(f"There is no repeating series #{series_id}")
    return dict(row)


def update_series(session: Session, *, series_id: int, values: dict[str, Any]) -> None:
    session.execute(update(R).where(R.c.id == series_id).values(**values))


def add_occurrence(
    session: Session, *, series_id: int, idx: int, ticket_id: int, due: datetime | None, created: datetime
) -> None:
    """Record occurrence ``idx``; the primary key refuses a second one (IntegrityError)."""
    session.execute(
        insert(O).values(series_id=series_id, idx=idx, ticket_id=ticket_id, due=due, created=created)
    )


def occurrence_of(session: Session, *, ticket_id: int) -> tuple[int, int] | None:
    """(series id, index) of a ticket that is an occurrence, else None."""
    row = session.execute(select(O.c.series_id, O.c.idx).where(O.c.ticket_id == ticket_id)).first()
    return None if row is None else (int(row[0]), int(row[1]))


def occurrence_ticket(session: Session, *, series_id: int, idx: int) -> int | None:
    """The ticket of occurrence ``idx`` (None when missing or purged)."""
    row = session.execute(select(O.c.ticket_id).where(O.c.series_id == series_id, O.c.idx == idx)).first()
    return None if row is None else row[0]


def occurrence_count(session: Session, *, series_id: int) -> int:
    return int(session.execute(select(func.count()).where(O.c.series_id == series_id)).scalar_one())


def due_series(session: Session, *, now: datetime) -> list[int]:
    """Running series whose next occurrence must exist by ``now``."""
    stmt = select(R.c.id).where(R.c.next_at <= now, R.c.stopped_at.is_(None)).order_by(R.c.next_at)
    return [int(r[0]) for r in session.execute(stmt)]


def finished_heads(session: Session, *, statuses: Sequence[str]) -> list[int]:
    """Running series whose newest occurrence is finished (resolved, closed, cancelled) without a successor."""
    stmt = (
        select(R.c.id)
        .join(O, (O.c.series_id == R.c.id) & (O.c.idx == R.c.last_index))
        .join(T, T.c.id == O.c.ticket_id)
        .where(R.c.stopped_at.is_(None), R.c.last_wall != "", T.c.status.in_(statuses))
    )
    return [int(r[0]) for r in session.execute(stmt)]


def series_of(session: Session, *, ticket_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """For each ticket that repeats: its index and its series' rule, mode, all_day, stopped_at (one query)."""
    if not ticket_ids:
        return {}
    stmt = (
        select(
            O.c.ticket_id,
            O.c.idx,
            R.c.id,
            R.c.rule,
            R.c.mode,
            R.c.all_day,
            R.c.anchor,
            R.c.stopped_at,
            R.c.last_index,
            R.c.problem,
        )
        .join(R, R.c.id == O.c.series_id)
        .where(O.c.ticket_id.in_(list(ticket_ids)))
    )
    return {int(r.ticket_id): dict(r._mapping) for r in session.execute(stmt)}


def all_series(session: Session) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Every series with its occurrences (for the export), in id / index order."""
    occurrences: dict[int, list[dict[str, Any]]] = {}
    for r in session.execute(select(O).order_by(O.c.series_id, O.c.idx)).mappings():
        occurrences.setdefault(int(r["series_id"]), []).append(dict(r))
    rows = session.execute(select(R).order_by(R.c.id)).mappings()
    return [(dict(r), occurrences.get(int(r["id"]), [])) for r in rows]
