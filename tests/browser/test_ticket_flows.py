"""The ticket flows a person clicks through, in real headless Chromium against the real app process.

The `page` fixture fails any test in which a JavaScript dialog (alert) opened: user text never runs as script.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import change_status, choose, create, goto, ready
from tests.support import RunningApp

pytestmark = pytest.mark.browser

XSS = "<img src=x onerror=alert(1)>"
STRUCK = re.compile("line-through")  # the computed text-decoration-line


def test_create_with_tags_and_link_appears_in_the_list(app: RunningApp, page: Any) -> None:
    from playwright.sync_api import expect

    goto(page, app.url + "/")
    page.get_by_role("button", name="New ticket").click()
    form = page.locator(".q-dialog")
    form.get_by_label("Title", exact=True).fill("Scanner jams")
    form.get_by_label("Tags", exact=True).fill("office")
    form.get_by_label("Tags", exact=True).press("Enter")
    form.get_by_label("Tags", exact=True).fill("hardware")  # no Enter: still kept
    form.get_by_label("Link URL").fill("https://example.com/manual")
    form.get_by_label("Link label").fill("manual")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Scanner jams")).to_be_visible()
    expect(page.get_by_role("link", name="manual")).to_have_attribute("href", "https://example.com/manual")
    expect(page.locator(".q-chip", has_text="office")).to_be_visible()
    expect(page.locator(".q-chip", has_text="hardware")).to_be_visible()
    goto(page, app.url + "/")
    row = page.locator(".tt-row", has=page.get_by_role("link", name="Scanner jams"))
    expect(row).to_be_visible()
    expect(row.locator(".q-chip", has_text="hardware")).to_be_visible()


def test_on_hold_with_a_custom_reason_is_in_the_log(app: RunningApp, page: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    create(
        page, app, "Laptop battery swollen", Requester="bo@example.com", Description="Bulging since Monday."
    )
    page.get_by_label("Update", exact=True).fill("Ordered a replacement battery.")
    page.get_by_role("button", name="Post update").click()
    expect(page.locator(".tt-log-entry", has_text="Ordered a replacement battery.")).to_be_visible()
    page.get_by_role("button", name="Change status").click()
    choose(page, "Status", "On Hold")
    page.get_by_role("button", name="Apply").click()  # no reason: refused beside the field, the dialog stays
    expect(page.get_by_text("On Hold needs a reason: pick one or type your own")).to_be_visible()
    page.get_by_label("Hold reason", exact=True).fill("Waiting for the courier")  # a custom reason, no Enter
    page.get_by_role("button", name="Apply").click()
    page.wait_for_selector(".q-dialog", state="detached")
    entry = page.locator(".tt-status-change", has_text="Waiting for the courier")
    expect(entry).to_be_visible()
    expect(entry).to_contain_text("Open")
    expect(entry).to_contain_text("On Hold")
    expect(page.get_by_label("Status: On Hold")).to_be_visible()  # icon + label in the header
    page.wait_for_selector(".q-notification", state="detached", timeout=15_000)
    shot = tmp_path / "ticket-page.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    print(f"screenshot of the ticket page: {shot}")


def test_cancel_strikes_the_title_through_and_reopen_restores_it(app: RunningApp, page: Any) -> None:
    from playwright.sync_api import expect

    tid = create(page, app, "Order more paper")
    change_status(page, "Cancelled")
    heading = page.get_by_role("heading", name="Order more paper")
    expect(page.get_by_role("button", name="Reopen")).to_be_visible()
    expect(page.get_by_role("button", name="Edit")).to_have_count(0)
    expect(page.get_by_role("button", name="Post update")).to_be_hidden()
    expect(heading).to_have_css("text-decoration-line", STRUCK)
    goto(page, app.url + "/")
    link = page.locator(f'a.tt-title[href="/tickets/{tid}"]')
    expect(link).to_be_visible()
    expect(link).to_have_css("text-decoration-line", STRUCK)
    expect(link.locator("span").first).to_have_css("text-decoration-line", STRUCK)  # the text itself
    row = page.locator(".tt-row", has=link)
    expect(row).to_contain_text("Cancelled")
    expect(row.locator(".q-icon", has_text="cancel")).to_be_visible()  # icon + label
    link.click()
    page.wait_for_url(f"**/tickets/{tid}")
    ready(page)
    page.get_by_role("button", name="Reopen").click()
    expect(page.get_by_role("button", name="Edit")).to_be_visible()
    expect(page.get_by_label("Status: Open")).to_be_visible()
    expect(page.get_by_role("heading", name="Order more paper")).not_to_have_css(
        "text-decoration-line", STRUCK
    )
    expect(page.locator(".tt-status-change", has_text="Reopened:")).to_be_visible()


def test_delete_asks_and_can_be_undone_from_the_page_and_the_trash(app: RunningApp, page: Any) -> None:
    from playwright.sync_api import expect

    tid = create(page, app, "Old monitor")
    page.get_by_role("button", name="Delete").click()
    page.get_by_role("button", name="Move to trash").click()
    banner = page.locator(".tt-trash-banner")
    expect(banner).to_contain_text("This ticket is in the trash since")
    banner.get_by_role("button", name="Restore").click()  # the undo
    expect(banner).to_have_count(0)
    expect(page.get_by_role("button", name="Edit")).to_be_visible()
    page.get_by_role("button", name="Delete").click()
    page.get_by_role("button", name="Move to trash").click()
    expect(banner).to_be_visible()
    goto(page, app.url + "/")
    expect(page.locator(f'a.tt-title[href="/tickets/{tid}"]')).to_have_count(0)
    page.get_by_role("button", name="Trash").click()
    expect(page.get_by_role("heading", name="Trash")).to_be_visible()
    ready(page)
    page.get_by_role("button", name="Restore Old monitor").click()
    expect(page.get_by_text("The trash is empty.")).to_be_visible()
    page.get_by_role("button", name="Back to the tickets").click()
    expect(page.locator(f'a.tt-title[href="/tickets/{tid}"]')).to_be_visible()
    page.locator(f'a.tt-title[href="/tickets/{tid}"]').click()
    page.wait_for_url(f"**/tickets/{tid}")
    log = page.locator(".tt-log-entry")
    expect(log.filter(has_text="Moved the ticket to the trash")).to_have_count(2)
    expect(log.filter(has_text="Restored the ticket from the trash")).to_have_count(2)


def test_script_in_user_text_is_shown_as_text_and_never_runs(app: RunningApp, page: Any) -> None:
    from playwright.sync_api import expect

    goto(page, app.url + "/")
    page.get_by_role("button", name="New ticket").click()
    form = page.locator(".q-dialog")
    for label in ("Title", "Description", "Notes", "Requester"):
        form.get_by_label(label, exact=True).fill(XSS)
    form.get_by_label("Tags", exact=True).fill(XSS)
    form.get_by_label("Tags", exact=True).press("Enter")
    form.get_by_label("Link URL").fill("javascript:alert(1)")
    form.get_by_label("Link label").fill(XSS)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Only http, https and mailto links are allowed")).to_be_visible()  # refused
    form.get_by_label("Link URL").fill("https://example.com/safe")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r".*/tickets/\d+$"))
    ready(page)
    heading = page.get_by_role("heading", name=XSS)
    expect(heading).to_have_text(XSS)
    page.get_by_label("Update", exact=True).fill(XSS)
    page.get_by_role("button", name="Post update").click()
    expect(page.locator(".tt-log-entry").filter(has_text=XSS)).to_have_count(1)  # the note, as text
    shown = page.get_by_text(XSS, exact=True)
    # title, requester, description, notes, tag chip, link label, the note: each one as literal text
    expect(shown).to_have_count(7)
    expect(page.get_by_role("link", name=XSS)).to_have_attribute("href", "https://example.com/safe")
    assert page.locator("img").count() == 0  # nothing was injected as markup
    goto(page, app.url + "/")
    row = page.locator(".tt-row").filter(has_text=XSS).first
    expect(row).to_be_visible()
    row.hover()  # the quick-info card shows requester and links
    expect(row.locator(".tt-quick")).to_contain_text("Requester: " + XSS)
    assert page.locator("img").count() == 0
    goto(page, app.url + "/?q=onerror")
    expect(page.locator(".tt-row").filter(has_text=XSS).first).to_be_visible()
    assert page.locator("img").count() == 0
