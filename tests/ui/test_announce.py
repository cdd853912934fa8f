"""The page's live region (role=status, polite): screen readers hear "Saved", "Copied", "Update posted" and the count
after a search, in one place that exists from the first render."""

from __future__ import annotations

from pathlib import Path

from nicegui import ui
from nicegui.testing import User

from tests.ui.helpers import click, labelled, side_door, until
from tickettracker.domain.validation import TicketInput


def make_tickets(data_dir: Path, *titles: str) -> None:
    with side_door(data_dir) as ctx:
        for title in titles:
            ctx.tickets.create(TicketInput(title=title))


def region(user: User) -> ui.label:
    (found,) = user.find(marker="live-region").elements
    assert isinstance(found, ui.label)
    return found


async def test_the_region_is_a_polite_status_and_starts_silent(user: User) -> None:
    for path in ("/", "/settings", "/insights"):
        await user.open(path)
        live = region(user)
        assert (live.props["role"], live.props["aria-live"], live.text) == ("status", "polite", "")


async def test_a_search_announces_how_many_tickets_match(user: User, isolated_data_dir: Path) -> None:
    make_tickets(isolated_data_dir, "Printer on fire", "Printer out of toner", "VPN down")
    await user.open("/")
    labelled(user, ui.input, "Search").value = "printer"
    await until(lambda: region(user).text == "2 tickets", "the count of the search announced")
    labelled(user, ui.input, "Search").value = "vpn"
    await until(lambda: region(user).text == "1 ticket", "the new count announced")
    labelled(user, ui.input, "Search").value = "nothing like this"
    await until(lambda: region(user).text == "0 tickets", "no match announced")


async def test_saving_a_ticket_announces_saved(user: User, isolated_data_dir: Path) -> None:
    make_tickets(isolated_data_dir, "Printer on fire")
    await user.open("/tickets/1")
    click(user, "Edit")
    labelled(user, ui.input, "Title").value = "Printer on fire again"
    click(user, "Save")
    await until(lambda: region(user).text == "Saved ticket #1", "Saved announced")


async def test_posting_an_update_announces_it_and_twice_is_heard_twice(
    user: User, isolated_data_dir: Path
) -> None:
    make_tickets(isolated_data_dir, "Printer on fire")
    await user.open("/tickets/1")
    labelled(user, ui.textarea, "Update").value = "Called the vendor"
    click(user, "Post update")
    await until(lambda: region(user).text == "Update posted", "Update posted announced")
    labelled(user, ui.textarea, "Update").value = "Called again"
    click(user, "Post update")
    # the same words again change the region's text (a space that is not read), so a screen reader repeats them
    await until(
        lambda: region(user).text.strip() == "Update posted" and region(user).text != "Update posted",
        "repeat",
    )


async def test_copying_an_access_link_announces_copied(user: User) -> None:
    await user.open("/settings")
    labelled(user, ui.input, "Person's name").value = "Robin"
    click(user, "Make link")
    await user.should_see("Link for Robin (shown only now: copy it and send it to Robin)")
    click(user, "Copy")
    await until(lambda: region(user).text == "Link copied", "Copied announced")
