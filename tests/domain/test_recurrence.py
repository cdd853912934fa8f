"""Recurrence rules: presets, custom RFC 5545 rules, DST-correct dates, words, refusals (table-driven)."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from tickettracker.domain import recurrence as rec
from tickettracker.domain.recurrence import RuleError, Series, TooMany

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("preset", "anchor", "rule", "words"),
    [
        ("daily", date(2027, 1, 4), "FREQ=DAILY", "Every day"),
        ("weekdays", date(2027, 1, 4), "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "Every weekday"),
        ("weekly", date(2027, 1, 4), "FREQ=WEEKLY;BYDAY=MO", "Every Monday"),
        ("monthly", date(2027, 1, 1), "FREQ=MONTHLY;BYMONTHDAY=1", "Every month on the 1st"),
        (
            "monthly",
            date(2027, 1, 31),
            "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1",
            "Every month on the 31st (or the month's last day)",
        ),
        (
            "quarterly",
            date(2027, 1, 15),
            "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15",
            "Every 3 months on the 15th",
        ),
        (
            "yearly",
            date(2027, 1, 31),
            "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=31",
            "Every year on the 31st of January",
        ),
        (
            "yearly",
            date(2028, 2, 29),
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=28,29;BYSETPOS=-1",
            "Every year on the 29th (or the month's last day) of February",
        ),
    ],
)
def test_presets_and_their_words(preset: str, anchor: date, rule: str, words: str) -> None:
    assert rec.preset_rule(preset, anchor) == rule
    assert rec.describe(rule) == words


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("FREQ=WEEKLY;BYDAY=MO,WE;INTERVAL=2", "Every 2 weeks on Mondays and Wednesdays at 09:00"),
        ("RRULE:FREQ=MONTHLY;BYDAY=-1FR;COUNT=5", "Every month on the last Friday at 09:00, 5 times"),
        ("freq=monthly;byday=1mo,3mo", "Every month on the 1st Monday and the 3rd Monday at 09:00"),
        ("FREQ=DAILY;UNTIL=20270305T120000Z", "Every day at 09:00, until 5 Mar 2027"),
        ("FREQ=YEARLY;BYMONTH=3,9", "Every year in March and September at 09:00"),
    ],
)
def test_custom_rules_read_back_in_words(typed: str, words: str) -> None:
    anchor = datetime(2027, 1, 4, 9, 0)
    body = rec.normalize(typed, BERLIN, anchor)
    assert rec.describe(body, all_day=False, at=anchor.time()) == words


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Type a rule"),
        ("FREQ=FOO", "cannot be read: invalid 'FREQ': FOO"),
        ("FREQ=WEEKLY;BYDAY=XX", "invalid 'BYDAY': XX"),
        ("FREQ=MINUTELY", "at most every hour"),
        ("FREQ=SECONDLY", "at most every hour"),
        ("BYDAY=MO", "needs FREQ"),
        ("FREQ=DAILY;FREQ=WEEKLY", "FREQ is given twice"),
        ("FREQ=DAILY;FOO=1", "unknown rule part FOO"),
        ("FREQ=DAILY;COUNT=2;UNTIL=20280101", "COUNT or UNTIL"),
        ("FREQ=DAILY;COUNT=0", "COUNT must be at least 1"),
        ("FREQ=DAILY;UNTIL=20200101", "UNTIL is before the first due date"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "no date in the next ten years"),
        ("DTSTART:20270101T090000\nRRULE:FREQ=DAILY", "Only one RRULE line"),
        ("FREQ=DAILY;UNTIL=tomorrow", "cannot be read"),
        ("FREQ", "is not NAME=VALUE"),
    ],
)
def test_invalid_rules_say_why(typed: str, message: str) -> None:
    with pytest.raises(RuleError, match=message.replace("(", r"\(").replace(")", r"\)")):
        rec.normalize(typed, BERLIN, datetime(2027, 1, 4, 9, 0))


def _due(series: Series, count: int) -> list[str]:
    """The next ``count`` due moments after the anchor, as local text with the UTC offset."""
    zone = ZoneInfo(series.zone)
    out, index, wall = [], 0, series.anchor
    for _ in range(count):
        found = rec.next_date(series, index, wall)
        assert found is not None
        index, wall = index + 1, found
        out.append(rec.moment_of(series, wall).astimezone(zone).strftime("%a %d %b %H:%M %z"))
    return out


@pytest.mark.parametrize(
    ("rule", "zone", "anchor", "expected"),
    [
        (  # 9:00 stays 9:00 across the autumn change (offset +0200 → +0100)
            "FREQ=WEEKLY;BYDAY=MO",
            "Europe/Berlin",
            datetime(2026, 10, 12, 9, 0),
            ["Mon 19 Oct 09:00 +0200", "Mon 26 Oct 09:00 +0100", "Mon 02 Nov 09:00 +0100",
             "Mon 09 Nov 09:00 +0100", "Mon 16 Nov 09:00 +0100"],
        ),
        (  # 02:30 does not exist on 28 March 2027 in Berlin: that day it is 03:30
            "FREQ=DAILY",
            "Europe/Berlin",
            datetime(2027, 3, 25, 2, 30),
            ["Fri 26 Mar 02:30 +0100", "Sat 27 Mar 02:30 +0100", "Sun 28 Mar 03:30 +0200",
             "Mon 29 Mar 02:30 +0200", "Tue 30 Mar 02:30 +0200"],
        ),
        (  # 01:30 happens twice on 1 Nov 2026 in New York: the first (summer) reading
            "FREQ=DAILY",
            "America/New_York",
            datetime(2026, 10, 30, 1, 30),
            ["Sat 31 Oct 01:30 -0400", "Sun 01 Nov 01:30 -0400", "Mon 02 Nov 01:30 -0500",
             "Tue 03 Nov 01:30 -0500", "Wed 04 Nov 01:30 -0500"],
        ),
        (
            "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
            "America/New_York",
            datetime(2026, 10, 30, 17, 0),
            ["Mon 02 Nov 17:00 -0500", "Tue 03 Nov 17:00 -0500", "Wed 04 Nov 17:00 -0500",
             "Thu 05 Nov 17:00 -0500", "Fri 06 Nov 17:00 -0500"],
        ),
        (
            "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1",
            "Europe/Berlin",
            datetime(2027, 1, 31, 9, 0),
            ["Sun 28 Feb 09:00 +0100", "Wed 31 Mar 09:00 +0200", "Fri 30 Apr 09:00 +0200",
             "Mon 31 May 09:00 +0200", "Wed 30 Jun 09:00 +0200"],
        ),
        (
            "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1",
            "Europe/Berlin",
            datetime(2027, 1, 1, 9, 0),
            ["Thu 01 Apr 09:00 +0200", "Thu 01 Jul 09:00 +0200", "Fri 01 Oct 09:00 +0200",
             "Sat 01 Jan 09:00 +0100", "Sat 01 Apr 09:00 +0200"],
        ),
        (
            "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=31",
            "Europe/Berlin",
            datetime(2027, 1, 31, 9, 0),
            ["Mon 31 Jan 09:00 +0100", "Wed 31 Jan 09:00 +0100", "Thu 31 Jan 09:00 +0100",
             "Fri 31 Jan 09:00 +0100", "Sat 31 Jan 09:00 +0100"],
        ),
    ],
)  # fmt: skip
def test_next_five_dates_in_the_users_zone(
    rule: str, zone: str, anchor: datetime, expected: list[str]
) -> None:
    assert _due(Series(rule, "due", zone, anchor), 5) == expected


def test_all_day_occurrences_end_their_local_day() -> None:
    series = Series(
        "FREQ=WEEKLY;BYDAY=MO", "due", "Europe/Berlin", datetime(2026, 10, 19, 23, 59, 59), all_day=True
    )
    wall = rec.next_date(series, 0, series.anchor)
    assert wall is not None
    assert rec.moment_of(series, wall) == datetime(2026, 10, 26, 22, 59, 59, tzinfo=timezone.utc)


def test_count_includes_the_first_occurrence() -> None:
    series = Series("FREQ=DAILY;COUNT=3", "due", "UTC", datetime(2027, 1, 1, 9, 0))
    made = rec.dates_until(series, 0, series.anchor, datetime(2030, 1, 1))
    assert [i for i, _ in made] == [1, 2]


def test_more_than_a_thousand_at_once_is_refused() -> None:
    series = Series("FREQ=HOURLY", "due", "UTC", datetime(2026, 1, 1))
    with pytest.raises(TooMany, match="more than 1,000 tickets at once"):
        rec.dates_until(series, 0, series.anchor, datetime(2026, 3, 1))
    assert len(rec.dates_until(series, 0, series.anchor, datetime(2026, 2, 11, 15))) == 1000


def test_after_completion_presets_count_from_the_completion_day() -> None:
    assert rec.preset_rule("weekly", date(2027, 1, 4), "completion") == "FREQ=WEEKLY"
    monthly = Series("FREQ=MONTHLY", "completion", "UTC", datetime(2027, 1, 4, 9, 0))
    assert rec.after_completion(monthly, 0, datetime(2027, 1, 31, 15, 0)) == datetime(2027, 2, 28, 9, 0)


def test_after_completion_restarts_the_rule_on_the_completion_day() -> None:
    quarterly = Series("FREQ=MONTHLY;INTERVAL=3", "completion", "UTC", datetime(2026, 1, 10, 9, 0))
    assert rec.after_completion(quarterly, 0, datetime(2026, 2, 20, 15, 0)) == datetime(2026, 5, 20, 9, 0)
    mondays = Series("FREQ=WEEKLY;BYDAY=MO", "completion", "UTC", datetime(2026, 1, 5, 9, 0))
    assert rec.after_completion(mondays, 0, datetime(2026, 1, 14, 8, 0)) == datetime(2026, 1, 19, 9, 0)
    assert rec.after_completion(mondays, 0, datetime(2026, 1, 19, 8, 0)) == datetime(2026, 1, 26, 9, 0)


@settings(max_examples=60, deadline=None)
@given(
    freq=st.sampled_from(["DAILY", "WEEKLY;BYDAY=MO,FR", "MONTHLY;BYMONTHDAY=15", "WEEKLY;INTERVAL=2"]),
    zone=st.sampled_from(["Europe/Berlin", "America/New_York", "Australia/Sydney", "UTC"]),
    start=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2028, 1, 1)),
)
def test_dates_match_dateutil_with_an_aware_start(freq: str, zone: str, start: datetime) -> None:
    """Independent oracle: dateutil iterating over an aware start gives the same wall times."""
    anchor = start.replace(second=0, microsecond=0)
    end = anchor + timedelta(days=120)
    series = Series(f"FREQ={freq}", "due", zone, anchor)
    ours = [w for _, w in rec.dates_until(series, 0, anchor, end)]
    theirs = iter(rrulestr(f"FREQ={freq}", dtstart=anchor.replace(tzinfo=ZoneInfo(zone))))
    expected = [t.replace(tzinfo=None) for t in itertools.islice(theirs, 400)]
    expected = [t for t in expected if t > anchor][: len(ours)]
    assert ours == expected
    assert ours[-1] > end >= ours[-2]  # every date up to `end`, plus the one that follows it
    for wall in ours:  # every stored moment reads back as that wall time, or the end of a DST gap
        local = rec.moment_of(series, wall).astimezone(ZoneInfo(zone)).replace(tzinfo=None)
        assert local == wall or (local - wall) in (timedelta(minutes=30), timedelta(hours=1))
