"""Backups of the whole data folder and restoring one (SPEC §12, §15).

A backup holds ``tickettracker.db`` (a consistent copy taken with SQLite's backup API, also while the app writes),
``uploads/<sha256[:2]>/<sha256>`` for every file the copied database refers to, the configuration in use as
``config.json``, and ``manifest.json`` listing every file with its size and SHA-256. It is a zip when DEST ends
in ``.zip``, else a folder. Restore checks all of that before touching anything, keeps the replaced data aside as a
backup folder ``<data folder>/backups/replaced-<UTC time>``, and writes the database back through the backup API so
a running app sees the restored data.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Any

from tickettracker import __version__
from tickettracker.errors import storage_faults
from tickettracker.fsutil import fsync_path, replace
from tickettracker.services.container import Services
from tickettracker.services.data import DataCommandError
from tickettracker.services.data.blobs import SHA_RE, add_blob, blob_path, stored_blobs
from tickettracker.services.data.progress import Progress
from tickettracker.store import migrations, open_database, snapshot

FORMAT = "tickettracker-backup/1"
MANIFEST = "manifest.json"
DB_NAME = "tickettracker.db"
CONFIG_NAME = "config.json"
_CHUNK = 1 << 20


@dataclass
class BackupResult:
    path: Path
    files: int
    bytes: int
    warnings: list[str] = field(default_factory=list)


@dataclass
class RestoreResult:
    tickets: int
    files: int
    replaced: Path


def stamp(now: datetime) -> str:
    return now.astimezone(timezone.utc).strftime("%Y%m%d-%H%M%S")


def _copy_hashing(src: Any, dst: Any) -> tuple[str, int]:
    h, size = hashlib.sha256(), 0
    while chunk := src.read(_CHUNK):
        h.update(chunk)
        dst.write(chunk)
        size += len(chunk)
    return h.hexdigest(), size


def _referenced(db_file: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    try:
        return sorted({r[0] for r in conn.execute("SELECT DISTINCT sha256 FROM attachment")})
    finally:
        conn.close()


def backup(ctx: Services, dest: Path | None, *, now: datetime) -> BackupResult:
    """Write a backup of the data folder to ``dest`` (default ``<data>/backups/backup-<UTC time>.zip``).

    Built in a temporary folder beside ``dest`` and renamed into place: a failure (full disk, I/O error) leaves no
    partial backup and is raised as the StorageFault naming the cause.
    """
    dest = (dest or ctx.paths.backups / f"backup-{stamp(now)}.zip").absolute()
    with storage_faults(str(dest.parent)):
        return _backup(ctx, dest, now=now)


def _backup(ctx: Services, dest: Path, *, now: datetime) -> BackupResult:
    if dest.exists() and (dest.is_file() or any(dest.iterdir())):
        raise DataCommandError(f"{dest}: already exists; choose a new name")
    dest.parent.mkdir(parents=True, exist_ok=True)
    warnings: list[str] = []
    entries: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(dir=dest.parent, prefix=".backup-") as tmp:
        db_copy = snapshot(ctx.paths.database, Path(tmp) / DB_NAME)
        shas = _referenced(db_copy)
        with tempfile.TemporaryDirectory(dir=dest.parent, prefix=".backup-") as stage_dir:
            stage = Path(stage_dir)
            writer: _Writer = (
                _ZipWriter(stage / "backup.zip") if dest.suffix.lower() == ".zip" else _DirWriter(stage)
            )
            try:
                entries.append(writer.add_file(DB_NAME, db_copy))
                if ctx.config_path is not None and ctx.config_path.is_file():
                    entries.append(writer.add_file(CONFIG_NAME, ctx.config_path))
                progress = Progress("backup: files", len(shas))
                for sha in shas:
                    src = blob_path(ctx.paths.uploads, sha)
                    if src.is_file():
                        entries.append(writer.add_file(f"uploads/{sha[:2]}/{sha}", src))
                    else:
                        warnings.append(f"attachment file {sha} is missing from {ctx.paths.uploads}")
                    progress.advance()
                progress.close()
                manifest = {
                    "format": FORMAT,
                    "created": now.astimezone(timezone.utc).isoformat(),
                    "app_version": __version__,
                    "schema_version": migrations.LATEST,
                    "files": entries,
                }
                writer.add_bytes(MANIFEST, json.dumps(manifest, indent=1).encode())
            finally:
                writer.close()
            final = stage / "backup.zip" if isinstance(writer, _ZipWriter) else stage
            _fsync_tree(final)
            if dest.exists():
                dest.rmdir()  # an empty folder given as DEST
            replace(final, dest)
            if isinstance(writer, _DirWriter):
                Path(stage_dir).mkdir()  # TemporaryDirectory cleans up the name it created
    return BackupResult(dest, len(entries), sum(e["size"] for e in entries), warnings)


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
            sha, size = _copy_hashing(fh, out)
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
            sha, size = _copy_hashing(fh, out)
        return {"path": name, "size": size, "sha256": sha}

    def add_bytes(self, name: str, data: bytes) -> None:
        (self.root / name).write_bytes(data)


def _fsync_tree(path: Path) -> None:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    for f in files:
        fsync_path(f)


# ----- restore ---------------------------------------------------------------------------------------------------


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
                shutil.copyfileobj(fh, out, _CHUNK)
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
                sha, size = _copy_hashing(fh, _Null())
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
        keep = set(_referenced(ctx.paths.database))
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
