"""Repeating and "Remind me" on the ticket page, through NiceGUI's simulated user."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from nicegui import ui
from nicegui.testing import User

from tests.ui.helpers import click, labelled, side_door, texts, until
from tickettracker.domain.validation import TicketInput


def _ticket(data_dir: Path) -> int:
    due = (datetime.now(timezone.utc) + timedelta(days=3)).replace(hour=9, minute=0, second=0, microsecond=0)
    with side_door(data_dir) as ctx:
        return ctx.tickets.create(TicketInput(title="Weekly check", due=due, due_has_time=True))


async def test_make_a_ticket_repeat_with_a_preview(user: User, isolated_data_dir: Path) -> None:
    tid = _ticket(isolated_data_dir)
    await user.open(f"/tickets/{tid}")
    click(user, "Repeat…")
    await user.should_see("Next dates:")
    labelled(user, ui.select, "Repeats").value = "custom"
    labelled(user, ui.input, "Rule (RFC 5545)").value = "FREQ=WEEKLY;BYDAY=XX"
    assert (
        labelled(user, ui.input, "Rule (RFC 5545)").error == "This rule cannot be read: invalid 'BYDAY': XX"
    )
    labelled(user, ui.input, "Rule (RFC 5545)").value = "FREQ=DAILY"
    await user.should_see("Every day at 09:00, from the due date")
    click(user, "Save")
    await user.should_see("Repeats: Every day at 09:00, from the due date")
    with side_door(isolated_data_dir) as ctx:
        info = ctx.recurrence.info(tid)
        assert info is not None and info.rule == "FREQ=DAILY"
    click(user, "Stop repeating")
    await user.should_see("Repeats: Stopped: Every day at 09:00, from the due date")


async def test_remind_me_reads_words_and_keeps_bad_text(user: User, isolated_data_dir: Path) -> None:
    tid = _ticket(isolated_data_dir)
    await user.open(f"/tickets/{tid}")
    click(user, "Remind me")
    box = labelled(user, ui.input, "Remind me at")
    box.value = "yesterday 9:00"
    click(user, "Set reminder")
    assert box.value == "yesterday 9:00" and box.error is not None and "has passed" in box.error
    box.value = "in 2 hours"
    assert any(t.startswith("Reminds you on ") for t in texts(user))
    click(user, "Set reminder")
    await user.should_see("Reminder you asked for")
    with side_door(isolated_data_dir) as ctx:
        assert [r.kind for r in ctx.reminders.upcoming(tid)] == ["manual"]


async def test_the_due_date_takes_words_with_a_preview(user: User, isolated_data_dir: Path) -> None:
    await user.open("/")
    click(user, "New ticket")
    labelled(user, ui.input, "Title").value = "Pay the invoice"
    due = labelled(user, ui.input, "Due date")
    due.value = "blah"
    assert due.error is not None and due.error.startswith("Cannot read “blah” as a date")
    due.value = "tomorrow 5pm"
    tomorrow = (datetime.now().astimezone() + timedelta(days=1)).date()
    expected = f"Due: {tomorrow.strftime('%a')} {tomorrow.day} {tomorrow.strftime('%b %Y')}, 17:00"
    await user.should_see(expected)
    click(user, "Save")
    await user.should_see("Created ticket #1")
    with side_door(isolated_data_dir) as ctx:
        t = ctx.tickets.get(1)
        assert t.due_has_time and t.due is not None
        assert t.due.astimezone().strftime("%Y-%m-%d %H:%M") == f"{tomorrow.isoformat()} 17:00"


async def test_editing_a_repeating_ticket_asks_this_one_or_all_future(
    user: User, isolated_data_dir: Path
) -> None:
    tid = _ticket(isolated_data_dir)
    with side_door(isolated_data_dir) as ctx:
        ctx.recurrence.repeat(tid, preset="weekly")
    await user.open(f"/tickets/{tid}")
    click(user, "Edit")
    labelled(user, ui.input, "Title").value = "Weekly check, with coffee"
    click(user, "Save")
    await user.should_see("This ticket repeats. Apply the change to…")
    click(user, "All future")
    await user.should_see("Saved ticket #1")
    with side_door(isolated_data_dir) as ctx:
        ctx.tickets.change_status(tid, "Resolved")
        nxt = ctx.recurrence.info(tid).next_id  # type: ignore[union-attr]
        assert nxt is not None and ctx.tickets.get(nxt).title == "Weekly check, with coffee"


async def test_dashboard_rows_carry_the_repeat_icon_and_words(user: User, isolated_data_dir: Path) -> None:
    tid = _ticket(isolated_data_dir)
    with side_door(isolated_data_dir) as ctx:
        ctx.tickets.create(TicketInput(title="Once only"))
        ctx.recurrence.repeat(tid, preset="daily")
    await user.open("/")
    (table,) = user.find(ui.table).elements
    await until(lambda: len(table.rows) == 2, "two rows")
    repeats = {row["title"]: row["repeats"] for row in table.rows}
    assert repeats == {"Weekly check": "Every day at 09:00, from the due date", "Once only": ""}
