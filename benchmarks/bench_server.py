"""Server-side dashboard timings: one page of rows plus its count, through TicketService.page (SPEC §13).

Each case is run ``--runs`` times after one warm-up; the median (and the worst) in milliseconds is printed.
Budget at 100,000 tickets: ≤ 30 ms for any first page, filter or search including the count.

    python -m benchmarks.bench_server --data-dir /tmp/tt-bench-100k
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from benchmarks import use_database
from benchmarks.generate import NOW
from tickettracker.app import build_services
from tickettracker.domain.records import SORT_KEYS, ListQuery
from tickettracker.services.tickets import TicketService

BUDGET_MS = 30.0


def cases(service: TicketService) -> Iterator[tuple[str, ListQuery]]:
    """(name, query) for every sort, filter and kind of search the dashboard offers."""
    active = list(service.cfg.active_statuses)
    base = ListQuery()
    for sort in SORT_KEYS:
        yield f"sort {sort}", replace(base, sort=sort)
        yield f"sort {sort} reversed", replace(base, sort=sort, descending=True)
    yield "status Active", replace(base, statuses=active)
    yield "status Active, sort priority", replace(base, statuses=active, sort="priority")
    yield "status Closed", replace(base, statuses=["Closed"])
    yield "priority Urgent", replace(base, priorities=[service.cfg.priorities[-1]])
    yield "overdue only", replace(base, overdue_only=True)
    yield "overdue only, sort updated", replace(base, overdue_only=True, sort="updated")
    yield "has due date", replace(base, has_due=True)
    yield "no due date, sort due", replace(base, has_due=False, sort="due")
    yield "tags ANY (2)", replace(base, tags=["tag-10", "tag-20"])
    yield "tags ALL (2)", replace(base, tags=["tag-10", "tag-20"], match_all_tags=True)
    yield "tags ALL (3), no match", replace(base, tags=["tag-10", "tag-20", "tag-30"], match_all_tags=True)
    yield (
        "tags ANY + Active + Urgent",
        replace(base, tags=["tag-10", "tag-20"], statuses=active, priorities=[service.cfg.priorities[-1]]),
    )
    yield "search common word 'printer'", replace(base, text="printer")
    yield "search rare word 'zeppelin'", replace(base, text="zeppelin")
    yield "search accents 'cafe'", replace(base, text="cafe")
    yield "search prefix 'p' (keystroke 1)", replace(base, text="p")
    yield "search prefix 'pr' (keystroke 2)", replace(base, text="pr")
    yield "search 2 words 'printer broken'", replace(base, text="printer broken")
    yield "search 'printer' + Active, sort due", replace(base, text="printer", statuses=active, sort="due")
    yield "search by number '#4242'", replace(base, text="#4242")
    yield "deep page (page 1000 of 50)", replace(base, page=1000)
    yield "last page, sort title", replace(base, sort="title", page=10**6)


def measure(service: TicketService, query: ListQuery, runs: int) -> tuple[float, float, float, int]:
    """(median wall ms, median CPU ms, worst wall ms, total) of ``runs`` calls after one warm-up.

    CPU time (of this thread, which runs SQLite too) is shown beside wall time because the benchmark machine may
    be shared: wall time includes waiting for a core, CPU time is the work the query itself cost.
    """
    service.page(query)
    walls, cpus = [], []
    total = 0
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.thread_time()
        total = service.page(query).total
        cpus.append((time.thread_time() - started_cpu) * 1000)
        walls.append((time.perf_counter() - started) * 1000)
    return statistics.median(walls), statistics.median(cpus), max(walls), total


def run(data_dir: Path, runs: int) -> list[tuple[str, float, float, float, int]]:
    ctx = build_services(str(data_dir))
    service = TicketService(ctx.db, ctx.cfg, clock=lambda: NOW)
    try:
        return [(name, *measure(service, q, runs)) for name, q in cases(service)]
    finally:
        ctx.close()


def main() -> None:
    p = argparse.ArgumentParser(description="Server-side dashboard query timings (medians).")
    p.add_argument("--data-dir", required=True, type=Path, help="a folder filled by benchmarks.generate")
    p.add_argument("--runs", type=int, default=7)
    p.add_argument(
        "--uri",
        help="a database URI (e.g. postgresql+psycopg://…) for the data folder: writes its config.json",
    )
    a = p.parse_args()
    use_database(a.data_dir, a.uri)
    results = run(a.data_dir, a.runs)
    print(f"{'case':<40} {'wall ms':>8} {'cpu ms':>7} {'worst ms':>9} {'matches':>8}")
    for name, wall, cpu, worst, total in results:
        flag = "  OVER BUDGET" if wall > BUDGET_MS else ""
        print(f"{name:<40} {wall:>8.1f} {cpu:>7.1f} {worst:>9.1f} {total:>8,}{flag}")
    print(
        f"(medians of {a.runs} runs; load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )


if __name__ == "__main__":
    main()
