"""The trash on the dashboard (`/?trash=1`): deleted tickets, each one click from being restored (SPEC §4)."""

from __future__ import annotations

from nicegui import ui

from tickettracker.errors import TicketTrackerError
from tickettracker.services.container import Services
from tickettracker.ui import identity
from tickettracker.ui.announce import notify
from tickettracker.ui.errors import report


def trash_bar(in_trash: bool) -> None:
    """Above the list: the way into the trash, or, inside it, what it is and the way back."""
    with ui.row().classes("w-full items-center justify-between gap-2"):
        if in_trash:
            with ui.row().classes("items-center gap-2"):
                ui.icon("delete", size="md")
                ui.label("Trash").classes("text-2xl font-bold").props('role="heading" aria-level="1"')
                ui.label("Deleted tickets stay here until you restore them or delete them for good.").classes(
                    "text-sm opacity-80"
                )
            ui.button("Back to the tickets", icon="arrow_back", on_click=lambda: ui.navigate.to("/")).props(
                "flat"
            )
        else:
            ui.element("span")
            ui.button("Trash", icon="delete", on_click=lambda: ui.navigate.to("/?trash=1")).props(
                "flat no-caps"
            ).tooltip("Deleted tickets, which you can restore")


def restore_from_list(ctx: Services, ticket_id: int) -> None:
    """Restore a ticket from the trash list; every open list refreshes through the change event."""
    try:
        ctx.tickets.restore(ticket_id, author=identity.author())
    except TicketTrackerError as e:
        report(e)
        return
    notify(f"Ticket #{ticket_id} restored", type="positive")
