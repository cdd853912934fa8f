"""Attachment bytes inside PostgreSQL, so every instance on every machine serves every file.

Content-addressed as the uploads folder is: ``blob`` has one row per distinct SHA-256 (with its size) and
``blob_chunk`` its bytes in 1 MiB pieces, written and read one piece at a time (never a whole file in memory).
Uploads are staged on local disk exactly as before (:class:`~tickettracker.store.attachments.BlobWriter`: size
limit, hashing, fsync); :meth:`DbBlobStore.place` copies the staged file into the table inside the attachment's
write transaction, so the row and its bytes commit together. The local uploads folder becomes a cache of
verified copies that downloads are served from (content never changes under a SHA-256, so a cached copy is never
stale). A blob is deleted when no attachment row references it, in the same write transaction that checks.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session

from tickettracker.errors import StoreError
from tickettracker.store.attachments import BlobStore, StagedBlob
from tickettracker.store.db import Database

CHUNK = 1 << 20


class DbBlobStore(BlobStore):
    """The blob table of one PostgreSQL database, with ``root`` (the uploads folder) as a local cache."""

    def __init__(self, root: Path, db: Database) -> None:
        super().__init__(root)
        self.db = db

    def place(self, staged: StagedBlob, session: Session | None = None) -> Path:
        """Copy the staged file into the table (unless the content is there already); call inside the write
        transaction. Another instance storing the same content at the same moment is waited for, not duplicated.
        """
        if session is None:
            raise StoreError("the database blob store needs the write transaction's session")
        fresh = session.execute(
            text("INSERT INTO blob (sha256, size) VALUES (:s, :n) ON CONFLICT DO NOTHING"),
            {"s": staged.sha256, "n": staged.size},
        )
        if fresh.rowcount:  # type: ignore[attr-defined]
            with open(staged.path, "rb") as fh:
                seq = 0
                while chunk := fh.read(CHUNK):
                    session.execute(
                        text("INSERT INTO blob_chunk (sha256, seq, data) VALUES (:s, :q, :d)"),
                        {"s": staged.sha256, "q": seq, "d": chunk},
                    )
                    seq += 1
        return super().place(staged)  # the staged file becomes the local cached copy

    def exists(self, sha256: str) -> bool:
        with self.db.read() as s:
            return s.execute(text("SELECT 1 FROM blob WHERE sha256 = :s"), {"s": sha256}).first() is not None

    def chunks(self, session: Session, sha256: str) -> Iterator[bytes]:
        """The content, piece by piece, in order."""
        last = -1
        while True:
            row = session.execute(
                text("SELECT seq, data FROM blob_chunk WHERE sha256 = :s AND seq > :q ORDER BY seq LIMIT 1"),
                {"s": sha256, "q": last},
            ).first()
            if row is None:
                return
            last = row[0]
            yield bytes(row[1])

    def local_file(self, sha256: str) -> Path | None:
        """The cached copy, fetched from the table first when this machine has none (verified by SHA-256)."""
        path = self.path_for(sha256)
        if path.is_file():
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".partial")
        digest = hashlib.sha256()
        try:
            with os.fdopen(fd, "wb") as out, self.db.read() as s:
                for chunk in self.chunks(s, sha256):
                    digest.update(chunk)
                    out.write(chunk)
            if digest.hexdigest() != sha256:
                Path(tmp).unlink(missing_ok=True)
                return None  # missing (or damaged) in the database: `check` names it
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path

    def stored_shas(self, session: Session | None = None) -> set[str]:
        """Every SHA-256 with bytes in the table."""
        if session is None:
            with self.db.read() as s:
                return self.stored_shas(s)
        return set(session.execute(text("SELECT sha256 FROM blob")).scalars())

    def _drop(self, session: Session, sha256: str) -> bool:
        gone = session.execute(text("DELETE FROM blob WHERE sha256 = :s"), {"s": sha256}).rowcount  # type: ignore[attr-defined]
        self.path_for(sha256).unlink(missing_ok=True)
        return bool(gone)

    def verify(self, session: Session, sha256: str) -> tuple[str, int] | None:
        """(SHA-256 recomputed from the stored bytes, size), or None when the table has no such blob."""
        if session.execute(text("SELECT 1 FROM blob WHERE sha256 = :s"), {"s": sha256}).first() is None:
            return None
        digest, size = hashlib.sha256(), 0
        for chunk in self.chunks(session, sha256):
            digest.update(chunk)
            size += len(chunk)
        return digest.hexdigest(), size


def blob_store(root: Path, db: Database) -> BlobStore:
    """The attachment store for ``db``: the uploads folder on SQLite, the blob table on PostgreSQL."""
    return DbBlobStore(root, db) if db.is_postgres else BlobStore(root)
