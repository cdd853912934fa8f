"""Dates typed in words (SPEC §18): "tomorrow 5pm", "next friday", "in 3 days", "end of month", "31/12".

A thin wrapper over ``dateparser`` (offline, English) that adds what it lacks ("end of month/week/year"), refuses what
is ambiguous (a bare number, "2027" alone) and checks numeric dates against the user's date order, so "12/31" in
day-first order is an error instead of a surprise. ``now`` and the zone are passed in; nothing reads the clock.
A result without a time of day is a date (an all-day due date); the caller decides what moment that means.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Literal

from dateparser.date import DateDataParser

from tickettracker.domain.recurrence import localize

DateOrder = Literal["DMY", "MDY", "YMD"]
_END_OF = re.compile(r"^(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(next\s+)?(week|month|year)$")
_NUMERIC = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})(?:[/.\-](\d{1,4}))?(?:\s+.*)?$")
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m} | {
    m.lower(): i for i, m in enumerate(calendar.month_abbr) if m
}
_DAY_MONTH = re.compile(
    r"^(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+)\.?(?:\s+(\d{4}))?$"
    r"|^([a-z]+)\.?\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$"
)


class WhenError(ValueError):
    """Text that is not a date; ``text`` is what was typed (kept for the field)."""

    def __init__(self, message: str, text: str) -> None:
        super().__init__(message)
        self.message = message
        self.text = text


@dataclass(frozen=True)
class When:
    """A parsed date: ``day`` always; ``at`` when a time of day was given; ``moment`` is its UTC instant."""

    day: date
    at: time | None
    moment: datetime  # aware UTC; for a date without time: the start of that local day

    @property
    def has_time(self) -> bool:
        return self.at is not None

    def preview(self) -> str:
        """How the form shows it beside the field: "Fri 4 Dec 2026" or "Thu 3 Dec 2026, 17:00"."""
        text = f"{self.day.strftime('%a')} {self.day.day} {self.day.strftime('%b %Y')}"
        return f"{text}, {self.at.strftime('%H:%M')}" if self.at else text


def _parser(order: DateOrder, base: datetime) -> DateDataParser:
    # A parser per call: the relative base is a setting (1.5 ms; the language data is loaded once per process).
    return DateDataParser(
        languages=["en"],
        settings={
            "DATE_ORDER": order,
            "PREFER_DATES_FROM": "future",
            "RETURN_TIME_AS_PERIOD": True,
            "RETURN_AS_TIMEZONE_AWARE": False,
            "PREFER_DAY_OF_MONTH": "first",
            "RELATIVE_BASE": base,
        },
    )


def parse(text: str, now: datetime, zone: tzinfo, order: DateOrder = "DMY") -> When:
    """Read ``text`` relative to ``now`` (aware) in ``zone``; :class:`WhenError` says why it cannot."""
    typed = text
    clean = " ".join(text.strip().lower().split())
    if not clean:
        raise WhenError("Type a date, e.g. tomorrow 5pm, next friday, in 3 days, 31/12", typed)
    local_now = now.astimezone(zone).replace(tzinfo=None)
    end = _END_OF.match(clean)
    if end:
        return _made(_end_of(end.group(2), bool(end.group(1)), local_now.date()), None, zone)
    if clean.isdigit():
        example = f"31/12/{clean}" if len(clean) == 4 else f"{clean} Dec"
        raise WhenError(f"“{typed.strip()}” alone is ambiguous: add a day and month, e.g. {example}", typed)
    _check_real_date(clean, order, typed)
    data = _parser(order, local_now).get_date_data(clean)
    found, period = data.date_obj, data.period
    if found is None:
        raise WhenError(
            f"Cannot read “{typed.strip()}” as a date: try tomorrow 5pm, next friday, 31/12", typed
        )
    if period == "year":
        raise WhenError(f"“{typed.strip()}” is a whole year: add a day, e.g. 31/12/{found.year}", typed)
    found = found.replace(tzinfo=None)
    if period == "time":
        return _made(found.date(), found.time().replace(microsecond=0), zone)
    return _made(found.date(), None, zone)


def _made(day: date, at: time | None, zone: tzinfo) -> When:
    moment = localize(datetime.combine(day, at or time()), zone)
    if (
        at is not None
    ):  # a wall time skipped by a DST change reads as the real time it becomes (02:30 → 03:30)
        at = moment.astimezone(zone).time()
    return When(day, at, moment)


def _end_of(unit: str, following: bool, today: date) -> date:
    if unit == "week":  # the week ends on Sunday
        day = today + timedelta(days=6 - today.weekday())
        return day + timedelta(days=7) if following else day
    if unit == "year":
        return date(today.year + (1 if following else 0), 12, 31)
    year, month = (today.year, today.month + 1) if following else (today.year, today.month)
    if month == 13:
        year, month = year + 1, 1
    return date(year, month, calendar.monthrange(year, month)[1])


def _check_real_date(clean: str, order: DateOrder, typed: str) -> None:
    """Name the problem in "31/2", "12/31" (day first) or "30 February" instead of guessing another date."""
    numeric = _NUMERIC.match(clean)
    if numeric:
        a, b, c = numeric.group(1), numeric.group(2), numeric.group(3)
        if len(a) == 4:
            year, month, day = int(a), int(b), int(c or 0) or 1
        elif order == "MDY":
            month, day, year = int(a), int(b), int(c) if c else 2000
        else:
            day, month, year = int(a), int(b), int(c) if c else 2000
        _real(day, month, year if year >= 100 else 2000 + year, typed, order)
        return
    named = _DAY_MONTH.match(clean)
    if named:
        day_s, month_s, year_s = (
            named.group(1, 2, 3) if named.group(1) else (named.group(5), named.group(4), named.group(6))
        )
        named_month = _MONTHS.get(month_s)
        if named_month is not None:
            _real(int(day_s), named_month, int(year_s) if year_s else 2000, typed, order)


def _real(day: int, month: int, year: int, typed: str, order: DateOrder) -> None:
    written = {"DMY": "day/month", "MDY": "month/day", "YMD": "year-month-day"}[order]
    if not 1 <= month <= 12:
        raise WhenError(f"“{typed.strip()}”: there is no month {month} (dates are read {written})", typed)
    last = calendar.monthrange(year, month)[1]  # 2000 is a leap year: 29 February without a year is fine
    if not 1 <= day <= last:
        name = calendar.month_name[month]
        raise WhenError(f"“{typed.strip()}”: {name} has no day {day}", typed)
