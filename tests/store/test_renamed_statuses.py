"""Status roles, not names, drive every rule: a configuration that renames every status keeps them all working."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import RENAMED_STATUSES as RENAMED  # noqa: F401  (tests/ui/test_renamed_statuses_page.py reads it here)
from tests.factories import make_ticket, renamed_statuses_config, ticket_input
from tickettracker.domain import workflow
from tickettracker.domain.records import ListQuery
from tickettracker.errors import ValidationFailed, WorkflowError
from tickettracker.services.tickets import TicketService
from tickettracker.store import Database


@pytest.fixture
def renamed(db: Database, clock: Any) -> TicketService:
    return TicketService(db, renamed_statuses_config(), clock=clock)


def test_new_tickets_start_in_the_initial_role(renamed: TicketService) -> None:
    tid = make_ticket(renamed, title="A")
    assert renamed.get(tid).status == "New"


def test_the_hold_role_needs_a_reason_pauses_the_sla_and_logs_reason_changes(
    renamed: TicketService, clock: Any
) -> None:
    tid = make_ticket(renamed, title="A")
    with pytest.raises(WorkflowError, match="Waiting needs a reason"):
        renamed.change_status(tid, "Waiting")
    with pytest.raises(ValidationFailed) as form_error:
        renamed.update(tid, ticket_input(title="A", status="Waiting"))
    assert "hold_reason" in form_error.value.problems
    clock.advance(hours=2)
    renamed.change_status(tid, "Waiting", hold_reason="Vendor")
    t = renamed.get(tid)
    assert (t.hold_reason, t.paused_since) == ("Vendor", clock.now)  # not ageing while waiting
    assert renamed.urgency(t).color_key == "on_hold"
    clock.advance(hours=3)
    renamed.change_status(tid, "Waiting", hold_reason="Customer said Friday")
    clock.advance(hours=1)
    renamed.change_status(tid, "Doing")
    t = renamed.get(tid)
    assert t.hold_reason is None and t.paused_seconds == 4 * 3600 and t.paused_since is None
    assert [(u.kind, u.field, u.body) for u in t.updates[1:]] == [
        ("status", "status", "Vendor"),
        ("field", "hold_reason", ""),
        ("status", "status", ""),
    ]


@pytest.mark.parametrize("terminal", ["Archived", "Dropped"])
def test_terminal_roles_are_read_only_until_reopened_to_the_initial_status(
    renamed: TicketService, terminal: str
) -> None:
    tid = make_ticket(renamed, title="A")
    renamed.change_status(tid, terminal)
    assert workflow.is_terminal(renamed.cfg, terminal)
    with pytest.raises(WorkflowError, match=f"This ticket is {terminal}"):
        renamed.update(tid, ticket_input(title="B", status=terminal))
    with pytest.raises(WorkflowError):
        renamed.post_update(tid, "note")
    with pytest.raises(WorkflowError, match="reopen it"):
        renamed.change_status(tid, "Doing")
    renamed.reopen(tid)
    t = renamed.get(tid)
    assert (t.status, t.updates[-1].kind) == ("New", "reopened")
    with pytest.raises(WorkflowError, match="Only a Archived or Dropped ticket can be reopened"):
        renamed.reopen(tid)


def test_looks_colours_and_filters_follow_the_roles(renamed: TicketService) -> None:
    cfg = renamed.cfg
    assert [workflow.look(cfg, s).icon for s in cfg.workflow] == [
        "radio_button_unchecked",
        "autorenew",
        "pause_circle",
        "check_circle",
        "lock",
        "cancel",
    ]
    assert [workflow.is_cancelled(cfg, s) for s in cfg.workflow] == [False] * 5 + [True]
    ids = {s: make_ticket(renamed, title=s) for s in ("New", "Doing", "Done")}
    renamed.change_status(ids["Done"], "Dropped")
    active = renamed.page(ListQuery(statuses=list(cfg.active_statuses)))
    assert sorted(r.title for r in active.rows) == ["Doing", "New"]
    dropped = renamed.get(ids["Done"])
    assert renamed.urgency(dropped).color == cfg.colors.statuses.cancelled


def test_an_old_name_is_refused_with_the_new_names(renamed: TicketService) -> None:
    tid = make_ticket(renamed, title="A")
    with pytest.raises(WorkflowError, match="Unknown status 'On Hold'"):
        renamed.change_status(tid, "On Hold", hold_reason="x")
