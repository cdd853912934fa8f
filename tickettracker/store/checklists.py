"""Checklist progress columns (``ticket.checklist_done`` / ``checklist_total``), kept in step with the text.

A ticket's progress counts the ``- [ ]`` items of its description, its notes and its written updates. Only texts
that contain "[ ]" or "[x]" at all are read and parsed (SQLite's LIKE ignores ASCII case and treats brackets as
plain characters), so refreshing costs nothing for the many tickets without a checklist.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import bindparam, text, update
from sqlmodel import Session

from tickettracker.domain import checklist
from tickettracker.domain.checklist import Progress
from tickettracker.store.models import Ticket, table_of

T = table_of(Ticket)

_HAS_BOX = "(lower({col}) LIKE '%[ ]%' OR lower({col}) LIKE '%[x]%')"
# (ticket id, text) for every text that may hold checklist items; ":one" limits it to one ticket.
CANDIDATES_SQL = (
    "SELECT id, description FROM ticket WHERE {only_t} "
    + _HAS_BOX.format(col="description")
    + " UNION ALL SELECT id, notes FROM ticket WHERE {only_t} "
    + _HAS_BOX.format(col="notes")
    + " UNION ALL SELECT ticket_id, body FROM ticket_update WHERE {only_u} kind = 'note' AND "
    + _HAS_BOX.format(col="body")
)
ALL_SQL = CANDIDATES_SQL.format(only_t="", only_u="")
ONE_SQL = CANDIDATES_SQL.format(only_t="id = :one AND", only_u="ticket_id = :one AND")


def tally(rows: Iterable[tuple[int, str]]) -> dict[int, Progress]:
    """Progress per ticket from (ticket id, text) pairs."""
    out: dict[int, Progress] = defaultdict(lambda: checklist.NONE)
    for ticket_id, body in rows:
        found = checklist.progress(body or "")
        if found.total:
            out[ticket_id] = out[ticket_id] + found
    return dict(out)


def refresh(session: Session, *, ticket_id: int) -> Progress:
    """Recount one ticket's checklist items and store the result (call after any write of its text)."""
    found = tally((r[0], r[1]) for r in session.execute(text(ONE_SQL), {"one": ticket_id})).get(
        ticket_id, checklist.NONE
    )
    session.execute(
        update(T).where(T.c.id == ticket_id).values(checklist_done=found.done, checklist_total=found.total)
    )
    return found


def refresh_all(session: Session) -> int:
    """Recount every ticket (after an import); returns how many tickets have a checklist."""
    counts = tally((r[0], r[1]) for r in session.execute(text(ALL_SQL)))
    session.execute(
        text("UPDATE ticket SET checklist_done = 0, checklist_total = 0 WHERE checklist_total != 0")
    )
    if counts:
        stmt = (
            update(T)
            .where(T.c.id == bindparam("i"))
            .values(checklist_done=bindparam("d"), checklist_total=bindparam("n"))
        )
        session.execute(stmt, [{"i": k, "d": v.done, "n": v.total} for k, v in counts.items()])
    return len(counts)
