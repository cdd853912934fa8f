"""The first flow a person clicks through: create a ticket in the browser and see it listed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import RunningApp

pytestmark = pytest.mark.browser


def test_create_a_ticket_and_see_it_listed(app: RunningApp, page: Any) -> None:
    from playwright.sync_api import expect

    page.goto(app.url + "/")
    page.get_by_role("button", name="New ticket").click()
    page.get_by_label("Title", exact=True).fill("Printer on fire")
    page.get_by_label("Requester", exact=True).fill("ana@example.com")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/tickets/*")
    expect(page.get_by_role("heading", name="Printer on fire")).to_be_visible()
    page.goto(app.url + "/")
    expect(page.get_by_role("link", name="Printer on fire")).to_be_visible()
    expect(page.get_by_text("1–1 of 1 tickets")).to_be_visible()
