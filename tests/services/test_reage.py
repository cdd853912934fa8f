""" "Reset age" (the original TicketTracker's re-age) through the services on a real SQLite file."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tickettracker.domain.log_text import change_words
from tickettracker.domain.records import ListQuery
from tickettracker.domain.validation import TicketInput
from tickettracker.errors import ValidationFailed
from tickettracker.services.reage import reset_age
from tickettracker.services.tickets import TicketService


def test_reset_age_restarts_the_backlog_count_from_today(service: TicketService, clock: Any) -> None:
    tid = service.create(TicketInput(title="Old one", priority="High"))  # High: 3/7/10/15 active days
    clock.advance(days=20)
    assert service.urgency(service.get(tid)).color_key == "overdue"
    assert [r.title for r in service.page(ListQuery(overdue_only=True)).rows] == ["Old one"]
    day = reset_age(service, tid, author="Ana")
    assert day == date(2026, 12, 17)
    ticket = service.get(tid)
    u = service.urgency(ticket)
    # counted from 00:00 UTC of the day, as the original did: 09:00 the same day is 9 hours of age
    assert (u.color_key, u.explanation) == (
        "stage0",
        "Aged 0 of 15 active days (High), counted from 17 Dec 2026 (age reset)",
    )
    assert service.page(ListQuery(overdue_only=True)).rows == []  # the stored deadline moved too
    entry = ticket.updates[-1]
    assert (entry.author, entry.kind, entry.field) == ("Ana", "field", "age_reference")
    assert change_words(entry) == "Age counted from: (empty) → 2026-12-17"


def test_reset_age_credits_only_holds_after_the_reset(service: TicketService, clock: Any) -> None:
    tid = service.create(TicketInput(title="Waits", priority="High"))
    service.change_status(tid, "On Hold", hold_reason="Awaiting parts")
    clock.advance(days=10)
    service.change_status(tid, "Open")
    clock.advance(days=1)
    reset_age(service, tid)  # the 10-day hold before today no longer counts: the age restarted anyway
    clock.advance(days=2)
    assert service.urgency(service.get(tid)).explanation.startswith("Aged 2 of 15 active days")


def test_a_due_dated_ticket_cannot_be_reset(service: TicketService, clock: Any) -> None:
    tid = service.create(TicketInput(title="Due", due=clock.now + timedelta(days=3), due_has_time=True))
    with pytest.raises(ValidationFailed, match="has a due date"):
        reset_age(service, tid)


def test_the_interchange_format_carries_the_reset(service: TicketService, clock: Any, tmp_path: Any) -> None:
    import io

    from tickettracker.config import Config
    from tickettracker.services.data import exporting, importing
    from tickettracker.store import open_database

    tid = service.create(TicketInput(title="Old one", priority="High"))
    clock.advance(days=20)
    reset_age(service, tid)
    out = io.StringIO()
    exporting.write_json(service.db, out, now=clock.now)
    assert '"age_reference_date": "2026-12-17"' in out.getvalue()
    other = TicketService(open_database(tmp_path / "other.db"), Config(), clock=clock)
    try:
        source = importing.Source("export.json", out.getvalue().encode())
        importing.import_document(other, source, uploads=tmp_path / "uploads", now=clock.now)
        copy = other.get(tid)
        assert copy.age_reference == date(2026, 12, 17)
        assert other.urgency(copy).explanation == service.urgency(service.get(tid)).explanation
    finally:
        other.db.dispose()
