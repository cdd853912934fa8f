"""Saved views in the interchange document: checked like views saved in the app, added after the existing ones."""

from __future__ import annotations

from sqlmodel import Session

from tickettracker.config import Config
from tickettracker.domain.interchange import ViewDoc
from tickettracker.domain.query import QueryError, parse
from tickettracker.store import saved_views

MAX_NAME = 60  # as store.saved_views allows


def problems(docs: list[ViewDoc], cfg: Config) -> list[str]:
    """One line per view whose name or query the app would refuse (the query must read under ``cfg``)."""
    found = []
    for k, v in enumerate(docs):
        where = f"view {k + 1} ({v.name[:MAX_NAME]!r})"
        name = " ".join(v.name.split())
        if not name or len(name) > MAX_NAME:
            found.append(f"{where}: name: give a name of 1 to {MAX_NAME} characters")
        try:
            parse(f"{v.query} sort:{v.sort}" if v.sort else v.query, cfg)
        except QueryError as e:
            found.append(f"{where}: query: {e}")
    return found


def add(session: Session, docs: list[ViewDoc]) -> tuple[int, list[str]]:
    """Add the views after the existing ones; returns (how many added, names kept because a view had them).

    A name already here keeps the existing view (import never overwrites); the document's default becomes the
    default only when there is none yet.
    """
    existing = saved_views.all_views(session)
    taken = {v.name.casefold() for v in existing}
    has_default = any(v.is_default for v in existing)
    added, kept = 0, []
    for v in docs:
        name = " ".join(v.name.split())
        if name.casefold() in taken:
            kept.append(name)
            continue
        view_id = saved_views.insert_view(session, name=name, query=v.query, sort=v.sort)
        taken.add(name.casefold())
        added += 1
        if v.default and not has_default:
            saved_views.set_default_view(session, view_id=view_id)
            has_default = True
    return added, kept
