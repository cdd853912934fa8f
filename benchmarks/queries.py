"""Query-language timings: first page (50 rows) + total count, through the same service the dashboard uses.

    python -m benchmarks.queries                 # 100,000 tickets (generated once into a temporary folder)
    python -m benchmarks.queries --tickets 10000 --runs 9 --data-dir /tmp/bench
    python -m benchmarks.queries --data-dir /tmp/bench-pg --uri postgresql+psycopg://tt:tt@localhost/bench

Reports, per query, the median and the slowest wall-clock time of ``--runs`` timed runs (after one warm-up run), and
the median CPU time of this process: SQLite runs in-process, so CPU time stays meaningful on a busy shared machine
where wall-clock time mostly measures waiting for a core.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from benchmarks import use_database
from benchmarks.generate import generate
from tickettracker.app import build_services
from tickettracker.services.power import PowerService
from tickettracker.services.tickets import TicketService

QUERIES = (  # words, tags and people as benchmarks.generate writes them
    ("full-text words", "printer broken"),
    ("active, high and above, by urgency", "is:active priority:>=high sort:urgency"),
    ("any of two tags, minus one, overdue", "tag:tag-07,tag-08 -tag:tag-09 is:overdue"),
    ("due within 7 days, by due date", "due:<7d sort:due"),
    ("requester + recently updated", "requester:ana updated:<30d sort:-updated"),
)


def measure(power: PowerService, typed: str, runs: int) -> tuple[float, float, float, int]:
    """(median wall ms, max wall ms, median CPU ms, total matches) for the first page and count of ``typed``."""
    q = power.parse(typed)
    power.page(q)  # warm-up: page cache and statement compilation
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        page = power.page(q)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), max(wall), statistics.median(cpu), page.total


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--data-dir", type=Path, help="reuse (or create) this data folder instead of a temporary one"
    )
    parser.add_argument(
        "--uri",
        help="a database URI (e.g. postgresql+psycopg://…) for the data folder: writes its config.json (generated into when it has no tickets)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.data_dir or Path(tmp)
        use_database(folder, args.uri)
        ctx = build_services(str(folder))
        with ctx.db.read() as s:
            empty = not s.execute(text("SELECT count(*) FROM ticket")).scalar()
        ctx.close()
        if empty:
            start = time.perf_counter()
            generate(folder, args.tickets)
            print(f"generated {args.tickets:,} tickets in {time.perf_counter() - start:.1f} s")
        ctx = build_services(str(folder))
        db = ctx.db
        try:
            power = PowerService(TicketService(db, ctx.cfg))
            print(f"{'query':<58} {'median':>8} {'max':>8} {'cpu':>8} {'matches':>9}")
            for name, typed in QUERIES:
                median, worst, cpu, total = measure(power, typed, args.runs)
                print(
                    f"{name + ': ' + typed:<58.58} {median:>6.1f}ms {worst:>6.1f}ms {cpu:>6.1f}ms {total:>9,}"
                )
        finally:
            ctx.close()


if __name__ == "__main__":
    main()
