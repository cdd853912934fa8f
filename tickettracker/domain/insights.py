"""The arithmetic behind the Insights page (SPEC §17), kept pure so it can be tested without a database.

- Urgency bands: the SLA engine's stages expressed as ranges of the derived ``deadline`` column, so the store can
  count tickets per colour with one CASE expression instead of evaluating every ticket in Python. A hypothesis test
  checks that the bands agree with :func:`tickettracker.domain.sla.evaluate` for any ticket and moment.
- Periods: the starts of the last N weeks (Monday 00:00), days or months in the user's time zone, as UTC instants
  (a week that contains a DST change is an hour shorter or longer, never shifted).
- Percentiles and the ageing histogram's edges.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Literal

from tickettracker.config import Config
from tickettracker.domain.sla import color_index, due_stage_starts
from tickettracker.domain.workflow import role_of

Period = Literal["day", "week", "month"]
PERIODS: tuple[Period, ...] = ("day", "week", "month")


@dataclass(frozen=True)
class Band:
    """Tickets whose deadline lies in [low, high) (None: unbounded) get ``color_key``.

    ``due`` selects due-dated tickets (True) or the backlog tickets of ``priority`` (False).
    """

    color_key: str
    due: bool
    priority: str | None
    low: datetime | None
    high: datetime | None


def urgency_bands(cfg: Config, now: datetime) -> list[Band]:
    """Every deadline range and its colour key at ``now``: due-dated tickets, then each priority's backlog."""
    now = now.astimezone(timezone.utc)
    bands = _due_bands(cfg, now)
    for priority in cfg.priorities:
        bands += _backlog_bands(cfg, priority, now)
    return bands


def status_keys(cfg: Config) -> dict[str, str]:
    """The colour key of every status whose clock is stopped (no deadline): hold → on_hold, resolved, …"""
    out = {}
    for status in cfg.workflow:
        role = role_of(cfg, status)
        if role in ("hold", "resolved", "closed", "cancelled"):
            out[status] = "on_hold" if role == "hold" else role
    return out


def sla_key(value: str) -> str:
    """The colour key an ``sla:`` query value names (``sla:hold`` → on_hold)."""
    return "on_hold" if value == "hold" else value


def _due_bands(cfg: Config, now: datetime) -> list[Band]:
    # Overdue once now >= due (deadline <= now); stage k while the time left is within the k-th start.
    starts = due_stage_starts(cfg.sla.due_stage_days)  # descending day counts
    stages = len(starts) + 1
    edges = [now] + [now + timedelta(days=d) for d in reversed(starts)]  # ascending moments
    bands = [Band("overdue", True, None, None, _after(now))]
    for i, low in enumerate(edges):
        high = edges[i + 1] if i + 1 < len(edges) else None
        stage = stages - 1 - i
        bands.append(Band(f"stage{color_index(stage, stages)}", True, None, _after(low), _after(high)))
    return bands


def _backlog_bands(cfg: Config, priority: str, now: datetime) -> list[Band]:
    # Overdue once the active age exceeds the last limit (deadline < now); stage i while age <= limit i, that is
    # while deadline >= now + (last - limit_i).
    limits = cfg.stage_days_for(priority)
    stages, last = len(limits), limits[-1]
    edges = [now + timedelta(days=last - limit) for limit in reversed(limits)]  # ascending moments
    bands = [Band("overdue", False, priority, None, edges[0])]
    for i, low in enumerate(edges):
        high = edges[i + 1] if i + 1 < len(edges) else None
        stage = stages - 1 - i
        bands.append(Band(f"stage{color_index(stage, stages)}", False, priority, low, high))
    return bands


def _after(moment: datetime | None) -> datetime | None:
    # Due-dated ranges are (low, high]: shift by the store's resolution so [low, high) comparisons match.
    return None if moment is None else moment + timedelta(microseconds=1)


def period_starts(period: Period, count: int, now: datetime, tz: tzinfo) -> list[datetime]:
    """The starts of the last ``count`` periods (the current one last), plus the end of the current one.

    Returned as UTC instants; periods begin at local midnight (weeks on Monday, months on the 1st) in ``tz``.
    """
    today = now.astimezone(tz).date()
    first = _period_floor(period, today)
    days = [_shift(period, first, -k) for k in range(count - 1, -1, -1)] + [_shift(period, first, 1)]
    return [_local_midnight(d, tz) for d in days]


def _period_floor(period: Period, day: date) -> date:
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    return day


def _shift(period: Period, day: date, n: int) -> date:
    if period == "month":
        months = day.year * 12 + day.month - 1 + n
        return date(months // 12, months % 12 + 1, 1)
    return day + timedelta(days=n * (7 if period == "week" else 1))


def _local_midnight(day: date, tz: tzinfo) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=tz).astimezone(timezone.utc)


def period_label(period: Period, start: datetime, tz: tzinfo) -> str:
    """ "2026-11-23" for a week or a day, "2026-11" for a month (local dates)."""
    local = start.astimezone(tz).date()
    return f"{local:%Y-%m}" if period == "month" else local.isoformat()


def percentile(sorted_values: Sequence[float], share: float) -> float | None:
    """The nearest-rank percentile (0 < share <= 1) of ascending values; None for no values."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(share * len(sorted_values)))
    return sorted_values[rank - 1]


# Ageing histogram of active tickets: upper bounds in days (the last bucket is open-ended).
AGE_EDGES_DAYS: tuple[int, ...] = (1, 3, 7, 14, 30, 90)


def age_bucket_labels() -> list[str]:
    """ "< 1 day", "1–3 days", …, "90+ days"."""
    labels, low = [], 0
    for high in AGE_EDGES_DAYS:
        labels.append("< 1 day" if low == 0 else f"{low}–{high} days")
        low = high
    return [*labels, f"{low}+ days"]
