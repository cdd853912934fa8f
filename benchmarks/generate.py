"""Fill a data folder with N synthetic tickets (3 log entries each, 50 tags) for the benchmarks (SPEC §13).

The rows are what the services would write: the SLA engine derives ``deadline`` and the pause credit, the configured
order gives ``priority_rank``, every ticket has a "created" entry holding its initial values plus a status change or
note and a note, and the full-text index is built from the same columns as ``store.fts.reindex``. Only the speed
differs: rows go in with bulk inserts in one transaction instead of one service call per ticket.

    python -m benchmarks.generate --data-dir /tmp/tt-bench-100k --tickets 100000
"""

from __future__ import annotations

import argparse
import json
import random
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

from benchmarks import use_database
from tickettracker.app import build_services
from tickettracker.config import Config
from tickettracker.domain import sla
from tickettracker.store import fts
from tickettracker.store.db import sync_sequences
from tickettracker.store.models import Link, Tag, Ticket, TicketTag, TicketUpdate, Watcher

# The same clock the benchmarks query with, so "overdue" and countdowns are stable between runs.
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)
TAGS = 50
# Frequent words (each in many titles) and rare ones (a handful of tickets) so search is measured at both ends.
COMMON = [
    "printer",
    "network",
    "laptop",
    "email",
    "password",
    "account",
    "server",
    "backup",
    "phone",
    "screen",
    "monitor",
    "keyboard",
    "mouse",
    "vpn",
    "wifi",
    "license",
    "update",
    "install",
    "error",
    "crash",
    "slow",
    "login",
    "access",
    "share",
    "drive",
    "folder",
    "calendar",
    "meeting",
    "invoice",
    "order",
]
RARE = ["zeppelin", "quasar", "obsidian", "marzipan", "xylophone"]
ACCENTED = ("Café", "Ærø", "naïve", "Zürich", "São Paulo", "Kraków")
VERBS = [
    "broken",
    "fails",
    "needs",
    "missing",
    "requests",
    "cannot",
    "stuck",
    "replace",
    "reset",
    "configure",
]
PEOPLE = [
    f"{first}.{last}@example.com"
    for first in ["ana", "bo", "chen", "dara", "eli", "fay", "gus", "hana", "ivo", "jun"]
    for last in ["smith", "jones", "garcia", "müller", "rossi", "tanaka", "silva", "nowak", "kim", "berg"]
]
# Status mix: mostly open work, a long tail of finished tickets (like a real backlog).
STATUS_WEIGHTS = {"Open": 30, "In Progress": 20, "On Hold": 10, "Resolved": 15, "Closed": 20, "Cancelled": 5}


def _title(rng: random.Random, i: int) -> str:
    words = [rng.choice(COMMON), rng.choice(VERBS), rng.choice(COMMON)]
    if i % 997 == 0:
        words.append(RARE[(i // 997) % len(RARE)])
    if i % 101 == 0:
        words.append(ACCENTED[(i // 101) % len(ACCENTED)])
    return " ".join(words).capitalize() + f" ({i})"


def generate(data_dir: Path, tickets: int, seed: int = 7) -> dict[str, float]:
    """Create ``tickets`` tickets in ``data_dir`` (appending to what is there); returns timings in seconds."""
    rng = random.Random(seed)
    ctx = build_services(str(data_dir))
    cfg: Config = ctx.cfg
    statuses = [s for s in STATUS_WEIGHTS if s in cfg.workflow] or list(cfg.workflow)
    weights = [STATUS_WEIGHTS.get(s, 1) for s in statuses]
    ranks = {name: i for i, name in enumerate(cfg.priorities)}
    started = time.perf_counter()
    with ctx.db.write() as s:
        first = int(s.execute(text("SELECT coalesce(max(id), 0) + 1 FROM ticket")).scalar_one())
        existing = {name.casefold(): tid for tid, name in s.execute(text("SELECT id, name FROM tag"))}
        tag_ids = []
        for n in range(TAGS):
            name = f"tag-{n:02d}" if n >= len(ACCENTED) else ACCENTED[n].replace(" ", "-")
            tid = existing.get(name.casefold())
            if tid is None:
                tid = int(s.execute(insert(Tag).values(name=name)).inserted_primary_key[0])  # type: ignore[index]
            tag_ids.append((tid, name))
        t_rows: list[dict[str, Any]] = []
        u_rows: list[dict[str, Any]] = []
        tt_rows: list[dict[str, Any]] = []
        w_rows: list[dict[str, Any]] = []
        l_rows: list[dict[str, Any]] = []
        for i in range(first, first + tickets):
            created = NOW - timedelta(days=rng.uniform(0, 730))
            changed = created + timedelta(hours=rng.uniform(1, 24 * 20))
            noted = changed + timedelta(hours=rng.uniform(1, 24 * 10))
            changed, noted = min(changed, NOW), min(noted, NOW)
            status = rng.choices(statuses, weights)[0]
            priority = rng.choice(cfg.priorities)
            due = (
                (created + timedelta(days=rng.randint(1, 60))).replace(
                    hour=17, minute=0, second=0, microsecond=0
                )
                if rng.random() < 0.4
                else None
            )
            initial = cfg.status_roles.initial
            history = [(changed, status)] if status != initial else []
            pause = sla.pause_credit(created, initial, history, cfg.paused_statuses, NOW)
            facts = sla.SlaFacts(status, priority, created, due, pause)
            chosen = rng.sample(tag_ids, rng.randint(0, 4))
            watchers = rng.sample(PEOPLE, rng.randint(0, 2))
            requester = rng.choice(PEOPLE)
            title = _title(rng, i)
            hold = rng.choice(cfg.hold_reasons) if status == cfg.status_roles.hold else None
            t_rows.append(
                {
                    "id": i,
                    "title": title,
                    "description": f"{rng.choice(COMMON)} {rng.choice(VERBS)} since monday",
                    "notes": "",
                    "requester": requester,
                    "priority": priority,
                    "priority_rank": ranks[priority],
                    "status": status,
                    "hold_reason": hold,
                    "due": due,
                    "due_has_time": False,
                    "created": created,
                    "updated": noted,
                    "deleted_at": None,
                    "deadline": sla.deadline(facts, cfg),
                    "paused_seconds": pause.paused_seconds,
                    "paused_since": pause.paused_since,
                    "version": 3,
                }
            )
            first_values = {
                "title": title,
                "description": "",
                "notes": "",
                "requester": requester,
                "watchers": watchers,
                "priority": priority,
                "status": initial,
                "hold_reason": None,
                "due": due.isoformat() if due else None,
                "due_has_time": False,
                "tags": [n for _, n in chosen],
                "links": [],
            }
            u_rows.append(
                {
                    "ticket_id": i,
                    "at": created,
                    "author": "Me",
                    "kind": "created",
                    "field": None,
                    "old": None,
                    "new": json.dumps(first_values, ensure_ascii=False),
                    "body": "",
                }
            )
            if history:
                u_rows.append(
                    {
                        "ticket_id": i,
                        "at": changed,
                        "author": "Me",
                        "kind": "status",
                        "field": "status",
                        "old": json.dumps(initial),
                        "new": json.dumps(status),
                        "body": hold or "",
                    }
                )
            else:
                u_rows.append(
                    {
                        "ticket_id": i,
                        "at": changed,
                        "author": "Me",
                        "kind": "note",
                        "field": None,
                        "old": None,
                        "new": None,
                        "body": f"Looked at the {rng.choice(COMMON)}",
                    }
                )
            u_rows.append(
                {
                    "ticket_id": i,
                    "at": noted,
                    "author": "Me",
                    "kind": "note",
                    "field": None,
                    "old": None,
                    "new": None,
                    "body": f"Called {requester.split('@')[0]} about the {rng.choice(COMMON)}",
                }
            )
            tt_rows.extend({"ticket_id": i, "tag_id": tid} for tid, _ in chosen)
            w_rows.extend({"ticket_id": i, "position": p, "value": v} for p, v in enumerate(watchers))
            if rng.random() < 0.2:
                l_rows.append(
                    {
                        "ticket_id": i,
                        "update_id": None,
                        "position": 0,
                        "url": f"https://wiki.example.com/kb/{rng.randint(1, 5000)}",
                        "label": "KB article",
                    }
                )
        for model, rows in (
            (Ticket, t_rows),
            (TicketUpdate, u_rows),
            (TicketTag, tt_rows),
            (Watcher, w_rows),
            (Link, l_rows),
        ):
            for k in range(0, len(rows), 5000):
                s.execute(insert(model), rows[k : k + 5000])
        inserted = time.perf_counter()
        fts.index_range(s, first_id=first, last_id=first + tickets - 1)
        sync_sequences(s)  # PostgreSQL: ids were given explicitly
    indexed = time.perf_counter()
    # Statistics for the planner; on PostgreSQL also the visibility map, without which no index-only scan pays
    # (what autovacuum does soon after a bulk load, done at once so the first measurement is not before it).
    with ctx.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE" if ctx.db.is_postgres else "PRAGMA optimize")
    ctx.close()
    return {
        "insert_s": inserted - started,
        "fts_s": indexed - inserted,
        "total_s": time.perf_counter() - started,
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    p.add_argument("--data-dir", required=True, type=Path)
    p.add_argument("--tickets", type=int, default=1000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument(
        "--uri",
        help="a database URI (e.g. postgresql+psycopg://…) for the data folder: writes its config.json",
    )
    a = p.parse_args()
    use_database(a.data_dir, a.uri)
    timings = generate(a.data_dir, a.tickets, a.seed)
    print(f"{a.tickets:,} tickets in {a.data_dir}: " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()))


if __name__ == "__main__":
    main()
