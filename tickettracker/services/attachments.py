"""Attachment use cases (SPEC §9): attach files to a ticket or to an update, delete them, find one to download.

Files arrive staged on disk (:class:`PendingFile`); attaching moves them into the content-addressed store and writes
their rows and the log entry in one transaction. When that fails, nothing is left behind: staged files are removed
and a placed file is removed too unless another row already uses the same content.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from sqlmodel import Session

from tickettracker.domain import workflow
from tickettracker.domain.files import human_size, safe_content_type, safe_filename
from tickettracker.domain.records import AttachmentRec, Person
from tickettracker.domain.validation import LinkIn
from tickettracker.errors import NotFound, ValidationFailed, WorkflowError
from tickettracker.services.events import Change
from tickettracker.services.tickets import TicketService, refuse_bad_links
from tickettracker.store import attachments as files_repo
from tickettracker.store import tickets as repo
from tickettracker.store.attachments import BlobStore, BlobTooLarge, BlobWriter, StagedBlob, SweepReport


@dataclass(frozen=True)
class PendingFile:
    """An uploaded file staged on disk, not attached yet: the name and type as the client sent them."""

    name: str
    content_type: str
    blob: StagedBlob

    @property
    def display_name(self) -> str:
        return safe_filename(self.name)

    @property
    def available(self) -> bool:
        """False once attached or thrown away (the staged file is gone)."""
        return self.blob.path.is_file()

    def discard(self) -> None:
        self.blob.discard()


class Deletion(NamedTuple):
    """What deleting an attachment did: its file stays while another attachment has the same content."""

    rec: AttachmentRec
    file_kept: bool

    @property
    def message(self) -> str:
        if self.file_kept:
            return f"Deleted {self.rec.name}; its file is kept because another attachment uses it"
        return f"Deleted {self.rec.name}"


class AttachmentService:
    """Shares the ticket service's database, configuration, clock and change bus."""

    def __init__(self, tickets: TicketService, blobs: BlobStore) -> None:
        self.tickets = tickets
        self.blobs = blobs

    @property
    def limit(self) -> int:
        """The largest accepted file, in bytes (``uploads.max_bytes``, read live so Settings changes apply)."""
        return self.tickets.cfg.uploads.max_bytes

    # ----- receiving -------------------------------------------------------------------------------------
    def writer(self) -> BlobWriter:
        """A writer for one incoming file; it refuses (and removes) anything over the limit."""
        return self.blobs.writer(self.limit)

    def stage_bytes(self, name: str, data: bytes, content_type: str = "") -> PendingFile:
        """Stage a whole file held in memory (raises ValidationFailed when over the limit)."""
        try:
            blob = self.blobs.write_bytes(data, self.limit)
        except BlobTooLarge as e:
            raise ValidationFailed({"files": f"{safe_filename(name)} is {e}"}) from None
        return PendingFile(name, content_type, blob)

    # ----- attaching -------------------------------------------------------------------------------------
    def attach(
        self, ticket_id: int, files: Sequence[PendingFile], *, author: str | Person | None = None
    ) -> list[int]:
        """Attach files to the ticket itself; logged as one "attachment" entry. Returns the new attachment ids."""
        if not files:
            raise ValidationFailed({"files": "Choose at least one file"})
        db, now, who = self.tickets.db, self.tickets.clock(), self.tickets.author_for(author)
        names = [f.display_name for f in files]
        try:
            with db.write() as s:
                current = repo.ticket_row(s, ticket_id=ticket_id)
                self._check_open(current)
                repo.add_update(
                    s,
                    ticket_id=ticket_id,
                    at=now,
                    author=who.name,
                    link_id=who.link_id,
                    kind="attachment",
                    new=json.dumps(names, ensure_ascii=False),
                    body="Attached "
                    + ", ".join(
                        f"{n} ({human_size(f.blob.size)})" for n, f in zip(names, files, strict=True)
                    ),
                )
                ids = self._insert(s, ticket_id, None, files, now)
                repo.update_ticket(
                    s, ticket_id=ticket_id, values={"updated": now, "version": current["version"] + 1}
                )
        except BaseException:
            self._clean_up(files)
            raise
        self.tickets.bus.emit(Change("updated", ticket_id))
        return ids

    def post_update(
        self,
        ticket_id: int,
        body: str,
        *,
        files: Sequence[PendingFile] = (),
        author: str | Person | None = None,
        links: list[LinkIn] | None = None,
    ) -> int:
        """Post a note with files (the files belong to the note; a note may be files only). Returns its id."""
        if not files:
            return self.tickets.post_update(ticket_id, body, author=author, links=links)
        # Refuse bad links before touching the files, so the person can fix them and post the same files.
        refuse_bad_links(links or [])
        now = self.tickets.clock()

        def add_files(s: Session, update_id: int) -> None:
            self._insert(s, ticket_id, update_id, files, now)

        try:
            return self.tickets.post_update(
                ticket_id, body, author=author, links=links, allow_empty=True, within=add_files
            )
        except BaseException:
            self._clean_up(files)
            raise

    def discard(self, files: Iterable[PendingFile]) -> None:
        """Throw away staged files that will not be attached (upload cancelled, page closed)."""
        for f in files:
            f.discard()

    # ----- deleting --------------------------------------------------------------------------------------
    def delete(self, attachment_id: int, *, author: str | Person | None = None) -> Deletion:
        """Delete one attachment (logged); its file goes when no other row uses the same content."""
        db, now, who = self.tickets.db, self.tickets.clock(), self.tickets.author_for(author)
        with db.write() as s:
            ticket_id, rec = files_repo.get_attachment(s, attachment_id=attachment_id)
            current = repo.ticket_row(s, ticket_id=ticket_id)
            self._check_open(current)
            files_repo.delete_attachment(s, attachment_id=attachment_id)
            repo.add_update(
                s,
                ticket_id=ticket_id,
                at=now,
                author=who.name,
                link_id=who.link_id,
                kind="attachment",
                old=json.dumps([rec.name], ensure_ascii=False),
                body=f"Deleted attachment {rec.name}",
            )
            repo.update_ticket(
                s, ticket_id=ticket_id, values={"updated": now, "version": current["version"] + 1}
            )
        # Only after the commit: a failed commit must never leave a row whose file is gone.
        removed = self.release([rec.sha256])
        self.tickets.bus.emit(Change("updated", ticket_id))
        return Deletion(rec, file_kept=not removed and self.blobs.path_for(rec.sha256).is_file())

    def purge(self, ticket_id: int) -> list[str]:
        """Delete a trashed ticket for good (TicketService.purge) and then the files nothing uses any more."""
        shas = self.tickets.purge(ticket_id)
        self.release(shas)
        return shas

    def release(self, shas: Iterable[str]) -> list[str]:
        """Delete the files of these SHA-256 that no row references; returns those deleted."""
        wanted = sorted(set(shas))
        if not wanted:
            return []
        with self.tickets.db.write() as s:
            return [sha for sha in wanted if self.blobs.remove_if_unused(s, sha)]

    # ----- reading ---------------------------------------------------------------------------------------
    def file_for(self, attachment_id: int) -> tuple[AttachmentRec, Path]:
        """The record and file path of one attachment, looked up by id; NotFound when either is missing."""
        with self.tickets.db.read() as s:
            _ticket_id, rec = files_repo.get_attachment(s, attachment_id=attachment_id)
        path = self.blobs.local_file(rec.sha256)
        if path is None:
            raise NotFound(f"The file of attachment {attachment_id} is missing from the uploads folder")
        return rec, path

    def sweep(self, *, remove: bool = False) -> SweepReport:
        """Files without rows, rows without files, unfinished uploads; ``remove`` deletes the first and last."""
        if remove:
            with self.tickets.db.write() as s:
                return self.blobs.sweep(s, remove=True)
        with self.tickets.db.read() as s:
            return self.blobs.sweep(s)

    # ----- helpers ---------------------------------------------------------------------------------------
    def _check_open(self, row: dict[str, Any]) -> None:
        if row["deleted_at"] is not None:
            raise WorkflowError("This ticket is in the trash: restore it first")
        workflow.check_editable(self.tickets.cfg, row["status"])

    def _insert(
        self,
        s: Session,
        ticket_id: int,
        update_id: int | None,
        files: Sequence[PendingFile],
        now: datetime,
    ) -> list[int]:
        ids = []
        for f in files:
            self.blobs.place(f.blob, s)
            ids.append(
                files_repo.insert_attachment(
                    s,
                    ticket_id=ticket_id,
                    update_id=update_id,
                    name=f.display_name,
                    size=f.blob.size,
                    content_type=safe_content_type(f.content_type),
                    sha256=f.blob.sha256,
                    created=now,
                )
            )
        return ids

    def _clean_up(self, files: Sequence[PendingFile]) -> None:
        """After a failed attach: remove staged files, and placed ones no committed row uses."""
        for f in files:
            f.discard()
        # Keep the original error if this fails too; `check` then reports the file left behind.
        with contextlib.suppress(Exception):
            self.release(f.blob.sha256 for f in files)
