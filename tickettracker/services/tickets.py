"""Use cases: check with the domain, write with the store in one short transaction, then announce the change.

Every change to a ticket writes its update-log entries in the same transaction as the change itself (SPEC §5).
Log values are JSON-encoded so that replaying the log reproduces a ticket's fields exactly.

Longer than ~300 lines on purpose: it holds the ticket use cases of one aggregate; the log writer and the
trash already live apart.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from sqlmodel import Session

from tickettracker.config import Config
from tickettracker.domain import fields, sla, workflow
from tickettracker.domain.records import ListQuery, LogPage, Page, Person, TicketRec, UpdateRec
from tickettracker.domain.validation import LinkIn, TicketInput, check_link, clean_text, validate
from tickettracker.errors import ConflictError, ValidationFailed
from tickettracker.services import logwriter
from tickettracker.services.events import Change, ChangeBus
from tickettracker.services.trash import TicketTrash
from tickettracker.store import Database, listing, update_log
from tickettracker.store import tickets as repo

# The field helpers and the log encoding are re-exported for the importer and the ticket form.
__all__ = [
    "LOGGED_FIELDS",
    "SYSTEM",
    "TicketService",
    "encode",
    "field_values",
    "input_from",
    "refuse_bad_links",
    "ticket_columns",
    "utcnow",
]

SYSTEM = "System"
LOGGED_FIELDS = fields.NAMES
encode = fields.encode  # how a field value is written into the log
field_values = fields.log_values  # a ticket's loggable fields, in the shapes the log stores them
input_from = fields.input_from  # a form's starting values for editing a ticket


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def ticket_columns(cfg: Config, clean: TicketInput) -> dict[str, Any]:
    """The ticket-table columns for validated input (the derived SLA columns are added by the caller)."""
    return {**fields.column_values(clean), "priority_rank": cfg.priorities.index(clean.priority)}


def refuse_bad_links(links: list[LinkIn]) -> None:
    """Raise ValidationFailed naming the first link that :func:`check_link` refuses."""
    for link in links:
        reason = check_link(link.url)
        if reason:
            raise ValidationFailed({"links": f"{link.url.strip()[:80]!r}: {reason}"})


class TicketService(TicketTrash):
    """Ticket use cases. ``cfg`` may be replaced at run time (Settings page) through :meth:`apply_config`."""

    def __init__(
        self,
        db: Database,
        cfg: Config,
        *,
        bus: ChangeBus | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.db = db
        self.cfg = cfg
        self.bus = bus or ChangeBus()
        self.clock = clock

    # ----- reading ---------------------------------------------------------------------------------------
    def get(self, ticket_id: int, *, with_updates: bool = True) -> TicketRec:
        with self.db.read() as s:
            return repo.load_ticket(s, ticket_id=ticket_id, with_updates=with_updates)

    def log_page(
        self,
        ticket_id: int,
        *,
        newest_first: bool = True,
        after: tuple[datetime, int] | None = None,
        size: int = 50,
        search: str = "",
    ) -> LogPage:
        """``size`` entries of the ticket's log after the entry keyed ``after`` ((at, id), None: from the start),
        only those matching ``search`` when it is not blank."""
        with self.db.read() as s:
            found = update_log.entries(
                s, ticket_id=ticket_id, newest_first=newest_first, after=after, limit=size + 1, search=search
            )
            total = update_log.count(s, ticket_id=ticket_id)
            matching = update_log.count(s, ticket_id=ticket_id, search=search) if search.strip() else total
        return LogPage(tuple(found[:size]), len(found) > size, total, matching)

    def log_entries(
        self,
        ticket_id: int,
        *,
        since: tuple[datetime, int] | None,
        upto: tuple[datetime, int] | None = None,
        search: str = "",
    ) -> list[UpdateRec]:
        """The entries keyed from ``since`` up to ``upto`` (both inclusive, None: no bound), oldest first: what a
        page showing that stretch of the log needs to catch up with a change."""
        with self.db.read() as s:
            return update_log.entries(
                s, ticket_id=ticket_id, newest_first=False, since=since, upto=upto, search=search
            )

    def log_count(self, ticket_id: int, *, search: str = "") -> int:
        """How many entries the ticket's log has (matching ``search`` when it is not blank)."""
        with self.db.read() as s:
            return update_log.count(s, ticket_id=ticket_id, search=search)

    def page(self, query: ListQuery) -> Page:
        with self.db.read() as s:
            return listing.page(s, query, self.clock())

    def count(self, query: ListQuery) -> int:
        with self.db.read() as s:
            return listing.count(s, query, self.clock())

    def all_tags(self) -> list[str]:
        with self.db.read() as s:
            return repo.all_tags(s)

    def tags_matching(self, text: str, *, limit: int = 50) -> list[str]:
        """Tags containing ``text`` (any case; prefix matches first), for a picker that loads options as typed."""
        with self.db.read() as s:
            return repo.tags_matching(s, text=text, limit=limit)

    def urgency(self, t: Any, now: datetime | None = None) -> sla.Urgency:
        """Urgency of a TicketRec or RowRec at ``now`` (defaults to the service clock)."""
        return sla.evaluate(self._facts(t), self.cfg, now or self.clock())

    # ----- writing ---------------------------------------------------------------------------------------
    def create(
        self,
        data: TicketInput,
        *,
        author: str | Person | None = None,
        at: datetime | None = None,
        ticket_id: int | None = None,
    ) -> int:
        """Create a ticket; its log starts with a "created" entry holding every initial field value."""
        clean = validate(self.cfg, data)
        now = at or self.clock()
        author = self.author_for(author)
        with self.db.write() as s:
            new_id = self.insert_in(s, clean, now=now, author=author, ticket_id=ticket_id)
        self.bus.emit(Change("created", new_id))
        return new_id

    def insert_in(
        self,
        s: Session,
        clean: TicketInput,
        *,
        now: datetime,
        author: str | Person,
        ticket_id: int | None = None,
    ) -> int:
        """Insert validated input with its "created" log entry inside the caller's transaction (no event)."""
        who = author if isinstance(author, Person) else Person(author)
        values = ticket_columns(self.cfg, clean)
        pause = sla.pause_credit(now, clean.status, [], self.cfg.paused_statuses, now)
        values.update(
            created=now,
            updated=now,
            paused_seconds=pause.paused_seconds,
            paused_since=pause.paused_since,
            version=1,
        )
        values["deadline"] = sla.deadline(logwriter.facts_from(values, now), self.cfg)
        new_id = repo.insert_ticket(s, values=values, ticket_id=ticket_id)
        repo.set_tags(s, ticket_id=new_id, names=clean.tags)
        repo.set_watchers(s, ticket_id=new_id, values=clean.watchers)
        repo.set_links(s, ticket_id=new_id, links=[(lk.url, lk.label) for lk in clean.links])
        initial = fields.log_json(clean)
        repo.add_update(
            s,
            ticket_id=new_id,
            at=now,
            author=who.name,
            link_id=who.link_id,
            kind="created",
            new=json.dumps(initial, ensure_ascii=False),
            body=clean.hold_reason or "",
        )
        repo.reindex(s, ticket_id=new_id)
        return new_id

    def update(
        self,
        ticket_id: int,
        data: TicketInput,
        *,
        author: str | Person | None = None,
        expected_version: int | None = None,
    ) -> list[str]:
        """Write only the fields that changed, logging each; returns the names of the changed fields."""
        now = self.clock()
        author = self.author_for(author)
        with self.db.write() as s:
            current = repo.load_ticket(s, ticket_id=ticket_id, with_updates=False)
            self._check_version(current, expected_version)
            workflow.check_editable(self.cfg, current.status)
            if current.deleted_at is not None:
                raise ValidationFailed({"title": "This ticket is in the trash: restore it first"})
            clean = validate(self.cfg, data, current_status=current.status)
            before, after = field_values(current), field_values(clean)
            changed = fields.changed(before, after)
            if not changed:
                return []
            self.write_changes(s, current, before, after, changed, author=author, now=now)
        self.bus.emit(Change("updated", ticket_id))
        return changed

    def change_status(
        self,
        ticket_id: int,
        status: str,
        *,
        hold_reason: str | None = None,
        author: str | Person | None = None,
        expected_version: int | None = None,
    ) -> None:
        now = self.clock()
        author = self.author_for(author)
        with self.db.write() as s:
            current = repo.load_ticket(s, ticket_id=ticket_id, with_updates=False)
            self._check_version(current, expected_version)
            reason = workflow.check_transition(self.cfg, current.status, status, hold_reason)
            before = field_values(current)
            after = dict(before, status=status, hold_reason=reason)
            changed = fields.changed(before, after, ("status", "hold_reason"))
            if changed:
                self.write_changes(s, current, before, after, changed, author=author, now=now)
        if changed:
            self.bus.emit(Change("updated", ticket_id))

    def reopen(self, ticket_id: int, *, author: str | Person | None = None) -> None:
        """The only way out of a terminal status (logged as "reopened")."""
        now = self.clock()
        author = self.author_for(author)
        with self.db.write() as s:
            current = repo.load_ticket(s, ticket_id=ticket_id, with_updates=False)
            target = workflow.check_reopen(self.cfg, current.status)
            before = field_values(current)
            after = dict(before, status=target, hold_reason=None)
            self.write_changes(s, current, before, after, ["status"], author=author, now=now, kind="reopened")
        self.bus.emit(Change("updated", ticket_id))

    def post_update(
        self,
        ticket_id: int,
        body: str,
        *,
        author: str | Person | None = None,
        links: list[LinkIn] | None = None,
        allow_empty: bool = False,
        within: Callable[[Session, int], None] | None = None,
    ) -> int:
        """Append a written note (optionally with links) to the ticket's log.

        ``within(session, update_id)`` runs inside the same transaction (the attachment service adds the note's
        files there, so note and files are committed together or not at all).
        """
        text = clean_text(body).strip()
        links = links or []
        refuse_bad_links(links)
        if not text and not links and not allow_empty:
            raise ValidationFailed({"update": "Write something first"})
        now = self.clock()
        author = self.author_for(author)
        with self.db.write() as s:
            current = repo.ticket_row(s, ticket_id=ticket_id)
            workflow.check_editable(self.cfg, current["status"])
            update_id = repo.add_update(
                s,
                ticket_id=ticket_id,
                at=now,
                author=author.name,
                link_id=author.link_id,
                kind="note",
                body=text,
                links=[(lk.url.strip(), lk.label.strip()) for lk in links],
            )
            if within is not None:
                within(s, update_id)
            repo.update_ticket(
                s, ticket_id=ticket_id, values={"updated": now, "version": current["version"] + 1}
            )
            repo.reindex(s, ticket_id=ticket_id)
        self.bus.emit(Change("updated", ticket_id))
        return update_id

    def apply_config(self, cfg: Config) -> None:
        """Use a new configuration at once: re-rank priorities and recompute every derived SLA deadline."""
        self.cfg = cfg
        with self.db.write() as s:
            self.recompute_derived(s)
        self.bus.emit(Change("config"))

    def recompute_derived(self, s: Session) -> int:
        """Recompute priority_rank and deadline for all tickets (after a configuration change or an import)."""
        repo.set_priority_ranks(s, ranks={name: i for i, name in enumerate(self.cfg.priorities)})
        deadlines = {r.id: sla.deadline(self._facts(r), self.cfg) for r in repo.sla_rows(s)}
        repo.set_deadlines(s, deadlines=deadlines)
        return len(deadlines)

    # ----- for the other services ------------------------------------------------------------------------
    def author_for(self, author: str | Person | None) -> Person:
        """The name a log entry is signed with: ``author`` cleaned, else the configured default submitter."""
        return logwriter.author_name(self.cfg, author)

    def write_changes(
        self,
        s: Session,
        current: TicketRec,
        before: dict[str, Any],
        after: dict[str, Any],
        changed: list[str],
        *,
        author: Person,
        now: datetime,
        kind: str | None = None,
    ) -> None:
        """Write ``changed`` fields of ``current`` with their log entries inside the caller's transaction ``s``.

        Bulk actions and undo use it so their entries read exactly like one-by-one edits; the caller emits the
        change event after its transaction commits.
        """
        logwriter.write_changes(
            s, self.cfg, current, before, after, changed, author=author, now=now, kind=kind
        )

    # ----- helpers ---------------------------------------------------------------------------------------
    @staticmethod
    def _check_version(current: TicketRec, expected: int | None) -> None:
        if expected is not None and expected != current.version:
            raise ConflictError(
                f"Ticket #{current.id} was changed elsewhere since you opened it. "
                "Your text is kept: reload to see the other change, then save again."
            )

    def _facts(self, t: Any) -> sla.SlaFacts:
        return sla.facts_of(t)
