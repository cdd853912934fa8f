"""How many tickets use each configured name (the Settings page refuses to drop a name still in use), and how big the
PostgreSQL database is."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import Session

from tickettracker.store.models import Ticket, table_of

T = table_of(Ticket)


def count_by(session: Session, *, column: str) -> dict[str, int]:
    """Tickets (trashed ones included: they can be restored) per value of ``column`` (priority or status)."""
    if column not in ("priority", "status"):
        raise ValueError(f"cannot count tickets by {column!r}")
    col = T.c[column]
    return {str(value): int(n) for value, n in session.execute(select(col, func.count()).group_by(col))}


def server_database_bytes(session: Session) -> int:
    """Size of the PostgreSQL database on its server (tables, indexes, blobs)."""
    return int(session.execute(select(func.pg_database_size(func.current_database()))).scalar_one())
