"""What the dashboard sends to the browser (issue 15): a page turn, a sort or a search sends the rows, the pagination
and the count line, with the URL in the same update; never the columns or a row template; the first HTML carries
neither every tag nor 50 hidden quick-info cards; tag options load as typed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from tests.ui.helpers import labelled, side_door, until
from tickettracker.domain.validation import TicketInput
from tickettracker.ui.components.dashboard.rows import TicketTable


def _seed(data_dir: Path, n: int, **extra: Any) -> None:
    with side_door(data_dir) as ctx:
        for i in range(1, n + 1):
            ctx.tickets.create(TicketInput(title=f"Printer {i:03d}", **extra))


def _record(user: User) -> list[tuple[str, dict[str, Any]]]:
    """Every message the server sends to this tab from now on (type, payload)."""
    sent: list[tuple[str, dict[str, Any]]] = []
    outbox = user.client.outbox
    emit = outbox._emit  # the simulated socket: what a browser would receive

    async def recording(message: Any) -> None:
        sent.append((message[1], dict(message[2])))
        await emit(message)

    outbox._emit = recording  # type: ignore[method-assign]
    return sent


def _table(user: User) -> TicketTable:
    return next(e for e in user.find(ui.table).elements if isinstance(e, TicketTable))


def _table_updates(sent: list[tuple[str, dict[str, Any]]], table: TicketTable) -> list[dict[str, Any]]:
    return [data[table.id] for kind, data in sent if kind == "update" and table.id in data]


async def test_a_page_turn_sends_rows_pagination_and_url_but_no_columns_or_template(
    user: User, isolated_data_dir: Path
) -> None:
    _seed(isolated_data_dir, 60)
    await user.open("/?sort=id")
    await user.should_see("1–50 of 60 tickets")
    table = _table(user)
    sent = _record(user)
    UserInteraction(user, {table}, None).trigger("request", {"pagination": {"page": 2, "rowsPerPage": 50}})
    await user.should_see("51–60 of 60 tickets")
    await until(lambda: bool(_table_updates(sent, table)), "the table's update")
    (update,) = _table_updates(sent, table)
    assert [r["title"] for r in update["props"]["rows"]][:2] == ["Printer 051", "Printer 052"]
    assert update["props"]["pagination"]["page"] == 2
    assert "columns" not in update["props"] and update["preserved_props"] == ["columns"]
    assert not any("template" in slot for slot in update.get("slots", {}).values())  # the rows' look is JS
    assert (
        update["props"]["history"]["url"] == "/?q=sort%3Aid&sort=id&page=2"
    )  # the URL rides along: no message of its own
    assert not [d for kind, d in sent if kind == "run_javascript" and "history" in d["code"]]


async def test_search_keystrokes_push_one_history_entry_then_replace_it(
    user: User, isolated_data_dir: Path
) -> None:
    _seed(isolated_data_dir, 3)
    await user.open("/")
    await user.should_see("1–3 of 3 tickets")
    table = _table(user)
    sent = _record(user)
    search = labelled(user, ui.input, "Search")
    search.set_value("prin")
    await until(lambda: len(_table_updates(sent, table)) == 1, "the first keystroke's update")
    search.set_value("print")
    await until(lambda: len(_table_updates(sent, table)) == 2, "the second keystroke's update")
    first, second = (u["props"]["history"] for u in _table_updates(sent, table))
    assert (first["url"], first["replace"]) == (
        "/?q=prin",
        False,
    )  # Back returns to the view before the search
    assert (second["url"], second["replace"]) == ("/?q=print", True)
    assert second["n"] == first["n"] + 1


async def test_first_html_has_no_row_template_and_only_the_chosen_tags(
    user: User, isolated_data_dir: Path
) -> None:
    _seed(isolated_data_dir, 2, tags=["hardware"])
    with side_door(isolated_data_dir) as ctx:
        before = len((await user.http_client.get("/?q=printer")).text)
        # 5,000 tags on tickets that are not listed (no "printer" in their titles)
        for i in range(50):
            tags = [f"zq{i:02d}x{j:03d}" for j in range(100)]
            ctx.tickets.create(TicketInput(title=f"Carrier {i}", tags=tags))
    html = (await user.http_client.get("/?q=printer")).text
    assert "zq00x" not in html and "zq49x" not in html
    assert len(html) - before < 200  # only the sidebar's counts grew by a digit or two
    assert (
        "tt-quick" not in html and "q-tr" not in html
    )  # the row template (and its card) come from a JS file


async def test_tag_options_load_as_typed(user: User, isolated_data_dir: Path) -> None:
    with side_door(isolated_data_dir) as ctx:
        ctx.tickets.create(TicketInput(title="Laptop", tags=["hardware", "harbour", "desk"]))
    await user.open("/?q=tag:desk")
    await user.should_see("1–1 of 1 tickets")
    tags = labelled(user, ui.select, "Tags")
    assert tags.options == ["desk"]  # only the chosen tag came with the page
    UserInteraction(user, {tags}, None).trigger("inputValue", "HAR")
    await until(lambda: tags.options == ["desk", "harbour", "hardware"], "matching tags offered")
    assert tags.value == ["desk"]
