"""Settings and demo mode in real Chromium: every open tab follows a switch and a saved setting."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import RunningApp

pytestmark = pytest.mark.browser


def test_other_tabs_follow_demo_mode_and_saved_settings(app: RunningApp, page: Any, browser: Any) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)  # loading the demo data on a busy 2-core machine
    other = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    other.set_default_timeout(20_000)
    try:
        other.goto(app.url + "/")
        expect(other.get_by_text("0 tickets")).to_be_visible()
        page.set_default_timeout(20_000)
        page.goto(app.url + "/settings")
        page.get_by_role("button", name="Enable demo mode").click()
        expect(page.get_by_text("Demo mode is on: demo data loaded")).to_be_visible()
        # the dashboard in the other tab reloaded itself: banner and demo rows
        expect(other.get_by_text("Demo mode: you are looking at demo data")).to_be_visible()
        expect(other.get_by_text("of 23 tickets")).to_be_visible()

        page.get_by_label("New priority").fill("Blocker")
        page.get_by_role("button", name="Add priority").click()
        page.get_by_role("button", name="Save settings").click()
        expect(page.locator(".q-notification").get_by_text("Settings saved and applied")).to_be_visible()
        other.get_by_label("Priority", exact=True).click()
        expect(other.get_by_role("option", name="Blocker")).to_be_visible()
        other.keyboard.press("Escape")
        page.screenshot(path=str(app.data_dir / "settings.png"), full_page=True)

        page.get_by_role("button", name="Disable demo mode").click()
        expect(page.get_by_text("Demo mode is off")).to_be_visible()
        expect(other.get_by_text("Demo mode: you are looking at demo data")).to_have_count(0)
        expect(other.get_by_text("0 tickets")).to_be_visible()
    finally:
        other.context.close()
