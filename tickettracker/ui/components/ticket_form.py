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
from tickettracker.errors import ConflictError, ValidationFailed, WorkflowError
from tickettracker.services.container import Services
from tickettracker.ui.components.fields import LinkEditor, chips_select, keep_typed_text, status_select

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


def read_due(ctx: Services, day: str, clock: str) -> tuple[datetime | None, bool, str]:
    """The Due date field: YYYY-MM-DD, or words ("tomorrow 5pm", "next friday", "31/12"); also the preview text.

    Raises ValueError with the message to show beside the field (the typed text stays in it).
    """
    day = " ".join(day.split())
    try:
        due_at, has_time = parse_due(day, clock)
        return due_at, has_time, ""
    except ValueError:
        if not day or _is_iso_day(day):
            raise  # a time without a date, or a bad time: parse_due says which
    try:
        when = ctx.reminders.read_when(day, "due")
    except ValidationFailed as e:
        raise ValueError(e.problems["due"]) from None
    if when.has_time and clock.strip():
        raise ValueError("Give the time in the words or in Due time, not both")
    at = clock if when.at is None else when.at.strftime("%H:%M")
    due_at, has_time = parse_due(when.day.isoformat(), at)
    return due_at, has_time, when.preview()


def _is_iso_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def split_due(due: datetime | None, has_time: bool) -> tuple[str, str]:
    if due is None:
        return "", ""
    local = due.astimezone()
    return local.date().isoformat(), local.strftime("%H:%M") if has_time else ""


def open_ticket_form(
    ctx: Services, ticket: TicketRec | None = None, on_saved: Callable[[int], None] | None = None
) -> ui.dialog:
    """Open the form; ``ticket`` None creates a new one. ``on_saved`` gets the ticket id."""
    cfg = ctx.cfg
    start = (
        input_from(ticket)
        if ticket
        else TicketInput(
            title="", priority=cfg.priorities[(len(cfg.priorities) - 1) // 2], status=cfg.status_roles.initial
        )
    )
    due_day, due_clock = split_due(ticket.due, ticket.due_has_time) if ticket else ("", "")
    statuses = list(cfg.workflow)
    if ticket is None:
        statuses = [s for s in statuses if s not in cfg.terminal_statuses]

    with ui.dialog().props("persistent") as dialog, ui.card().classes("w-full max-w-2xl"):
        ui.label("Edit ticket" if ticket else "New ticket").classes("text-lg font-bold")
        title = ui.input("Title", value=start.title).props("autofocus outlined").classes("w-full")
        with ui.row().classes("w-full gap-2 no-wrap"):
            priority = (
                ui.select(cfg.priorities, label="Priority", value=start.priority)
                .props("outlined")
                .classes("w-1/3")
            )
            status = status_select(cfg, statuses, start.status).props("outlined").classes("w-1/3")
            hold = (
                ui.select(
                    list(
                        dict.fromkeys(
                            [*cfg.hold_reasons, *([start.hold_reason] if start.hold_reason else [])]
                        )
                    ),
                    label="Hold reason",
                    value=start.hold_reason,
                    with_input=True,
                    new_value_mode="add-unique",
                )
                .props("outlined")
                .classes("w-1/3")
            )
            hold.props["hint"] = "Pick one or type your own"
            hold_value = keep_typed_text(hold)
        hold.bind_visibility_from(status, "value", backward=lambda v: v == cfg.status_roles.hold)
        description = (
            ui.textarea("Description", value=start.description).props("outlined autogrow").classes("w-full")
        )
        requester = ui.input("Requester", value=start.requester).props("outlined").classes("w-full")
        watchers, watchers_value = chips_select(
            "Watchers", list(start.watchers), list(start.watchers), "Names or e-mail addresses, one chip each"
        )
        tags, tags_value = chips_select(
            "Tags", ctx.tickets.all_tags(), list(start.tags), "Pick existing tags or type a new one"
        )
        with ui.row().classes("w-full gap-2 no-wrap items-start"):
            due = (
                ui.input("Due date", value=due_day)
                .props('outlined hint="2026-12-01, or words: tomorrow 5pm, next friday, 31/12"')
                .classes("w-1/2")
                .without_auto_validation()  # its error is set by the preview and by Save
            )
            with due.add_slot("append"):
                icon = (
                    ui.icon("event")
                    .classes("cursor-pointer")
                    .props('aria-label="Pick a due date" tabindex=0')
                )
                with ui.menu().props("no-parent-event") as menu:
                    ui.date().bind_value(due).props("mask=YYYY-MM-DD")
                icon.on("click", menu.open)
            due_time = (
                ui.input("Due time", value=due_clock)
                .props('outlined hint="HH:MM (optional)"')
                .classes("w-1/2")
            )
        due_preview = ui.label("").classes("text-sm tt-due-preview").props('aria-live="polite"')

        def preview_due() -> None:
            due.error, due_preview.text = None, ""
            text = due.value or ""
            if not text.strip() or _is_iso_day(text.strip()):
                return
            try:
                _at, _has_time, words = read_due(ctx, text, due_time.value or "")
            except ValueError as e:
                due.error = str(e)
                return
            due_preview.text = f"Due: {words}"

        due.on_value_change(preview_due)
        due_time.on_value_change(preview_due)
        links = LinkEditor(start.links)
        notes = (
            ui.textarea("Notes", value=start.notes)
            .props(
                'outlined autogrow hint="Private: never part of the summary unless its section is enabled"'
            )
            .classes("w-full")
        )
        fields: dict[str, Any] = {
            "title": title,
            "priority": priority,
            "status": status,
            "hold_reason": hold,
            "description": description,
            "requester": requester,
            "watchers": watchers,
            "tags": tags,
            "due": due,
            "links": links,
            "notes": notes,
        }
        general = ui.label("").classes("text-negative")
        general.visible = False

        def show(problems: dict[str, str]) -> None:
            for name, message in problems.items():
                target = fields.get(name)
                if target is not None:
                    target.error = message
                else:
                    general.text, general.visible = message, True

        def save(scope: str | None = None) -> None:
            for f in (*fields.values(), due_time):
                f.error = None
            general.visible = False
            links_ok = links.validate()
            due_problem = None
            try:
                due_at, has_time, _words = read_due(ctx, due.value or "", due_time.value or "")
            except ValueError as e:
                due_problem, due_at, has_time = str(e), None, False
            data = TicketInput(
                title=title.value or "",
                description=description.value or "",
                notes=notes.value or "",
                requester=requester.value or "",
                watchers=watchers_value(),
                priority=priority.value or "",
                status=status.value or "",
                hold_reason=hold_value() if status.value == cfg.status_roles.hold else None,
                due=due_at,
                due_has_time=has_time,
                tags=tags_value(),
                links=links.value,
            )
            if not links_ok or due_problem:
                # one Save shows every problem at once, not one per click
                try:
                    validate(cfg, replace(data, links=[]), current_status=ticket.status if ticket else None)
                except ValidationFailed as e:
                    show(e.problems)
                if due_problem:
                    (due_time if due_problem.startswith(TIME_HINT) else due).error = due_problem
                return
            series = ctx.recurrence.info(ticket.id) if ticket is not None else None
            if series is not None and series.running and series.is_latest and scope is None:
                _ask_scope(lambda chosen: save(chosen))  # "this one / all future"
                return
            try:
                if ticket is None:
                    ticket_id = ctx.tickets.create(data)
                    ui.notify(f"Created ticket #{ticket_id}", type="positive")
                else:
                    ticket_id = ticket.id
                    changed = ctx.tickets.update(ticket.id, data, expected_version=ticket.version)
                    if scope == "future":
                        ctx.recurrence.apply_to_future(ticket.id)
                    ui.notify(f"Saved ticket #{ticket_id}" if changed else "Nothing changed", type="positive")
            except ValidationFailed as e:
                show(e.problems)
                return
            except (WorkflowError, ConflictError) as e:
                general.text, general.visible = str(e), True
                return
            dialog.close()
            if on_saved:
                on_saved(ticket_id)

        with ui.row().classes("w-full justify-end gap-2"):
            ui.button("Cancel", on_click=dialog.close).props("flat")
            ui.button("Save", icon="save", on_click=lambda: save()).props("color=primary")
    dialog.on("hide", dialog.delete)
    dialog.open()
    return dialog


def _ask_scope(then: Callable[[str], None]) -> None:
    """A repeating ticket's edit: this occurrence only, or every future one too."""
    with ui.dialog() as ask, ui.card():
        ui.label("This ticket repeats. Apply the change to…").classes("font-semibold")

        def pick(scope: str) -> None:
            ask.close()
            then(scope)

        with ui.row().classes("justify-end gap-2"):
            ui.button("This one", on_click=lambda: pick("this")).props("flat")
            ui.button("All future", on_click=lambda: pick("future")).props("color=primary")
    ask.on("hide", ask.delete)
    ask.open()
