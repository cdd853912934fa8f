"""The dashboard query against a small hand-made backlog with known answers (real SQLite file).

Every combination of filters is checked against a plain-Python reading of the same tickets, every sort against
the order it promises, under both query plans (walk the sort index / filter first), page by page.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text

from tests.factories import make_ticket
from tickettracker.domain.records import SORT_KEYS, ListQuery
from tickettracker.domain.validation import TicketInput
from tickettracker.services.tickets import TicketService
from tickettracker.store import listing

ACTIVE = ["Open", "In Progress", "On Hold"]


@pytest.fixture
def backlog(service: TicketService, clock: Any) -> dict[str, int]:
    """Nine tickets; the names say what each is for. Created one hour apart, so "created" order is known."""
    now = clock.now
    specs: list[tuple[str, dict[str, Any]]] = [
        (
            "printer",
            dict(
                title="Printer on fire",
                priority="High",
                tags=["hardware", "Urgent-ish"],
                due=now - timedelta(days=2),
                requester="ana@example.com",
            ),
        ),
        (
            "cafe",
            dict(title="Café machine broken", priority="Medium", tags=["Kitchen"], description="No coffee"),
        ),
        ("order", dict(title="CAFE order for the Ærø office", priority="Low", tags=["kitchen", "travel"])),
        (
            "symbols",
            dict(
                title='Weird 100% _under_ "quoted" *star* (paren) a-b',
                priority="Low",
                due=now + timedelta(days=5),
            ),
        ),
        ("trip", dict(title="Ærøskøbing trip", priority="Medium", tags=["travel"])),
        (
            "network",
            dict(
                title="Network slow",
                priority="Urgent",
                tags=["hardware", "network"],
                due=now + timedelta(days=1),
                watchers=["it@example.com"],
            ),
        ),
        (
            "closed",
            dict(
                title="Old laptop returned", priority="High", tags=["hardware"], due=now + timedelta(days=9)
            ),
        ),
        ("held", dict(title="Waiting on parts", priority="Urgent", tags=["hardware"])),
        ("naive", dict(title="naïve question about NAIVE users", priority="Low")),
    ]
    ids: dict[str, int] = {}
    for name, fields in specs:
        ids[name] = make_ticket(service, **fields)
        clock.advance(hours=1)
    service.post_update(ids["printer"], body="Toner smells of zeppelin fuel")
    service.change_status(ids["held"], "On Hold", hold_reason=service.cfg.hold_reasons[0])
    service.change_status(ids["closed"], "Resolved")
    service.change_status(ids["closed"], "Closed")
    service.change_status(ids["trip"], "Cancelled")
    clock.advance(hours=1)
    service.update(ids["cafe"], _input(service, ids["cafe"], notes="Descaled"))  # most recently updated
    gone = make_ticket(service, title="Printer in the trash", tags=["hardware"])
    service.delete(gone)
    return ids


def _input(service: TicketService, ticket_id: int, **changes: Any) -> TicketInput:
    from tickettracker.services.tickets import input_from

    return replace(input_from(service.get(ticket_id)), **changes)


def ids_of(service: TicketService, q: ListQuery) -> list[int]:
    """Every matching id in order, read page by page (page size 2, so paging is exercised too)."""
    first = service.page(replace(q, page=1, page_size=2))
    out = [r.id for r in first.rows]
    for number in range(2, (first.total + 1) // 2 + 1):
        out += [r.id for r in service.page(replace(q, page=number, page_size=2)).rows]
    assert len(out) == first.total == len(set(out))
    return out


def facts(service: TicketService) -> list[dict[str, Any]]:
    """What the oracle knows about each live ticket (read straight from the table)."""
    with service.db.read() as s:
        rows = s.execute(
            text(
                "SELECT id, title, status, priority, priority_rank, due, deadline, created, updated FROM ticket"
                " WHERE deleted_at IS NULL"
            )
        ).mappings()
        out = [dict(r) for r in rows]
    for r in out:
        r["tags"] = {t.casefold() for t in service.get(r["id"], with_updates=False).tags}
    return out


def expected(rows: list[dict[str, Any]], service: TicketService, q: ListQuery, now: datetime) -> set[int]:
    statuses = set(q.statuses)
    if "Active" in statuses:
        statuses = (statuses - {"Active"}) | set(service.cfg.active_statuses)
    wanted = {t.casefold() for t in q.tags}
    now_text = now.replace(tzinfo=None).isoformat(sep=" ")
    out = set()
    for r in rows:
        if statuses and r["status"] not in statuses:
            continue
        if q.priorities and r["priority"] not in q.priorities:
            continue
        if wanted and not (wanted <= r["tags"] if q.match_all_tags else wanted & r["tags"]):
            continue
        if q.overdue_only and not (r["deadline"] is not None and str(r["deadline"]) <= now_text):
            continue
        if q.has_due is not None and (r["due"] is not None) != q.has_due:
            continue
        out.add(r["id"])
    return out


FILTERS = list(
    itertools.product(
        [[], ["Active"], ["Open", "On Hold"], ["Closed", "Cancelled"]],
        [[], ["Urgent", "High"]],
        [
            ([], False),
            (["HARDWARE"], False),
            (["hardware", "travel"], False),
            (["hardware", "travel"], True),
            (["kitchen", "travel"], True),
            (["hardware", "no-such-tag"], False),
            (["hardware", "no-such-tag"], True),
        ],
        [False, True],
        [None, True, False],
    )
)


@pytest.mark.parametrize("walk_limit", [listing.WALK_LIMIT, 0], ids=["planned", "filter-first"])
def test_every_filter_combination_matches_the_oracle(
    service: TicketService,
    backlog: dict[str, int],
    clock: Any,
    monkeypatch: pytest.MonkeyPatch,
    walk_limit: int,
) -> None:
    monkeypatch.setattr(listing, "WALK_LIMIT", walk_limit)
    rows = facts(service)
    for statuses, priorities, (tags, all_tags), overdue, has_due in FILTERS:
        q = ListQuery(
            statuses=statuses,
            priorities=priorities,
            tags=tags,
            match_all_tags=all_tags,
            overdue_only=overdue,
            has_due=has_due,
            page_size=200,
        )
        effective = (
            q
            if "Active" not in statuses
            else replace(
                q, statuses=[s for s in statuses if s != "Active"] + list(service.cfg.active_statuses)
            )
        )
        page = service.page(effective)
        assert {r.id for r in page.rows} == expected(rows, service, q, clock.now), q
        assert page.total == len(page.rows) == service.count(effective)


def test_tags_any_versus_all(service: TicketService, backlog: dict[str, int]) -> None:
    b = backlog

    def found(tags: list[str], all_tags: bool) -> set[int]:
        return set(ids_of(service, ListQuery(tags=tags, match_all_tags=all_tags)))

    assert found(["hardware", "travel"], False) == {
        b["printer"],
        b["order"],
        b["trip"],
        b["network"],
        b["closed"],
        b["held"],
    }
    assert found(["hardware", "network"], True) == {b["network"]}
    assert found(["Kitchen", "TRAVEL"], True) == {b["order"]}
    assert found(["kitchen"], False) == {b["cafe"], b["order"]}  # tag names ignore case
    assert found(["hardware", "nope"], True) == set()
    assert found(["nope"], False) == set()


@pytest.mark.parametrize(
    ("typed", "names"),
    [
        ("cafe", {"cafe", "order"}),
        ("CAFÉ", {"cafe", "order"}),
        ("Café", {"cafe", "order"}),
        ("caf", {"cafe", "order"}),  # prefix while typing
        ("ærø", {"order", "trip"}),
        ("ÆRØ", {"order", "trip"}),
        ("naive", {"naive"}),
        ("NAÏVE", {"naive"}),
        ("zeppelin", {"printer"}),  # update text
        ("it@example", {"network"}),  # watchers
        ("coffee", {"cafe"}),  # description
        ("descaled", {"cafe"}),  # notes
        ("100%", {"symbols"}),
        ("_under_", {"symbols"}),
        ('"quoted"', {"symbols"}),
        ("*star*", {"symbols"}),
        ("(paren)", {"symbols"}),
        ('%_"*()', None),  # no words at all: no search, every live ticket
        ("a-b", {"symbols"}),
        ("NOT printer", set()),  # FTS operators are words to find, not operators
        ("printer OR network", set()),
        ("printer AND fire", set()),
        ("title:printer", set()),
        ("printer*", {"printer"}),
        ("fire printer", {"printer"}),
        ("trash", set()),  # the deleted ticket is not listed
    ],
)
def test_search_treats_input_as_text(
    service: TicketService, backlog: dict[str, int], typed: str, names: set[str] | None
) -> None:
    found = set(ids_of(service, ListQuery(text=typed)))
    live = set(backlog.values())
    assert found == (live if names is None else {backlog[n] for n in names})


def test_search_by_ticket_number(service: TicketService, backlog: dict[str, int]) -> None:
    n = backlog["network"]
    assert n in ids_of(service, ListQuery(text=f"#{n}"))
    assert n in ids_of(service, ListQuery(text=str(n)))


def test_search_combined_with_filters(service: TicketService, backlog: dict[str, int]) -> None:
    b = backlog
    assert ids_of(service, ListQuery(text="cafe", tags=["travel"])) == [b["order"]]
    assert ids_of(service, ListQuery(text="ærø", statuses=ACTIVE)) == [b["order"]]
    assert ids_of(service, ListQuery(text="printer", overdue_only=True)) == [b["printer"]]


@pytest.mark.parametrize("walk_limit", [listing.WALK_LIMIT, 0], ids=["planned", "filter-first"])
def test_every_sort_orders_as_promised(
    service: TicketService, backlog: dict[str, int], monkeypatch: pytest.MonkeyPatch, walk_limit: int
) -> None:
    monkeypatch.setattr(listing, "WALK_LIMIT", walk_limit)
    rows = facts(service)
    for sort, descending in itertools.product(SORT_KEYS, [False, True]):
        _check_sort(service, rows, sort, descending)


def _check_sort(service: TicketService, rows: list[dict[str, Any]], sort: str, descending: bool) -> None:
    def dated(name: str) -> list[int]:
        with_date = sorted((r for r in rows if r[name] is not None), key=lambda r: (r[name], r["id"]))
        if descending:
            with_date = sorted(with_date, key=lambda r: (r[name], r["id"]), reverse=True)
        # no date last either way; among those, ties follow the direction (a mirror of the id order)
        return [r["id"] for r in with_date] + sorted(
            (r["id"] for r in rows if r[name] is None), reverse=descending
        )

    if sort in ("due", "urgency"):
        want = dated("due" if sort == "due" else "deadline")
    elif sort == "priority":  # most urgent first; within a priority the soonest deadline, none last
        key = [
            (-r["priority_rank"], r["deadline"] is None, r["deadline"] or datetime.min, r["id"]) for r in rows
        ]
        want = [k[-1] for k in sorted(key)]
        if descending:
            want.reverse()
    elif sort in ("updated", "created"):  # most recent first
        want = [r["id"] for r in sorted(rows, key=lambda r: (r[sort], r["id"]), reverse=not descending)]
    elif sort == "title":
        want = [
            r["id"] for r in sorted(rows, key=lambda r: (r["title"].lower(), r["id"]), reverse=descending)
        ]
    else:
        want = sorted((r["id"] for r in rows), reverse=descending)
    assert ids_of(service, ListQuery(sort=sort, descending=descending)) == want
    # the same order survives a filter (walk plan) and a tag list (either plan)
    hardware = {r["id"] for r in rows if "hardware" in r["tags"]}
    assert ids_of(service, ListQuery(sort=sort, descending=descending, tags=["hardware"])) == [
        i for i in want if i in hardware
    ]
    active = {r["id"] for r in rows if r["status"] in ACTIVE}
    assert ids_of(service, ListQuery(sort=sort, descending=descending, statuses=ACTIVE)) == [
        i for i in want if i in active
    ]


def test_urgency_puts_the_overdue_first_and_paused_or_finished_last(
    service: TicketService, backlog: dict[str, int]
) -> None:
    order = ids_of(service, ListQuery(sort="urgency"))
    assert order[0] == backlog["printer"]  # overdue
    assert set(order[-3:]) == {backlog["held"], backlog["closed"], backlog["trip"]}  # no deadline


def test_paging_counts_and_a_page_past_the_end(service: TicketService, backlog: dict[str, int]) -> None:
    page = service.page(ListQuery(sort="id", page_size=4, page=2))
    assert (page.first, page.last, page.total, page.page) == (5, 8, 9, 2)
    last = service.page(ListQuery(sort="id", page_size=4, page=99))
    assert (last.page, last.first, last.last, len(last.rows)) == (3, 9, 9, 1)
    assert listing.MAX_PAGE_SIZE == 200
    assert len(service.page(ListQuery(page_size=10_000)).rows) == 9


def test_trash_lists_only_deleted_tickets(service: TicketService, backlog: dict[str, int]) -> None:
    trash = service.page(ListQuery(trash=True, text="printer"))
    assert [r.title for r in trash.rows] == ["Printer in the trash"]
    assert service.count(ListQuery(text="printer")) == 1


@pytest.mark.parametrize("walk_limit", [listing.WALK_LIMIT, 0], ids=["planned", "filter-first"])
def test_overdue_boundary_due_date_from_the_moment_backlog_only_after(
    service: TicketService, clock: Any, monkeypatch: pytest.MonkeyPatch, walk_limit: int
) -> None:
    from tickettracker.domain import sla

    monkeypatch.setattr(listing, "WALK_LIMIT", walk_limit)
    start = clock.now
    limit = timedelta(days=service.cfg.stage_days_for("Low")[-1])
    dated = make_ticket(service, "Due at the limit", priority="Low", due=start + limit)
    backlog = make_ticket(service, "Backlog", priority="Low")
    overdue = ListQuery(overdue_only=True)
    clock.now = start + limit - timedelta(seconds=1)
    assert ids_of(service, overdue) == []
    clock.now = start + limit  # the deadline itself: a due date is missed, a backlog limit is reached
    assert ids_of(service, overdue) == [dated]
    clock.now = start + limit + timedelta(seconds=1)
    assert sorted(ids_of(service, overdue)) == [dated, backlog]
    for tid in (dated, backlog):  # the list and the ticket page agree at every moment tested
        assert sla.is_overdue(service._facts(service.get(tid, with_updates=False)), service.cfg, clock.now)
