"""The ticket page's update log, paged: what a person sees on a ticket with a long log."""

from __future__ import annotations

from pathlib import Path

from nicegui import ui
from nicegui.testing import User

from tests.ui.helpers import click, labelled, side_door, texts
from tickettracker.domain.validation import TicketInput


def _long_ticket(data_dir: Path, notes: int) -> int:
    with side_door(data_dir) as ctx:
        tid = ctx.tickets.create(TicketInput(title="Weekly backup check"))
        for i in range(1, notes + 1):
            body = "Tape 7 was unreadable" if i == 2 else f"Backup verified, run {i}"
            ctx.tickets.post_update(tid, body, author="Ana")
    return tid


def _entries(user: User) -> list[ui.column]:
    return [e for e in user.find(ui.column).elements if "tt-log-entry" in e.classes]


def _notes(user: User) -> list[str]:
    return [s for s in texts(user) if s.startswith(("Backup verified", "Tape 7"))]


async def test_a_long_log_shows_a_page_then_more_and_finds_an_old_entry(
    user: User, isolated_data_dir: Path
) -> None:
    tid = _long_ticket(isolated_data_dir, 119)  # 120 entries with the creation
    await user.open(f"/tickets/{tid}")
    await user.should_see("Update log (120)")
    await user.should_see("Showing 10 of 120 entries")
    assert len(_entries(user)) == 10
    notes = _notes(user)
    assert notes[0] == "Backup verified, run 119" and notes[-1] == "Backup verified, run 110"  # newest first
    await user.should_not_see("Tape 7 was unreadable")

    # a search over the whole log, done by the database: only the matching (old) entry is shown
    labelled(user, ui.input, "Search the log").value = "unreadable"
    await user.should_see("1 of 120 entries match “unreadable”")
    assert _notes(user) == ["Tape 7 was unreadable"]
    await user.should_not_see("Show older")
    labelled(user, ui.input, "Search the log").value = ""
    await user.should_see("Showing 10 of 120 entries")

    click(user, "Show older")
    await user.should_see("Showing 50 of 120 entries")
    assert _notes(user)[10:12] == [
        "Backup verified, run 109",
        "Backup verified, run 108",
    ]  # continues in order
    click(user, "Show older")
    await user.should_see("Showing 90 of 120 entries")
    click(user, "Show older")  # the last page reaches the first entries
    await user.should_see("Tape 7 was unreadable")
    await user.should_see("Created the ticket")
    assert len(_entries(user)) == 120
    await user.should_not_see("Show older")


async def test_oldest_first_pages_forwards(user: User, isolated_data_dir: Path) -> None:
    tid = _long_ticket(isolated_data_dir, 20)
    await user.open(f"/tickets/{tid}")
    newest_first = next(e for e in user.find(ui.switch).elements if e.text == "Newest first")
    newest_first.value = False
    await user.should_see("Show newer")
    assert _notes(user)[:2] == ["Backup verified, run 1", "Tape 7 was unreadable"]
    click(user, "Show newer")
    await user.should_see("Backup verified, run 20")
    await user.should_not_see("Show newer")


async def test_a_new_entry_is_added_on_top_without_redrawing_the_others(
    user: User, isolated_data_dir: Path
) -> None:
    tid = _long_ticket(isolated_data_dir, 3)
    await user.open(f"/tickets/{tid}")
    await user.should_see("Update log (4)")
    before = {e.id for e in _entries(user)}
    labelled(user, ui.textarea, "Update").value = "Arrived while the page was open"
    click(user, "Post update")  # the change event every open tab of the ticket gets
    await user.should_see("Update log (5)")
    await user.should_see("Arrived while the page was open")
    entries = _entries(user)
    log = entries[0].parent_slot.parent  # the column holding the entries, in their order on the page
    first = log.default_slot.children[0]
    assert first.id not in before  # the new entry, drawn on top
    assert {e.id for e in entries} - {first.id} == before  # the other entries are the same elements
