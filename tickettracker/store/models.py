"""All SQLModel tables, in one module. Times are stored as UTC (see UTCDateTime) and come back aware.

No ``from __future__ import annotations`` here: SQLModel reads the annotations at class creation.

Longer than ~300 lines on purpose: every table lives in this one module by design (ARCHITECTURE.md), so it
grows with the schema.
"""

from datetime import date, datetime, timezone
from typing import Any, cast

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.types import DateTime, TypeDecorator
from sqlmodel import Field, SQLModel


class UTCDateTime(TypeDecorator[datetime]):
    """Store aware datetimes as naive UTC text (which sorts correctly); give back aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; pass an aware one")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=timezone.utc)


def _dt(nullable: bool = False, index: bool = False) -> Any:
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable, index=index))


def _fk(target: str, nullable: bool = False, index: bool = True) -> Any:
    return Field(
        default=None,
        sa_column=Column(Integer, ForeignKey(target, ondelete="CASCADE"), nullable=nullable, index=index),
    )


class Ticket(SQLModel, table=True):
    __tablename__ = "ticket"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(sa_column=Column(String, nullable=False))
    description: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    notes: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    requester: str = Field(default="", sa_column=Column(String, nullable=False, server_default=""))
    priority: str = Field(sa_column=Column(String, nullable=False, index=True))
    # Position of the priority in the configured order (0 = lowest), kept so SQL can sort "most urgent first".
    priority_rank: int = Field(
        default=0, sa_column=Column(Integer, nullable=False, server_default="0", index=True)
    )
    status: str = Field(sa_column=Column(String, nullable=False, index=True))
    hold_reason: str | None = Field(default=None, sa_column=Column(String, nullable=True))
    due: datetime | None = _dt(nullable=True, index=True)
    due_has_time: bool = Field(default=False)
    created: datetime = _dt(index=True)
    updated: datetime = _dt(index=True)
    deleted_at: datetime | None = _dt(nullable=True, index=True)
    # Derived by the SLA engine on every write: when an active ticket turns overdue (NULL when paused/finished).
    deadline: datetime | None = _dt(nullable=True, index=True)
    paused_seconds: float = Field(default=0.0)
    paused_since: datetime | None = _dt(nullable=True)
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False, server_default="1"))
    # "Reset age" (schema v4): a backlog ticket's age counts from 00:00 UTC of this day instead of from created.
    age_reference: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    # Checklist progress over the description, the notes and the written updates ("2/5" on the dashboard row, schema v6),
    # kept on every write of that text (store/checklists.py) so a page of rows never parses any text.
    checklist_done: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    checklist_total: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))


# Dashboard indexes (schema v2, see store/migrations.py). Every list query has ``deleted_at IS NULL``, so each
# starts with it; then come the terms of one sort's ORDER BY exactly (store/listing.py), the id tie-break, and the
# filter columns, so a page is found by walking index entries in order without reading table rows or sorting.
_T = Ticket.__table__  # type: ignore[attr-defined]
_FILTER_COLUMNS = ("status", "priority", "due", "deadline")


def _sort_index(name: str, *terms: Any) -> None:
    tail = [_T.c[c] for c in _FILTER_COLUMNS if all(c != getattr(t, "name", None) for t in terms)]
    Index(name, _T.c.deleted_at, *terms, _T.c.id, *tail)


_sort_index("ix_ticket_live_updated", _T.c.updated)
_sort_index("ix_ticket_live_deadline", _T.c.deadline)
_sort_index("ix_ticket_live_urgency", _T.c.deadline.is_(None), _T.c.deadline)
_sort_index("ix_ticket_live_due", _T.c.due)
_sort_index("ix_ticket_live_due_nulls_last", _T.c.due.is_(None), _T.c.due)
_sort_index("ix_ticket_live_priority", _T.c.priority_rank.desc(), _T.c.deadline.is_(None), _T.c.deadline)
_sort_index("ix_ticket_live_created", _T.c.created)
_sort_index("ix_ticket_live_title", func.lower(_T.c.title))
_sort_index("ix_ticket_live_id")
# Seeks the statuses (and covers the other filters) for counts such as "Active".
Index("ix_ticket_live_filters", _T.c.deleted_at, *(_T.c[c] for c in _FILTER_COLUMNS))
# Insights (schema v8): every column the "Now" charts, the ageing histogram and the finished tickets read, so they
# count from index entries instead of whole ticket rows; paused_since third, so "finished since" is a range seek.
Index(
    "ix_ticket_live_insights",
    _T.c.deleted_at,
    _T.c.status,
    _T.c.paused_since,
    _T.c.created,
    _T.c.paused_seconds,
    _T.c.priority,
    _T.c.due,
    _T.c.deadline,
)


class Watcher(SQLModel, table=True):
    __tablename__ = "watcher"
    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = _fk("ticket.id")
    position: int = Field(default=0)
    value: str = Field(sa_column=Column(String, nullable=False, index=True))


class Tag(SQLModel, table=True):
    __tablename__ = "tag"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(String(collation="NOCASE"), nullable=False, unique=True))


class TicketTag(SQLModel, table=True):
    __tablename__ = "ticket_tag"
    __table_args__ = (Index("ix_ticket_tag_tag", "tag_id", "ticket_id"),)
    ticket_id: int = Field(
        sa_column=Column(Integer, ForeignKey("ticket.id", ondelete="CASCADE"), primary_key=True)
    )
    tag_id: int = Field(sa_column=Column(Integer, ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True))


class TicketUpdate(SQLModel, table=True):
    """One entry of the append-only update log (SPEC §5)."""

    __tablename__ = "ticket_update"
    # Insights (schema v8): the log entries of some kinds in a time range (the flow charts), without a full scan.
    __table_args__ = (Index("ix_ticket_update_kind_at", "kind", "at", "ticket_id"),)
    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = _fk("ticket.id")
    at: datetime = _dt(index=True)
    author: str = Field(sa_column=Column(String, nullable=False))
    # created | status | field | note | reopened | deleted | restored | attachment
    kind: str = Field(sa_column=Column(String, nullable=False))
    field: str | None = Field(default=None, sa_column=Column(String, nullable=True))
    old: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    new: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    body: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    # The access link the entry was made through (team mode); NULL for the start-up link and this machine.
    access_link_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("access_link.id"), nullable=True)
    )


class AccessLink(SQLModel, table=True):
    """A colleague's link to a tracker shared on the LAN. Only the token's SHA-256 is kept; a revoked link keeps
    its row so the log can still name it."""

    __tablename__ = "access_link"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(String, nullable=False))
    token_sha256: str = Field(sa_column=Column(String, nullable=False, unique=True))
    created: datetime = _dt()
    last_used: datetime | None = _dt(nullable=True)
    revoked_at: datetime | None = _dt(nullable=True)


class Link(SQLModel, table=True):
    __tablename__ = "link"
    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = _fk("ticket.id")
    update_id: int | None = _fk("ticket_update.id", nullable=True)
    position: int = Field(default=0)
    url: str = Field(sa_column=Column(String, nullable=False))
    label: str = Field(default="", sa_column=Column(String, nullable=False, server_default=""))


class Attachment(SQLModel, table=True):
    __tablename__ = "attachment"
    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = _fk("ticket.id")
    update_id: int | None = _fk("ticket_update.id", nullable=True)
    name: str = Field(sa_column=Column(String, nullable=False))
    size: int = Field(default=0)
    content_type: str = Field(default="application/octet-stream", sa_column=Column(String, nullable=False))
    sha256: str = Field(sa_column=Column(String, nullable=False, index=True))
    created: datetime = _dt()


class SavedView(SQLModel, table=True):
    """A named search-box query with its sort, shown in the dashboard sidebar (travels with backups)."""

    __tablename__ = "saved_view"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(String(collation="NOCASE"), nullable=False, unique=True))
    query: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    # "" = urgency; a leading "-" reverses (as in the query language's sort:-due)
    sort: str = Field(default="", sa_column=Column(String, nullable=False, server_default=""))
    position: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    is_default: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default="0"))


class TicketTemplate(SQLModel, table=True):
    """A named starting point for a new ticket (SPEC §19). Lists are JSON arrays of strings."""

    __tablename__ = "ticket_template"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(String(collation="NOCASE"), nullable=False, unique=True))
    title_pattern: str = Field(default="", sa_column=Column(String, nullable=False, server_default=""))
    description: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    priority: str = Field(default="", sa_column=Column(String, nullable=False, server_default=""))
    tags: str = Field(default="[]", sa_column=Column(Text, nullable=False, server_default="[]"))
    watchers: str = Field(default="[]", sa_column=Column(Text, nullable=False, server_default="[]"))
    due_in_days: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    checklist: str = Field(default="[]", sa_column=Column(Text, nullable=False, server_default="[]"))
    position: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))


class Snippet(SQLModel, table=True):
    """A reusable text block, typed as ``;name`` in the update box (SPEC §19)."""

    __tablename__ = "snippet"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(String, nullable=False, unique=True))
    body: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class Recurrence(SQLModel, table=True):
    """A repeating ticket's series: the rule, its mode and zone, what each new occurrence copies (SPEC §18)."""

    __tablename__ = "recurrence"
    id: int | None = Field(default=None, primary_key=True)
    rule: str = Field(sa_column=Column(String, nullable=False))  # RRULE body, e.g. FREQ=WEEKLY;BYDAY=MO
    mode: str = Field(sa_column=Column(String, nullable=False))  # due | completion
    zone: str = Field(sa_column=Column(String, nullable=False))  # IANA zone the rule's wall times live in
    anchor: str = Field(
        sa_column=Column(String, nullable=False)
    )  # wall time of occurrence 0 (ISO, no offset)
    all_day: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default="0"))
    template: str = Field(sa_column=Column(Text, nullable=False))  # JSON: the fields each occurrence copies
    last_index: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    last_wall: str = Field(sa_column=Column(String, nullable=False))  # wall time of the newest occurrence
    # When the next occurrence must exist ("from the due date": the newest one's due moment); NULL when it is made
    # only on completion, when the series stopped, or when the rule has no further date.
    next_at: datetime | None = _dt(nullable=True, index=True)
    stopped_at: datetime | None = _dt(nullable=True)
    problem: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    created: datetime = _dt()


class Occurrence(SQLModel, table=True):
    """One ticket of a series. The primary key (series, index) makes creating an occurrence twice impossible."""

    __tablename__ = "occurrence"
    series_id: int = Field(
        sa_column=Column(Integer, ForeignKey("recurrence.id", ondelete="CASCADE"), primary_key=True)
    )
    idx: int = Field(sa_column=Column(Integer, primary_key=True))
    # SET NULL: purging a ticket keeps its index taken, so the timer never re-creates it.
    ticket_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("ticket.id", ondelete="SET NULL"), nullable=True, unique=True),
    )
    due: datetime | None = _dt(nullable=True)
    created: datetime = _dt()


class Reminder(SQLModel, table=True):
    """A reminder about a ticket; (ticket, key) is unique so the same reminder is never made twice."""

    __tablename__ = "reminder"
    __table_args__ = (UniqueConstraint("ticket_id", "key"), Index("ix_reminder_inbox", "read_at", "fire_at"))
    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = _fk("ticket.id")
    kind: str = Field(sa_column=Column(String, nullable=False))  # warning | due | overdue | manual
    key: str = Field(sa_column=Column(String, nullable=False))
    fire_at: datetime = _dt(index=True)
    notified_at: datetime | None = _dt(nullable=True)  # when a pop-up showed it (claimed once, by one tab)
    read_at: datetime | None = _dt(nullable=True)
    created: datetime = _dt()


class FeedToken(SQLModel, table=True):
    """The calendar feed's token: only /calendar.ics accepts it; regenerating revokes the old one."""

    __tablename__ = "feed_token"
    id: int | None = Field(default=None, primary_key=True)
    token: str = Field(sa_column=Column(String, nullable=False, unique=True))
    created: datetime = _dt()
    revoked_at: datetime | None = _dt(nullable=True)


class ClockMark(SQLModel, table=True):
    """How far a periodic job has looked (the reminder sweep), so a restart continues where it stopped."""

    __tablename__ = "clock_mark"
    name: str = Field(sa_column=Column(String, primary_key=True))
    at: datetime = _dt()


FTS_COLUMNS = ("title", "description", "notes", "requester", "watchers", "tags", "links", "updates")
FTS_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS ticket_fts USING fts5("
    + ", ".join(FTS_COLUMNS)
    + ", tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2')"
)


def table_of(model: type[SQLModel]) -> Table:
    """The Core table behind a table model (for SQL written against columns, typed for mypy)."""
    return cast(Table, sa_inspect(model).local_table)


__all__ = [
    "FTS_COLUMNS",
    "FTS_DDL",
    "AccessLink",
    "Attachment",
    "ClockMark",
    "FeedToken",
    "Link",
    "Occurrence",
    "Recurrence",
    "Reminder",
    "SavedView",
    "Snippet",
    "Tag",
    "Ticket",
    "TicketTag",
    "TicketTemplate",
    "TicketUpdate",
    "UTCDateTime",
    "Watcher",
    "table_of",
    "text",
]
