"""Search → filter (by clicking a tag chip) → sort → page size → next page, then the back button, in Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import require_browser
from tests.support import RunningApp, running_app
from tickettracker.app import build_services
from tickettracker.domain.validation import TicketInput

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def backlog_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """130 tickets: "Printer 001".."Printer 070" then laptops; even numbers tagged hardware, odd ones desk."""
    require_browser()
    data = tmp_path_factory.mktemp("dashboard-flow")
    ctx = build_services(str(data))
    try:
        for i in range(1, 131):
            title = f"Printer {i:03d}" if i <= 70 else f"Laptop {i:03d}"
            tags = ["hardware"] if i % 2 == 0 else ["desk"]
            ctx.tickets.create(TicketInput(title=title, tags=tags), ticket_id=i)
    finally:
        ctx.close()
    with running_app(data) as running:
        yield running


def test_search_filter_sort_page_then_back(backlog_app: RunningApp, page: Any) -> None:
    from playwright.sync_api import expect

    summary = page.locator(".tt-summary")
    page.goto(backlog_app.url + "/")
    expect(summary).to_have_text("1–50 of 130 tickets")

    page.get_by_label("Search", exact=True).fill("printer")
    expect(summary).to_have_text("1–50 of 70 tickets")
    expect(page).to_have_url(re.compile(r"\?q=printer$"))
    expect(page.locator("mark.tt-hl").first).to_have_text("Printer")  # the match is highlighted

    page.get_by_label("Filter by tag hardware").first.click()  # a tag chip in a row
    expect(summary).to_have_text("1–35 of 35 tickets")
    expect(page).to_have_url(re.compile(r"q=printer\+tag%3Ahardware"))  # filters live in the query text

    page.get_by_label("Sort by").click()
    page.get_by_role("option", name="Ticket number").click()
    expect(page).to_have_url(re.compile(r"sort%3Aid"))
    expect(page.locator("a.tt-title").first).to_have_text("Printer 002")

    page.locator(".q-table__bottom .q-select").click()  # "Records per page"
    page.get_by_role("option", name="25", exact=True).click()
    expect(summary).to_have_text("1–25 of 35 tickets")
    expect(page).to_have_url(re.compile(r"size=25"))

    page.get_by_label("Next page").click()
    expect(summary).to_have_text("26–35 of 35 tickets")
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.locator("a.tt-title").first).to_have_text("Printer 052")
    assert page.locator("a.tt-title").count() == 10  # the browser holds one page of rows, never more

    page.go_back()  # page 1 of the same view
    expect(summary).to_have_text("1–25 of 35 tickets")
    expect(page.locator("a.tt-title").first).to_have_text("Printer 002")
    expect(page.get_by_label("Search", exact=True)).to_have_value("printer tag:hardware sort:id")
    page.go_back()  # before the page size change
    expect(summary).to_have_text("1–35 of 35 tickets")
    page.go_back()  # before the sort
    expect(page).not_to_have_url(re.compile(r"sort%3A"))
    expect(summary).to_have_text("1–35 of 35 tickets")
    page.go_back()  # before the tag filter
    expect(summary).to_have_text("1–50 of 70 tickets")


def test_reload_keeps_the_view(backlog_app: RunningApp, page: Any) -> None:
    from playwright.sync_api import expect

    page.goto(backlog_app.url + "/?q=laptop&sort=id&desc=1&size=25&page=2")
    summary = page.locator(".tt-summary")
    expect(summary).to_have_text("26–50 of 60 tickets")
    expect(page.locator("a.tt-title").first).to_have_text("Laptop 105")
    page.reload()
    expect(summary).to_have_text("26–50 of 60 tickets")


def test_typing_a_search_makes_one_history_entry(backlog_app: RunningApp, page: Any) -> None:
    from playwright.sync_api import expect

    summary = page.locator(".tt-summary")
    page.goto(backlog_app.url + "/?size=25")
    expect(summary).to_have_text("1–25 of 130 tickets")
    search = page.get_by_label("Search", exact=True)
    search.click()
    for typed in ("l", "la", "lap"):  # three keystrokes, each shown before the next
        search.fill(typed)
        expect(page).to_have_url(re.compile(rf"q={typed}&size=25$"))
    expect(summary).to_have_text("1–25 of 60 tickets")
    page.get_by_text("Overdue only", exact=True).click()  # a filter after the search: its own entry
    expect(page).to_have_url(re.compile(r"overdue"))
    page.go_back()  # the finished search, not one of its keystrokes
    expect(page).to_have_url(re.compile(r"q=lap&size=25$"))
    expect(summary).to_have_text("1–25 of 60 tickets")
    page.go_back()  # the view before the search
    expect(page).to_have_url(re.compile(r"\?size=25$"))
    expect(summary).to_have_text("1–25 of 130 tickets")


def test_a_page_turn_is_one_update_with_rows_only(backlog_app: RunningApp, page: Any) -> None:
    """What Chromium receives for a page turn: one socket.io update (rows, pagination, count line, URL), without the
    columns, the row template or a separate history message. Kinds and contents of frames, never times."""
    from playwright.sync_api import expect

    frames: list[str] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append(str(f))))
    summary = page.locator(".tt-summary")
    page.goto(backlog_app.url + "/?size=25")
    expect(summary).to_have_text("1–25 of 130 tickets")
    expect(page.get_by_role("button", name="Next page")).to_be_enabled()
    frames.clear()
    page.get_by_role("button", name="Next page").click()
    expect(summary).to_have_text("26–50 of 130 tickets")
    expect(page).to_have_url(re.compile(r"page=2"))  # the URL came with the rows
    # (other parts of the page may update meanwhile: the drawer settling, the reminders poll)
    updates = [f for f in frames if f.startswith('42["update"') and '"rows":' in f]
    history = [f for f in frames if f.startswith('42["run_javascript"') and "history" in f]
    assert len(updates) == 1 and not history, [f[:200] for f in frames]
    (update,) = updates
    assert '"rows":' in update and '"pagination":' in update
    assert '"columns":' not in update and "template" not in update and "q-tr" not in update


def test_the_quick_info_card_is_drawn_on_demand(backlog_app: RunningApp, page: Any) -> None:
    from playwright.sync_api import expect

    page.goto(backlog_app.url + "/?size=25&q=sort:id")
    rows = page.locator("tr.tt-row")
    expect(rows).to_have_count(25)
    expect(page.locator(".tt-quick")).to_have_count(0)  # no hidden copies
    rows.nth(1).locator(".tt-title").hover()
    expect(rows.nth(1).locator(".tt-quick")).to_be_visible()
    expect(page.locator(".tt-quick")).to_have_count(1)
    page.mouse.move(0, 0)
    expect(page.locator(".tt-quick")).to_have_count(0)
    info = page.get_by_role(
        "button", name="Quick info for #3"
    )  # touch screens and keyboards: the info button
    info.click()
    expect(rows.nth(2).locator(".tt-quick")).to_be_visible()
    expect(info).to_have_attribute("aria-expanded", "true")
    page.mouse.move(0, 0)
    expect(rows.nth(2).locator(".tt-quick")).to_be_visible()  # pinned: stays after the pointer left
    info.click()
    expect(page.locator(".tt-quick")).to_have_count(0)
