"""The Insights page's numbers (SPEC §17): the state, the flow and the time of the work in one scope.

A scope is query-language text, as on the dashboard; every bar carries the query that lists its tickets there.
All counting happens in SQL (store/insights.py); Python only shapes the answers into charts.

Longer than ~300 lines on purpose: it shapes every chart of one page from two read transactions running side by
side (see :meth:`InsightsService.overview`); split per chart it would pass the same scope around.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from sqlmodel import Session

from tickettracker.config import Config
from tickettracker.domain import insights as calc
from tickettracker.domain.query import Query, Term, parse
from tickettracker.services.tickets import TicketService
from tickettracker.store import insights as agg
from tickettracker.store import query_sql

KEY_LABELS = {
    "stage0": "Stage 0 (far)",
    "stage1": "Stage 1",
    "stage2": "Stage 2",
    "stage3": "Stage 3 (near)",
    "overdue": "Overdue",
    "on_hold": "On hold",
    "resolved": "Resolved",
}
Where = Sequence[Any]  # WHERE terms over the ticket table
Bind = dict[str, Any]
Starts = Sequence[datetime]
# The second read of a page's data (see InsightsService.overview); one worker per page being counted at once.
_HALVES = ThreadPoolExecutor(max_workers=4, thread_name_prefix="insights")


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float | None]
    color: str | None = None


@dataclass(frozen=True)
class Chart:
    """One chart: categories along one axis, one or more series of numbers, and per category the dashboard query
    listing its tickets (None where the query language cannot say it)."""

    key: str
    title: str
    unit: str
    categories: list[str]
    series: list[Series]
    queries: list[str | None] = field(default_factory=list)
    colors: list[str] = field(default_factory=list)  # per category, for single-series bar charts
    line: bool = False

    def to_csv(self) -> str:
        """The chart's numbers as CSV: one row per category, one column per series."""
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["category", *(s.name for s in self.series)])
        for i, category in enumerate(self.categories):
            w.writerow([category, *("" if s.values[i] is None else _fmt(s.values[i]) for s in self.series)])
        return out.getvalue()


def _fmt(value: float | None) -> str:
    return "" if value is None else (str(int(value)) if float(value).is_integer() else f"{value:.2f}")


@dataclass(frozen=True)
class Insights:
    scope: str
    period: calc.Period
    charts: list[Chart]

    def chart(self, key: str) -> Chart:
        return next(c for c in self.charts if c.key == key)


class InsightsService:
    """Reads only: every chart of one scope, computed at the ticket service's clock."""

    def __init__(self, tickets: TicketService) -> None:
        self.tickets = tickets

    def check_scope(self, text: str) -> Query:
        """The parsed scope; raises QueryError (with its position) for text the query language refuses."""
        return parse(text, self.tickets.cfg)

    def overview(
        self, scope: str = "", *, period: calc.Period = "week", periods: int = 12, tz: tzinfo | None = None
    ) -> Insights:
        """Every chart for the tickets ``scope`` selects (live tickets only: the trash never counts)."""
        cfg, now = self.tickets.cfg, self.tickets.clock()
        zone = tz or now.astimezone().tzinfo
        assert zone is not None
        base = self.check_scope(scope)
        active = base.plus(Term("is", ("active",)))
        starts = calc.period_starts(period, periods, now, zone)
        # Two halves at once on two read connections (SQLite lets readers run side by side and releases the GIL
        # while it steps): the state of the active tickets, and the flow and time from the log and finished ones.
        # Each half is one snapshot; every chart is counted within one half, so each chart is self-consistent.
        # A write landing between the two snapshots also triggers the page's next recount.
        state = _HALVES.submit(self.state_half, scope, active, cfg, now)
        try:
            flow_time = self.flow_half(base, cfg, now, starts, period, zone)
        except BaseException:
            wait([state])  # never leave the other half running on its own
            raise
        now_charts, ageing = state.result()
        charts = [*now_charts, *flow_time, ageing]
        return Insights(scope, period, charts)

    def state_half(self, scope: str, active: Query, cfg: Config, now: datetime) -> tuple[list[Chart], Chart]:
        """One half of :meth:`overview`: the "Now" charts and the ageing histogram (one read, active tickets)."""
        with self.tickets.db.read() as s:
            act, bind = query_sql.scope(s, active, cfg, now)
            counts = agg.now_counts(s, act, bind, cfg, now)
            tags = agg.busiest_tags(s, act, bind, wide=not scope.strip())
            ages = agg.age_histogram(s, act, bind, calc.AGE_EDGES_DAYS, now)
        ageing = Chart(
            "ageing",
            "Active tickets by active age",
            "tickets",
            calc.age_bucket_labels(),
            [Series("Tickets", [float(n) for n in ages])],
        )
        return self._now(cfg, scope, counts, tags), ageing

    def flow_half(
        self, base: Query, cfg: Config, now: datetime, starts: Starts, period: calc.Period, zone: tzinfo
    ) -> list[Chart]:
        """The other half of :meth:`overview`: the flow and time charts (one read, the log and finished tickets)."""
        with self.tickets.db.read() as s:
            where, bind = query_sql.scope(s, base, cfg, now)
            return [
                *self._flow(s, cfg, starts, period, zone, where, bind),
                *self._time(s, cfg, starts, period, zone, where, bind),
            ]

    # ----- now ---------------------------------------------------------------------------------------------
    def _now(
        self, cfg: Config, scope: str, counts: agg.NowCounts, tags: list[tuple[str, int]]
    ) -> list[Chart]:
        by_key = counts.by_urgency
        keys = [k for k in KEY_LABELS if by_key.get(k)]
        palette = {**cfg.colors.gradient.model_dump(), **cfg.colors.statuses.model_dump()}
        stages = Chart(
            "stages",
            "Active tickets by urgency",
            "tickets",
            [KEY_LABELS[k] for k in keys],
            [Series("Tickets", [float(by_key[k]) for k in keys])],
            [_with(scope, "is:active", _urgency_term(k)) for k in keys],
            [palette[k] for k in keys],
        )
        statuses = counts.by_status
        shown = [st for st in cfg.workflow if statuses.get(st)]
        by_status = Chart(
            "status",
            "Active tickets by status",
            "tickets",
            shown,
            [Series("Tickets", [float(statuses[st]) for st in shown])],
            [_with(scope, "is:active", Term("status", (st,)).to_text()) for st in shown],
        )
        prios = counts.by_priority
        shown_p = [p for p in reversed(cfg.priorities) if prios.get(p)]
        by_priority = Chart(
            "priority",
            "Active tickets by priority",
            "tickets",
            shown_p,
            [Series("Tickets", [float(prios[p]) for p in shown_p])],
            [_with(scope, "is:active", Term("priority", (p,)).to_text()) for p in shown_p],
            [cfg.colors.priorities.get(p, "") for p in shown_p] if _all_colored(cfg, shown_p) else [],
        )
        by_tag = Chart(
            "tags",
            "Busiest tags (active tickets)",
            "tickets",
            [t for t, _ in tags],
            [Series("Tickets", [float(n) for _, n in tags])],
            [_with(scope, "is:active", Term("tag", (t,)).to_text()) for t, _ in tags],
        )
        return [stages, by_status, by_priority, by_tag]

    # ----- flow --------------------------------------------------------------------------------------------
    def _flow(
        self,
        s: Session,
        cfg: Config,
        starts: Starts,
        period: calc.Period,
        tz: tzinfo,
        where: Where,
        bind: Bind,
    ) -> list[Chart]:
        labels = [calc.period_label(period, a, tz) for a in starts[:-1]]
        r = cfg.status_roles
        created = agg.created_per_period(s, where, bind, starts)
        open_statuses = [st for st in cfg.workflow if st not in (r.resolved, r.closed, r.cancelled)]
        (finished, _), (entered, left) = agg.status_moves_per_period(
            s, where, bind, starts, [[st for st in (r.resolved, r.closed) if st is not None], open_statuses]
        )
        flow = Chart(
            "flow",
            f"Created vs resolved or closed per {period}",
            "tickets",
            labels,
            [
                Series("Created", [float(n) for n in created]),
                Series("Resolved or closed", [float(n) for n in finished]),
            ],
        )
        now_open = sum(agg.count_by(s, [*where, _status_in(open_statuses)], bind, "status").values())
        # Walk back from today's count: the backlog at the end of each period is today's minus what came later.
        backlog: list[float | None] = []
        level = float(now_open)
        for i in range(len(labels) - 1, -1, -1):
            backlog.append(level)
            level -= entered[i] - left[i]
        backlog.reverse()
        open_backlog = Chart(
            "backlog",
            f"Open backlog at the end of each {period}",
            "tickets",
            labels,
            [Series("Open tickets", backlog)],
            line=True,
        )
        return [flow, open_backlog]

    # ----- time --------------------------------------------------------------------------------------------
    def _time(
        self,
        s: Session,
        cfg: Config,
        starts: Starts,
        period: calc.Period,
        tz: tzinfo,
        where: Where,
        bind: Bind,
    ) -> list[Chart]:
        r = cfg.status_roles
        done = agg.finished_rows(
            s, where, bind, [st for st in (r.resolved, r.closed) if st is not None], starts
        )
        prios = [p for p in reversed(cfg.priorities) if any(row[0] == p for row in done)]
        med, p90 = [], []
        for p in prios:
            days = [row[1] for row in done if row[0] == p]  # already sorted by the store
            med.append(calc.percentile(days, 0.5))
            p90.append(calc.percentile(days, 0.9))
        to_resolve = Chart(
            "resolve",
            f"Time to resolve (active days, last {len(starts) - 1} {period}s)",
            "days",
            prios,
            [Series("Median", med), Series("90th percentile", p90)],
        )
        spent = agg.days_in_status(
            s,
            where,
            bind,
            [_status_in([st for st in (r.resolved, r.closed) if st is not None]), _since(starts[0])],
        )
        shown = [st for st in cfg.workflow if st in spent]
        per_ticket = [spent[st] / len(done) if done else None for st in shown]
        in_status = Chart(
            "in_status",
            f"Average days in each status (tickets finished in the last {len(starts) - 1} {period}s)",
            "days",
            shown,
            [Series("Days per ticket", per_ticket)],
        )
        labels = [calc.period_label(period, a, tz) for a in starts[:-1]]
        met, total = [0] * len(labels), [0] * len(labels)
        limits = {p: cfg.stage_days_for(p)[-1] for p in {row[0] for row in done}}
        for priority, active_days, i, on_time in done:
            total[i] += 1
            met[i] += on_time if on_time is not None else (active_days <= limits[priority])
        compliance = Chart(
            "compliance",
            f"SLA met per {period} (share of tickets finished before their due date or backlog limit)",
            "%",
            labels,
            [Series("Met", [100.0 * m / t if t else None for m, t in zip(met, total, strict=True)])],
            line=True,
        )
        return [to_resolve, in_status, compliance]


def _urgency_term(key: str) -> str:
    # is:overdue is the familiar spelling; among active tickets it selects exactly sla:overdue.
    return "is:overdue" if key == "overdue" else Term("sla", ("hold" if key == "on_hold" else key,)).to_text()


def _all_colored(cfg: Config, priorities: Sequence[str]) -> bool:
    return all(p in cfg.colors.priorities for p in priorities)


def _with(scope: str, *terms: str | None) -> str:
    return " ".join(t for t in (scope.strip(), *terms) if t)


def _status_in(statuses: Sequence[str]) -> Any:
    return agg.T.c.status.in_(list(statuses))


def _since(moment: datetime) -> Any:
    return agg.T.c.paused_since >= moment
