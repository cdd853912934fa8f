"""Errors the user can act on. Each carries a message fit to print as it is (no traceback).

TicketTrackerError
 ├── ConfigError        configuration file broken or invalid (exit code 2)
 ├── StoreError         database or data folder problem
 │    ├── DatabaseSetupError   the configured database cannot be used at start-up (exit code 2)
 │    ├── DatabaseUnavailable  the database server cannot be reached right now (the app retries)
 │    └── StorageFault  the disk refused a write; nothing was saved (one subclass per cause, see below)
 │         ├── DiskFull, ReadOnlyStorage, DiskIOError, DatabaseBusy
 ├── NotFound           a ticket/attachment id that does not exist
 ├── WorkflowError      a status change or edit the workflow does not allow
 ├── ValidationFailed   form input with one message per field
 └── ConflictError      the ticket changed since it was loaded
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


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


class StorageFault(StoreError):
    """A write the disk or the database refused. Nothing was saved; the message names the cause and what to do."""

    cause = "The disk holding {where} refused the write"
    advice = "Try again."

    def __init__(self, where: str = "your data folder") -> None:
        self.where = where
        super().__init__(f"{self.cause.format(where=where)} — nothing was saved. {self.advice}")


class DiskFull(StorageFault):
    cause = "The disk holding {where} is full"
    advice = "Free some space on it, then try again."


class ReadOnlyStorage(StorageFault):
    cause = "The disk holding {where} is read-only (or the folder may not be written)"
    advice = "Make it writable, or choose a data folder on a writable disk, then try again."


class DiskIOError(StorageFault):
    cause = "The disk holding {where} reported an input/output error"
    advice = "Check the disk and run `python -m tickettracker check`, then try again."


class DatabaseBusy(StorageFault):
    cause = "Another program kept the database in {where} locked for too long"
    advice = "Let it finish (or close it), then try again."


_ERRNO: dict[int, type[StorageFault]] = {
    errno.ENOSPC: DiskFull,
    errno.EDQUOT: DiskFull,
    errno.EROFS: ReadOnlyStorage,
    errno.EACCES: ReadOnlyStorage,
    errno.EPERM: ReadOnlyStorage,
    errno.EIO: DiskIOError,
}
_SQLITE = (  # sqlite3 messages (SQLITE_FULL, SQLITE_READONLY, SQLITE_IOERR, SQLITE_BUSY / LOCKED)
    ("disk is full", DiskFull),
    ("readonly database", ReadOnlyStorage),
    ("read-only", ReadOnlyStorage),
    ("disk i/o error", DiskIOError),
    ("database is locked", DatabaseBusy),
    ("database is busy", DatabaseBusy),
    ("database table is locked", DatabaseBusy),
)


def storage_fault(exc: BaseException, where: str = "your data folder") -> StorageFault | None:
    """The StorageFault for an OSError or (possibly SQLAlchemy-wrapped) sqlite3 error; None for anything else."""
    if isinstance(exc, StorageFault):
        return exc
    orig = getattr(exc, "orig", None)  # SQLAlchemy's DBAPIError keeps the driver's error here
    inner = orig if isinstance(orig, BaseException) else exc
    if isinstance(inner, OSError) and inner.errno in _ERRNO:
        return _ERRNO[inner.errno](where)
    if isinstance(inner, sqlite3.OperationalError):  # SQLITE_FULL, _READONLY, _IOERR, _BUSY, _LOCKED
        text = str(inner).lower()
        for needle, kind in _SQLITE:
            if needle in text:
                return kind(where)
    return None


@contextmanager
def storage_faults(where: str = "your data folder") -> Iterator[None]:
    """Turn a disk or database refusal raised inside the block into its StorageFault (others pass through)."""
    try:
        yield
    except StorageFault:
        raise
    except Exception as e:
        fault = storage_fault(e, where)
        if fault is None:
            raise
        raise fault from e


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
