"""The dashboard's view state lives in the URL: it round-trips, unknown values are ignored, a URL restores a view."""

from __future__ import annotations

from typing import Any

import pytest
from nicegui import ui
from nicegui.testing import User

from tickettracker.app import build_services
from tickettracker.config import Config
from tickettracker.domain.records import ListQuery
from tickettracker.domain.validation import TicketInput
from tickettracker.ui.pages.dashboard import params_from_query, query_from_params


class _Ctx:
    cfg = Config()


QUERIES = [
    ListQuery(),
    ListQuery(text='Café & 100% _x_ "q"', page=3, page_size=25),
    ListQuery(statuses=["Active", "Closed"], priorities=["Urgent", "Low"], tags=["hardware", "Ærø"]),
    ListQuery(tags=["a", "b"], match_all_tags=True, overdue_only=True, has_due=False),
    ListQuery(has_due=True, sort="due", descending=True, page_size=200),
    *(ListQuery(sort=s) for s in ("priority", "updated", "created", "id", "title")),
]


@pytest.mark.parametrize("q", QUERIES)
def test_view_state_round_trips_through_the_url(q: ListQuery) -> None:
    assert query_from_params(params_from_query(q), _Ctx()) == q  # type: ignore[arg-type]


def test_default_view_has_a_bare_url() -> None:
    assert params_from_query(ListQuery()) == {}


def test_unknown_url_values_are_ignored() -> None:
    q = query_from_params(
        {
            "status": "Open,Bogus",
            "priority": "Mega",
            "sort": "drop table",
            "size": "7",
            "page": "-3",
            "due": "x",
        },
        _Ctx(),  # type: ignore[arg-type]
    )
    assert (q.statuses, q.priorities, q.sort, q.page_size, q.page, q.has_due) == (
        ["Open"],
        [],
        "urgency",
        50,
        1,
        None,
    )


def _seed() -> dict[str, int]:
    ctx = build_services()  # the same data folder the app under test uses
    try:
        make = ctx.tickets.create
        return {
            "printer": make(TicketInput(title="Printer on fire", priority="High", tags=["hardware"])),
            "cafe": make(TicketInput(title="Café machine broken", priority="Low", tags=["kitchen"])),
            "network": make(
                TicketInput(title="Network printer offline", priority="Urgent", tags=["hardware"])
            ),
        }
    finally:
        ctx.close()


def _table(user: User) -> Any:
    return next(iter(user.find(ui.table).elements))


def _input(user: User, label: str) -> Any:
    return next(e for e in user.find(ui.input).elements if e.props.get("label") == label)


async def test_a_url_restores_search_filters_sort_and_page(user: User) -> None:
    ids = _seed()
    await user.open("/?q=printer&tags=hardware&sort=priority&desc=1&size=25")
    await user.should_see("1–2 of 2 tickets")
    assert [r["id"] for r in _table(user).rows] == [
        ids["printer"],
        ids["network"],
    ]  # reversed: least urgent first
    # the query language keeps filters and text in step: old-style URL parameters become query terms
    assert _input(user, "Search").value == "printer tag:hardware sort:-priority"
    assert _table(user).pagination["rowsPerPage"] == 25
    tags = next(e for e in user.find(ui.select).elements if e.props.get("label") == "Tags")
    assert tags.value == ["hardware"]
    # highlighted match parts travel with the row (rendered as <mark> in the browser)
    assert ["Printer", True] in _table(user).rows[0]["title_parts"]


async def test_page_two_of_a_small_page_size(user: User) -> None:
    _seed()
    await user.open("/?sort=id&size=25&page=2")  # only one page exists: the last page is shown
    await user.should_see("1–3 of 3 tickets")


async def test_typing_a_search_narrows_the_rows_and_says_when_nothing_matches(user: User) -> None:
    ids = _seed()
    await user.open("/")
    await user.should_see("1–3 of 3 tickets")
    _input(user, "Search").set_value("café")
    await user.should_see("1–1 of 1 tickets")
    assert [r["id"] for r in _table(user).rows] == [ids["cafe"]]
    _input(user, "Search").set_value('%_"*() zzz')
    await user.should_see("No ticket matches.")
    await user.should_see("Clear filters")
