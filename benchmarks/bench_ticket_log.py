"""Opening a ticket with a long update log against one with a single entry, in headless Chromium (issue 15, item 6).

A data folder of its own (a temporary one, or ``--data-dir`` when empty) gets two tickets: one with only its
creation entry and one with ``--entries`` entries (notes with Markdown, links and checklists, field and status
changes, as the services write them). Each run opens a fresh browser context (no cache) and loads each ticket's
page in turn, timing from navigation until the log shows its first entry and its count; the medians of
``--runs`` runs and their ratio are printed with the load average and the DOM size of each page. Goal: the long
ticket opens within 1.15× the short one.

    python -m benchmarks.bench_ticket_log --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from tests.support import CHROMIUM_ARGS, running_app
from tickettracker.app import build_services
from tickettracker.domain.validation import TicketInput
from tickettracker.services.tickets import utcnow
from tickettracker.store.models import TicketUpdate


def _entry(ticket_id: int, i: int, at: Any) -> dict[str, Any]:
    """The i-th generated log entry: mostly notes, with field and status changes in between."""
    base = {"ticket_id": ticket_id, "at": at, "author": "Ana" if i % 2 else "Bo", "field": None, "old": None}
    if i % 7 == 3:
        old, new = ("Open", "In Progress") if i % 2 else ("In Progress", "Open")
        return {
            **base,
            "kind": "status",
            "field": "status",
            "old": json.dumps(old),
            "new": json.dumps(new),
            "body": "",
        }
    if i % 5 == 4:
        return {**base, "kind": "field", "field": "priority", "old": '"Low"', "new": '"High"', "body": ""}
    body = f"Run {i}: checked the **backup** of server {i % 40}.\n\n- [x] tapes\n- [ ] offsite copy"
    return {**base, "kind": "note", "new": None, "body": body}


def prepare(data_dir: Path, entries: int) -> tuple[int, int]:
    """(short ticket id, long ticket id) in ``data_dir``; the long one's log written in one transaction."""
    ctx = build_services(str(data_dir))
    try:
        short = ctx.tickets.create(TicketInput(title="A ticket with one log entry"))
        long = ctx.tickets.create(TicketInput(title=f"A long-running chore with {entries:,} log entries"))
        start = utcnow() - timedelta(minutes=entries)
        rows = [_entry(long, i, start + timedelta(minutes=i)) for i in range(1, entries)]
        with ctx.db.write() as s:
            s.execute(insert(TicketUpdate), rows)
    finally:
        ctx.close()
    return short, long


def _open(browser: Any, url: str, total: int) -> tuple[float, int]:
    """(seconds from navigation until the log shows its count and first entry, DOM elements on the page)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(120_000)
    try:
        started = time.perf_counter()
        page.goto(url)
        page.get_by_text(f"Update log ({total})", exact=True).wait_for(state="visible")
        page.locator(".tt-log-entry").first.wait_for(state="visible")
        elapsed = time.perf_counter() - started
        nodes = int(page.evaluate("document.getElementsByTagName('*').length"))
    finally:
        context.close()
    return elapsed, nodes


def run(data_dir: Path, entries: int, runs: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    short, long = prepare(data_dir, entries)
    times: dict[int, list[float]] = {1: [], entries: []}
    nodes: dict[int, int] = {}
    with running_app(data_dir, timeout=120) as app, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        try:
            _open(browser, f"{app.url}/tickets/{short}", 1)  # warm-up: first imports, page compilation
            for _ in range(runs):  # alternating, so both see the same machine load
                for tid, total in ((short, 1), (long, entries)):
                    elapsed, nodes[total] = _open(browser, f"{app.url}/tickets/{tid}", total)
                    times[total].append(elapsed)
        finally:
            browser.close()
    one, many = statistics.median(times[1]), statistics.median(times[entries])
    return {"one": one, "many": many, "ratio": many / one, "nodes": nodes, "load": os.getloadavg()}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data-dir", type=Path, help="an empty folder to use instead of a temporary one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tt-log-") as tmp:
        r = run(args.data_dir or Path(tmp), args.entries, args.runs)
    load = ", ".join(f"{x:.1f}" for x in r["load"])
    print(f"| ticket | open → log visible (median of {args.runs}) | DOM elements |")
    print("|---|---|---|")
    print(f"| 1 entry | {r['one'] * 1000:.0f} ms | {r['nodes'][1]:,} |")
    print(f"| {args.entries:,} entries | {r['many'] * 1000:.0f} ms | {r['nodes'][args.entries]:,} |")
    print(f"ratio {r['ratio']:.2f}× (goal ≤ 1.15×); load average {load}")


if __name__ == "__main__":
    main()
