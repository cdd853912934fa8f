"""The PostgreSQL server going away under an open dashboard: a banner says so, the typed search stays, and the rows
refresh by themselves once the server is back (the real app process, reached through a link the test cuts)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from tests import pg
from tests.support import running_app
from tickettracker.app import build_services
from tickettracker.domain.validation import TicketInput

pytestmark = pytest.mark.browser

AWAY = "Database unavailable — retrying"


def test_the_dashboard_says_the_database_is_away_keeps_the_search_and_refreshes_once_back(
    tmp_path: Path, browser: Any
) -> None:
    from playwright.sync_api import expect

    url = make_url(pg.fresh_uri())
    link = pg.CuttableLink(url.host or "localhost", url.port or 5432)
    data, colleague = tmp_path / "data", tmp_path / "colleague"
    for folder, uri in ((data, url.set(host="127.0.0.1", port=link.port)), (colleague, url)):
        folder.mkdir()
        config = {"database": {"uri": uri.render_as_string(hide_password=False)}}
        (folder / "config.json").write_text(json.dumps(config))
    other = build_services(str(colleague))  # another instance, reaching the server directly
    try:
        other.tickets.create(TicketInput(title="Printer jam"))
        other.tickets.create(TicketInput(title="Scanner offline"))
        with running_app(data) as app:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(30_000)
            page.goto(app.url + "/")
            expect(page.get_by_text("1–2 of 2 tickets")).to_be_visible()
            loads: list[int] = []
            page.on("load", lambda _page: loads.append(1))

            link.cut()
            search = page.get_by_role("searchbox", name="Search")
            search.fill("printer")
            expect(page.get_by_role("status").get_by_text(AWAY)).to_be_visible()
            expect(page.get_by_role("link", name="Scanner offline")).to_be_visible()  # the rows shown stay
            other.tickets.create(TicketInput(title="Printer out of toner"))

            link.restore()
            expect(page.get_by_text(AWAY)).to_have_count(0, timeout=60_000)
            expect(page.get_by_text("1–2 of 2 tickets")).to_be_visible()
            expect(page.get_by_role("link", name="Printer out of toner")).to_be_visible()
            expect(page.get_by_role("link", name="Scanner offline")).to_have_count(0)
            expect(search).to_have_value("printer")
            assert loads == []  # recovered in place, without a reload
            page.close()
    finally:
        other.close()
        link.close()
