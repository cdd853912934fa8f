"""Repeating-ticket entries of the update log in words (ticket page and summary read them from log_text)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tickettracker.domain.log_text import headline, in_words
from tickettracker.domain.records import UpdateRec

AT = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


def _u(
    kind: str, field: str | None = None, old: str | None = None, new: str | None = None, body: str = ""
) -> UpdateRec:
    return UpdateRec(1, AT, "System", kind, field, old, new, body)


@pytest.mark.parametrize(
    ("entry", "icon", "words"),
    [
        (_u("field", "repeat", "null", '"Every Monday at 09:00, from the due date"'), "edit",
         "Repeats: does not repeat → Every Monday at 09:00, from the due date"),
        (_u("field", "repeat", '"Every day, after completion"', "null"), "edit",
         "Repeats: Every day, after completion → does not repeat"),
        (_u("repeat", body="Occurrence 2 of “Every day”; previous: #12"), "repeat",
         "Occurrence 2 of “Every day”; previous: #12"),
        (_u("repeat", body="Next occurrence: #13, due Mon 07 Dec 2026 09:00"), "repeat",
         "Next occurrence: #13, due Mon 07 Dec 2026 09:00"),
    ],
)  # fmt: skip
def test_repeat_entries_in_words(entry: UpdateRec, icon: str, words: str) -> None:
    assert headline(entry) == (icon, words)
    assert in_words(entry) == words
