"""Issue 16 in the UI: re-age, density, and what the original TicketTracker's own tests expect (simulated user)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from tests.ui.helpers import click, labelled, side_door, until
from tickettracker.domain.validation import TicketInput

PATIENT = 20


@pytest.fixture
def auto_return(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Must be requested before `user`, which starts the app with the configuration it finds."""
    config = tmp_path / "auto-return.json"
    config.write_text(json.dumps({"behavior": {"auto_return_to_list": True}}))
    monkeypatch.setenv("TICKETTRACKER_CONFIG", str(config))


def rows(user: User) -> list[dict[str, Any]]:
    return list(next(iter(user.find(ui.table).elements)).rows)


async def test_reset_age_beside_post_update_restarts_the_count(user: User, isolated_data_dir: Path) -> None:
    with side_door(isolated_data_dir) as ctx:
        old = datetime.now(timezone.utc) - timedelta(days=40)
        ctx.tickets.create(TicketInput(title="Old backlog", priority="High"), at=old)
        ctx.tickets.create(TicketInput(title="Dated", due=old + timedelta(days=50), due_has_time=True))
    await user.open("/tickets/1")
    await user.should_see("Overdue by")
    click(user, "Reset age")
    await user.should_see("Age reset: it counts from", retries=PATIENT)
    await user.should_see("(age reset)", retries=PATIENT)  # the SLA explanation says why
    await user.should_see("Age counted from", retries=PATIENT)  # and the log has it
    with side_door(isolated_data_dir) as ctx:
        assert ctx.tickets.get(1).age_reference == datetime.now(timezone.utc).date()
    await user.open("/tickets/2")
    await user.should_see("Post update")
    assert not [b for b in user.find(ui.button).elements if b.text == "Reset age"]  # a due date is absolute


async def test_posting_an_update_returns_to_the_list_when_asked(
    auto_return: None, user: User, isolated_data_dir: Path
) -> None:
    with side_door(isolated_data_dir) as ctx:
        ctx.tickets.create(TicketInput(title="Printer"))
    await user.open("/tickets/1")
    labelled(user, ui.textarea, "Update").value = "Called the vendor"
    click(user, "Post update")
    await user.should_see("Sort by", retries=PATIENT)  # the dashboard, as the original's auto-return did


async def test_saving_settings_returns_to_the_list_when_asked(auto_return: None, user: User) -> None:
    await user.open("/settings")
    click(user, "Save settings")
    await user.should_see("Sort by", retries=PATIENT)


async def test_a_renamed_status_keeps_its_role(user: User, isolated_data_dir: Path) -> None:
    await user.open("/settings")
    name = next(iter(user.find(marker="status-name-0").elements))
    for typed in ("N", "Ne", "New"):  # a person typing: one change per keystroke
        name.value = typed
    name.run_method("blur")
    picker = next(iter(user.find(marker="status_roles.initial").elements))
    assert picker.value == "New"
    click(user, "Save settings")
    await user.should_see("Settings saved and applied", retries=PATIENT)
    with side_door(isolated_data_dir) as ctx:
        assert ctx.cfg.workflow[0] == "New" and ctx.cfg.status_roles.initial == "New"


async def test_quick_info_card_links_each_attachment_with_type_and_size(
    user: User, isolated_data_dir: Path
) -> None:
    with side_door(isolated_data_dir) as ctx:
        tid = ctx.tickets.create(TicketInput(title="Report", priority="Urgent"))
        files = ctx.attachments
        files.attach(tid, [files.stage_bytes("report.pdf", b"x" * 2048, "application/pdf")])
        colour = ctx.cfg.priority_color("Urgent")
    await user.open("/")
    await until(lambda: bool(rows(user)), "rows")
    row = rows(user)[0]
    assert [(f["name"], f["meta"]) for f in row["files"]] == [("report.pdf", "application/pdf · 2.0 KB")]
    assert row["prio_bg"] == colour  # the priority painted with colors.priorities, as the original did


async def test_density_comfortable_is_in_the_url_and_shows_more(user: User, isolated_data_dir: Path) -> None:
    with side_door(isolated_data_dir) as ctx:
        ctx.tickets.create(
            TicketInput(title="Printer", description="It jams. " * 40, watchers=["bo@example.com"])
        )
    await user.open("/?density=comfortable")
    await until(lambda: bool(rows(user)), "rows")
    row = rows(user)[0]
    assert row["comfortable"] and row["excerpt"].endswith("…") and len(row["excerpt"]) <= 241
    assert row["counts"] == "1 update · 0 attachments"
    toggle = next(iter(user.find(marker="density").elements))
    toggle.value = "compact"
    await until(lambda: not rows(user)[0]["comfortable"], "compact rows")
    assert rows(user)[0]["excerpt"] == ""  # compact: not even fetched


async def test_deleting_a_shared_file_says_it_is_kept(user: User, isolated_data_dir: Path) -> None:
    with side_door(isolated_data_dir) as ctx:
        tid = ctx.tickets.create(TicketInput(title="Twice"))
        files = ctx.attachments
        files.attach(tid, [files.stage_bytes("shared.txt", b"same"), files.stage_bytes("again.txt", b"same")])
    await user.open("/tickets/1")
    await user.should_see("Attachments (2)", retries=PATIENT)
    first = min(user.find(marker="delete-attachment").elements, key=lambda e: e.id)
    UserInteraction(user, {first}, None).click()
    await user.should_see("This is recorded in the update log.", retries=PATIENT)
    user.find(marker="confirm-delete").click()
    await user.should_see("its file is kept because another attachment uses it", retries=PATIENT)
