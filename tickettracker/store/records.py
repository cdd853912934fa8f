"""Read models built from stored rows: one ticket, one log entry (shared by single reads and the bulk export)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import fields as dataclass_fields
from typing import Any

from tickettracker.domain import fields
from tickettracker.domain.records import AttachmentRec, LinkRec, TicketRec, UpdateRec
from tickettracker.store.models import Ticket, TicketUpdate, table_of

T = table_of(Ticket)


def by_update(
    links: Iterable[LinkRec], files: Iterable[AttachmentRec]
) -> tuple[dict[int, list[LinkRec]], dict[int, list[AttachmentRec]]]:
    """The links and files that belong to updates, by update id (the ticket's own are left out)."""
    by_update_links: dict[int, list[LinkRec]] = defaultdict(list)
    for link in links:
        if link.update_id is not None:
            by_update_links[link.update_id].append(link)
    by_update_files: dict[int, list[AttachmentRec]] = defaultdict(list)
    for f in files:
        if f.update_id is not None:
            by_update_files[f.update_id].append(f)
    return by_update_links, by_update_files


def update_rec(
    u: TicketUpdate,
    links: dict[int, list[LinkRec]],
    files: dict[int, list[AttachmentRec]],
    link_name: str | None = None,
) -> UpdateRec:
    """One log entry as a record, with its links and files (from :func:`by_update`) and the name of the access
    link it came through."""
    uid = u.id or 0
    return UpdateRec(
        uid,
        u.at,
        u.author,
        u.kind,
        u.field,
        u.old,
        u.new,
        u.body,
        tuple(links.get(uid, ())),
        tuple(files.get(uid, ())),
        link_name,
    )


# The record's attributes that are columns of the ticket table (the rest come from tables of their own).
_RECORD_COLUMNS = tuple(f.name for f in dataclass_fields(TicketRec) if f.name in T.c)


def ticket_rec(
    row: Mapping[Any, Any],
    *,
    watchers: tuple[str, ...],
    tags: tuple[str, ...],
    links: Iterable[LinkRec],
    attachments: Iterable[AttachmentRec],
    updates: Iterable[UpdateRec],
) -> TicketRec:
    """A whole ticket from its table row and what the other tables hold for it."""
    return TicketRec(
        **fields.from_columns(row, _RECORD_COLUMNS),
        watchers=watchers,
        tags=tags,
        links=tuple(links),
        attachments=tuple(attachments),
        updates=tuple(updates),
    )
