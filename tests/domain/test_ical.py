"""The calendar feed as bytes, checked with icalendar and an independent parser (vobject)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import vobject
from icalendar import Calendar

from tickettracker.domain.ical import FeedEntry, build, priority_level

UTC = timezone.utc
NOW = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)


def _entry(**kw: object) -> FeedEntry:
    base: dict[str, object] = dict(
        id=12, title="Printer on fire; again, really\\", status="Open", priority="High", priority_level=3,
        due=datetime(2026, 12, 5, 22, 59, 59, tzinfo=UTC), due_has_time=False,
        updated=datetime(2026, 12, 1, 10, 0, tzinfo=UTC), version=4, tags=("office", "printer"),
        sla_text="Due in 3 days — stage 3 of 4", url="http://127.0.0.1:8765/tickets/12",
    )  # fmt: skip
    base.update(kw)
    return FeedEntry(**base)  # type: ignore[arg-type]


def test_all_day_and_timed_entries_read_back_with_both_parsers() -> None:
    feed = build(
        [_entry(), _entry(id=13, title="Call Bo", due=datetime(2026, 12, 4, 16, 0, tzinfo=UTC), due_has_time=True,
                          status="Cancelled", cancelled=True, tags=())],
        name="TicketTracker", now=NOW, zone=ZoneInfo("Europe/Berlin"),
    )  # fmt: skip
    assert feed.startswith(b"BEGIN:VCALENDAR\r\n") and feed.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in feed.split(b"\r\n"))  # folded (octets)

    events = {str(e["uid"]): e for e in Calendar.from_ical(feed).walk("VEVENT")}
    first, second = events["ticket-12@tickettracker"], events["ticket-13@tickettracker"]
    assert str(first["summary"]) == "#12 Printer on fire; again, really\\"
    assert first.decoded("dtstart") == date(2026, 12, 5) and first.decoded("dtend") == date(2026, 12, 6)
    assert "SLA: Due in 3 days — stage 3 of 4" in str(first["description"])
    assert str(first["url"]) == "http://127.0.0.1:8765/tickets/12"
    assert second.decoded("dtstart") == datetime(2026, 12, 4, 16, 0, tzinfo=UTC)
    assert str(second["status"]) == "CANCELLED"

    other = {e.uid.value: e for e in vobject.readOne(feed.decode()).vevent_list}
    assert other["ticket-12@tickettracker"].summary.value == "#12 Printer on fire; again, really\\"
    assert other["ticket-12@tickettracker"].dtstart.value == date(2026, 12, 5)
    assert other["ticket-12@tickettracker"].categories.value == ["office", "printer"]
    assert other["ticket-13@tickettracker"].dtstart.value == datetime(2026, 12, 4, 16, 0, tzinfo=UTC)
    assert other["ticket-13@tickettracker"].sequence.value == "4"


def test_priority_levels_span_one_to_nine() -> None:
    assert [priority_level(i, 4) for i in range(4)] == [9, 6, 4, 1]
    assert priority_level(0, 1) == 5
