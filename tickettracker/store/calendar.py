"""Rows for the calendar feed: the due tickets' columns in one query (tags in a second), never one per ticket."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from tickettracker.store.models import Ticket, table_of
from tickettracker.store.tickets import tags_of

T = table_of(Ticket)
_COLUMNS = (
    "id",
    "title",
    "status",
    "priority",
    "due",
    "due_has_time",
    "created",
    "updated",
    "version",
    "paused_seconds",
    "paused_since",
)


def feed_rows(session: Session, *, ticket_ids: Sequence[int]) -> list[dict[str, Any]]:
    """The feed's columns (plus ``tags``) for live tickets with a due date, ordered by due date then id."""
    if not ticket_ids:
        return []
    out: list[dict[str, Any]] = []
    for start in range(0, len(ticket_ids), 900):  # SQLite's bound-parameter limit
        chunk = list(ticket_ids[start : start + 900])
        stmt = select(*(T.c[c] for c in _COLUMNS)).where(
            T.c.id.in_(chunk), T.c.due.is_not(None), T.c.deleted_at.is_(None)
        )
        rows = [dict(r._mapping) for r in session.execute(stmt)]
        tags = tags_of(session, ticket_ids=[r["id"] for r in rows])
        out += [dict(r, tags=tags.get(r["id"], ())) for r in rows]
    return sorted(out, key=lambda r: (r["due"], r["id"]))
