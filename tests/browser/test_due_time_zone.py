"""A due time is entered and shown in the user's local zone (the app's TZ) and stored in UTC (SPEC §4)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import pytest

from tests.browser.helpers import goto, ready
from tests.conftest import require_browser
from tests.support import RunningApp, running_app
from tickettracker.app import build_services

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    require_browser()
    with running_app(tmp_path_factory.mktemp("new-york"), env={"TZ": "America/New_York"}) as running:
        yield running


def test_the_shown_time_is_the_entered_time(app: RunningApp, page: Any) -> None:
    from playwright.sync_api import expect

    goto(page, app.url + "/")
    page.get_by_role("button", name="New ticket").click()
    form = page.locator(".q-dialog")
    form.get_by_label("Title", exact=True).fill("Quarterly report")
    form.get_by_label("Due date", exact=True).fill("2026-12-01")
    form.get_by_label("Due time", exact=True).fill("17:00")
    form.get_by_role("button", name="Save").click()
    page.wait_for_url("**/tickets/1")
    ready(page)
    expect(page.get_by_text("2026-12-01 17:00 EST")).to_be_visible()  # as entered, with the zone
    page.get_by_role("button", name="Edit").click()
    form = page.locator(".q-dialog")
    expect(form.get_by_label("Due date", exact=True)).to_have_value("2026-12-01")
    expect(form.get_by_label("Due time", exact=True)).to_have_value("17:00")
    ctx = build_services(str(app.data_dir))
    try:
        stored = ctx.tickets.get(1)
    finally:
        ctx.close()
    assert stored.due == datetime(2026, 12, 1, 22, 0, tzinfo=timezone.utc)  # 17:00 EST is 22:00 UTC
    assert stored.due_has_time
