"""The full-text index (SQLite FTS5, unicode61 with diacritics folded), one row per ticket, rowid = ticket id."""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session

_GATHER = text(
    """
    SELECT t.title, t.description, t.notes, t.requester,
      (SELECT group_concat(value, ' ') FROM watcher WHERE ticket_id = t.id),
      (SELECT group_concat(g.name, ' ') FROM ticket_tag tt JOIN tag g ON g.id = tt.tag_id WHERE tt.ticket_id = t.id),
      (SELECT group_concat(url || ' ' || label, ' ') FROM link WHERE ticket_id = t.id),
      (SELECT group_concat(body, ' ') FROM ticket_update WHERE ticket_id = t.id AND kind IN ('note', 'status'))
    FROM ticket t WHERE t.id = :id
    """
)


def remove(session: Session, *, ticket_id: int) -> None:
    session.execute(text("DELETE FROM ticket_fts WHERE rowid = :id"), {"id": ticket_id})


def reindex(session: Session, *, ticket_id: int) -> None:
    remove(session, ticket_id=ticket_id)
    row = session.execute(_GATHER, {"id": ticket_id}).first()
    if row is None:
        return
    session.execute(
        text(
            "INSERT INTO ticket_fts(rowid, title, description, notes, requester, watchers, tags, links, updates) "
            "VALUES (:id, :a, :b, :c, :d, :e, :f, :g, :h)"
        ),
        {"id": ticket_id, **{k: v or "" for k, v in zip("abcdefgh", row, strict=True)}},
    )


_REBUILD = text(
    """
    INSERT INTO ticket_fts(rowid, title, description, notes, requester, watchers, tags, links, updates)
    SELECT t.id, t.title, t.description, t.notes, t.requester,
      coalesce((SELECT group_concat(value, ' ') FROM watcher WHERE ticket_id = t.id), ''),
      coalesce((SELECT group_concat(g.name, ' ') FROM ticket_tag tt JOIN tag g ON g.id = tt.tag_id
                WHERE tt.ticket_id = t.id), ''),
      coalesce((SELECT group_concat(url || ' ' || label, ' ') FROM link WHERE ticket_id = t.id), ''),
      coalesce((SELECT group_concat(body, ' ') FROM ticket_update
                WHERE ticket_id = t.id AND kind IN ('note', 'status')), '')
    FROM ticket t
    """
)


def rebuild(session: Session) -> int:
    """Re-create every entry (after an import or a restore) in one statement; returns the number indexed."""
    session.execute(text("DELETE FROM ticket_fts"))
    session.execute(_REBUILD)
    return int(session.execute(text("SELECT count(*) FROM ticket")).scalar() or 0)
