"""A ticket's fields, declared once: name, label, and how each is logged, stored, exported, imported and shown.

Adding a field means adding a line to :data:`FIELDS` (plus the table column and its migration, and the attribute
on the records): the update log, the store's readers, the export (JSON and CSV), the importer, the demo loader and
the labels all read this declaration.

Each field has a :class:`Kind`, which says how its value changes shape on the way: into a form's input
(:class:`~tickettracker.domain.validation.TicketInput`), into the update log (JSON, see :func:`encode`), into the
interchange document (SPEC §15) and its CSV cell, and back out of a stored column.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from tickettracker.domain.validation import LinkIn, TicketInput


def _same(value: Any) -> Any:
    return value


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(timezone.utc).isoformat()


@dataclass(frozen=True)
class Kind:
    """How a value of one kind of field changes shape (each function takes the value as a record holds it)."""

    to_input: Callable[[Any], Any]  # a record's (or a document's) value -> TicketInput's
    to_log: Callable[[Any], Any]  # TicketInput's or a record's value -> what :func:`encode` writes
    to_doc: Callable[[Any], Any]  # a record's value -> the interchange document's JSON value
    from_doc: Callable[[Any], Any]  # the document's JSON value -> TicketInput's
    to_cell: Callable[[Any], str]  # a record's value -> its CSV cell
    from_column: Callable[[Any], Any] = _same  # a stored column -> the record's value


TEXT = Kind(lambda v: v or "", _same, _same, lambda v: v or "", lambda v: v or "")
OPTIONAL_TEXT = Kind(_same, _same, _same, _same, lambda v: v or "")
WORDS = Kind(list, list, list, list, "; ".join, tuple)
MOMENT = Kind(
    _same, _same, _iso, lambda v: v if v is None else datetime.fromisoformat(v), lambda v: _iso(v) or ""
)
FLAG = Kind(bool, bool, bool, bool, lambda v: "yes" if v else "no", bool)
LINKS = Kind(
    to_input=lambda v: [LinkIn(lk.url, lk.label) for lk in v],
    to_log=lambda v: [(lk.url, lk.label) for lk in v],
    to_doc=lambda v: [{"url": lk.url, "label": lk.label} for lk in v],
    from_doc=lambda v: [LinkIn(d["url"], d.get("label", "")) for d in v],
    to_cell=lambda v: " ".join(lk.url for lk in v),
)


@dataclass(frozen=True)
class TicketField:
    """One field of a ticket.

    ``column``: stored as a column of the ticket table under ``name`` (else in a table of its own: watchers,
    tags, links). ``csv``: a column of the CSV export. ``after_times``: exported after ``created``/``updated``
    (SPEC §15 key order). ``qualifies``: exported only when that field is set, after every other key.
    """

    name: str
    label: str
    kind: Kind
    column: bool = True
    csv: bool = True
    after_times: bool = False
    qualifies: str | None = None


# In this order the log writes the entries of one edit (SPEC §5); labels are the form's names (SPEC §14).
FIELDS: tuple[TicketField, ...] = (
    TicketField("title", "Title", TEXT),
    TicketField("description", "Description", TEXT),
    TicketField("notes", "Notes", TEXT),
    TicketField("requester", "Requester", TEXT),
    TicketField("watchers", "Watchers", WORDS, column=False),
    TicketField("priority", "Priority", TEXT),
    TicketField("status", "Status", TEXT),
    TicketField("hold_reason", "Hold reason", OPTIONAL_TEXT),
    TicketField("due", "Due date", MOMENT),
    TicketField("due_has_time", "Due time set", FLAG, csv=False, qualifies="due"),
    TicketField("tags", "Tags", WORDS, column=False, after_times=True),
    TicketField("links", "Links", LINKS, column=False, after_times=True),
)
BY_NAME: dict[str, TicketField] = {f.name: f for f in FIELDS}
NAMES: tuple[str, ...] = tuple(f.name for f in FIELDS)
LABELS: dict[str, str] = {f.name: f.label for f in FIELDS}
COLUMNS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.column)


# Logged but not edited in the ticket form: "Reset age" (services/reage.py).
LOGGED_ONLY: dict[str, str] = {"age_reference": "Age counted from"}


def label(name: str) -> str:
    """The label a person sees for field ``name`` (the name itself for a field no longer declared)."""
    return LABELS.get(name) or LOGGED_ONLY.get(name, name)


# ----- the update log ------------------------------------------------------------------------------------------
def encode(value: Any) -> str:
    """How a field value is written into the log (JSON; times in UTC, links as ``[url, label]`` pairs)."""
    if isinstance(value, datetime):
        return json.dumps(value.astimezone(timezone.utc).isoformat())
    if isinstance(value, (list, tuple)):
        return json.dumps([list(v) if isinstance(v, tuple) else v for v in value], ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False)


def decode(raw: str | None) -> Any:
    """A logged value back as JSON data; an entry written before log values were JSON keeps its text."""
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def log_values(t: Any) -> dict[str, Any]:
    """The loggable fields of a record or an input, in the shapes the log stores them."""
    return {f.name: f.kind.to_log(getattr(t, f.name)) for f in FIELDS}


def log_json(t: Any) -> dict[str, Any]:
    """:func:`log_values` as the JSON data the log holds (the ``created`` entry's initial values)."""
    return {name: json.loads(encode(value)) for name, value in log_values(t).items()}


def changed(before: Mapping[str, Any], after: Mapping[str, Any], names: Iterable[str] = NAMES) -> list[str]:
    """The names (in log order) whose logged values differ."""
    return [n for n in names if encode(before[n]) != encode(after[n])]


# ----- input, records and stored columns -----------------------------------------------------------------------
def input_from(t: Any) -> TicketInput:
    """A form's starting values from anything with the fields as attributes (a record, a document ticket)."""
    return TicketInput(**{f.name: f.kind.to_input(getattr(t, f.name)) for f in FIELDS})


def input_from_doc(doc: Mapping[str, Any]) -> dict[str, Any]:
    """TicketInput values for the fields a JSON-shaped mapping holds (links as ``{"url", "label"}``)."""
    return {f.name: f.kind.from_doc(doc[f.name]) for f in FIELDS if f.name in doc}


def column_values(clean: TicketInput) -> dict[str, Any]:
    """The ticket-table columns of validated input (derived columns are added by the caller)."""
    return {name: getattr(clean, name) for name in COLUMNS}


def from_columns(row: Mapping[Any, Any], names: Iterable[str]) -> dict[str, Any]:
    """Record values for the columns ``names`` of a stored row (fields converted, other columns as they are)."""
    return {n: BY_NAME[n].kind.from_column(row[n]) if n in BY_NAME else row[n] for n in names}


# ----- export --------------------------------------------------------------------------------------------------
def _set(value: Any) -> bool:
    return value is not None and value != "" and value != () and value != []


def doc_values(t: Any, *, after_times: bool) -> dict[str, Any]:
    """The interchange keys of a record: those before ``created``/``updated``, or those after them."""
    return {
        f.name: f.kind.to_doc(getattr(t, f.name))
        for f in FIELDS
        if f.after_times == after_times and f.qualifies is None
    }


def doc_qualifiers(t: Any) -> dict[str, Any]:
    """The keys written last, each only when the field it qualifies is set (``due_has_time`` with ``due``)."""
    return {
        f.name: f.kind.to_doc(getattr(t, f.name))
        for f in FIELDS
        if f.qualifies is not None and _set(getattr(t, f.qualifies))
    }


def csv_names(*, after_times: bool) -> tuple[str, ...]:
    """The CSV columns of the fields before (or after) ``created``/``updated``."""
    return tuple(f.name for f in FIELDS if f.csv and f.after_times == after_times)


def csv_cells(t: Any, *, after_times: bool) -> list[str]:
    """The CSV cells of a record, in the order of :func:`csv_names`."""
    return [BY_NAME[n].kind.to_cell(getattr(t, n)) for n in csv_names(after_times=after_times)]
