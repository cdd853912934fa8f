"""Tickets and their log on a real SQLite file, through the services."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_ticket, ticket_input
from tickettracker.domain.records import ListQuery
from tickettracker.domain.validation import LinkIn
from tickettracker.errors import ConflictError, ValidationFailed, WorkflowError
from tickettracker.services.tickets import LOGGED_FIELDS, TicketService, field_values


def test_create_logs_every_initial_value(service: TicketService) -> None:
    tid = make_ticket(
        service,
        title="Printer on fire",
        requester="ana@example.com",
        tags=["office"],
        links=[LinkIn("https://example.com/7", "case")],
    )
    t = service.get(tid)
    assert [u.kind for u in t.updates] == ["created"]
    assert json.loads(t.updates[0].new or "")["title"] == "Printer on fire"
    assert t.tags == ("office",) and t.links[0].label == "case"


def test_only_changed_fields_are_written_and_logged(service: TicketService, clock: Any) -> None:
    tid = make_ticket(service, title="A", requester="ana")
    clock.advance(minutes=5)
    before = service.get(tid)
    data = ticket_input(title="A", requester="bo", priority=before.priority, status=before.status)
    assert service.update(tid, data) == ["requester"]
    t = service.get(tid)
    assert t.version == before.version + 1 and t.updated == clock.now
    entry = t.updates[-1]
    assert (entry.kind, entry.field, entry.old, entry.new) == ("field", "requester", '"ana"', '"bo"')
    assert service.update(tid, data) == []


def test_hold_reason_required_and_reason_change_logged(service: TicketService) -> None:
    tid = make_ticket(service, title="A")
    with pytest.raises(WorkflowError, match="needs a reason"):
        service.change_status(tid, "On Hold")
    service.change_status(tid, "On Hold", hold_reason="Awaiting parts")
    service.change_status(tid, "On Hold", hold_reason="Vendor on holiday")
    log = service.get(tid).updates
    assert (log[1].kind, log[1].body) == ("status", "Awaiting parts")
    assert (log[2].field, log[2].old, log[2].new) == (
        "hold_reason",
        '"Awaiting parts"',
        '"Vendor on holiday"',
    )


def test_terminal_ticket_is_read_only_until_reopened(service: TicketService) -> None:
    tid = make_ticket(service, title="A")
    service.change_status(tid, "Cancelled")
    with pytest.raises(WorkflowError):
        service.update(tid, ticket_input(title="B"))
    with pytest.raises(WorkflowError):
        service.post_update(tid, "note")
    service.reopen(tid)
    t = service.get(tid)
    assert t.status == "Open" and t.updates[-1].kind == "reopened"


def test_stale_edit_is_refused_not_lost(service: TicketService) -> None:
    tid = make_ticket(service, title="A")
    v = service.get(tid).version
    service.update(tid, ticket_input(title="B"), expected_version=v)
    with pytest.raises(ConflictError, match="changed elsewhere"):
        service.update(tid, ticket_input(title="C"), expected_version=v)


def test_delete_to_trash_and_restore(service: TicketService) -> None:
    tid = make_ticket(service, title="A")
    service.delete(tid)
    assert service.page(ListQuery()).total == 0 and service.page(ListQuery(trash=True)).total == 1
    service.restore(tid)
    assert service.page(ListQuery()).total == 1
    assert [u.kind for u in service.get(tid).updates] == ["created", "deleted", "restored"]
    with pytest.raises(ValidationFailed):
        service.purge(tid)


def test_change_event_is_emitted(service: TicketService) -> None:
    seen = []
    unsubscribe = service.bus.subscribe(seen.append)
    tid = make_ticket(service, title="A")
    service.post_update(tid, "hello")
    unsubscribe()
    service.post_update(tid, "again")
    assert [(c.kind, c.ticket_id) for c in seen] == [("created", tid), ("updated", tid)]


def replay(updates: Any) -> dict[str, Any]:
    """Rebuild a ticket's fields from nothing but its log."""
    state: dict[str, Any] = {}
    for u in updates:
        if u.kind == "created":
            state = json.loads(u.new)
        elif u.field == "status":
            state["status"] = json.loads(u.new)
            state["hold_reason"] = u.body or None
        elif u.kind == "field":
            state[u.field] = json.loads(u.new)
    return state


def normalise(values: dict[str, Any]) -> dict[str, Any]:
    out = {k: json.loads(json.dumps(v, default=str)) for k, v in values.items()}
    if isinstance(values.get("due"), datetime):
        out["due"] = values["due"].isoformat()
    out["links"] = [list(x) for x in values["links"]]
    return out


EDITS = st.lists(
    st.fixed_dictionaries(
        {
            "title": st.sampled_from(["A", "B", "Printer"]),
            "requester": st.sampled_from(["", "ana", "bo"]),
            "priority": st.sampled_from(["Low", "Medium", "High", "Urgent"]),
            "status": st.sampled_from(["Open", "In Progress", "On Hold", "Resolved", "Closed"]),
            "hold_reason": st.sampled_from(["Awaiting parts", "Own reason"]),
            "tags": st.lists(st.sampled_from(["x", "y", "z"]), max_size=3, unique=True),
            "due_days": st.one_of(st.none(), st.integers(-5, 40)),
            "links": st.lists(
                st.sampled_from(["https://a.example", "mailto:a@b.example"]), max_size=2, unique=True
            ),
        }
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS)
def test_replaying_the_log_reproduces_the_ticket(service: TicketService, edits: list[dict[str, Any]]) -> None:
    tid = make_ticket(service, title="Start")
    base = datetime(2026, 11, 27, tzinfo=timezone.utc)
    for e in edits:
        current = service.get(tid, with_updates=False)
        if current.status == "Closed":
            service.reopen(tid)
        data = ticket_input(
            title=e["title"],
            requester=e["requester"],
            priority=e["priority"],
            status=e["status"],
            hold_reason=e["hold_reason"],
            tags=e["tags"],
            links=[LinkIn(u) for u in e["links"]],
            due=None if e["due_days"] is None else base + timedelta(days=e["due_days"]),
        )
        service.update(tid, data)
    t = service.get(tid)
    assert normalise(replay(t.updates)) == normalise(field_values(t))
    assert set(LOGGED_FIELDS) == set(field_values(t))


def test_priority_rank_follows_an_edit_and_sorts_by_it(service: TicketService) -> None:
    from tickettracker.store import tickets as repo

    low = make_ticket(service, "Was low", priority="Low")
    medium = make_ticket(service, "Medium", priority="Medium")
    assert service.update(low, ticket_input("Was low", priority="Urgent")) == ["priority"]
    with service.db.read() as s:
        rank = repo.ticket_row(s, ticket_id=low)["priority_rank"]
    assert rank == service.cfg.priorities.index("Urgent")
    rows = service.page(ListQuery(sort="priority")).rows
    assert [r.id for r in rows] == [low, medium]  # most urgent first, by the rank the edit wrote
