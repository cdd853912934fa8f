"""Due dates are typed and shown in the user's local time zone and stored in UTC (SPEC §4)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timezone

import pytest

from tickettracker.ui.components.ticket_form import parse_due, split_due


@pytest.fixture
def local_zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


UTC = timezone.utc


@pytest.mark.parametrize(
    ("local_zone", "day", "clock", "stored"),
    [
        ("America/New_York", "2026-12-01", "17:00", datetime(2026, 12, 1, 22, 0, tzinfo=UTC)),  # EST, UTC-5
        ("America/New_York", "2026-07-01", "17:00", datetime(2026, 7, 1, 21, 0, tzinfo=UTC)),  # EDT, UTC-4
        ("Europe/Berlin", "2026-12-01", "09:30", datetime(2026, 12, 1, 8, 30, tzinfo=UTC)),
        (
            "Asia/Kolkata",
            "2026-12-01",
            "00:15",
            datetime(2026, 11, 30, 18, 45, tzinfo=UTC),
        ),  # day before in UTC
        ("UTC", "2026-12-01", "17:00", datetime(2026, 12, 1, 17, 0, tzinfo=UTC)),
    ],
    indirect=["local_zone"],
)
def test_a_time_round_trips_through_utc(local_zone: str, day: str, clock: str, stored: datetime) -> None:
    due, has_time = parse_due(day, clock)
    assert (due, has_time) == (stored, True)
    assert split_due(due, has_time) == (day, clock)


@pytest.mark.parametrize("local_zone", ["America/New_York", "Pacific/Auckland"], indirect=True)
def test_a_date_alone_is_due_at_the_end_of_that_local_day(local_zone: str) -> None:
    due, has_time = parse_due("2026-12-01", "")
    assert due is not None and not has_time
    assert due.astimezone().strftime("%Y-%m-%d %H:%M:%S") == "2026-12-01 23:59:59"
    assert split_due(due, has_time) == ("2026-12-01", "")


@pytest.mark.parametrize(
    ("day", "clock", "problem"),
    [
        ("", "17:00", "Pick a date for this time"),
        ("12/01/2026", "", "Use the form YYYY-MM-DD, e.g. 2026-12-01"),
        ("2026-02-30", "", "Use the form YYYY-MM-DD, e.g. 2026-12-01"),
        ("2026-12-01", "5pm", "Use the form HH:MM, e.g. 17:00"),
        ("2026-12-01", "24:00", "Use the form HH:MM, e.g. 17:00"),
    ],
)
def test_bad_input_is_explained(day: str, clock: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_due(day, clock)


def test_no_date_means_no_due() -> None:
    assert parse_due("  ", "") == (None, False)
    assert split_due(None, False) == ("", "")
