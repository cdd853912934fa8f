"""The full-text index (SQLite FTS5, unicode61 with diacritics folded), one row per ticket, rowid = ticket id."""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session

# What one ticket contributes to the index; used per ticket on writes and set-based for bulk (re)indexing.
_COLUMNS = """
    SELECT t.id, t.title, t.description, t.notes, t.requester,
      (SELECT group_concat(value, ' ') FROM watcher WHERE ticket_id = t.id),
      (SELECT group_concat(g.name, ' ') FROM ticket_tag tt JOIN tag g ON g.id = tt.tag_id WHERE tt.ticket_id = t.id),
      (SELECT group_concat(url || ' ' || label, ' ') FROM link WHERE ticket_id = t.id),
      (SELECT group_concat(body, ' ') FROM ticket_update WHERE ticket_id = t.id AND kind IN ('note', 'status'))
    FROM ticket t
"""
_INSERT = (
    "INSERT INTO ticket_fts(rowid, title, description, notes, requester, watchers, tags, links, updates) "
)


def remove(session: Session, *, ticket_id: int) -> None:
    session.execute(text("DELETE FROM ticket_fts WHERE rowid = :id"), {"id": ticket_id})


def reindex(session: Session, *, ticket_id: int) -> None:
    remove(session, ticket_id=ticket_id)
    index_range(session, first_id=ticket_id, last_id=ticket_id)


def index_range(session: Session, *, first_id: int, last_id: int) -> None:
    """Index the tickets with first_id <= id <= last_id in one INSERT … SELECT (they must have no entry yet)."""
    session.execute(text(_INSERT + _COLUMNS + " WHERE t.id BETWEEN :a AND :b"), {"a": first_id, "b": last_id})


def rebuild(session: Session) -> int:
    """Re-create every entry (after an import or a restore) in one statement; returns the number indexed."""
    session.execute(text("DELETE FROM ticket_fts"))
    session.execute(text(_INSERT + _COLUMNS))
    return int(session.execute(text("SELECT count(*) FROM ticket")).scalar_one())
