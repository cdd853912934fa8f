"""Settings: ticket templates and text snippets (SPEC §19), each listed with Edit and Delete and a dialog to write one.

Problems are shown beside their field and the dialog stays open, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from tickettracker.domain.snippets import PLACEHOLDERS, Snippet
from tickettracker.domain.templates import Template
from tickettracker.errors import ValidationFailed
from tickettracker.services.container import Services
from tickettracker.ui.components.fields import chips_select

DEFAULT_PRIORITY = "(the default)"


def section(services: Services) -> ui.column:
    """Both cards; they redraw themselves after every change (and on ``Change("writing")`` from elsewhere)."""
    with ui.column().classes("w-full gap-4") as box:
        templates = ui.card().classes("w-full tt-templates")
        snippets = ui.card().classes("w-full tt-snippets")

    def show() -> None:
        _templates(services, templates, show)
        _snippets(services, snippets, show)

    show()
    client = ui.context.client

    def on_change(change: Any) -> None:
        if change.kind == "writing" and not client.is_deleted and not box.is_deleted:
            with client:
                show()

    client.on_delete(services.bus.subscribe(on_change))
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
    with ui.dialog().props("persistent") as dialog, ui.card().classes("w-full max-w-2xl"):
        ui.label("Edit template" if t.id else "New template").classes("text-lg font-bold")
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
            ui.notify(f"Template saved: {draft.name.strip()}", type="positive")
            redraw()

        with ui.row().classes("w-full justify-end"):
            ui.button("Cancel", on_click=dialog.close).props("flat")
            ui.button("Save template", on_click=save).props("color=primary")
    dialog.on("hide", dialog.delete)
    dialog.open()


async def _delete_template(services: Services, t: Template, redraw: Callable[[], None]) -> None:
    if await _confirm(f"Delete the template {t.name}? Tickets made from it stay as they are."):
        assert t.id is not None
        services.writing.delete_template(t.id)
        ui.notify(f"Deleted template {t.name}", type="warning")
        redraw()


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
    with ui.dialog().props("persistent") as dialog, ui.card().classes("w-full max-w-xl"):
        ui.label("Edit snippet" if sn.id else "New snippet").classes("text-lg font-bold")
        name = ui.input("Snippet name", value=sn.name).props("outlined autofocus prefix=;").classes("w-full")
        name.props["hint"] = "Lower-case letters, digits, - and _"
        body = ui.textarea("Snippet text", value=sn.body).props("outlined autogrow").classes("w-full")
        body.props["hint"] = "Markdown; {requester}, {id} and {title} are filled in"

        def save() -> None:
            name.error = body.error = None
            try:
                services.writing.save_snippet(Snippet(name.value or "", body.value or "", sn.id))
            except ValidationFailed as e:
                name.error, body.error = e.problems.get("name"), e.problems.get("body")
                return
            dialog.close()
            ui.notify(f"Snippet saved: ;{(name.value or '').strip()}", type="positive")
            redraw()

        with ui.row().classes("w-full justify-end"):
            ui.button("Cancel", on_click=dialog.close).props("flat")
            ui.button("Save snippet", on_click=save).props("color=primary")
    dialog.on("hide", dialog.delete)
    dialog.open()


async def _delete_snippet(services: Services, sn: Snippet, redraw: Callable[[], None]) -> None:
    if await _confirm(f"Delete the snippet ;{sn.name}?"):
        assert sn.id is not None
        services.writing.delete_snippet(sn.id)
        ui.notify(f"Deleted snippet ;{sn.name}", type="warning")
        redraw()


async def _confirm(question: str) -> bool:
    with ui.dialog() as dialog, ui.card():
        ui.label(question)
        with ui.row().classes("w-full justify-end"):
            ui.button("Cancel", on_click=lambda: dialog.submit(False)).props("flat")
            ui.button("Delete", on_click=lambda: dialog.submit(True)).props("color=negative")
    answer = bool(await dialog)
    dialog.delete()
    return answer
