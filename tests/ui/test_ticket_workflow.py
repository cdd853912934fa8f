"""Every ticket form and action, through NiceGUI's simulated user: what a person types, clicks and then sees."""

from __future__ import annotations

import json
from pathlib import Path

from nicegui import ui
from nicegui.testing import User

from tests.ui.helpers import all_labelled, click, labelled, side_door, texts, type_without_enter, until
from tickettracker.domain.records import ListQuery
from tickettracker.domain.validation import LinkIn, TicketInput
from tickettracker.ui.components.ticket_form import split_due


def make_ticket(data_dir: Path, **fields: object) -> int:
    with side_door(data_dir) as ctx:
        return ctx.tickets.create(TicketInput(**{"title": "Printer on fire", **fields}))  # type: ignore[arg-type]


def stored(data_dir: Path, ticket_id: int = 1):  # type: ignore[no-untyped-def]
    with side_door(data_dir) as ctx:
        return ctx.tickets.get(ticket_id)


async def test_create_with_every_field(user: User, isolated_data_dir: Path) -> None:
    make_ticket(isolated_data_dir, title="Older", tags=["office"])  # an existing tag to suggest
    await user.open("/")
    click(user, "New ticket")
    tags = labelled(user, ui.select, "Tags")
    assert "office" in tags.options  # suggested from existing tickets
    labelled(user, ui.input, "Title").value = "Toner everywhere"
    labelled(user, ui.textarea, "Description").value = "Tray 2 leaks.\nSecond line."
    labelled(user, ui.textarea, "Notes").value = "Private: vendor owes us"
    labelled(user, ui.input, "Requester").value = "ana@example.com"
    watchers = labelled(user, ui.select, "Watchers")
    watchers.value = ["bo@example.com"]
    type_without_enter(user, watchers, "cy@example.com")  # typed, never confirmed with Enter: still kept
    labelled(user, ui.select, "Priority").value = "High"
    labelled(user, ui.select, "Status").value = "On Hold"
    type_without_enter(user, labelled(user, ui.select, "Hold reason"), "Waiting for the toner")
    labelled(user, ui.input, "Due date").value = "2026-12-01"
    labelled(user, ui.input, "Due time").value = "17:00"
    tags.value = ["office"]
    type_without_enter(user, tags, "printer")
    labelled(user, ui.input, "Link URL").value = "https://example.com/case/7"
    labelled(user, ui.input, "Link label").value = "vendor case"
    click(user, "Add link")
    all_labelled(user, ui.input, "Link URL")[-1].value = "mailto:vendor@example.com"
    click(user, "Save")
    await user.should_see("Created ticket #2")
    await user.should_see("Update log (1)")  # the new ticket's page opened
    await user.should_see("(Waiting for the toner)")
    t = stored(isolated_data_dir, 2)
    assert (t.title, t.description, t.notes, t.requester) == (
        "Toner everywhere",
        "Tray 2 leaks.\nSecond line.",
        "Private: vendor owes us",
        "ana@example.com",
    )
    assert t.watchers == ("bo@example.com", "cy@example.com")
    assert (t.priority, t.status, t.hold_reason) == ("High", "On Hold", "Waiting for the toner")
    assert split_due(t.due, t.due_has_time) == ("2026-12-01", "17:00")
    assert t.tags == ("office", "printer")
    assert [(lk.url, lk.label) for lk in t.links] == [
        ("https://example.com/case/7", "vendor case"),
        ("mailto:vendor@example.com", ""),
    ]


async def test_every_problem_is_shown_beside_its_field_and_input_kept(
    user: User, isolated_data_dir: Path
) -> None:
    await user.open("/")
    click(user, "New ticket")
    labelled(user, ui.textarea, "Description").value = "Keep me"
    labelled(user, ui.select, "Status").value = "On Hold"
    labelled(user, ui.input, "Due date").value = "the 30th of February"
    labelled(user, ui.input, "Link URL").value = "javascript:alert(1)"
    labelled(user, ui.input, "Link label").value = "click me"
    click(user, "Save")
    assert labelled(user, ui.input, "Title").error == "A title is required"
    assert (
        labelled(user, ui.select, "Hold reason").error == "On Hold needs a reason: pick one or type your own"
    )
    assert labelled(user, ui.input, "Due date").error == "“the 30th of February”: February has no day 30"
    assert labelled(user, ui.input, "Due date").value == "the 30th of February"  # the text is kept
    assert labelled(user, ui.input, "Link URL").error == "Only http, https and mailto links are allowed"
    assert labelled(user, ui.textarea, "Description").value == "Keep me"
    assert labelled(user, ui.input, "Link label").value == "click me"
    # fix everything: the dialog saves
    labelled(user, ui.input, "Title").value = "Fixed"
    labelled(user, ui.select, "Hold reason").value = "Awaiting parts"
    labelled(user, ui.input, "Due date").value = "2026-12-01"
    labelled(user, ui.input, "Due time").value = "25:99"
    labelled(user, ui.input, "Link URL").value = "https://example.com"
    click(user, "Save")
    assert labelled(user, ui.input, "Due time").error == "Use the form HH:MM, e.g. 17:00"
    labelled(user, ui.input, "Due time").value = ""
    click(user, "Save")
    await user.should_see("Created ticket #1")
    t = stored(isolated_data_dir)
    assert (t.title, t.hold_reason, t.due_has_time) == ("Fixed", "Awaiting parts", False)


async def test_edit_writes_and_logs_only_the_changed_field(user: User, isolated_data_dir: Path) -> None:
    make_ticket(
        isolated_data_dir, requester="ana", tags=["office"], links=[LinkIn("https://example.com", "x")]
    )
    await user.open("/tickets/1")
    click(user, "Edit")
    assert labelled(user, ui.input, "Link URL").value == "https://example.com"
    labelled(user, ui.input, "Requester").value = "bo"
    click(user, "Save")
    await user.should_see("Saved ticket #1")
    await user.should_see("Requester: ana → bo")
    t = stored(isolated_data_dir)
    assert [(u.kind, u.field) for u in t.updates] == [("created", None), ("field", "requester")]
    click(user, "Edit")
    click(user, "Save")
    await user.should_see("Nothing changed")
    assert len(stored(isolated_data_dir).updates) == 2


async def test_hold_needs_a_reason_and_a_custom_one_is_logged(user: User, isolated_data_dir: Path) -> None:
    make_ticket(isolated_data_dir)
    await user.open("/tickets/1")
    click(user, "Change status")
    status = labelled(user, ui.select, "Status")
    assert [i.name for i in status.descendants() if isinstance(i, ui.icon)] == ["radio_button_unchecked"]
    status.value = "On Hold"
    assert [i.name for i in status.descendants() if isinstance(i, ui.icon)] == [
        "pause_circle"
    ]  # icon + label
    click(user, "Apply")
    hold = labelled(user, ui.select, "Hold reason")
    assert hold.error == "On Hold needs a reason: pick one or type your own"
    assert stored(isolated_data_dir).status == "Open"
    type_without_enter(user, hold, "Vendor on holiday until Monday")
    click(user, "Apply")
    await user.should_see("Status: On Hold")
    await user.should_see("— Vendor on holiday until Monday")
    await user.should_see("(Vendor on holiday until Monday)")
    # changing only the reason while on hold is logged too
    click(user, "Change status")
    labelled(user, ui.select, "Hold reason").value = "Awaiting parts"
    click(user, "Apply")
    await user.should_see("Hold reason: Vendor on holiday until Monday → Awaiting parts")
    log = stored(isolated_data_dir).updates
    assert (log[1].kind, json.loads(log[1].new or ""), log[1].body) == (
        "status",
        "On Hold",
        "Vendor on holiday until Monday",
    )


async def test_post_update_with_author_and_link(user: User, isolated_data_dir: Path) -> None:
    make_ticket(isolated_data_dir)
    await user.open("/tickets/1")
    click(user, "Post update")
    assert labelled(user, ui.textarea, "Update").error == "Write something first"
    assert labelled(user, ui.input, "Author").value == "Me"  # default_submitted_by
    labelled(user, ui.textarea, "Update").value = "Called the vendor."
    labelled(user, ui.input, "Author").value = "Ana"
    click(user, "Add link")
    labelled(user, ui.input, "Link URL").value = "ftp://example.com/x"
    click(user, "Post update")
    assert labelled(user, ui.input, "Link URL").error == "Only http, https and mailto links are allowed"
    labelled(user, ui.input, "Link URL").value = "https://example.com/case/7"
    labelled(user, ui.input, "Link label").value = "vendor case"
    click(user, "Post update")
    await user.should_see("Update posted")
    await user.should_see("Called the vendor.")
    await user.should_see("vendor case")
    assert labelled(user, ui.textarea, "Update").value == ""
    labelled(user, ui.textarea, "Update").value = "Posted from the keyboard."
    user.find(ui.textarea).trigger("keydown.ctrl.enter")
    await user.should_see("Posted from the keyboard.")
    note, keyboard_note = stored(isolated_data_dir).updates[-2:]
    assert (note.kind, note.author, note.body) == ("note", "Ana", "Called the vendor.")
    assert (keyboard_note.author, keyboard_note.body) == ("Ana", "Posted from the keyboard.")  # author kept
    assert [(lk.url, lk.label) for lk in note.links] == [("https://example.com/case/7", "vendor case")]


async def test_log_order_toggle_and_zone(user: User, isolated_data_dir: Path) -> None:
    make_ticket(isolated_data_dir)
    with side_door(isolated_data_dir) as ctx:
        ctx.tickets.post_update(1, "first note")
        ctx.tickets.post_update(1, "second note")
    await user.open("/tickets/1")
    shown = texts(user)
    assert shown.index("second note") < shown.index("first note")  # newest first by default
    newest_first = next(e for e in user.find(ui.switch).elements if e.text == "Newest first")
    newest_first.value = False
    await user.should_see("first note")
    shown = texts(user)
    assert shown.index("first note") < shown.index("second note")
    created = stored(isolated_data_dir).updates[0].at.astimezone()
    assert created.strftime("%Y-%m-%d %H:%M ") + str(created.tzname()) in shown  # local time with its zone


async def test_long_text_changes_are_summarised_in_the_log(user: User, isolated_data_dir: Path) -> None:
    make_ticket(isolated_data_dir, description="short")
    with side_door(isolated_data_dir) as ctx:
        t = ctx.tickets.get(1)
        data = TicketInput(title=t.title, description="word " * 200, priority=t.priority, status=t.status)
        ctx.tickets.update(1, data)
    await user.open("/tickets/1")
    line = next(s for s in texts(user) if s.startswith("Description: short → "))
    assert line.endswith("…") and len(line) < 120


async def test_delete_asks_then_restore_undoes_it(user: User, isolated_data_dir: Path) -> None:
    make_ticket(isolated_data_dir)
    await user.open("/tickets/1")
    click(user, "Delete")
    await user.should_see("Move ticket #1 to the trash? You can restore it from there.")
    click(user, "Cancel")
    assert stored(isolated_data_dir).deleted_at is None
    await user.should_not_see("Move to trash")
    click(user, "Delete")
    await user.should_see("Move to trash")
    click(user, "Move to trash")
    await user.should_see("Ticket #1 moved to the trash. To undo, click Restore on this page.")
    await user.should_see("Open the trash")
    assert stored(isolated_data_dir).deleted_at is not None
    click(user, "Restore")
    await user.should_see("Ticket #1 restored")
    await user.should_not_see("Open the trash")
    assert [u.kind for u in stored(isolated_data_dir).updates] == ["created", "deleted", "restored"]


async def test_trash_view_lists_deleted_tickets_and_restores_them(
    user: User, isolated_data_dir: Path
) -> None:
    make_ticket(isolated_data_dir, title="Keep")
    make_ticket(isolated_data_dir, title="Binned")
    with side_door(isolated_data_dir) as ctx:
        ctx.tickets.delete(2)
    await user.open("/")
    await user.should_see("1–1 of 1 tickets")
    click(user, "Trash")
    await user.should_see("Deleted tickets stay here until you restore them or delete them for good.")
    table = user.find(ui.table).elements.pop()
    assert [(r["title"], r["trashed"]) for r in table.rows] == [("Binned", True)]
    user.find(ui.table).trigger("restore", 2)  # the row's Restore button
    await user.should_see("Ticket #2 restored")
    await user.should_see("The trash is empty.")
    click(user, "Back to the tickets")
    await user.should_see("1–2 of 2 tickets")


async def test_cancel_makes_read_only_until_reopen(user: User, isolated_data_dir: Path) -> None:
    make_ticket(isolated_data_dir)
    await user.open("/tickets/1")
    click(user, "Change status")
    labelled(user, ui.select, "Status").value = "Cancelled"
    click(user, "Apply")
    await user.should_see("Reopen")
    title = next(e for e in user.find(ui.label).elements if e.text == "Printer on fire")
    assert "tt-struck" in title.classes
    await user.should_not_see("Edit")
    await user.should_not_see("Post update")
    click(user, "Reopen")
    await user.should_see("Reopened: the ticket is Open again")
    await user.should_see("Post update")
    title = next(e for e in user.find(ui.label).elements if e.text == "Printer on fire")
    assert "tt-struck" not in title.classes
    assert [u.kind for u in stored(isolated_data_dir).updates] == ["created", "status", "reopened"]


async def test_every_tab_sees_a_change_and_typed_text_survives(
    user: User, create_user, isolated_data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    make_ticket(isolated_data_dir)
    other: User = create_user()
    await user.open("/tickets/1")
    await other.open("/tickets/1")
    labelled(other, ui.textarea, "Update").value = "half-typed thought"
    labelled(user, ui.textarea, "Update").value = "Seen in the other tab"
    click(user, "Post update")
    await other.should_see("Seen in the other tab")
    assert labelled(other, ui.textarea, "Update").value == "half-typed thought"  # a refresh never wipes input
    click(other, "Edit")
    labelled(other, ui.input, "Title").value = "A better title, half typed"
    click(user, "Change status")
    labelled(user, ui.select, "Status").value = "Resolved"
    click(user, "Apply")

    def other_shows_resolved() -> bool:
        return any(e.text == "Resolved" for e in other.find(ui.label).elements if "tt-status" in e.classes)

    await until(other_shows_resolved, "the other tab shows the new status")
    assert labelled(other, ui.input, "Title").value == "A better title, half typed"  # the open form survived
    click(other, "Save")  # saving over a change made elsewhere is refused, and the text is still kept
    await other.should_see("was changed elsewhere since you opened it")
    assert labelled(other, ui.input, "Title").value == "A better title, half typed"


async def test_delete_for_good_only_from_the_trash_and_after_a_second_question(
    user: User, isolated_data_dir: Path
) -> None:
    make_ticket(isolated_data_dir)
    await user.open("/tickets/1")
    await user.should_not_see("Delete for good")  # not offered before the ticket is in the trash
    click(user, "Delete")
    await user.should_see("Move to trash")
    click(user, "Move to trash")
    await user.should_see("Delete for good")
    click(user, "Delete for good")
    await user.should_see("Delete ticket #1 for good, with its log and files? This cannot be undone.")
    click(user, "Cancel")
    assert stored(isolated_data_dir).deleted_at is not None  # still in the trash
    click(user, "Delete for good")
    await user.should_see("This cannot be undone.")
    click(user, "Delete for good")  # the dialog's button (the newest)
    await user.should_see("Ticket #1 deleted for good")
    await user.should_see("No tickets yet.")  # back on the list
    with side_door(isolated_data_dir) as ctx:
        assert ctx.tickets.page(ListQuery(trash=True)).total == 0
