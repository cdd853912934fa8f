"""Saved views and bulk edits through the power-user service, on a real SQLite file."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import make_ticket
from tickettracker.domain.validation import TicketInput
from tickettracker.errors import ValidationFailed, WorkflowError
from tickettracker.services.power import PowerService
from tickettracker.services.tickets import TicketService


@pytest.fixture
def power(service: TicketService) -> PowerService:
    return PowerService(service)


def make(service: TicketService, n: int, **kw: Any) -> list[int]:
    return [make_ticket(service, title=f"Ticket {i}", **kw) for i in range(n)]


def test_views_keep_query_and_sort_with_live_counts(power: PowerService, service: TicketService) -> None:
    make(service, 3, tags=["printer"])
    seen: list[str] = []
    service.bus.subscribe(lambda c: seen.append(c.kind))
    overdue = power.save_view("Printers", "tag:printer sort:-updated")
    power.save_view("Everything", "")
    views = power.views()
    assert [(v.name, v.query, v.sort) for v in views] == [
        ("Printers", "tag:printer", "-updated"),
        ("Everything", "", ""),
    ]
    assert views[0].text == "tag:printer sort:-updated"
    assert [(v.name, n) for v, n in power.views_with_counts()] == [("Printers", 3), ("Everything", 3)]
    make(service, 1, tags=["printer"])
    assert power.views_with_counts()[0][1] == 4
    assert "views" in seen
    power.rename_view(overdue, "Printer queue")
    power.move_view(overdue, +1)
    assert [v.name for v in power.views()] == ["Everything", "Printer queue"]
    power.set_default_view(overdue)
    default = power.default_view()
    assert default is not None and default.name == "Printer queue"
    power.delete_view(overdue)
    assert power.default_view() is None and [v.name for v in power.views()] == ["Everything"]


def test_view_names_and_queries_are_checked(power: PowerService) -> None:
    power.save_view("Mine", "")
    with pytest.raises(ValidationFailed, match="already exists"):
        power.save_view("MINE", "")
    with pytest.raises(ValidationFailed, match="name"):
        power.save_view("   ", "")
    with pytest.raises(ValidationFailed, match="did you mean `status`"):
        power.save_view("Bad", "stauts:open")


def test_bulk_status_logs_each_ticket_and_undo_restores_the_batch(
    power: PowerService, service: TicketService, clock: Any
) -> None:
    a, b, c = make(service, 3)
    service.change_status(c, "Closed")
    changes: list[str] = []
    service.bus.subscribe(lambda ch: changes.append(ch.kind))
    with pytest.raises(WorkflowError, match="needs a reason"):
        power.bulk_status([a, b], "On Hold")
    clock.advance(minutes=1)
    done = power.bulk_status([a, b, c], "On Hold", hold_reason="Awaiting parts")
    assert done.changed == [a, b] and set(done.skipped) == {c}
    assert done.summary == "Status → On Hold: 2 tickets changed, 1 skipped"
    assert changes == ["updated"]  # one refresh for the whole batch
    for tid in (a, b):
        t = service.get(tid)
        assert (t.status, t.hold_reason) == ("On Hold", "Awaiting parts")
        assert (t.updates[-1].kind, t.updates[-1].body) == ("status", "Awaiting parts")
    clock.advance(minutes=1)
    undone = power.undo(done)
    assert undone.changed == [a, b]
    for tid in (a, b):
        t = service.get(tid)
        assert (t.status, t.hold_reason) == ("Open", None)
        assert [u.kind for u in t.updates] == ["created", "status", "status"]


def test_undo_leaves_a_ticket_changed_since_alone(power: PowerService, service: TicketService) -> None:
    a, b = make(service, 2, priority="Low")
    done = power.bulk_priority([a, b], "High")
    service.change_status(b, "In Progress")
    undone = power.undo(done)
    assert undone.changed == [a] and undone.skipped == {b: "changed since; left as it is"}
    assert service.get(a).priority == "Low" and service.get(b).priority == "High"


def test_bulk_tags_add_and_remove_case_insensitively(power: PowerService, service: TicketService) -> None:
    a = make_ticket(service, title="A", tags=["Printer", "office"])
    b = make_ticket(service, title="B", tags=["network"])
    done = power.bulk_tags([a, b], add=["urgent", "OFFICE"], remove=["printer"])
    assert service.get(a).tags == ("office", "urgent")
    assert service.get(b).tags == ("network", "office", "urgent")  # an existing tag keeps its spelling
    assert service.get(a).updates[-1].field == "tags"
    power.undo(done)
    assert set(service.get(a).tags) == {"Printer", "office"} and service.get(b).tags == ("network",)


def test_bulk_delete_and_undo(power: PowerService, service: TicketService) -> None:
    ids = make(service, 3)
    done = power.bulk_delete(ids[:2])
    assert power.count(power.parse("")) == 1
    assert service.get(ids[0]).updates[-1].kind == "deleted"
    power.undo(done)
    assert power.count(power.parse("")) == 3
    assert service.get(ids[0]).updates[-1].kind == "restored"


def test_select_all_matching_then_bulk_edit(power: PowerService, service: TicketService) -> None:
    make(service, 5, tags=["x"])
    make(service, 2)
    ids = power.matching_ids(power.parse("tag:x"))
    assert len(ids) == 5
    assert len(power.bulk_priority(ids, "Urgent").changed) == 5
    assert power.count(power.parse("priority:urgent")) == 5


def test_due_dates_in_words_filter_the_list(service: TicketService, clock: Any) -> None:
    """`due:<"next friday"` in the search box: the store resolves the words against the service clock."""
    from datetime import datetime, timezone

    clock.now = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)  # Wednesday
    for title, day in (("Thursday", 26), ("Friday", 27), ("Saturday", 28), ("Next Friday", 4)):
        month = 12 if day == 4 else 11
        service.create(TicketInput(title=title, due=datetime(2026, month, day, 12, 0, tzinfo=timezone.utc)))
    power = PowerService(service)
    assert sorted(r.title for r in power.page(power.parse('due:<"friday"')).rows) == ["Thursday"]
    assert sorted(r.title for r in power.page(power.parse('due:"end of week"')).rows) == []
    assert power.count(power.parse('due:<="next friday"')) == 2


def test_is_paused_means_on_hold_only_as_the_help_says(power: PowerService, service: TicketService) -> None:
    from tickettracker.domain.query import HELP

    held, done, _open = make(service, 3)
    service.change_status(held, "On Hold", hold_reason="Awaiting parts")
    service.change_status(done, "Resolved")
    assert [r.id for r in power.page(power.parse("is:paused")).rows] == [held]
    [(_syntax, meaning)] = [h for h in HELP if "is:paused" in h[0]]
    assert meaning.endswith("on hold (SLA clock stopped)") and "finished" not in meaning


def test_palette_finds_live_tickets_only(power: PowerService, service: TicketService) -> None:
    live, trashed = (make_ticket(service, t) for t in ("Printer jam", "Printer gone"))
    service.delete(trashed)
    assert [tid for tid, _t, _s in power.find("printer")] == [live]
    assert power.find(str(trashed)) == [] and [t[0] for t in power.find(f"#{live}")] == [live]
