"""Status workflow rules (SPEC §6), driven by the status roles of the configuration, never by status names."""

from __future__ import annotations

from dataclasses import dataclass

from tickettracker.config import Config
from tickettracker.errors import WorkflowError


@dataclass(frozen=True)
class StatusLook:
    """How a status is shown: an icon and a label, never colour alone."""

    icon: str
    label: str
    role: str


_ROLE_ICONS = {
    "initial": "radio_button_unchecked",
    "hold": "pause_circle",
    "resolved": "check_circle",
    "closed": "lock",
    "cancelled": "cancel",
    "active": "autorenew",
}


def role_of(cfg: Config, status: str) -> str:
    """The role a status plays: initial, hold, resolved, closed, cancelled, or active (any other)."""
    roles = cfg.status_roles
    for role in ("initial", "hold", "resolved", "closed", "cancelled"):
        if getattr(roles, role) == status:
            return role
    return "active"


def look(cfg: Config, status: str) -> StatusLook:
    role = role_of(cfg, status)
    return StatusLook(icon=_ROLE_ICONS[role], label=status, role=role)


def is_terminal(cfg: Config, status: str) -> bool:
    return status in cfg.terminal_statuses


def is_cancelled(cfg: Config, status: str) -> bool:
    return status == cfg.status_roles.cancelled


def check_transition(cfg: Config, current: str | None, new: str, hold_reason: str | None) -> str | None:
    """Validate moving a ticket from ``current`` (None when creating) to ``new``.

    Returns the hold reason to store (None unless the new status is the hold status). Raises WorkflowError.
    Leaving a terminal status is not a plain transition: it needs :func:`check_reopen`.
    """
    if new not in cfg.workflow:
        raise WorkflowError(f"Unknown status {new!r}")
    if current is not None and current != new and is_terminal(cfg, current):
        raise WorkflowError(f"This ticket is {current}: reopen it before changing its status")
    if new == cfg.status_roles.hold:
        reason = (hold_reason or "").strip()
        if not reason:
            raise WorkflowError(f"{new} needs a reason: pick one or type your own")
        if len(reason) > 200:
            raise WorkflowError("The hold reason is longer than 200 characters")
        return reason
    return None


def check_editable(cfg: Config, status: str) -> None:
    """A terminal ticket is read-only until it is reopened."""
    if is_terminal(cfg, status):
        raise WorkflowError(f"This ticket is {status}: reopen it to edit")


def check_reopen(cfg: Config, status: str) -> str:
    """Reopen is only for terminal tickets; it returns the status a reopened ticket gets (the initial one)."""
    if not is_terminal(cfg, status):
        raise WorkflowError(f"Only a {' or '.join(cfg.terminal_statuses)} ticket can be reopened")
    return cfg.status_roles.initial
