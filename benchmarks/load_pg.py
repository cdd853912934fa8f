"""Load test for team mode: several app processes writing to one PostgreSQL database at once (not a timed test).

    python -m benchmarks.load_pg --uri postgresql+psycopg://tt:tt@localhost/ttbench --seconds 60

Each of ``--processes`` processes opens the tracker as an app instance does (its own engine, pool and
LISTEN/NOTIFY bridge) and runs ``--writers`` writer threads and ``--readers`` reader threads for ``--seconds``:

- a writer picks a ticket from a small shared hot set, reads it, and saves a new title with the version it read
  (stale saves are refused: "conflicts"); one save in ten creates a ticket instead;
- a reader runs dashboard queries (first page + count; sorts, filters, searches) and times them;
- every process listens to the others' notifications and records the delay (sent → received).

At the end the log is checked: every acknowledged save must be in its ticket's log ("lost writes", must be 0).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import statistics
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from benchmarks import use_database
from tickettracker.app import build_services
from tickettracker.domain.records import ListQuery
from tickettracker.domain.validation import TicketInput
from tickettracker.errors import ConflictError
from tickettracker.services.tickets import input_from
from tickettracker.store import notify
from tickettracker.store.models import Ticket

T = Ticket.__table__  # type: ignore[attr-defined]

HOT = 200  # tickets every writer competes for
READS = [
    ListQuery(),
    ListQuery(sort="priority"),
    ListQuery(sort="updated"),
    ListQuery(text="printer"),
    ListQuery(text="pr"),
    ListQuery(overdue_only=True),
    ListQuery(tags=["tag-10", "tag-20"]),
]


def worker(folder: str, hot: list[int], seconds: float, writers: int, readers: int, out: Any) -> None:
    ctx = build_services(folder)
    me = ctx.bridge.instance
    delays: list[float] = []
    lock = threading.Lock()

    def heard(payload: str) -> None:
        data = json.loads(payload)
        if data.get("o") != me and "s" in data:
            with lock:
                delays.append((time.time() - float(data["s"])) * 1000)

    listener = notify.Listener(ctx.db.uri, heard)
    listener.start()
    listener.listening.wait(10)
    ctx.bridge.start()
    stop = time.monotonic() + seconds
    acked: list[tuple[int, str]] = []
    counts = {"acked": 0, "conflicts": 0, "created": 0, "errors": 0}
    read_ms: list[float] = []
    errors: list[str] = []

    def write(n: int) -> None:
        rng = random.Random(f"{me}-{n}")
        while time.monotonic() < stop:
            try:
                if rng.random() < 0.1:
                    ctx.tickets.create(TicketInput(title=f"load {me[:6]} {n} {rng.random():.6f}"))
                    with lock:
                        counts["created"] += 1
                    continue
                tid = rng.choice(hot)
                seen = ctx.tickets.get(tid)
                title = f"edit {me[:6]}-{n}-{rng.getrandbits(48):x}"
                data = replace(input_from(seen), title=title)
                ctx.tickets.update(tid, data, expected_version=seen.version, author=f"load-{n}")
                with lock:
                    counts["acked"] += 1
                    acked.append((tid, title))
            except ConflictError:
                with lock:
                    counts["conflicts"] += 1
            except Exception as e:  # counted and named: a load test must finish
                with lock:
                    counts["errors"] += 1
                    if len(errors) < 3:
                        errors.append(f"{type(e).__name__}: {str(e).splitlines()[0][:200]}")

    def read(n: int) -> None:
        i = n
        while time.monotonic() < stop:
            q = READS[i % len(READS)]
            i += 1
            start = time.perf_counter()
            ctx.tickets.page(q)
            with lock:
                read_ms.append((time.perf_counter() - start) * 1000)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    threads += [threading.Thread(target=read, args=(n,)) for n in range(readers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    time.sleep(1.0)  # let the last notifications arrive before counting them
    listener.stop()
    ctx.close()
    out.put({"counts": counts, "acked": acked, "delays": delays, "read_ms": read_ms, "errors": errors})


def lost_writes(folder: str, acked: list[tuple[int, str]]) -> int:
    """Acknowledged saves whose new title is not in the ticket's log."""
    ctx = build_services(folder)
    try:
        with ctx.db.read() as s:
            logged = {
                (tid, json.loads(new))
                for tid, new in s.execute(
                    text(
                        "SELECT ticket_id, new FROM ticket_update WHERE field = 'title' AND author LIKE 'load-%'"
                    )
                )
            }
        return sum(1 for item in acked if item not in logged)
    finally:
        ctx.close()


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) >= 2 else float("nan")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    p.add_argument(
        "--uri", required=True, help="a PostgreSQL database with tickets (benchmarks.generate --uri)"
    )
    p.add_argument("--processes", type=int, default=4)
    p.add_argument("--writers", type=int, default=5)
    p.add_argument("--readers", type=int, default=1)
    p.add_argument("--seconds", type=float, default=60)
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        use_database(folder, a.uri)
        ctx = build_services(str(folder))
        with ctx.db.read() as s:  # tickets that can be edited (a terminal status refuses edits)
            hot = list(
                s.execute(
                    select(T.c.id)
                    .where(T.c.deleted_at.is_(None), T.c.status.in_(ctx.cfg.active_statuses))
                    .order_by(T.c.id)
                    .limit(HOT)
                ).scalars()
            )
        ctx.close()
        out: Any = mp.get_context("spawn").Queue()
        procs = [
            mp.get_context("spawn").Process(
                target=worker, args=(str(folder), hot, a.seconds, a.writers, a.readers, out)
            )
            for _ in range(a.processes)
        ]
        for proc in procs:
            proc.start()
        results = [out.get() for _ in procs]
        for proc in procs:
            proc.join()
        acked = [x for r in results for x in r["acked"]]
        totals = {k: sum(r["counts"][k] for r in results) for k in results[0]["counts"]}
        delays = [d for r in results for d in r["delays"]]
        reads = [d for r in results for d in r["read_ms"]]
        lost = lost_writes(str(folder), [tuple(x) for x in acked])
    print(
        f"{a.processes} processes x {a.writers} writers + {a.readers} readers, {a.seconds:.0f} s, on {os.cpu_count()} cores"
    )
    print(f"acknowledged saves     {totals['acked']:>8,}   ({totals['acked'] / a.seconds:.1f}/s)")
    print(f"tickets created        {totals['created']:>8,}")
    print(f"conflicts refused      {totals['conflicts']:>8,}")
    print(f"other errors           {totals['errors']:>8,}")
    print(f"lost writes            {lost:>8,}")
    print(
        f"notification delay ms  median {statistics.median(delays):.1f}, p99 {pct(delays, 99):.1f} ({len(delays):,} heard)"
    )
    print(
        f"dashboard query ms     median {statistics.median(reads):.1f}, p99 {pct(reads, 99):.1f} ({len(reads):,} run)"
    )
    for line in sorted({e for r in results for e in r["errors"]}):
        print(f"  error: {line}")
    print(f"(load average at the end: {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
