"""``backup`` and ``restore`` when the tickets live on PostgreSQL.

There is no database file to copy: a backup is the export zip (``tickets.json`` with every ticket, its log and its
attachments' metadata, plus ``files/<sha256>``), written from one read snapshot. Restore imports such a zip into an
*empty* database, every file verified by its SHA-256 on the way in, all in one transaction. Server-level backups
(roles, every table, point-in-time recovery) are PostgreSQL's own business: ``pg_dump`` / ``pg_restore``.
"""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from tickettracker.services.container import Services
from tickettracker.services.data import DataCommandError, exporting, importing
from tickettracker.services.data.backup import BackupResult, stamp
from tickettracker.services.data.restore import RestoreResult
from tickettracker.store.models import Ticket


def backup_server(ctx: Services, dest: Path | None, *, now: datetime) -> BackupResult:
    """Write the export zip of the whole tracker to ``dest`` (default ``<data>/backups/backup-<UTC time>.zip``)."""
    dest = (dest or ctx.paths.backups / f"backup-{stamp(now)}.zip").absolute()
    if dest.suffix.lower() != ".zip":
        raise DataCommandError(f"{dest}: on PostgreSQL a backup is a zip; give a name ending in .zip")
    if dest.exists():
        raise DataCommandError(f"{dest}: already exists; choose a new name")
    dest.parent.mkdir(parents=True, exist_ok=True)
    exporting.write_zip(ctx.db, ctx.paths.uploads, dest, now=now)
    with zipfile.ZipFile(dest) as zf:
        entries = len(zf.namelist())  # tickets.json and one file per distinct attachment content
    return BackupResult(dest, entries, dest.stat().st_size)


def restore_server(ctx: Services, src: Path, *, now: datetime) -> RestoreResult:
    """Load a backup zip (or any export zip) into the configured PostgreSQL database, which must be empty."""
    src = src.absolute()
    if not src.is_file():
        raise DataCommandError(f"{src}: no such backup (on PostgreSQL a backup is the zip `backup` wrote)")
    with ctx.db.read() as s:
        present = int(s.execute(select(func.count()).select_from(Ticket)).scalar_one())
    if present:
        raise DataCommandError(
            f"{ctx.db.label}: has {present} tickets; restore loads into an empty database (createdb a new one and"
            " point database.uri at it), nothing is overwritten"
        )
    source, zf = importing.open_source(src)
    try:
        result = importing.import_document(ctx.tickets, source, uploads=ctx.paths.uploads, now=now)
    finally:
        if zf is not None:
            zf.close()
    return RestoreResult(result.tickets, result.files_added, src)
