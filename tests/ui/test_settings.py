"""The Settings page through NiceGUI's simulated user: editing, saving, applying, refusing, backups, demo mode."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from nicegui import ui
from nicegui.testing import User

from tickettracker.config import load_config

LONG = 300  # retries for work done in a worker thread (loading the demo data, writing a backup): a bound, not a pace


def field(user: User, marker: str) -> Any:
    found = user.find(marker=marker).elements
    assert len(found) == 1, f"{marker}: {len(found)} elements"
    return next(iter(found))


def error_text(user: User, key: str) -> str:
    """The message shown beside a field ("" when none: hidden labels are not found)."""
    try:
        labels = user.find(marker=f"error:{key}").elements
    except AssertionError:
        return ""
    return " ".join(str(label.text) for label in labels if label.visible)


async def test_page_shows_where_the_data_lives(user: User, isolated_data_dir: Path) -> None:
    await user.open("/settings")
    await user.should_see("Data folder")
    await user.should_see(str(isolated_data_dir))
    await user.should_see("Demo mode is off")
    await user.should_see("No backups yet.")


def set_value(user: User, marker: str, value: Any) -> None:
    field(user, marker).value = value


async def test_every_field_round_trips_through_save_and_reload(user: User, isolated_data_dir: Path) -> None:
    await user.open("/settings")
    set_value(user, "default_submitted_by", "Ana Admin")
    set_value(user, "uploads.max_bytes", 5)
    set_value(user, "behavior.auto_return_to_list", True)
    # priorities: rename, recolour, restage, reorder, add, remove
    set_value(user, "priority-name-0", "Trivial")
    set_value(user, "priority-color-0", "#123456")
    set_value(user, "priority-days-0", "10, 20, 40")
    user.find(marker="priority-remove-1").click()  # Medium
    set_value(user, "add-priority", "Blocker")
    user.find("Add priority").click()
    user.find(marker="priority-up-1").click()  # High above Trivial
    # statuses: add one, rename hold (role follows), reorder
    set_value(user, "add-status", "Waiting for QA")
    user.find("Add status").click()
    set_value(user, "status-name-2", "Waiting")
    user.find(marker="status-up-6").click()
    # hold reasons
    user.find(marker="reason-remove-0").click()
    set_value(user, "add-reason", "Awaiting the auditor")
    user.find("Add hold reason").click()
    # SLA and colours
    set_value(user, "sla.due_stage_days", "5, 30, 10")
    colours = {
        "colors.ticket_title": "#000",
        "colors.gradient.stage0": "#010101",
        "colors.gradient.stage1": "#020202",
        "colors.gradient.stage2": "#030303",
        "colors.gradient.stage3": "#040404",
        "colors.gradient.overdue": "#050505",
        "colors.statuses.on_hold": "#060606",
        "colors.statuses.resolved": "#070707",
        "colors.statuses.closed": "#080808",
        "colors.statuses.cancelled": "#090909",
        "colors.tags.background": "#0a0a0a",
        "colors.tags.text": "#fff",
    }
    for marker, colour in colours.items():
        set_value(user, marker, colour)
    # clipboard
    set_value(user, "html-section-timestamps", False)
    user.find(marker="html-section-up-8").click()  # updates before tags
    set_value(user, "text-same", False)
    set_value(user, "text-section-notes", False)
    user.find(marker="text-section-down-0").click()  # timestamps first, then header
    set_value(user, "clipboard_summary.updates_limit", 2)
    set_value(user, "clipboard_summary.inline_styles", False)
    user.find("Save settings").click()
    await user.should_see("Settings saved and applied")

    saved = json.loads((isolated_data_dir / "config.json").read_text())
    cfg, warnings = load_config(isolated_data_dir / "config.json")
    assert warnings == []
    assert cfg.default_submitted_by == "Ana Admin"
    assert cfg.uploads.max_bytes == 5 * 1024 * 1024
    assert cfg.behavior.auto_return_to_list is True
    assert cfg.priorities == ["High", "Trivial", "Urgent", "Blocker"]
    assert cfg.colors.priorities["Trivial"] == "#123456"
    assert cfg.sla.priority_stage_days["Trivial"] == [10, 20, 40]
    assert cfg.sla.priority_stage_days["Blocker"] == [1, 2, 3, 5]  # a new priority starts from the last one's
    assert cfg.workflow == [
        "Open",
        "In Progress",
        "Waiting",
        "Resolved",
        "Closed",
        "Waiting for QA",
        "Cancelled",
    ]
    assert cfg.status_roles.hold == "Waiting"
    assert cfg.hold_reasons == [
        "Awaiting third party",
        "Awaiting parts",
        "Scheduled for later",
        "Awaiting the auditor",
    ]
    assert cfg.sla.due_stage_days == [30, 10, 5]
    assert cfg.colors.ticket_title == "#000"
    assert cfg.colors.gradient.model_dump() == {
        k.split(".")[-1]: v for k, v in colours.items() if "gradient" in k
    }
    assert cfg.colors.statuses.cancelled == "#090909"
    assert (cfg.colors.tags.background, cfg.colors.tags.text) == ("#0a0a0a", "#fff")
    clip = cfg.clipboard_summary
    assert clip.html_sections == [
        "header",
        "meta",
        "people",
        "description",
        "links",
        "notes",
        "updates",
        "tags",
    ]
    assert clip.text_sections == [
        "timestamps",
        "header",
        "meta",
        "people",
        "description",
        "links",
        "tags",
        "updates",
    ]
    assert (clip.updates_limit, clip.inline_styles) == (2, False)
    assert "secret_key" not in saved and "database" not in saved and "directory" not in saved["uploads"]

    # a fresh page shows the saved values
    await user.open("/settings")
    assert field(user, "default_submitted_by").value == "Ana Admin"
    assert field(user, "priority-name-0").value == "High"
    assert field(user, "priority-days-1").value == "10, 20, 40"
    assert field(user, "status_roles.hold").value == "Waiting"
    assert field(user, "sla.due_stage_days").value == "30, 10, 5"
    assert field(user, "colors.gradient.overdue").value == "#050505"
    assert field(user, "clipboard_summary.updates_limit").value == 2
    assert field(user, "text-same").value is False


async def test_invalid_values_are_refused_beside_the_field_and_nothing_is_saved(
    user: User, isolated_data_dir: Path
) -> None:
    await user.open("/settings")
    set_value(user, "colors.gradient.stage1", "red; position: fixed")
    set_value(user, "priority-days-2", "3, 2, 1")  # High: does not ascend
    set_value(user, "sla.due_stage_days", "7, soon")
    set_value(user, "default_submitted_by", "")
    user.find("Save settings").click()
    await user.should_see("Nothing saved")
    assert "Whole numbers" in error_text(user, "sla.due_stage_days")
    assert "Whole numbers" not in error_text(user, "priorities")
    set_value(user, "sla.due_stage_days", "28, 14")
    user.find("Save settings").click()
    await user.should_see("Nothing saved")
    assert "not a colour" in error_text(user, "colors.gradient.stage1")
    assert "does not ascend" in error_text(user, "priority:High")
    assert "at least 1 character" in error_text(user, "default_submitted_by")
    assert not (isolated_data_dir / "config.json").exists()


async def create_ticket(user: User, title: str) -> None:
    user.find("New ticket").click()
    box = next(e for e in user.find(ui.input).elements if e.props.get("label") == "Title")
    box.value = title
    user.find("Save").click()
    await user.should_see("Created ticket #1")
    await user.should_see("Change status")  # the app went on to the new ticket's page


def dashboard_rows(user: User) -> list[dict[str, Any]]:
    table = next(iter(user.find(ui.table).elements))
    return list(table.rows)


async def test_saved_colours_show_at_once_in_a_second_tab(user: User, create_user: Any) -> None:
    other: User = create_user()
    await other.open("/")
    await create_ticket(other, "Printer on fire")
    await other.open("/")
    await other.should_see("1–1 of 1 tickets")
    assert dashboard_rows(other)[0]["bg"] == "#bfdbfe"  # a new backlog ticket: stage 0
    await user.open("/settings")
    set_value(user, "colors.gradient.stage0", "#00ff00")
    user.find("Save settings").click()
    await user.should_see("Settings saved and applied")
    assert dashboard_rows(other)[0]["bg"] == "#00ff00"


async def test_removing_a_priority_or_status_in_use_is_refused_with_the_count(user: User) -> None:
    await user.open("/")
    await create_ticket(user, "Uses Medium and Open")
    await user.open("/settings")
    user.find(marker="priority-remove-1").click()  # Medium, the new-ticket default
    user.find(marker="status-remove-0").click()  # Open
    set_value(user, "status_roles.initial", "In Progress")
    user.find("Save settings").click()
    await user.should_see("Nothing saved")
    assert "'Medium' is still used by 1 ticket" in error_text(user, "priorities")
    assert "'Open' is still used by 1 ticket" in error_text(user, "workflow")


async def test_back_up_now_lists_the_backup(user: User, isolated_data_dir: Path) -> None:
    await user.open("/")
    await create_ticket(user, "Worth keeping")
    await user.open("/settings")
    user.find("Back up now").click()
    await user.should_see("Backup written", retries=LONG)
    entries = user.find(marker="backup-entry").elements
    assert len(entries) == 1
    folder = next((isolated_data_dir / "backups").iterdir())
    assert (folder / "tickettracker.db").stat().st_size > 0
    assert " KB" in next(iter(entries)).text


async def test_demo_mode_from_the_settings_page(
    user: User, create_user: Any, isolated_data_dir: Path
) -> None:
    other: User = create_user()
    await user.open("/")
    await create_ticket(user, "My own ticket")
    await other.open("/")
    await other.should_see("1–1 of 1 tickets")
    await user.open("/settings")
    user.find("Enable demo mode").click()
    await user.should_see("Demo mode is on: demo data loaded", retries=LONG)
    await other.should_see("1–23 of 23 tickets")  # the open dashboard followed the switch
    await user.open("/")
    await user.should_see("Demo mode: you are looking at demo data")
    await user.open("/settings")
    first = field(user, "demo-status").text
    user.notify.messages.clear()  # the first "ready" notification must not count for the refresh
    user.find("Refresh demo data").click()
    await user.should_see("Demo dataset ready", retries=LONG)
    assert len(list((isolated_data_dir / "demo").iterdir())) == 1  # the old dataset is gone
    user.find("Disable demo mode").click()
    await user.should_see("Demo mode is off")
    await other.should_see("1–1 of 1 tickets")
    await user.open("/")
    await user.should_not_see("Demo mode: you are looking at demo data")
    await user.should_see("1–1 of 1 tickets")
    assert [r["title"] for r in dashboard_rows(user)] == ["My own ticket"]
    assert "loaded" in first
    assert list((isolated_data_dir / "demo").iterdir()) == []
