"""Writing comfort through NiceGUI's simulated user: Markdown shown rendered, checklists ticked, Write/Preview,
templates and snippets managed in Settings, a new ticket from a template, ;snippets in the update box."""

from __future__ import annotations

from pathlib import Path

from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from tests.ui.helpers import click, labelled, side_door, until
from tickettracker.domain.snippets import Snippet
from tickettracker.domain.templates import Template
from tickettracker.domain.validation import TicketInput

TONER = "Steps **now**:\n- [ ] Order toner\n- [ ] Replace drum"


def rendered(user: User) -> list[ui.html]:
    return sorted((e for e in user.find(ui.html).elements if "tt-markdown" in e.classes), key=lambda e: e.id)


async def test_description_notes_and_updates_show_as_markdown(user: User, isolated_data_dir: Path) -> None:
    with side_door(isolated_data_dir) as ctx:
        tid = ctx.tickets.create(TicketInput(title="Toner", description=TONER, notes="*private*"))
        ctx.tickets.post_update(tid, "Called **the vendor**\n<script>alert(1)</script>")
    await user.open(f"/tickets/{tid}")
    await user.should_see("Update log (2)")
    html = " ".join(e.content for e in rendered(user))
    assert (
        "<strong>now</strong>" in html
        and "<em>private</em>" in html
        and "<strong>the vendor</strong>" in html
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script" not in html
    assert html.count('type="checkbox"') == 2 and "disabled" not in html  # clickable on the ticket page


async def test_ticking_a_checklist_item_changes_the_text_and_the_log(
    user: User, isolated_data_dir: Path
) -> None:
    with side_door(isolated_data_dir) as ctx:
        tid = ctx.tickets.create(TicketInput(title="Toner", description=TONER))
    await user.open(f"/tickets/{tid}")
    await user.should_see("Update log (1)")
    description = rendered(user)[0]
    UserInteraction(user, {description}, None).trigger("change", {"index": 0, "total": 2, "checked": True})
    await user.should_see("checked: Order toner")
    with side_door(isolated_data_dir) as ctx:
        assert "- [x] Order toner" in ctx.tickets.get(tid).description
    assert 'checked="checked"' in rendered(user)[0].content


async def test_a_closed_ticket_shows_its_checklist_but_cannot_tick_it(
    user: User, isolated_data_dir: Path
) -> None:
    with side_door(isolated_data_dir) as ctx:
        tid = ctx.tickets.create(TicketInput(title="Done", description=TONER, status="Closed"))
    await user.open(f"/tickets/{tid}")
    await user.should_see("Reopen")
    assert 'disabled="disabled"' in rendered(user)[0].content


async def test_write_and_preview_in_the_update_box(user: User, isolated_data_dir: Path) -> None:
    with side_door(isolated_data_dir) as ctx:
        tid = ctx.tickets.create(TicketInput(title="Toner"))
    await user.open(f"/tickets/{tid}")
    await user.should_see("Update log (1)")
    box = labelled(user, ui.textarea, "Update")
    box.value = "**Bold** move"
    toggle = next(
        t for t in user.find(ui.toggle).elements if t.props.get("aria-label") == "Update: write or preview"
    )
    toggle.value = "preview"
    preview = next(e for e in user.find(ui.html).elements if e.props.get("aria-label") == "Update preview")
    await until(lambda: "<strong>Bold</strong> move" in preview.content, "the preview shows the Markdown")
    assert preview.visible and not box.visible
    click(user, "Post update")
    await user.should_see("Update posted")
    with side_door(isolated_data_dir) as ctx:
        assert ctx.tickets.get(tid).updates[-1].body == "**Bold** move"  # the source is what is stored


async def test_templates_and_snippets_in_settings(user: User, isolated_data_dir: Path) -> None:
    await user.open("/settings")
    await user.should_see("Ticket templates")
    click(user, "New template")
    labelled(user, ui.input, "Template name").value = "New starter"
    labelled(user, ui.input, "Title pattern").value = "Onboarding {date}"
    labelled(user, ui.select, "Template priority").value = "High"
    labelled(user, ui.number, "Due in days").value = 3
    labelled(user, ui.textarea, "Checklist items").value = "Laptop\nBadge"
    click(user, "Save template")
    await user.should_see("Template saved: New starter")
    click(user, "New snippet")
    labelled(user, ui.input, "Snippet name").value = "Bad Name"
    labelled(user, ui.textarea, "Snippet text").value = "Thanks {requester}!"
    click(user, "Save snippet")
    await until(
        lambda: bool(labelled(user, ui.input, "Snippet name").error), "the bad name is refused beside it"
    )
    labelled(user, ui.input, "Snippet name").value = "thanks"
    click(user, "Save snippet")
    await user.should_see("Snippet saved: ;thanks")
    with side_door(isolated_data_dir) as ctx:
        [t] = ctx.writing.templates()
        assert (t.name, t.priority, t.due_in_days, t.checklist) == (
            "New starter",
            "High",
            3,
            ("Laptop", "Badge"),
        )
        assert [(s.name, s.body) for s in ctx.writing.snippets()] == [("thanks", "Thanks {requester}!")]


async def test_new_ticket_from_a_template(user: User, isolated_data_dir: Path) -> None:
    with side_door(isolated_data_dir) as ctx:
        ctx.writing.save_template(
            Template(
                name="Toner run",
                title_pattern="Toner",
                priority="High",
                checklist=("Order toner",),
                tags=("printer",),
            )
        )
    await user.open("/")
    click(user, "From template")
    await user.should_see("Toner run")
    [item] = [
        m
        for m in user.find(ui.menu_item).elements
        if any(getattr(c, "text", "") == "Toner run" for c in m.descendants())
    ]
    UserInteraction(user, {item}, None).click()
    await until(
        lambda: labelled(user, ui.input, "Title").value == "Toner", "the form is filled from the template"
    )
    assert labelled(user, ui.select, "Priority").value == "High"
    assert "- [ ] Order toner" in labelled(user, ui.textarea, "Description").value
    click(user, "Save")
    await user.should_see("Created ticket #1")
    with side_door(isolated_data_dir) as ctx:
        t = ctx.tickets.get(1)
        assert (t.title, t.priority, t.tags) == ("Toner", "High", ("printer",))


async def test_a_snippet_typed_after_a_semicolon(user: User, isolated_data_dir: Path) -> None:
    with side_door(isolated_data_dir) as ctx:
        tid = ctx.tickets.create(TicketInput(title="Printer", requester="Ana"))
        ctx.writing.save_snippet(Snippet("thanks", "Thanks {requester}, #{id} is on its way."))
    await user.open(f"/tickets/{tid}")
    await user.should_see("Update log (1)")
    box = labelled(user, ui.textarea, "Update")
    UserInteraction(user, {box}, None).trigger("keyup", {"q": "tha"})
    await user.should_see(";thanks")
