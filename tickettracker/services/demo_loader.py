"""Build the curated demo dataset (``tickettracker/demo_data/``) into a new database and uploads folder.

The dataset is written with the default names; they are mapped onto the user's configuration (statuses by role,
priorities by position, hold reasons by index) and every date is relative to the moment of loading. SLA targets
(``"due:2"``, ``"age:overdue"``) are turned into due dates and ages from the configured thresholds, so the
dashboard always shows the whole colour range.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tickettracker.config import Config
from tickettracker.domain import fields
from tickettracker.domain.validation import LinkIn, TicketInput
from tickettracker.domain.workflow import role_of
from tickettracker.services.tickets import TicketService
from tickettracker.store import open_database
from tickettracker.store.attachments import BlobStore, insert_attachment

DATA = Path(__file__).resolve().parent.parent / "demo_data"
DEFAULTS = Config()
CONTENT_TYPES = {".txt": "text/plain", ".csv": "text/csv", ".png": "image/png", ".md": "text/markdown"}


class _Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def dataset() -> list[dict[str, Any]]:
    """The curated tickets as shipped."""
    tickets: list[dict[str, Any]] = json.loads((DATA / "tickets.json").read_text(encoding="utf-8"))["tickets"]
    return tickets


def load_dataset(db_path: Path, uploads: Path, cfg: Config, now: datetime) -> int:
    """Create the demo database at ``db_path`` with its files in ``uploads``; returns the number of tickets."""
    db = open_database(db_path)
    clock = _Clock(now)
    service = TicketService(db, cfg, clock=clock)
    try:
        for spec in dataset():
            _load_ticket(service, clock, uploads, spec, now)
    finally:
        db.dispose()
    return len(dataset())


def map_status(cfg: Config, name: str) -> str:
    """The user's status playing the role ``name`` plays in the default workflow."""
    if name in cfg.workflow:
        return name
    role = role_of(DEFAULTS, name)
    if role != "active" and getattr(cfg.status_roles, role) is not None:
        return str(getattr(cfg.status_roles, role))
    others = [s for s in cfg.workflow if role_of(cfg, s) == "active"]
    return others[0] if others else cfg.status_roles.initial


def map_priority(cfg: Config, name: str) -> str:
    """The user's priority at the same relative position as ``name`` among the default priorities."""
    if name in cfg.priorities:
        return name
    i, last = DEFAULTS.priorities.index(name), len(DEFAULTS.priorities) - 1
    n = len(cfg.priorities) - 1
    return cfg.priorities[round(i * n / last)]


def hold_reason(cfg: Config, index: int | str) -> str:
    if isinstance(index, str):
        return index
    return cfg.hold_reasons[index % len(cfg.hold_reasons)] if cfg.hold_reasons else "Waiting for an answer"


def due_days(cfg: Config, stage: str) -> float:
    """Days until due that put a ticket in the given due stage (0…3 of four, or "overdue")."""
    t = cfg.sla.due_stage_days  # high → low
    if stage == "overdue":
        return -2.5
    s = round(int(stage) * (len(t) - 1) / 3)
    upper = t[s] if s >= 1 else t[0] + 7
    lower = t[s + 1] if s + 1 < len(t) else 0
    return (upper + lower) / 2


def age_days(cfg: Config, priority: str, stage: str) -> float:
    """Active age that puts a backlog ticket of ``priority`` in the given stage (0…3 of four, or "overdue")."""
    limits = cfg.stage_days_for(priority)
    if stage == "overdue":
        return limits[-1] + 3.5
    s = round(int(stage) * (len(limits) - 1) / 3)
    lower = limits[s - 1] if s >= 1 else 0
    return (lower + limits[s]) / 2


def _load_ticket(
    service: TicketService, clock: _Clock, uploads: Path, spec: dict[str, Any], now: datetime
) -> None:
    cfg = service.cfg
    priority = map_priority(cfg, spec["priority"])
    due = None
    created_days = float(spec.get("created_days_ago", 3))
    target = spec.get("sla")
    if target and target.startswith("due:"):
        due = now + timedelta(days=due_days(cfg, target[4:]))
    elif target and target.startswith("age:"):
        created_days = age_days(cfg, priority, target[4:])
    created = now - timedelta(days=created_days)
    clock.now = created
    ticket_id = service.create(
        TicketInput(
            **{
                **fields.input_from_doc(spec),
                "priority": priority,
                "status": cfg.status_roles.initial,
                "due": due,
                "due_has_time": bool(due),
            }
        ),
        author=spec.get("author", "Demo"),
        at=created,
    )
    for name in spec.get("files", []):
        _attach(service, uploads, ticket_id, name, None, created)
    for event in spec.get("history", []):
        # ``at`` is a fraction of the ticket's life: 0 = created, 1 = now.
        clock.now = created + (now - created) * float(event["at"])
        if "status" in event:
            status = map_status(cfg, event["status"])
            reason = hold_reason(cfg, event.get("reason", 0)) if status == cfg.status_roles.hold else None
            service.change_status(ticket_id, status, hold_reason=reason, author=event.get("author"))
        else:
            update_id = service.post_update(
                ticket_id,
                event.get("note", ""),
                author=event.get("author"),
                links=[LinkIn(lk["url"], lk.get("label", "")) for lk in event.get("links", [])],
                allow_empty=bool(event.get("files")),
            )
            for name in event.get("files", []):
                _attach(service, uploads, ticket_id, name, update_id, clock.now)
    clock.now = now


def _attach(
    service: TicketService, uploads: Path, ticket_id: int, name: str, update_id: int | None, at: datetime
) -> None:
    blobs = BlobStore(uploads)
    staged = blobs.write_bytes((DATA / "files" / name).read_bytes())
    with service.db.write() as s:
        blobs.place(staged)  # inside the transaction, as every attachment is written
        insert_attachment(
            s,
            ticket_id=ticket_id,
            update_id=update_id,
            name=name,
            size=staged.size,
            content_type=CONTENT_TYPES.get(Path(name).suffix, "application/octet-stream"),
            sha256=staged.sha256,
            created=at,
        )
