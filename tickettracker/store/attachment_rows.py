"""Attachment metadata rows for files already placed in the content-addressed uploads folder.

Files live at ``uploads/<sha256[:2]>/<sha256>`` (one file per distinct content); the ``attachment`` table holds the
original name, size, type and checksum. Used by the demo dataset loader.
"""

from __future__ import annotations

import hashlib
import os
from datetime import datetime
from pathlib import Path

from sqlmodel import Session

from tickettracker.store.attachments import BlobStore, insert_attachment


def blob_path(uploads: Path, sha256: str) -> Path:
    """Where the file with this checksum lives."""
    return BlobStore(uploads).path_for(sha256)


def store_blob(uploads: Path, source: Path) -> tuple[str, int]:
    """Copy ``source`` into the uploads folder under its SHA-256 (fsynced); returns (sha256, size)."""
    data = source.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    target = blob_path(uploads, sha)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".partial")
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    return sha, len(data)


def add_attachment(
    session: Session,
    *,
    ticket_id: int,
    name: str,
    size: int,
    content_type: str,
    sha256: str,
    created: datetime,
    update_id: int | None = None,
) -> int:
    """Insert one attachment row; the file must already be in place."""
    return insert_attachment(
        session,
        ticket_id=ticket_id,
        update_id=update_id,
        name=name,
        size=size,
        content_type=content_type,
        sha256=sha256,
        created=created,
    )
