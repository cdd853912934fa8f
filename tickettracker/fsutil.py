"""File-system helpers shared by the store and the configuration writer.

Every fsync and atomic rename of a data file goes through :func:`fsync_file` and :func:`replace`, so tests can make
them fail (:mod:`tickettracker.faults`) and check that nothing partial is left behind.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, Any

from tickettracker import faults


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX); a no-op where folders cannot be opened, e.g. Windows."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def fsync_file(file: IO[Any] | int) -> None:
    """Flush a file's bytes to the disk (raises OSError, e.g. EIO, when the disk cannot keep them)."""
    faults.hit("fsync")
    os.fsync(file if isinstance(file, int) else file.fileno())


def fsync_path(path: Path) -> None:
    """:func:`fsync_file` on a file given by name."""
    with open(path, "rb") as fh:
        fsync_file(fh)


def replace(src: Path | str, dst: Path | str) -> None:
    """Atomically rename ``src`` to ``dst`` (``os.replace``)."""
    faults.hit("rename")
    os.replace(src, dst)
