"""Repeating tickets on the ticket page (SPEC §18): the repeat icon and rule in words, the rule editor (presets, a
custom RFC 5545 rule, "from the due date" / "after completion", the next five dates), stop, skip, and "Remind me"."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui

from tickettracker.domain import recurrence as rec
from tickettracker.domain import timefmt
from tickettracker.domain.records import TicketRec
from tickettracker.errors import ValidationFailed
from tickettracker.services.container import Services
from tickettracker.ui import identity
from tickettracker.ui.announce import notify
from tickettracker.ui.components.dialogs import apply_buttons, form_dialog
from tickettracker.ui.errors import EXPECTED, report


def panel(ctx: Services, t: TicketRec, dialog_host: ui.element, *, editable: bool) -> None:
    """The ticket page's "Repeats" line and "Remind me" box."""
    info = ctx.recurrence.info(t.id)
    with ui.row().classes("items-center gap-2 tt-repeat"):
        if info is not None:
            ui.icon("repeat").props('aria-hidden="true"')
            state = info.words if info.running else f"Stopped: {info.words}"
            ui.label(f"Repeats: {state}").classes("tt-repeat-words")
            ui.label(f"(occurrence {info.index + 1})").classes("text-sm opacity-80")
            if info.previous_id:
                ui.link(f"Previous: #{info.previous_id}", f"/tickets/{info.previous_id}")
            if info.next_id:
                ui.link(f"Next: #{info.next_id}", f"/tickets/{info.next_id}")
            if info.problem:
                ui.label(info.problem).classes("text-negative").props('role="alert"')
            if editable and info.running and info.is_latest:
                ui.button("Change repeat", icon="edit_calendar",
                          on_click=lambda: open_editor(ctx, t, dialog_host)).props("flat dense no-caps")  # fmt: skip
                ui.button(
                    "Skip this one",
                    icon="skip_next",
                    on_click=lambda: _act(lambda: ctx.recurrence.skip(t.id, author=identity.author())),
                ).props("flat dense no-caps")
                ui.button("Stop repeating", icon="event_busy",
                          on_click=lambda: _act(lambda: ctx.recurrence.stop(t.id, author=identity.author()))).props("flat dense no-caps")  # fmt: skip
        elif editable:
            ui.button("Repeat…", icon="repeat", on_click=lambda: open_editor(ctx, t, dialog_host)).props(
                "flat dense no-caps"
            )
    if editable:
        _remind_me(ctx, t, dialog_host)


def _act(fn: Callable[[], object]) -> None:
    try:
        fn()
    except EXPECTED as e:
        report(e)


def _remind_me(ctx: Services, t: TicketRec, host: ui.element) -> None:
    upcoming = ctx.reminders.upcoming(t.id)
    with ui.row().classes("items-center gap-2 tt-remind"):
        ui.button("Remind me", icon="alarm_add", on_click=lambda: open_remind(ctx, t, host)).props(
            "flat dense no-caps"
        )
        if upcoming:
            ui.label("; ".join(f"{r.text} {timefmt.local(r.fire_at)}" for r in upcoming)).classes(
                "text-sm opacity-80"
            )


def open_remind(ctx: Services, t: TicketRec, host: ui.element) -> None:
    """ "Remind me": a time in words with its reading beside it; a past or unreadable time keeps the text."""
    with host, form_dialog(f"Remind me about #{t.id}", card_classes="w-[28rem] max-w-full") as dialog:
        box = (
            ui.input("Remind me at", placeholder="tomorrow 9:00, in 2 hours, friday 2pm")
            .props("outlined autofocus")
            .classes("w-full")
        )
        hint = ui.label("").classes("text-sm tt-remind-preview")

        def preview() -> None:
            box.error = None
            hint.text = ""
            if (box.value or "").strip():
                try:
                    hint.text = "Reminds you on " + ctx.reminders.read_when(box.value, "remind").preview()
                except ValidationFailed as e:
                    box.error = e.problems["remind"]

        def save() -> None:
            try:
                at = ctx.reminders.remind_me(t.id, box.value or "")
            except ValidationFailed as e:  # the text stays in the field
                box.error = e.problems["remind"]
                return
            dialog.close()
            notify(f"Reminder set for {timefmt.local(at)}", type="positive")

        box.on_value_change(preview)
        box.on("keydown.enter", save)
        apply_buttons(dialog, "Set reminder", save)


def open_editor(ctx: Services, t: TicketRec, host: ui.element) -> None:
    """The rule editor: a preset or a custom rule, the mode, and a live preview of the next five due dates."""
    info = ctx.recurrence.info(t.id)
    with host, form_dialog("Repeat this ticket", card_classes="w-[34rem] max-w-full") as dialog:
        preset = ui.select({k: v for k, v in rec.PRESETS.items()}, label="Repeats", value="weekly").classes(
            "w-full"
        )
        rule = ui.input("Rule (RFC 5545)", placeholder="FREQ=MONTHLY;BYDAY=-1FR",
                        value=info.rule if info else "").classes("w-full").without_auto_validation()  # fmt: skip
        mode = ui.radio({"due": "From the due date", "completion": "After completion"},
                        value=info.mode if info else "due").props("inline")  # fmt: skip
        if info is not None:
            preset.value = "custom"
        words = ui.label("").classes("font-medium tt-rule-words")
        dates = ui.column().classes("gap-0 text-sm tt-rule-dates")

        def refresh() -> None:
            rule.set_visibility(preset.value == "custom")
            rule.error = None
            dates.clear()
            try:
                _body, text, upcoming = ctx.recurrence.plan(t.id, preset=preset.value, rule=rule.value or "",
                                                             mode=mode.value)  # fmt: skip
            except ValidationFailed as e:
                words.text = ""
                message = next(iter(e.problems.values()))
                if preset.value == "custom":
                    rule.error = message
                else:
                    words.text = message
                return
            words.text = text
            with dates:
                ui.label("Next dates:" if mode.value == "due" else "If done today, next:")
                for when in upcoming[: 5 if mode.value == "due" else 1]:
                    ui.label(
                        timefmt.local(when) if t.due_has_time else when.astimezone().strftime("%a %d %b %Y")
                    )

        def save() -> None:
            try:
                ctx.recurrence.repeat(
                    t.id,
                    preset=preset.value,
                    rule=rule.value or "",
                    mode=mode.value,
                    author=identity.author(),
                )
            except ValidationFailed as e:
                message = next(iter(e.problems.values()))
                if preset.value == "custom":
                    rule.error = message
                else:
                    words.text = message
                return
            dialog.close()

        for element in (preset, rule, mode):
            element.on_value_change(refresh)
        apply_buttons(dialog, "Save", save)
        refresh()
