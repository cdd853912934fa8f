"""The Due date field in words (SPEC §18): "tomorrow 5pm", "next friday", "31/12" beside YYYY-MM-DD, with the date
it reads as shown under the field before saving; and the "this one / all future" question for repeating tickets."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from nicegui import ui

from tickettracker.errors import ValidationFailed
from tickettracker.services.container import Services
from tickettracker.ui.components.dialogs import form_dialog


def read_due(
    ctx: Services, day: str, clock: str, parse_due: Callable[[str, str], tuple[datetime | None, bool]]
) -> tuple[datetime | None, bool, str]:
    """(due moment, has a time, the reading in words) for what is typed; ValueError with the message to show."""
    day = " ".join(day.split())
    try:
        due_at, has_time = parse_due(day, clock)
        return due_at, has_time, ""
    except ValueError:
        if not day or is_iso_day(day):
            raise  # a time without a date, or a bad time: parse_due says which
    try:
        when = ctx.reminders.read_when(day, "due")
    except ValidationFailed as e:
        raise ValueError(e.problems["due"]) from None
    if when.at is not None and clock.strip():
        raise ValueError("Give the time in the words or in Due time, not both")
    at = clock if when.at is None else when.at.strftime("%H:%M")
    due_at, has_time = parse_due(when.day.isoformat(), at)
    return due_at, has_time, when.preview()


def is_iso_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def preview_under(
    ctx: Services,
    due: ui.input,
    due_time: ui.input,
    parse_due: Callable[[str, str], tuple[datetime | None, bool]],
) -> ui.label:
    """A line under the Due date field saying which date the words mean (or why they mean none)."""
    label = ui.label("").classes("text-sm tt-due-preview").props('aria-live="polite"')
    due.without_auto_validation()  # its error is set here and by Save

    def show() -> None:
        due.error, label.text = None, ""
        text = (due.value or "").strip()
        if not text or is_iso_day(text):
            return
        try:
            _at, _has_time, words = read_due(ctx, text, due_time.value or "", parse_due)
        except ValueError as e:
            due.error = str(e)
            return
        label.text = f"Due: {words}"

    due.on_value_change(show)
    due_time.on_value_change(show)
    return label


def ask_scope(then: Callable[[str], None]) -> None:
    """A repeating ticket's edit: this occurrence only ("this"), or every future one too ("future")."""
    with form_dialog("This ticket repeats. Apply the change to…") as ask:

        def pick(scope: str) -> None:
            ask.close()
            then(scope)

        with ui.row().classes("w-full justify-end gap-2"):
            ui.button("This one", on_click=lambda: pick("this")).props("flat")
            ui.button("All future", on_click=lambda: pick("future")).props("color=primary")
