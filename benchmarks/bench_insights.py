"""Server-side time of the whole Insights page's data (SPEC §17: ≤ 300 ms at 100,000 tickets), medians.

python -m benchmarks.generate --data-dir /tmp/tt-bench-100k --tickets 100000
python -m benchmarks.bench_insights --data-dir /tmp/tt-bench-100k --runs 5
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
from datetime import timezone
from pathlib import Path

from benchmarks.generate import NOW
from tickettracker.app import build_services
from tickettracker.services.insights import InsightsService
from tickettracker.services.tickets import TicketService

BUDGET_MS = 300.0
SCOPES = ["", "tag:tag-10", "printer", "priority:High -is:overdue"]


def measure(service: InsightsService, scope: str, runs: int) -> tuple[float, float, int]:
    """(median wall ms, worst wall ms, charts) of ``runs`` computations of the whole page's data."""
    median, worst, _cpu, charts = measure_cpu(service, scope, runs)
    return median, worst, charts


def measure_cpu(service: InsightsService, scope: str, runs: int) -> tuple[float, float, float, int]:
    """Also the median CPU ms of this (single-threaded) process: on a shared machine wall time includes waiting."""
    walls, cpus = [], []
    charts = 0
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        data = service.overview(scope, tz=timezone.utc)
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        charts = len(data.charts)
    return statistics.median(walls), max(walls), statistics.median(cpus), charts


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    p.add_argument("--data-dir", required=True, type=Path, help="a folder filled by benchmarks.generate")
    p.add_argument("--runs", type=int, default=7)
    a = p.parse_args()
    services = build_services(str(a.data_dir))
    try:
        insights = InsightsService(TicketService(services.db, services.cfg, clock=lambda: NOW))
        print(f"{'scope':<32} {'median ms':>10} {'cpu ms':>8} {'worst ms':>9} {'charts':>7}")
        for scope in SCOPES:
            median, worst, cpu, charts = measure_cpu(insights, scope, a.runs)
            flag = "  OVER BUDGET" if median > BUDGET_MS else ""
            print(
                f"{scope or '(everything)':<32} {median:>10.1f} {cpu:>8.1f} {worst:>9.1f} {charts:>7}{flag}"
            )
    finally:
        services.close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"(medians of {a.runs} runs; peak RSS {rss:.0f} MB; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )


if __name__ == "__main__":
    main()
