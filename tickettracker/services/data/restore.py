"""Restoring a backup made by :mod:`~tickettracker.services.data.backup` (SPEC §12, §15).

Restore checks the backup against its manifest before touching anything, keeps the replaced data aside as a backup
folder ``<data folder>/backups/replaced-<UTC time>``, and writes the database back through SQLite's backup API so a
running app sees the restored data.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from tickettracker.fsutil import fsync_path, replace
from tickettracker.services.container import Services
from tickettracker.services.data import DataCommandError
from tickettracker.services.data.backup import (
    CHUNK,
    CONFIG_NAME,
    DB_NAME,
    FORMAT,
    MANIFEST,
    backup,
    copy_hashing,
    referenced,
    stamp,
)
from tickettracker.services.data.blobs import SHA_RE, add_blob, stored_blobs
from tickettracker.services.data.progress import Progress
from tickettracker.store import migrations, open_database


@dataclass
class RestoreResult:
    tickets: int
    files: int
    replaced: Path


def _safe_name(name: str) -> bool:
    p = PurePosixPath(name)
    return not p.is_absolute() and ".." not in p.parts and "\\" not in name and name == str(p)


def _unpack(src: Path, into: Path) -> Path:
    """The backup's files as a folder: ``src`` itself, or the zip extracted into ``into``."""
    if src.is_dir():
        return src
    if not zipfile.is_zipfile(src):
        raise DataCommandError(f"{src}: not a backup (neither a folder nor a zip)")
    with zipfile.ZipFile(src) as zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            if not _safe_name(info.filename):
                raise DataCommandError(f"{src}: refused, unsafe file name {info.filename!r} in the zip")
            target = into / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as fh, open(target, "wb") as out:
                shutil.copyfileobj(fh, out, CHUNK)
    return into


def verify(folder: Path, label: str) -> dict[str, Any]:
    """Check a backup folder against its manifest; raise DataCommandError naming every damaged part."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as e:
        raise DataCommandError(f"{label}: refused, no readable {MANIFEST} ({e})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise DataCommandError(f"{label}: refused, {MANIFEST} is not a {FORMAT} manifest")
    problems: list[str] = []
    listed = manifest.get("files")
    if not isinstance(listed, list) or not any(
        isinstance(e, dict) and e.get("path") == DB_NAME for e in listed
    ):
        raise DataCommandError(f"{label}: refused, the manifest lists no {DB_NAME}")
    progress = Progress("restore: verifying", len(listed))
    for entry in listed:
        name = str(entry.get("path", ""))
        if not _safe_name(name):
            problems.append(f"unsafe path {name!r} in the manifest")
            continue
        path = folder / name
        if not path.is_file():
            problems.append(f"{name}: missing")
        else:
            with open(path, "rb") as fh:
                sha, size = copy_hashing(fh, _Null())
            if size != entry.get("size") or sha != entry.get("sha256"):
                problems.append(f"{name}: damaged (SHA-256 or size differs from the manifest)")
        progress.advance()
    progress.close()
    if problems:
        raise DataCommandError(f"{label}: refused, the backup is damaged:\n  " + "\n  ".join(problems))
    conn = sqlite3.connect(f"file:{folder / DB_NAME}?mode=ro", uri=True)
    try:
        result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        version = migrations.current_version(conn)
    except sqlite3.DatabaseError as e:
        raise DataCommandError(f"{label}: refused, {DB_NAME} is not a usable database ({e})") from None
    finally:
        conn.close()
    if result != ["ok"]:
        raise DataCommandError(f"{label}: refused, {DB_NAME} fails integrity_check: {result[0]}")
    if version > migrations.LATEST:
        raise DataCommandError(f"{label}: refused, made by a newer TicketTracker (schema {version})")
    return manifest


class _Null:
    def write(self, data: bytes) -> None:
        pass


def restore(ctx: Services, src: Path, *, now: datetime) -> RestoreResult:
    """Put a backup back after verifying it; the replaced data is kept aside first (see the module docstring)."""
    src = src.absolute()
    if not src.exists():
        raise DataCommandError(f"{src}: no such backup")
    with tempfile.TemporaryDirectory(dir=ctx.paths.root, prefix=".restore-") as tmp:
        folder = _unpack(src, Path(tmp))
        manifest = verify(folder, str(src))
        aside = backup(ctx, ctx.paths.backups / f"replaced-{stamp(now)}", now=now).path
        files = 0
        for entry in manifest["files"]:
            parts = PurePosixPath(entry["path"]).parts
            if len(parts) == 3 and parts[0] == "uploads" and SHA_RE.match(parts[2]):
                with open(folder / entry["path"], "rb") as fh:
                    add_blob(ctx.paths.uploads, parts[2], fh)
                files += 1
        _restore_database(folder / DB_NAME, ctx.paths.database)
        ctx.db.dispose()  # connections opened before the swap must not serve cached pages
        open_database(ctx.paths.database).dispose()  # migrate an older backup to the current schema
        keep = set(referenced(ctx.paths.database))
        for sha, path in list(stored_blobs(ctx.paths.uploads)):
            if sha not in keep:  # a copy is in the replaced-… folder
                path.unlink(missing_ok=True)
        _restore_config(ctx, folder / CONFIG_NAME)
        conn = sqlite3.connect(f"file:{ctx.paths.database}?mode=ro", uri=True)
        try:
            tickets = int(conn.execute("SELECT count(*) FROM ticket").fetchone()[0])
        finally:
            conn.close()
    return RestoreResult(tickets, files, aside)


def _restore_database(staged: Path, live: Path) -> None:
    """Overwrite the live database page by page through the backup API (safe while the app has it open)."""
    source = sqlite3.connect(f"file:{staged}?mode=ro", uri=True)
    target = sqlite3.connect(live, timeout=30)
    try:
        target.execute("PRAGMA busy_timeout=30000")
        source.backup(target)
        target.execute("PRAGMA wal_checkpoint(FULL)")
    finally:
        target.close()
        source.close()


def _restore_config(ctx: Services, staged: Path) -> None:
    target = ctx.writable_config_path
    if staged.is_file():
        tmp = target.with_name(target.name + ".restoring")
        shutil.copyfile(staged, tmp)
        fsync_path(tmp)
        replace(tmp, target)
    elif target == ctx.paths.user_config and target.is_file():
        target.unlink()  # the backup used the built-in defaults; the replaced file is kept aside
