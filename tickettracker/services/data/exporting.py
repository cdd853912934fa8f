"""Export every ticket as the ``tickettracker/2`` JSON document, as CSV (one row per ticket), or as a zip with files.

The document is streamed ticket by ticket, so 100,000 tickets never sit in memory at once; the ticket templates and
text snippets (few and small) follow the tickets.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TextIO

from tickettracker.domain import fields
from tickettracker.domain.interchange import FORMAT
from tickettracker.domain.records import TicketRec, UpdateRec
from tickettracker.domain.templates import Template
from tickettracker.errors import storage_faults
from tickettracker.fsutil import fsync_path, replace
from tickettracker.services.data import DataCommandError, series
from tickettracker.services.data.progress import Progress
from tickettracker.store import Database, bulk, saved_views, writing
from tickettracker.store.blob_table import blob_store

CSV_COLUMNS = (
    "id",
    *fields.csv_names(after_times=False),
    "created",
    "updated",
    *fields.csv_names(after_times=True),
    "attachments",
    "updates",
)
# Kinds whose from/to are the status (the log stores them under field "status").
STATUS_KINDS = ("status", "reopened")


def iso(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(timezone.utc).isoformat()


def update_doc(u: UpdateRec) -> dict[str, Any]:
    """One log entry in the interchange shape (SPEC §15 key order; ``field``/``from``/``to``/``links`` when set)."""
    d: dict[str, Any] = {"at": iso(u.at), "author": u.author, "kind": u.kind}
    if u.kind != "created":  # the created entry's initial values are rebuilt from the log on import
        if u.field is not None and u.kind not in STATUS_KINDS:
            d["field"] = u.field
        if u.old is not None or u.new is not None:
            d["from"] = fields.decode(u.old)
            d["to"] = fields.decode(u.new)
    d["body"] = u.body
    if u.links:
        d["links"] = [{"url": lk.url, "label": lk.label} for lk in u.links]
    return d


def ticket_doc(t: TicketRec) -> dict[str, Any]:
    """One ticket in the interchange shape (keys in SPEC §15 order)."""
    position = {u.id: i for i, u in enumerate(t.updates)}
    d: dict[str, Any] = {
        "id": t.id,
        **fields.doc_values(t, after_times=False),
        "created": iso(t.created),
        "updated": iso(t.updated),
        **fields.doc_values(t, after_times=True),
        "attachments": [
            {
                "name": a.name,
                "size": a.size,
                "sha256": a.sha256,
                "content_type": a.content_type,
                "update": position.get(a.update_id) if a.update_id is not None else None,
            }
            for a in t.attachments
        ],
        "updates": [update_doc(u) for u in t.updates],
        **fields.doc_qualifiers(t),
    }
    if t.age_reference is not None:
        d["age_reference_date"] = t.age_reference.isoformat()
    return d


def iter_tickets(db: Database, *, label: str = "export") -> Iterator[TicketRec]:
    """Every ticket (trash included) as read models, from one consistent read snapshot, with progress."""
    with db.read() as s:
        ids = bulk.ticket_ids(s)
        progress = Progress(label, len(ids), unit=" tickets")
        try:
            for rec in bulk.iter_tickets(s, ids=ids):
                yield rec
                progress.advance()
        finally:
            progress.close()


def write_json(db: Database, out: TextIO, *, now: datetime, shas: set[str] | None = None) -> int:
    """Stream the whole document (tickets, then saved views) to ``out``; returns the number of tickets written.

    ``shas`` (when given) collects the SHA-256 of every attachment, for the zip.
    """
    out.write(f'{{"format": {json.dumps(FORMAT)}, "exported_at": {json.dumps(iso(now))},\n "tickets": [')
    n = 0
    for rec in iter_tickets(db):
        if shas is not None:
            shas.update(a.sha256 for a in rec.attachments)
        out.write(",\n  " if n else "\n  ")
        out.write(json.dumps(ticket_doc(rec), ensure_ascii=False))
        n += 1
    out.write("\n ]")
    series.write_series(db, out)
    out.write(',\n "views": ')
    out.write(json.dumps(views_doc(db), ensure_ascii=False))
    with db.read() as s:
        extras = {
            "templates": [template_doc(t) for t in writing.templates(s)],
            "snippets": [{"name": sn.name, "body": sn.body} for sn in writing.snippets(s)],
        }
    for key, items in extras.items():
        out.write(f',\n "{key}": [')
        out.write(",".join("\n  " + json.dumps(item, ensure_ascii=False) for item in items))
        out.write("\n ]" if items else "]")
    out.write("}\n")
    return n


def template_doc(t: Template) -> dict[str, Any]:
    """One ticket template in the interchange shape (version 2)."""
    return {
        "name": t.name,
        "title_pattern": t.title_pattern,
        "description": t.description,
        "priority": t.priority,
        "tags": list(t.tags),
        "watchers": list(t.watchers),
        "due_in_days": t.due_in_days,
        "checklist": list(t.checklist),
    }


def views_doc(db: Database) -> list[dict[str, Any]]:
    """The saved views in sidebar order (the README promises that exports carry them)."""
    with db.read() as s:
        return [
            {"name": v.name, "query": v.query, "sort": v.sort, "default": v.is_default}
            for v in saved_views.all_views(s)
        ]


def _cell(value: str) -> str:
    # A spreadsheet runs a cell that starts with = + - @ as a formula: quote it (OWASP "CSV injection").
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def write_csv(db: Database, out: TextIO) -> int:
    """One row per ticket with the columns of :data:`CSV_COLUMNS`; lists are joined with "; "."""
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    n = 0
    for t in iter_tickets(db):
        row = [
            str(t.id),
            *fields.csv_cells(t, after_times=False),
            iso(t.created) or "",
            iso(t.updated) or "",
            *fields.csv_cells(t, after_times=True),
            str(len(t.attachments)),
            str(len(t.updates)),
        ]
        writer.writerow([_cell(v) for v in row])
        n += 1
    return n


def write_zip(db: Database, uploads: Path, dest: Path, *, now: datetime) -> int:
    """A zip with ``tickets.json`` and every attachment file as ``files/<sha256>``; written beside, synced, renamed."""
    tmp = dest.with_name(dest.name + ".partial")
    try:
        with storage_faults(str(dest.parent)):
            out_count = _fill_zip(db, uploads, tmp, now=now)
            fsync_path(tmp)
            replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return out_count


def _fill_zip(db: Database, uploads: Path, path: Path, *, now: datetime) -> int:
    seen: set[str] = set()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
        with zf.open("tickets.json", "w", force_zip64=True) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8")
            out_count = write_json(db, text, now=now, shas=seen)
            text.flush()
            text.detach()
        store = blob_store(uploads, db)  # the uploads folder, or PostgreSQL's blob table (cached locally)
        for sha in sorted(seen):
            src = store.local_file(sha)
            if src is None:
                raise DataCommandError(
                    f"attachment file {sha} is missing from {uploads}; run `check` to see which ticket"
                )
            zf.write(src, f"files/{sha}", compress_type=zipfile.ZIP_STORED)
    return out_count
