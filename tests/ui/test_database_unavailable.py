"""The database server going away while someone edits: they are told, keep what they typed, and save once it is back."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from nicegui import ui
from nicegui.testing import User
from sqlalchemy.engine import make_url

from tests import pg
from tests.pg import CuttableLink
from tests.ui.helpers import click, labelled, side_door, until
from tickettracker import faults
from tickettracker.domain.validation import TicketInput
from tickettracker.ui.components import outage


@pytest.fixture
def link(isolated_data_dir: Path) -> Iterator[CuttableLink]:
    """The app's data folder points at PostgreSQL through a link the test can cut (requested before `user`)."""
    url = make_url(pg.fresh_uri())
    relay = CuttableLink(url.host or "localhost", url.port or 5432)
    isolated_data_dir.mkdir(parents=True, exist_ok=True)
    through = url.set(host="127.0.0.1", port=relay.port).render_as_string(hide_password=False)
    (isolated_data_dir / "config.json").write_text(json.dumps({"database": {"uri": through}}))
    yield relay
    relay.close()


@pytest.fixture
def colleague(tmp_path: Path, link: CuttableLink) -> Path:
    """The data folder of another instance on the same database, reaching it directly (not through the link)."""
    folder = tmp_path / "colleague"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"database": {"uri": pg.fresh_uri_unchanged()}}))
    return folder


def notice_shown(user: User) -> bool:
    return any(label.text == outage.TEXT for label in user.find(ui.label).elements)


def shows_table(user: User) -> bool:
    try:
        return bool(user.find(ui.table).elements)
    except AssertionError:  # `find` insists on finding something
        return False


def titles(user: User) -> list[str]:
    return [str(row["title"]) for row in user.find(ui.table).elements.pop().rows]


async def test_a_save_while_the_database_is_away_says_so_keeps_the_text_and_works_once_it_is_back(
    link: CuttableLink, user: User, isolated_data_dir: Path
) -> None:
    with side_door(isolated_data_dir) as services:
        services.tickets.create(TicketInput(title="Printer", requester="ana"))
    await user.open("/tickets/1")
    click(user, "Edit")
    labelled(user, ui.input, "Requester").value = "bo"
    link.cut()
    click(user, "Save")
    await user.should_see("Database unavailable — retrying")
    assert labelled(user, ui.input, "Requester").value == "bo"  # nothing typed is lost
    link.restore()
    click(user, "Save")
    await user.should_see("Saved ticket #1")
    with side_door(isolated_data_dir) as services:
        assert services.tickets.get(1).requester == "bo"


async def test_the_dashboard_keeps_its_rows_and_the_typed_search_while_away_and_refreshes_once_back(
    link: CuttableLink, colleague: Path, user: User, isolated_data_dir: Path
) -> None:
    with side_door(isolated_data_dir) as services:
        services.tickets.create(TicketInput(title="Printer jam", requester="ana"))
        services.tickets.create(TicketInput(title="Scanner offline", requester="bo"))
    await user.open("/")
    await user.should_see("1–2 of 2 tickets")
    assert not notice_shown(user)
    link.cut()
    search = labelled(user, ui.input, "Search")
    search.value = "printer"  # the search runs at once and cannot reach the database
    await user.should_see(outage.TEXT)
    assert search.value == "printer"  # nothing typed is lost
    assert sorted(titles(user)) == ["Printer jam", "Scanner offline"]  # the rows shown stay
    await user.should_see("1–2 of 2 tickets")
    with side_door(colleague) as services:  # meanwhile another instance still reaches the database
        services.tickets.create(TicketInput(title="Printer out of toner", requester="cy"))
    link.restore()  # no restart, no reload: the page retries by itself
    await until(lambda: not notice_shown(user), "the notice goes away once the database is back", timeout=60)
    assert sorted(titles(user)) == ["Printer jam", "Printer out of toner"]  # the typed search, fresh rows
    await user.should_see("1–2 of 2 tickets")
    assert search.value == "printer"


async def test_the_ticket_page_and_the_reminders_bell_keep_what_they_show_while_away(
    link: CuttableLink, colleague: Path, user: User, isolated_data_dir: Path
) -> None:
    with side_door(isolated_data_dir) as services:
        services.tickets.create(TicketInput(title="Printer", requester="ana"))
    await user.open("/tickets/1")
    await user.should_see("Printer")
    link.cut()
    with side_door(
        colleague
    ) as services:  # another instance changes the ticket; its NOTIFY cannot arrive here
        services.tickets.update(1, TicketInput(title="Printer (second floor)", requester="ana"))
    # the bell polls every few seconds: its first failed read puts the notice up, and the page stays as it was
    await until(lambda: notice_shown(user), "the notice appears while the database is away", timeout=30)
    await user.should_see("Printer")
    await user.should_not_see("Printer (second floor)")
    link.restore()
    await until(lambda: not notice_shown(user), "the notice goes away once the database is back", timeout=60)
    await user.should_see(
        "Printer (second floor)"
    )  # the listener reconnects and the page re-reads the ticket


async def test_an_sqlite_file_that_cannot_be_read_takes_the_same_path(
    user: User, isolated_data_dir: Path
) -> None:
    """SQLite's "unable to open database file" (its disk or share went away) is the same notice, and it recovers."""
    with side_door(isolated_data_dir) as services:
        services.tickets.create(TicketInput(title="Printer jam", requester="ana"))
        services.tickets.create(TicketInput(title="Scanner offline", requester="bo"))
    await user.open("/")
    await user.should_see("1–2 of 2 tickets")
    search = labelled(user, ui.input, "Search")
    with faults.inject("read", faults.sqlite_error("cantopen"), times=10_000):
        search.value = "scanner"
        await user.should_see(outage.TEXT)
        assert sorted(titles(user)) == ["Printer jam", "Scanner offline"]
        assert search.value == "scanner"
    await until(lambda: not notice_shown(user), "the notice goes away once the file can be read", timeout=60)
    assert titles(user) == ["Scanner offline"]
    await user.should_see("1–1 of 1 tickets")


def status_counts(user: User) -> list[tuple[str, str]]:
    """The "Active tickets by status" chart's table: (status, count) per row."""
    cards = [c for c in user.find(ui.card).elements if c.props.get("data-chart") == "status"]
    tables = [e for c in cards for e in c.descendants() if isinstance(e, ui.table)]
    return [(r["category"], r["s0"]) for t in tables for r in t.rows]


async def test_insights_keep_their_charts_and_scope_while_away_and_recount_once_back(
    link: CuttableLink, colleague: Path, user: User, isolated_data_dir: Path
) -> None:
    with side_door(isolated_data_dir) as services:
        services.tickets.create(TicketInput(title="Printer jam", requester="ana", tags=["printer"]))
        services.tickets.create(TicketInput(title="Scanner offline", requester="bo"))
        services.tickets.create(TicketInput(title="Mouse broken", requester="bo"))
    await user.open("/insights")
    await user.should_see("Active tickets by status", retries=100)
    await until(lambda: status_counts(user) == [("Open", "3")], "every ticket counted")
    link.cut()
    scope = labelled(user, ui.input, "Scope")
    scope.value = "tag:printer"  # the recount cannot reach the database
    await until(lambda: notice_shown(user), "the notice appears while the database is away", timeout=30)
    assert status_counts(user) == [("Open", "3")]  # the charts shown stay
    assert scope.value == "tag:printer"
    with side_door(colleague) as services:
        services.tickets.create(TicketInput(title="Printer toner", requester="cy", tags=["printer"]))
    link.restore()
    await until(lambda: not notice_shown(user), "the notice goes away once the database is back", timeout=60)
    # recounted for the scope typed while away, with the ticket added meanwhile
    await until(
        lambda: status_counts(user) == [("Open", "2")], "the printer tickets counted afresh", timeout=30
    )
    assert scope.value == "tag:printer"


async def test_a_page_opened_while_away_says_so_and_opens_by_itself_once_back(
    link: CuttableLink, user: User, isolated_data_dir: Path
) -> None:
    with side_door(isolated_data_dir) as services:
        services.tickets.create(TicketInput(title="Printer jam", requester="ana"))
    link.cut()
    await user.open("/?q=printer")  # no error page: the notice, and the page once the database answers
    await user.should_see(outage.TEXT)
    await user.should_see("This page opens by itself as soon as the database answers again.")
    link.restore()
    await until(lambda: not notice_shown(user) and shows_table(user), "the page opens", timeout=60)
    assert titles(user) == ["Printer jam"]
    assert labelled(user, ui.input, "Search").value == "printer"


async def test_a_second_outage_is_retried_too_after_the_first_ended_by_a_read_of_the_person(
    user: User, isolated_data_dir: Path
) -> None:
    """The first outage ends with the person's own search, before its retry was due; the next outage is still
    retried by itself (on SQLite no change event arrives from another instance to help)."""
    with side_door(isolated_data_dir) as services:
        services.tickets.create(TicketInput(title="Printer jam", requester="ana"))
        services.tickets.create(TicketInput(title="Scanner offline", requester="bo"))
    await user.open("/")
    await user.should_see("1–2 of 2 tickets")
    search = labelled(user, ui.input, "Search")
    with faults.inject("read", faults.sqlite_error("ioerr"), times=10_000):
        search.value = "printer"
        await user.should_see(outage.TEXT)
    search.value = "printer jam"  # read at once, before the retry is due: the notice goes
    assert not notice_shown(user) and titles(user) == ["Printer jam"]
    with faults.inject("read", faults.sqlite_error("ioerr"), times=10_000):
        search.value = "scanner"
        await user.should_see(outage.TEXT)
    await until(lambda: not notice_shown(user), "the second outage is retried by itself", timeout=60)
    assert titles(user) == ["Scanner offline"]
