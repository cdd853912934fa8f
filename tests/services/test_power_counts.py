"""Counts (the sidebar's views, "All tickets") are cached per query and never stale: a change event, a write by
another process on the same SQLite file, or time passing for a time-relative query gives the new count."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import Clock
from tests.factories import make_ticket
from tickettracker.config import Config
from tickettracker.domain.validation import TicketInput
from tickettracker.services.events import Change
from tickettracker.services.power import PowerService
from tickettracker.services.tickets import TicketService
from tickettracker.store.db import Database


def test_a_change_event_gives_every_view_its_new_count(service: TicketService) -> None:
    power = PowerService(service)
    for i in range(3):
        make_ticket(service, title=f"Printer {i}", tags=["printer"])
    power.save_view("Printers", "tag:printer")
    assert power.count(power.parse("")) == 3
    assert [n for _v, n in power.views_with_counts()] == [3]
    new = make_ticket(service, title="Printer 4", tags=["printer"])
    assert power.count(power.parse("")) == 4
    assert [n for _v, n in power.views_with_counts()] == [4]
    service.update(new, TicketInput(title="Printer 4", tags=["toner"]))
    assert [n for _v, n in power.views_with_counts()] == [3]
    assert power.count(power.parse("tag:toner")) == 1


def test_a_write_by_another_process_on_the_same_file_is_counted(
    db: Database, service: TicketService, clock: Clock
) -> None:
    power = PowerService(service)
    make_ticket(service, title="One")
    assert power.count(power.parse("")) == 1
    # another process (the CLI) on the same data: its own services and change bus, so no event reaches us
    other = TicketService(db, Config(), clock=clock)
    make_ticket(other, title="Two")
    if db.is_postgres:  # instances on PostgreSQL hear each other: LISTEN/NOTIFY puts the change on the bus
        service.bus.emit(Change("created", origin="other-instance"))
    assert power.count(power.parse("")) == 2


def test_a_time_relative_count_follows_the_clock(service: TicketService, clock: Clock) -> None:
    power = PowerService(service)
    make_ticket(service, title="Due soon", due=clock() + timedelta(hours=1))
    overdue = power.parse("is:overdue")
    assert power.count(overdue) == 0
    clock.advance(hours=2)  # no write, no event: the ticket became overdue
    assert power.count(overdue) == 1
