"""The Insights numbers on a small hand-made backlog whose every answer is worked out by hand below."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import Clock
from tickettracker.domain.validation import TicketInput
from tickettracker.services.insights import Insights, InsightsService
from tickettracker.services.power import PowerService
from tickettracker.services.tickets import TicketService

UTC = timezone.utc


def at(day: int, hour: int = 10, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


def make(service: TicketService, clock: Clock, when: datetime, title: str, **fields: object) -> int:
    clock.now = when
    data = {"priority": "Medium", "status": "Open", **fields}
    return service.create(TicketInput(title=title, **data))  # type: ignore[arg-type]


def move(
    service: TicketService, clock: Clock, when: datetime, ticket_id: int, status: str, **kw: str
) -> None:
    clock.now = when
    service.change_status(ticket_id, status, **kw)  # type: ignore[arg-type]


@pytest.fixture
def backlog(service: TicketService, clock: Clock) -> TicketService:
    """Seven tickets between Mon 2 Nov and Thu 26 Nov 2026; "now" is Fri 27 Nov 2026 09:00 UTC.

    #1 High, created Mon 2 Nov, resolved Thu 5 Nov: 3 active days.
    #2 Medium, created Tue 3 Nov, on hold 4→6 Nov, resolved Tue 10 Nov: 7 days, 2 on hold → 5 active days.
    #3 Medium, created Fri 20 Nov, due Wed 25 Nov: overdue now.
    #4 Medium, created Thu 26 Nov, on hold since then.
    #5 Low, created Tue 10 Nov, cancelled Wed 11 Nov.
    #6 Low, created Thu 12 Nov, in the trash: never counted.
    #7 Urgent, created Wed 25 Nov, In Progress, tag printer: 2 active days old.
    """
    t1 = make(service, clock, at(2), "one", priority="High")
    t2 = make(service, clock, at(3), "two")
    move(service, clock, at(4), t2, "On Hold", hold_reason="Waiting")
    move(service, clock, at(5), t1, "Resolved")
    move(service, clock, at(6), t2, "In Progress")
    t5 = make(service, clock, at(10, 9), "five", priority="Low")
    move(service, clock, at(10), t2, "Resolved")
    move(service, clock, at(11), t5, "Cancelled")
    t6 = make(service, clock, at(12), "six", priority="Low")
    make(service, clock, at(20), "three", due=at(25, 17))
    make(service, clock, at(25), "seven", priority="Urgent", status="In Progress", tags=["printer"])
    t4 = make(service, clock, at(26), "four")
    move(service, clock, at(26, 11), t4, "On Hold", hold_reason="Waiting")
    clock.now = at(26, 12)
    service.delete(t6)
    clock.now = at(27, 9)
    return service


def overview(service: TicketService, scope: str = "", **kw: object) -> Insights:
    return InsightsService(service).overview(scope, periods=4, tz=kw.pop("tz", UTC), **kw)  # type: ignore[arg-type]


def values(data: Insights, key: str, series: int = 0) -> dict[str, float | None]:
    chart = data.chart(key)
    return dict(zip(chart.categories, chart.series[series].values, strict=True))


def test_active_tickets_by_urgency_status_priority_and_tag(backlog: TicketService) -> None:
    data = overview(backlog)
    # Active = every status but Closed/Cancelled (the dashboard's "Active"): the two resolved ones count too.
    assert values(data, "stages") == {"Stage 1": 1, "Overdue": 1, "On hold": 1, "Resolved": 2}
    assert values(data, "status") == {"Open": 1, "In Progress": 1, "On Hold": 1, "Resolved": 2}
    assert values(data, "priority") == {"Urgent": 1, "High": 1, "Medium": 3}
    assert values(data, "tags") == {"printer": 1}


def test_every_bar_carries_the_query_that_lists_its_tickets(backlog: TicketService) -> None:
    data = overview(backlog, "-requester:nobody")
    assert data.chart("status").queries[0] == "-requester:nobody is:active status:Open"
    assert data.chart("tags").queries == ["-requester:nobody is:active tag:printer"]
    stages = data.chart("stages")
    assert stages.queries[stages.categories.index("Overdue")] == "-requester:nobody is:active is:overdue"


def test_every_bar_query_lists_as_many_tickets_as_the_bar(backlog: TicketService) -> None:
    data, power = overview(backlog), PowerService(backlog)
    for key in ("stages", "status", "priority", "tags"):
        chart = data.chart(key)
        assert None not in chart.queries, key  # every "now" bar is clickable, the urgency stages included
        for query, value in zip(chart.queries, chart.series[0].values, strict=True):
            assert query is not None
            assert power.count(power.parse(query)) == value, query
    stages = data.chart("stages")
    assert stages.queries[stages.categories.index("Stage 1")] == "is:active sla:stage1"
    assert stages.queries[stages.categories.index("On hold")] == "is:active sla:hold"


def test_flow_per_week_and_the_backlog_rebuilt_from_the_log(backlog: TicketService) -> None:
    data = overview(backlog)
    flow = data.chart("flow")
    assert flow.categories == ["2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"]
    assert flow.series[0].values == [2, 1, 1, 2]  # created (the trashed #6 never counts)
    assert flow.series[1].values == [1, 1, 0, 0]  # resolved or closed
    # Open = Open, In Progress, On Hold. End of week 1: #2; week 2: none (#2 resolved, #5 cancelled);
    # week 3: #3; now: #3, #4, #7.
    assert data.chart("backlog").series[0].values == [1, 0, 1, 3]


def test_time_to_resolve_credits_holds_and_sla_compliance(backlog: TicketService) -> None:
    data = overview(backlog)
    assert values(data, "resolve", 0) == {"High": 3.0, "Medium": 5.0}
    assert values(data, "resolve", 1) == {"High": 3.0, "Medium": 5.0}
    # Both finished within their backlog limits (High 3 days, Medium 5 active days).
    assert values(data, "compliance") == {
        "2026-11-02": 100.0,
        "2026-11-09": 100.0,
        "2026-11-16": None,
        "2026-11-23": None,
    }
    # #1: 3 days Open; #2: 1 day Open, 2 On Hold, 4 In Progress → per finished ticket (2).
    spent = values(data, "in_status")
    assert spent["Open"] == pytest.approx(2.0)
    assert spent["On Hold"] == pytest.approx(1.0)
    assert spent["In Progress"] == pytest.approx(2.0)


def test_ageing_counts_active_time_only(backlog: TicketService) -> None:
    ages = values(overview(backlog), "ageing")
    # #4 (on hold at once) < 1 day; #7 1.96 days; #1 3 and #2 5 active days (frozen when resolved); #3 6.96 days.
    assert ages == {
        "< 1 day": 1,
        "1–3 days": 1,
        "3–7 days": 3,
        "7–14 days": 0,
        "14–30 days": 0,
        "30–90 days": 0,
        "90+ days": 0,
    }


def test_weeks_follow_the_users_time_zone(service: TicketService, clock: Clock) -> None:
    # Sunday 22 Nov 23:30 in New York is Monday 23 Nov 04:30 UTC: a different week in each zone.
    make(service, clock, datetime(2026, 11, 23, 4, 30, tzinfo=UTC), "late sunday")
    clock.now = at(27, 9)
    utc = overview(service).chart("flow").series[0].values
    ny = overview(service, tz=ZoneInfo("America/New_York")).chart("flow").series[0].values
    assert utc == [0, 0, 0, 1]
    assert ny == [0, 0, 1, 0]


def test_a_scope_narrows_every_chart(backlog: TicketService) -> None:
    data = overview(backlog, "tag:printer")
    assert values(data, "stages") == {"Stage 1": 1}
    assert data.chart("flow").series[0].values == [0, 0, 0, 1]


def test_csv_has_one_row_per_category(backlog: TicketService) -> None:
    csv_text = overview(backlog).chart("resolve").to_csv()
    assert csv_text.splitlines() == ["category,Median,90th percentile", "High,3,3", "Medium,5,5"]
