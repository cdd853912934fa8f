"""Repository functions for access links: one named link per colleague on a tracker shared on the LAN.

Only the SHA-256 of a link's token is stored. A revoked link keeps its row, so the update log can still name it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update
from sqlmodel import Session

from tickettracker.domain.records import AccessLinkRec
from tickettracker.errors import NotFound
from tickettracker.store.db import inserted_id
from tickettracker.store.models import AccessLink, table_of

A = table_of(AccessLink)


def _rec(row: object) -> AccessLinkRec:
    return AccessLinkRec(row.id, row.name, row.created, row.last_used, row.revoked_at)  # type: ignore[attr-defined]


def insert_link(session: Session, *, name: str, token_sha256: str, created: datetime) -> AccessLinkRec:
    """Add a link for ``name`` and return it."""
    result = session.execute(insert(A).values(name=name, token_sha256=token_sha256, created=created))
    return get_link(session, link_id=inserted_id(result))


def get_link(session: Session, *, link_id: int) -> AccessLinkRec:
    """One link; raises NotFound for an unknown id."""
    row = session.execute(select(A).where(A.c.id == link_id)).first()
    if row is None:
        raise NotFound(f"There is no access link #{link_id}")
    return _rec(row)


def all_links(session: Session) -> list[AccessLinkRec]:
    """Every link: live ones first, each group in the order they were made."""
    stmt = select(A).order_by(A.c.revoked_at.is_not(None), A.c.id)
    return [_rec(r) for r in session.execute(stmt)]


def live_digests(session: Session) -> dict[str, tuple[int, str]]:
    """Token SHA-256 → (link id, name) for every live link."""
    rows = session.execute(select(A.c.token_sha256, A.c.id, A.c.name).where(A.c.revoked_at.is_(None)))
    return {r.token_sha256: (r.id, r.name) for r in rows}


def touch(session: Session, *, link_id: int, at: datetime) -> None:
    """Record that the link was just used."""
    session.execute(update(A).where(A.c.id == link_id).values(last_used=at))


def revoke(session: Session, *, link_id: int, at: datetime) -> AccessLinkRec:
    """Mark one link revoked (a second call changes nothing); raises NotFound for an unknown id."""
    get_link(session, link_id=link_id)
    session.execute(update(A).where(A.c.id == link_id, A.c.revoked_at.is_(None)).values(revoked_at=at))
    return get_link(session, link_id=link_id)
