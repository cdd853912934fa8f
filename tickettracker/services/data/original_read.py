"""Read the original TicketTracker's SQLite database, read-only, in one consistent read transaction.

Opened with the URI ``mode=ro``: nothing is ever written to it (not even a journal). Every schema version is read:
the first ones lack ``tickets.age_reference_date`` and ``attachments.checksum``/``file_uuid``; there is no version
number, so the columns decide. Timestamps are naive UTC text and come back as aware UTC datetimes.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from tickettracker.services.data import DataCommandError

REQUIRED = {
    "tickets": {"id", "title", "description", "priority", "status", "created_at", "updated_at"},
    "ticket_updates": {"id", "ticket_id", "body", "created_at"},
    "attachments": {"id", "ticket_id", "original_filename", "stored_filename"},
    "tags": {"id", "name"},
    "ticket_tags": {"ticket_id", "tag_id"},
}
OPTIONAL = {
    "tickets": (
        "requester",
        "watchers",
        "due_date",
        "notes",
        "links",
        "on_hold_reason",
        "age_reference_date",
    ),
    "ticket_updates": ("author", "status_from", "status_to", "is_system"),
    "attachments": ("update_id", "mimetype", "size", "checksum", "uploaded_at"),
}


@dataclass
class OriginalData:
    """Rows of the original's tables as dicts (optional columns present as None), grouped by ticket."""

    tickets: list[dict[str, Any]]
    updates: dict[int, list[dict[str, Any]]]
    attachments: dict[int, list[dict[str, Any]]]
    tags: dict[int, list[str]]
    tag_colours: int
    missing_columns: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _connect(db: Path) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=2.0)
        conn.row_factory = sqlite3.Row
        return conn
    except sqlite3.Error as e:
        raise DataCommandError(f"{db}: cannot open the database read-only ({e})") from None


def _explain(db: Path, e: sqlite3.Error) -> DataCommandError:
    text = str(e)
    if "locked" in text or "busy" in text:
        return DataCommandError(
            f"{db}: the database is locked by another program; stop the original TicketTracker and try again"
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return DataCommandError(f"{db}: not an SQLite database, or it is damaged ({text})")
    return DataCommandError(f"{db}: cannot read the database ({text})")


def _columns(conn: sqlite3.Connection, db: Path) -> dict[str, set[str]]:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = sorted(set(REQUIRED) - tables)
    if missing:
        raise DataCommandError(
            f"{db}: not the original TicketTracker's database (no table {', '.join(missing)})"
        )
    found = {t: {r[1] for r in conn.execute(f"PRAGMA table_info({t})")} for t in REQUIRED}
    for table, needed in REQUIRED.items():
        lacking = sorted(needed - found[table])
        if lacking:
            raise DataCommandError(
                f"{db}: not the original TicketTracker's database (table {table} has no column {', '.join(lacking)})"
            )
    return found


def _select(table: str, cols: set[str], order: str) -> str:
    wanted = sorted(REQUIRED[table]) + list(OPTIONAL.get(table, ()))
    parts = [c if c in cols else f"NULL AS {c}" for c in wanted]
    return f"SELECT {', '.join(parts)} FROM {table} ORDER BY {order}"


def parse_time(value: Any) -> datetime | None:
    """A naive-UTC timestamp of the original (``2024-01-08 13:15:00.000000``) as an aware UTC datetime."""
    if value is None or value == "":
        return None
    moment = datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def parse_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    return date.fromisoformat(str(value)[:10])


def _convert(rows: list[dict[str, Any]], names: tuple[str, ...], what: str, problems: list[str]) -> None:
    for row in rows:
        for name in names:
            try:
                row[name] = parse_date(row[name]) if name == "age_reference_date" else parse_time(row[name])
            except ValueError:
                problems.append(f"{what} #{row['id']}: {name}: {row[name]!r} is not a date")
                row[name] = None


def read(db: Path) -> OriginalData:
    """Everything the import needs, from one read transaction (a consistent view even if the original runs)."""
    conn = _connect(db)
    try:
        conn.execute("BEGIN")
        cols = _columns(conn, db)
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise DataCommandError(f"{db}: the database is damaged (quick_check: {check})")
        tickets = [dict(r) for r in conn.execute(_select("tickets", cols["tickets"], "id"))]
        updates = [
            dict(r) for r in conn.execute(_select("ticket_updates", cols["ticket_updates"], "created_at, id"))
        ]
        files = [dict(r) for r in conn.execute(_select("attachments", cols["attachments"], "id"))]
        tag_rows = conn.execute(
            "SELECT tt.ticket_id, t.name FROM ticket_tags tt JOIN tags t ON t.id = tt.tag_id ORDER BY tt.ticket_id, t.name"
        ).fetchall()
        colours = conn.execute(
            "SELECT COUNT(*) FROM tags WHERE color IS NOT NULL AND color != ''"
        ).fetchone()[0]
        conn.rollback()
    except sqlite3.Error as e:
        raise _explain(db, e) from None
    finally:
        conn.close()
    missing = [
        f"{t}.{c}"
        for t in OPTIONAL
        for c in ("age_reference_date", "checksum")
        if c in OPTIONAL[t] and c not in cols[t]
    ]
    problems: list[str] = []
    _convert(tickets, ("due_date", "created_at", "updated_at", "age_reference_date"), "ticket", problems)
    _convert(updates, ("created_at",), "update", problems)
    _convert(files, ("uploaded_at",), "attachment", problems)
    by_ticket: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for u in updates:
        by_ticket[u["ticket_id"]].append(u)
    files_by: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for a in files:
        files_by[a["ticket_id"]].append(a)
    tags: dict[int, list[str]] = defaultdict(list)
    for tid, name in tag_rows:
        tags[tid].append(name)
    return OriginalData(tickets, dict(by_ticket), dict(files_by), dict(tags), colours, missing, problems)
