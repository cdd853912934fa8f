"""The ticket's fields on its page (requester, watchers, dates, tags, links, description, notes) and safe links."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui

from tickettracker.config import Config
from tickettracker.domain import fields, timefmt
from tickettracker.domain.colors import readable_text
from tickettracker.domain.records import TicketRec
from tickettracker.ui.components import markdown


def ticket_details(
    cfg: Config, t: TicketRec, due_text: str, on_toggle: Callable[[str], markdown.Toggle] | None = None
) -> ui.label:
    """The ticket's fields in a two-column card; returns the due date's label (the minute tick updates it).

    Description and notes are shown as Markdown; with ``on_toggle`` (field name → handler) their checklists can
    be ticked."""
    with ui.card().classes("w-full"), ui.grid(columns="auto 1fr").classes("gap-x-6 gap-y-2 w-full"):

        def row(label: str, value: str) -> ui.label:
            ui.label(label).classes("font-semibold opacity-80")
            return ui.label(value or "—").classes("tt-pre")

        row(fields.label("requester"), t.requester)
        row(fields.label("watchers"), ", ".join(t.watchers))
        due_label = row(fields.label("due"), due_text)
        row("Created", timefmt.local(t.created))
        row("Updated", timefmt.local(t.updated))
        ui.label(fields.label("tags")).classes("font-semibold opacity-80")
        tag_bg = cfg.colors.tags.background
        tag_fg = readable_text(tag_bg, cfg.colors.tags.text)  # WCAG AA on any configured colour
        with ui.row().classes("gap-1"):
            for tag in t.tags:
                # color=None: Quasar's bg-primary class would override the configured tag colour
                ui.chip(tag, color=None).props("dense").style(f"background-color: {tag_bg}; color: {tag_fg}")
            if not t.tags:
                ui.label("—")
        ui.label(fields.label("links")).classes("font-semibold opacity-80")
        with ui.column().classes("gap-0"):
            for link in t.links:
                link_to(link.url, link.label)
            if not t.links:
                ui.label("—")
        for name, label in (("description", fields.label("description")), ("notes", "Notes (private)")):
            ui.label(label).classes("font-semibold opacity-80")
            markdown.view(getattr(t, name), on_toggle=on_toggle(name) if on_toggle else None).mark(
                f"md-{name}"
            )
    return due_label


def link_to(url: str, label: str) -> None:
    """A validated link (http/https/mailto), opened in a new tab without giving the page access to ours."""
    ui.link(label or url, url, new_tab=True).props('rel="noopener noreferrer"').classes("break-all")
