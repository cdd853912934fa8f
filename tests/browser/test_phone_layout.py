"""The phone layout (issue #20) at 390 × 844 in real Chromium on the demo data: nothing scrolls sideways, the filters
fold behind one "Filters" button that counts them, rows are cards, every target is big enough for a finger, and
New ticket stays in reach. Screenshots go to /work/notes/shots/phone-*.png where that folder's parent exists."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import choose, goto
from tests.conftest import require_browser
from tests.support import RunningApp, running_app
from tickettracker.config import Config
from tickettracker.services import demo

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
MIN_TARGET = 44  # px, both dimensions (WCAG 2.5.5)
PAGES = ["/", "/?trash=1", "/tickets/2", "/settings", "/insights"]
SHOTS = Path("/work/notes/shots")

# Every visible thing a finger can press, with its size; inline links in rendered Markdown (running text) are exempt,
# as WCAG exempts inline links. Off-screen parts (a closed drawer) and hidden ones (checkVisibility) do not count.
SMALL_TARGETS = """(min) => {
  const sel = 'button, a[href], [role=button], [role=checkbox], [role=switch], [role=radio], [role=link],'
    + ' input[type=checkbox]:not(.hidden), .q-chip--clickable';
  const out = [];
  for (const el of document.querySelectorAll('.q-layout ' + sel.split(',').join(', .q-layout '))) {
    if (el.closest('.tt-markdown') || !el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= 0 || r.left >= window.innerWidth) continue;
    if (el.parentElement.closest(sel)) continue;  // the target is the outer control (a chip's inner parts)
    if (r.width < min || r.height < min) {
      const name = el.getAttribute('aria-label') || el.innerText.trim().slice(0, 40) || el.outerHTML.slice(0, 80);
      out.push(`${el.tagName.toLowerCase()} "${name}" ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
  }
  return out;
}"""
SIDEWAYS = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    require_browser()
    root = tmp_path_factory.mktemp("phone-demo")
    demo.enable(root, Config())  # the same demo data `python -m tickettracker demo enable` loads
    with running_app(root, timeout=120) as running:  # a busy 2-core machine starts slowly
        yield running


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, reduced_motion="reduce")
    page = context.new_page()
    page.set_default_timeout(20_000)  # a busy 2-core machine
    yield page
    context.close()


def _shot(page: Any, name: str) -> None:
    if SHOTS.parent.is_dir():
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"phone-{name}.png"))


def _settled(page: Any) -> None:
    """Rows drawn and fonts in: sizes are measured on the page a person sees."""
    page.wait_for_function("() => document.fonts.status === 'loaded'")


@pytest.mark.parametrize("path", PAGES)
def test_nothing_scrolls_sideways_and_every_target_is_big_enough(
    demo_app: RunningApp, phone: Any, path: str
) -> None:
    goto(phone, demo_app.url + path)
    if path.startswith("/tickets/"):
        phone.get_by_role("heading", name="Quarterly VAT return").wait_for()
    elif path == "/":
        phone.locator("tr.tt-row").first.wait_for()
    _settled(phone)
    scroll_width, client_width = phone.evaluate(SIDEWAYS)
    assert scroll_width <= client_width, f"{path} scrolls sideways: {scroll_width} > {client_width} px"
    small = phone.evaluate(SMALL_TARGETS, MIN_TARGET)
    assert small == [], f"{path}: targets under {MIN_TARGET} px:\n" + "\n".join(small)
    new_ticket = phone.get_by_role("button", name="New ticket")
    assert new_ticket.is_visible()
    box = new_ticket.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_filters_fold_behind_one_button_that_counts_them(demo_app: RunningApp, phone: Any) -> None:
    from playwright.sync_api import expect

    goto(phone, demo_app.url + "/")
    phone.locator("tr.tt-row").first.wait_for()
    search = phone.get_by_label("Search", exact=True)
    expect(search).to_be_visible()  # the query box stays
    status = phone.get_by_label("Status", exact=True)
    expect(status).to_be_hidden()
    expect(phone.get_by_role("button", name="Clear filters")).to_be_hidden()
    button = phone.get_by_role("button", name="Filters", exact=True)
    expect(button).to_have_attribute("aria-expanded", "false")
    _shot(phone, "dashboard")

    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(status).to_be_visible()
    for control in ("Priority", "Tags", "Sort by", "Has due date"):
        expect(phone.get_by_label(control, exact=True)).to_be_visible()
    expect(phone.get_by_role("button", name="Views", exact=True)).to_be_visible()  # the saved views
    choose(phone, "Status", "Open")
    phone.keyboard.press("Escape")  # the options list closes, the panel stays
    phone.wait_for_selector(".q-menu", state="detached")
    phone.get_by_role("checkbox", name="Overdue only").click()
    counted = phone.get_by_role("button", name="Filters (2)", exact=True)
    expect(counted).to_be_visible()
    _shot(phone, "filters-open")
    scroll_width, client_width = phone.evaluate(SIDEWAYS)
    assert scroll_width <= client_width, (
        f"the open filters scroll sideways: {scroll_width} > {client_width} px"
    )
    small = phone.evaluate(SMALL_TARGETS, MIN_TARGET)
    assert small == [], f"open filters: targets under {MIN_TARGET} px:\n" + "\n".join(small)

    counted.click()
    expect(counted).to_have_attribute("aria-expanded", "false")
    expect(status).to_be_hidden()
    # the count comes from the view itself: a link to it shows the same, folded
    goto(phone, phone.url)
    expect(phone.get_by_role("button", name="Filters (2)", exact=True)).to_have_attribute(
        "aria-expanded", "false"
    )
    expect(phone.get_by_label("Status", exact=True)).to_be_hidden()


def test_a_row_is_a_card_with_title_status_priority_and_its_colour(demo_app: RunningApp, phone: Any) -> None:
    from playwright.sync_api import expect

    goto(phone, demo_app.url + "/?q=%22Quarterly+VAT%22")
    row = phone.locator("tr.tt-row").filter(has_text="Quarterly VAT return")
    expect(row).to_have_count(1)
    _settled(phone)
    card = row.bounding_box()
    assert card is not None and card["x"] >= 0 and card["x"] + card["width"] <= PHONE["width"]
    title = row.get_by_role("link", name="Quarterly VAT return", exact=False)
    status = row.get_by_role("cell", name="Open", exact=True)
    priority = row.get_by_role("cell", name="Urgent", exact=True)
    due = row.get_by_role("cell", name=re.compile("overdue"))
    parts = {"title": title, "status": status, "priority": priority, "due": due}
    boxes = {}
    for name, part in parts.items():
        expect(part).to_be_visible()
        box = part.bounding_box()
        assert box is not None
        inside = card["x"] <= box["x"] and box["x"] + box["width"] <= card["x"] + card["width"]
        assert inside, f"the {name} sticks out of its card: {box} / {card}"
        boxes[name] = box
    # a card, not a table row: status and due sit under the title, not beside it
    assert boxes["status"]["y"] >= boxes["title"]["y"] + boxes["title"]["height"] - 1
    assert boxes["due"]["y"] >= boxes["status"]["y"] + boxes["status"]["height"] - 1
    expect(row.locator(".tt-col-status .q-icon")).to_be_visible()  # the status is icon and text
    # the urgency colour stays on the whole card
    colour = row.evaluate("tr => getComputedStyle(tr).backgroundColor")
    assert colour == row.evaluate("tr => tr.style.backgroundColor") and colour not in ("", "rgba(0, 0, 0, 0)")
    # selection and actions are in reach (inside the screen, big enough by the targets test)
    for control in (
        row.get_by_role("checkbox", name="Select ticket #2"),
        row.get_by_role("button", name="Copy summary of #2"),
    ):
        expect(control).to_be_visible()
        box = control.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    row.get_by_role("checkbox", name="Select ticket #2").click()
    expect(row.get_by_role("checkbox", name="Select ticket #2")).to_be_checked()


def test_ticket_page_stacks_and_new_ticket_stays_in_reach(demo_app: RunningApp, phone: Any) -> None:
    from playwright.sync_api import expect

    goto(phone, demo_app.url + "/tickets/2")
    heading = phone.get_by_role("heading", name="Quarterly VAT return")
    expect(heading).to_be_visible()
    _settled(phone)
    _shot(phone, "ticket")
    # one column: every card of the page spans the width, none sits beside another
    widths = phone.locator(".q-page .q-card").evaluate_all(
        "cards => cards.filter(c => c.checkVisibility()).map(c => c.getBoundingClientRect().width)"
    )
    assert len(widths) >= 3 and all(w >= PHONE["width"] - 64 for w in widths), widths
    phone.mouse.wheel(0, 3000)  # far down the page: the header (with New ticket) stays
    phone.wait_for_function("() => window.scrollY > 0")
    phone.get_by_role("button", name="New ticket").click()
    expect(phone.get_by_role("dialog").get_by_label("Title", exact=True)).to_be_visible()
