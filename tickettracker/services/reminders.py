"""Reminders (SPEC §18): the header list, pop-ups shown exactly once, "Remind me", snooze and quiet hours.

Automatic reminders come from :func:`tickettracker.domain.reminders.plan` (last SLA stage entered, due date arrived,
overdue). :meth:`ReminderService.sweep` runs at start-up and on a timer: it looks at the moments in (mark, now],
where the mark is stored in the database, so reminders that fell due while the app was closed appear at the next
start and none appears twice (each is unique per ticket and key). Looking only at tickets whose SLA deadline lies in
a narrow window (an index range) keeps a sweep cheap at any backlog size. The first sweep of a database only sets
the mark: an existing backlog does not flood the list with old news.

A pop-up (browser or desktop notification) is claimed by one tab in one write transaction, so two tabs or two
instances never show the same reminder twice; during quiet hours nothing is claimed (the list still shows them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tickettracker.domain import reminders as plan_rules
from tickettracker.domain import when as words
from tickettracker.errors import ValidationFailed
from tickettracker.localtime import date_order, user_zone
from tickettracker.services.events import Change
from tickettracker.services.tickets import TicketService
from tickettracker.store import reminders as repo
from tickettracker.store import tickets as tickets_repo

MARK = "reminders"
DUE_WINDOW = timedelta(
    days=1
)  # a due date "arrives" (09:00 local) within a day before its deadline (23:59:59)
SNOOZES = {"10 minutes": timedelta(minutes=10), "1 hour": timedelta(hours=1), "tomorrow": timedelta(days=1)}


@dataclass(frozen=True)
class ReminderRec:
    id: int
    ticket_id: int
    title: str
    kind: str
    text: str  # "Due now", "Now overdue", …
    fire_at: datetime


class ReminderService:
    """Reminder use cases over one TicketService."""

    def __init__(self, tickets: TicketService, *, zone: Callable[[], ZoneInfo] | None = None) -> None:
        self.tickets = tickets
        self._zone = zone or (lambda: user_zone(self.tickets.cfg))

    # ----- the sweep ------------------------------------------------------------------------------------
    def sweep(self) -> int:
        """Add every automatic reminder whose moment passed since the last sweep; returns how many are new."""
        now, cfg, zone = self.tickets.clock(), self.tickets.cfg, self._zone()
        with self.tickets.db.write() as s:
            mark = repo.get_mark(s, name=MARK)
            repo.set_mark(s, name=MARK, at=now)
            if mark is None or mark >= now:
                return 0
            rows: list[dict[str, Any]] = []
            for found in self._candidates(s, mark, now):
                for p in plan_rules.plan(
                    priority=found["priority"],
                    due=found["due"],
                    due_has_time=found["due_has_time"],
                    deadline=found["deadline"],
                    cfg=cfg,
                    zone=zone,
                ):
                    if mark < p.fire_at <= now:
                        rows.append(
                            {
                                "ticket_id": found["id"],
                                "kind": p.kind,
                                "key": p.key,
                                "fire_at": p.fire_at,
                                "created": now,
                            }
                        )
            added = repo.add_reminders(s, rows=rows)
        if added:
            self.tickets.bus.emit(Change("reminders"))
        return added

    def _candidates(self, s: Any, mark: datetime, now: datetime) -> list[dict[str, Any]]:
        """Tickets that may have a reminder moment in (mark, now]: one narrow deadline range per lead time."""
        cfg = self.tickets.cfg
        active = [st for st in cfg.workflow if st not in cfg.paused_statuses]
        seen: dict[int, dict[str, Any]] = {}

        def take(low: datetime, high: datetime, due_dated: bool, priorities: list[str] | None = None) -> None:
            for row in repo.candidates(
                s, low=low, high=high, statuses=active, due_dated=due_dated, priorities=priorities
            ):
                seen[row["id"]] = row

        take(mark, now + DUE_WINDOW, True)  # due date arrived / overdue
        take(mark, now, False)  # backlog ticket overdue
        lead = plan_rules.warning_lead(cfg, cfg.priorities[0], True)
        if lead is not None:
            take(mark + lead, now + lead, True)
        by_lead: dict[timedelta, list[str]] = {}
        for name in cfg.priorities:
            backlog_lead = plan_rules.warning_lead(cfg, name, False)
            if backlog_lead is not None:
                by_lead.setdefault(backlog_lead, []).append(name)
        for backlog_lead, names in by_lead.items():
            take(mark + backlog_lead, now + backlog_lead, False, names)
        return list(seen.values())

    # ----- the header list ------------------------------------------------------------------------------
    def inbox(self, limit: int = 30) -> list[ReminderRec]:
        """Unread reminders that have fired, newest first."""
        with self.tickets.db.read() as s:
            rows = repo.inbox(s, now=self.tickets.clock(), limit=limit)
        return [self._rec(r) for r in rows]

    def unread_count(self) -> int:
        with self.tickets.db.read() as s:
            return repo.unread_count(s, now=self.tickets.clock())

    def claim_popups(self, limit: int = 3) -> list[ReminderRec]:
        """Reminders to pop up now, each handed out once (none during quiet hours)."""
        now, zone = self.tickets.clock(), self._zone()
        quiet = self.tickets.cfg.time.quiet_hours
        start, end = plan_rules.parse_clock(quiet.start), plan_rules.parse_clock(quiet.end)
        if plan_rules.in_quiet_hours(now, start, end, zone):
            return []
        with self.tickets.db.read() as s:  # every tab polls: take the write lock only when there is work
            if not repo.claimable(s, now=now):
                return []
        with self.tickets.db.write() as s:
            rows = repo.claim(s, now=now, limit=limit)
        return [self._rec(r) for r in rows]

    def mark_read(self, ids: Sequence[int] | None = None) -> int:
        """Mark reminders read (all fired ones when ``ids`` is None)."""
        with self.tickets.db.write() as s:
            changed = repo.mark_read(s, ids=ids, now=self.tickets.clock())
        if changed:
            self.tickets.bus.emit(Change("reminders"))
        return changed

    def snooze(self, reminder_id: int, choice: str) -> datetime:
        """Show the reminder again later: "10 minutes", "1 hour", "tomorrow" (09:00) or words ("friday 2pm")."""
        until = self._snooze_until(choice)
        with self.tickets.db.write() as s:
            if not repo.reschedule(s, reminder_id=reminder_id, fire_at=until):
                raise ValidationFailed({"snooze": "This reminder no longer exists"})
        self.tickets.bus.emit(Change("reminders"))
        return until

    def _snooze_until(self, choice: str) -> datetime:
        now, zone = self.tickets.clock(), self._zone()
        if choice == "tomorrow":
            day = now.astimezone(zone).date() + timedelta(days=1)
            return plan_rules.due_moment(datetime.combine(day, datetime.min.time(), zone), False, zone)
        if choice in SNOOZES:
            return now + SNOOZES[choice]
        return self._future(choice, "snooze")

    # ----- "Remind me" ------------------------------------------------------------------------------------
    def remind_me(self, ticket_id: int, text: str) -> datetime:
        """A reminder about ``ticket_id`` at a time typed in words ("tomorrow 9:00", "in 2 hours")."""
        at = self._future(text, "remind")
        now = self.tickets.clock()
        with self.tickets.db.write() as s:
            tickets_repo.ticket_row(s, ticket_id=ticket_id, include_deleted=False)  # NotFound when gone
            repo.add_reminders(
                s,
                rows=[
                    {
                        "ticket_id": ticket_id,
                        "kind": "manual",
                        "key": f"manual@{at.isoformat()}",
                        "fire_at": at,
                        "created": now,
                    }
                ],
            )
        self.tickets.bus.emit(Change("reminders", ticket_id))
        return at

    def upcoming(self, ticket_id: int) -> list[ReminderRec]:
        """A ticket's reminders still to come."""
        with self.tickets.db.read() as s:
            rows = repo.pending_for(s, ticket_id=ticket_id, now=self.tickets.clock())
        return [
            ReminderRec(
                r["id"], ticket_id, "", r["kind"], self._text(r["kind"], r["fire_at"], None), r["fire_at"]
            )
            for r in rows
        ]

    def read_when(self, text: str, field: str = "due") -> words.When:
        """A date typed in words, read in the user's zone and date order; ValidationFailed keyed by ``field``."""
        try:
            return words.parse(text, self.tickets.clock(), self._zone(), date_order(self.tickets.cfg))
        except words.WhenError as e:
            raise ValidationFailed({field: e.message}) from None

    def _future(self, text: str, field: str) -> datetime:
        now = self.tickets.clock()
        found = self.read_when(text, field)
        at = found.moment if found.has_time else plan_rules.due_moment(found.moment, False, self._zone())
        if at <= now:
            raise ValidationFailed({field: f"{found.preview()} has passed: choose a later time"})
        return at

    def _rec(self, r: dict[str, Any]) -> ReminderRec:
        return ReminderRec(
            r["id"],
            r["ticket_id"],
            r["title"],
            r["kind"],
            self._text(r["kind"], r["fire_at"], r["due"]),
            r["fire_at"],
        )

    def _text(self, kind: str, fire_at: datetime, due: datetime | None) -> str:
        return plan_rules.describe(kind, fire_at, due, self._zone())
