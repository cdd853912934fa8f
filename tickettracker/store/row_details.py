"""What a dashboard row shows beyond its columns, for one page of ids at a time (a fixed number of queries)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from tickettracker.domain.records import FileRef
from tickettracker.store.models import Attachment, Ticket, TicketUpdate, table_of

EXCERPT = 240  # characters of the description the comfortable layout shows
T = table_of(Ticket)


def files_of(session: Session, *, ticket_ids: Sequence[int]) -> dict[int, list[FileRef]]:
    """Every attachment of these tickets (their own and their updates'), as the quick-info card links them."""
    out: dict[int, list[FileRef]] = {}
    if not ticket_ids:
        return out
    A = table_of(Attachment)
    stmt = select(A.c.ticket_id, A.c.id, A.c.name, A.c.size, A.c.content_type).where(
        A.c.ticket_id.in_(ticket_ids)
    )
    for tid, aid, name, size, ctype in session.execute(stmt.order_by(A.c.id)):
        out.setdefault(tid, []).append(FileRef(aid, name, size, ctype))
    return out


def comfortable_of(session: Session, *, ticket_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Per ticket: the description's first characters, and its update and attachment counts (3 queries)."""
    if not ticket_ids:
        return {}
    out: dict[int, dict[str, Any]] = {i: {"update_count": 0, "attachment_count": 0} for i in ticket_ids}
    stmt = select(T.c.id, func.substr(T.c.description, 1, EXCERPT + 1)).where(T.c.id.in_(ticket_ids))
    for tid, description in session.execute(stmt):
        cut = description if len(description) <= EXCERPT else description[:EXCERPT].rstrip() + "…"
        out[tid]["excerpt"] = cut
    U, A = table_of(TicketUpdate), table_of(Attachment)
    for key, table in (("update_count", U), ("attachment_count", A)):
        counted = select(table.c.ticket_id, func.count()).where(table.c.ticket_id.in_(ticket_ids))
        for tid, n in session.execute(counted.group_by(table.c.ticket_id)):
            out[tid][key] = n
    return out
