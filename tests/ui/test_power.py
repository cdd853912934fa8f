"""The dashboard's power-user layer through NiceGUI's simulated user: query text and filters in step, query
errors, saved views, keyboard row cursor and bulk edits with undo."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from tests.ui.helpers import type_without_enter
from tickettracker.app import build_services
from tickettracker.domain.validation import TicketInput
from tickettracker.services.container import Services
from tickettracker.services.power import PowerService


@pytest.fixture
def data() -> Iterator[Services]:
    """The same data folder the app under test uses (a second writer on it, as a CLI command would be)."""
    ctx = build_services(os.environ["TICKETTRACKER_DATA_DIR"])
    yield ctx
    ctx.close()


def seed(ctx: Services) -> None:
    ctx.tickets.create(TicketInput(title="Printer on fire", priority="High", tags=["office", "printer"]))
    ctx.tickets.create(TicketInput(title="Toner empty", priority="Low", tags=["printer"]))
    ctx.tickets.create(TicketInput(title="VPN down", priority="Urgent", tags=["network"]))


def labelled(user: User, kind: type, label: str) -> Any:
    """The element with this label; the newest one when there are several (a dialog's, over the page's)."""
    return max((e for e in user.find(kind).elements if e.props.get("label") == label), key=lambda e: e.id)


def search(user: User) -> ui.input:
    return labelled(user, ui.input, "Search")  # type: ignore[no-any-return]


async def press(user: User, key: str, shift: bool = False) -> None:
    assert user.client is not None
    UserInteraction(user, {user.client.layout}, None).trigger("tt_key", {"key": key, "shift": shift})
    await settle()  # the key handler runs as a task, as it does for a real key press


def titles(user: User) -> list[str]:
    table = user.find(ui.table).elements.pop()
    return [r["title"] for r in table.rows]


async def sidebar_shows(user: User, name: str) -> None:
    for _ in range(30):
        if any(e.props.get("aria-label") == name for e in user.find(ui.item).elements):
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"the sidebar has no entry {name!r}")


async def settle() -> None:
    await asyncio.sleep(0.05)


async def test_typing_a_term_sets_the_filter_and_a_filter_writes_its_term(user: User, data: Services) -> None:
    seed(data)
    await user.open("/")
    await user.should_see("1–3 of 3 tickets")
    search(user).value = 'status:open tag:printer,office "on fire"'
    await user.should_see("1–1 of 1 tickets")
    assert labelled(user, ui.select, "Status").value == ["Open"]
    assert labelled(user, ui.select, "Tags").value == ["printer", "office"]
    labelled(user, ui.select, "Priority").value = ["High"]
    assert search(user).value == 'status:Open tag:printer,office "on fire" priority:High'
    labelled(user, ui.select, "Status").value = []
    labelled(user, ui.select, "Sort by").value = "due"
    next(e for e in user.find(ui.switch).elements if e.text == "Match all tags").value = True
    assert search(user).value == 'tag:printer tag:office "on fire" priority:High sort:due'
    await user.should_see("1–1 of 1 tickets")


async def test_a_query_error_says_where_and_keeps_the_text_and_rows(user: User, data: Services) -> None:
    seed(data)
    await user.open("/")
    search(user).value = "tag:network"
    await user.should_see("1–1 of 1 tickets")
    search(user).value = "stauts:open"
    await user.should_see("unknown field `stauts` — did you mean `status`?")
    assert search(user).value == "stauts:open"
    assert titles(user) == ["VPN down"]  # the last good result stays
    search(user).value = "status:open"
    await user.should_see("1–3 of 3 tickets")


async def test_old_style_filter_urls_become_query_text(user: User, data: Services) -> None:
    seed(data)
    await user.open("/?priority=Low&tags=printer")
    await user.should_see("1–1 of 1 tickets")
    assert search(user).value == "priority:Low tag:printer"


async def test_an_old_style_no_due_date_url_keeps_its_filter(user: User, data: Services) -> None:
    seed(data)
    data.tickets.create(
        TicketInput(title="Due soon", priority="Low", due=data.tickets.clock() + timedelta(days=2))
    )
    await user.open("/?due=no&priority=Low")
    await user.should_see("1–1 of 1 tickets")
    assert search(user).value == "priority:Low -has:due"
    assert titles(user) == ["Toner empty"]


async def test_save_a_view_see_its_count_make_it_default_and_delete_it(user: User, data: Services) -> None:
    seed(data)
    await user.open("/")
    search(user).value = "tag:printer sort:-updated"
    await user.should_see("1–2 of 2 tickets")
    save = next(
        e
        for e in user.find(ui.button).elements
        if e.props.get("aria-label") == "Bookmark this search as a view"
    )
    UserInteraction(user, {save}, None).click()
    labelled(user, ui.input, "View name").value = "Printers"
    user.find("Save").click()
    await user.should_see("Saved view: Printers")
    await user.should_see("Printers")
    power = PowerService(data.tickets)
    (view,) = power.views()
    assert (view.query, view.sort) == ("tag:printer", "-updated")
    await sidebar_shows(user, "Printers, 2")  # the sidebar recounts within a second
    data.tickets.create(TicketInput(title="Paper jam", tags=["printer"]))
    power.set_default_view(view.id)  # (through the service: the event reaches the app's own service only)
    await user.open("/")
    await user.should_see("1–3 of 3 tickets")
    assert search(user).value == "tag:printer sort:-updated"
    await sidebar_shows(user, "Printers, 3")
    await user.open("/?q=")  # "All tickets": an explicit empty search skips the default view
    await user.should_see("1–4 of 4 tickets")
    manage = next(
        e for e in user.find(ui.button).elements if e.props.get("aria-label") == "Manage view Printers"
    )
    menu = next(c for c in manage.default_slot.children if isinstance(c, ui.menu))
    menu.open()  # (a browser opens it on the click; the simulation does not)
    delete = next(
        e
        for e in menu.descendants()
        if isinstance(e, ui.menu_item) and any(getattr(d, "text", "") == "Delete" for d in e.descendants())
    )
    UserInteraction(user, {delete}, None).click()
    await user.should_see("Delete the view “Printers”? Its tickets are not touched.")
    user.find("Delete view").click()
    await settle()
    assert power.views() == []


async def test_keyboard_cursor_selection_and_bulk_status_with_undo(user: User, data: Services) -> None:
    seed(data)
    await user.open("/?q=sort:id")
    await user.should_see("1–3 of 3 tickets")
    await press(user, "j")
    await press(user, "x")  # select #1
    await press(user, "j")
    await press(user, "j")
    await press(user, "x", shift=True)  # extend to #3
    await user.should_see("3 selected")
    await press(user, "k")
    await press(user, "x")  # unselect #2
    await user.should_see("2 selected")
    user.find("Change status").click()
    labelled(user, ui.select, "Status").value = "On Hold"
    user.find("Apply").click()
    await user.should_see("On Hold needs a reason")
    labelled(user, ui.select, "Hold reason").value = "Awaiting parts"
    user.find("Apply").click()
    await user.should_see("Status → On Hold: 2 tickets changed")
    assert [data.tickets.get(i).status for i in (1, 2, 3)] == ["On Hold", "Open", "On Hold"]
    assert data.tickets.get(1).updates[-1].body == "Awaiting parts"
    user.find("Undo").click()
    await user.should_see("Undid “Status → On Hold”: 2 tickets changed")
    assert [data.tickets.get(i).status for i in (1, 2, 3)] == ["Open", "Open", "Open"]


async def test_select_all_matching_then_delete_with_one_confirmation(user: User, data: Services) -> None:
    seed(data)
    await user.open("/?q=tag:printer&size=25")
    await user.should_see("1–2 of 2 tickets")
    table = user.find(ui.table).elements.pop()
    UserInteraction(user, {table}, None).trigger("select_row", {"id": 1, "shift": False})
    await user.should_see("1 selected")
    user.find("Select all 2 matching").click()
    await user.should_see("All 2 matching tickets selected")
    UserInteraction(
        user, {next(e for e in user.find(ui.button).elements if e.text == "Delete")}, None
    ).click()
    await user.should_see("Move 2 tickets to the trash? You can undo this right after.")
    user.find("Move to trash").click()
    await user.should_see("Moved to the trash: 2 tickets changed")
    assert PowerService(data.tickets).count(PowerService(data.tickets).parse("")) == 1


async def test_bulk_status_keeps_a_hold_reason_typed_without_enter(user: User, data: Services) -> None:
    """The bulk dialog uses the ticket page's status picker: typed text counts, as it does on the ticket page."""
    seed(data)
    await user.open("/?q=sort:id")
    await user.should_see("1–3 of 3 tickets")
    table = user.find(ui.table).elements.pop()
    UserInteraction(user, {table}, None).trigger("select_row", {"id": 2, "shift": False})
    await user.should_see("1 selected")
    user.find("Change status").click()
    labelled(user, ui.select, "Status").value = "On Hold"
    type_without_enter(user, labelled(user, ui.select, "Hold reason"), "Vendor")
    user.find("Apply").click()
    await user.should_see("Status → On Hold: 1 ticket changed")
    assert (data.tickets.get(2).status, data.tickets.get(2).hold_reason) == ("On Hold", "Vendor")
