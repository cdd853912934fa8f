"""What a person does in the browser, as steps the flow tests share."""

from __future__ import annotations

import re
from typing import Any

from tests.support import RunningApp


def ready(page: Any) -> None:
    """Wait until the page's socket is connected: a click before that would be lost."""
    page.wait_for_function("() => window.did_handshake === true")


def goto(page: Any, url: str) -> None:
    page.goto(url)
    ready(page)


def create(page: Any, app: RunningApp, title: str, **fields: str) -> int:
    """Create a ticket through the New ticket dialog; returns its number (the page it opened)."""
    from playwright.sync_api import expect

    goto(page, app.url + "/")
    page.get_by_role("button", name="New ticket").click()
    form = page.locator(".q-dialog")
    form.get_by_label("Title", exact=True).fill(title)
    for label, value in fields.items():
        form.get_by_label(label, exact=True).fill(value)
    form.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r".*/tickets/\d+$"))
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    ready(page)
    return int(page.url.rsplit("/", 1)[1])


def choose(page: Any, label: str, option: str) -> None:
    """Pick an option of a select the way a person does: open it, click the option."""
    page.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def change_status(page: Any, status: str, reason: str | None = None) -> None:
    page.get_by_role("button", name="Change status").click()
    choose(page, "Status", status)
    if reason is not None:
        page.get_by_label("Hold reason", exact=True).fill(reason)  # typed, never confirmed with Enter
    page.get_by_role("button", name="Apply").click()
    page.wait_for_selector(".q-dialog", state="detached")
