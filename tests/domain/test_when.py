"""Due dates typed in words: what is read, what is refused, and the text kept (table-driven)."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from tickettracker.domain.when import WhenError, parse

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 12, 2, 9, 30, tzinfo=timezone.utc)  # Wednesday 2 Dec 2026, 10:30 in Berlin


@pytest.mark.parametrize(
    ("text", "order", "preview"),
    [
        ("tomorrow 5pm", "DMY", "Thu 3 Dec 2026, 17:00"),
        ("Tomorrow 9:00", "DMY", "Thu 3 Dec 2026, 09:00"),
        ("next friday", "DMY", "Fri 4 Dec 2026"),
        ("monday 9am", "DMY", "Mon 7 Dec 2026, 09:00"),
        ("in 3 days", "DMY", "Sat 5 Dec 2026"),
        ("in 2 hours", "DMY", "Wed 2 Dec 2026, 12:30"),
        ("end of month", "DMY", "Thu 31 Dec 2026"),
        ("end of next month", "DMY", "Sun 31 Jan 2027"),
        ("end of the week", "DMY", "Sun 6 Dec 2026"),
        ("end of year", "DMY", "Thu 31 Dec 2026"),
        ("31/12", "DMY", "Thu 31 Dec 2026"),
        ("12/31", "MDY", "Thu 31 Dec 2026"),
        ("1/2", "DMY", "Mon 1 Feb 2027"),
        ("1/2", "MDY", "Sat 2 Jan 2027"),
        ("24 Dec", "MDY", "Thu 24 Dec 2026"),
        ("2026-12-24", "MDY", "Thu 24 Dec 2026"),
        ("today", "DMY", "Wed 2 Dec 2026"),
        ("28/03/2027 02:30", "DMY", "Sun 28 Mar 2027, 03:30"),  # 02:30 is skipped by the spring change
    ],
)
def test_words_read_as_dates(text: str, order: str, preview: str) -> None:
    assert parse(text, NOW, BERLIN, order).preview() == preview  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "order", "message"),
    [
        ("", "DMY", "Type a date"),
        ("blah", "DMY", "Cannot read “blah” as a date"),
        ("30 February", "DMY", "February has no day 30"),
        ("Feb 30", "MDY", "February has no day 30"),
        ("31/2", "DMY", "February has no day 31"),
        ("12/31", "DMY", "there is no month 31 (dates are read day/month)"),
        ("31/12", "MDY", "there is no month 31 (dates are read month/day)"),
        ("5", "DMY", "alone is ambiguous"),
        ("2027", "DMY", "alone is ambiguous: add a day and month, e.g. 31/12/2027"),
    ],
)
def test_what_is_not_a_date_says_why_and_keeps_the_text(text: str, order: str, message: str) -> None:
    with pytest.raises(WhenError) as caught:
        parse(text, NOW, BERLIN, order)  # type: ignore[arg-type]
    assert message in caught.value.message
    assert caught.value.text == text


def test_a_date_without_time_starts_its_local_day_and_a_time_is_exact() -> None:
    day = parse("next friday", NOW, BERLIN)
    assert (day.has_time, day.moment) == (False, datetime(2026, 12, 3, 23, 0, tzinfo=timezone.utc))
    timed = parse("tomorrow 5pm", NOW, BERLIN)
    assert (timed.has_time, timed.moment) == (True, datetime(2026, 12, 3, 16, 0, tzinfo=timezone.utc))


def test_works_without_network() -> None:
    """dateparser reads its language data from the package; nothing is downloaded (checked under `unshare -n` too)."""
    import socket

    real = socket.socket

    def refuse(*_a: object, **_k: object) -> socket.socket:
        raise AssertionError("network used")

    socket.socket = refuse  # type: ignore[assignment,misc]
    try:
        assert parse("in 3 days", NOW, BERLIN).preview() == "Sat 5 Dec 2026"
    finally:
        socket.socket = real  # type: ignore[misc]


@pytest.mark.parametrize("text", ["the 30th of February", "30th of Feb", "February the 30th", "feb 30, 2027"])
def test_impossible_dates_in_longer_words(text: str) -> None:
    with pytest.raises(WhenError, match="February has no day 30"):
        parse(text, NOW, BERLIN)
