"""The ticket's fields declared once (domain/fields.py): every field through the log, the export and the import."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from tickettracker.domain import fields
from tickettracker.domain.interchange import TicketDoc
from tickettracker.domain.records import LinkRec, TicketRec
from tickettracker.domain.validation import LinkIn, TicketInput
from tickettracker.store.models import Ticket

UTC = timezone.utc
DUE = datetime(2026, 12, 24, 15, 30, tzinfo=UTC)
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

RECORD = TicketRec(
    id=7,
    title="Printer on fire",
    description="It smokes.\nSecond line.",
    notes="Vendor knows — ünïcode",
    requester="ana@example.com",
    watchers=("bo@example.com", "cy@example.com"),
    priority="High",
    status="On Hold",
    hold_reason="Awaiting parts",
    due=DUE,
    due_has_time=True,
    tags=("office", "printer"),
    links=(LinkRec(1, "https://example.com/case/7", "vendor case"), LinkRec(2, "mailto:a@b.c", "")),
    created=NOW - timedelta(days=3),
    updated=NOW,
    deleted_at=None,
    paused_seconds=0.0,
    paused_since=None,
    version=3,
)

# field: (what the log holds as JSON, the CSV cell, another value for the same field in TicketInput's shape)
TABLE: dict[str, tuple[Any, str | None, Any]] = {
    "title": ("Printer on fire", "Printer on fire", "Printer fixed"),
    "description": ("It smokes.\nSecond line.", "It smokes.\nSecond line.", ""),
    "notes": ("Vendor knows — ünïcode", "Vendor knows — ünïcode", "x"),
    "requester": ("ana@example.com", "ana@example.com", "bo@example.com"),
    "watchers": (["bo@example.com", "cy@example.com"], "bo@example.com; cy@example.com", []),
    "priority": ("High", "High", "Low"),
    "status": ("On Hold", "On Hold", "Open"),
    "hold_reason": ("Awaiting parts", "Awaiting parts", None),
    "due": ("2026-12-24T15:30:00+00:00", "2026-12-24T15:30:00+00:00", DUE + timedelta(days=1)),
    "due_has_time": (True, None, False),
    "tags": (["office", "printer"], "office; printer", ["office"]),
    "links": (
        [["https://example.com/case/7", "vendor case"], ["mailto:a@b.c", ""]],
        "https://example.com/case/7 mailto:a@b.c",
        [LinkIn("https://example.com/other", "other")],
    ),
}


def test_the_table_covers_every_declared_field() -> None:
    assert list(TABLE) == list(fields.NAMES)


def test_the_declaration_matches_the_input_the_records_and_the_table() -> None:
    assert tuple(f.name for f in dataclasses.fields(TicketInput)) == fields.NAMES
    record = {f.name for f in dataclasses.fields(TicketRec)}
    assert set(fields.NAMES) <= record
    assert set(fields.NAMES) <= set(TicketDoc.model_fields)
    columns = set(Ticket.__table__.c.keys())  # type: ignore[attr-defined]
    for f in fields.FIELDS:
        assert (f.name in columns) == f.column, f.name


@pytest.mark.parametrize("name", fields.NAMES)
def test_every_field_round_trips_through_the_log(name: str) -> None:
    logged, _cell, _other = TABLE[name]
    kind = fields.BY_NAME[name].kind
    raw = fields.encode(kind.to_log(getattr(RECORD, name)))
    assert fields.decode(raw) == logged
    # the same value read from a form's input is logged the same way
    assert fields.encode(kind.to_log(getattr(fields.input_from(RECORD), name))) == raw
    assert fields.log_json(RECORD)[name] == logged


@pytest.mark.parametrize("name", fields.NAMES)
def test_a_change_of_one_field_is_logged_for_that_field_only(name: str) -> None:
    _logged, _cell, other = TABLE[name]
    before = fields.input_from(RECORD)
    after = dataclasses.replace(before, **{name: other})
    assert fields.changed(fields.log_values(before), fields.log_values(after)) == [name]


@pytest.mark.parametrize("name", fields.NAMES)
def test_every_field_round_trips_through_export_and_import(name: str) -> None:
    doc = {
        **fields.doc_values(RECORD, after_times=False),
        **fields.doc_values(RECORD, after_times=True),
        **fields.doc_qualifiers(RECORD),
    }
    imported = TicketDoc.model_validate_json(json.dumps(doc))  # as `import` reads the exported file
    assert getattr(fields.input_from(imported), name) == getattr(fields.input_from(RECORD), name)


@pytest.mark.parametrize("name", fields.NAMES)
def test_every_field_round_trips_through_a_json_shaped_mapping(name: str) -> None:
    doc = json.loads(
        json.dumps({**fields.doc_values(RECORD, after_times=False), **fields.doc_qualifiers(RECORD)})
    )
    doc.update(json.loads(json.dumps(fields.doc_values(RECORD, after_times=True))))
    assert fields.input_from_doc(doc)[name] == getattr(fields.input_from(RECORD), name)


@pytest.mark.parametrize("name", fields.NAMES)
def test_every_field_has_its_csv_cell(name: str) -> None:
    _logged, cell, _other = TABLE[name]
    after = fields.BY_NAME[name].after_times
    names = fields.csv_names(after_times=after)
    if cell is None:
        assert name not in names
    else:
        assert fields.csv_cells(RECORD, after_times=after)[names.index(name)] == cell


def test_the_export_keeps_the_spec_key_order() -> None:
    assert list(fields.doc_values(RECORD, after_times=False)) == [
        "title", "description", "notes", "requester", "watchers", "priority", "status", "hold_reason", "due",
    ]  # fmt: skip
    assert list(fields.doc_values(RECORD, after_times=True)) == ["tags", "links"]


@pytest.mark.parametrize(("due", "written"), [(DUE, {"due_has_time": True}), (None, {})])
def test_due_has_time_is_exported_only_with_a_due_date(
    due: datetime | None, written: dict[str, bool]
) -> None:
    assert fields.doc_qualifiers(dataclasses.replace(RECORD, due=due)) == written


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ({"due_has_time": 1, "title": "t"}, {"due_has_time": True, "title": "t"}),
        ({"version": 4}, {"version": 4}),
    ],
)
def test_stored_columns_become_record_values(stored: dict[str, Any], expected: dict[str, Any]) -> None:
    assert fields.from_columns(stored, stored) == expected


@pytest.mark.parametrize(
    ("name", "label"),
    [("title", "Title"), ("hold_reason", "Hold reason"), ("due", "Due date"), ("gone_field", "gone_field")],
)
def test_labels_are_the_names_a_person_sees(name: str, label: str) -> None:
    assert fields.label(name) == label


def test_a_log_value_written_before_json_keeps_its_text() -> None:
    assert fields.decode("not json") == "not json"
    assert fields.decode(None) is None
