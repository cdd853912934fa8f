"""The full-text index, one entry per ticket, on either database.

SQLite: an FTS5 table (unicode61, diacritics folded, prefix indexes), rowid = ticket id, matched with FTS5 syntax.
PostgreSQL: ``ticket_fts`` holds two ``tsvector`` columns per ticket (all text, and the title alone) with GIN
indexes. Their lexemes are made by ``tt_words`` (folded to lower case without accents, split on whatever is not a
letter or digit: the way unicode61 splits), not by a language's parser and stemmer, so both databases find the
same tickets for the same words. Searches are prefix matches (``'word':*``), as FTS5's ``"word"*``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select, text
from sqlmodel import Session

from tickettracker.domain import search
from tickettracker.store.db import is_postgres

# The text one ticket contributes (after the id); used per ticket on writes and set-based for bulk (re)indexing.
_PARTS = """t.title, t.description, t.notes, t.requester,
      (SELECT {agg}(value, ' ') FROM watcher WHERE ticket_id = t.id),
      (SELECT {agg}(g.name, ' ') FROM ticket_tag tt JOIN tag g ON g.id = tt.tag_id WHERE tt.ticket_id = t.id),
      (SELECT {agg}(url || ' ' || label, ' ') FROM link WHERE ticket_id = t.id),
      (SELECT {agg}(body, ' ') FROM ticket_update WHERE ticket_id = t.id AND kind IN ('note', 'status'))"""
_SQLITE = (
    "INSERT INTO ticket_fts(rowid, title, description, notes, requester, watchers, tags, links, updates)"
    " SELECT t.id, " + _PARTS.format(agg="group_concat") + " FROM ticket t"
)
_POSTGRES = (
    "INSERT INTO ticket_fts(ticket_id, title, doc)"
    " SELECT t.id, array_to_tsvector(tt_words(t.title)),"
    " array_to_tsvector(tt_words(concat_ws(' ', " + _PARTS.format(agg="string_agg") + "))) FROM ticket t"
)


def remove(session: Session, *, ticket_id: int) -> None:
    key = "ticket_id" if is_postgres(session) else "rowid"
    session.execute(text(f"DELETE FROM ticket_fts WHERE {key} = :id"), {"id": ticket_id})


def reindex(session: Session, *, ticket_id: int) -> None:
    remove(session, ticket_id=ticket_id)
    index_range(session, first_id=ticket_id, last_id=ticket_id)


def index_range(session: Session, *, first_id: int, last_id: int) -> None:
    """Index the tickets with first_id <= id <= last_id in one INSERT … SELECT (they must have no entry yet)."""
    sql = _POSTGRES if is_postgres(session) else _SQLITE
    session.execute(text(sql + " WHERE t.id BETWEEN :a AND :b"), {"a": first_id, "b": last_id})


def rebuild(session: Session) -> int:
    """Re-create every entry (after an import or a restore) in one statement; returns the number indexed."""
    session.execute(text("DELETE FROM ticket_fts"))
    session.execute(text(_POSTGRES if is_postgres(session) else _SQLITE))
    return int(session.execute(text("SELECT count(*) FROM ticket")).scalar_one())


def match_value(session: Session, typed: str, *, title_only: bool = False) -> str | None:
    """The bound value of :func:`matching_ids` for what a person typed (None: nothing to search for)."""
    if is_postgres(session):
        return search.ts_query(typed)
    match = search.fts_match(typed)
    if match is None or not title_only:
        return match
    return "{title} : (" + match + ")"


def matching_ids(session: Session, param: str = "m", *, title_only: bool = False) -> Select[Any]:
    """SELECT of the ids of tickets whose entry matches the value bound as ``param`` (see match_value)."""
    if is_postgres(session):
        column = "title" if title_only else "doc"
        cond = f"{column} @@ CAST(tt_fold(:{param}) AS tsquery)"
        return select(text("ticket_id")).select_from(text("ticket_fts")).where(text(cond))
    return select(text("rowid")).select_from(text("ticket_fts")).where(text(f"ticket_fts MATCH :{param}"))


def count_matches(session: Session) -> str:
    """SQL counting the live tickets matching :m (a search alone): all hits minus the hits in the trash, no join.

    On SQLite "+t.id" keeps the planner walking the (few) trashed tickets instead of seeking every hit.
    """
    if is_postgres(session):
        hit = "SELECT ticket_id FROM ticket_fts WHERE doc @@ CAST(tt_fold(:m) AS tsquery)"
        return (
            f"SELECT (SELECT count(*) FROM ({hit}) h)"
            f" - (SELECT count(*) FROM ticket t WHERE t.deleted_at IS NOT NULL AND t.id IN ({hit}))"
        )
    return (
        "SELECT (SELECT count(*) FROM ticket_fts WHERE ticket_fts MATCH :m)"
        " - (SELECT count(*) FROM ticket t WHERE t.deleted_at IS NOT NULL"
        "    AND +t.id IN (SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH :m))"
    )
