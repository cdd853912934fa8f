"""A colleague on the LAN: opens their access link, is asked their name once, and their update is signed with it.

The app is bound to 0.0.0.0 (so every request needs a token); the browser still only talks to 127.0.0.1.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import ready
from tests.conftest import require_browser
from tests.support import RunningApp, running_app
from tickettracker.app import build_services
from tickettracker.domain.validation import TicketInput

pytestmark = pytest.mark.browser


SECRET = "browser-team-secret"


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[tuple[RunningApp, int, str]]:
    require_browser()
    services = build_services(str(tmp_path / "data"))
    try:
        ticket = services.tickets.create(TicketInput(title="Printer jam"))
        _bob, token = services.access.create("Bob")
    finally:
        services.close()
    with running_app(tmp_path / "data", host="0.0.0.0", env={"TICKETTRACKER_SECRET_KEY": SECRET}) as running:
        yield running, ticket, token


def test_a_colleague_is_asked_their_name_once_and_signs_their_update(
    page: Any, shared: tuple[RunningApp, int, str]
) -> None:
    from playwright.sync_api import expect

    app, ticket, token = shared
    page.goto(f"http://127.0.0.1:{app.port}/tickets/{ticket}?token={token}")
    ready(page)
    name = page.get_by_role("textbox", name="Your name", exact=True)
    expect(name).to_have_value("Bob")  # prefilled from the link
    name.fill("Bob Kim")
    page.get_by_role("dialog", name="Your name").get_by_role("button", name="Save").click()
    page.wait_for_selector(".q-dialog", state="detached")
    assert "token=" not in page.url  # the link does not stay in the address bar

    page.get_by_label("Update", exact=True).fill("Toner replaced")
    page.get_by_role("button", name="Post update").click()
    entry = page.locator(".tt-log-entry", has_text="Toner replaced")
    expect(entry).to_contain_text("Bob Kim")
    expect(entry).to_contain_text("via Bob's link")

    page.reload()
    ready(page)
    expect(page.get_by_role("button", name="Your name: Bob Kim")).to_be_visible()
    expect(page.get_by_role("textbox", name="Your name", exact=True)).to_have_count(0)  # asked once only
    assert re.search(rf"/tickets/{ticket}$", page.url)


def test_revoking_a_link_closes_the_pages_open_with_it(
    browser: Any, shared: tuple[RunningApp, int, str]
) -> None:
    from playwright.sync_api import expect

    from tickettracker.ui.security import new_token

    app, ticket, token = shared
    base = f"http://127.0.0.1:{app.port}"
    bob, owner = browser.new_context(), browser.new_context()
    try:
        bob_page, owner_page = bob.new_page(), owner.new_page()
        bob_page.goto(f"{base}/tickets/{ticket}?token={token}")
        ready(bob_page)
        bob_page.get_by_role("dialog", name="Your name").get_by_role("button", name="Save").click()
        expect(bob_page.get_by_role("heading", name="Printer jam")).to_be_visible()

        owner_page.goto(f"{base}/settings?token={new_token(SECRET)}")
        ready(owner_page)
        owner_page.get_by_role("dialog", name="Your name").get_by_role("button", name="Save").click()
        owner_page.get_by_role("button", name="Revoke Bob's link").click()
        owner_page.get_by_role("button", name="Revoke", exact=True).click()
        expect(owner_page.get_by_text("Revoked just now")).to_be_visible()
        expect(bob_page.get_by_text("Access token required")).to_be_visible()
    finally:
        bob.close()
        owner.close()
