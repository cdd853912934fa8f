"""Consistent copies of a live database with SQLite's backup API (never a file copy of a live DB)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tickettracker.fsutil import fsync_path, replace


def snapshot(source: Path, dest: Path) -> Path:
    """Copy the database at ``source`` to ``dest`` consistently, even while another process writes to it.

    The copy is written to a temporary file, synced, then renamed into place, so ``dest`` is never half-written.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".partial")
    tmp.unlink(missing_ok=True)
    try:  # errors pass through as they are: the caller names the place (a backup's folder, not a temporary one)
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
        try:
            out = sqlite3.connect(tmp)
            try:
                src.backup(out, pages=1024)
                out.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
            finally:
                out.close()
        finally:
            src.close()
        fsync_path(tmp)
        replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)  # a failed copy leaves no partial file behind
    return dest
