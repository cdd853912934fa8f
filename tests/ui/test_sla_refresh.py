"""The minute refresh moves colours and countdowns without a reload, and stays cheap (issue 4 item 6)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from nicegui import ui
from nicegui.testing import User

from tickettracker.domain.validation import TicketInput


def minute_timer(user: User) -> Any:
    (timer,) = [t for t in user.find(ui.timer).elements if t.interval == 60]
    return timer


async def test_dashboard_tick_requeries_only_the_visible_page_and_recolours(user: User) -> None:
    await user.open("/")
    timer = minute_timer(user)
    view = timer.callback.__self__
    service = view.ctx.tickets
    start = service.clock()
    service.clock = lambda: start
    for i in range(60):
        service.create(TicketInput(title=f"Filler {i}", priority="Low"))
    service.create(TicketInput(title="Due soon", due=start + timedelta(days=10, hours=1), due_has_time=True))
    view.refresh()
    table = user.find(ui.table).elements.pop()
    first = table.rows[0]
    assert (first["title"], first["sla_text"], first["bg"]) == (
        "Due soon",
        "Due in 10 days — stage 2 of 4",
        "#fdba74",
    )

    calls: list[Any] = []
    power = view.power.service  # the dashboard reads its rows through the query-language service
    real_page = power.page
    power.page = lambda parsed, **kw: calls.append(kw) or real_page(parsed, **kw)
    service.clock = lambda: start + timedelta(days=5)
    timer.callback()
    assert [(kw["page"], kw["page_size"]) for kw in calls] == [(1, 50)]  # one query, for the page on screen
    assert len(table.rows) == 50
    first = table.rows[0]
    assert (first["sla_text"], first["bg"]) == ("Due in 5 days — stage 3 of 4", "#f87171")
    await user.should_see("1–50 of 61 tickets")


async def test_ticket_tick_repaints_the_urgency_and_keeps_typed_text(user: User) -> None:
    await user.open("/")
    service = minute_timer(user).callback.__self__.ctx.tickets
    start = service.clock()
    service.clock = lambda: start
    tid = service.create(
        TicketInput(title="Due soon", due=start + timedelta(days=10, hours=1), due_has_time=True)
    )
    await user.open(f"/tickets/{tid}")
    await user.should_see("Due in 10 days — stage 2 of 4")
    box = next(e for e in user.find(ui.textarea).elements if e.props.get("label") == "Update")
    box.value = "half-written update"

    calls: list[int] = []
    real_get = service.get
    service.get = lambda *a, **k: calls.append(1) or real_get(*a, **k)
    service.clock = lambda: start + timedelta(days=12)
    minute_timer(user).callback()
    await user.should_see("Overdue by 2 days")
    await user.should_see("(2 days ago)")  # the due date's relative words move too
    assert calls == []  # the tick reads nothing from the database
    assert box.value == "half-written update"
    assert box in user.find(ui.textarea).elements  # not rebuilt
