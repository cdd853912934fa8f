""" "Back up now": a consistent copy of the data into ``<data folder>/backups/`` (SPEC §11, §12).

A backup is a folder ``backup-YYYYMMDD-HHMMSS`` holding ``tickettracker.db`` (SQLite's backup API, never a file copy
of a live database) or, on PostgreSQL, ``tickets.zip`` (the export zip with every file), a copy of ``uploads/`` and
the user's ``config.json`` when there is one. It is built under a
``.partial`` name and renamed when complete, so a listed backup is always whole. Kept small so the ``backup`` /
``restore`` commands can reuse it.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from tickettracker.fsutil import fsync_dir
from tickettracker.paths import DataPaths
from tickettracker.store import open_database, snapshot

PREFIX = "backup-"


@dataclass(frozen=True)
class BackupInfo:
    name: str
    path: Path
    created: datetime  # UTC
    size: int  # bytes


def backup_now(paths: DataPaths, *, now: datetime | None = None) -> BackupInfo:
    """Write a consistent backup of ``paths`` (database, uploads, config) into ``paths.backups``."""
    when = now or datetime.now(timezone.utc)
    base = f"{PREFIX}{when.strftime('%Y%m%d-%H%M%S')}"
    final = paths.backups / base
    n = 1
    while final.exists():
        n += 1
        final = paths.backups / f"{base}-{n}"
    work = final.with_name(final.name + ".partial")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    if paths.on_server:  # PostgreSQL: the export zip (every ticket and file) from one consistent snapshot
        _export_server(paths, work / "tickets.zip", when)
    elif paths.database.exists():
        snapshot(paths.database, work / "tickettracker.db")
    if paths.uploads.exists():
        shutil.copytree(paths.uploads, work / "uploads", ignore=shutil.ignore_patterns("*.partial"))
    if paths.user_config.exists():
        shutil.copy2(paths.user_config, work / "config.json")
    for f in work.rglob("*"):
        if f.is_file():
            with open(f, "rb") as fh:
                os.fsync(fh.fileno())
    os.replace(work, final)
    fsync_dir(final.parent)
    return _info(final)


def _export_server(paths: DataPaths, dest: Path, now: datetime) -> None:
    from tickettracker.services.data.exporting import write_zip

    db = open_database(paths.store)
    try:
        write_zip(db, paths.uploads, dest, now=now)
    finally:
        db.dispose()


def list_backups(folder: Path) -> list[BackupInfo]:
    """Complete backups in ``folder`` (backup folders and single-file database backups), newest first."""
    if not folder.exists():
        return []
    found = [
        _info(p)
        for p in folder.iterdir()
        if not p.name.endswith(".partial") and (p.is_dir() or p.suffix == ".db")
    ]
    return sorted(found, key=lambda b: (b.created, b.name), reverse=True)


def _info(path: Path) -> BackupInfo:
    size = (
        path.stat().st_size
        if path.is_file()
        else sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    )
    created = datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)
    return BackupInfo(path.name, path, created, size)
