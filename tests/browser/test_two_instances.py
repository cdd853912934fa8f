"""Two app instances on one PostgreSQL database: what one person saves appears in the other's open tab."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests import pg
from tests.support import running_app

pytestmark = pytest.mark.browser


def test_a_ticket_created_in_instance_a_appears_in_a_tab_of_instance_b_without_reload(
    tmp_path: Path, browser: Any
) -> None:
    from playwright.sync_api import expect

    uri = pg.fresh_uri()
    folders = []
    for name in ("a", "b"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "config.json").write_text(json.dumps({"database": {"uri": uri}}))
        folders.append(folder)
    with running_app(folders[0]) as a, running_app(folders[1]) as b:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            tab_b = context.new_page()
            tab_b.set_default_timeout(15_000)
            tab_b.goto(b.url + "/")
            expect(tab_b.get_by_text("No tickets", exact=False).first).to_be_visible()
            loads = []
            tab_b.on("load", lambda _page: loads.append(1))

            tab_a = context.new_page()
            tab_a.set_default_timeout(15_000)
            tab_a.goto(a.url + "/")
            tab_a.get_by_role("button", name="New ticket").click()
            tab_a.get_by_label("Title", exact=True).fill("Made in instance A")
            tab_a.get_by_role("button", name="Save").click()
            tab_a.wait_for_url("**/tickets/*")

            expect(tab_b.get_by_role("link", name="Made in instance A")).to_be_visible()
            expect(tab_b.get_by_text("1–1 of 1 tickets")).to_be_visible()
            assert loads == []  # it arrived live, the tab was not reloaded
        finally:
            context.close()
