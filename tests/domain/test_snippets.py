"""Snippets: names a person can type after ";", placeholders filled from the ticket, completion."""

from __future__ import annotations

import pytest

from tickettracker.domain import snippets


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("thanks", True),
        ("on-it_2", True),
        ("9", True),
        ("", False),
        ("Thanks", False),
        ("-x", False),
        ("a b", False),
        ("a" * 41, False),
    ],
)
def test_names(name: str, ok: bool) -> None:
    assert (snippets.check_name(name) is None) == ok


def test_expand_fills_the_three_placeholders_only() -> None:
    body = "Hi {requester}, ticket #{id} ({title}) is in progress. {unknown} {{id}}"
    assert snippets.expand(body, ticket_id=12, title="Printer", requester="Ana") == (
        "Hi Ana, ticket #12 (Printer) is in progress. {unknown} {12}"
    )


def test_expand_does_not_expand_values_again() -> None:
    out = snippets.expand("{title} / {requester}", ticket_id=1, title="{requester}", requester="Bo")
    assert out == "{requester} / Bo"


@pytest.mark.parametrize(
    ("before", "typed"),
    [
        (";", ""),
        (";tha", "tha"),
        ("Hello\n;on-it", "on-it"),
        ("x ;a", "a"),
        ("x;a", None),
        ("; a", None),
        ("plain", None),
    ],
)
def test_trigger(before: str, typed: str | None) -> None:
    assert snippets.trigger(before) == typed


def test_complete_prefers_prefixes() -> None:
    names = ["thanks", "on-it", "thanks-long", "closing-thanks"]
    assert snippets.complete("th", names) == ["thanks", "thanks-long", "closing-thanks"]
    assert snippets.complete("", names, limit=2) == ["closing-thanks", "on-it"]


def test_insert_replaces_the_trigger() -> None:
    assert snippets.insert("Hello ;tha", "\nBye", "Thanks!") == ("Hello Thanks!\nBye", 13)


def test_check_cleans_and_refuses() -> None:
    from tickettracker.errors import ValidationFailed

    assert snippets.check(snippets.Snippet(" thanks ", "Thanks!\n\n")) == snippets.Snippet(
        "thanks", "Thanks!"
    )
    with pytest.raises(ValidationFailed) as e:
        snippets.check(snippets.Snippet("Bad Name", "  "))
    assert set(e.value.problems) == {"name", "body"}
