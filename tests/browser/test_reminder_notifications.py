"""Browser notifications of reminders: a click on one marks the reminder read and opens its ticket; with Settings →
"Desktop notifications" off the reminder still shows in the list and as the in-page message, but no notification is
created (the native window presents the same page's notifications, so this holds there too) and the bell offers no
"Allow desktop notifications"."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.browser.test_reminders import RECORD
from tests.conftest import require_browser
from tests.support import running_app
from tickettracker.app import build_services
from tickettracker.domain.validation import TicketInput
from tickettracker.services.settings import save_settings
from tickettracker.store import reminders as repo

pytestmark = pytest.mark.browser


# Keep each notification the page makes, so the test can click it as a person clicks the browser's pop-up.
KEEP = """
class KeptNotification {
  constructor(title, options) { this.title = title; this.body = options.body; (window.ttNotes ||= []).push(this); }
  static permission = 'granted';
  static requestPermission() { return Promise.resolve('granted'); }
}
window.Notification = KeptNotification;
"""


def _data_with_reminder(data: Path, *, desktop: bool) -> None:
    ctx = build_services(str(data))
    if not desktop:
        assert save_settings(ctx, {"time.desktop_notifications": False}) == {}
    tid = ctx.tickets.create(TicketInput(title="Call the printer vendor"))
    with ctx.db.write() as s:
        at = datetime.now(timezone.utc)
        repo.add_reminders(s, rows=[{"ticket_id": tid, "kind": "manual", "key": "manual@test", "fire_at": at,
                                     "created": at}])  # fmt: skip
    ctx.close()


def test_a_click_on_the_notification_opens_the_ticket_and_marks_it_read(tmp_path: Path, browser: Any) -> None:
    require_browser()
    _data_with_reminder(tmp_path / "data", desktop=True)
    with running_app(tmp_path / "data") as app:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.add_init_script(KEEP)
        page = context.new_page()
        page.goto(f"{app.url}/")
        page.locator(".tt-reminder-count").get_by_text("1").wait_for(timeout=20_000)
        # the count shows as the page is built; the pop-up comes with the bell's next poll (every few seconds)
        page.wait_for_function("() => (window.ttNotes || []).length > 0", timeout=20_000)
        assert page.evaluate("window.ttNotes.map(n => [n.title, n.body])") == [
            ["#1 Call the printer vendor", "Reminder you asked for"]
        ]
        page.evaluate("window.ttNotes[0].onclick()")
        page.wait_for_url(f"{app.url}/tickets/1")
        page.locator(".tt-reminder-count").wait_for(state="hidden")
        context.close()


def test_with_desktop_notifications_off_a_reminder_stays_in_the_app(tmp_path: Path, browser: Any) -> None:
    require_browser()
    _data_with_reminder(tmp_path / "data", desktop=False)
    with running_app(tmp_path / "data") as app:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.add_init_script(RECORD)
        page = context.new_page()
        page.goto(f"{app.url}/")
        page.get_by_text("Reminder — #1 Call the printer vendor: Reminder you asked for").wait_for(
            timeout=20_000
        )
        # The count is refreshed after the pop-up in the same poll: once it shows, a notification would have been made.
        page.locator(".tt-reminder-count").get_by_text("1").wait_for()
        assert page.evaluate("JSON.parse(localStorage.getItem('shown') || '[]')") == []
        page.get_by_role("button", name="Reminders, 1 unread").click()
        page.get_by_text("Reminder you asked for").first.wait_for()
        assert page.get_by_role("button", name="Allow desktop notifications").count() == 0
        context.close()
