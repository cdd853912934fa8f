"""Renaming a workflow status at a person's typing pace keeps its role (issue 16: "Open" → "New", then Tab)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.support import RunningApp

pytestmark = pytest.mark.browser


def test_a_status_renamed_by_typing_keeps_its_role(app: RunningApp, page: Any) -> None:
    from playwright.sync_api import expect

    page.set_default_timeout(20_000)
    page.goto(app.url + "/settings")
    name = page.get_by_label("Status", exact=True).first
    expect(name).to_have_value("Open")
    name.fill("")
    name.press_sequentially("New", delay=120)  # a person's pace: one change event per key
    name.press("Tab")
    expect(page.get_by_label("Initial status")).to_be_visible()
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".q-notification").get_by_text("Settings saved and applied")).to_be_visible()
    saved = json.loads((app.data_dir / "config.json").read_text())
    assert saved["workflow"][0] == "New" and saved["status_roles"]["initial"] == "New"
