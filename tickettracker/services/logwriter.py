"""The update log's writer: every ticket change is written with its log entries in the caller's transaction.

Log values are JSON-encoded (:func:`~tickettracker.domain.fields.encode`) so that replaying the log reproduces a ticket's fields exactly
(SPEC §5). The ticket service, bulk actions and undo all write through :func:`write_changes`, so a bulk edit reads
exactly like the same edits made one by one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from tickettracker.config import Config
from tickettracker.domain import sla
from tickettracker.domain.fields import encode
from tickettracker.domain.records import Person, TicketRec
from tickettracker.domain.validation import clean_text
from tickettracker.store import tickets as repo

# The fields whose new value lives in a side table (not a ticket column) and the writer for each.
_SIDE_TABLES = {
    "tags": lambda s, tid, v: repo.set_tags(s, ticket_id=tid, names=v),
    "watchers": lambda s, tid, v: repo.set_watchers(s, ticket_id=tid, values=v),
    "links": lambda s, tid, v: repo.set_links(s, ticket_id=tid, links=v),
}


def author_name(cfg: Config, author: str | Person | None) -> Person:
    """Who a log entry is signed by: ``author``'s name cleaned and shortened, else the configured default; with
    the access link it came through."""
    person = author if isinstance(author, Person) else Person(author or "")
    name = " ".join(clean_text(person.name).split())[:100]
    return Person(name or cfg.default_submitted_by, person.link_id)


def facts_from(values: dict[str, Any], now: datetime) -> sla.SlaFacts:
    """SLA facts from ticket column values (``created`` defaults to ``now`` for a ticket being created)."""
    return sla.SlaFacts(
        values["status"],
        values["priority"],
        values.get("created", now),
        values["due"],
        sla.Pause(values["paused_seconds"], values["paused_since"]),
        sla.age_origin(values.get("age_reference")),
    )


def write_changes(
    s: Session,
    cfg: Config,
    current: TicketRec,
    before: dict[str, Any],
    after: dict[str, Any],
    changed: list[str],
    *,
    author: Person,
    now: datetime,
    kind: str | None = None,
) -> None:
    """Write the ``changed`` fields of ``current`` (``before`` → ``after``), one log entry each.

    A status change carries its hold reason in one entry (``kind`` overrides its kind, e.g. "reopened"); the SLA
    pause credit, deadline, version and search index are brought up to date in the same transaction.
    """
    values: dict[str, Any] = {}
    for name in changed:
        _log_field(s, current.id, name, before, after, changed, author, now, kind)
        if name in _SIDE_TABLES:
            _SIDE_TABLES[name](s, current.id, after[name])
        else:
            values[name] = after[name]
    if "priority" in values:
        values["priority_rank"] = cfg.priorities.index(values["priority"])
    if "status" in changed:
        history = repo.status_changes(s, ticket_id=current.id)
        initial = repo.initial_status(s, ticket_id=current.id)
        origin = sla.age_origin(current.age_reference)
        pause = sla.pause_credit(current.created, initial, history, cfg.paused_statuses, now, origin)
        values.update(paused_seconds=pause.paused_seconds, paused_since=pause.paused_since)
    merged = {
        "status": values.get("status", current.status),
        "priority": values.get("priority", current.priority),
        "due": values.get("due", current.due),
        "created": current.created,
        "paused_seconds": values.get("paused_seconds", current.paused_seconds),
        "paused_since": values.get("paused_since", current.paused_since),
        "age_reference": current.age_reference,
    }
    values["deadline"] = sla.deadline(facts_from(merged, now), cfg)
    values.update(updated=now, version=current.version + 1)
    repo.update_ticket(s, ticket_id=current.id, values=values)
    repo.reindex(s, ticket_id=current.id)


def _log_field(
    s: Session,
    ticket_id: int,
    name: str,
    before: dict[str, Any],
    after: dict[str, Any],
    changed: list[str],
    author: Person,
    now: datetime,
    kind: str | None,
) -> None:
    if name == "status":
        repo.add_update(
            s,
            ticket_id=ticket_id,
            at=now,
            author=author.name,
            link_id=author.link_id,
            kind=kind or "status",
            field="status",
            old=encode(before["status"]),
            new=encode(after["status"]),
            body=after.get("hold_reason") or "",
        )
    elif name == "hold_reason" and "status" in changed:
        pass  # the status entry carries the reason
    else:
        repo.add_update(
            s,
            ticket_id=ticket_id,
            at=now,
            author=author.name,
            link_id=author.link_id,
            kind="field",
            field=name,
            old=encode(before[name]),
            new=encode(after[name]),
        )


def write_trash(
    s: Session, ticket_id: int, *, version: int, deleted: bool, author: Person, now: datetime
) -> None:
    """Move a ticket at ``version`` to the trash (``deleted``) or back, logged as "deleted" / "restored"."""
    repo.add_update(
        s,
        ticket_id=ticket_id,
        at=now,
        author=author.name,
        link_id=author.link_id,
        kind="deleted" if deleted else "restored",
    )
    repo.update_ticket(
        s,
        ticket_id=ticket_id,
        values={"deleted_at": now if deleted else None, "updated": now, "version": version + 1},
    )
