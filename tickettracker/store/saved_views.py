"""Repository functions for saved views (named queries shown in the dashboard sidebar)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlmodel import Session

from tickettracker.domain.query import ViewRec
from tickettracker.errors import NotFound, ValidationFailed
from tickettracker.store.db import inserted_id
from tickettracker.store.models import SavedView, table_of

V = table_of(SavedView)


def _rec(row: Any) -> ViewRec:
    return ViewRec(row.id, row.name, row.query, row.sort, row.position, bool(row.is_default))


def all_views(session: Session) -> list[ViewRec]:
    """Every view in sidebar order."""
    return [_rec(r) for r in session.execute(select(V).order_by(V.c.position, V.c.id))]


def get_view(session: Session, *, view_id: int) -> ViewRec:
    row = session.execute(select(V).where(V.c.id == view_id)).first()
    if row is None:
        raise NotFound(f"There is no saved view #{view_id}")
    return _rec(row)


def default_view(session: Session) -> ViewRec | None:
    row = session.execute(select(V).where(V.c.is_default.is_(True))).first()
    return None if row is None else _rec(row)


def _check_name(session: Session, name: str, except_id: int | None = None) -> str:
    clean = " ".join(name.split())
    if not clean:
        raise ValidationFailed({"name": "Give the view a name"})
    if len(clean) > 60:
        raise ValidationFailed({"name": "Keep the name under 60 characters"})
    stmt = select(V.c.id).where(V.c.name == clean)  # NOCASE column: "Overdue" = "overdue"
    if except_id is not None:
        stmt = stmt.where(V.c.id != except_id)
    if session.execute(stmt).first() is not None:
        raise ValidationFailed({"name": f"A view named {clean!r} already exists"})
    return clean


def insert_view(session: Session, *, name: str, query: str, sort: str) -> int:
    """Add a view at the end of the list; raises ValidationFailed on an empty or taken name."""
    clean = _check_name(session, name)
    last = session.execute(select(func.max(V.c.position))).scalar()
    result = session.execute(
        insert(V).values(name=clean, query=query, sort=sort, position=(last or 0) + 1, is_default=False)
    )
    return inserted_id(result)


def rename_view(session: Session, *, view_id: int, name: str) -> None:
    get_view(session, view_id=view_id)
    session.execute(update(V).where(V.c.id == view_id).values(name=_check_name(session, name, view_id)))


def update_query(session: Session, *, view_id: int, query: str, sort: str) -> None:
    get_view(session, view_id=view_id)
    session.execute(update(V).where(V.c.id == view_id).values(query=query, sort=sort))


def reorder_views(session: Session, *, ids: list[int]) -> None:
    """Put the views in the order of ``ids``; views not listed keep their relative order after them."""
    current = [v.id for v in all_views(session)]
    order = [i for i in ids if i in current] + [i for i in current if i not in ids]
    for position, view_id in enumerate(order, start=1):
        session.execute(update(V).where(V.c.id == view_id).values(position=position))


def delete_view(session: Session, *, view_id: int) -> None:
    get_view(session, view_id=view_id)
    session.execute(delete(V).where(V.c.id == view_id))


def set_default_view(session: Session, *, view_id: int | None) -> None:
    """Make one view the default (None: no default); there is never more than one."""
    if view_id is not None:
        get_view(session, view_id=view_id)
    session.execute(update(V).values(is_default=False))
    if view_id is not None:
        session.execute(update(V).where(V.c.id == view_id).values(is_default=True))
