from __future__ import annotations

import pytest

from tickettracker.domain import search


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("printer", '"printer"*'),
        ("Printer fire", '"Printer"* AND "fire"*'),
        ('%_"*()', None),
        ("a OR b", '"a"* AND "OR"* AND "b"*'),
        ("title:evil NEAR(x)", '"title"* AND "evil"* AND "NEAR"* AND "x"*'),
        ("café", '"café"*'),
        ("", None),
        ("   ", None),
    ],
)
def test_user_text_never_becomes_fts_syntax(typed: str, expected: str | None) -> None:
    assert search.fts_match(typed) == expected


def test_highlight_is_accent_and_case_insensitive() -> None:
    parts = search.highlight("Café printer on FIRE", "cafe fi")
    assert parts == [("Café", True), (" printer on ", False), ("FI", True), ("RE", False)]


def test_highlight_without_query_returns_text() -> None:
    assert search.highlight("x", "") == [("x", False)]
