"""Test data builders: tickets with sensible defaults (override only what a test is about) and shared configurations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tickettracker.config import Config
from tickettracker.domain.validation import TicketInput
from tickettracker.services.tickets import TicketService

# A configuration that renames every status: roles, not names, must drive every rule.
RENAMED_STATUSES: dict[str, Any] = {
    "workflow": ["New", "Doing", "Waiting", "Done", "Archived", "Dropped"],
    "status_roles": {
        "initial": "New",
        "hold": "Waiting",
        "resolved": "Done",
        "closed": "Archived",
        "cancelled": "Dropped",
    },
    "hold_reasons": ["Customer", "Vendor"],
}


def renamed_statuses_config() -> Config:
    """:data:`RENAMED_STATUSES` as a validated configuration."""
    return Config.model_validate(RENAMED_STATUSES)


def ticket_input(title: str = "A ticket", **overrides: Any) -> TicketInput:
    """What a form would submit: a title (default "A ticket") and the form's defaults for everything else."""
    return TicketInput(title=title, **overrides)


def make_ticket(
    service: TicketService,
    title: str = "A ticket",
    *,
    author: str | None = None,
    at: datetime | None = None,
    ticket_id: int | None = None,
    **overrides: Any,
) -> int:
    """Create a ticket through ``service`` (validated and logged like a person's) and return its id."""
    return service.create(ticket_input(title, **overrides), author=author, at=at, ticket_id=ticket_id)
