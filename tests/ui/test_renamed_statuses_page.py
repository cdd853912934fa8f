"""The ticket page and the list with every status renamed in the configuration (SPEC §3, §6)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from nicegui import ui
from nicegui.testing import User

from tests.store.test_renamed_statuses import RENAMED
from tests.ui.helpers import click, labelled, side_door, type_without_enter
from tickettracker.domain.validation import TicketInput


@pytest.fixture
def renamed_config(isolated_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Requested before `user`, which starts the app with the configuration it finds."""
    isolated_data_dir.mkdir(parents=True, exist_ok=True)
    (isolated_data_dir / "config.json").write_text(json.dumps(RENAMED))


def status_label(user: User) -> str:
    return next(e for e in user.find(ui.label).elements if "tt-status" in e.classes).text


async def test_waiting_needs_a_reason_and_dropped_is_struck_until_reopened(
    renamed_config: None, user: User, isolated_data_dir: Path
) -> None:
    with side_door(isolated_data_dir) as ctx:
        assert ctx.cfg.status_roles.hold == "Waiting"
        ctx.tickets.create(TicketInput(title="Renamed world"))
    await user.open("/tickets/1")
    assert status_label(user) == "New"
    click(user, "Change status")
    assert labelled(user, ui.select, "Status").options == RENAMED["workflow"]
    labelled(user, ui.select, "Status").value = "Waiting"
    click(user, "Apply")
    assert (
        labelled(user, ui.select, "Hold reason").error == "Waiting needs a reason: pick one or type your own"
    )
    type_without_enter(user, labelled(user, ui.select, "Hold reason"), "Vendor")
    click(user, "Apply")
    await user.should_see("(Vendor)")
    assert status_label(user) == "Waiting"
    click(user, "Change status")
    labelled(user, ui.select, "Status").value = "Dropped"
    click(user, "Apply")
    await user.should_see("Reopen")
    title = next(e for e in user.find(ui.label).elements if e.text == "Renamed world")
    assert "tt-struck" in title.classes
    await user.open("/")
    row = user.find(ui.table).elements.pop().rows[0]
    assert (row["status"], row["status_icon"], row["cancelled"]) == ("Dropped", "cancel", True)
    await user.open("/tickets/1")
    click(user, "Reopen")
    await user.should_see("Reopened: the ticket is New again")
    assert status_label(user) == "New"
