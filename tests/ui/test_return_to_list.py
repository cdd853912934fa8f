"""`behavior.auto_return_to_list`: after saving a form, go back to the list (on) or stay with the ticket (off)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from nicegui import ui
from nicegui.testing import User

from tests.ui.helpers import click, labelled, side_door
from tickettracker.domain.validation import TicketInput


@pytest.fixture
def auto_return(isolated_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Must be requested before `user`, which starts the app with the configuration it finds."""
    config = tmp_path / "auto-return.json"
    config.write_text(json.dumps({"behavior": {"auto_return_to_list": True}}))
    monkeypatch.setenv("TICKETTRACKER_CONFIG", str(config))


async def on_dashboard(user: User) -> None:
    await user.should_see("Sort by")
    await user.should_not_see("Update log")


async def on_ticket_page(user: User) -> None:
    await user.should_see("Update log")
    await user.should_not_see("Sort by")


async def create_from_the_header(user: User, title: str) -> None:
    click(user, "New ticket")
    labelled(user, ui.input, "Title").value = title
    click(user, "Save")


async def test_on_every_save_returns_to_the_list(
    auto_return: None, user: User, isolated_data_dir: Path
) -> None:
    await user.open("/")
    await create_from_the_header(user, "First")
    await user.should_see("Created ticket #1")
    await on_dashboard(user)
    await user.should_see("1–1 of 1 tickets")
    await user.open("/tickets/1")
    click(user, "Edit")
    labelled(user, ui.input, "Requester").value = "ana"
    click(user, "Save")
    await user.should_see("Saved ticket #1")
    await on_dashboard(user)
    await user.open("/tickets/1")
    click(user, "Change status")
    labelled(user, ui.select, "Status").value = "Resolved"
    click(user, "Apply")
    await on_dashboard(user)
    with side_door(isolated_data_dir) as ctx:
        t = ctx.tickets.get(1)
    assert (t.requester, t.status) == ("ana", "Resolved")


async def test_off_by_default_stays_with_the_ticket(user: User, isolated_data_dir: Path) -> None:
    with side_door(isolated_data_dir) as ctx:
        ctx.tickets.create(TicketInput(title="Existing"))
    await user.open("/")
    await create_from_the_header(user, "Second")
    await user.should_see("Created ticket #2")
    await on_ticket_page(user)  # a new ticket opens its page
    click(user, "Edit")
    labelled(user, ui.input, "Requester").value = "bo"
    click(user, "Save")
    await user.should_see("Saved ticket #2")
    await on_ticket_page(user)
    await user.should_see("Requester: (empty) → bo")
