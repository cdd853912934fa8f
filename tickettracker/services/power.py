"""Power-user use cases: the query language, saved views and bulk edits (with an undo for the whole batch).

Built on :class:`~tickettracker.services.TicketService` (its database, configuration, clock and change bus). A bulk
edit is one transaction: every ticket gets its own log entries, and one change event refreshes every tab once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from tickettracker.domain import fields, workflow
from tickettracker.domain.query import TIME_FIELDS, Query, QueryError, ViewRec, parse
from tickettracker.domain.records import Page, Person
from tickettracker.domain.validation import MAX_TAG, clean_text
from tickettracker.errors import TicketTrackerError, ValidationFailed, WorkflowError
from tickettracker.localtime import date_order
from tickettracker.services import logwriter
from tickettracker.services.events import Change
from tickettracker.services.tickets import TicketService
from tickettracker.store import query_sql
from tickettracker.store import saved_views as views_repo
from tickettracker.store import tickets as repo


@dataclass
class BulkResult:
    """What a bulk edit did: the tickets changed, those skipped (with why), and what an undo needs."""

    action: str
    changed: list[int] = field(default_factory=list)
    skipped: dict[int, str] = field(default_factory=dict)
    # ticket id -> (version after the edit, field values before it)
    before: dict[int, tuple[int, dict[str, Any]]] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        n = len(self.changed)
        text = f"{self.action}: {n} ticket{'s' if n != 1 else ''} changed"
        if self.skipped:
            text += f", {len(self.skipped)} skipped"
        return text


class PowerService:
    """Query-language listing, saved views and bulk edits over one TicketService."""

    def __init__(self, tickets: TicketService) -> None:
        self.tickets = tickets
        # Counts by query text (the sidebar's views, "All tickets"): every tab asks on load and after each change.
        # Any change event empties the cache; a count computed while a change happened is not kept (generation);
        # a write by another process on the same SQLite file (the CLI) shows in the file's stamp.
        self._counts: dict[str, tuple[tuple[object, ...], int]] = {}
        self._generation = 0
        tickets.bus.subscribe(self._forget_counts)

    def _forget_counts(self, _change: Change) -> None:
        self._generation += 1
        self._counts.clear()

    # ----- the query language ------------------------------------------------------------------------
    def parse(self, text: str) -> Query:
        """The query for the search-box ``text``; raises QueryError (with its position)."""
        return parse(text, self.tickets.cfg, date_order(self.tickets.cfg))

    def page(
        self, q: Query, *, page: int = 1, page_size: int = 50, trash: bool = False, details: bool = False
    ) -> Page:
        """One page of tickets matching ``q``; ``trash`` lists the trashed ones instead of the live ones;
        ``details`` adds what the comfortable layout shows (a description excerpt, update and file counts)."""
        now = self.tickets.clock().astimezone()  # whole days ("due:today") are the user's local days
        with self.tickets.db.read() as s:
            return query_sql.page(
                s, q, self.tickets.cfg, now, page=page, page_size=page_size, trash=trash, details=details
            )

    def count(self, q: Query) -> int:
        """How many live tickets match ``q``; cached until the next change event unless the answer moves with
        time (due, created, updated, is:overdue, sla: terms), so a count is never stale."""
        key = Query(q.terms).to_text()
        stamp = self._stamp()
        cached = self._counts.get(key)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        generation = self._generation
        with self.tickets.db.read() as s:
            n = query_sql.count(s, q, self.tickets.cfg, self.tickets.clock().astimezone())
        if generation == self._generation and not _moves_with_time(q):
            self._counts[key] = (stamp, n)
        return n

    def _stamp(self) -> tuple[object, ...]:
        """What changes with every commit to the SQLite file by anyone (its WAL and main file); PostgreSQL
        instances hear each other's changes on the bus."""
        path = self.tickets.db.path
        if path is None:
            return ()
        out: list[object] = [str(path)]
        for file in (path, path.with_name(path.name + "-wal")):
            try:
                st = file.stat()
            except OSError:
                out += [0, 0]
            else:
                out += [st.st_mtime_ns, st.st_size]
        return tuple(out)

    def matching_ids(self, q: Query) -> list[int]:
        with self.tickets.db.read() as s:
            return query_sql.ids(s, q, self.tickets.cfg, self.tickets.clock().astimezone())

    def find(self, typed: str, *, limit: int = 8) -> list[tuple[int, str, str]]:
        """Tickets by number or title words, for the command palette."""
        with self.tickets.db.read() as s:
            return query_sql.find_tickets(s, typed, limit=limit)

    # ----- saved views -------------------------------------------------------------------------------
    def views(self) -> list[ViewRec]:
        with self.tickets.db.read() as s:
            return views_repo.all_views(s)

    def views_with_counts(self) -> list[tuple[ViewRec, int | None]]:
        """Every view with its live count (None when its query no longer reads, e.g. a status was renamed)."""
        out: list[tuple[ViewRec, int | None]] = []
        for view in self.views():
            try:
                out.append((view, self.count(self.parse(view.query))))
            except QueryError:
                out.append((view, None))
        return out

    def default_view(self) -> ViewRec | None:
        with self.tickets.db.read() as s:
            return views_repo.default_view(s)

    def save_view(self, name: str, text: str) -> int:
        """Save the search-box ``text`` (query and sort) under ``name``."""
        q = self._check_query(text)
        sort = f"{'-' if q.descending else ''}{q.sort}" if q.sort else ""
        view_id = self._write(
            lambda s: views_repo.insert_view(s, name=name, query=Query(q.terms).to_text(), sort=sort)
        )
        return int(view_id)

    def rename_view(self, view_id: int, name: str) -> None:
        self._write(lambda s: views_repo.rename_view(s, view_id=view_id, name=name))

    def reorder_views(self, ids: Sequence[int]) -> None:
        self._write(lambda s: views_repo.reorder_views(s, ids=list(ids)))

    def move_view(self, view_id: int, step: int) -> None:
        """Move a view up (step -1) or down (+1) in the sidebar."""
        ids = [v.id for v in self.views()]
        i = ids.index(view_id)
        j = max(0, min(len(ids) - 1, i + step))
        ids[i], ids[j] = ids[j], ids[i]
        self.reorder_views(ids)

    def delete_view(self, view_id: int) -> None:
        self._write(lambda s: views_repo.delete_view(s, view_id=view_id))

    def set_default_view(self, view_id: int | None) -> None:
        self._write(lambda s: views_repo.set_default_view(s, view_id=view_id))

    def _check_query(self, text: str) -> Query:
        try:
            return self.parse(text)
        except QueryError as e:
            raise ValidationFailed({"query": e.message}) from None

    def _write(self, fn: Callable[[Session], Any]) -> Any:
        with self.tickets.db.write() as s:
            result = fn(s)
        self.tickets.bus.emit(Change("views"))
        return result

    # ----- bulk edits --------------------------------------------------------------------------------
    def bulk_status(
        self,
        ids: Sequence[int],
        status: str,
        *,
        hold_reason: str | None = None,
        author: str | Person | None = None,
    ) -> BulkResult:
        """Move every ticket to ``status`` (the hold status needs a reason); terminal tickets are skipped."""
        cfg = self.tickets.cfg
        reason = workflow.check_transition(cfg, None, status, hold_reason)

        def change(current: Any, before: dict[str, Any]) -> dict[str, Any]:
            workflow.check_transition(cfg, current.status, status, reason)
            return dict(before, status=status, hold_reason=reason)

        return self._bulk(f"Status → {status}", ids, change, author, is_status=True)

    def bulk_priority(
        self, ids: Sequence[int], priority: str, *, author: str | Person | None = None
    ) -> BulkResult:
        if priority not in self.tickets.cfg.priorities:
            raise ValidationFailed({"priority": f"Unknown priority {priority!r}"})
        return self._bulk(
            f"Priority → {priority}", ids, lambda _c, before: dict(before, priority=priority), author
        )

    def bulk_tags(
        self,
        ids: Sequence[int],
        *,
        add: Sequence[str] = (),
        remove: Sequence[str] = (),
        author: str | Person | None = None,
    ) -> BulkResult:
        """Add and/or remove tags (case-insensitively) on every ticket."""
        adding = [t for t in (" ".join(clean_text(x).split()) for x in add) if t]
        if any(len(t) > MAX_TAG for t in adding):
            raise ValidationFailed({"tags": f"A tag is longer than {MAX_TAG} characters"})
        gone = {t.casefold() for t in remove}

        def change(_current: Any, before: dict[str, Any]) -> dict[str, Any]:
            tags = [t for t in before["tags"] if t.casefold() not in gone]
            for tag in adding:
                if tag.casefold() not in {t.casefold() for t in tags}:
                    tags.append(tag)
            return dict(before, tags=tags)

        label = ", ".join([*(f"+{t}" for t in adding), *(f"−{t}" for t in remove)])
        return self._bulk(f"Tags {label}", ids, change, author)

    def bulk_delete(self, ids: Sequence[int], *, author: str | Person | None = None) -> BulkResult:
        """Move every ticket to the trash (each logged); :meth:`undo` restores them."""
        result = BulkResult("Moved to the trash")
        now = self.tickets.clock()
        name = self.tickets.author_for(author)
        with self.tickets.db.write() as s:
            for tid in dict.fromkeys(ids):
                try:
                    row = repo.ticket_row(s, ticket_id=tid)
                except TicketTrackerError as e:
                    result.skipped[tid] = str(e)
                    continue
                if row["deleted_at"] is not None:
                    result.skipped[tid] = "already in the trash"
                    continue
                logwriter.write_trash(s, tid, version=row["version"], deleted=True, author=name, now=now)
                result.changed.append(tid)
                result.before[tid] = (row["version"] + 1, {"deleted": False})
        self._announce(result)
        return result

    def undo(self, done: BulkResult, *, author: str | Person | None = None) -> BulkResult:
        """Put back what ``done`` changed; a ticket edited since then is left alone (and listed as skipped)."""
        result = BulkResult(f"Undid “{done.action}”")
        now = self.tickets.clock()
        name = self.tickets.author_for(author)
        with self.tickets.db.write() as s:
            for tid, (version, old) in done.before.items():
                try:
                    current = repo.load_ticket(s, ticket_id=tid, with_updates=False)
                except TicketTrackerError as e:
                    result.skipped[tid] = str(e)
                    continue
                if current.version != version:
                    result.skipped[tid] = "changed since; left as it is"
                    continue
                if "deleted" in old:
                    logwriter.write_trash(s, tid, version=version, deleted=False, author=name, now=now)
                else:
                    before = fields.log_values(current)
                    after = dict(before, **old)
                    changed = [f for f in old if before[f] != after[f]]
                    # Undo restores the earlier state as it was: it is logged, but not a workflow transition.
                    self.tickets.write_changes(s, current, before, after, changed, author=name, now=now)
                result.changed.append(tid)
        self._announce(result)
        return result

    def _bulk(
        self,
        action: str,
        ids: Sequence[int],
        change: Callable[[Any, dict[str, Any]], dict[str, Any]],
        author: str | Person | None,
        is_status: bool = False,
    ) -> BulkResult:
        result = BulkResult(action)
        cfg, now = self.tickets.cfg, self.tickets.clock()
        name = self.tickets.author_for(author)
        with self.tickets.db.write() as s:
            for tid in dict.fromkeys(ids):
                try:
                    current = repo.load_ticket(s, ticket_id=tid, with_updates=False)
                    if current.deleted_at is not None:
                        raise WorkflowError("in the trash")
                    if not is_status:  # a terminal ticket is read-only (status changes check the workflow)
                        workflow.check_editable(cfg, current.status)
                    before = fields.log_values(current)
                    after = change(current, before)
                except TicketTrackerError as e:
                    result.skipped[tid] = str(e)
                    continue
                changed = [f for f in before if before[f] != after[f]]
                if not changed:
                    result.skipped[tid] = "already so"
                    continue
                # Reuse the single-ticket writer so bulk entries read exactly like one-by-one edits.
                self.tickets.write_changes(s, current, before, after, changed, author=name, now=now)
                result.changed.append(tid)
                result.before[tid] = (current.version + 1, {f: before[f] for f in changed})
        self._announce(result)
        return result

    def _announce(self, result: BulkResult) -> None:
        if result.changed:
            self.tickets.bus.emit(Change("updated"))


def _moves_with_time(q: Query) -> bool:
    """Whether the tickets matching ``q`` can change without any write: terms relative to now."""
    return any(
        t.field in TIME_FIELDS or t.field == "sla" or (t.field == "is" and "overdue" in t.values)
        for t in q.terms
    )
