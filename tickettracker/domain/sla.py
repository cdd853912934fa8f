"""SLA engine (SPEC §7): a pure function of (ticket facts, status history, configuration, now).

Rule table as implemented
-------------------------
Due-dated ticket. ``sla.due_stage_days`` is sorted high → low on load: ``t0 > t1 > … > t(n-1)`` (days left).
  * time left ≤ 0 → overdue ("Overdue by 3 days"); exactly at the due moment the ticket is overdue.
  * with two or more thresholds the stage *starts* are ``t1 … t(n-1)``: more than ``t1`` days left → stage 0;
    ``≤ t(k)`` → stage k. The largest threshold ``t0`` is the far edge of the calm stage 0 (anything further out is
    calm too), so ``n`` thresholds give ``n`` stages. Defaults 28/21/14/7: > 21 d → 0, ≤ 21 → 1, ≤ 14 → 2,
    ≤ 7 → 3 ("Due in 9 days — stage 2 of 4").
  * a single threshold ``t`` gives two stages: more than ``t`` days left → stage 0, ``≤ t`` → stage 1 (the last),
    so ``[7]`` still warns a week ahead instead of silently never warning.
Backlog ticket (no due date). ``sla.priority_stage_days[priority]`` ascends: ``l0 < l1 < …`` (active days).
  * active age ``≤ l0`` → stage 0, ``≤ l1`` → stage 1, …, ``≤ l(n-1)`` → stage n-1; beyond the last → overdue.
    Exactly on a limit is still the lower stage ("Aged 12 of 15 active days (High)").
  * a priority without its own list uses the nearest lower priority that has one (``Config.stage_days_for``).
Colours. ``s`` stages are spread over the four gradient colours: stage k → ``stage{round_half_up(3k / (s-1))}``,
  so the first stage is always ``stage0`` and the last always ``stage3`` (red) — no configuration silently skips
  the warning colour:
      s=1 → 0 | s=2 → 0, 3 | s=3 → 0, 2, 3 | s=4 → 0, 1, 2, 3 | s=5 → 0, 1, 2, 2, 3 | s=6 → 0, 1, 1, 2, 2, 3
  (A backlog list with one limit has one stage, shown calm, then overdue.) Overdue → ``overdue``.
Status overrides. hold → ``on_hold`` ("Paused: on hold since 3 Nov"), resolved → ``resolved``, closed →
  ``closed``, cancelled → ``cancelled``. These are never overdue, have no deadline and show no countdown.
Age counts active time only. Time spent in a paused status (hold, resolved, closed, cancelled) is credited back
  from the status history, so a ticket on hold for 10 of its 12 days has aged 2 days and a reopened ticket resumes
  from its accumulated age. Due dates are absolute: pauses never move them.
Re-age. A backlog ticket's age may be reset ("Reset age", the original TicketTracker's ``age_reference_date``): it
  then counts from 00:00 UTC of that day, as the original counted, and only pauses after that moment are credited.
Deadline. The moment an active ticket turns overdue, kept in the store for SQL sorting and the "overdue only"
  filter: the due date, or ``created + last limit + credited pauses``. A due-dated ticket is overdue from its
  deadline on (``deadline ≤ now``); a backlog ticket only after it (``deadline < now``), matching "beyond".
All arithmetic is on exact ``timedelta`` values (microseconds), so the engine and the stored deadline agree even
exactly on a boundary. Time zones only change how dates are written, never the stage.

Longer than ~300 lines on purpose: the whole rule table of the engine is one piece, reviewed and property-
tested together.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Any, Literal

from tickettracker.config import Config
from tickettracker.domain import timefmt
from tickettracker.domain.workflow import role_of

Kind = Literal["stage", "overdue", "hold", "resolved", "closed", "cancelled"]


@dataclass(frozen=True)
class Pause:
    """Pause credit read from the status history."""

    paused_seconds: float  # closed pause periods
    paused_since: datetime | None  # start of the pause in progress, if any


@dataclass(frozen=True)
class SlaFacts:
    status: str
    priority: str
    created: datetime
    due: datetime | None
    pause: Pause
    age_from: datetime | None = None  # set by "Reset age": the backlog age counts from here, not from created

    @property
    def origin(self) -> datetime:
        """Where the backlog age starts: the reset moment, else creation."""
        return self.age_from if self.age_from is not None else self.created


def age_origin(reference: date | None) -> datetime | None:
    """The moment a reset age counts from: 00:00 UTC of the reference day (as the original TicketTracker)."""
    return None if reference is None else datetime.combine(reference, time.min, tzinfo=timezone.utc)


def facts_of(t: Any) -> SlaFacts:
    """The SLA facts of a ticket read model (TicketRec, RowRec, or a row with the same attribute names)."""
    return SlaFacts(
        t.status,
        t.priority,
        t.created,
        t.due,
        Pause(t.paused_seconds, t.paused_since),
        age_origin(getattr(t, "age_reference", None)),
    )


@dataclass(frozen=True)
class Urgency:
    kind: Kind
    stage: int | None  # 0-based stage index within ``stages`` (None when not a stage)
    stages: int
    color_key: str  # stage0..stage3, overdue, on_hold, resolved, closed, cancelled
    color: str
    explanation: str  # why the ticket has its colour, in words
    countdown: str  # "in 3 days", "2 days overdue", "" when paused


def pause_credit(
    created: datetime,
    initial_status: str,
    changes: Iterable[tuple[datetime, str]],
    paused_statuses: Sequence[str],
    now: datetime,
    origin: datetime | None = None,
) -> Pause:
    """Sum the time spent in paused statuses from a chronological list of (at, new status).

    With ``origin`` (a reset age) only the part of each pause after it counts: the age restarted there.
    """
    status, since, total = initial_status, _utc(created), 0.0
    start = None if origin is None else _utc(origin)
    for moment, new_status in changes:
        if new_status == status:
            continue  # not a change: a running pause keeps its start
        at = _utc(moment)
        if status in paused_statuses:
            begin = since if start is None else max(since, start)
            total += max(0.0, (at - begin).total_seconds())
        status, since = new_status, at
    if status in paused_statuses:
        return Pause(total, since)
    return Pause(total, None)


def _utc(moment: datetime) -> datetime:
    # Python subtracts two datetimes of the same zone by wall clock: across a DST change that is an hour off.
    return moment.astimezone(timezone.utc)


def in_utc(facts: SlaFacts) -> SlaFacts:
    """The same facts with every moment in UTC, so differences are real elapsed time."""
    since = facts.pause.paused_since
    return replace(
        facts,
        age_from=None if facts.age_from is None else _utc(facts.age_from),
        created=_utc(facts.created),
        due=None if facts.due is None else _utc(facts.due),
        pause=replace(facts.pause, paused_since=None if since is None else _utc(since)),
    )


def active_age(facts: SlaFacts, now: datetime) -> timedelta:
    """Time the ticket has spent in active statuses up to ``now`` (never negative)."""
    facts, now = in_utc(facts), _utc(now)
    age = now - facts.origin - timedelta(seconds=facts.pause.paused_seconds)
    if facts.pause.paused_since is not None:
        age -= max(timedelta(0), now - facts.pause.paused_since)
    return max(timedelta(0), age)


def active_age_seconds(facts: SlaFacts, now: datetime) -> float:
    return active_age(facts, now).total_seconds()


def color_index(stage: int, stages: int) -> int:
    """Spread ``stages`` stages over the four gradient colours, first → stage0 and last → stage3 (half-up)."""
    if stages <= 1:
        return 0
    return int(stage * 3 / (stages - 1) + 0.5)


def due_stage_starts(thresholds: Sequence[int]) -> list[int]:
    """Days-left values at which stages 1, 2, … start (see the rule table); ``thresholds`` sorted high → low."""
    return list(thresholds[1:]) if len(thresholds) > 1 else list(thresholds)


def due_stage(left: timedelta, thresholds: Sequence[int]) -> tuple[int, int]:
    """(stage, number of stages) for a due-dated ticket with ``left`` time left (> 0)."""
    starts = due_stage_starts(thresholds)
    return sum(1 for t in starts if left <= timedelta(days=t)), len(starts) + 1


def deadline(facts: SlaFacts, cfg: Config) -> datetime | None:
    """The moment an active ticket turns overdue; None when it cannot (paused or finished)."""
    if facts.status in cfg.paused_statuses:
        return None
    if facts.due is not None:
        return _utc(facts.due)
    limit = cfg.stage_days_for(facts.priority)[-1]
    return _utc(facts.origin) + timedelta(days=limit) + timedelta(seconds=facts.pause.paused_seconds)


def is_overdue(facts: SlaFacts, cfg: Config, now: datetime) -> bool:
    """The same test the store's "overdue only" filter makes on the derived deadline."""
    moment = deadline(facts, cfg)
    if moment is None:
        return False
    return _utc(now) >= moment if facts.due is not None else _utc(now) > moment


def evaluate(facts: SlaFacts, cfg: Config, now: datetime, tz: tzinfo | None = None) -> Urgency:
    """The urgency of one ticket at ``now``, with its explanation (dates in words use ``tz``)."""
    facts, now = in_utc(facts), _utc(now)
    role = role_of(cfg, facts.status)
    if role in ("hold", "resolved", "closed", "cancelled"):
        return _paused(facts, cfg, role, tz)
    if facts.due is not None:
        return _due_dated(facts, cfg, now)
    return _backlog(facts, cfg, now)


def _paused(facts: SlaFacts, cfg: Config, role: str, tz: tzinfo | None) -> Urgency:
    key = "on_hold" if role == "hold" else role
    if role == "hold":
        since = facts.pause.paused_since
        text = f"Paused: {facts.status.lower()} since {timefmt.short_date(since, tz)}" if since else "Paused"
    else:
        text = f"{facts.status}: no countdown"
    color = getattr(cfg.colors.statuses, key)
    return Urgency(role, None, 0, key, color, text, "")  # type: ignore[arg-type]


def _overdue(late: timedelta, stages: int, cfg: Config, why: str = "") -> Urgency:
    words = timefmt.span(late.total_seconds())
    return Urgency(
        "overdue",
        None,
        stages,
        "overdue",
        cfg.colors.gradient.overdue,
        f"Overdue by {words}{why}",
        f"{words} overdue",
    )


def _due_dated(facts: SlaFacts, cfg: Config, now: datetime) -> Urgency:
    assert facts.due is not None
    thresholds = cfg.sla.due_stage_days  # sorted high → low on load
    left = facts.due - now
    if left <= timedelta(0):
        return _overdue(-left, len(due_stage_starts(thresholds)) + 1, cfg)
    stage, stages = due_stage(left, thresholds)
    key = f"stage{color_index(stage, stages)}"
    when = timefmt.until(facts.due, now)
    return Urgency(
        "stage",
        stage,
        stages,
        key,
        getattr(cfg.colors.gradient, key),
        f"Due {when} — stage {stage} of {stages}",
        f"due {when}",
    )


def _backlog(facts: SlaFacts, cfg: Config, now: datetime) -> Urgency:
    limits = cfg.stage_days_for(facts.priority)
    age = active_age(facts, now)
    aged = f"aged {int(age / timedelta(days=1))} of {limits[-1]} active days ({facts.priority})"
    if facts.age_from is not None and facts.age_from > facts.created:
        aged += f", counted from {facts.age_from:%d %b %Y} (age reset)"
    last = timedelta(days=limits[-1])
    for stage, limit in enumerate(limits):
        if age <= timedelta(days=limit):
            key = f"stage{color_index(stage, len(limits))}"
            left = last - age
            return Urgency(
                "stage",
                stage,
                len(limits),
                key,
                getattr(cfg.colors.gradient, key),
                aged[0].upper() + aged[1:],
                f"{timefmt.span(left.total_seconds())} left" if left >= timedelta(minutes=1) else "due now",
            )
    return _overdue(age - last, len(limits), cfg, f": {aged}")


def legend(cfg: Config) -> list[tuple[str, str, str]]:
    """(colour key, colour, meaning) for the dashboard legend, worded from the configured thresholds."""
    g, s, r = cfg.colors.gradient, cfg.colors.statuses, cfg.status_roles
    starts = due_stage_starts(cfg.sla.due_stage_days)
    stages = len(starts) + 1
    by_color: dict[int, list[int]] = {}
    for stage in range(stages):
        by_color.setdefault(color_index(stage, stages), []).append(stage)

    def due_words(index: int) -> str:
        found = by_color.get(index)
        if not found:
            return "not used by due dates"
        first = found[0]
        return f"due in more than {starts[0]} days" if first == 0 else f"due within {starts[first - 1]} days"

    backlog = {0: "; a young backlog ticket", 3: "; backlog near its priority's last limit"}
    roles = [
        ("on_hold", s.on_hold, f"{r.hold}: paused, not ageing", r.hold),
        ("resolved", s.resolved, f"{r.resolved}: no countdown", r.resolved),
        *(
            [
                (
                    "closed",
                    s.closed,
                    " / ".join(x for x in (r.closed, r.cancelled) if x) + ": finished",
                    r.closed or r.cancelled,
                )
            ]
            if s.closed == s.cancelled
            else [
                ("closed", s.closed, f"{r.closed}: finished", r.closed),
                ("cancelled", s.cancelled, f"{r.cancelled}", r.cancelled),
            ]
        ),
    ]
    return [
        *(
            (f"stage{i}", getattr(g, f"stage{i}"), f"{'Stage ' + str(i)}: {due_words(i)}{backlog.get(i, '')}")
            for i in range(4)
        ),
        ("overdue", g.overdue, "Overdue: past the due date, or older than its priority's last limit"),
        # a role no status plays (a workflow without a hold status) has nothing to explain
        *((key, colour, words) for key, colour, words, status in roles if status),
    ]
