"""Build a data folder with every kind of content the interchange format carries (for the data-command tests)."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import insert

from tests.factories import make_ticket, ticket_input
from tickettracker.domain.validation import LinkIn
from tickettracker.services.container import Services
from tickettracker.services.power import PowerService
from tickettracker.services.tickets import TicketService
from tickettracker.store.models import Attachment

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)


class StepClock:
    """A clock that moves one minute on every read, so each log entry has its own time."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def attach(ctx: Services, ticket_id: int, name: str, content: bytes, *, update_id: int | None = None) -> str:
    """Store a file by the shared convention and add its attachment row (what the attachments feature does)."""
    sha = hashlib.sha256(content).hexdigest()
    path = ctx.paths.uploads / sha[:2] / sha
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    with ctx.db.write() as s:
        if ctx.db.is_postgres:  # the bytes live in the blob table there (the file above is its local cache)
            ctx.attachments.blobs.place(ctx.attachments.blobs.write_bytes(content), s)
        s.execute(
            insert(Attachment).values(
                ticket_id=ticket_id,
                update_id=update_id,
                name=name,
                size=len(content),
                content_type="text/plain",
                sha256=sha,
                created=T0,
            )
        )
    return sha


def populate(ctx: Services) -> list[int]:
    """Tickets in every status, with watchers, tags, links, notes with links, edits, trash, files; returns ids."""
    svc = TicketService(ctx.db, ctx.cfg, clock=StepClock())
    ctx.tickets = svc
    fire = make_ticket(
        svc,
        title="Printer on fire",
        requester="ana@example.com",
        watchers=["bo@example.com", "Cy"],
        priority="High",
        tags=["printer", "office"],
        links=[LinkIn("https://example.com/case/7", "vendor case")],
        due=datetime(2026, 12, 1, 17, 0, tzinfo=timezone.utc),
        due_has_time=True,
        ticket_id=12,
    )
    svc.change_status(fire, "On Hold", hold_reason="Awaiting customer response")
    note = svc.post_update(
        fire, "Called the vendor. Ünïcode ✓", author="Ana", links=[LinkIn("mailto:v@example.com", "vendor")]
    )
    attach(ctx, fire, "log.txt", b"smoke everywhere\n")
    attach(ctx, fire, "photo.txt", b"a picture of smoke", update_id=note)
    plain = make_ticket(svc, title="Order toner", description="Two black cartridges", notes="private")
    svc.update(plain, ticket_input(title="Order toner (urgent)", description="Three", priority="Urgent"))
    attach(ctx, plain, "same-content.txt", b"smoke everywhere\n")  # same content as log.txt: one blob
    done = make_ticket(svc, title="Closed one", due=datetime(2026, 11, 20, tzinfo=timezone.utc))
    svc.change_status(done, "Closed")
    svc.reopen(done)
    svc.change_status(done, "Cancelled")
    trashed = make_ticket(svc, title="Spam", tags=["junk"])
    svc.delete(trashed)
    power = PowerService(svc)
    power.save_view("Printers", "tag:printer is:active sort:-updated")
    power.set_default_view(power.save_view("Urgent ones", 'priority:>=high -tag:"<junk>"'))
    return [fire, plain, done, trashed]


def blob(root: Path, sha: str) -> Path:
    return root / "uploads" / sha[:2] / sha
