"""The derived SLA deadline through the services on a real SQLite file: what the "Overdue only" filter and the
urgency sort show as time passes, as statuses change and when the configuration changes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.factories import make_ticket
from tickettracker.config import Config
from tickettracker.domain.records import ListQuery
from tickettracker.services.tickets import TicketService

OVERDUE = ListQuery(overdue_only=True)


def overdue_titles(service: TicketService) -> list[str]:
    return [r.title for r in service.page(OVERDUE).rows]


def by_urgency(service: TicketService) -> list[str]:
    return [r.title for r in service.page(ListQuery(sort="urgency")).rows]


def test_backlog_ticket_turns_overdue_only_beyond_its_last_limit(service: TicketService, clock: Any) -> None:
    tid = make_ticket(service, title="Backlog", priority="High")  # High: 3/7/10/15 active days
    clock.advance(days=15)
    assert overdue_titles(service) == []  # exactly on the limit: stage 3, as the row colour says
    assert service.urgency(service.get(tid)).color_key == "stage3"
    clock.advance(microseconds=1)
    assert overdue_titles(service) == ["Backlog"]
    assert service.urgency(service.get(tid)).explanation.startswith("Overdue by less than a minute")


def test_due_dated_ticket_is_overdue_from_its_due_moment(service: TicketService, clock: Any) -> None:
    make_ticket(service, title="Due", priority="Low", due=clock.now + timedelta(days=1), due_has_time=True)
    clock.advance(days=1)
    assert overdue_titles(service) == ["Due"]
    row = service.page(OVERDUE).rows[0]
    assert service.urgency(row).explanation == "Overdue by less than a minute"


def test_an_on_hold_period_shifts_the_backlog_deadline(service: TicketService, clock: Any) -> None:
    tid = make_ticket(service, title="Waits", priority="High")
    clock.advance(days=5)
    service.change_status(tid, "On Hold", hold_reason="Awaiting parts")
    clock.advance(days=20)  # 25 days old, only 5 of them active
    assert overdue_titles(service) == []
    held = service.get(tid)
    assert service.urgency(held).explanation == "Paused: on hold since 2 Dec"
    service.change_status(tid, "Open")
    assert service.urgency(service.get(tid)).explanation == "Aged 5 of 15 active days (High)"
    clock.advance(days=10)  # 10 more active days: exactly on the limit
    assert overdue_titles(service) == []
    clock.advance(hours=1)
    assert overdue_titles(service) == ["Waits"]


def test_reopen_resumes_from_the_accumulated_age(service: TicketService, clock: Any) -> None:
    tid = make_ticket(service, title="Again", priority="High")
    clock.advance(days=9)
    service.change_status(tid, "Closed")
    clock.advance(days=30)
    assert overdue_titles(service) == []  # a closed ticket is never overdue
    service.reopen(tid)
    clock.advance(days=2)
    u = service.urgency(service.get(tid))
    assert (u.color_key, u.explanation) == ("stage3", "Aged 11 of 15 active days (High)")
    clock.advance(days=4, seconds=1)
    assert overdue_titles(service) == ["Again"]


def test_a_configuration_change_recomputes_every_deadline(service: TicketService, clock: Any) -> None:
    make_ticket(service, title="High one", priority="High")  # overdue after 15 days
    make_ticket(service, title="Low one", priority="Low")  # overdue after 60 days
    clock.advance(days=20)
    assert overdue_titles(service) == ["High one"]
    assert by_urgency(service) == ["High one", "Low one"]

    service.apply_config(
        Config.model_validate(
            {"sla": {"priority_stage_days": {"Low": [1, 2, 3, 5], "High": [10, 20, 30, 40]}}}
        )
    )
    assert overdue_titles(service) == ["Low one"]
    assert by_urgency(service) == ["Low one", "High one"]
    assert service.urgency(service.page(ListQuery()).rows[0]).explanation.startswith("Overdue by 15 days")


def test_paused_and_finished_tickets_sort_after_active_ones(service: TicketService, clock: Any) -> None:
    a = make_ticket(service, title="Held", priority="Urgent")
    service.change_status(a, "On Hold", hold_reason="Awaiting parts")
    b = make_ticket(service, title="Done", priority="Urgent")
    service.change_status(b, "Resolved")
    make_ticket(service, title="Active", priority="Low")
    clock.advance(days=400)
    assert by_urgency(service) == ["Active", "Held", "Done"]
    assert overdue_titles(service) == ["Active"]
