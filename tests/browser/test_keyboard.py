"""Keyboard only, in real Chromium: find a ticket, open it, change its status; plus the command palette."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import RunningApp
from tickettracker.app import build_services
from tickettracker.domain.validation import TicketInput

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", autouse=True)
def tickets(app: RunningApp) -> None:
    # Seeded through the services on the same data folder (a second writer, as a CLI command would be).
    ctx = build_services(str(app.data_dir))
    try:
        for title in ("Printer on fire", "Toner empty", "VPN down"):
            ctx.tickets.create(TicketInput(title=title))
    finally:
        ctx.close()


def test_find_open_and_change_status_without_the_mouse(app: RunningApp, page: Any) -> None:
    from playwright.sync_api import expect

    page.goto(app.url + "/")
    expect(page.get_by_text("1–3 of 3 tickets")).to_be_visible()
    page.keyboard.press("j")  # a shortcut typed while not in a field moves the cursor
    expect(page.locator("tr.tt-cursor")).to_have_count(1)
    page.keyboard.press("/")
    expect(page.get_by_role("searchbox", name="Search")).to_be_focused()
    page.keyboard.type("toner j")  # typed into the field: "j" is text here, not a shortcut
    expect(page.get_by_text("No ticket matches.")).to_be_visible()
    for _ in range(2):
        page.keyboard.press("Backspace")
    expect(page.get_by_text("1–1 of 1 tickets")).to_be_visible()
    page.keyboard.press("Escape")  # leave the field
    page.keyboard.press("j")
    expect(page.locator("tr.tt-cursor")).to_contain_text("Toner empty")
    page.keyboard.press("Enter")
    page.wait_for_url("**/tickets/2")
    expect(page.get_by_role("heading", name="Toner empty")).to_be_visible()
    page.keyboard.press("s")  # the ticket page's "Change status"
    dialog = page.locator(".q-dialog")
    expect(dialog.get_by_text("Change status")).to_be_visible()
    page.wait_for_function(
        "document.activeElement && document.activeElement.closest('.q-dialog')"
    )  # focus moved in
    page.keyboard.press("Tab")  # the Status field
    page.keyboard.press("Enter")  # open its options
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # Open → In Progress
    expect(dialog.get_by_text("In Progress")).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # Cancel, then Apply
    page.keyboard.press("Enter")
    page.wait_for_selector(".q-dialog", state="detached")
    expect(page.locator(".tt-status")).to_have_text("In Progress")


def test_escape_closes_a_form_and_question_mark_shows_the_cheat_sheet(app: RunningApp, page: Any) -> None:
    from playwright.sync_api import expect

    page.goto(app.url + "/")
    expect(page.get_by_text("1–3 of 3 tickets")).to_be_visible()
    page.keyboard.press("n")
    expect(page.get_by_label("Title", exact=True)).to_be_focused()
    page.keyboard.type("never saved")
    page.keyboard.press("Escape")
    page.wait_for_selector(".q-dialog", state="detached")
    page.keyboard.press("?")
    expect(page.get_by_text("Keyboard shortcuts")).to_be_visible()
    expect(
        page.get_by_text("Command palette: find a ticket by title or number, or run any action")
    ).to_be_visible()


def test_command_palette_finds_a_ticket_by_title_and_opens_it(app: RunningApp, page: Any) -> None:
    from playwright.sync_api import expect

    page.goto(app.url + "/settings")
    page.keyboard.press("Control+k")
    palette = page.get_by_role("textbox", name="Command palette")
    expect(palette).to_be_focused()
    page.keyboard.type("vpn")
    expect(page.get_by_text("#3 VPN down (Open)")).to_be_visible()
    page.keyboard.press("Enter")
    page.wait_for_url("**/tickets/3")
    expect(page.get_by_role("heading", name="VPN down")).to_be_visible()
    page.keyboard.press("Control+k")
    expect(palette).to_be_focused()
    page.keyboard.type("settings")
    expect(page.get_by_text("Go to settings")).to_be_visible()
    page.keyboard.press("Enter")
    page.wait_for_url("**/settings")


def test_shift_click_selects_a_range_and_a_bulk_edit_can_be_undone(app: RunningApp, page: Any) -> None:
    from playwright.sync_api import expect

    page.goto(app.url + "/?q=sort:id")
    expect(page.get_by_text("1–3 of 3 tickets")).to_be_visible()
    page.get_by_role("checkbox", name="Select ticket #1").click()
    page.get_by_role("checkbox", name="Select ticket #3").click(modifiers=["Shift"])
    expect(page.get_by_text("3 selected")).to_be_visible()
    page.get_by_role("button", name="Change priority").click()
    page.locator(".q-dialog").get_by_label("Priority").click()
    page.get_by_role("option", name="Urgent").click()
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("Priority → Urgent: 3 tickets changed").first).to_be_visible()
    expect(page.get_by_role("cell", name="Urgent", exact=True)).to_have_count(3)
    page.get_by_role("button", name="Undo").click()
    expect(
        page.locator(".q-notification").get_by_text("Undid “Priority → Urgent”: 3 tickets changed")
    ).to_be_visible()
    expect(page.get_by_role("cell", name="Medium", exact=True)).to_have_count(3)
