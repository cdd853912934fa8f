"""Reminders through the service on real SQLite files: they fire once, survive restarts, respect quiet hours."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import Clock
from tickettracker.config import Config
from tickettracker.domain.validation import TicketInput
from tickettracker.errors import ValidationFailed
from tickettracker.services.reminders import ReminderService
from tickettracker.services.tickets import TicketService
from tickettracker.store import open_database

BERLIN = ZoneInfo("Europe/Berlin")
UTC = timezone.utc


def _app(path: Path, clock: Clock, cfg: Config | None = None) -> tuple[TicketService, ReminderService]:
    tickets = TicketService(open_database(path), cfg or Config(), clock=clock)
    return tickets, ReminderService(tickets, zone=lambda: BERLIN)


def test_due_ticket_reminds_at_its_last_stage_and_when_due_once_each(tmp_path: Path, clock: Clock) -> None:
    tickets, rem = _app(tmp_path / "r.db", clock)
    assert rem.sweep() == 0  # the first sweep only starts the clock
    due = datetime(2026, 12, 10, 16, 0, tzinfo=UTC)
    tid = tickets.create(TicketInput(title="Renew certificate", due=due, due_has_time=True))
    clock.now = datetime(2026, 12, 3, 16, 30, tzinfo=UTC)  # 7 days before: the last (red) stage begins
    assert rem.sweep() == 1
    assert [(r.title, r.text) for r in rem.inbox()] == [("Renew certificate", "Entered its last SLA stage")]
    assert rem.sweep() == 0
    clock.now = datetime(2026, 12, 10, 16, 1, tzinfo=UTC)
    assert rem.sweep() == 1
    assert [r.text for r in rem.inbox()] == ["Due now", "Entered its last SLA stage"]
    assert rem.unread_count() == 2 and {r.ticket_id for r in rem.inbox()} == {tid}


def test_reminders_that_fell_due_while_closed_appear_once_after_a_restart(
    tmp_path: Path, clock: Clock
) -> None:
    path = tmp_path / "r.db"
    tickets, rem = _app(path, clock)
    rem.sweep()
    tickets.create(TicketInput(title="Backlog item", priority="Urgent"))  # Urgent: 1, 2, 3, 5 active days
    tickets.db.dispose()
    clock.advance(
        days=6
    )  # the app was closed: the ticket entered its last stage and became overdue meanwhile
    tickets, rem = _app(path, clock)
    assert rem.sweep() == 2
    assert sorted(r.text for r in rem.inbox()) == ["Entered its last SLA stage", "Now overdue"]
    tickets.db.dispose()
    tickets, rem = _app(path, clock)  # and again: nothing new
    assert rem.sweep() == 0 and rem.unread_count() == 2
    tickets.db.dispose()


def test_a_pop_up_is_claimed_by_one_tab_only_and_mark_read_empties_the_list(
    tmp_path: Path, clock: Clock
) -> None:
    path = tmp_path / "r.db"
    tickets, tab_a = _app(path, clock)
    other, tab_b = _app(path, clock)  # another instance (own connection)
    tid = tickets.create(TicketInput(title="Call Bo"))
    tab_a.remind_me(tid, "in 2 hours")
    assert tab_a.claim_popups() == [] and tab_a.unread_count() == 0  # not yet
    clock.advance(hours=2)
    first, second = tab_a.claim_popups(), tab_b.claim_popups()
    assert [r.title for r in first] == ["Call Bo"] and second == []
    assert tab_b.unread_count() == 1
    tab_b.mark_read()
    assert tab_a.unread_count() == 0 and tab_a.inbox() == []
    tickets.db.dispose()
    other.db.dispose()


def test_quiet_hours_hold_the_pop_up_but_not_the_list(tmp_path: Path, clock: Clock) -> None:
    cfg = Config.model_validate({"time": {"quiet_hours": {"start": "22:00", "end": "07:00"}}})
    tickets, rem = _app(tmp_path / "r.db", clock, cfg)
    clock.now = datetime(2026, 12, 2, 20, 0, tzinfo=UTC)  # 21:00 Berlin
    tid = tickets.create(TicketInput(title="Night reminder"))
    rem.remind_me(tid, "in 2 hours")  # 23:00 Berlin: inside quiet hours
    clock.advance(hours=3)
    assert rem.unread_count() == 1 and rem.claim_popups() == []
    clock.now = datetime(2026, 12, 3, 6, 0, tzinfo=UTC)  # 07:00 Berlin: quiet hours are over
    assert [r.title for r in rem.claim_popups()] == ["Night reminder"]
    assert rem.claim_popups() == []
    tickets.db.dispose()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("yesterday 9:00", "has passed"),
        ("in 0 minutes", "has passed"),
        ("blah", "Cannot read “blah”"),
        ("", "Type a date"),
    ],
)
def test_a_reminder_time_in_the_past_or_unreadable_is_refused(
    tmp_path: Path, clock: Clock, text: str, message: str
) -> None:
    tickets, rem = _app(tmp_path / "r.db", clock)
    tid = tickets.create(TicketInput(title="x"))
    with pytest.raises(ValidationFailed) as caught:
        rem.remind_me(tid, text)
    assert message in caught.value.problems["remind"]
    assert rem.upcoming(tid) == []
    tickets.db.dispose()


def test_snooze_shows_it_again_later_and_once(tmp_path: Path, clock: Clock) -> None:
    tickets, rem = _app(tmp_path / "r.db", clock)
    tid = tickets.create(TicketInput(title="Snoozed"))
    rem.remind_me(tid, "in 1 hour")
    clock.advance(hours=1)
    (shown,) = rem.claim_popups()
    rem.snooze(shown.id, "10 minutes")
    assert rem.unread_count() == 0 and rem.claim_popups() == []
    clock.advance(minutes=10)
    assert [r.id for r in rem.claim_popups()] == [shown.id]
    assert rem.claim_popups() == []
    rem.snooze(shown.id, "tomorrow")
    assert [r.fire_at for r in rem.upcoming(tid)] == [
        datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
    ]  # 09:00 Berlin
    tickets.db.dispose()
