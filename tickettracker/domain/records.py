"""Plain read models passed from the store through the services to the UI (no ORM objects leave the store)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

SortKey = Literal["due", "priority", "updated", "created", "urgency", "id", "title"]
SORT_KEYS: tuple[str, ...] = ("urgency", "due", "priority", "updated", "created", "id", "title")


@dataclass(frozen=True)
class LinkRec:
    id: int
    url: str
    label: str
    update_id: int | None = None


@dataclass(frozen=True)
class AttachmentRec:
    id: int
    name: str
    size: int
    content_type: str
    sha256: str
    created: datetime
    update_id: int | None = None


@dataclass(frozen=True)
class FileRef:
    """An attachment as the dashboard's quick-info card lists it: a download link with type and size."""

    id: int
    name: str
    size: int
    content_type: str


@dataclass(frozen=True)
class UpdateRec:
    id: int
    at: datetime
    author: str
    kind: str
    field: str | None
    old: str | None
    new: str | None
    body: str
    links: tuple[LinkRec, ...] = ()
    attachments: tuple[AttachmentRec, ...] = ()
    link_name: str | None = None  # the person whose access link made the entry (team mode), else None


@dataclass(frozen=True)
class LogPage:
    """One page of a ticket's update log, in reading order, with what the page says around it."""

    entries: tuple[UpdateRec, ...]
    more: bool  # further entries follow in this order ("Show older")
    total: int  # entries in the whole log
    matching: int  # entries matching the search (the total when there is none)


@dataclass(frozen=True)
class Person:
    """Who is acting: the name a log entry carries, and the access link they came in with (None: the start-up
    link, or this machine). Services take it wherever they take an author."""

    name: str
    link_id: int | None = None


@dataclass(frozen=True)
class AccessLinkRec:
    """A colleague's access link to a tracker shared on the LAN (its token is never stored)."""

    id: int
    name: str
    created: datetime
    last_used: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True)
class TicketRec:
    id: int
    title: str
    description: str
    notes: str
    requester: str
    watchers: tuple[str, ...]
    priority: str
    status: str
    hold_reason: str | None
    due: datetime | None
    due_has_time: bool
    tags: tuple[str, ...]
    links: tuple[LinkRec, ...]
    created: datetime
    updated: datetime
    deleted_at: datetime | None
    paused_seconds: float
    paused_since: datetime | None
    version: int
    attachments: tuple[AttachmentRec, ...] = ()
    updates: tuple[UpdateRec, ...] = ()
    age_reference: date | None = None  # "Reset age": the backlog age counts from this day


@dataclass(frozen=True)
class RowRec:
    """One dashboard row: only what the list and its quick-info card show."""

    id: int
    title: str
    status: str
    priority: str
    hold_reason: str | None
    due: datetime | None
    due_has_time: bool
    requester: str
    created: datetime
    updated: datetime
    paused_seconds: float
    paused_since: datetime | None
    tags: tuple[str, ...] = ()
    watchers: tuple[str, ...] = ()
    links: tuple[LinkRec, ...] = ()
    attachment_names: tuple[str, ...] = ()
    age_reference: date | None = None
    files: tuple[FileRef, ...] = ()
    # for the comfortable layout: the description's first characters and how much the ticket holds
    excerpt: str = ""
    update_count: int = 0
    attachment_count: int = 0
    checklist_done: int = 0
    checklist_total: int = 0

    @property
    def checklist(self) -> str:
        """Checklist progress as shown on the row ("2/5"), or "" without a checklist."""
        return f"{self.checklist_done}/{self.checklist_total}" if self.checklist_total else ""


@dataclass
class ListQuery:
    text: str = ""
    statuses: list[str] = field(default_factory=list)
    priorities: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    match_all_tags: bool = False
    overdue_only: bool = False
    has_due: bool | None = None
    sort: str = "urgency"
    descending: bool = False
    page: int = 1
    page_size: int = 50
    trash: bool = False
    details: bool = False  # the comfortable layout: rows also carry an excerpt and counts


@dataclass(frozen=True)
class Page:
    rows: list[RowRec]
    total: int
    page: int
    page_size: int

    @property
    def first(self) -> int:
        return 0 if self.total == 0 else (self.page - 1) * self.page_size + 1

    @property
    def last(self) -> int:
        return min(self.total, self.page * self.page_size)
