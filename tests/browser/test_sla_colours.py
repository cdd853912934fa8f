"""Urgency colours a person sees on the dashboard and the ticket page, and their explanation (issue 4)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import require_browser
from tests.support import RunningApp, running_app
from tickettracker.app import build_services
from tickettracker.config import Config
from tickettracker.domain.colors import contrast, rgb
from tickettracker.domain.validation import TicketInput

pytestmark = pytest.mark.browser
DEFAULTS = Config().colors


def seed(data_dir: Path) -> None:
    ctx = build_services(str(data_dir))
    try:
        now = datetime.now(timezone.utc)
        # an hour of slack: the page is read a few seconds later and must still say "in 10 days"
        ctx.tickets.create(
            TicketInput(title="Due in ten days", due=now + timedelta(days=10, hours=1), due_has_time=True)
        )
        ctx.tickets.create(
            TicketInput(title="Long overdue", due=now - timedelta(days=3, hours=1), due_has_time=True)
        )
    finally:
        ctx.close()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    require_browser()
    data = tmp_path_factory.mktemp("sla-app")
    seed(data)
    with running_app(data) as running:
        yield running


def css_rgb(hex_color: str) -> str:
    r, g, b = rgb(hex_color)
    return f"rgb({r}, {g}, {b})"


def parse_rgb(css: str) -> str:
    parts = css[css.index("(") + 1 : css.index(")")].split(",")[:3]
    return "#" + "".join(f"{int(float(p)):02x}" for p in parts)


def row(page: Any, title: str) -> Any:
    return page.locator("tr.tt-row", has=page.get_by_role("link", name=title))


def test_due_soon_and_overdue_rows_show_different_colours_and_say_why(seeded: RunningApp, page: Any) -> None:
    from playwright.sync_api import expect

    page.goto(seeded.url + "/")
    soon, late = row(page, "Due in ten days"), row(page, "Long overdue")
    expect(soon).to_have_css("background-color", css_rgb(DEFAULTS.gradient.stage2))
    expect(late).to_have_css("background-color", css_rgb(DEFAULTS.gradient.overdue))
    expect(soon.get_by_text("due in 10 days", exact=True)).to_be_visible()
    expect(late.get_by_text("3 days overdue", exact=True)).to_be_visible()
    # the explanation is the row's tooltip (hover or keyboard focus) and part of the title link's name
    soon.get_by_role("link", name="Due in ten days").hover()
    expect(soon.get_by_role("tooltip")).to_contain_text("Due in 10 days — stage 2 of 4")
    late.get_by_role("link", name="Long overdue").focus()
    expect(late.get_by_role("tooltip")).to_contain_text("Overdue by 3 days")
    expect(page.get_by_role("link", name="Long overdue, Overdue by 3 days")).to_be_visible()
    # overdue first when sorted by urgency (the default sort)
    titles = page.locator("tr.tt-row a.tt-title").all_inner_texts()
    assert titles == ["Long overdue", "Due in ten days"]


@pytest.mark.parametrize("mode", ["dark", "light"])
def test_titles_stay_readable_on_their_row_colour(seeded: RunningApp, page: Any, mode: str) -> None:
    from playwright.sync_api import expect

    page.goto(seeded.url + "/")
    expect(row(page, "Long overdue")).to_be_visible()
    if mode == "light":
        page.get_by_role("button", name="Toggle dark mode").click()
        expect(page.locator("body.body--light")).to_have_count(1)
    for title in ("Due in ten days", "Long overdue"):
        r = row(page, title)
        bg = parse_rgb(r.evaluate("el => getComputedStyle(el).backgroundColor"))
        fg = parse_rgb(r.get_by_role("link", name=title).evaluate("el => getComputedStyle(el).color"))
        assert contrast(bg, fg) >= 4.5, (mode, title, bg, fg)


def test_ticket_page_and_legend_explain_the_colour(seeded: RunningApp, page: Any) -> None:
    from playwright.sync_api import expect

    page.goto(seeded.url + "/")
    page.get_by_text("Colour legend").click()
    expect(page.get_by_text("Stage 2: due within 14 days")).to_be_visible()
    expect(
        page.get_by_text("Overdue: past the due date, or older than its priority's last limit")
    ).to_be_visible()
    page.get_by_role("link", name="Long overdue").click()
    page.wait_for_url("**/tickets/*")
    expect(page.get_by_text("Overdue by 3 days")).to_be_visible()
    card = page.locator(".q-card", has=page.get_by_role("heading", name="Long overdue"))
    expect(card).to_have_css("background-color", css_rgb(DEFAULTS.gradient.overdue))
