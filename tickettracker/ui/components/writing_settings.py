"""Settings: ticket templates and text snippets (SPEC §19), each listed with Edit and Delete and a dialog to write one.

Problems are shown beside their field and the dialog stays open, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import Event, ui

from tickettracker.domain.snippets import PLACEHOLDERS, Snippet
from tickettracker.domain.templates import Template
from tickettracker.errors import ValidationFailed
from tickettracker.services.container import Services
from tickettracker.services.events import Change
from tickettracker.ui.announce import notify
from tickettracker.ui.components.dialogs import apply_buttons, confirm, form_dialog
from tickettracker.ui.components.fields import chips_select

DEFAULT_PRIORITY = "(the default)"


def section(services: Services, changes: Event[Change]) -> ui.column:
    """Both cards; they redraw after every change of templates or snippets (from this tab or another)."""
    with ui.column().classes("w-full gap-4") as box:
        templates = ui.card().classes("w-full tt-templates")
        snippets = ui.card().classes("w-full tt-snippets")

    def show() -> None:
        _templates(services, templates, show)
        _snippets(services, snippets, show)

    def on_change(change: Change) -> None:
        if change.kind == "writing" and not box.is_deleted:
            show()

    show()
    changes.subscribe(on_change)
    return box


def _templates(services: Services, card: ui.card, redraw: Callable[[], None]) -> None:
    card.clear()
    with card:
        ui.label("Ticket templates").classes("text-lg font-semibold")
        ui.label(
            'Start a ticket from a template with "New ticket ▸ From template" or the command palette (Ctrl+K). '
            "The title pattern may use {date}, {month} and {year}."
        ).classes("text-sm opacity-80")
        found = services.writing.templates()
        if not found:
            ui.label("No templates yet.")
        for t in found:
            with ui.row().classes("items-center gap-2 tt-template"):
                ui.icon("description")
                ui.label(t.name).classes("font-semibold")
                extras = [f"{len(t.checklist)} checklist items"] if t.checklist else []
                if t.due_in_days is not None:
                    extras.append(f"due in {t.due_in_days} days")
                ui.label(" · ".join([t.title_pattern or "(no title)", *extras])).classes("opacity-80")
                edit = ui.button(icon="edit", on_click=lambda t=t: _template_dialog(services, t, redraw))
                edit.props("flat round dense").props["aria-label"] = f"Edit template {t.name}"
                delete = ui.button(icon="delete", on_click=lambda t=t: _delete_template(services, t, redraw))
                delete.props("flat round dense color=negative").props["aria-label"] = (
                    f"Delete template {t.name}"
                )
        ui.button(
            "New template", icon="add", on_click=lambda: _template_dialog(services, None, redraw)
        ).props("unelevated")


def _template_dialog(services: Services, t: Template | None, redraw: Callable[[], None]) -> None:
    cfg = services.cfg
    t = t or Template(name="")
    title_text = "Edit template" if t.id else "New template"
    with form_dialog(title_text, card_classes="w-full max-w-2xl", props="persistent") as dialog:
        name = ui.input("Template name", value=t.name).props("outlined autofocus").classes("w-full")
        title = ui.input("Title pattern", value=t.title_pattern).props("outlined").classes("w-full")
        title.props["hint"] = "e.g. Onboarding {date}"
        description = ui.textarea("Template description", value=t.description).props("outlined autogrow")
        description.classes("w-full").props["hint"] = "Markdown"
        priority = (
            ui.select(
                [DEFAULT_PRIORITY, *cfg.priorities],
                label="Template priority",
                value=t.priority or DEFAULT_PRIORITY,
            )
            .props("outlined")
            .classes("w-full")
        )
        _tags, tags_value = chips_select("Template tags", services.tickets.all_tags(), list(t.tags), "Tags")
        _watchers, watchers_value = chips_select(
            "Template watchers", [], list(t.watchers), "Names or e-mails"
        )
        due = (
            ui.number("Due in days", value=t.due_in_days, min=0, max=3650, precision=0)
            .props("outlined clearable")
            .classes("w-full")
        )
        due.props["hint"] = "Empty: no due date"
        items = ui.textarea("Checklist items", value="\n".join(t.checklist)).props("outlined autogrow")
        items.classes("w-full").props["hint"] = "One item per line; added to the description as - [ ] lines"
        fields: dict[str, Any] = {
            "name": name,
            "title_pattern": title,
            "description": description,
            "priority": priority,
            "due_in_days": due,
            "checklist": items,
        }

        def save() -> None:
            client = ui.context.client  # saving redraws the part of the page that built this dialog
            for f in fields.values():
                f.error = None
            draft = Template(
                name=name.value or "",
                title_pattern=title.value or "",
                description=description.value or "",
                priority="" if priority.value == DEFAULT_PRIORITY else str(priority.value or ""),
                tags=tuple(tags_value()),
                watchers=tuple(watchers_value()),
                due_in_days=None if due.value in (None, "") else int(due.value),
                checklist=tuple((items.value or "").splitlines()),
                id=t.id,
            )
            try:
                services.writing.save_template(draft)
            except ValidationFailed as e:
                for key, message in e.problems.items():
                    fields.get(key, name).error = message
                return
            dialog.close()
            with client:
                notify(f"Template saved: {draft.name.strip()}", type="positive")

        apply_buttons(dialog, "Save template", save)


async def _delete_template(services: Services, t: Template, redraw: Callable[[], None]) -> None:
    if await confirm(f"Delete the template {t.name}? Tickets made from it stay as they are.", "Delete"):
        assert t.id is not None
        services.writing.delete_template(t.id)
        ui.notify(f"Deleted template {t.name}", type="warning")


def _snippets(services: Services, card: ui.card, redraw: Callable[[], None]) -> None:
    card.clear()
    with card:
        ui.label("Text snippets").classes("text-lg font-semibold")
        names = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
        ui.label(
            f"Type ; and the name in the update box to insert one (Tab takes the first match); {names} are "
            "filled in from the ticket."
        ).classes("text-sm opacity-80")
        found = services.writing.snippets()
        if not found:
            ui.label("No snippets yet.")
        for sn in found:
            with ui.row().classes("items-center gap-2 no-wrap tt-snippet"):
                ui.label(f";{sn.name}").classes("font-semibold font-mono")
                first = sn.body.splitlines()[0] if sn.body else ""
                ui.label(first if len(first) <= 80 else first[:79] + "…").classes("opacity-80")
                edit = ui.button(icon="edit", on_click=lambda sn=sn: _snippet_dialog(services, sn, redraw))
                edit.props("flat round dense").props["aria-label"] = f"Edit snippet {sn.name}"
                delete = ui.button(
                    icon="delete", on_click=lambda sn=sn: _delete_snippet(services, sn, redraw)
                )
                delete.props("flat round dense color=negative").props["aria-label"] = (
                    f"Delete snippet {sn.name}"
                )
        ui.button("New snippet", icon="add", on_click=lambda: _snippet_dialog(services, None, redraw)).props(
            "unelevated"
        )


def _snippet_dialog(services: Services, sn: Snippet | None, redraw: Callable[[], None]) -> None:
    sn = sn or Snippet("", "")
    title_text = "Edit snippet" if sn.id else "New snippet"
    with form_dialog(title_text, card_classes="w-full max-w-xl", props="persistent") as dialog:
        name = ui.input("Snippet name", value=sn.name).props("outlined autofocus prefix=;").classes("w-full")
        name.props["hint"] = "Lower-case letters, digits, - and _"
        body = ui.textarea("Snippet text", value=sn.body).props("outlined autogrow").classes("w-full")
        body.props["hint"] = "Markdown; {requester}, {id} and {title} are filled in"

        def save() -> None:
            client = ui.context.client  # saving redraws the part of the page that built this dialog
            name.error = body.error = None
            try:
                services.writing.save_snippet(Snippet(name.value or "", body.value or "", sn.id))
            except ValidationFailed as e:
                name.error, body.error = e.problems.get("name"), e.problems.get("body")
                return
            dialog.close()
            with client:
                notify(f"Snippet saved: ;{(name.value or '').strip()}", type="positive")

        apply_buttons(dialog, "Save snippet", save)


async def _delete_snippet(services: Services, sn: Snippet, redraw: Callable[[], None]) -> None:
    if await confirm(f"Delete the snippet ;{sn.name}?", "Delete"):
        assert sn.id is not None
        services.writing.delete_snippet(sn.id)
        ui.notify(f"Deleted snippet ;{sn.name}", type="warning")
