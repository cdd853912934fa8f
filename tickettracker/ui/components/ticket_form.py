"""The ticket form, in a dialog, for creating and editing (field names from SPEC §14).

Errors are shown beside their field and the dialog stays open, so typed input is never lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timezone
from typing import Any

from nicegui import ui

from tickettracker.domain.fields import input_from
from tickettracker.domain.records import TicketRec
from tickettracker.domain.validation import TicketInput, validate
from tickettracker.errors import TicketTrackerError, ValidationFailed
from tickettracker.services.container import Services
from tickettracker.ui import identity
from tickettracker.ui.announce import notify
from tickettracker.ui.components.dialogs import form_dialog
from tickettracker.ui.components.due_words import ask_scope, preview_under, read_due
from tickettracker.ui.components.fields import LinkEditor, chips_select
from tickettracker.ui.components.markdown import MarkdownInput
from tickettracker.ui.components.status_picker import StatusPicker
from tickettracker.ui.errors import message

TIME_HINT = "Use the form HH:MM"


def parse_due(day: str, clock: str) -> tuple[datetime | None, bool]:
    """Local date (YYYY-MM-DD) and optional time (HH:MM) → aware UTC; without a time the due moment is the day's end."""
    day, clock = day.strip(), clock.strip()
    if not day:
        if clock:
            raise ValueError("Pick a date for this time")
        return None, False
    try:
        d = date.fromisoformat(day)
    except ValueError:
        raise ValueError("Use the form YYYY-MM-DD, e.g. 2026-12-01") from None
    if clock:
        try:
            t = time.fromisoformat(clock)
        except ValueError:
            raise ValueError(f"{TIME_HINT}, e.g. 17:00") from None
        local = datetime.combine(d, t).astimezone()
        return local.astimezone(timezone.utc), True
    local = datetime.combine(d, time(23, 59, 59)).astimezone()
    return local.astimezone(timezone.utc), False


def split_due(due: datetime | None, has_time: bool) -> tuple[str, str]:
    if due is None:
        return "", ""
    local = due.astimezone()
    return local.date().isoformat(), local.strftime("%H:%M") if has_time else ""


def open_ticket_form(
    ctx: Services,
    ticket: TicketRec | None = None,
    on_saved: Callable[[int], None] | None = None,
    *,
    start: TicketInput | None = None,
) -> ui.dialog:
    """Open the form; ``ticket`` None creates a new one (from ``start`` when given: a template's draft).
    ``on_saved`` gets the ticket id."""
    return _TicketForm(ctx, ticket, on_saved, start).dialog


class _TicketForm:
    def __init__(
        self,
        ctx: Services,
        ticket: TicketRec | None,
        on_saved: Callable[[int], None] | None,
        draft: TicketInput | None = None,
    ) -> None:
        self.ctx, self.cfg, self.ticket, self.on_saved = ctx, ctx.cfg, ticket, on_saved
        cfg = self.cfg
        start = (
            input_from(ticket)
            if ticket
            else draft
            or TicketInput(
                title="",
                priority=cfg.priorities[(len(cfg.priorities) - 1) // 2],
                status=cfg.status_roles.initial,
            )
        )
        title = "Edit ticket" if ticket else "New ticket"
        with form_dialog(title, card_classes="w-full max-w-2xl", props="persistent") as self.dialog:
            self._build(start)
            self.general = ui.label("").classes("text-negative")
            self.general.visible = False
            with ui.row().classes("w-full justify-end gap-2"):
                ui.button("Cancel", on_click=self.dialog.close).props("flat")
                ui.button("Save", icon="save", on_click=lambda: self.save()).props("color=primary")

    def _build(self, start: TicketInput) -> None:
        cfg, ticket = self.cfg, self.ticket
        statuses = list(cfg.workflow)
        if ticket is None:
            statuses = [s for s in statuses if s not in cfg.terminal_statuses]
        self.title = ui.input("Title", value=start.title).props("autofocus outlined").classes("w-full")
        with ui.row().classes("w-full gap-2 no-wrap"):
            self.priority = (
                ui.select(cfg.priorities, label="Priority", value=start.priority)
                .props("outlined")
                .classes("w-1/3")
            )
            self.picker = StatusPicker(
                cfg,
                statuses,
                status=start.status,
                hold_reason=start.hold_reason,
                classes="w-1/3",
                props="outlined",
            )
        # Markdown, with Write/Preview; files pasted or dropped are attached to the ticket (once it exists)
        ticket_id = ticket.id if ticket else None
        self.description = MarkdownInput(
            self.ctx, "Description", start.description, ticket_id=ticket_id
        ).textarea
        self.requester = ui.input("Requester", value=start.requester).props("outlined").classes("w-full")
        self.watchers, self.watchers_value = chips_select(
            "Watchers", list(start.watchers), list(start.watchers), "Names or e-mail addresses, one chip each"
        )
        self.tags, self.tags_value = chips_select(
            "Tags", self.ctx.tickets.all_tags(), list(start.tags), "Pick existing tags or type a new one"
        )
        self._due_inputs(*split_due(start.due, start.due_has_time))  # type: ignore[arg-type]
        self.links = LinkEditor(start.links)
        self.notes = MarkdownInput(
            self.ctx,
            "Notes",
            start.notes,
            ticket_id=ticket_id,
            hint="Private: never part of the summary unless its section is enabled",
        ).textarea
        self.fields: dict[str, Any] = {
            "title": self.title,
            "priority": self.priority,
            "status": self.picker.status,
            "hold_reason": self.picker.hold,
            "description": self.description,
            "requester": self.requester,
            "watchers": self.watchers,
            "tags": self.tags,
            "due": self.due,
            "links": self.links,
            "notes": self.notes,
        }

    def _due_inputs(self, due_day: str, due_clock: str) -> None:
        with ui.row().classes("w-full gap-2 no-wrap items-start"):
            self.due = (
                ui.input("Due date", value=due_day)
                .props('outlined hint="2026-12-01, or words: tomorrow 5pm, next friday, 31/12"')
                .classes("w-1/2")
            )
            with self.due.add_slot("append"):
                icon = (
                    ui.icon("event")
                    .classes("cursor-pointer")
                    .props('aria-label="Pick a due date" tabindex=0')
                )
                with ui.menu().props("no-parent-event") as menu:
                    ui.date().bind_value(self.due).props("mask=YYYY-MM-DD")
                icon.on("click", menu.open)
            self.due_time = (
                ui.input("Due time", value=due_clock)
                .props('outlined hint="HH:MM (optional)"')
                .classes("w-1/2")
            )
        preview_under(self.ctx, self.due, self.due_time, parse_due)

    def show(self, problems: dict[str, str]) -> None:
        for name, text in problems.items():
            target = self.fields.get(name)
            if target is not None:
                target.error = text
            else:
                self.general.text, self.general.visible = text, True

    def _read(self) -> tuple[TicketInput, str | None]:
        """The input as typed, and the due date's problem (None when it reads well)."""
        due_problem = None
        try:
            due_at, has_time, _words = read_due(
                self.ctx, self.due.value or "", self.due_time.value or "", parse_due
            )
        except ValueError as e:
            due_problem, due_at, has_time = str(e), None, False
        data = TicketInput(
            title=self.title.value or "",
            description=self.description.value or "",
            notes=self.notes.value or "",
            requester=self.requester.value or "",
            watchers=self.watchers_value(),
            priority=self.priority.value or "",
            status=self.picker.status.value or "",
            hold_reason=self.picker.hold_reason,
            due=due_at,
            due_has_time=has_time,
            tags=self.tags_value(),
            links=self.links.value,
        )
        return data, due_problem

    def save(self, scope: str | None = None) -> None:
        for f in (*self.fields.values(), self.due_time):
            f.error = None
        self.general.visible = False
        links_ok = self.links.validate()
        data, due_problem = self._read()
        ticket = self.ticket
        if not links_ok or due_problem:
            # one Save shows every problem at once, not one per click
            try:
                validate(self.cfg, replace(data, links=[]), current_status=ticket.status if ticket else None)
            except ValidationFailed as e:
                self.show(e.problems)
            if due_problem:
                (self.due_time if due_problem.startswith(TIME_HINT) else self.due).error = due_problem
            return
        try:
            # Inside the try: reading the series is the first database access of a save, so a store that is away
            # must be reported here like any other failed write (the typed text stays).
            series = self.ctx.recurrence.info(ticket.id) if ticket is not None else None
            if series is not None and series.running and series.is_latest and scope is None:
                ask_scope(self.save)
                return
            if ticket is None:
                ticket_id = self.ctx.tickets.create(data, author=identity.author())
                notify(f"Created ticket #{ticket_id}", type="positive")
            else:
                ticket_id = ticket.id
                changed = self.ctx.tickets.update(
                    ticket.id, data, author=identity.author(), expected_version=ticket.version
                )
                if scope == "future":
                    self.ctx.recurrence.apply_to_future(ticket.id, author=identity.author())
                notify(f"Saved ticket #{ticket_id}" if changed else "Nothing changed", type="positive")
        except ValidationFailed as e:
            self.show(e.problems)
            return
        except TicketTrackerError as e:  # a workflow rule, a conflict, or a write the disk refused
            self.general.text, self.general.visible = message(e, kept=True), True
            return
        self.dialog.close()
        if self.on_saved:
            self.on_saved(ticket_id)


def after_save(ctx: Services, ticket_id: int, *, created: bool) -> None:
    """Where to go after saving a form: the list when ``behavior.auto_return_to_list`` is on."""
    if ctx.cfg.behavior.auto_return_to_list:
        ui.navigate.to("/")
    elif created:
        ui.navigate.to(f"/tickets/{ticket_id}")


def new_ticket(ctx: Services, template_id: int | None = None) -> None:
    """Open the form for a new ticket ("New ticket", the `n` key, the palette), from a template when given."""
    start = None
    if template_id is not None:
        try:
            start = ctx.writing.draft(template_id)
        except TicketTrackerError as e:
            ui.notify(message(e), type="negative")
            return
    open_ticket_form(ctx, None, on_saved=lambda tid: after_save(ctx, tid, created=True), start=start)
