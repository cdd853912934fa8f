"""Attachment files and rows (SPEC §9).

Files are content-addressed: ``uploads/<sha256[:2]>/<sha256>``, one file per distinct content, shared by every row with
that SHA-256. The original name is metadata in the ``attachment`` table, never part of a path.

Write order, so that a crash never leaves a row without its file:

1. :class:`BlobWriter` streams the bytes into ``uploads/.incoming/<random>.part`` (hashing and counting as it goes,
   refusing more than the limit), then flushes and fsyncs it: a :class:`StagedBlob`.
2. Inside the database write transaction, :meth:`BlobStore.place` renames the staged file into place (``os.replace``,
   atomic) and fsyncs the folder; then the row is inserted and the transaction commits.
3. If the commit fails, the caller removes the file unless another row uses it (:meth:`BlobStore.remove_if_unused`).

A file is deleted only when no row references its SHA-256, checked inside a write transaction (``BEGIN IMMEDIATE``),
so a concurrent upload of the same content cannot lose its file. :meth:`BlobStore.sweep` reports files without rows,
rows without files and unfinished uploads; it deletes only when asked to.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, func, insert, select
from sqlmodel import Session, col

from tickettracker.domain.records import AttachmentRec
from tickettracker.errors import NotFound, StoreError, storage_faults
from tickettracker.fsutil import fsync_dir, fsync_file, replace
from tickettracker.store.db import inserted_id
from tickettracker.store.models import Attachment

INCOMING = ".incoming"
_SHA = re.compile(r"^[0-9a-f]{64}$")


class BlobTooLarge(StoreError):
    """More bytes arrived than the upload limit allows (the partial file is already removed)."""


@dataclass(frozen=True)
class StagedBlob:
    """A complete, fsynced file waiting in the incoming folder to be placed under its SHA-256."""

    sha256: str
    size: int
    path: Path

    def discard(self) -> None:
        """Remove the staged file (no-op once placed or discarded)."""
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


@dataclass
class SweepReport:
    """What the uploads folder and the attachment table disagree on."""

    files_without_rows: list[str] = field(default_factory=list)  # SHA-256 names
    rows_without_files: list[str] = field(default_factory=list)
    unfinished_uploads: list[str] = field(default_factory=list)  # file names in the incoming folder
    removed: list[str] = field(default_factory=list)  # what remove=True deleted (relative paths)

    @property
    def problems(self) -> list[str]:
        """One line per finding, for the `check` command and the start-up log."""
        return (
            [f"attachment file without a row: {sha}" for sha in self.files_without_rows]
            + [f"attachment row whose file is missing: {sha}" for sha in self.rows_without_files]
            + [f"unfinished upload left behind: {name}" for name in self.unfinished_uploads]
        )


class BlobWriter:
    """Stream bytes into a temporary file in the uploads folder, hashing and counting them."""

    def __init__(self, incoming: Path, limit: int) -> None:
        with storage_faults():
            incoming.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(dir=incoming, suffix=".part")
        self.path = Path(name)
        self._file = os.fdopen(fd, "wb")
        self._hash = hashlib.sha256()
        self.size = 0
        self.limit = limit

    def write(self, chunk: bytes) -> None:
        """Append ``chunk``; raises BlobTooLarge (and removes the partial file) past the limit."""
        self.size += len(chunk)
        if self.size > self.limit:
            self.discard()
            raise BlobTooLarge(f"larger than the upload limit of {self.limit:,} bytes")
        self._hash.update(chunk)
        try:
            with storage_faults():
                self._file.write(chunk)
        except BaseException:
            self.discard()
            raise

    def finish(self) -> StagedBlob:
        """Flush and fsync; the bytes are now safe on disk under a temporary name."""
        try:
            with storage_faults():
                self._file.flush()
                fsync_file(self._file)
        except BaseException:
            self.discard()
            raise
        self._file.close()
        return StagedBlob(self._hash.hexdigest(), self.size, self.path)

    def discard(self) -> None:
        """Abandon the upload: close and remove the partial file."""
        with contextlib.suppress(
            OSError
        ):  # closing flushes; on a full disk that fails too, and it does not matter
            self._file.close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


class BlobStore:
    """The content-addressed uploads folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.incoming = root / INCOMING

    def path_for(self, sha256: str) -> Path:
        """Where the file with this SHA-256 lives; refuses anything that is not 64 lower-case hex digits."""
        if not _SHA.match(sha256):
            raise StoreError(f"not a SHA-256: {sha256[:80]!r}")
        return self.root / sha256[:2] / sha256

    def writer(self, limit: int) -> BlobWriter:
        return BlobWriter(self.incoming, limit)

    def write_bytes(self, data: bytes, limit: int | None = None) -> StagedBlob:
        """Stage ``data`` in one go (tests, demo data, imports)."""
        w = self.writer(len(data) if limit is None else limit)
        w.write(data)
        return w.finish()

    def place(self, staged: StagedBlob, session: Session | None = None) -> Path:
        """Move a staged file into its content-addressed place (call inside the write transaction, ``session``:
        the database store keeps the bytes in that transaction)."""
        target = self.path_for(staged.sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Identical content may already be there; replacing it with the same bytes is atomic and harmless.
        replace(staged.path, target)
        fsync_dir(target.parent)
        return target

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def local_file(self, sha256: str) -> Path | None:
        """A file on this machine holding the content (None when there is none), for serving a download."""
        path = self.path_for(sha256)
        return path if path.is_file() else None

    def remove_if_unused(self, session: Session, sha256: str) -> bool:
        """Delete the file when no row references it; call inside a write transaction. True when deleted."""
        if count_references(session, sha256=sha256):
            return False
        return self._drop(session, sha256)

    def _drop(self, session: Session, sha256: str) -> bool:
        with contextlib.suppress(FileNotFoundError):
            self.path_for(sha256).unlink()
            return True
        return False

    def stored_shas(self, session: Session | None = None) -> set[str]:
        """Every SHA-256 that has a file in the folder."""
        found: set[str] = set()
        if not self.root.is_dir():
            return found
        for shard in self.root.iterdir():
            if shard.is_dir() and len(shard.name) == 2:
                found |= {p.name for p in shard.iterdir() if _SHA.match(p.name) and p.name[:2] == shard.name}
        return found

    def sweep(self, session: Session, *, remove: bool = False) -> SweepReport:
        """Compare folder and table. With ``remove`` (call inside a write transaction), delete files without rows
        and unfinished uploads; rows are never deleted: a row without its file is reported for a person to decide.
        """
        on_disk = self.stored_shas(session)
        in_rows = all_shas(session)
        report = SweepReport(
            files_without_rows=sorted(on_disk - in_rows),
            rows_without_files=sorted(in_rows - on_disk),
            unfinished_uploads=sorted(p.name for p in self.incoming.glob("*.part"))
            if self.incoming.is_dir()
            else [],
        )
        if remove:
            for sha in report.files_without_rows:
                self._drop(session, sha)
                report.removed.append(f"{sha[:2]}/{sha}")
            for name in report.unfinished_uploads:
                (self.incoming / name).unlink(missing_ok=True)
                report.removed.append(f"{INCOMING}/{name}")
        return report


# ----- rows --------------------------------------------------------------------------------------------------
def insert_attachment(
    session: Session,
    *,
    ticket_id: int,
    update_id: int | None,
    name: str,
    size: int,
    content_type: str,
    sha256: str,
    created: datetime,
) -> int:
    """Insert one attachment row; returns its id."""
    result = session.execute(
        insert(Attachment).values(
            ticket_id=ticket_id,
            update_id=update_id,
            name=name,
            size=size,
            content_type=content_type,
            sha256=sha256,
            created=created,
        )
    )
    return inserted_id(result)


def get_attachment(session: Session, *, attachment_id: int) -> tuple[int, AttachmentRec]:
    """(ticket id, record) of one attachment; NotFound when there is no such row."""
    a = session.get(Attachment, attachment_id)
    if a is None:
        raise NotFound(f"Attachment {attachment_id} does not exist")
    return a.ticket_id, AttachmentRec(
        a.id or 0, a.name, a.size, a.content_type, a.sha256, a.created, a.update_id
    )


def delete_attachment(session: Session, *, attachment_id: int) -> None:
    session.execute(delete(Attachment).where(col(Attachment.id) == attachment_id))


def count_references(session: Session, *, sha256: str) -> int:
    """How many rows use the file with this SHA-256."""
    return int(
        session.execute(
            select(func.count()).select_from(Attachment).where(col(Attachment.sha256) == sha256)
        ).scalar_one()
    )


def all_shas(session: Session) -> set[str]:
    return set(session.execute(select(col(Attachment.sha256)).distinct()).scalars())
