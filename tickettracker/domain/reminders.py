"""When reminders fire (SPEC §18): a pure plan from a ticket's facts, plus quiet hours.

Automatic reminders, each keyed by the date it is about (a new due date reminds again; the same one never twice):

- ``warning``: the ticket enters its last SLA stage (the red one): ``deadline - lead``, where the lead is the last
  stage's width (due-dated: the smallest ``sla.due_stage_days`` start; backlog: the last two limits' difference).
- ``due``: a due date arrives: a timed one at its time, a date-only one at :data:`DATE_ONLY_AT` on that day.
- ``overdue``: the ticket turns overdue (its deadline passes). A timed due date is overdue the moment it is due, so
  for those the ``due`` reminder says both.

``manual`` reminders ("Remind me") are chosen by the user. Quiet hours hold the pop-up (browser or desktop
notification) until they end; the reminder is in the header list either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from tickettracker.config import Config
from tickettracker.domain import sla
from tickettracker.domain.recurrence import localize

DATE_ONLY_AT = time(9, 0)
KINDS = ("warning", "due", "overdue", "manual")


@dataclass(frozen=True)
class Planned:
    kind: str
    key: str  # unique per ticket: the kind and the moment it is about
    fire_at: datetime  # aware UTC


def warning_lead(cfg: Config, priority: str, has_due: bool) -> timedelta | None:
    """How long before its deadline a ticket enters its last stage (None: it has only one stage)."""
    if has_due:
        starts = sla.due_stage_starts(cfg.sla.due_stage_days)
        return timedelta(days=starts[-1]) if starts else None
    limits = cfg.stage_days_for(priority)
    return timedelta(days=limits[-1] - limits[-2]) if len(limits) > 1 else None


def due_moment(due: datetime, has_time: bool, zone: ZoneInfo) -> datetime:
    """When a due date "arrives": its time, or :data:`DATE_ONLY_AT` local time on a date-only due day."""
    if has_time:
        return due
    day = due.astimezone(zone).date()
    return localize(datetime.combine(day, DATE_ONLY_AT), zone)


def plan(
    *,
    priority: str,
    due: datetime | None,
    due_has_time: bool,
    deadline: datetime | None,
    cfg: Config,
    zone: ZoneInfo,
) -> list[Planned]:
    """Every automatic reminder of an active ticket (a paused or finished one has no deadline and none)."""
    if deadline is None:
        return []
    out: list[Planned] = []
    lead = warning_lead(cfg, priority, due is not None)
    if lead is not None:
        out.append(Planned("warning", f"warning@{deadline.isoformat()}", deadline - lead))
    if due is not None:
        out.append(Planned("due", f"due@{due.isoformat()}", due_moment(due, due_has_time, zone)))
    if due is None or not due_has_time:
        out.append(Planned("overdue", f"overdue@{deadline.isoformat()}", deadline))
    return out


def parse_clock(text: str) -> time | None:
    """ "22:00" → 22:00; "" → None (no quiet hours). ValueError for anything else."""
    text = text.strip()
    if not text:
        return None
    hours, sep, minutes = text.partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit() or len(minutes) != 2:
        raise ValueError(f"{text!r} is not a time like 22:00")
    return time(int(hours), int(minutes))


def in_quiet_hours(moment: datetime, start: time | None, end: time | None, zone: ZoneInfo) -> bool:
    """True when ``moment`` falls in [start, end) local time; the span may cross midnight (22:00–07:00)."""
    if start is None or end is None or start == end:
        return False
    local = moment.astimezone(zone).time()
    if start < end:
        return start <= local < end
    return local >= start or local < end


def quiet_ends(moment: datetime, start: time | None, end: time | None, zone: ZoneInfo) -> datetime:
    """``moment`` if outside quiet hours, else the moment they end (when a held pop-up may show)."""
    if not in_quiet_hours(moment, start, end, zone):
        return moment
    assert end is not None
    local = moment.astimezone(zone)
    day = local.date() if local.time() < end else local.date() + timedelta(days=1)
    return localize(datetime.combine(day, end), zone)


def describe(kind: str, fire_at: datetime, due: datetime | None, zone: ZoneInfo) -> str:
    """What the notification says about the ticket (its title is shown beside it)."""
    if kind == "warning":
        return "Entered its last SLA stage"
    if kind == "due":
        return "Due now" if due is None or fire_at >= due else "Due today"
    if kind == "overdue":
        return "Now overdue"
    return "Reminder you asked for"
