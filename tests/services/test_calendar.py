"""The calendar feed and `export --format ics`: valid for two independent parsers, token-guarded, view-scoped."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest
import vobject
from icalendar import Calendar

from tests.conftest import Clock
from tickettracker.domain.validation import TicketInput
from tickettracker.services.calendar import CalendarService, feed_url
from tickettracker.services.power import PowerService
from tickettracker.services.recurrence import RecurrenceService
from tickettracker.services.tickets import TicketService

BERLIN = ZoneInfo("Europe/Berlin")
UTC = timezone.utc
BASE = "http://localhost:8765/"


@pytest.fixture
def cal(service: TicketService) -> CalendarService:
    power = PowerService(service)
    return CalendarService(power, RecurrenceService(service, zone=lambda: BERLIN), zone=lambda: BERLIN)


def _fill(service: TicketService) -> dict[str, int]:
    return {
        "timed": service.create(TicketInput(title="Call the vendor", priority="Urgent", tags=["vendor"],
                                            due=datetime(2026, 12, 1, 14, 0, tzinfo=UTC), due_has_time=True)),
        "day": service.create(TicketInput(title="Renew domain", due=datetime(2026, 12, 4, 22, 59, 59, tzinfo=UTC))),
        "none": service.create(TicketInput(title="No due date")),
        "old": service.create(TicketInput(title="Long ago", due=datetime(2026, 1, 1, tzinfo=UTC), due_has_time=True)),
    }  # fmt: skip


def test_feed_lists_due_tickets_valid_for_two_parsers(service: TicketService, cal: CalendarService) -> None:
    ids = _fill(service)
    body = cal.feed(cal.token(), base_url=BASE)
    assert body is not None
    parsed = {str(e["summary"]): e for e in Calendar.from_ical(body).walk("VEVENT")}
    assert sorted(parsed) == [f"#{ids['timed']} Call the vendor", f"#{ids['day']} Renew domain"]
    timed = parsed[f"#{ids['timed']} Call the vendor"]
    assert timed.decoded("dtstart") == datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
    assert str(timed["url"]) == f"http://localhost:8765/tickets/{ids['timed']}"
    assert "Status: Open\nPriority: Urgent\nSLA: Due in 4 days — stage 3 of 4" in str(timed["description"])
    assert int(timed["priority"]) == 1
    other = {e.summary.value: e for e in vobject.readOne(body.decode()).vevent_list}
    assert other[f"#{ids['day']} Renew domain"].dtstart.value == date(2026, 12, 4)  # all day, local date
    assert other[f"#{ids['timed']} Call the vendor"].categories.value == ["vendor"]


@pytest.mark.parametrize("given", ["", "wrong", "x" * 32])
def test_a_wrong_or_missing_token_gets_nothing(cal: CalendarService, given: str) -> None:
    cal.token()
    assert cal.feed(given, base_url=BASE) is None


def test_regenerating_revokes_the_old_token(cal: CalendarService) -> None:
    old = cal.token()
    new = cal.regenerate()
    assert new != old and cal.token() == new
    assert cal.feed(old, base_url=BASE) is None and cal.feed(new, base_url=BASE) is not None
    cal.revoke()
    assert cal.feed(new, base_url=BASE) is None


def test_one_saved_view_and_repeating_tickets(
    service: TicketService, cal: CalendarService, clock: Clock
) -> None:
    ids = _fill(service)
    cal.power.save_view("Vendors", "tag:vendor")
    RecurrenceService(service, zone=lambda: BERLIN).repeat(ids["day"], preset="weekly")
    body = cal.feed(cal.token(), base_url=BASE, view="Vendors")
    assert body is not None and b"X-WR-CALNAME:TicketTracker \xe2\x80\x94 Vendors" in body
    assert [str(e["summary"]) for e in Calendar.from_ical(body).walk("VEVENT")] == [
        f"#{ids['timed']} Call the vendor"
    ]
    assert cal.feed(cal.token(), base_url=BASE, view="Nope") is None
    whole = Calendar.from_ical(cal.build(base_url=BASE) or b"")
    day = next(e for e in whole.walk("VEVENT") if str(e["summary"]).endswith("Renew domain"))
    assert "Repeats: Every Friday, from the due date" in str(day["description"])


def test_feed_url_is_what_a_calendar_app_subscribes_to() -> None:
    assert (
        feed_url("http://127.0.0.1:8765", "abc", "My view")
        == "http://127.0.0.1:8765/calendar.ics?token=abc&view=My+view"
    )


def test_a_built_feed_is_reused_until_the_data_changes(service: TicketService, cal: CalendarService) -> None:
    _fill(service)
    token = cal.token()
    first = cal.feed(token, base_url=BASE)
    assert cal.feed(token, base_url=BASE) is first  # the same bytes object: not built again
    service.create(
        TicketInput(title="New and due", due=datetime(2026, 12, 9, 9, 0, tzinfo=UTC), due_has_time=True)
    )
    again = cal.feed(token, base_url=BASE)
    assert again is not first and again is not None and b"New and due" in again
