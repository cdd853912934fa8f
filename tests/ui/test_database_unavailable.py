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
from tests.ui.helpers import click, labelled, side_door
from tickettracker.domain.validation import TicketInput


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


async def test_insights_say_the_database_is_away_keep_their_charts_and_count_again_once_it_is_back(
    link: CuttableLink, user: User, isolated_data_dir: Path
) -> None:
    with side_door(isolated_data_dir) as services:
        services.tickets.create(TicketInput(title="Printer", requester="ana"))
    await user.open("/insights")
    await user.should_see("Created vs resolved or closed per week", retries=200)
    link.cut()
    labelled(user, ui.select, "Period").value = "month"
    await user.should_see("Database unavailable — retrying", retries=200)
    await user.should_see("Created vs resolved or closed per week")  # the charts drawn before stay
    link.restore()
    await user.should_see("Created vs resolved or closed per month", retries=200)
