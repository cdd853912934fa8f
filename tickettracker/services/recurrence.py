"""Repeating tickets (SPEC §18): make a ticket repeat, create each next occurrence exactly once, stop, skip.

Exactly once: occurrence ``i`` of a series is the row (series, i) of ``occurrence``, whose primary key refuses a
second one, and it is created in the same transaction as its ticket, after re-reading the series under SQLite's
write lock (``BEGIN IMMEDIATE``). Two tabs, the timer and a resolve in the same instant, a restart half-way, or two
instances on one database can therefore never make it twice: the later writer sees ``last_index`` moved on.

When: "from the due date" series must have occurrence ``i + 1`` once occurrence ``i``'s due date has arrived
(``next_at``, checked at start-up and on a timer by :meth:`RecurrenceService.tick`); any series makes the next
one when its newest occurrence is resolved, closed or cancelled (seen on the change event, and by the timer after a
restart). Each new ticket copies the series' template (title, description, notes, requester, watchers, priority,
tags, links), starts in the initial status with its own due date, and its log links back to the previous one.

Longer than ~300 lines on purpose: the series use cases share one exactly-once transaction and its checks.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from tickettracker.domain import recurrence as rec
from tickettracker.domain.fields import encode
from tickettracker.domain.records import Person, TicketRec
from tickettracker.errors import ValidationFailed
from tickettracker.localtime import user_zone
from tickettracker.services import occurrences
from tickettracker.services.events import Change
from tickettracker.services.occurrences import series_words
from tickettracker.services.tickets import TicketService
from tickettracker.store import recurrence as rrepo
from tickettracker.store import tickets as repo

TEMPLATE_FIELDS = ("title", "description", "notes", "requester", "watchers", "priority", "tags", "links")


@dataclass(frozen=True)
class RepeatInfo:
    """What the ticket page shows about a repeating ticket."""

    series_id: int
    index: int  # 0-based position of this ticket in its series
    rule: str
    mode: str
    words: str  # "Every Monday at 09:00, from the due date"
    running: bool  # not stopped (it may still have run out of dates)
    is_latest: bool
    previous_id: int | None
    next_id: int | None
    problem: str


def template_of(t: TicketRec) -> dict[str, Any]:
    """The fields every next occurrence copies, as JSON data."""
    return {
        "title": t.title,
        "description": t.description,
        "notes": t.notes,
        "requester": t.requester,
        "watchers": list(t.watchers),
        "priority": t.priority,
        "tags": list(t.tags),
        "links": [[lk.url, lk.label] for lk in t.links],
    }


class RecurrenceService:
    """Repeating-ticket use cases over one TicketService (its database, configuration, clock and bus)."""

    def __init__(self, tickets: TicketService, *, zone: Callable[[], ZoneInfo] | None = None) -> None:
        self.tickets = tickets
        self._zone = zone or (lambda: user_zone(self.tickets.cfg))
        self.unsubscribe = tickets.bus.subscribe(self._on_change)

    # ----- making a ticket repeat ----------------------------------------------------------------------
    def plan(
        self, ticket_id: int, *, preset: str, rule: str = "", mode: str = "due"
    ) -> tuple[str, str, list[datetime]]:
        """(rule body, rule in words, the next five due moments) for the editor's preview; raises ValidationFailed."""
        t = self.tickets.get(ticket_id, with_updates=False)
        series = self._series_for(t, preset, rule, mode)
        out, index, wall = [], 0, series.anchor
        for _ in range(5):
            found = rec.next_date(series, index, wall)
            if found is None:
                break
            index, wall = index + 1, found
            out.append(rec.moment_of(series, wall))
        words = rec.describe(series.rule, series.all_day, series.anchor.time(), series.mode)
        return series.rule, words, out

    def repeat(
        self,
        ticket_id: int,
        *,
        preset: str,
        rule: str = "",
        mode: str = "due",
        author: str | Person | None = None,
    ) -> RepeatInfo:
        """Make ``ticket_id`` repeat (or change its series' rule for all future occurrences)."""
        now = self.tickets.clock()
        with self.tickets.db.write() as s:
            t = repo.load_ticket(s, ticket_id=ticket_id, with_updates=False)
            if t.deleted_at is not None or t.status in self.tickets.cfg.terminal_statuses:
                raise ValidationFailed({"repeat": "Only an open ticket can be made to repeat"})
            series = self._series_for(t, preset, rule, mode)
            if series.mode == "due":
                try:  # refuse before writing anything
                    rec.dates_until(series, 0, series.anchor, rec.wall_time(now, ZoneInfo(series.zone)))
                except rec.TooMany as e:
                    raise ValidationFailed({"repeat": str(e)}) from None
            found = rrepo.occurrence_of(s, ticket_id=ticket_id)
            words = rec.describe(series.rule, series.all_day, series.anchor.time(), series.mode)
            values = {
                "rule": series.rule,
                "mode": series.mode,
                "zone": series.zone,
                "anchor": series.anchor.isoformat(),
                "all_day": series.all_day,
                "last_wall": series.anchor.isoformat(),
                "next_at": rec.moment_of(series, series.anchor) if series.mode == "due" else None,
                "stopped_at": None,
                "problem": "",
            }
            if found is None:
                values.update(
                    template=json.dumps(template_of(t), ensure_ascii=False), last_index=0, created=now
                )
                series_id = rrepo.insert_series(s, values=values)
                rrepo.add_occurrence(
                    s, series_id=series_id, idx=0, ticket_id=ticket_id, due=t.due, created=now
                )
                old = None
            else:
                series_id, index = found
                row = rrepo.series_row(s, series_id=series_id)
                if index != row["last_index"]:
                    raise ValidationFailed(
                        {"repeat": "Change the rule on the newest occurrence of the series"}
                    )
                old = series_words(row) if row["stopped_at"] is None else None
                rrepo.update_series(s, series_id=series_id, values=values)
            self._log(s, t, now, author, field="repeat", old=old, new=words)
            created = occurrences.advance(self.tickets, s, series_id, now)
        self._announce(ticket_id, created)
        info = self.info(ticket_id)
        assert info is not None
        return info

    def _series_for(self, t: TicketRec, preset: str, rule: str, mode: str) -> rec.Series:
        if mode not in rec.MODES:
            raise ValidationFailed({"repeat": f"Unknown repeat mode {mode!r}"})
        zone = self._zone()
        if t.due is not None:
            anchor, all_day = rec.wall_time(t.due, zone), not t.due_has_time
        elif mode == "due":
            raise ValidationFailed(
                {"due": "Set a due date first: a series “from the due date” counts from it"}
            )
        else:
            today = rec.wall_time(self.tickets.clock(), zone).date()
            anchor, all_day = datetime.combine(today, rec.ALL_DAY_TIME), True
        try:
            body = (
                rec.normalize(rule, zone, anchor)
                if preset == "custom"
                else rec.preset_rule(preset, anchor.date(), mode)  # type: ignore[arg-type]
            )
        except rec.RuleError as e:
            raise ValidationFailed({"repeat": str(e)}) from None
        return rec.Series(body, mode, zone.key, anchor, all_day)  # type: ignore[arg-type]

    # ----- stopping, skipping, editing all future occurrences ---------------------------------------
    def stop(self, ticket_id: int, *, author: str | Person | None = None) -> None:
        """Stop repeating: no further occurrence is created (existing ones stay)."""
        now = self.tickets.clock()
        with self.tickets.db.write() as s:
            series_id, row = self._row_of(s, ticket_id)
            if row["stopped_at"] is not None:
                return
            rrepo.update_series(s, series_id=series_id, values={"stopped_at": now, "next_at": None})
            t = repo.load_ticket(s, ticket_id=ticket_id, with_updates=False)
            self._log(s, t, now, author, field="repeat", old=series_words(row), new=None)
        self.tickets.bus.emit(Change("updated", ticket_id))

    def skip(self, ticket_id: int, *, author: str | Person | None = None) -> None:
        """Skip this occurrence: it is cancelled (logged) and the next one is created as usual."""
        with self.tickets.db.read() as s:
            self._row_of(s, ticket_id)
        roles = self.tickets.cfg.status_roles
        skipped = roles.cancelled or roles.closed  # a workflow may have no cancelled (or closed) status
        if skipped is None:
            raise ValidationFailed({"repeat": "The workflow has no cancelled or closed status to skip to"})
        self.tickets.change_status(ticket_id, skipped, author=author)

    def apply_to_future(self, ticket_id: int, *, author: str | Person | None = None) -> None:
        """After "all future" was chosen for an edit: future occurrences copy this ticket's fields and due time."""
        now = self.tickets.clock()
        with self.tickets.db.write() as s:
            series_id, row = self._row_of(s, ticket_id)
            t = repo.load_ticket(s, ticket_id=ticket_id, with_updates=False)
            values: dict[str, Any] = {"template": json.dumps(template_of(t), ensure_ascii=False)}
            found = rrepo.occurrence_of(s, ticket_id=ticket_id)
            if found is not None and found[1] == row["last_index"] and t.due is not None:
                zone = ZoneInfo(row["zone"])  # a moved due date re-anchors the rule on it
                wall = rec.wall_time(t.due, zone)
                values.update(anchor=wall.isoformat(), last_wall=wall.isoformat(), all_day=not t.due_has_time)
                if row["mode"] == "due" and row["stopped_at"] is None:
                    values["next_at"] = t.due
            rrepo.update_series(s, series_id=series_id, values=values)
            created = occurrences.advance(self.tickets, s, series_id, now)
        self._announce(ticket_id, created)

    # ----- reading ----------------------------------------------------------------------------------------
    def info(self, ticket_id: int) -> RepeatInfo | None:
        """How ``ticket_id`` repeats, or None when it does not."""
        with self.tickets.db.read() as s:
            found = rrepo.occurrence_of(s, ticket_id=ticket_id)
            if found is None:
                return None
            series_id, index = found
            row = rrepo.series_row(s, series_id=series_id)
            previous = rrepo.occurrence_ticket(s, series_id=series_id, idx=index - 1) if index else None
            following = rrepo.occurrence_ticket(s, series_id=series_id, idx=index + 1)
        return RepeatInfo(
            series_id,
            index,
            row["rule"],
            row["mode"],
            series_words(row),
            row["stopped_at"] is None,
            index == row["last_index"],
            previous,
            following,
            row["problem"],
        )

    def words_for(self, ticket_ids: Sequence[int]) -> dict[int, str]:
        """The rule in words for each ticket that repeats (one query; for list rows)."""
        with self.tickets.db.read() as s:
            rows = rrepo.series_of(s, ticket_ids=ticket_ids)
        return {tid: series_words(r) for tid, r in rows.items() if r["stopped_at"] is None}

    # ----- creating occurrences ---------------------------------------------------------------------------
    def tick(self) -> list[int]:
        """Create every occurrence that is due now (start-up and timer); returns the new tickets' ids."""
        now = self.tickets.clock()
        cfg = self.tickets.cfg
        finished = tuple(x for x in (cfg.status_roles.resolved, *cfg.terminal_statuses) if x is not None)
        with self.tickets.db.read() as s:
            todo = dict.fromkeys(rrepo.due_series(s, now=now) + rrepo.finished_heads(s, statuses=finished))
        created: list[tuple[int, int | None]] = []
        for series_id in todo:
            try:
                with self.tickets.db.write() as s:
                    created += occurrences.advance(self.tickets, s, series_id, now)
            except IntegrityError:  # another writer made it first: nothing of this attempt was kept
                continue
        self._announce(None, created)
        return [new_id for new_id, _ in created]

    def _on_change(self, change: Change) -> None:
        if change.kind != "updated" or change.ticket_id is None:
            return
        cfg = self.tickets.cfg
        with self.tickets.db.read() as s:
            found = rrepo.occurrence_of(s, ticket_id=change.ticket_id)
            if found is None:
                return
            row = rrepo.series_row(s, series_id=found[0])
            status = repo.ticket_row(s, ticket_id=change.ticket_id)["status"]
        if found[1] != row["last_index"] or row["stopped_at"] is not None:
            return
        if status not in (cfg.status_roles.resolved, *cfg.terminal_statuses):
            return
        with self.tickets.db.write() as s:
            created = occurrences.advance(self.tickets, s, found[0], self.tickets.clock())
        self._announce(None, created)

    # ----- helpers -----------------------------------------------------------------------------------------
    def _row_of(self, s: Session, ticket_id: int) -> tuple[int, dict[str, Any]]:
        found = rrepo.occurrence_of(s, ticket_id=ticket_id)
        if found is None:
            raise ValidationFailed({"repeat": f"Ticket #{ticket_id} does not repeat"})
        return found[0], rrepo.series_row(s, series_id=found[0])

    def _log(
        self,
        s: Session,
        t: TicketRec,
        now: datetime,
        author: str | Person | None,
        *,
        field: str,
        old: Any,
        new: Any,
    ) -> None:
        who = self.tickets.author_for(author)
        repo.add_update(
            s,
            ticket_id=t.id,
            at=now,
            author=who.name,
            link_id=who.link_id,
            kind="field",
            field=field,
            old=encode(old),
            new=encode(new),
        )
        repo.update_ticket(s, ticket_id=t.id, values={"updated": now, "version": t.version + 1})

    def _announce(self, ticket_id: int | None, created: list[tuple[int, int | None]]) -> None:
        if ticket_id is not None:
            self.tickets.bus.emit(Change("updated", ticket_id))
        for new_id, previous in created:
            self.tickets.bus.emit(Change("created", new_id))
            if previous is not None and previous != ticket_id:
                self.tickets.bus.emit(Change("updated", previous))  # its log gained "Next occurrence: #…"
