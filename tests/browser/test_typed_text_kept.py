"""Text typed the moment a ticket page shows its update box is kept (SPEC §4: nothing typed is lost).

The page is usable before its socket connects; what the server does on connect must not rebuild the box. (An earlier
ticket page rebuilt its whole body, update box included, from a timer that fired on connect: text typed before
that moment vanished.) Each test types as soon as the box is visible, with no other wait, then posts it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.helpers import goto, ready
from tests.factories import make_ticket
from tests.support import RunningApp
from tickettracker.app import build_services

pytestmark = pytest.mark.browser

TEXT = "Typed at once: printer jams; ;not-a-snippet stays"
SLOW = 60_000  # ms: on a loaded 2-core machine a page load or 50 keystrokes can take longer than the default 10 s


def _patient(page: Any) -> None:
    page.set_default_timeout(SLOW)


def _type_at_once_and_post(page: Any, text: str) -> None:
    from playwright.sync_api import expect

    box = page.get_by_label("Update", exact=True)
    box.wait_for()  # visible: the only wait before typing
    box.press_sequentially(text, timeout=SLOW)  # key by key, each with its own input and keyup events
    expect(box).to_have_value(text, timeout=SLOW)
    ready(page)  # the click is a server round trip; the text typed above was not waited for
    page.get_by_role("button", name="Post update").click()
    expect(page.locator(".tt-log-entry p").filter(has_text=text)).to_be_visible(timeout=SLOW)
    expect(box).to_have_value("", timeout=SLOW)


def test_text_typed_right_after_a_new_ticket_opens_is_posted_whole(app: RunningApp, page: Any) -> None:
    """The page a new ticket opens on (its "created" change arrives while the page connects)."""
    from playwright.sync_api import expect

    _patient(page)
    goto(page, app.url + "/")
    page.get_by_role("button", name="New ticket").click()
    page.locator(".q-dialog").get_by_label("Title", exact=True).fill("Typed right after saving")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r".*/tickets/\d+$"), wait_until="commit")
    _type_at_once_and_post(page, TEXT)
    expect(page.get_by_role("heading", name="Typed right after saving")).to_be_visible()


def test_text_typed_right_after_opening_a_ticket_is_posted_whole(app: RunningApp, page: Any) -> None:
    ctx = build_services(str(app.data_dir))
    try:
        tid = make_ticket(ctx.tickets, "Opened and typed into")
    finally:
        ctx.close()
    _patient(page)
    page.goto(f"{app.url}/tickets/{tid}", wait_until="commit")
    _type_at_once_and_post(page, TEXT + " (opened)")
