""" "Reset age" (the original TicketTracker's re-age): a backlog ticket's SLA age counts again from today.

Only for a ticket without a due date (a due date is absolute). The day is the UTC date, as the original stored it;
the age then counts from 00:00 UTC of that day (see :mod:`tickettracker.domain.sla`). Logged as a field change.
"""

from __future__ import annotations

import json
from datetime import date, timezone

from tickettracker.domain import sla, workflow
from tickettracker.domain.records import Person
from tickettracker.errors import ValidationFailed
from tickettracker.services import logwriter
from tickettracker.services.events import Change
from tickettracker.services.tickets import TicketService
from tickettracker.store import tickets as repo

FIELD = "age_reference"


def reset_age(service: TicketService, ticket_id: int, *, author: str | Person | None = None) -> date:
    """Set the ticket's age reference to today (UTC), log it, and recompute its deadline; returns the day."""
    now = service.clock()
    today = now.astimezone(timezone.utc).date()
    who = logwriter.author_name(service.cfg, author)
    with service.db.write() as s:
        current = repo.load_ticket(s, ticket_id=ticket_id, with_updates=False)
        workflow.check_editable(service.cfg, current.status)
        if current.due is not None:
            raise ValidationFailed(
                {"age": "This ticket has a due date: its age does not count, so it cannot be reset"}
            )
        old = current.age_reference
        origin = sla.age_origin(today)
        history = repo.status_changes(s, ticket_id=ticket_id)
        initial = repo.initial_status(s, ticket_id=ticket_id)
        pause = sla.pause_credit(current.created, initial, history, service.cfg.paused_statuses, now, origin)
        facts = sla.SlaFacts(current.status, current.priority, current.created, None, pause, origin)
        repo.add_update(
            s,
            ticket_id=ticket_id,
            at=now,
            author=who.name,
            link_id=who.link_id,
            kind="field",
            field=FIELD,
            old=json.dumps(old.isoformat() if old else None),
            new=json.dumps(today.isoformat()),
        )
        values = {
            "age_reference": today,
            "paused_seconds": pause.paused_seconds,
            "paused_since": pause.paused_since,
            "deadline": sla.deadline(facts, service.cfg),
            "updated": now,
            "version": current.version + 1,
        }
        repo.update_ticket(s, ticket_id=ticket_id, values=values)
    service.bus.emit(Change("updated", ticket_id))
    return today
