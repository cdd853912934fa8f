"""Dates in words in the query language (`due:<"next friday"`): parsed, round-tripped, resolved, refused."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tickettracker.config import Config
from tickettracker.domain.query import QueryError, Term, parse, time_range

CFG = Config()
NOW = datetime(2026, 11, 27, 15, 30, tzinfo=timezone.utc)  # Friday
DAY = timedelta(days=1)


def _day(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("typed", "order", "low", "high"),
    [
        ('due:<"next friday"', "DMY", None, _day(2026, 12, 4)),
        ('due:<="next friday"', "DMY", None, _day(2026, 12, 5)),
        ('due:"next friday"', "DMY", _day(2026, 12, 4), _day(2026, 12, 5)),
        ('due:>"end of month"', "DMY", _day(2026, 12, 1), None),
        ('due:"in 3 days"', "DMY", _day(2026, 11, 30), _day(2026, 12, 1)),
        ('due:<"tomorrow 5pm"', "DMY", None, datetime(2026, 11, 28, 17, 0, tzinfo=timezone.utc)),
        ("due:<31/12", "DMY", None, _day(2026, 12, 31)),
        ("due:<12/31", "MDY", None, _day(2026, 12, 31)),
        ('created:>"3 days ago"', "DMY", _day(2026, 11, 25), None),
    ],
)
def test_words_resolve_to_ranges(typed: str, order: str, low: datetime | None, high: datetime | None) -> None:
    q = parse(typed, CFG, order)  # type: ignore[arg-type]
    assert parse(q.to_text(), CFG, order) == q  # round trip keeps the words
    assert time_range(q.terms[0], NOW, order) == (low, high)  # type: ignore[arg-type]


def test_words_are_kept_as_typed_lowercase() -> None:
    assert parse('due:<"Next  Friday"', CFG).terms == (Term("due", ("next friday",), "<"),)
    assert parse('due:<"next friday"', CFG).to_text() == 'due:<"next friday"'


@pytest.mark.parametrize(
    ("typed", "order", "message"),
    [
        ("due:soon", "DMY", "cannot read the date `soon`"),
        ('due:"30 february"', "DMY", "cannot read the date `30 february` (February has no day 30)"),
        ("due:12/31", "DMY", "(there is no month 31 (dates are read day/month))"),
    ],
)
def test_unreadable_words_are_an_error_with_position(typed: str, order: str, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse(typed, CFG, order)  # type: ignore[arg-type]
    assert message in caught.value.message and caught.value.start == 4


def test_the_configured_date_order_is_the_default() -> None:
    mdy = Config.model_validate({"time": {"date_order": "MDY"}})
    (term,) = parse("due:12/31", mdy).terms
    assert term.values == ("12/31",)
