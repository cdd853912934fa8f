"""The top of the ticket page: the trash banner and the card with the title, status, priority and urgency."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from tickettracker.domain import timefmt, workflow
from tickettracker.domain.colors import readable_text
from tickettracker.domain.records import TicketRec
from tickettracker.services.container import Services


def ticket_header(ctx: Services, t: TicketRec, *, on_restore: Callable[[], Any]) -> tuple[ui.card, ui.label]:
    """The trash banner (when deleted) and the urgency-coloured card; returns the card and its SLA label."""
    cfg = ctx.cfg
    urgency = ctx.tickets.urgency(t)
    look = workflow.look(cfg, t.status)
    fg = readable_text(urgency.color, cfg.colors.ticket_title)
    if t.deleted_at is not None:
        # the undo for Delete: impossible to miss, one click away
        with ui.row().classes("w-full items-center gap-3 p-3 rounded bg-red-900 text-white tt-trash-banner"):
            ui.icon("delete")
            ui.label(f"This ticket is in the trash since {timefmt.local(t.deleted_at)}.")
            ui.button("Restore", icon="restore_from_trash", on_click=on_restore).props(
                "color=white text-color=black unelevated"
            )
            ui.link("Open the trash", "/?trash=1").classes("text-white")
    card = ui.card().classes("w-full").style(f"background-color: {urgency.color}; color: {fg}")
    with card:
        with ui.row().classes("items-baseline gap-3 w-full"):
            ui.label(f"#{t.id}").classes("text-lg")  # in the readable colour: faded, it fails WCAG AA
            title = ui.label(t.title).classes("text-2xl font-bold tt-ticket-title")
            title.props('role="heading" aria-level="1"')
            if workflow.is_cancelled(cfg, t.status):
                title.classes("tt-struck")
        with ui.row().classes("items-center gap-4"):
            with ui.row().classes("items-center gap-1") as status_row:
                status_row.props["aria-label"] = f"Status: {look.label}"  # set as data, never parsed
                ui.icon(look.icon)
                ui.label(look.label).classes("font-semibold tt-status")
            if t.hold_reason:
                ui.label(f"({t.hold_reason})")
            badge = cfg.priority_color(t.priority)  # validated #hex
            ui.label(f"Priority: {t.priority}").classes("tt-prio").style(
                f"background-color: {badge}; color: {readable_text(badge, cfg.colors.ticket_title)}"
            )
            with ui.row().classes("items-center gap-1"):
                ui.icon("schedule")
                sla_label = ui.label(urgency.explanation).classes("tt-sla")
    return card, sla_label
