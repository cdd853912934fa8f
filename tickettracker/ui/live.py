"""The UI side of the change bus: a NiceGUI event each page subscribes to, so a tab refreshes when data changes."""

from __future__ import annotations

from nicegui import Event

from tickettracker.services.container import Services
from tickettracker.services.events import Change


def live_changes(services: Services) -> Event[Change]:
    """An event that fires, in each subscribed tab's context, for every change ``services`` reports."""
    changes: Event[Change] = Event()
    services.bus.subscribe(changes.emit)
    return changes
