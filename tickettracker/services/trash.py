"""The trash: moving a ticket to it and back (both logged), and deleting a trashed ticket for good.

Part of :class:`~tickettracker.services.tickets.TicketService` (a base class, kept apart to keep modules small).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from tickettracker.config import Config
from tickettracker.domain.records import Person
from tickettracker.errors import ValidationFailed
from tickettracker.services import logwriter
from tickettracker.services.events import Change, ChangeBus
from tickettracker.store import Database
from tickettracker.store import tickets as repo


class TicketTrash:
    """Trash use cases over the ticket service's database, configuration, clock and change bus."""

    db: Database
    cfg: Config
    bus: ChangeBus
    clock: Callable[[], datetime]

    def delete(self, ticket_id: int, *, author: str | Person | None = None) -> None:
        """Move a ticket to the trash (logged); :meth:`restore` brings it back."""
        self._trash(ticket_id, author, deleted=True)

    def restore(self, ticket_id: int, *, author: str | Person | None = None) -> None:
        """Bring a ticket back from the trash (logged)."""
        self._trash(ticket_id, author, deleted=False)

    def purge(self, ticket_id: int) -> list[str]:
        """Delete a trashed ticket for good; returns the SHA-256 of its files so the blob store can sweep them."""
        with self.db.write() as s:
            row = repo.ticket_row(s, ticket_id=ticket_id)
            if row["deleted_at"] is None:
                raise ValidationFailed({"ticket": "Only a ticket in the trash can be deleted for good"})
            shas = repo.purge(s, ticket_id=ticket_id)
        self.bus.emit(Change("purged", ticket_id))
        return shas

    def _trash(self, ticket_id: int, author: str | Person | None, *, deleted: bool) -> None:
        now = self.clock()
        with self.db.write() as s:
            row = repo.ticket_row(s, ticket_id=ticket_id)
            if (row["deleted_at"] is not None) == deleted:
                return
            who = logwriter.author_name(self.cfg, author)
            logwriter.write_trash(s, ticket_id, version=row["version"], deleted=deleted, author=who, now=now)
        self.bus.emit(Change("deleted" if deleted else "restored", ticket_id))
