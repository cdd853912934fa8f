"""A reminder fires in real Chromium: the header count, the toast and one browser notification, in two tabs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import require_browser
from tests.support import RunningApp, running_app
from tickettracker.app import build_services
from tickettracker.domain.validation import TicketInput
from tickettracker.store import reminders as repo

pytestmark = pytest.mark.browser
SHOT = Path("/work/notes/shots/reminder-fired.png")
# Record the browser notifications every tab creates, in localStorage shared by the tabs (headless Chromium shows
# none on screen; the permission is "granted" as after the user allowed it).
RECORD = """
class FakeNotification {
  constructor(title, options) {
    const shown = JSON.parse(localStorage.getItem('shown') || '[]');
    shown.push([title, options.tag]);
    localStorage.setItem('shown', JSON.stringify(shown));
  }
  static permission = 'granted';
  static requestPermission() { return Promise.resolve('granted'); }
}
window.Notification = FakeNotification;
"""


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    require_browser()
    data = tmp_path_factory.mktemp("reminders") / "data"
    ctx = build_services(str(data))
    tid = ctx.tickets.create(TicketInput(title="Call the printer vendor"))
    with ctx.db.write() as s:  # a "Remind me" that falls due a few seconds after the pages open
        at = datetime.now(timezone.utc) + timedelta(seconds=6)
        repo.add_reminders(s, rows=[{"ticket_id": tid, "kind": "manual", "key": "manual@test", "fire_at": at,
                                     "created": at}])  # fmt: skip
    ctx.close()
    with running_app(data) as running:
        yield running


def test_a_reminder_fires_once_across_two_tabs(app: RunningApp, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(RECORD)
    first, second = context.new_page(), context.new_page()
    for pg in (first, second):
        pg.goto(f"{app.url}/")
    # A tab shows the count only after a poll that first tried to claim the pop-up: once both show it, both had
    # their chance, and exactly one notification was made.
    for pg in (first, second):
        pg.locator(".tt-reminder-count").get_by_text("1").wait_for(timeout=20_000)
    shown = first.evaluate("JSON.parse(localStorage.getItem('shown') || '[]')")
    assert shown == [["#1 Call the printer vendor", "tt-reminder-1"]]
    toast = "Reminder — #1 Call the printer vendor: Reminder you asked for"
    toast_page = first if first.get_by_text(toast).count() else second
    toast_page.get_by_text(toast).wait_for()
    toast_page.bring_to_front()
    _settled(toast_page, ".q-notification")
    SHOT.parent.mkdir(parents=True, exist_ok=True)
    toast_page.screenshot(path=str(SHOT.with_name("reminder-toast.png")))
    toast_page.get_by_role("button", name="Reminders, 1 unread").click()
    toast_page.get_by_text("Reminder you asked for").first.wait_for()
    _settled(toast_page, ".q-menu")
    toast_page.screenshot(path=str(SHOT))
    toast_page.get_by_role("link", name="#1 Call the printer vendor").click()
    toast_page.wait_for_url(f"{app.url}/tickets/1")
    toast_page.locator(".tt-reminder-count").wait_for(state="hidden")
    context.close()


def _settled(page: Any, selector: str) -> None:
    """Wait until the element's opening animation is over, so the screenshot shows it as a person sees it."""
    page.wait_for_function(
        "s => { const e = document.querySelector(s); return e && getComputedStyle(e).opacity === '1'; }",
        arg=selector,
    )
