"""Fault injection for tests: make the store's next commit, fsync, rename or read fail the way a real disk does.

Production code calls :func:`hit` at each point (a dictionary look-up when nothing is armed); only tests call
:func:`inject`. The errors built by :func:`disk_full` and friends are the ones the operating system and SQLite raise,
so everything above the store handles them exactly as it would handle the real thing.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

Point = Literal["commit", "fsync", "rename", "read"]

_lock = threading.Lock()
_armed: dict[str, list[tuple[BaseException, int | None]]] = {}  # per point: (error, the only thread it hits)


@contextmanager
def inject(
    point: Point, error: BaseException, *, times: int = 1, this_thread_only: bool = False
) -> Iterator[None]:
    """Within the block, the next ``times`` passes through ``point`` raise ``error`` (tests only).

    ``this_thread_only``: only passes made by the calling thread count, so background work running meanwhile on
    another thread (the app's timed sweep, which also commits) cannot take the fault meant for a click."""
    only = threading.get_ident() if this_thread_only else None
    with _lock:
        _armed.setdefault(point, []).extend([(error, only)] * times)
    try:
        yield
    finally:
        with _lock:
            _armed.pop(point, None)


def hit(point: Point) -> None:
    """Raise the error armed for ``point``, if any (called by the store just before the real operation)."""
    if not _armed:
        return
    me = threading.get_ident()
    with _lock:
        queue = _armed.get(point) or []
        found = next((i for i, (_e, only) in enumerate(queue) if only in (None, me)), None)
        error = queue.pop(found)[0] if found is not None else None
    if error is not None:
        raise error


def os_error(code: int, filename: str | None = None) -> OSError:
    """The OSError the kernel gives for ``code`` (ENOSPC, EROFS, EIO ...)."""
    return OSError(code, os.strerror(code), filename)


def disk_full() -> OSError:
    return os_error(errno.ENOSPC)


def read_only() -> OSError:
    return os_error(errno.EROFS)


def io_error() -> OSError:
    return os_error(errno.EIO)


def sqlite_error(
    kind: Literal["full", "readonly", "ioerr", "busy", "locked", "cantopen"],
) -> sqlite3.OperationalError:
    """The sqlite3 error for a full disk, a read-only file, an I/O error, a lock held too long, or a file that
    cannot be opened (its disk or share went away)."""
    messages = {
        "cantopen": "unable to open database file",
        "full": "database or disk is full",
        "readonly": "attempt to write a readonly database",
        "ioerr": "disk I/O error",
        "busy": "database is busy",
        "locked": "database is locked",
    }
    return sqlite3.OperationalError(messages[kind])
