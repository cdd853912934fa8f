"""Turn the original TicketTracker's rows into a ``tickettracker/1`` document (the format ``import`` reads).

How each thing comes across:
- watchers "a, b" → a list; ``links`` lines → link rows when they are http(s)/mailto URLs, any other line is kept
  in the notes under "Links (from the original TicketTracker)"; naive UTC times → aware UTC.
- the log: "Ticket created" → the created entry; an update with ``status_from``/``status_to`` → a status entry
  (the ticket's hold reason on the last move into hold), and its text, unless it is the original's generated
  "Status changed from X to Y", → a note at the same moment; every other update → a note (system ones by "System").
- attachments: the bytes of ``uploads/<stored_filename>`` (checked against the original's checksum where it has
  one); a missing, unreadable or changed file is left out, listed in the report and noted in the ticket's log.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tickettracker.config import Config
from tickettracker.domain.validation import check_link
from tickettracker.services.data import DataCommandError
from tickettracker.services.data.original_read import OriginalData
from tickettracker.services.data.progress import Progress

SYSTEM = "System"
KEPT_LINKS = "Links (from the original TicketTracker):"
NO_REASON = "(no reason recorded in the original TicketTracker)"
_CHUNK = 1 << 20


@dataclass
class FileIndex:
    """Files found under the original's uploads folder, hashed once each (shared files are common there)."""

    uploads: Path | None
    by_sha: dict[str, Path] = field(default_factory=dict)
    _seen: dict[Path, tuple[str, int] | str] = field(default_factory=dict)

    def resolve(self, stored: str, who: str) -> Path:
        """The file of a ``stored_filename``; a name that escapes the uploads folder is refused outright."""
        assert self.uploads is not None
        name = stored.replace("\\", "/")
        target = (self.uploads / name).resolve()
        if (
            name.startswith("/")
            or Path(name).is_absolute()
            or not target.is_relative_to(self.uploads.resolve())
        ):
            raise DataCommandError(
                f"{who}: file name {stored!r} escapes the uploads folder {self.uploads}; nothing imported"
            )
        return target

    def digest(self, path: Path) -> tuple[str, int] | str:
        """(sha256, size), or the reason the file cannot be read."""
        if path not in self._seen:
            try:
                h, size = hashlib.sha256(), 0
                with open(path, "rb") as fh:
                    while chunk := fh.read(_CHUNK):
                        h.update(chunk)
                        size += len(chunk)
                self._seen[path] = (h.hexdigest(), size)
                self.by_sha.setdefault(h.hexdigest(), path)
            except FileNotFoundError:
                self._seen[path] = "file missing"
            except IsADirectoryError:
                self._seen[path] = "a folder, not a file"
            except OSError as e:
                self._seen[path] = f"unreadable ({e.strerror})"
        return self._seen[path]


@dataclass
class Converted:
    document: dict[str, Any]
    skipped: list[str] = field(default_factory=list)
    links_as_text: int = 0
    log_only_statuses: set[str] = field(default_factory=set)
    files: int = 0
    bytes: int = 0
    file_paths: dict[str, Path] = field(default_factory=dict)  # sha256 → the original's file with those bytes


def _watchers(raw: str | None) -> list[str]:
    seen: dict[str, None] = {}
    for part in (raw or "").replace(";", ",").split(","):
        if part.strip():
            seen.setdefault(part.strip(), None)
    return list(seen)


def _links(raw: str | None) -> tuple[list[dict[str, str]], list[str]]:
    urls, text = [], []
    for line in (raw or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        entry = line.strip()
        if not entry:
            continue
        if check_link(entry) is None:
            urls.append({"url": entry, "label": ""})
        else:
            text.append(entry)
    return urls, text


def _log(
    ticket: dict[str, Any], rows: list[dict[str, Any]], hold: str | None
) -> tuple[list[dict[str, Any]], dict[int, int]]:
    """The ticket's log as interchange updates, and original update id → position of its entry."""
    out: list[dict[str, Any]] = []
    where: dict[int, int] = {}
    last_hold = max(
        (i for i, u in enumerate(rows) if u["status_to"] == hold and u["status_from"] != hold), default=None
    )
    for i, u in enumerate(rows):
        body, author = u["body"] or "", (u["author"] or "").strip() or SYSTEM
        base = {"at": u["created_at"], "author": author}
        frm, to = u["status_from"], u["status_to"]
        if u["is_system"] and frm is None and to is not None and body == "Ticket created":
            out.append({**base, "kind": "created", "body": ""})
        elif (frm is not None or to is not None) and frm != to:
            reason = ticket["on_hold_reason"] or "" if i == last_hold and ticket["status"] == hold else ""
            out.append({**base, "kind": "status", "from": frm, "to": to, "body": reason})
            if body and body != f"Status changed from {frm} to {to}":
                out.append({**base, "kind": "note", "body": body})
        else:
            out.append({**base, "kind": "note", "body": body})
        where[u["id"]] = len(out) - 1
    return out, where


def convert(data: OriginalData, files: FileIndex, cfg: Config, maps: dict[str, str]) -> Converted:
    """The whole document; statuses and priorities are renamed by ``maps`` (OLD → NEW) first."""
    result = Converted({"format": "tickettracker/1", "tickets": []})
    hold = cfg.status_roles.hold
    used: set[str] = set()
    progress = Progress("import-original: reading", len(data.tickets), unit=" tickets")
    for t in data.tickets:
        progress.advance()
        t["status"] = maps.get(t["status"], t["status"])
        t["priority"] = maps.get(t["priority"], t["priority"])
        rows = data.updates.get(t["id"], [])
        for u in rows:
            u["status_from"] = maps.get(u["status_from"], u["status_from"])
            u["status_to"] = maps.get(u["status_to"], u["status_to"])
            result.log_only_statuses |= {
                s for s in (u["status_from"], u["status_to"]) if s and s not in cfg.workflow
            }
        updates, where = _log(t, rows, hold)
        links, text = _links(t["links"])
        notes = (t["notes"] or "").rstrip()
        if text:
            result.links_as_text += len(text)
            notes = (notes + "\n\n" if notes else "") + KEPT_LINKS + "\n" + "\n".join(text)
        created = t["created_at"]
        doc: dict[str, Any] = {
            "id": t["id"],
            "title": t["title"],
            "description": t["description"] or "",
            "notes": notes,
            "requester": (t["requester"] or "").strip(),
            "watchers": _watchers(t["watchers"]),
            "priority": t["priority"],
            "status": t["status"],
            "hold_reason": (t["on_hold_reason"] or NO_REASON) if t["status"] == hold else None,
            "due": t["due_date"],
            "due_has_time": t["due_date"] is not None,
            "created": created,
            "updated": t["updated_at"],
            "tags": data.tags.get(t["id"], []),
            "links": links,
            "age_reference_date": t["age_reference_date"] or (created.date() if created else None),
            "attachments": [],
            "updates": updates,
        }
        for a in data.attachments.get(t["id"], []):
            who = f"ticket #{t['id']}: attachment #{a['id']} {a['original_filename']!r}"
            reason = _file(doc, a, files, who, where, used, result)
            if reason:
                result.skipped.append(f"{who}: {reason}")
                doc["updates"].append(
                    {
                        "at": a["uploaded_at"] or created,
                        "author": SYSTEM,
                        "kind": "note",
                        "body": f"Attachment {a['original_filename']!r} could not be brought across from the original TicketTracker: {reason}.",
                    }
                )
        result.document["tickets"].append(doc)
    progress.close()
    result.files = len(used)
    result.file_paths = {sha: files.by_sha[sha] for sha in used}
    return result


def _file(
    doc: dict[str, Any],
    a: dict[str, Any],
    files: FileIndex,
    who: str,
    where: dict[int, int],
    used: set[str],
    result: Converted,
) -> str | None:
    if files.uploads is None:
        return "no uploads folder was found (give it with --uploads DIR)"
    found = files.digest(files.resolve(a["stored_filename"], who))
    if isinstance(found, str):
        return f"{found} at {files.uploads / a['stored_filename']}"
    sha, size = found
    if a.get("checksum") and a["checksum"].lower() != sha:
        return f"its content changed since the original stored it (SHA-256 {sha[:12]}…, recorded {a['checksum'][:12]}…)"
    position = where.get(a["update_id"]) if a.get("update_id") is not None else None
    doc["attachments"].append(
        {
            "name": a["original_filename"] or Path(a["stored_filename"]).name,
            "size": size,
            "sha256": sha,
            "content_type": a["mimetype"] or "application/octet-stream",
            "update": position,
        }
    )
    if sha not in used:
        used.add(sha)
        result.bytes += size
    return None
