"""The query language against a real SQLite file: a small hand-made dataset with a known answer per operator."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from tests.factories import make_ticket
from tickettracker.services.power import PowerService
from tickettracker.services.tickets import TicketService
from tickettracker.store.models import Attachment


@pytest.fixture(autouse=True)
def utc_local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Whole days ("due:today") are local days: pin the local zone so the answers do not depend on the machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def power(service: TicketService, clock: Any) -> PowerService:
    base = clock.now
    clock.now = base - timedelta(days=60)
    old = make_ticket(service, title="Old laptop", requester="dave", priority="Medium")
    service.change_status(old, "Closed")
    clock.now = base
    make_ticket(
        service,
        title="Printer on fire",
        requester="ana@example.com",
        watchers=["bo@example.com"],
        priority="High",
        tags=["office", "printer"],
        due=base + timedelta(days=2),
    )
    make_ticket(
        service,
        title="Toner empty",
        requester="carl",
        priority="Low",
        status="In Progress",
        tags=["printer"],
        due=base + timedelta(days=10),
    )
    make_ticket(
        service,
        title="VPN down",
        requester="Ana",
        priority="Urgent",
        status="On Hold",
        hold_reason="Awaiting third party",
        tags=["network"],
        description="tunnel drops every hour",
    )
    make_ticket(
        service, title="Overdue report", priority="Medium", tags=["office"], due=base - timedelta(days=1)
    )
    trashed = make_ticket(service, title="Trashed printer", tags=["printer"], priority="High")
    service.delete(trashed)
    with service.db.write() as s:
        s.add(Attachment(ticket_id=2, name="log.txt", size=3, sha256="ab" * 32, created=base))
    return PowerService(service)


def titles(power: PowerService, typed: str) -> set[str]:
    page = power.page(power.parse(typed))
    assert page.total == len(page.rows) == power.count(power.parse(typed))
    return {r.title for r in page.rows}


ALL_LIVE = {"Old laptop", "Printer on fire", "Toner empty", "VPN down", "Overdue report"}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", ALL_LIVE),
        ("printer", {"Printer on fire", "Toner empty"}),  # tags are searched too
        ("printer fire", {"Printer on fire"}),
        ("tunnel", {"VPN down"}),
        ("-printer", ALL_LIVE - {"Printer on fire", "Toner empty"}),
        ("#3", {"Toner empty"}),
        ("status:open", {"Printer on fire", "Overdue report"}),
        ('status:"on hold"', {"VPN down"}),
        ("status:open,closed", {"Printer on fire", "Overdue report", "Old laptop"}),
        ("-status:open", {"Old laptop", "Toner empty", "VPN down"}),
        ("is:active", ALL_LIVE - {"Old laptop"}),
        ("is:overdue", {"Overdue report"}),
        ("is:paused", {"VPN down"}),
        ("-is:active", {"Old laptop"}),
        ("priority:high", {"Printer on fire"}),
        ("priority:>=high", {"Printer on fire", "VPN down"}),
        ("priority:<medium", {"Toner empty"}),
        ("priority:<=Medium", {"Toner empty", "Old laptop", "Overdue report"}),
        ("priority:>urgent", set()),
        ("tag:office tag:printer", {"Printer on fire"}),
        ("tag:office,network", {"Printer on fire", "Overdue report", "VPN down"}),
        ("tag:OFFICE", {"Printer on fire", "Overdue report"}),
        ("-tag:printer", {"Old laptop", "VPN down", "Overdue report"}),
        ("tag:nosuchtag", set()),
        ("requester:ana", {"Printer on fire", "VPN down"}),
        ("requester:%", set()),
        ("watcher:bo", {"Printer on fire"}),
        ("due:<7d", {"Printer on fire", "Overdue report"}),
        ("due:>7d", {"Toner empty"}),
        ("due:7d", {"Printer on fire"}),
        ("due:today", set()),
        ("due:2026-11-29", {"Printer on fire"}),
        ("due:2026-11-26..2026-11-29", {"Printer on fire", "Overdue report"}),
        ("-due:2026-11-29", ALL_LIVE - {"Printer on fire"}),
        ("created:>30d", {"Old laptop"}),
        ("created:<30d", ALL_LIVE - {"Old laptop"}),
        ("updated:<1d", ALL_LIVE - {"Old laptop"}),
        ("has:attachment", {"Printer on fire"}),
        ("has:due", {"Printer on fire", "Toner empty", "Overdue report"}),
        ("-has:due", {"Old laptop", "VPN down"}),
        ("has:watcher", {"Printer on fire"}),
        ("is:active -has:due printer", set()),
        ("is:active tag:office -tag:printer", {"Overdue report"}),
        # the benchmark's shape: a tag list, a negated tag and overdue, counted by one seek per listed id
        ("tag:office,network -tag:printer is:overdue", {"Overdue report"}),
        ("tag:office,network -tag:printer -is:overdue", {"VPN down"}),
        ("-is:overdue", ALL_LIVE - {"Overdue report"}),  # paused and finished tickets are not overdue
        # the urgency colour now: due in 2 days → stage 3, in 10 days → stage 2 (default 28/21/14/7 days)
        ("sla:stage3", {"Printer on fire"}),
        ("sla:stage2,overdue", {"Toner empty", "Overdue report"}),
        ("sla:hold", {"VPN down"}),
        ("sla:closed", {"Old laptop"}),
        ("sla:stage0", set()),
        ("-sla:stage3", ALL_LIVE - {"Printer on fire"}),
    ],
)
def test_every_operator_has_a_known_answer(power: PowerService, typed: str, expected: set[str]) -> None:
    assert titles(power, typed) == expected


@pytest.mark.parametrize(
    ("typed", "order"),
    [
        ("is:active sort:urgency", ["Overdue report", "Printer on fire", "Toner empty", "VPN down"]),
        ("has:due sort:due", ["Overdue report", "Printer on fire", "Toner empty"]),
        ("has:due sort:-due", ["Toner empty", "Printer on fire", "Overdue report"]),
        ("is:active sort:priority", ["VPN down", "Printer on fire", "Overdue report", "Toner empty"]),
        ("sort:created", ["Overdue report", "VPN down", "Toner empty", "Printer on fire", "Old laptop"]),
    ],
)
def test_sorts(power: PowerService, typed: str, order: list[str]) -> None:
    assert [r.title for r in power.page(power.parse(typed)).rows] == order


def test_the_same_query_runs_over_the_trash(power: PowerService) -> None:
    assert [r.title for r in power.page(power.parse("printer"), trash=True).rows] == ["Trashed printer"]
    assert power.page(power.parse("tag:network"), trash=True).total == 0


def test_matching_ids_and_palette_search(power: PowerService) -> None:
    assert power.matching_ids(power.parse("tag:printer sort:id")) == [2, 3]
    assert [t for _i, t, _s in power.find("toner")] == ["Toner empty"]
    assert [i for i, _t, _s in power.find("#4")] == [4]
    assert power.find("fire") == [(2, "Printer on fire", "Open")]
    assert power.find("tunnel") == []  # the palette matches titles only


@pytest.mark.parametrize(
    "typed",
    [
        "printer",
        "status:open",
        "is:active priority:high",
        "tag:office tag:printer",
        "tag:office,network",
        "is:overdue",
        "has:due",
        "-has:due",
        "printer status:open tag:printer sort:due",
        "is:active tag:printer,office sort:-priority",
    ],
)
def test_lifted_terms_give_the_same_page_as_plain_conditions(power: PowerService, typed: str) -> None:
    """The dashboard's tuned plans (terms lifted into its query fields) must answer exactly like the terms."""
    from tickettracker.domain.query_controls import list_query
    from tickettracker.domain.records import ListQuery
    from tickettracker.store import listing, query_sql

    q = power.parse(typed)
    cfg, now = power.tickets.cfg, power.tickets.clock()
    lq, used = list_query(q, cfg)
    assert used, "this query should use the tuned plans"
    plain = ListQuery(sort=lq.sort, descending=lq.descending)
    with power.tickets.db.read() as s:
        lifted = listing.page(s, lq, now, query_sql.conditions(s, q, cfg, now, skip=used))
        as_terms = listing.page(s, plain, now, query_sql.conditions(s, q, cfg, now))
    assert [r.id for r in lifted.rows] == [r.id for r in as_terms.rows]
    assert lifted.total == as_terms.total
