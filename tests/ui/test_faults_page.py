"""A refused write on the ticket page: the person is told why, keeps what they typed, and the retry works."""

from __future__ import annotations

from pathlib import Path

from nicegui import ui
from nicegui.testing import User

from tests.factories import make_ticket
from tests.ui.helpers import click, labelled, side_door
from tickettracker import faults


async def test_post_update_on_a_full_disk_says_so_keeps_the_text_and_the_retry_works(
    user: User, isolated_data_dir: Path
) -> None:
    with side_door(isolated_data_dir) as ctx:
        tid = make_ticket(ctx.tickets, "Printer on fire")
    await user.open(f"/tickets/{tid}")
    await user.should_see("Update log (1)")
    box = labelled(user, ui.textarea, "Update")
    box.value = "Called the vendor: part ordered"
    with faults.inject("commit", faults.sqlite_error("full"), this_thread_only=True):
        click(user, "Post update")
        await user.should_see(
            "The disk holding your data folder is full — nothing was saved. Free some space on it, then try again."
            " Your text is still here."
        )
    assert box.value == "Called the vendor: part ordered"  # nothing typed is lost
    with side_door(isolated_data_dir) as ctx:
        assert [u.kind for u in ctx.tickets.get(tid).updates] == ["created"]
    click(user, "Post update")  # the space is back: the same click works
    await user.should_see("Update posted")
    await user.should_see("Update log (2)")
    assert box.value == ""
    with side_door(isolated_data_dir) as ctx:
        assert [u.body for u in ctx.tickets.get(tid).updates][-1] == "Called the vendor: part ordered"


async def test_new_ticket_on_a_read_only_data_folder_says_so_in_the_form_and_saves_on_retry(
    user: User, isolated_data_dir: Path
) -> None:
    await user.open("/")
    click(user, "New ticket")
    labelled(user, ui.input, "Title").value = "Toner everywhere"
    labelled(user, ui.textarea, "Description").value = "Tray 2 leaks."
    with faults.inject("commit", faults.sqlite_error("readonly"), this_thread_only=True):
        click(user, "Save")
        await user.should_see("is read-only")
    await user.should_see("Your text is still here.")
    assert (
        labelled(user, ui.input, "Title").value == "Toner everywhere"
    )  # the form is still open, still filled
    assert labelled(user, ui.textarea, "Description").value == "Tray 2 leaks."
    with side_door(isolated_data_dir) as ctx:
        assert ctx.power.page(ctx.power.parse("")).total == 0
    click(user, "Save")
    await user.should_see("Created ticket #1")
    with side_door(isolated_data_dir) as ctx:
        assert ctx.tickets.get(1).description == "Tray 2 leaks."
