"""Ticket templates, text snippets and the written text of updates (SPEC §19).

Templates keep their lists (tags, watchers, checklist items) as JSON arrays; they are read and written whole, never
queried by their parts.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlmodel import Session

from tickettracker.domain.snippets import Snippet as SnippetRec
from tickettracker.domain.templates import Template
from tickettracker.errors import NotFound
from tickettracker.store.db import inserted_id
from tickettracker.store.models import Snippet, TicketTemplate, TicketUpdate, table_of

TT = table_of(TicketTemplate)
SN = table_of(Snippet)
TU = table_of(TicketUpdate)


def _strings(raw: str) -> tuple[str, ...]:
    try:
        value = json.loads(raw)
    except ValueError:
        return ()
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _template(row: Any) -> Template:
    return Template(
        name=row.name,
        title_pattern=row.title_pattern,
        description=row.description,
        priority=row.priority,
        tags=_strings(row.tags),
        watchers=_strings(row.watchers),
        due_in_days=row.due_in_days,
        checklist=_strings(row.checklist),
        id=row.id,
    )


def _template_values(t: Template) -> dict[str, Any]:
    return {
        "name": t.name,
        "title_pattern": t.title_pattern,
        "description": t.description,
        "priority": t.priority,
        "tags": json.dumps(list(t.tags), ensure_ascii=False),
        "watchers": json.dumps(list(t.watchers), ensure_ascii=False),
        "due_in_days": t.due_in_days,
        "checklist": json.dumps(list(t.checklist), ensure_ascii=False),
    }


# ----- templates -----------------------------------------------------------------------------------------------
def templates(session: Session) -> list[Template]:
    """Every template, in the order shown (position, then name)."""
    rows = session.execute(select(TT).order_by(TT.c.position, TT.c.name))
    return [_template(r) for r in rows]


def template(session: Session, *, template_id: int) -> Template:
    row = session.execute(select(TT).where(TT.c.id == template_id)).first()
    if row is None:
        raise NotFound(f"Template {template_id} does not exist")
    return _template(row)


def template_named(session: Session, *, name: str) -> int | None:
    """The id of the template with this name (case-insensitive), if any."""
    return session.execute(select(TT.c.id).where(TT.c.name == name)).scalar_one_or_none()


def insert_template(session: Session, *, template: Template) -> int:
    position = session.execute(select(func.coalesce(func.max(TT.c.position), -1) + 1)).scalar_one()
    return inserted_id(session.execute(insert(TT).values(**_template_values(template), position=position)))


def update_template(session: Session, *, template_id: int, template: Template) -> None:
    if session.execute(select(TT.c.id).where(TT.c.id == template_id)).first() is None:
        raise NotFound(f"Template {template_id} does not exist")
    session.execute(update(TT).where(TT.c.id == template_id).values(**_template_values(template)))


def delete_template(session: Session, *, template_id: int) -> None:
    session.execute(delete(TT).where(TT.c.id == template_id))


# ----- snippets ------------------------------------------------------------------------------------------------
def snippets(session: Session) -> list[SnippetRec]:
    """Every snippet, by name."""
    return [SnippetRec(r.name, r.body, r.id) for r in session.execute(select(SN).order_by(SN.c.name))]


def snippet_named(session: Session, *, name: str) -> int | None:
    return session.execute(select(SN.c.id).where(SN.c.name == name)).scalar_one_or_none()


def insert_snippet(session: Session, *, snippet: SnippetRec) -> int:
    return inserted_id(session.execute(insert(SN).values(name=snippet.name, body=snippet.body)))


def update_snippet(session: Session, *, snippet_id: int, snippet: SnippetRec) -> None:
    if session.execute(select(SN.c.id).where(SN.c.id == snippet_id)).first() is None:
        raise NotFound(f"Snippet {snippet_id} does not exist")
    session.execute(update(SN).where(SN.c.id == snippet_id).values(name=snippet.name, body=snippet.body))


def delete_snippet(session: Session, *, snippet_id: int) -> None:
    session.execute(delete(SN).where(SN.c.id == snippet_id))


# ----- the text of a written update ----------------------------------------------------------------------------
def note(session: Session, *, update_id: int) -> tuple[int, str, str]:
    """(ticket id, kind, body) of one log entry; NotFound when there is none."""
    row = session.execute(select(TU.c.ticket_id, TU.c.kind, TU.c.body).where(TU.c.id == update_id)).first()
    if row is None:
        raise NotFound(f"Update {update_id} does not exist")
    return int(row[0]), str(row[1]), str(row[2])


def set_note_body(session: Session, *, update_id: int, body: str) -> None:
    """Replace the text of a written update (only a checklist tick does this; it is logged by the caller)."""
    session.execute(update(TU).where(TU.c.id == update_id).values(body=body))
