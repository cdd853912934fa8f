"""Time in words, for people: "in 3 days", "2 days ago", "5 Nov 14:30 CET"."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo

UTC = timezone.utc


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def span(seconds: float) -> str:
    """A duration in the largest sensible unit: "45 minutes", "3 hours", "9 days"."""
    s = abs(seconds)
    if s < 60:
        return "less than a minute"
    if s < 3600:
        return _plural(int(s // 60), "minute")
    if s < 86400:
        return _plural(int(s // 3600), "hour")
    return _plural(round(s / 86400), "day")


def until(moment: datetime, now: datetime) -> str:
    """Relative to now: "in 3 days" or "3 days ago"."""
    delta = (moment - now).total_seconds()
    if abs(delta) < 60:
        return "just now"
    return f"in {span(delta)}" if delta > 0 else f"{span(delta)} ago"


def ago(moment: datetime, now: datetime) -> str:
    return until(moment, now)


def local(moment: datetime, tz: tzinfo | None = None, *, with_zone: bool = True) -> str:
    """An exact local timestamp, e.g. "2026-11-05 14:30 CET"."""
    when = moment.astimezone(tz) if tz else moment.astimezone()
    text = when.strftime("%Y-%m-%d %H:%M")
    return f"{text} {when.tzname()}" if with_zone else text


def short_date(moment: datetime, tz: tzinfo | None = None) -> str:
    when = moment.astimezone(tz) if tz else moment.astimezone()
    return f"{when.day} {when.strftime('%b')}"


def utcnow_floor(now: datetime) -> datetime:
    """Aware UTC datetimes are the only ones the domain accepts."""
    if now.tzinfo is None:
        raise ValueError("naive datetime: pass an aware one")
    return now.astimezone(UTC)


def days(n: float) -> timedelta:
    return timedelta(days=n)
