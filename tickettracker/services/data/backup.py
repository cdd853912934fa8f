"""Backups of the whole data folder (SPEC §11, §12, §15): the ``backup`` command and the Settings page's
"Back up now" both write through :func:`write_backup`; :mod:`.restore` puts one back.

A backup holds ``tickettracker.db`` (a consistent copy taken with SQLite's backup API, also while the app writes),
``uploads/<sha256[:2]>/<sha256>`` for every file the copied database refers to, the configuration in use as
``config.json``, and ``manifest.json`` listing every file with its size and SHA-256. It is a zip when DEST ends
in ``.zip``, else a folder ("Back up now" writes folders). ``store.snapshot`` is the SQLite copy underneath.
"""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from tickettracker import __version__
from tickettracker.errors import storage_faults
from tickettracker.fsutil import fsync_dir, fsync_path, replace
from tickettracker.paths import DataPaths
from tickettracker.services.container import Services
from tickettracker.services.data import DataCommandError, exporting
from tickettracker.services.data.blobs import blob_path
from tickettracker.services.data.progress import Progress
from tickettracker.store import migrations, open_database, snapshot

FORMAT = "tickettracker-backup/1"
MANIFEST = "manifest.json"
DB_NAME = "tickettracker.db"
CONFIG_NAME = "config.json"
CHUNK = 1 << 20
PREFIX = "backup-"


@dataclass(frozen=True)
class BackupInfo:
    """A backup as the Settings page lists it."""

    name: str
    path: Path
    created: datetime  # UTC
    size: int  # bytes


@dataclass
class BackupResult:
    path: Path
    files: int
    bytes: int
    warnings: list[str] = field(default_factory=list)


def stamp(now: datetime) -> str:
    """A UTC time as used in backup names: ``YYYYMMDD-HHMMSS``."""
    return now.astimezone(timezone.utc).strftime("%Y%m%d-%H%M%S")


def copy_hashing(src: Any, dst: Any) -> tuple[str, int]:
    """Copy the stream ``src`` to ``dst``; returns the SHA-256 and size of what was copied."""
    h, size = hashlib.sha256(), 0
    while chunk := src.read(CHUNK):
        h.update(chunk)
        dst.write(chunk)
        size += len(chunk)
    return h.hexdigest(), size


def referenced(db_file: Path) -> list[str]:
    """The SHA-256 of every attachment file the database at ``db_file`` refers to."""
    conn = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    try:
        return sorted({r[0] for r in conn.execute("SELECT DISTINCT sha256 FROM attachment")})
    finally:
        conn.close()


def backup(ctx: Services, dest: Path | None, *, now: datetime) -> BackupResult:
    """The ``backup`` command: a backup of the data in use to ``dest`` (default ``<data>/backups/backup-<UTC>.zip``)."""
    dest = (dest or ctx.paths.backups / f"{PREFIX}{stamp(now)}.zip").absolute()
    if dest.exists() and (dest.is_file() or any(dest.iterdir())):
        raise DataCommandError(f"{dest}: already exists; choose a new name")
    return write_backup(ctx.paths, ctx.config_path, dest, now=now)


def back_up_now(ctx: Services, *, now: datetime | None = None) -> BackupInfo:
    """ "Back up now" (Settings page): a folder backup of the user's own data (also while demo mode is on: the demo
    is not worth keeping) in ``<data folder>/backups/``, written like the ``backup`` command's."""
    when = now or datetime.now(timezone.utc)
    if ctx.own_paths.on_server:  # PostgreSQL: the export zip, from the shared database itself
        return backup_info(export_own(ctx, when))
    base = ctx.own_paths.backups / f"{PREFIX}{stamp(when)}"
    dest, n = base, 1
    while dest.exists():
        n += 1
        dest = base.with_name(f"{base.name}-{n}")
    write_backup(ctx.own_paths, ctx.config_path, dest, now=when, show_progress=False)
    return backup_info(dest)


def export_own(ctx: Services, now: datetime) -> Path:
    """ "Back up now" on PostgreSQL: the export zip of the user's own (shared) database into ``<data>/backups/``,
    also while demo mode shows the local demo dataset."""
    base = ctx.own_paths.backups / f"{PREFIX}{stamp(now)}"
    dest, n = base.with_suffix(".zip"), 1
    while dest.exists():
        n += 1
        dest = base.with_name(f"{base.name}-{n}.zip")
    dest.parent.mkdir(parents=True, exist_ok=True)
    db = open_database(ctx.own_paths.store)
    try:
        exporting.write_zip(db, ctx.own_paths.uploads, dest, now=now)
    finally:
        db.dispose()
    return dest


def list_backups(folder: Path) -> list[BackupInfo]:
    """Complete backups in ``folder`` (folders, zips and single-file database copies), newest first."""
    if not folder.exists():
        return []
    found = [
        backup_info(p)
        for p in folder.iterdir()
        if not p.name.startswith(".")  # a backup being written
        and not p.name.endswith(".partial")
        and (p.is_dir() or p.suffix in (".db", ".zip"))
    ]
    return sorted(found, key=lambda b: (b.created, b.name), reverse=True)


def backup_info(path: Path) -> BackupInfo:
    """Name, time and size of the backup at ``path`` (a folder or a file)."""
    size = (
        path.stat().st_size
        if path.is_file()
        else sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    )
    created = datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)
    return BackupInfo(path.name, path, created, size)


def write_backup(
    source: DataPaths, config: Path | None, dest: Path, *, now: datetime, show_progress: bool = True
) -> BackupResult:
    """Write a backup of the data at ``source`` (and the ``config`` file, if any) to ``dest``: a zip when it ends in
    ``.zip``, else a folder. Built in a temporary name beside ``dest`` and renamed when complete, so a failure (full
    disk, I/O error: raised as the StorageFault naming the cause) leaves no partial backup."""
    if not source.database.exists():
        raise DataCommandError(f"{source.database}: no database to back up yet")
    with storage_faults(str(dest.parent)):
        return _write(source, config, dest, now=now, show_progress=show_progress)


def _write(
    source: DataPaths, config: Path | None, dest: Path, *, now: datetime, show_progress: bool
) -> BackupResult:
    dest.parent.mkdir(parents=True, exist_ok=True)
    warnings: list[str] = []
    entries: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(dir=dest.parent, prefix=".backup-") as tmp:
        db_copy = snapshot(source.database, Path(tmp) / DB_NAME)
        shas = referenced(db_copy)
        with tempfile.TemporaryDirectory(dir=dest.parent, prefix=".backup-") as stage_dir:
            stage = Path(stage_dir)
            writer: _Writer = (
                _ZipWriter(stage / "backup.zip") if dest.suffix.lower() == ".zip" else _DirWriter(stage)
            )
            try:
                entries.append(writer.add_file(DB_NAME, db_copy))
                if config is not None and config.is_file():
                    entries.append(writer.add_file(CONFIG_NAME, config))
                progress = Progress(
                    "backup: files", len(shas), stream=None if show_progress else io.StringIO()
                )
                for sha in shas:
                    src = blob_path(source.uploads, sha)
                    if src.is_file():
                        entries.append(writer.add_file(f"uploads/{sha[:2]}/{sha}", src))
                    else:
                        warnings.append(f"attachment file {sha} is missing from {source.uploads}")
                    progress.advance()
                progress.close()
                writer.add_bytes(MANIFEST, _manifest(entries, now))
            finally:
                writer.close()
            final = stage / "backup.zip" if isinstance(writer, _ZipWriter) else stage
            _fsync_tree(final)
            if dest.exists():
                dest.rmdir()  # an empty folder given as DEST
            replace(final, dest)
            fsync_dir(dest.parent)
            if isinstance(writer, _DirWriter):
                Path(stage_dir).mkdir()  # TemporaryDirectory cleans up the name it created
    return BackupResult(dest, len(entries), sum(e["size"] for e in entries), warnings)


def _manifest(entries: list[dict[str, Any]], now: datetime) -> bytes:
    manifest = {
        "format": FORMAT,
        "created": now.astimezone(timezone.utc).isoformat(),
        "app_version": __version__,
        "schema_version": migrations.LATEST,
        "files": entries,
    }
    return json.dumps(manifest, indent=1).encode()


class _Writer:
    def add_file(self, name: str, src: Path) -> dict[str, Any]:
        raise NotImplementedError

    def add_bytes(self, name: str, data: bytes) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass


class _ZipWriter(_Writer):
    def __init__(self, path: Path) -> None:
        self.zf = zipfile.ZipFile(path, "w", allowZip64=True)

    def add_file(self, name: str, src: Path) -> dict[str, Any]:
        compress = zipfile.ZIP_DEFLATED if name == DB_NAME else zipfile.ZIP_STORED
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = compress
        with open(src, "rb") as fh, self.zf.open(info, "w", force_zip64=True) as out:
            sha, size = copy_hashing(fh, out)
        return {"path": name, "size": size, "sha256": sha}

    def add_bytes(self, name: str, data: bytes) -> None:
        self.zf.writestr(name, data)

    def close(self) -> None:
        self.zf.close()


class _DirWriter(_Writer):
    def __init__(self, root: Path) -> None:
        self.root = root

    def add_file(self, name: str, src: Path) -> dict[str, Any]:
        target = self.root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(src, "rb") as fh, open(target, "wb") as out:
            sha, size = copy_hashing(fh, out)
        return {"path": name, "size": size, "sha256": sha}

    def add_bytes(self, name: str, data: bytes) -> None:
        (self.root / name).write_bytes(data)


def _fsync_tree(path: Path) -> None:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    for f in files:
        fsync_path(f)
