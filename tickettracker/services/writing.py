"""Writing use cases (SPEC §19): ticket templates, text snippets, and ticking checklist items.

Templates and snippets live in the database (they travel with backups and export/import); a change to them is
announced as ``Change("writing")`` so open Settings pages and pickers refresh. Ticking an item rewrites the stored
text and logs it in the same transaction ("checked: Order toner"); the ticket's progress column follows
(store/checklists.py, through ``reindex``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import tzinfo

from sqlmodel import Session

from tickettracker.domain import checklist, snippets, templates, workflow
from tickettracker.domain.checklist import Task
from tickettracker.domain.fields import encode
from tickettracker.domain.records import Person
from tickettracker.domain.snippets import Snippet
from tickettracker.domain.templates import Template
from tickettracker.domain.validation import TicketInput
from tickettracker.errors import ConflictError, ValidationFailed, WorkflowError
from tickettracker.services.events import Change
from tickettracker.services.tickets import TicketService
from tickettracker.store import tickets as repo
from tickettracker.store import writing as store

CHECKLIST_FIELDS = ("description", "notes")


@dataclass(frozen=True)
class Where:
    """Which text holds a checklist: a ticket field (description, notes) or a written update (by id)."""

    field: str = "description"
    update_id: int | None = None


class WritingService:
    """Shares the ticket service's database, configuration, clock and change bus."""

    def __init__(self, tickets: TicketService) -> None:
        self.tickets = tickets

    # ----- templates ---------------------------------------------------------------------------------------
    def templates(self) -> list[Template]:
        with self.tickets.db.read() as s:
            return store.templates(s)

    def template(self, template_id: int) -> Template:
        with self.tickets.db.read() as s:
            return store.template(s, template_id=template_id)

    def save_template(self, template: Template) -> int:
        """Create (``template.id`` None) or change a template; names are unique, ignoring case."""
        clean = templates.check(self.tickets.cfg, template)
        with self.tickets.db.write() as s:
            other = store.template_named(s, name=clean.name)
            if other is not None and other != clean.id:
                raise ValidationFailed({"name": f"There is already a template named {clean.name!r}"})
            if clean.id is None:
                template_id = store.insert_template(s, template=clean)
            else:
                template_id = clean.id
                store.update_template(s, template_id=template_id, template=clean)
        self.tickets.bus.emit(Change("writing"))
        return template_id

    def delete_template(self, template_id: int) -> None:
        with self.tickets.db.write() as s:
            store.delete_template(s, template_id=template_id)
        self.tickets.bus.emit(Change("writing"))

    def draft(self, template_id: int, tz: tzinfo | None = None) -> TicketInput:
        """The new-ticket form's starting values from a template, today (dates in ``tz``, default local)."""
        return templates.draft(self.tickets.cfg, self.template(template_id), self.tickets.clock(), tz)

    def create_from_template(
        self, template_id: int, *, title: str = "", requester: str = "", author: str | Person | None = None
    ) -> int:
        """Create a ticket straight from a template (``title`` replaces the pattern's when given)."""
        data = self.draft(template_id)
        data = replace(data, title=title or data.title, requester=requester or data.requester)
        return self.tickets.create(data, author=author)

    # ----- snippets ----------------------------------------------------------------------------------------
    def snippets(self) -> list[Snippet]:
        with self.tickets.db.read() as s:
            return store.snippets(s)

    def save_snippet(self, snippet: Snippet) -> int:
        """Create (``snippet.id`` None) or change a snippet; names are unique."""
        clean = snippets.check(snippet)
        with self.tickets.db.write() as s:
            other = store.snippet_named(s, name=clean.name)
            if other is not None and other != clean.id:
                raise ValidationFailed({"name": f"There is already a snippet named ;{clean.name}"})
            if clean.id is None:
                snippet_id = store.insert_snippet(s, snippet=clean)
            else:
                snippet_id = clean.id
                store.update_snippet(s, snippet_id=snippet_id, snippet=clean)
        self.tickets.bus.emit(Change("writing"))
        return snippet_id

    def delete_snippet(self, snippet_id: int) -> None:
        with self.tickets.db.write() as s:
            store.delete_snippet(s, snippet_id=snippet_id)
        self.tickets.bus.emit(Change("writing"))

    def expand_snippet(self, name: str, ticket_id: int | None) -> str:
        """The named snippet's text with the ticket's ``{requester}``, ``{id}`` and ``{title}`` filled in."""
        found = next((sn for sn in self.snippets() if sn.name == name), None)
        if found is None:
            raise ValidationFailed({"update": f"There is no snippet named ;{name}"})
        title = requester = ""
        if ticket_id is not None:
            t = self.tickets.get(ticket_id, with_updates=False)
            title, requester = t.title, t.requester
        return snippets.expand(found.body, ticket_id=ticket_id, title=title, requester=requester)

    # ----- checklists --------------------------------------------------------------------------------------
    def toggle(
        self,
        ticket_id: int,
        where: Where,
        index: int,
        *,
        expected_label: str | None = None,
        expected_total: int | None = None,
        checked: bool | None = None,
        author: str | Person | None = None,
    ) -> Task:
        """Tick or untick checklist item ``index`` (0-based) of one text, logged; returns the item as it is now.

        What the person saw guards against ticking the wrong item after the text changed elsewhere (another tab):
        ``expected_label`` (the item's text) and ``expected_total`` (how many items there were) must still match,
        else nothing is written (ConflictError). ``checked`` (the state wanted) makes a repeated click harmless.
        """
        t = self.tickets
        now, who = t.clock(), t.author_for(author)
        with t.db.write() as s:
            row = repo.ticket_row(s, ticket_id=ticket_id)
            if row["deleted_at"] is not None:
                raise WorkflowError("This ticket is in the trash: restore it first")
            workflow.check_editable(t.cfg, row["status"])
            before = self._text(s, ticket_id, where, row)
            items = checklist.tasks(before)
            stale = (expected_total is not None and expected_total != len(items)) or not 0 <= index < len(
                items
            )
            if stale or (expected_label is not None and items[index].label != expected_label):
                raise ConflictError("The checklist changed meanwhile: look again and tick once more")
            after, item = checklist.toggle(before, index, checked)
            if after == before:
                return item
            old: str | None = None
            new: str | None = None
            if where.update_id is None:
                repo.update_ticket(s, ticket_id=ticket_id, values={where.field: after})
                old, new = encode(before), encode(after)
            else:
                store.set_note_body(s, update_id=where.update_id, body=after)
            repo.add_update(
                s,
                ticket_id=ticket_id,
                at=now,
                author=who.name,
                link_id=who.link_id,
                kind="checklist",
                field=where.field if where.update_id is None else "update",
                old=old,
                new=new,
                body=f"{'checked' if item.checked else 'unchecked'}: {item.label}",
            )
            repo.update_ticket(s, ticket_id=ticket_id, values={"updated": now, "version": row["version"] + 1})
            repo.reindex(s, ticket_id=ticket_id)
        t.bus.emit(Change("updated", ticket_id))
        return item

    @staticmethod
    def _text(s: Session, ticket_id: int, where: Where, row: dict[str, object]) -> str:
        if where.update_id is None:
            if where.field not in CHECKLIST_FIELDS:
                raise ValidationFailed({where.field: "This field has no checklist"})
            return str(row[where.field] or "")
        owner, kind, body = store.note(s, update_id=where.update_id)
        if owner != ticket_id or kind != "note":
            raise ValidationFailed({"update": "Only written updates of this ticket have checklists"})
        return body
