"""When reminders fire, and quiet hours (table-driven)."""

from __future__ import annotations

from datetime import datetime, time, timezone
from zoneinfo import ZoneInfo

import pytest

from tickettracker.config import Config
from tickettracker.domain import reminders

BERLIN = ZoneInfo("Europe/Berlin")
UTC = timezone.utc


def test_a_timed_due_date_reminds_seven_days_ahead_and_when_due() -> None:
    due = datetime(2026, 12, 10, 16, 0, tzinfo=UTC)
    planned = reminders.plan(
        priority="High", due=due, due_has_time=True, deadline=due, cfg=Config(), zone=BERLIN
    )
    assert [(p.kind, p.fire_at) for p in planned] == [
        (
            "warning",
            datetime(2026, 12, 3, 16, 0, tzinfo=UTC),
        ),  # default thresholds: the last stage is ≤ 7 days
        ("due", due),
    ]


def test_a_date_only_due_date_reminds_in_the_morning_and_when_the_day_is_over() -> None:
    due = datetime(2026, 12, 10, 22, 59, 59, tzinfo=UTC)  # 23:59:59 in Berlin
    planned = reminders.plan(
        priority="Low", due=due, due_has_time=False, deadline=due, cfg=Config(), zone=BERLIN
    )
    assert [(p.kind, p.fire_at) for p in planned][1:] == [
        ("due", datetime(2026, 12, 10, 8, 0, tzinfo=UTC)),  # 09:00 local
        ("overdue", due),
    ]


def test_a_backlog_ticket_warns_when_it_enters_its_last_stage() -> None:
    deadline = datetime(2026, 12, 20, 9, 0, tzinfo=UTC)  # High: limits 3, 7, 10, 15 → last stage lasts 5 days
    planned = reminders.plan(
        priority="High", due=None, due_has_time=False, deadline=deadline, cfg=Config(), zone=BERLIN
    )
    assert [(p.kind, p.fire_at) for p in planned] == [
        ("warning", datetime(2026, 12, 15, 9, 0, tzinfo=UTC)),
        ("overdue", deadline),
    ]


def test_paused_or_finished_tickets_get_no_automatic_reminder() -> None:
    assert (
        reminders.plan(priority="Low", due=None, due_has_time=False, deadline=None, cfg=Config(), zone=BERLIN)
        == []
    )


def test_a_new_due_date_is_a_new_key() -> None:
    a = reminders.plan(priority="Low", due=datetime(2026, 12, 1, tzinfo=UTC), due_has_time=True,
                       deadline=datetime(2026, 12, 1, tzinfo=UTC), cfg=Config(), zone=BERLIN)  # fmt: skip
    b = reminders.plan(priority="Low", due=datetime(2026, 12, 2, tzinfo=UTC), due_has_time=True,
                       deadline=datetime(2026, 12, 2, tzinfo=UTC), cfg=Config(), zone=BERLIN)  # fmt: skip
    assert {p.key for p in a}.isdisjoint({p.key for p in b})


@pytest.mark.parametrize(
    ("local", "start", "end", "quiet", "shows"),
    [
        ("23:30", "22:00", "07:00", True, "2026-12-03 07:00"),
        ("06:59", "22:00", "07:00", True, "2026-12-02 07:00"),
        ("07:00", "22:00", "07:00", False, "2026-12-02 07:00"),
        ("21:59", "22:00", "07:00", False, "2026-12-02 21:59"),
        ("13:00", "12:00", "14:00", True, "2026-12-02 14:00"),
        ("13:00", "", "", False, "2026-12-02 13:00"),
        ("13:00", "09:00", "09:00", False, "2026-12-02 13:00"),
    ],
)
def test_quiet_hours_hold_pop_ups_until_they_end(
    local: str, start: str, end: str, quiet: bool, shows: str
) -> None:
    hh, mm = map(int, local.split(":"))
    moment = datetime(2026, 12, 2, hh, mm, tzinfo=BERLIN)
    a, b = reminders.parse_clock(start), reminders.parse_clock(end)
    assert reminders.in_quiet_hours(moment, a, b, BERLIN) is quiet
    assert reminders.quiet_ends(moment, a, b, BERLIN).astimezone(BERLIN).strftime("%Y-%m-%d %H:%M") == shows


@pytest.mark.parametrize("text", ["7", "25:00", "7:5", "noon", "07:60"])
def test_quiet_hours_must_be_clock_times(text: str) -> None:
    with pytest.raises(ValueError):
        reminders.parse_clock(text)


def test_parse_clock_reads_hours_and_minutes() -> None:
    assert reminders.parse_clock(" 07:30 ") == time(7, 30)
