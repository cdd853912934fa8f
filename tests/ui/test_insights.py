"""The Insights page through NiceGUI's simulated user: charts, their tables and CSV files, the scope and its errors."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from typing import Any

import pytest
from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from tests.factories import make_ticket
from tests.ui.helpers import labelled
from tickettracker.app import build_services
from tickettracker.services.container import Services
from tickettracker.services.events import Change
from tickettracker.services.insights import Insights, InsightsService

TITLES = (
    "Active tickets by urgency",
    "Active tickets by status",
    "Active tickets by priority",
    "Busiest tags (active tickets)",
    "Created vs resolved or closed per week",
    "Open backlog at the end of each week",
    "Active tickets by active age",
)


@pytest.fixture
def data() -> Iterator[Services]:
    """The app's data folder, written the way another process would."""
    ctx = build_services(os.environ["TICKETTRACKER_DATA_DIR"])
    make_ticket(ctx.tickets, "Printer on fire", priority="High", tags=["printer"])
    make_ticket(ctx.tickets, "Toner empty", priority="Low", tags=["printer"])
    make_ticket(ctx.tickets, "VPN down", priority="Urgent", status="In Progress", tags=["network"])
    yield ctx
    ctx.close()


def card_part(user: User, key: str, kind: type, text: str | None = None) -> Any:
    """The element of ``kind`` (with ``text``) inside the chart card ``key`` (hidden ones too)."""
    cards = [c for c in user.find(ui.card).elements if c.props.get("data-chart") == key]
    for card in cards:
        for e in card.descendants():
            if isinstance(e, kind) and (text is None or getattr(e, "text", None) == text):
                return e
    raise AssertionError(f"no {kind.__name__} {text!r} in the {key} card")


async def charts_drawn(user: User) -> None:
    await user.should_see("Active tickets by urgency", retries=100)


async def test_the_page_shows_every_chart_title(user: User, data: Services) -> None:
    await user.open("/insights")
    await charts_drawn(user)
    for title in TITLES:
        await user.should_see(title)
    await user.should_see("Now")
    await user.should_see("Flow")


async def test_show_as_table_lists_the_same_numbers(user: User, data: Services) -> None:
    await user.open("/insights")
    await charts_drawn(user)
    table = card_part(user, "status", ui.table)
    assert not table.visible
    UserInteraction(user, {card_part(user, "status", ui.button, "Show as table")}, None).click()
    assert table.visible
    assert [(r["category"], r["s0"]) for r in table.rows] == [("Open", "2"), ("In Progress", "1")]
    assert [c["label"] for c in table.columns] == ["Category", "Tickets"]
    await user.should_see("Hide table")
    # the chart draws the same numbers
    echart = card_part(user, "status", ui.echart)
    assert echart.options["xAxis"]["data"] == ["Open", "In Progress"]
    assert [d["value"] for d in echart.options["series"][0]["data"]] == [2, 1]


async def test_download_csv_gives_the_charts_numbers(user: User, data: Services) -> None:
    await user.open("/insights")
    await charts_drawn(user)
    UserInteraction(user, {card_part(user, "tags", ui.button, "Download CSV")}, None).click()
    response = await user.download.next()
    assert response.text.splitlines() == ["category,Tickets", "printer,2", "network,1"]


async def test_a_scope_error_says_where_and_a_good_scope_narrows_every_chart(
    user: User, data: Services
) -> None:
    await user.open("/insights")
    await charts_drawn(user)
    scope = labelled(user, ui.input, "Scope")
    scope.value = "stauts:open"
    await user.should_see("unknown field `stauts` — did you mean `status`?")
    scope.value = "tag:network"
    for _ in range(100):  # the recount runs in a worker thread
        if [r["s0"] for r in card_part(user, "status", ui.table).rows] == ["1"]:
            break
        await asyncio.sleep(0.05)
    assert [(r["category"], r["s0"]) for r in card_part(user, "status", ui.table).rows] == [
        ("In Progress", "1")
    ]


async def test_scope_and_period_come_from_the_url(user: User, data: Services) -> None:
    await user.open("/insights?q=tag:printer&period=month")
    await user.should_see("Created vs resolved or closed per month", retries=100)
    assert labelled(user, ui.input, "Scope").value == "tag:printer"
    rows = card_part(user, "priority", ui.table).rows
    assert [(r["category"], r["s0"]) for r in rows] == [("High", "1"), ("Low", "1")]


def click_bar(user: User, key: str, index: int) -> None:
    """What ECharts sends when a person clicks the ``index``-th bar of the chart ``key``."""
    echart = card_part(user, key, ui.echart)
    category = echart.options["xAxis"]["data"][index]
    value = echart.options["series"][0]["data"][index]
    click = {
        "componentType": "series",
        "seriesType": "bar",
        "seriesIndex": 0,
        "seriesName": "Tickets",
        "name": category,
        "dataIndex": index,
        "data": value,
        "value": value["value"],
    }
    UserInteraction(user, {echart}, None).trigger("componentClick", click)


async def test_a_bar_leads_to_the_dashboard_with_its_query(user: User, data: Services) -> None:
    await user.open("/insights?q=tag:printer")
    await charts_drawn(user)
    assert card_part(user, "priority", ui.echart).options["xAxis"]["data"] == ["High", "Low"]
    click_bar(user, "priority", 0)
    await user.should_see("1–1 of 1 tickets", retries=100)
    assert labelled(user, ui.input, "Search").value == "tag:printer is:active priority:High"


async def test_another_tabs_new_ticket_is_counted(user: User, create_user: Any) -> None:
    watcher: User = create_user()
    await watcher.open("/insights")
    await charts_drawn(watcher)
    await watcher.should_see("No tickets in this scope.")
    await user.open("/")
    user.find("New ticket").click()
    labelled(user, ui.input, "Title").value = "Seen on the charts"
    user.find("Save").click()
    await user.should_see("Created ticket #1")
    for _ in range(100):  # the recount waits for the burst to end, then runs in a worker thread
        if [r["s0"] for r in card_part(watcher, "status", ui.table).rows] == ["1"]:
            break
        await asyncio.sleep(0.05)
    assert [(r["category"], r["s0"]) for r in card_part(watcher, "status", ui.table).rows] == [("Open", "1")]


async def test_a_burst_of_changes_costs_one_recount(
    user: User, data: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[InsightsService] = []
    overview = InsightsService.overview

    def counted(self: InsightsService, *args: Any, **kwargs: Any) -> Insights:
        calls.append(self)
        return overview(self, *args, **kwargs)

    monkeypatch.setattr(InsightsService, "overview", counted)
    await user.open("/insights")
    await charts_drawn(user)
    assert len(calls) == 1
    for n in range(20):  # twenty writes in a row, as an import or a bulk edit in another tab makes
        calls[0].tickets.bus.emit(Change("updated", n))
    for _ in range(100):
        if len(calls) > 1:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(1.5)  # long enough for a second recount to show, were there one
    assert len(calls) == 2


async def test_g_i_and_the_palette_open_insights(user: User) -> None:
    await user.open("/")
    assert user.client is not None
    UserInteraction(user, {user.client.layout}, None).trigger("tt_key", {"key": "g i", "shift": False})
    await user.should_see("Active tickets by urgency", retries=100)
    UserInteraction(user, {user.client.layout}, None).trigger("tt_key", {"key": "palette", "shift": False})
    await user.should_see("Go to insights (charts)")
