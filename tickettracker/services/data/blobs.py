"""Attachment files by the shared convention ``uploads/<sha256[:2]>/<sha256>``: locate, hash, add atomically."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from tickettracker.errors import storage_faults
from tickettracker.fsutil import fsync_file, replace

SHA_RE = re.compile(r"^[0-9a-f]{64}$")
_CHUNK = 1 << 20


def blob_path(uploads: Path, sha256: str) -> Path:
    return uploads / sha256[:2] / sha256


def sha256_of(path: Path) -> tuple[str, int]:
    """(hex SHA-256, size) of a file, read in chunks."""
    h, size = hashlib.sha256(), 0
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def add_blob(uploads: Path, sha256: str, source: IO[bytes]) -> bool:
    """Store ``source`` as the blob ``sha256`` unless it is already there; returns True when a file was written.

    The content is hashed while it is copied to a temporary file beside its final place, synced, and renamed only
    when the hash matches, so a crash or a bad copy never leaves a wrong or partial blob under a real name.
    """
    dest = blob_path(uploads, sha256)
    if dest.exists():
        return False
    with storage_faults(str(uploads)):
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".import-", suffix=".partial")
    h = hashlib.sha256()
    try:
        with storage_faults(str(uploads)):
            with os.fdopen(fd, "wb") as out:
                while chunk := source.read(_CHUNK):
                    h.update(chunk)
                    out.write(chunk)
                out.flush()
                fsync_file(out)
            if h.hexdigest() != sha256:
                raise ValueError(f"its content has SHA-256 {h.hexdigest()}, not {sha256}")
            replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def stored_blobs(uploads: Path) -> Iterator[tuple[str, Path]]:
    """(sha256, path) of every file in the uploads folder named like a blob, wherever it sits."""
    if not uploads.is_dir():
        return
    for sub in sorted(uploads.iterdir()):
        if sub.is_dir():
            for f in sorted(sub.iterdir()):
                if f.is_file() and SHA_RE.match(f.name):
                    yield f.name, f
