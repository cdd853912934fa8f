"""The ticket's fields on its page (requester, watchers, dates, tags, links, description, notes) and safe links."""

from __future__ import annotations

from nicegui import ui

from tickettracker.config import Config
from tickettracker.domain import fields, timefmt
from tickettracker.domain.records import TicketRec


def ticket_details(cfg: Config, t: TicketRec, due_text: str) -> ui.label:
    """The ticket's fields in a two-column card; returns the due date's label (the minute tick updates it)."""
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
        with ui.row().classes("gap-1"):
            for tag in t.tags:
                ui.chip(tag).props("dense").style(
                    f"background-color: {cfg.colors.tags.background}; color: {cfg.colors.tags.text}"
                )
            if not t.tags:
                ui.label("—")
        ui.label(fields.label("links")).classes("font-semibold opacity-80")
        with ui.column().classes("gap-0"):
            for link in t.links:
                link_to(link.url, link.label)
            if not t.links:
                ui.label("—")
        ui.label(fields.label("description")).classes("font-semibold opacity-80")
        ui.label(t.description or "—").classes("tt-pre")
        ui.label("Notes (private)").classes("font-semibold opacity-80")
        ui.label(t.notes or "—").classes("tt-pre")
    return due_label


def link_to(url: str, label: str) -> None:
    """A validated link (http/https/mailto), opened in a new tab without giving the page access to ours."""
    ui.link(label or url, url, new_tab=True).props('rel="noopener noreferrer"').classes("break-all")
