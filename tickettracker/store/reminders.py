"""Repository functions for reminders, the calendar feed token and the periodic jobs' marks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Result, and_, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from tickettracker.store.db import is_postgres
from tickettracker.store.models import ClockMark, FeedToken, Reminder, Ticket, table_of

M = table_of(Reminder)
T = table_of(Ticket)
F = table_of(FeedToken)
C = table_of(ClockMark)


def _upsert(session: Session, table: Any) -> Any:
    """An INSERT with ON CONFLICT for this session's database (both dialects spell ``on_conflict_*`` alike)."""
    return pg_insert(table) if is_postgres(session) else sqlite_insert(table)


def add_reminders(session: Session, *, rows: Sequence[dict[str, Any]]) -> int:
    """Insert reminders, skipping any whose (ticket, key) exists already; returns how many were new."""
    if not rows:
        return 0
    stmt = _upsert(session, M).values(list(rows)).on_conflict_do_nothing(index_elements=["ticket_id", "key"])
    return _count(session.execute(stmt))


def _count(result: Result[Any]) -> int:
    """Rows an INSERT/UPDATE touched."""
    return int(cast("CursorResult[Any]", result).rowcount or 0)


def _inbox_where(now: datetime) -> Any:
    return and_(M.c.read_at.is_(None), M.c.fire_at <= now, T.c.deleted_at.is_(None))


def inbox(session: Session, *, now: datetime, limit: int = 50) -> list[dict[str, Any]]:
    """Unread reminders that have fired, newest first, each with its ticket's title and due date."""
    stmt = (
        select(M.c.id, M.c.ticket_id, M.c.kind, M.c.fire_at, M.c.notified_at, T.c.title, T.c.due)
        .join(T, T.c.id == M.c.ticket_id)
        .where(_inbox_where(now))
        .order_by(M.c.fire_at.desc(), M.c.id.desc())
        .limit(limit)
    )
    return [dict(r._mapping) for r in session.execute(stmt)]


def unread_count(session: Session, *, now: datetime) -> int:
    stmt = select(func.count()).select_from(M.join(T, T.c.id == M.c.ticket_id)).where(_inbox_where(now))
    return int(session.execute(stmt).scalar_one())


def claimable(session: Session, *, now: datetime) -> bool:
    """Whether any fired, unread reminder was never shown (a cheap read before taking the write lock)."""
    stmt = select(M.c.id).join(T, T.c.id == M.c.ticket_id).where(_inbox_where(now), M.c.notified_at.is_(None))
    return session.execute(stmt.limit(1)).first() is not None


def claim(session: Session, *, now: datetime, limit: int = 5) -> list[dict[str, Any]]:
    """Mark fired, unread, never-shown reminders as shown and return them: each is claimed exactly once."""
    ids = [
        r[0]
        for r in session.execute(
            select(M.c.id)
            .join(T, T.c.id == M.c.ticket_id)
            .where(_inbox_where(now), M.c.notified_at.is_(None))
            .order_by(M.c.fire_at, M.c.id)
            .limit(limit)
        )
    ]
    if not ids:
        return []
    # The write transaction holds SQLite's write lock: no other tab or process claims these in between.
    session.execute(update(M).where(M.c.id.in_(ids), M.c.notified_at.is_(None)).values(notified_at=now))
    stmt = select(M.c.id, M.c.ticket_id, M.c.kind, M.c.fire_at, T.c.title, T.c.due).join(
        T, T.c.id == M.c.ticket_id
    )
    return [dict(r._mapping) for r in session.execute(stmt.where(M.c.id.in_(ids)).order_by(M.c.fire_at))]


def mark_read(session: Session, *, ids: Sequence[int] | None, now: datetime) -> int:
    """Mark the given reminders (or, with None, every fired one) read; returns how many changed."""
    stmt = update(M).where(M.c.read_at.is_(None), M.c.fire_at <= now)
    if ids is not None:
        stmt = stmt.where(M.c.id.in_(list(ids)))
    return _count(session.execute(stmt.values(read_at=now, notified_at=func.coalesce(M.c.notified_at, now))))


def reschedule(session: Session, *, reminder_id: int, fire_at: datetime) -> int:
    """Snooze: fire again at ``fire_at`` as if new (unread, not shown)."""
    stmt = update(M).where(M.c.id == reminder_id).values(fire_at=fire_at, notified_at=None, read_at=None)
    return _count(session.execute(stmt))


def pending_for(session: Session, *, ticket_id: int, now: datetime) -> list[dict[str, Any]]:
    """A ticket's reminders still to come (the ticket page lists them)."""
    stmt = (
        select(M.c.id, M.c.kind, M.c.fire_at)
        .where(M.c.ticket_id == ticket_id, M.c.fire_at > now, M.c.read_at.is_(None))
        .order_by(M.c.fire_at)
    )
    return [dict(r._mapping) for r in session.execute(stmt)]


def candidates(
    session: Session,
    *,
    low: datetime,
    high: datetime,
    statuses: Sequence[str],
    due_dated: bool,
    priorities: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """Live active tickets whose SLA deadline lies in (low, high] (an index range on ``deadline``)."""
    stmt = select(T.c.id, T.c.priority, T.c.due, T.c.due_has_time, T.c.deadline).where(
        T.c.deleted_at.is_(None),
        T.c.deadline > low,
        T.c.deadline <= high,
        T.c.status.in_(list(statuses)),
        T.c.due.is_not(None) if due_dated else T.c.due.is_(None),
    )
    if priorities is not None:
        stmt = stmt.where(T.c.priority.in_(list(priorities)))
    return [dict(r._mapping) for r in session.execute(stmt)]


def get_mark(session: Session, *, name: str) -> datetime | None:
    row = session.execute(select(C.c.at).where(C.c.name == name)).first()
    return None if row is None else row[0]


def set_mark(session: Session, *, name: str, at: datetime) -> None:
    """Move a mark forward (never back: a slower instance must not make the sweep look again)."""
    stmt = _upsert(session, C).values(name=name, at=at)
    # The larger of two values: SQLite's two-argument max(), PostgreSQL's greatest() (its max() is an aggregate).
    larger = func.greatest if is_postgres(session) else func.max
    session.execute(
        stmt.on_conflict_do_update(index_elements=["name"], set_={"at": larger(C.c.at, stmt.excluded.at)})
    )


# ----- the calendar feed token -------------------------------------------------------------------------
def feed_token(session: Session) -> str | None:
    row = session.execute(select(F.c.token).where(F.c.revoked_at.is_(None)).order_by(F.c.id.desc())).first()
    return None if row is None else str(row[0])


def replace_feed_token(session: Session, *, token: str, now: datetime) -> None:
    """Revoke every live token and store ``token`` as the only one."""
    session.execute(update(F).where(F.c.revoked_at.is_(None)).values(revoked_at=now))
    session.execute(insert(F).values(token=token, created=now))


def revoke_feed_token(session: Session, *, now: datetime) -> None:
    session.execute(update(F).where(F.c.revoked_at.is_(None)).values(revoked_at=now))
