"""One mapping from an error to the words a person sees, used by every page and dialog.

Services raise :class:`~tickettracker.errors.TicketTrackerError` subclasses whose message is written for people;
file-system trouble (a full disk, a missing folder) arrives as ``OSError``. Everything else is a bug and is not
caught by the UI. A write the disk or the database refused (:class:`~tickettracker.errors.StorageFault`, or the raw
``OSError`` / SQLite error behind one) is shown as its cause and what to do; where the form keeps what was typed,
the message says so.
"""

from __future__ import annotations

from typing import Literal

from nicegui import Client, ui

from tickettracker.errors import TicketTrackerError, storage_fault

# What the UI catches around a use case: errors a person can act on.
EXPECTED: tuple[type[Exception], ...] = (TicketTrackerError, OSError)

Level = Literal["positive", "negative", "warning", "info", "ongoing"]


KEPT = "Your text is still here."


def message(error: BaseException, *, prefix: str = "", kept: bool = False) -> str:
    """The text shown for ``error`` (``prefix`` names what failed, e.g. "Backup failed"; ``kept``: the form still
    holds what the person typed, which the message of a refused write then says)."""
    fault = storage_fault(error)
    text = str(error) if fault is None else f"{fault}{' ' + KEPT if kept else ''}"
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
