"""Insights in real Chromium on the demo data: a click on a drawn bar lands on the dashboard listing that bar's tickets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.helpers import goto, ready
from tests.conftest import require_browser
from tests.support import RunningApp, running_app
from tickettracker.config import Config
from tickettracker.services import demo

pytestmark = pytest.mark.browser

# Where ECharts drew a bar (its top centre, in pixels from the chart's corner), asked of the chart itself.
BAR_TOP = """([key, index]) => {
  const el = document.querySelector(`[data-chart="${key}"] .nicegui-echart`);
  const chart = getElement(el).chart;
  const value = chart.getOption().series[0].data[index].value;
  return chart.convertToPixel({ seriesIndex: 0 }, [index, value]);
}"""


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    require_browser()
    root = tmp_path_factory.mktemp("insights-demo")
    demo.enable(root, Config())  # the same demo data `python -m tickettracker demo enable` loads
    with running_app(root) as running:
        yield running


def test_clicking_a_bar_opens_the_dashboard_with_that_bars_count(demo_app: RunningApp, page: Any) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)  # a busy 2-core machine
    page.set_default_timeout(20_000)
    goto(page, demo_app.url + "/insights")
    card = page.locator('[data-chart="priority"]')
    expect(card.locator("canvas")).to_be_visible()
    card.get_by_role("button", name="Show as table").click()
    first = card.locator("tbody tr").first.locator("td")
    priority, count = first.nth(0).inner_text(), int(first.nth(1).inner_text())
    assert count > 0
    card.get_by_role("button", name="Hide table").click()
    page.set_viewport_size({"width": 1280, "height": 2700})  # the whole page, header on top
    page.screenshot(path=str(demo_app.data_dir / "insights.png"))
    page.set_viewport_size({"width": 1280, "height": 900})

    chart = card.locator(".nicegui-echart")
    chart.scroll_into_view_if_needed()
    x, y = page.evaluate(BAR_TOP, ["priority", 0])
    box = chart.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y + 8)  # just inside the bar, below its top edge

    page.wait_for_url(re.compile(r".*/\?q="))
    ready(page)
    expect(page.get_by_label("Search", exact=True)).to_have_value(f"is:active priority:{priority}")
    expect(page.locator(".tt-summary")).to_have_text(f"1–{count} of {count} tickets")

    page.locator("body").click(position={"x": 5, "y": 300})  # out of the search box: keys are shortcuts again
    page.keyboard.press("g")
    page.keyboard.press("i")
    page.wait_for_url(re.compile(r".*/insights$"))
