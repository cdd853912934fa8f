"""Recurring tickets (SPEC §18): rule presets and custom RFC 5545 rules, evaluated by python-dateutil.

A series repeats one ticket. It has a rule (an RRULE body such as ``FREQ=WEEKLY;BYDAY=MO``), a mode, a time zone and
an anchor (the first occurrence's due date as a wall time in that zone). All rule arithmetic runs on naive wall times,
so "every Monday 9:00" stays 9:00 across a DST change; :func:`localize` then gives the real moment:

- a wall time that does not exist (02:30 on the spring change) moves forward by the gap (03:30);
- an ambiguous one (02:30 on the autumn change) is the first of the two (still summer time).

Modes (how occurrence ``i + 1`` is dated and when it is created):

- ``due`` ("from the due date"): dates are fixed by the rule: the anchor, then each rule date after it.
  Occurrence ``i + 1`` is created when occurrence ``i`` is finished or when its due date arrives, whichever is first.
- ``completion`` ("after completion"): occurrence ``i + 1`` is created when occurrence ``i`` is resolved or closed;
  its due date is the first rule date after the completion day, the rule restarted on that day ("every 3 months"
  → three months after completion), at the anchor's time of day.

``COUNT`` counts occurrences including the first (as RFC 5545 counts DTSTART); ``UNTIL`` is a wall time in the zone
(a UTC ``...Z`` value is converted). Rules repeating more often than hourly are refused, as is a rule that gives no
date within ten years ("30 February").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrule, rrulestr

# The rule in words lives in recurrence_words; re-exported so callers need one module.
from tickettracker.domain.recurrence_words import MODES as MODES
from tickettracker.domain.recurrence_words import Mode as Mode
from tickettracker.domain.recurrence_words import describe as describe

MAX_AT_ONCE = 1000
HORIZON = timedelta(days=3660)
# An all-day due date is stored as the end of that local day (as the ticket form does).
ALL_DAY_TIME = time(23, 59, 59)

PRESETS: dict[str, str] = {
    "daily": "Every day",
    "weekdays": "Every weekday",
    "weekly": "Every week",
    "monthly": "Every month",
    "quarterly": "Every 3 months",
    "yearly": "Every year",
    "custom": "Custom rule (RFC 5545)",
}
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_KEY = re.compile(r"^[A-Z]+$")
_KNOWN_KEYS = {
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "BYDAY",
    "BYMONTHDAY",
    "BYMONTH",
    "BYSETPOS",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYHOUR",
    "BYMINUTE",
    "WKST",
}


class RuleError(ValueError):
    """A rule that cannot be used, with a message for the person who typed it."""


class TooMany(RuleError):
    """More than :data:`MAX_AT_ONCE` occurrences would be created at once."""


@dataclass(frozen=True)
class Series:
    """What the domain needs to know about a series."""

    rule: str  # normalised RRULE body
    mode: Mode
    zone: str  # IANA name
    anchor: datetime  # naive wall time of occurrence 0
    all_day: bool = False


def localize(wall: datetime, zone: tzinfo) -> datetime:
    """The aware UTC moment of a naive wall time in ``zone`` (gaps move forward, ambiguous → first reading)."""
    first = wall.replace(tzinfo=zone, fold=0)
    back = first.astimezone(timezone.utc).astimezone(zone)
    if back.replace(tzinfo=None) != wall:  # in a gap: fold=0 reads it with the offset before the change
        gap = first.replace(fold=1).utcoffset() or timedelta(0)
        early = first.utcoffset() or timedelta(0)
        return (wall.replace(tzinfo=timezone.utc) - min(gap, early)).astimezone(timezone.utc)
    return first.astimezone(timezone.utc)


def wall_time(moment: datetime, zone: tzinfo) -> datetime:
    """The naive wall time of an aware moment in ``zone``."""
    return moment.astimezone(zone).replace(tzinfo=None)


_AFTER_COMPLETION = {
    "daily": "FREQ=DAILY",
    "weekdays": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
    "weekly": "FREQ=WEEKLY",
    "monthly": "FREQ=MONTHLY",
    "quarterly": "FREQ=MONTHLY;INTERVAL=3",
    "yearly": "FREQ=YEARLY",
}


def preset_rule(key: str, anchor: date, mode: Mode = "due") -> str:
    """The RRULE body of a preset: on the anchor's weekday / day of month / date, or (after completion) an interval."""
    if mode == "completion" and key in _AFTER_COMPLETION:
        return _AFTER_COMPLETION[key]
    day = anchor.day
    # Day 29-31: BYSETPOS=-1 over 28..day gives the month's last day in shorter months instead of skipping them.
    by_day = str(day) if day <= 28 else ",".join(str(d) for d in range(28, day + 1)) + ";BYSETPOS=-1"
    if key == "daily":
        return "FREQ=DAILY"
    if key == "weekdays":
        return "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
    if key == "weekly":
        return f"FREQ=WEEKLY;BYDAY={_DAYS[anchor.weekday()]}"
    if key == "monthly":
        return f"FREQ=MONTHLY;BYMONTHDAY={by_day}"
    if key == "quarterly":
        return f"FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY={by_day}"
    if key == "yearly":
        if anchor.month == 2 and day == 29:
            return "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=28,29;BYSETPOS=-1"
        return f"FREQ=YEARLY;BYMONTH={anchor.month};BYMONTHDAY={day}"
    raise RuleError(f"unknown repeat choice {key!r}")


def normalize(text: str, zone: ZoneInfo, anchor: datetime) -> str:
    """Check a typed rule and return its canonical body; :class:`RuleError` says what is wrong."""
    body = text.strip()
    if body.upper().startswith("RRULE:"):
        body = body[6:].strip()
    if not body:
        raise RuleError("Type a rule such as FREQ=WEEKLY;BYDAY=MO")
    if "\n" in body or ":" in body:
        raise RuleError("Only one RRULE line is accepted (no DTSTART or EXDATE); the due date is the start")
    parts: dict[str, str] = {}
    for part in body.split(";"):
        key, eq, value = part.partition("=")
        key = key.strip().upper()
        if not eq or not _KEY.match(key) or not value.strip():
            raise RuleError(f"`{part.strip() or ';'}` is not NAME=VALUE")
        if key not in _KNOWN_KEYS:
            raise RuleError(f"unknown rule part {key} (known: {', '.join(sorted(_KNOWN_KEYS))})")
        if key in parts:
            raise RuleError(f"{key} is given twice")
        parts[key] = value.strip().upper()
    freq = parts.get("FREQ")
    if freq is None:
        raise RuleError("The rule needs FREQ (DAILY, WEEKLY, MONTHLY, YEARLY or HOURLY)")
    if freq in ("SECONDLY", "MINUTELY"):
        raise RuleError("A ticket can repeat at most every hour")
    if "COUNT" in parts and "UNTIL" in parts:
        raise RuleError("Use COUNT or UNTIL, not both")
    if "UNTIL" in parts and parts["UNTIL"].endswith("Z"):
        parts["UNTIL"] = _utc_until_to_wall(parts["UNTIL"], zone)
    body = ";".join(f"{k}={v}" for k, v in parts.items())
    rule = _build(body, anchor)
    if "COUNT" in parts and int(parts["COUNT"]) < 1:
        raise RuleError("COUNT must be at least 1")
    until: datetime | None = rule._until
    probe = rule.replace(count=None, until=min(until or datetime.max, anchor + HORIZON))
    if until is not None and until <= anchor:
        raise RuleError("UNTIL is before the first due date: the ticket would never repeat")
    if probe.after(anchor) is None:
        raise RuleError(
            "This rule gives no date in the next ten years (is the date impossible, like 30 February?)"
        )
    return str(rule).split("RRULE:", 1)[1]


def _utc_until_to_wall(value: str, zone: ZoneInfo) -> str:
    try:
        moment = datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        raise RuleError(f"UNTIL={value} is not a date-time like 20271231T170000Z") from None
    return wall_time(moment, zone).strftime("%Y%m%dT%H%M%S")


def _build(body: str, dtstart: datetime) -> rrule:
    try:
        rule = rrulestr(body, dtstart=dtstart)
    except (ValueError, TypeError, IndexError, KeyError) as e:
        raise RuleError(f"This rule cannot be read: {e}") from None
    if not isinstance(rule, rrule):
        raise RuleError("Only one RRULE is accepted")
    return rule


def _count(body: str) -> int | None:
    m = re.search(r"(?:^|;)COUNT=(\d+)", body)
    return int(m.group(1)) if m else None


def _without_count(body: str) -> str:
    return ";".join(p for p in body.split(";") if not p.startswith("COUNT="))


def next_date(series: Series, index: int, previous: datetime) -> datetime | None:
    """Due-mode wall time of occurrence ``index + 1`` given occurrence ``index`` at wall time ``previous``."""
    count = _count(series.rule)
    if count is not None and index + 1 >= count:
        return None
    rule = _build(_without_count(series.rule), series.anchor)
    found = rule.after(previous, inc=False)
    return found if isinstance(found, datetime) else None


def after_completion(series: Series, index: int, completed: datetime) -> datetime | None:
    """Completion-mode wall time of occurrence ``index + 1`` when occurrence ``index`` finished at ``completed``."""
    count = _count(series.rule)
    if count is not None and index + 1 >= count:
        return None
    start = datetime.combine(completed.date(), series.anchor.time())
    parts = dict(p.split("=", 1) for p in _without_count(series.rule).split(";"))
    if parts.keys() <= {"FREQ", "INTERVAL"} and parts["FREQ"] in ("MONTHLY", "YEARLY"):
        # "every 3 months after completion": a calendar step that ends on the month's last day when shorter
        step = int(parts.get("INTERVAL", "1")) * (1 if parts["FREQ"] == "MONTHLY" else 12)
        stepped: datetime = start + relativedelta(months=step)
        return stepped
    rule = _build(_without_count(series.rule), start)
    found = rule.after(start, inc=False)
    return found if isinstance(found, datetime) else None


def dates_until(
    series: Series, index: int, previous: datetime, moment: datetime
) -> list[tuple[int, datetime]]:
    """Due-mode occurrences ``(index, wall time)`` after ``index`` whose predecessor's date is ≤ ``moment`` (wall).

    That is every occurrence that must exist by ``moment``: raises :class:`TooMany` past :data:`MAX_AT_ONCE`.
    """
    out: list[tuple[int, datetime]] = []
    while previous <= moment:
        found = next_date(series, index, previous)
        if found is None:
            break
        index, previous = index + 1, found
        out.append((index, found))
        if len(out) > MAX_AT_ONCE:
            raise TooMany(
                f"This would create more than {MAX_AT_ONCE:,} tickets at once: "
                "start the series later or repeat less often"
            )
    return out


def moment_of(series: Series, wall: datetime) -> datetime:
    """The stored (UTC) due moment of an occurrence at ``wall`` (an all-day one ends its local day)."""
    zone = ZoneInfo(series.zone)
    if series.all_day:
        wall = datetime.combine(wall.date(), ALL_DAY_TIME)
    return localize(wall, zone)
