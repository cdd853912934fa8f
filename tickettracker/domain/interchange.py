"""The interchange document ``tickettracker/2`` (SPEC §15): its shape as pydantic models, and its JSON Schema.

The models are the single source of truth: ``tickettracker/schema/tickettracker-2.schema.json`` is generated from
them (a test keeps the shipped file equal to :func:`json_schema`), and ``import`` validates with them, which is the
same check as the schema and fast enough for 100,000 tickets.

Version 2 adds, after ``tickets``, the ticket ``templates`` and text ``snippets`` (SPEC §19); both may be omitted.
A ``tickettracker/1`` document is version 2 without them, so the reader accepts both formats (the shipped
``tickettracker-1.schema.json`` stays as it was, for the files written by earlier versions).

Beyond the keys shown in SPEC §15 a ticket may carry ``due_has_time`` (false: the due date has no time of day) and
``age_reference_date`` (the day its backlog age counts from after "Reset age", as the original TicketTracker's), and
an update may carry ``field`` (which field a ``field`` entry changed), ``from``/``to`` (old and new value of a
``status``, ``field`` or ``reopened`` entry) and ``links``. An attachment's ``update`` is the position (0-based) of
the update it belongs to in the ticket's ``updates`` list, or null when it belongs to the ticket itself.

A document may also carry ``views``: the saved views in sidebar order (name, search-box query, sort, whether it is the
default). The key is optional, so every document written before it still reads.

After ``tickets`` the document may carry ``series``: repeating tickets (rule, mode, zone, template and which ticket
is which occurrence, by the tickets' ``id`` in the same document). It is written only when there are any, so a
document without repeating tickets is exactly the SPEC §15 shape, and older ``tickettracker/1`` files read as before.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

FORMAT = "tickettracker/2"
READABLE_FORMATS = ("tickettracker/1", "tickettracker/2")
SCHEMA_ID = "https://tickettracker.invalid/schema/tickettracker-2.schema.json"


class _Doc(BaseModel):
    # strict: no silent coercion ("5" is not 5); JSON input still parses ISO 8601 strings into datetimes.
    model_config = ConfigDict(extra="forbid", populate_by_name=True, strict=True)


class LinkDoc(_Doc):
    url: str
    label: str = ""


class AttachmentDoc(_Doc):
    name: str = Field(min_length=1)
    size: int = Field(ge=0)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    content_type: str = "application/octet-stream"
    update: int | None = Field(default=None, ge=0)


class UpdateDoc(_Doc):
    at: AwareDatetime
    author: str
    kind: str = Field(pattern=r"^[a-z_]{1,30}$")
    field: str | None = None
    from_: Any = Field(default=None, alias="from")
    to: Any = None
    body: str = ""
    links: list[LinkDoc] = Field(default_factory=list)


class TicketDoc(_Doc):
    id: int | None = Field(default=None, ge=1)
    title: str
    description: str = ""
    notes: str = ""
    requester: str = ""
    watchers: list[str] = Field(default_factory=list)
    priority: str | None = None
    status: str | None = None
    hold_reason: str | None = None
    due: AwareDatetime | None = None
    created: AwareDatetime | None = None
    updated: AwareDatetime | None = None
    tags: list[str] = Field(default_factory=list)
    links: list[LinkDoc] = Field(default_factory=list)
    attachments: list[AttachmentDoc] = Field(default_factory=list)
    updates: list[UpdateDoc] = Field(default_factory=list)
    due_has_time: bool | None = None
    age_reference_date: date | None = None


class ViewDoc(_Doc):
    name: str = Field(min_length=1)
    query: str = ""
    sort: str = ""  # "" = urgency; a leading "-" reverses, as in the query language's sort:-due
    default: bool = False


class TemplateDoc(_Doc):
    name: str = Field(min_length=1)
    title_pattern: str = ""
    description: str = ""
    priority: str = ""
    tags: list[str] = Field(default_factory=list)
    watchers: list[str] = Field(default_factory=list)
    due_in_days: int | None = Field(default=None, ge=0)
    checklist: list[str] = Field(default_factory=list)


class SnippetDoc(_Doc):
    name: str = Field(min_length=1)
    body: str


class OccurrenceDoc(_Doc):
    index: int = Field(ge=0)
    ticket: int | None = Field(default=None, ge=1)  # the ticket's ``id`` in this document (null: purged)
    due: AwareDatetime | None = None


class SeriesDoc(_Doc):
    """A repeating ticket's series (SPEC §18): its rule and what each next occurrence copies."""

    rule: str = Field(min_length=1)  # RFC 5545 RRULE body, e.g. FREQ=WEEKLY;BYDAY=MO
    mode: Literal["due", "completion"]
    zone: str = Field(min_length=1)  # IANA time zone of the rule's wall times
    anchor: str  # wall time of the first occurrence, ISO 8601 without offset
    all_day: bool = False
    template: dict[str, Any]
    last_index: int = Field(ge=0)
    last_wall: str
    next_at: AwareDatetime | None = None
    stopped_at: AwareDatetime | None = None
    problem: str = ""
    created: AwareDatetime | None = None
    occurrences: list[OccurrenceDoc] = Field(default_factory=list)


class Document(_Doc):
    format: str = Field(pattern=r"^tickettracker/[12]$")
    exported_at: AwareDatetime | None = None
    tickets: list[TicketDoc]
    series: list[SeriesDoc] = Field(default_factory=list)
    views: list[ViewDoc] = Field(default_factory=list)
    templates: list[TemplateDoc] = Field(default_factory=list)
    snippets: list[SnippetDoc] = Field(default_factory=list)


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the document, as shipped in the package."""
    schema = Document.model_json_schema(by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "TicketTracker interchange document (tickettracker/2)",
    }
