"""The status workflow as a table: from × to × role → allowed or the error a person sees."""

from __future__ import annotations

import pytest

from tests.factories import renamed_statuses_config
from tickettracker.config import Config
from tickettracker.domain import workflow
from tickettracker.errors import WorkflowError

CFG = Config()
RENAMED = renamed_statuses_config()


@pytest.mark.parametrize(
    ("cfg", "current", "new", "reason", "expected"),
    [
        (CFG, None, "Open", None, None),
        (CFG, "Open", "In Progress", None, None),
        (CFG, "Open", "On Hold", "Awaiting parts", "Awaiting parts"),
        (CFG, "Open", "On Hold", "  my own reason ", "my own reason"),
        (CFG, "Open", "On Hold", None, "needs a reason"),
        (CFG, "Open", "On Hold", "   ", "needs a reason"),
        (CFG, "On Hold", "Resolved", "ignored", None),
        (CFG, "Resolved", "Closed", None, None),
        (CFG, "Open", "Cancelled", None, None),
        (CFG, "Closed", "Open", None, "reopen it"),
        (CFG, "Cancelled", "In Progress", None, "reopen it"),
        (CFG, "Closed", "Closed", None, None),
        (CFG, "Open", "Nonsense", None, "Unknown status"),
        (RENAMED, "New", "Waiting", None, "needs a reason"),
        (RENAMED, "New", "Waiting", "Customer", "Customer"),
        (RENAMED, "Archived", "Doing", None, "reopen it"),
        (RENAMED, "Dropped", "New", None, "reopen it"),
        (RENAMED, "Done", "Doing", None, None),
    ],
)
def test_transition_table(
    cfg: Config, current: str | None, new: str, reason: str | None, expected: str | None
) -> None:
    if expected is None or (new == cfg.status_roles.hold and reason and expected == reason.strip()):
        result = workflow.check_transition(cfg, current, new, reason)
        assert result == (reason.strip() if new == cfg.status_roles.hold and reason else None)
    else:
        with pytest.raises(WorkflowError, match=expected):
            workflow.check_transition(cfg, current, new, reason)


@pytest.mark.parametrize(
    ("cfg", "status", "terminal"),
    [
        (CFG, "Closed", True),
        (CFG, "Cancelled", True),
        (CFG, "Resolved", False),
        (CFG, "Open", False),
        (RENAMED, "Archived", True),
        (RENAMED, "Dropped", True),
        (RENAMED, "Done", False),
    ],
)
def test_terminal_is_read_only_until_reopen(cfg: Config, status: str, terminal: bool) -> None:
    assert workflow.is_terminal(cfg, status) is terminal
    if terminal:
        with pytest.raises(WorkflowError, match="reopen it to edit"):
            workflow.check_editable(cfg, status)
        assert workflow.check_reopen(cfg, status) == cfg.status_roles.initial
    else:
        workflow.check_editable(cfg, status)
        with pytest.raises(WorkflowError, match="can be reopened"):
            workflow.check_reopen(cfg, status)


@pytest.mark.parametrize(
    ("cfg", "status", "icon"),
    [
        (CFG, "On Hold", "pause_circle"),
        (RENAMED, "Waiting", "pause_circle"),
        (CFG, "Cancelled", "cancel"),
        (RENAMED, "Dropped", "cancel"),
        (CFG, "In Progress", "autorenew"),
        (CFG, "Closed", "lock"),
    ],
)
def test_status_shown_by_icon_and_label(cfg: Config, status: str, icon: str) -> None:
    look = workflow.look(cfg, status)
    assert (look.icon, look.label, look.role) == (icon, status, workflow.role_of(cfg, status))


def test_hold_reason_of_200_characters_is_kept_and_201_refused() -> None:
    assert workflow.check_transition(CFG, "Open", "On Hold", "r" * 200) == "r" * 200
    assert (
        workflow.check_transition(CFG, "Open", "On Hold", f"  {'r' * 200}  ") == "r" * 200
    )  # spaces trimmed
    with pytest.raises(WorkflowError) as refused:
        workflow.check_transition(CFG, "Open", "On Hold", "r" * 201)
    assert str(refused.value) == "The hold reason is longer than 200 characters"


@pytest.mark.parametrize(
    ("cfg", "message"),
    [
        (CFG, "Only a Closed or Cancelled ticket can be reopened"),
        (RENAMED, "Only a Archived or Dropped ticket can be reopened"),
    ],
)
def test_reopen_of_a_live_ticket_says_which_statuses_can_be(cfg: Config, message: str) -> None:
    with pytest.raises(WorkflowError) as refused:
        workflow.check_reopen(cfg, cfg.status_roles.initial)
    assert str(refused.value) == message
