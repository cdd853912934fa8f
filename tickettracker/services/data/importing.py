"""Import a ``tickettracker/2`` (or ``/1``) document (JSON, or the zip that ``export --attachments`` writes).

All or nothing: the whole document is checked first (shape, then every ticket against the configuration), every
problem is reported by ticket and field, and only a clean document is written, in ONE transaction. Attachment files
are added to the blob store before that transaction and removed again if it fails.

Longer than ~300 lines on purpose: the all-or-nothing import's check and write phases share one document
model.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from tickettracker.domain import sla
from tickettracker.domain.fields import encode, input_from, log_json
from tickettracker.domain.files import safe_content_type, safe_filename
from tickettracker.domain.interchange import Document, TicketDoc
from tickettracker.domain.validation import TicketInput, check_link, clean_text, validate
from tickettracker.errors import ValidationFailed
from tickettracker.services.data import DataCommandError, series, views, writing_import
from tickettracker.services.data.blobs import add_blob, blob_path
from tickettracker.services.data.exporting import STATUS_KINDS
from tickettracker.services.data.progress import Progress
from tickettracker.services.tickets import SYSTEM, TicketService, ticket_columns
from tickettracker.store import bulk, checklists, fts
from tickettracker.store.attachments import BlobStore, StagedBlob
from tickettracker.store.blob_table import DbBlobStore, blob_store

MAX_REPORTED = 20


@dataclass
class Source:
    """The document's bytes and a way to open each attachment file it brings (a zip's ``files/<sha256>``)."""

    name: str
    document: bytes
    files: set[str] = field(default_factory=set)
    open_file: Callable[[str], IO[bytes]] | None = None


@dataclass
class Prepared:
    """Rows ready for :func:`bulk.insert_many`."""

    tickets: list[dict[str, Any]] = field(default_factory=list)
    watchers: list[dict[str, Any]] = field(default_factory=list)
    tags: list[tuple[int, list[str]]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[dict[str, Any]] = field(default_factory=list)
    blobs: dict[str, str] = field(default_factory=dict)  # sha256 → "ticket #id" that needs it (for errors)


@dataclass(frozen=True)
class ImportResult:
    tickets: int
    renumbered: dict[int, int]  # id in the file → id given (when the file's id was taken)
    files_added: int
    views_added: int = 0
    views_kept: list[str] = field(default_factory=list)  # names already taken here: the existing view stays
    extras: writing_import.Written = field(default_factory=writing_import.Written)


def _who(doc: TicketDoc | dict[str, Any] | Any, index: int) -> str:
    tid = doc.id if isinstance(doc, TicketDoc) else doc.get("id") if isinstance(doc, dict) else None
    return f"ticket #{tid} (entry {index + 1})" if isinstance(tid, int) else f"ticket entry {index + 1}"


def _refuse(source: str, problems: list[str]) -> DataCommandError:
    shown = problems[:MAX_REPORTED]
    more = f"\n  … and {len(problems) - MAX_REPORTED} more" if len(problems) > MAX_REPORTED else ""
    return DataCommandError(
        f"{source}: nothing imported, {len(problems)} problem(s):\n  " + "\n  ".join(shown) + more
    )


def parse(source: Source) -> Document:
    """Check the document's shape (the JSON Schema's rules); every problem names the ticket and the field."""
    try:
        return Document.model_validate_json(source.document)
    except ValidationError as e:
        try:
            raw = json.loads(source.document)
        except ValueError as bad:
            raise DataCommandError(f"{source.name}: not JSON ({bad})") from None
        tickets = raw.get("tickets") if isinstance(raw, dict) else None
        problems = []
        for err in e.errors():
            loc = list(err["loc"])
            if (
                len(loc) >= 2
                and loc[0] == "tickets"
                and isinstance(loc[1], int)
                and isinstance(tickets, list)
            ):
                where = _who(tickets[loc[1]] if loc[1] < len(tickets) else None, loc[1])
                path = ".".join(str(p) for p in loc[2:]) or "ticket"
            else:
                where, path = "document", ".".join(str(p) for p in loc) or "top level"
            problems.append(f"{where}: {path}: {err['msg']}")
        raise _refuse(source.name, problems) from None


def _to_input(t: TicketDoc) -> TicketInput:
    data = input_from(t)
    if t.due_has_time is None:  # an older document: a due date then always had its time of day
        data.due_has_time = t.due is not None
    return data


def _initial_values(clean: TicketInput, t: TicketDoc, hold: str | None = None) -> dict[str, Any]:
    """The ticket's values at creation, replayed backwards from its current values through its log."""
    values = log_json(clean)
    created = None
    for u in reversed(t.updates):
        if u.kind in STATUS_KINDS:
            values["status"] = u.from_
        elif u.kind in ("field", "checklist") and u.field in values:
            values[u.field] = u.from_
        elif u.kind == "created":
            created = u
    if created is not None:
        values["hold_reason"] = created.body or None
    elif values["status"] != hold:
        values["hold_reason"] = None  # created in another status: the current hold reason came later
    return values


class Importer:
    """Turns a parsed document into rows, checking each ticket against the configuration as it goes."""

    def __init__(self, service: TicketService, source: Source, *, uploads: Path, now: datetime) -> None:
        self.cfg = service.cfg
        self.source = source
        self.uploads = uploads
        self.store = blob_store(uploads, service.db)
        self.now = now
        self.problems: list[str] = []
        self.out = Prepared()

    def prepare(
        self, doc: Document, *, taken: set[int], next_ticket: int, next_update: int
    ) -> dict[int, int]:
        wanted = [t.id for t in doc.tickets if t.id is not None]
        seen: set[int] = set()
        renumbered: dict[int, int] = {}
        fallback = max([next_ticket - 1, *wanted]) + 1
        progress = Progress("import: checking", len(doc.tickets), unit=" tickets")
        for i, t in enumerate(doc.tickets):
            if t.id is not None and t.id not in taken and t.id not in seen:
                tid = t.id
            else:
                tid, fallback = fallback, fallback + 1
                if t.id is not None:
                    renumbered[t.id] = tid
            seen.add(tid)
            next_update = self._ticket(i, t, tid, next_update)
            progress.advance()
        progress.close()
        return renumbered

    def _problem(self, i: int, t: TicketDoc, name: str, message: str) -> None:
        self.problems.append(f"{_who(t, i)}: {name}: {message}")

    def _ticket(self, i: int, t: TicketDoc, tid: int, next_update: int) -> int:
        try:
            clean = validate(self.cfg, _to_input(t))
        except ValidationFailed as e:
            for name, message in e.problems.items():
                self._problem(i, t, name, message)
            return next_update
        created = t.created or (min(u.at for u in t.updates) if t.updates else self.now)
        updates = list(t.updates)
        # A ticket without a "created" entry gets one, first in its log (SPEC §15).
        first = next_update + (0 if any(u.kind == "created" for u in updates) else 1)
        update_ids = [first + j for j in range(len(updates))]
        for j, u in enumerate(updates):
            for link in u.links:
                reason = check_link(link.url)
                if reason:
                    self._problem(i, t, f"updates.{j}.links", f"{link.url[:80]!r}: {reason}")
        for k, a in enumerate(t.attachments):
            if a.update is not None and a.update >= len(updates):
                self._problem(i, t, f"attachments.{k}.update", f"there is no update {a.update}")
            elif a.sha256 not in self.source.files and not self.store.exists(a.sha256):
                self._problem(
                    i, t, f"attachments.{k}", f"the file {a.sha256} ({a.name!r}) is not in the import"
                )
        if self.problems:
            return first + len(updates)
        initial = _initial_values(clean, t, self.cfg.status_roles.hold)
        rows = self.out
        if first != next_update:
            rows.updates.append(self._created_row(tid, next_update, created, initial))
        for uid, u in zip(update_ids, updates, strict=True):
            rows.updates.append(self._update_row(tid, uid, u, initial))
            rows.links += [
                {"ticket_id": tid, "update_id": uid, "position": p, "url": lk.url.strip(), "label": lk.label}
                for p, lk in enumerate(u.links)
            ]
        history = [(u.at, str(u.to)) for u in sorted(updates, key=lambda u: u.at) if u.kind in STATUS_KINDS]
        origin = sla.age_origin(t.age_reference_date)
        pause = sla.pause_credit(
            created, str(initial["status"]), history, self.cfg.paused_statuses, self.now, origin
        )
        deleted_at = None
        for u in sorted(updates, key=lambda u: u.at):
            if u.kind in ("deleted", "restored"):
                deleted_at = u.at if u.kind == "deleted" else None
        rows.tickets.append(
            {
                "id": tid,
                **ticket_columns(self.cfg, clean),
                "created": created,
                "updated": t.updated or max([created, *(u.at for u in updates)]),
                "deleted_at": deleted_at,
                "deadline": None,  # recomputed for every ticket once all rows are in
                "paused_seconds": pause.paused_seconds,
                "paused_since": pause.paused_since,
                "age_reference": t.age_reference_date,
                "version": 1,
            }
        )
        rows.watchers += [{"ticket_id": tid, "position": p, "value": w} for p, w in enumerate(clean.watchers)]
        rows.tags.append((tid, list(clean.tags)))
        rows.links += [
            {"ticket_id": tid, "update_id": None, "position": p, "url": lk.url, "label": lk.label}
            for p, lk in enumerate(clean.links)
        ]
        for a in t.attachments:
            at = updates[a.update].at if a.update is not None else created
            rows.attachments.append(
                {
                    "ticket_id": tid,
                    "update_id": update_ids[a.update] if a.update is not None else None,
                    "name": safe_filename(a.name),  # exactly what an upload's name gets
                    "size": a.size,
                    "content_type": safe_content_type(a.content_type),
                    "sha256": a.sha256,
                    "created": at,
                }
            )
            rows.blobs.setdefault(a.sha256, f"{_who(t, i)}: attachment {a.name!r}")
        return first + len(updates)

    @staticmethod
    def _update_row(tid: int, uid: int, u: Any, initial: dict[str, Any]) -> dict[str, Any]:
        has_values = u.kind != "created" and (u.from_ is not None or u.to is not None)
        return {
            "id": uid,
            "ticket_id": tid,
            "at": u.at,
            "author": " ".join(clean_text(u.author).split())[:100] or SYSTEM,
            "kind": u.kind,
            "field": "status" if u.kind in STATUS_KINDS else u.field,
            "old": encode(u.from_) if has_values else None,
            "new": json.dumps(initial, ensure_ascii=False)
            if u.kind == "created"
            else (encode(u.to) if has_values else None),
            "body": clean_text(u.body),
        }

    @staticmethod
    def _created_row(tid: int, uid: int, at: datetime, initial: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": uid,
            "ticket_id": tid,
            "at": at,
            "author": SYSTEM,
            "kind": "created",
            "field": None,
            "old": None,
            "new": json.dumps(initial, ensure_ascii=False),
            "body": initial.get("hold_reason") or "",
        }


def open_source(path: Path) -> tuple[Source, zipfile.ZipFile | None]:
    """Read a JSON document, or a zip holding ``tickets.json`` and ``files/<sha256>``."""
    if not path.is_file():
        raise DataCommandError(f"{path}: no such file")
    if zipfile.is_zipfile(path):
        zf = zipfile.ZipFile(path)
        names = set(zf.namelist())
        if "tickets.json" not in names:
            zf.close()
            raise DataCommandError(f"{path}: the zip has no tickets.json")
        files = {n.removeprefix("files/") for n in names if n.startswith("files/") and len(n) == 70}
        source = Source(str(path), zf.read("tickets.json"), files, lambda sha: zf.open(f"files/{sha}"))
        return source, zf
    return Source(str(path), path.read_bytes()), None


def import_document(service: TicketService, source: Source, *, uploads: Path, now: datetime) -> ImportResult:
    """Check the whole document, then write it in one transaction (all or nothing); see the module docstring."""
    return import_parsed(service, parse(source), source, uploads=uploads, now=now)


def import_parsed(
    service: TicketService,
    doc: Document,
    source: Source,
    *,
    uploads: Path,
    now: datetime,
    dry_run: bool = False,
) -> ImportResult:
    """:func:`import_document` for a document already parsed; ``dry_run`` checks everything and writes nothing."""
    importer = Importer(service, source, uploads=uploads, now=now)
    with service.db.read() as s:
        taken = bulk.taken_ticket_ids(s, ids=[t.id for t in doc.tickets if t.id is not None])
        max_ticket, max_update = bulk.max_ids(s)
    renumbered = importer.prepare(doc, taken=taken, next_ticket=max_ticket + 1, next_update=max_update + 1)
    importer.problems += series.check(doc.series, {t.id for t in doc.tickets})
    importer.problems += views.problems(doc.views, service.cfg)
    extras, problems = writing_import.check(service.cfg, doc)
    importer.problems += problems
    if importer.problems:
        raise _refuse(source.name, importer.problems)
    rows = importer.out
    if dry_run:
        return ImportResult(len(rows.tickets), renumbered, 0)
    added: list[Path] = []
    staged: list[StagedBlob] = []  # PostgreSQL: placed in the blob table inside the transaction below
    try:
        for sha, who in rows.blobs.items():
            if source.open_file is not None and sha in source.files:
                try:
                    with source.open_file(sha) as fh:
                        if isinstance(importer.store, DbBlobStore):
                            if not importer.store.exists(sha):
                                staged.append(_stage(importer.store, sha, fh))
                        elif add_blob(uploads, sha, fh):
                            added.append(blob_path(uploads, sha))
                except ValueError as e:
                    raise _refuse(source.name, [f"{who}: file {sha}: {e}"]) from None
        with service.db.write() as s:
            for blob in staged:
                importer.store.place(blob, s)
            # Re-check inside the write lock: another writer may have taken an id since the read above.
            if bulk.taken_ticket_ids(s, ids=[r["id"] for r in rows.tickets]) or bulk.max_ids(s) != (
                max_ticket,
                max_update,
            ):
                raise DataCommandError(f"{source.name}: the data changed during the import; run it again")
            tag_ids = bulk.ensure_tags(s, names=[n for _tid, names in rows.tags for n in names])
            ticket_tags = [
                {"ticket_id": tid, "tag_id": tag_ids[n.casefold()]}
                for tid, names in rows.tags
                for n in dict.fromkeys(names)
            ]
            bulk.insert_many(
                s,
                tickets=rows.tickets,
                watchers=rows.watchers,
                ticket_tags=ticket_tags,
                updates=rows.updates,
                links=rows.links,
                attachments=rows.attachments,
            )
            series.insert(s, doc.series, renumbered, now)
            fts.rebuild(s)
            checklists.refresh_all(s)
            service.recompute_derived(s)
            views_added, views_kept = views.add(s, doc.views)
            written = writing_import.write(s, extras)
    except BaseException:
        for p in added:  # the transaction is gone: take back the files it would have referenced
            p.unlink(missing_ok=True)
        for blob in staged:
            blob.discard()
            # place() made it the local cached copy, of a row the rolled-back transaction never kept
            importer.store.path_for(blob.sha256).unlink(missing_ok=True)
        raise
    return ImportResult(
        len(rows.tickets), renumbered, len(added) + len(staged), views_added, views_kept, written
    )


def _stage(store: BlobStore, sha: str, source: IO[bytes]) -> StagedBlob:
    """Copy ``source`` into the store's incoming folder, hashing it; ValueError when the content is not ``sha``."""
    writer = store.writer(limit=1 << 62)
    try:
        while chunk := source.read(1 << 20):
            writer.write(chunk)
    except BaseException:
        writer.discard()
        raise
    blob = writer.finish()
    if blob.sha256 != sha:
        blob.discard()
        raise ValueError(f"its content has SHA-256 {blob.sha256}, not {sha}")
    return blob
