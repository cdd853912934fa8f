"""A log entry in words (domain/log_text.py), as the ticket page's log and the clipboard summary show it."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from tickettracker.domain import log_text
from tickettracker.domain.records import AttachmentRec, LinkRec, UpdateRec

UTC = timezone.utc
AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")
FILE = AttachmentRec(1, "notes.txt", 5, "text/plain", "0" * 64, AT, 9)
LINK = LinkRec(1, "https://example.com", "", 9)


def entry(
    kind: str,
    field: str | None = None,
    old: str | None = None,
    new: str | None = None,
    body: str = "",
    links: tuple[LinkRec, ...] = (),
    files: tuple[AttachmentRec, ...] = (),
) -> UpdateRec:
    return UpdateRec(9, AT, "Ana", kind, field, old, new, body, links, files)


# entry, the ticket page's (icon, sentence), the summary's text
CASES = [
    (entry("created", new="{}"), ("fiber_new", "Created the ticket"), "Created the ticket"),
    (
        entry("status", "status", '"Open"', '"On Hold"', "Awaiting parts"),
        ("swap_horiz", "Status: Open → On Hold — Awaiting parts"),
        "Status: Open → On Hold — Awaiting parts",
    ),
    (
        entry("reopened", "status", '"Closed"', '"Open"'),
        ("swap_horiz", "Reopened: Closed → Open"),
        "Reopened: Closed → Open",
    ),
    (entry("field", "priority", '"Low"', '"High"'), ("edit", "Priority: Low → High"), "Priority: Low → High"),
    (
        entry("field", "hold_reason", "null", '"x"'),
        ("edit", "Hold reason: (empty) → x"),
        "Hold reason: (empty) → x",
    ),
    (
        entry("field", "tags", '["a"]', '["a", "b"]'),
        ("edit", "Tags: a → a, b"),
        "Tags: a → a, b",
    ),
    (
        entry("field", "links", "[]", '[["https://e.com", ""], ["https://f.com", "F"]]'),
        ("edit", "Links: (empty) → https://e.com, F"),
        "Links: (empty) → https://e.com, F",
    ),
    (
        entry("field", "due_has_time", "false", "true"),
        ("edit", "Due time set: False → True"),
        "Due time set: False → True",
    ),
    (entry("field", "retired", '"a"', '"b"'), ("edit", "retired: a → b"), "retired: a → b"),
    (entry("field", "title", "old text", None), ("edit", "Title: old text → —"), "Title: old text → —"),
    (entry("deleted"), ("delete", "Moved the ticket to the trash"), "Moved the ticket to the trash"),
    (
        entry("restored"),
        ("restore_from_trash", "Restored the ticket from the trash"),
        "Restored the ticket from the trash",
    ),
    (
        entry("attachment", body="Attached notes.txt (5 B)", files=(FILE,)),
        ("attach_file", "Attached notes.txt (5 B)"),
        "Attached notes.txt (5 B)",
    ),
    (entry("note", body="Called the vendor."), ("chat", ""), "Called the vendor."),
    (entry("note", files=(FILE,)), ("attach_file", "Posted files only"), "Attached notes.txt"),
    (entry("note", links=(LINK,)), ("attach_file", "Posted links"), "Posted links"),
]


@pytest.mark.parametrize(("u", "headline", "text"), CASES)
def test_a_log_entry_in_words(u: UpdateRec, headline: tuple[str, str], text: str) -> None:
    assert log_text.headline(u) == headline
    assert log_text.in_words(u) == text


@pytest.mark.parametrize(
    ("field", "raw", "tz", "words"),
    [
        ("due", '"2026-12-24T15:30:00+00:00"', BERLIN, "2026-12-24 16:30 CET"),
        ("due", '"2026-12-24T15:30:00+00:00"', UTC, "2026-12-24 15:30 UTC"),
        ("description", '"line one\\n  line two"', None, "line one line two"),
        ("description", '"' + "x" * 100 + '"', None, "x" * 77 + "…"),
        ("notes", '""', None, "(empty)"),
        ("watchers", "[]", None, "(empty)"),
        ("notes", None, None, "—"),
    ],
)
def test_logged_values_in_words(
    field: str, raw: str | None, tz: ZoneInfo | timezone | None, words: str
) -> None:
    assert log_text.value_words(field, raw, tz) == words


def test_an_entry_made_through_an_access_link_says_whose() -> None:
    through_bob = UpdateRec(9, AT, "Bob Kim", "note", None, None, None, "Toner", (), (), "Bob")
    assert log_text.via_words(through_bob) == "via Bob's link"
    assert log_text.via_words(entry("note", body="Toner")) is None
