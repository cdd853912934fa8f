"""SLA engine (SPEC §7): a pure function of (ticket facts, status history, configuration, now).

Rules as implemented
--------------------
Due-dated ticket, thresholds ``sla.due_stage_days`` sorted high → low ``t0 > t1 > … > t(n-1)``:
  time left ≤ 0 → overdue; otherwise the stage is the number of thresholds ``t1 … t(n-1)`` that the time left is
  at or under. With the defaults 28/21/14/7: > 21 days → stage 0, ≤ 21 → 1, ≤ 14 → 2, ≤ 7 → 3. The largest
  threshold is the edge of the calm stage (shown in the explanation); ``n`` thresholds always give ``n`` stages.
Backlog ticket (no due date), limits ``sla.priority_stage_days[priority]`` ascending ``l0 < l1 < …``:
  active age ≤ l0 → stage 0, ≤ l1 → 1, …, beyond the last → overdue. ``n`` limits give ``n`` stages.
Colours: ``n`` stages are spread over the four gradient colours stage0 … stage3; the first stage is always stage0
  and the last always stage3, so no configuration silently skips the red warning (with more than four stages,
  neighbouring stages share a colour). Overdue → ``overdue``.
Status overrides: hold → ``on_hold``, resolved → ``resolved``, closed → ``closed``, cancelled → ``cancelled``;
  those tickets are never overdue and show no countdown.
Age counts active time only: time in hold, resolved, closed or cancelled (the paused statuses) is credited back,
  so a reopened ticket resumes from its accumulated age.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Literal

from tickettracker.config import Config
from tickettracker.domain import timefmt
from tickettracker.domain.workflow import role_of

Kind = Literal["stage", "overdue", "hold", "resolved", "closed", "cancelled"]
DAY = 86400.0


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
) -> Pause:
    """Sum the time spent in paused statuses from a chronological list of (at, new status)."""
    status, since, total = initial_status, created, 0.0
    for at, new_status in changes:
        if status in paused_statuses:
            total += max(0.0, (at - since).total_seconds())
        status, since = new_status, at
    if status in paused_statuses:
        return Pause(total, since)
    return Pause(total, None)


def active_age_seconds(facts: SlaFacts, now: datetime) -> float:
    running_pause = (now - facts.pause.paused_since).total_seconds() if facts.pause.paused_since else 0.0
    return max(
        0.0, (now - facts.created).total_seconds() - facts.pause.paused_seconds - max(0.0, running_pause)
    )


def color_index(stage: int, stages: int) -> int:
    """Spread ``stages`` stages over the four gradient colours, first → stage0 and last → stage3."""
    if stages <= 1:
        return 0
    return round(stage * 3 / (stages - 1))


def deadline(facts: SlaFacts, cfg: Config) -> datetime | None:
    """The moment an active ticket turns overdue; None when it cannot (paused or finished)."""
    if facts.status in cfg.paused_statuses:
        return None
    if facts.due is not None:
        return facts.due
    limit = cfg.stage_days_for(facts.priority)[-1]
    return facts.created + timedelta(seconds=limit * DAY + facts.pause.paused_seconds)


def _days_word(n: float) -> str:
    return timefmt.span(n * DAY)


def evaluate(facts: SlaFacts, cfg: Config, now: datetime, tz: tzinfo | None = None) -> Urgency:
    """The urgency of one ticket at ``now``, with its explanation."""
    role = role_of(cfg, facts.status)
    palette = cfg.colors
    if role in ("hold", "resolved", "closed", "cancelled"):
        key = "on_hold" if role == "hold" else role
        if role == "hold":
            since = facts.pause.paused_since
            text = (
                f"Paused: {facts.status.lower()} since {timefmt.short_date(since, tz)}" if since else "Paused"
            )
        else:
            text = f"{facts.status}: no countdown"
        return Urgency(role, None, 0, key, getattr(palette.statuses, key), text, "")  # type: ignore[arg-type]

    gradient = palette.gradient
    if facts.due is not None:
        thresholds = cfg.sla.due_stage_days  # sorted high → low on load
        left = (facts.due - now).total_seconds() / DAY
        if left <= 0:
            late = -left * DAY
            words = timefmt.span(late) if late >= 60 else "less than a minute"
            return Urgency(
                "overdue",
                None,
                len(thresholds),
                "overdue",
                gradient.overdue,
                f"Overdue by {words}",
                f"{words} overdue",
            )
        stage = sum(1 for t in thresholds[1:] if left <= t)
        key = f"stage{color_index(stage, len(thresholds))}"
        when = timefmt.until(facts.due, now)
        return Urgency(
            "stage",
            stage,
            len(thresholds),
            key,
            getattr(gradient, key),
            f"Due {when} — stage {stage} of {len(thresholds)}",
            f"due {when}",
        )

    limits = cfg.stage_days_for(facts.priority)
    age_days = active_age_seconds(facts, now) / DAY
    shown_age = int(age_days)
    for stage, limit in enumerate(limits):
        if age_days <= limit:
            key = f"stage{color_index(stage, len(limits))}"
            left = (limit - age_days) if stage == len(limits) - 1 else limits[-1] - age_days
            return Urgency(
                "stage",
                stage,
                len(limits),
                key,
                getattr(gradient, key),
                f"Aged {shown_age} of {limits[-1]} active days ({facts.priority})",
                f"{_days_word(left)} left" if left * DAY >= 60 else "due now",
            )
    late = (age_days - limits[-1]) * DAY
    return Urgency(
        "overdue",
        None,
        len(limits),
        "overdue",
        gradient.overdue,
        f"Overdue by {timefmt.span(late)}: aged {shown_age} of {limits[-1]} active days ({facts.priority})",
        f"{timefmt.span(late)} overdue",
    )


def legend(cfg: Config) -> list[tuple[str, str, str]]:
    """(colour key, colour, meaning) for the dashboard legend."""
    g, s, r = cfg.colors.gradient, cfg.colors.statuses, cfg.status_roles
    due = cfg.sla.due_stage_days
    near = ", ".join(f"≤ {d} d" for d in due[1:])
    return [
        ("stage0", g.stage0, f"Plenty of time (more than {due[1] if len(due) > 1 else due[0]} days left)"),
        ("stage1", g.stage1, "Getting closer"),
        ("stage2", g.stage2, "Soon"),
        ("stage3", g.stage3, f"Urgent (due stages: {near or 'one stage'})"),
        ("overdue", g.overdue, "Overdue"),
        ("on_hold", s.on_hold, f"{r.hold}: paused, not ageing"),
        ("resolved", s.resolved, f"{r.resolved}: no countdown"),
        ("closed", s.closed, f"{r.closed} / {r.cancelled}"),
    ]
