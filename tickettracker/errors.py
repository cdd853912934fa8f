"""Errors the user can act on. Each carries a message fit to print as it is (no traceback).

TicketTrackerError
 ├── ConfigError        configuration file broken or invalid (exit code 2)
 ├── StoreError         database or data folder problem
 │    ├── DatabaseSetupError   the configured database cannot be used at start-up (exit code 2)
 │    └── DatabaseUnavailable  the database server cannot be reached right now (the app retries)
 ├── NotFound           a ticket/attachment id that does not exist
 ├── WorkflowError      a status change or edit the workflow does not allow
 ├── ValidationFailed   form input with one message per field
 └── ConflictError      the ticket changed since it was loaded
"""

from __future__ import annotations


class TicketTrackerError(Exception):
    """Base of every error whose message is shown to the user."""


class ConfigError(TicketTrackerError):
    pass


class StoreError(TicketTrackerError):
    pass


class DatabaseSetupError(StoreError):
    """Wrong URI, unreachable server, missing database or privileges: start-up stops (exit code 2)."""


class DatabaseUnavailable(StoreError):
    """The database server dropped the connection or cannot be reached; the next attempt reconnects."""


class NotFound(TicketTrackerError):
    pass


class WorkflowError(TicketTrackerError):
    pass


class ConflictError(TicketTrackerError):
    pass


class ValidationFailed(TicketTrackerError):
    """Several field problems at once, so a form can show each beside its field."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems
