"""Write a database in the original TicketTracker's schema (its current version, or the early one), for benchmarks
and tests of ``import-original``.

The schema below was written for this repository from the facts in the original's models (see the README section
"Coming from the original TicketTracker"); none of the original's code is used. Times are naive UTC text, as the
original stored them; watchers are comma-separated; links are free text, one entry per line.

    python benchmarks/original_db.py DEST_FOLDER --tickets 10000 --updates 3   # write it
    python benchmarks/original_db.py DEST_FOLDER --time --runs 3                # and time import-original on it

Each timed run imports the folder (``--with-config``) into a fresh, empty data folder and prints the median.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SCHEMA = """
CREATE TABLE tickets (
    id INTEGER NOT NULL PRIMARY KEY, title VARCHAR(255) NOT NULL, description TEXT NOT NULL,
    requester VARCHAR(120), watchers TEXT, priority VARCHAR(32) NOT NULL, status VARCHAR(32) NOT NULL,
    due_date DATETIME, notes TEXT, links TEXT, on_hold_reason VARCHAR(255),
    created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL{age});
CREATE TABLE tags (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(64) NOT NULL UNIQUE, color VARCHAR(16));
CREATE TABLE ticket_tags (ticket_id INTEGER NOT NULL, tag_id INTEGER NOT NULL, created_at DATETIME NOT NULL,
    PRIMARY KEY (ticket_id, tag_id));
CREATE TABLE ticket_updates (
    id INTEGER NOT NULL PRIMARY KEY, ticket_id INTEGER NOT NULL, body TEXT NOT NULL, author VARCHAR(120),
    created_at DATETIME NOT NULL, status_from VARCHAR(32), status_to VARCHAR(32), is_system BOOLEAN NOT NULL);
CREATE TABLE attachments (
    id INTEGER NOT NULL PRIMARY KEY, ticket_id INTEGER NOT NULL, update_id INTEGER,
    original_filename VARCHAR(255) NOT NULL, stored_filename VARCHAR(255) NOT NULL, mimetype VARCHAR(128),
    size INTEGER{checksum}, uploaded_at DATETIME NOT NULL)
"""

PRIORITIES = ["Low", "Medium", "High", "Critical"]
STATUSES = ["Open", "In Progress", "On Hold", "Resolved", "Closed", "Cancelled"]
HOLD_REASONS = ["Awaiting customer response", "Blocked by dependency"]
WORDS = [
    "printer",
    "vpn",
    "laptop",
    "invoice",
    "email",
    "backup",
    "router",
    "licence",
    "badge",
    "server",
    "phone",
    "screen",
]


def create_schema(conn: sqlite3.Connection, *, early: bool = False) -> None:
    """Create the original's five tables; ``early`` leaves out age_reference_date, checksum and file_uuid."""
    sql = SCHEMA.format(
        age="" if early else ", age_reference_date DATE",
        checksum="" if early else ", checksum VARCHAR(64), file_uuid VARCHAR(36)",
    )
    for statement in sql.split(";\n"):
        conn.execute(statement)


def ts(moment: datetime) -> str:
    """A naive UTC timestamp the way the original's SQLAlchemy wrote it."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def generate(dest: Path, *, tickets: int, updates: int, seed: int = 7, files_every: int = 50) -> Path:
    """A project folder (config.json, tickettracker.db, uploads/) with ``tickets`` tickets of ``updates`` notes."""
    rng = random.Random(seed)
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "config.json").write_text(json.dumps({"priorities": PRIORITIES, "workflow": STATUSES}))
    uploads = dest / "uploads" / "shared"
    uploads.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(dest / "tickettracker.db")
    create_schema(conn)
    conn.executemany(
        "INSERT INTO tags (id, name, color) VALUES (?, ?, NULL)", [(i, f"tag{i}") for i in range(1, 51)]
    )
    start = datetime(2024, 1, 1, 9, 0, 0)
    t_rows, u_rows, tag_rows, a_rows = [], [], [], []
    uid = aid = 0
    for tid in range(1, tickets + 1):
        created = start + timedelta(minutes=37 * tid)
        status = rng.choice(STATUSES)
        due = ts(created + timedelta(days=rng.randint(1, 60))) if rng.random() < 0.4 else None
        t_rows.append(
            (
                tid,
                f"{rng.choice(WORDS)} problem {tid}",
                f"The {rng.choice(WORDS)} does not work.",
                "Ana",
                "bo@example.com, Cy",
                rng.choice(PRIORITIES),
                status,
                due,
                None,
                "https://example.com/kb/1\nsee the wiki",
                rng.choice(HOLD_REASONS) if status == "On Hold" else None,
                ts(created),
                ts(created + timedelta(days=updates)),
                created.date().isoformat(),
            )
        )
        tag_rows.append((tid, 1 + tid % 50, ts(created)))
        for k in range(updates):
            uid += 1
            u_rows.append(
                (
                    uid,
                    tid,
                    f"Note {k + 1} on ticket {tid}",
                    "Sam",
                    ts(created + timedelta(days=k + 1)),
                    None,
                    None,
                    0,
                )
            )
        if files_every and tid % files_every == 0:
            content = f"log of ticket {tid}\n".encode()
            name = f"shared/{tid:08d}-file.log"
            (dest / "uploads" / name).write_bytes(content)
            aid += 1
            a_rows.append(
                (
                    aid,
                    tid,
                    uid,
                    "file.log",
                    name,
                    "text/plain",
                    len(content),
                    hashlib.sha256(content).hexdigest(),
                    None,
                    ts(created),
                )
            )
    conn.executemany("INSERT INTO tickets VALUES (" + ",".join("?" * 14) + ")", t_rows)
    conn.executemany("INSERT INTO ticket_updates VALUES (?,?,?,?,?,?,?,?)", u_rows)
    conn.executemany("INSERT INTO ticket_tags VALUES (?,?,?)", tag_rows)
    conn.executemany("INSERT INTO attachments VALUES (?,?,?,?,?,?,?,?,?,?)", a_rows)
    conn.commit()
    conn.close()
    return dest


def time_import(project: Path, runs: int) -> list[float]:
    """Seconds taken by ``import-original --with-config`` into a fresh data folder, once per run."""
    from tickettracker.cli import start

    seconds = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as data:
            began = time.perf_counter()
            code = start(["import-original", str(project), "--with-config", "--data-dir", data])
            seconds.append(time.perf_counter() - began)
            if code != 0:
                raise SystemExit(f"import-original failed with exit code {code}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--tickets", type=int, default=10_000)
    parser.add_argument("--updates", type=int, default=3)
    parser.add_argument("--time", action="store_true", help="then time import-original on it")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not (args.dest / "tickettracker.db").exists():
        generate(args.dest, tickets=args.tickets, updates=args.updates)
        print(f"wrote {args.dest}")
    if args.time:
        seconds = time_import(args.dest, args.runs)
        print(
            f"import-original: median {statistics.median(seconds):.2f} s over {args.runs} runs "
            f"({', '.join(f'{s:.2f}' for s in seconds)})"
        )


if __name__ == "__main__":
    main()
