"""A recurrence rule in words (SPEC §18): "Every Monday at 09:00", "Every 3 months on the 31st (or the month's last
day)", "Every month on the last Friday, 5 times". Written for the rules the presets make and the common custom ones;
anything else still reads sensibly from its FREQ and INTERVAL."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Literal

Mode = Literal["due", "completion"]
MODES: dict[str, str] = {"due": "from the due date", "completion": "after completion"}
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_FREQ_WORDS = {"YEARLY": "year", "MONTHLY": "month", "WEEKLY": "week", "DAILY": "day", "HOURLY": "hour"}


def _ordinal(n: int) -> str:
    if n < 0:
        return "last" if n == -1 else f"{_ordinal(-n)} last"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _days_words(value: str, plural: str = "") -> str:
    days = value.split(",")
    if days == ["MO", "TU", "WE", "TH", "FR"]:
        return "weekday"
    words = []
    for d in days:
        m = re.fullmatch(r"([+-]?\d+)?(MO|TU|WE|TH|FR|SA|SU)", d)
        if m is None:
            return value
        name = _DAY_NAMES[_DAYS.index(m.group(2))]
        words.append(f"the {_ordinal(int(m.group(1)))} {name}" if m.group(1) else f"{name}{plural}")
    return _join(words)


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def describe(body: str, all_day: bool = True, at: time | None = None, mode: Mode | None = None) -> str:
    """The rule in words: "Every Monday at 09:00", "Every 3 months on the 31st (or the month's last day)"."""
    parts = dict(p.split("=", 1) for p in body.split(";") if "=" in p)
    freq = parts.get("FREQ", "")
    unit = _FREQ_WORDS.get(freq, freq.lower())
    n = int(parts.get("INTERVAL", "1"))
    head = f"Every {n} {unit}s" if n > 1 else f"Every {unit}"
    bits: list[str] = []
    byday = parts.get("BYDAY")
    if byday and freq == "WEEKLY" and n == 1:
        head = f"Every {_days_words(byday)}"
    elif byday:
        bits.append(f"on {_days_words(byday, 's')}")
    monthday = parts.get("BYMONTHDAY")
    if monthday:
        days = [int(d) for d in monthday.split(",")]
        if parts.get("BYSETPOS") == "-1" and len(days) > 1 and days == list(range(28, days[-1] + 1)):
            bits.append(f"on the {_ordinal(days[-1])} (or the month's last day)")
        else:
            bits.append("on the " + _join([_ordinal(d) for d in days]))
    if "BYMONTH" in parts:
        months = [date(2000, int(m), 1).strftime("%B") for m in parts["BYMONTH"].split(",")]
        bits.append(("in " if not monthday else "of ") + _join(months))
    if at is not None and not all_day:
        bits.append(f"at {at.strftime('%H:%M')}")
    ends: list[str] = []
    if "COUNT" in parts:
        ends.append(f"{parts['COUNT']} times")
    if "UNTIL" in parts:
        until = datetime.strptime(parts["UNTIL"][:8], "%Y%m%d").date()
        ends.append(f"until {until.day} {until.strftime('%b %Y')}")
    if mode:
        ends.append(MODES[mode])
    words = " ".join([head, *bits])
    return ", ".join([words, *ends])
