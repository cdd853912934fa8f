"""One mapping from an error to the words a person sees, used by every page and dialog.

Services raise :class:`~tickettracker.errors.TicketTrackerError` subclasses whose message is written for people;
file-system trouble (a full disk, a missing folder) arrives as ``OSError``. Everything else is a bug and is not
caught by the UI.
"""

from __future__ import annotations

from typing import Literal

from nicegui import Client, ui

from tickettracker.errors import TicketTrackerError

# What the UI catches around a use case: errors a person can act on.
EXPECTED: tuple[type[Exception], ...] = (TicketTrackerError, OSError)

Level = Literal["positive", "negative", "warning", "info", "ongoing"]


def message(error: BaseException, *, prefix: str = "") -> str:
    """The text shown for ``error`` (``prefix`` names what failed, e.g. "Backup failed")."""
    text = str(error)
    return f"{prefix}: {text}" if prefix else text


def report(
    error: BaseException, *, prefix: str = "", level: Level = "negative", client: Client | None = None
) -> None:
    """Show ``error`` as a notification (in ``client``'s tab when the page under the handler may be gone)."""
    if client is None:
        ui.notify(message(error, prefix=prefix), type=level)
        return
    with client:
        ui.notify(message(error, prefix=prefix), type=level)
