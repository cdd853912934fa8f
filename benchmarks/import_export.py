"""Time import, export and backup on a document the benchmark makes itself (SPEC §13, §15).

    python benchmarks/import_export.py                 # 100,000 tickets, 3 runs
    python benchmarks/import_export.py -n 10000 --runs 5

Each ticket has 3 updates (created, a status change, a note), 0–3 of 50 tags, a watcher, a link, and varied
statuses, priorities and dates. Every run imports into a fresh empty data folder, then exports JSON and CSV and
takes a zip backup of it. Prints the median of each. The bar: import of 100,000 tickets under 60 s.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tickettracker.cli import start

STATUSES = ["Open", "In Progress", "On Hold", "Resolved", "Closed", "Cancelled"]
PRIORITIES = ["Low", "Medium", "High", "Urgent"]
TAGS = [f"tag{i:02d}" for i in range(50)]
T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)


def iso(d: datetime) -> str:
    return d.isoformat()


def make_document(n: int, seed: int = 1) -> dict[str, object]:
    rnd = random.Random(seed)
    tickets = []
    for i in range(1, n + 1):
        created = T0 + timedelta(minutes=rnd.randrange(0, 500_000))
        status = rnd.choice(STATUSES)
        hold = "Awaiting parts" if status == "On Hold" else None
        changed, noted = created + timedelta(hours=2), created + timedelta(hours=5)
        due = created + timedelta(days=rnd.randrange(1, 60)) if rnd.random() < 0.5 else None
        tickets.append(
            {
                "id": i,
                "title": f"Ticket {i}: printer {rnd.choice(['jam', 'fire', 'toner', 'driver'])}",
                "description": "Something is wrong with the printer on floor " + str(i % 7),
                "notes": "",
                "requester": f"user{i % 300}@example.com",
                "watchers": [f"boss{i % 5}@example.com"],
                "priority": rnd.choice(PRIORITIES),
                "status": status,
                "hold_reason": hold,
                "due": iso(due) if due else None,
                "created": iso(created),
                "updated": iso(noted),
                "tags": sorted(rnd.sample(TAGS, rnd.randrange(0, 4))),
                "links": [{"url": f"https://example.com/case/{i}", "label": "case"}],
                "attachments": [],
                "updates": [
                    {"at": iso(created), "author": "System", "kind": "created", "body": ""},
                    {"at": iso(changed), "author": "System", "kind": "status", "from": "Open", "to": status,
                     "body": hold or ""},
                    {"at": iso(noted), "author": "Ana", "kind": "note", "body": f"Looked at it ({i})."},
                ],
            }
        )  # fmt: skip
    return {"format": "tickettracker/1", "exported_at": iso(T0), "tickets": tickets}


def timed(*argv: str) -> float:
    t = time.perf_counter()
    code = start(list(argv))
    elapsed = time.perf_counter() - t
    if code != 0:
        raise SystemExit(f"{argv[0]} failed with exit code {code}")
    return elapsed


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-n", "--tickets", type=int, default=100_000)
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    results: dict[str, list[float]] = {"import": [], "export json": [], "export csv": [], "backup zip": []}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        source = base / "in.json"
        source.write_text(json.dumps(make_document(args.tickets)))
        print(f"{args.tickets:,} tickets, document {source.stat().st_size / 1e6:.1f} MB, {args.runs} run(s)")
        for run in range(args.runs):
            data = base / f"data{run}"
            results["import"].append(timed("import", str(source), "--data-dir", str(data)))
            results["export json"].append(
                timed("export", str(base / f"out{run}.json"), "--data-dir", str(data))
            )
            results["export csv"].append(
                timed("export", str(base / f"out{run}.csv"), "--format", "csv", "--data-dir", str(data))
            )
            results["backup zip"].append(timed("backup", str(base / f"b{run}.zip"), "--data-dir", str(data)))
    print(f"{'step':<12} {'median s':>9}  runs")
    for step, values in results.items():
        print(f"{step:<12} {statistics.median(values):>9.2f}  {', '.join(f'{v:.2f}' for v in values)}")


if __name__ == "__main__":
    main()
