"""The "Copy summary" action in a real browser: both MIME types land on the clipboard; a refusal opens the preview (issue 8)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import require_browser
from tests.support import RunningApp, running_app
from tickettracker.app import build_services
from tickettracker.domain.validation import LinkIn, TicketInput

pytestmark = pytest.mark.browser
EVIL = "<img src=x onerror=alert(1)>"

READ_CLIPBOARD = """async () => {
  const out = {};
  for (const item of await navigator.clipboard.read())
    for (const type of item.types) out[type] = await (await item.getType(type)).text();
  return out;
}"""


def seed(data_dir: Path) -> None:
    ctx = build_services(str(data_dir))
    try:
        now = datetime.now(timezone.utc)
        tid = ctx.tickets.create(
            TicketInput(
                title=f"Printer on fire {EVIL}",
                description="It smokes.\nThen it stops.",
                requester="ana@example.com",
                priority="High",
                due=now + timedelta(days=10, hours=1),
                due_has_time=True,
                tags=["office"],
                links=[LinkIn("https://example.com/case/7", "vendor case")],
            )
        )
        ctx.tickets.post_update(tid, "Called the vendor.", author="Ana")
    finally:
        ctx.close()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    require_browser()
    data = tmp_path_factory.mktemp("summary-app")
    seed(data)
    with running_app(data) as running:
        yield running


def grant_clipboard(page: Any, app: RunningApp) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app.url)


def check_clipboard(page: Any) -> None:
    got = page.evaluate(READ_CLIPBOARD)
    assert set(got) >= {"text/html", "text/plain"}
    text, html = got["text/plain"], got["text/html"]
    assert text.startswith(f"#1 · Printer on fire {EVIL}\n\n")
    assert "SLA: Due in 10 days — stage 2 of 4" in text
    assert "Links:\n- vendor case: https://example.com/case/7" in text
    assert "· Ana: Called the vendor." in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img" not in html
    assert '<a href="https://example.com/case/7"' in html
    assert "border-left:6px solid #fdba74" in html  # the urgency colour as the accent


def test_copy_summary_on_the_ticket_page_puts_html_and_text_on_the_clipboard(
    seeded: RunningApp, page: Any
) -> None:
    from playwright.sync_api import expect

    grant_clipboard(page, seeded)
    page.goto(seeded.url + "/tickets/1")
    page.get_by_role("button", name="Copy summary").click()
    expect(
        page.locator(".q-notification").get_by_text("Summary of #1 copied (rich text and plain text)")
    ).to_be_visible()
    check_clipboard(page)


def test_copy_summary_from_a_dashboard_row(seeded: RunningApp, page: Any) -> None:
    from playwright.sync_api import expect

    grant_clipboard(page, seeded)
    page.goto(seeded.url + "/")
    page.get_by_role("button", name="Copy summary of #1").click()
    expect(page.locator(".q-notification").get_by_text("Summary of #1 copied")).to_be_visible()
    check_clipboard(page)
    assert page.url == seeded.url + "/"  # the click did not open the ticket


def test_a_refused_clipboard_opens_the_preview_with_the_text_selected(seeded: RunningApp, page: Any) -> None:
    from playwright.sync_api import expect

    page.add_init_script(
        "navigator.clipboard.write = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));"
    )
    page.goto(seeded.url + "/tickets/1")
    page.get_by_role("button", name="Copy summary").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text("The browser did not allow copying.")).to_be_visible()
    area = dialog.get_by_label("Summary text")
    value = area.input_value()
    assert value.startswith(f"#1 · Printer on fire {EVIL}\n") and "SLA: Due in 10 days" in value
    page.wait_for_function(
        "() => { const a = document.activeElement;"
        " return a && a.tagName === 'TEXTAREA' && a.selectionStart === 0 && a.selectionEnd === a.value.length"
        " && a.value.length > 0; }"
    )
    expect(area).to_have_attribute("readonly", "")
