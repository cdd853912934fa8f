"""The Insights page against its budgets (SPEC §17), medians.

Server: the whole page's data at 100,000 tickets ≤ 300 ms. The page counts in two halves on two read connections
at once (services/insights.py), so the process's CPU time is the sum of both; "half A/B cpu" is each half's own CPU
time (the wall time on an idle 2-core machine is about the larger one), measured by running each half alone.
Browser (``--browser``): first chart drawn on /insights ≤ 1.5× the dashboard's first rows, server RSS ≤ 200 MB.
Each run opens a fresh browser context (no cache) on the dashboard, then another on /insights (alternating, so both
see the same machine load), timed from navigation until the first ticket row / the first chart's canvas is visible.
The browser step runs the app on a copy of the data folder; the server step opens the folder itself, which
migrates its schema the first time (so give it a copy of a shared folder).

python -m benchmarks.generate --data-dir /tmp/tt-bench-100k --tickets 100000
python -m benchmarks.bench_insights --data-dir /tmp/tt-bench-100k --runs 5 [--browser]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import tempfile
import time
from datetime import timezone
from pathlib import Path
from typing import Any

from benchmarks.generate import NOW
from tickettracker.app import build_services
from tickettracker.domain.insights import period_starts
from tickettracker.domain.query import Term
from tickettracker.services.insights import InsightsService
from tickettracker.services.tickets import TicketService

BUDGET_MS = 300.0
RATIO_BUDGET = 1.5
SCOPES = ["", "tag:tag-10", "printer", "priority:High -is:overdue"]
FIRST_ROW = "a.tt-title"
FIRST_CHART = ".tt-insight .nicegui-echart canvas"


def measure(service: InsightsService, scope: str, runs: int) -> tuple[float, float, int]:
    """(median wall ms, worst wall ms, charts) of ``runs`` computations of the whole page's data."""
    median, worst, _cpu, charts = measure_cpu(service, scope, runs)
    return median, worst, charts


def measure_cpu(service: InsightsService, scope: str, runs: int) -> tuple[float, float, float, int]:
    """Also the median CPU ms of this process (both halves): on a shared machine wall time includes waiting."""
    walls, cpus = [], []
    charts = 0
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        data = service.overview(scope, tz=timezone.utc)
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        charts = len(data.charts)
    return statistics.median(walls), max(walls), statistics.median(cpus), charts


def halves_cpu(service: InsightsService, scope: str, runs: int) -> tuple[float, float]:
    """Median CPU ms of each half of the page's data, each run alone on this thread."""
    cfg, now = service.tickets.cfg, service.tickets.clock()
    base = service.check_scope(scope)
    active = base.plus(Term("is", ("active",)))
    starts = period_starts("week", 12, now, timezone.utc)
    a, b = [], []
    for _ in range(runs):
        cpu = time.thread_time()
        service.state_half(scope, active, cfg, now)
        a.append((time.thread_time() - cpu) * 1000)
        cpu = time.thread_time()
        service.flow_half(base, cfg, now, starts, "week", timezone.utc)
        b.append((time.thread_time() - cpu) * 1000)
    return statistics.median(a), statistics.median(b)


def server(data_dir: Path, runs: int) -> None:
    services = build_services(str(data_dir))
    try:
        insights = InsightsService(TicketService(services.db, services.cfg, clock=lambda: NOW))
        print(
            f"{'scope':<28} {'median ms':>10} {'cpu ms':>8} {'worst ms':>9} {'half A cpu':>11}"
            f" {'half B cpu':>11} {'charts':>7}"
        )
        for scope in SCOPES:
            median, worst, cpu, charts = measure_cpu(insights, scope, runs)
            half_a, half_b = halves_cpu(insights, scope, runs)
            flag = "  OVER BUDGET" if median > BUDGET_MS else ""
            print(
                f"{scope or '(everything)':<28} {median:>10.1f} {cpu:>8.1f} {worst:>9.1f} {half_a:>11.1f}"
                f" {half_b:>11.1f} {charts:>7}{flag}"
            )
    finally:
        services.close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"(medians of {runs} runs; peak RSS {rss:.0f} MB; load average {load} on {os.cpu_count()} cores)")


def _first_visible(browser: Any, url: str, selector: str) -> float:
    """Seconds from navigation (fresh context, nothing cached) until ``selector`` is visible."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        started = time.perf_counter()
        page.goto(url)
        page.locator(selector).first.wait_for(state="visible")
        return time.perf_counter() - started
    finally:
        context.close()


def browser(data_dir: Path, runs: int) -> None:
    from playwright.sync_api import sync_playwright

    from benchmarks.bench_browser import memory_mb
    from tests.support import CHROMIUM_ARGS, running_app

    with tempfile.TemporaryDirectory(prefix="tt-bench-insights-") as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(data_dir, copy)
        with running_app(copy, timeout=300) as app, sync_playwright() as p:
            chromium = p.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
            )
            rows, charts = [], []
            try:
                _first_visible(chromium, app.url + "/", FIRST_ROW)  # warm-up: the server's first page
                for _ in range(runs):
                    rows.append(_first_visible(chromium, app.url + "/", FIRST_ROW))
                    charts.append(_first_visible(chromium, app.url + "/insights", FIRST_CHART))
            finally:
                chromium.close()
            rss, peak = memory_mb(app.proc.pid)
    row_ms, chart_ms = statistics.median(rows) * 1000, statistics.median(charts) * 1000
    ratio = chart_ms / row_ms
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print("| step | median | runs (ms) |\n|---|---|---|")
    print(f"| dashboard: first rows | {row_ms:.0f} ms | {' '.join(f'{x * 1000:.0f}' for x in rows)} |")
    print(f"| insights: first chart | {chart_ms:.0f} ms | {' '.join(f'{x * 1000:.0f}' for x in charts)} |")
    print(
        f"| ratio | {ratio:.2f}× | budget {RATIO_BUDGET}×{'  OVER BUDGET' if ratio > RATIO_BUDGET else ''} |"
    )
    print(f"| server RSS after the runs | {rss:.0f} MB (peak {peak:.0f} MB) | budget 200 MB |")
    print(f"(medians of {runs} runs, alternating; load average {load} on {os.cpu_count()} cores)")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    p.add_argument("--data-dir", required=True, type=Path, help="a folder filled by benchmarks.generate")
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--browser", action="store_true", help="also time the first chart in headless Chromium")
    a = p.parse_args()
    server(a.data_dir, a.runs)
    if a.browser:
        browser(a.data_dir, a.runs)


if __name__ == "__main__":
    main()
