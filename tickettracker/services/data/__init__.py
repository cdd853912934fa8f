"""Own your data (SPEC §15): export, import, backup, restore and check, as services the CLI commands call.

Attachment files are read and written by the shared convention ``uploads/<sha256[:2]>/<sha256>`` (one file per
distinct content) with their metadata in the ``attachment`` table.
"""

from __future__ import annotations

from tickettracker.errors import TicketTrackerError


class DataCommandError(TicketTrackerError):
    """A data command that cannot go on; the message says what and where (possibly several lines)."""
