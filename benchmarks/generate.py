"""Make a benchmark database quickly: N tickets with 3 updates each, 50 tags, varied statuses, priorities and dates.

Rows go in with plain SQL in one transaction (the services would log and fsync each ticket: far too slow for 100,000),
but every derived column (priority_rank, deadline, the full-text index) is computed the way the services compute it.

    python -m benchmarks.generate DEST.db --tickets 100000
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from tickettracker.config import Config
from tickettracker.domain import sla
from tickettracker.store import open_database

WORDS = [
    "printer",
    "toner",
    "network",
    "vpn",
    "laptop",
    "screen",
    "keyboard",
    "mouse",
    "email",
    "calendar",
    "invoice",
    "payroll",
    "backup",
    "server",
    "disk",
    "license",
    "password",
    "account",
    "badge",
    "door",
    "heating",
    "light",
    "chair",
    "phone",
    "headset",
    "camera",
    "projector",
    "wifi",
    "router",
    "update",
    "report",
    "meeting",
    "contract",
    "vendor",
    "shipment",
    "order",
    "refund",
    "migration",
    "database",
    "outage",
    "slow",
    "error",
    "crash",
    "login",
]
NAMES = ["ana", "bo", "carl", "dana", "eve", "finn", "gus", "hana", "ivan", "jo", "kim", "lee"]
TAGS = [f"tag{i:02d}" for i in range(45)] + ["network", "printer", "hardware", "office", "urgent"]


def _ts(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).replace(tzinfo=None).isoformat(sep=" ")


def generate(path: Path, n: int, *, seed: int = 7, now: datetime | None = None) -> Path:
    """Create (or replace) the database at ``path`` with ``n`` tickets; returns the path."""
    cfg = Config()
    now = now or datetime.now(timezone.utc)
    rnd = random.Random(seed)
    if path.exists():
        path.unlink()
    open_database(path).dispose()  # migrated schema, exactly as the app makes it
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO tag (id, name) VALUES (?, ?)", list(enumerate(TAGS, start=1)))
    tickets, tag_rows, watchers, updates, fts, attachments = [], [], [], [], [], []
    for tid in range(1, n + 1):
        created = now - timedelta(days=rnd.uniform(0, 400))
        updated = min(now, created + timedelta(days=rnd.uniform(0, 60)))
        status = rnd.choices(cfg.workflow, weights=[30, 20, 10, 10, 25, 5])[0]
        priority = rnd.choice(cfg.priorities)
        due = now + timedelta(days=rnd.uniform(-20, 60)) if rnd.random() < 0.4 else None
        hold = rnd.choice(cfg.hold_reasons) if status == cfg.status_roles.hold else None
        paused_since = updated if status in cfg.paused_statuses else None
        facts = sla.SlaFacts(status, priority, created, due, sla.Pause(0.0, paused_since))
        deadline = sla.deadline(facts, cfg)
        title = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(2, 5))).capitalize() + f" {tid}"
        description = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(5, 25)))
        requester = rnd.choice(NAMES) + "@example.com"
        tickets.append(
            (
                tid,
                title,
                description,
                "",
                requester,
                priority,
                cfg.priorities.index(priority),
                status,
                hold,
                _ts(due) if due else None,
                0,
                _ts(created),
                _ts(updated),
                None,
                _ts(deadline) if deadline else None,
                0.0,
                _ts(paused_since) if paused_since else None,
                1,
            )
        )
        mine = rnd.sample(range(1, len(TAGS) + 1), rnd.randint(0, 3))
        tag_rows += [(tid, t) for t in mine]
        who = rnd.sample(NAMES, rnd.randint(0, 2))
        watchers += [(tid, i, w + "@example.com") for i, w in enumerate(who)]
        notes = [" ".join(rnd.choice(WORDS) for _ in range(8)) for _ in range(2)]
        updates.append((tid, _ts(created), "System", "created", None, None, json.dumps({"title": title}), ""))
        updates += [(tid, _ts(updated), rnd.choice(NAMES), "note", None, None, None, body) for body in notes]
        if rnd.random() < 0.1:
            attachments.append((tid, "log.txt", 100, "text/plain", f"{tid:064x}", _ts(created)))
        fts.append(
            (
                tid,
                title,
                description,
                "",
                requester,
                " ".join(w + "@example.com" for w in who),
                " ".join(TAGS[t - 1] for t in mine),
                "",
                " ".join(notes),
            )
        )
    conn.executemany(f"INSERT INTO ticket VALUES ({', '.join('?' * 18)})", tickets)
    conn.executemany("INSERT INTO ticket_tag (ticket_id, tag_id) VALUES (?, ?)", tag_rows)
    conn.executemany("INSERT INTO watcher (ticket_id, position, value) VALUES (?, ?, ?)", watchers)
    conn.executemany(
        "INSERT INTO ticket_update (ticket_id, at, author, kind, field, old, new, body) VALUES (?,?,?,?,?,?,?,?)",
        updates,
    )
    conn.executemany(
        "INSERT INTO attachment (ticket_id, name, size, content_type, sha256, created) VALUES (?,?,?,?,?,?)",
        attachments,
    )
    conn.executemany(
        "INSERT INTO ticket_fts(rowid, title, description, notes, requester, watchers, tags, links, updates) "
        "VALUES (?,?,?,?,?,?,?,?,?)",
        fts,
    )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("dest", type=Path)
    parser.add_argument("--tickets", type=int, default=100_000)
    args = parser.parse_args()
    start = time.perf_counter()
    generate(args.dest, args.tickets)
    print(f"{args.tickets:,} tickets in {args.dest} ({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
