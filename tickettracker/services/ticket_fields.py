"""A ticket's fields as the services use them: which are logged, their values in the log's shapes, a form's
starting values and the ticket-table columns. Kept together so the field declaration can replace them at once.
"""

from __future__ import annotations

from typing import Any

from tickettracker.config import Config
from tickettracker.domain.records import TicketRec
from tickettracker.domain.validation import LinkIn, TicketInput

LOGGED_FIELDS = (
    "title",
    "description",
    "notes",
    "requester",
    "watchers",
    "priority",
    "status",
    "hold_reason",
    "due",
    "due_has_time",
    "tags",
    "links",
)


def field_values(t: TicketRec) -> dict[str, Any]:
    """A ticket's loggable fields, in the shapes the log stores them (links as [url, label] pairs)."""
    return {
        "title": t.title,
        "description": t.description,
        "notes": t.notes,
        "requester": t.requester,
        "watchers": list(t.watchers),
        "priority": t.priority,
        "status": t.status,
        "hold_reason": t.hold_reason,
        "due": t.due,
        "due_has_time": t.due_has_time,
        "tags": list(t.tags),
        "links": [(link.url, link.label) for link in t.links],
    }


def input_values(data: TicketInput) -> dict[str, Any]:
    """Validated input's loggable fields, in the same shapes as :func:`field_values`."""
    return {
        "title": data.title,
        "description": data.description,
        "notes": data.notes,
        "requester": data.requester,
        "watchers": list(data.watchers),
        "priority": data.priority,
        "status": data.status,
        "hold_reason": data.hold_reason,
        "due": data.due,
        "due_has_time": data.due_has_time,
        "tags": list(data.tags),
        "links": [(link.url, link.label) for link in data.links],
    }


def input_from(t: TicketRec) -> TicketInput:
    """A form's starting values for editing ``t``."""
    return TicketInput(
        title=t.title,
        description=t.description,
        notes=t.notes,
        requester=t.requester,
        watchers=list(t.watchers),
        priority=t.priority,
        status=t.status,
        hold_reason=t.hold_reason,
        due=t.due,
        due_has_time=t.due_has_time,
        tags=list(t.tags),
        links=[LinkIn(lk.url, lk.label) for lk in t.links],
    )


def ticket_columns(cfg: Config, clean: TicketInput) -> dict[str, Any]:
    """The ticket-table columns for validated input (the derived SLA columns are added by the caller)."""
    return {
        "title": clean.title,
        "description": clean.description,
        "notes": clean.notes,
        "requester": clean.requester,
        "priority": clean.priority,
        "priority_rank": cfg.priorities.index(clean.priority),
        "status": clean.status,
        "hold_reason": clean.hold_reason,
        "due": clean.due,
        "due_has_time": clean.due_has_time,
    }
