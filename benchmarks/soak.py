"""Soak: a browser session paging, searching, opening tickets and posting updates for a while, against the real
app process, while another process writes to the same data folder (not CI).

Reports the server's resident memory after the first round and at the end (SPEC goal: growth under 10 %), errors
(server log lines with a traceback or ERROR, browser page errors, failed writer writes, failed interactions) and
the slowest interaction of each kind.

    python -m benchmarks.soak --minutes 30                       # a fresh folder with 2,000 generated tickets
    python -m benchmarks.soak --minutes 3 --data-dir /tmp/tt-soak --tickets 500
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks.bench_browser import memory_mb
from benchmarks.generate import generate
from tests.support import CHROMIUM_ARGS, ROOT, child_env, running_app

WORDS = ["printer", "network", "invoice", "laptop", "vpn", "email"]


def writer(data_dir: str) -> None:
    """The other process: an update on a random ticket every 200 ms; prints one line per failure."""
    import random

    from tickettracker.app import build_services

    ctx = build_services(data_dir)
    rnd = random.Random(3)
    ids = [r.id for r in ctx.power.page(ctx.power.parse(""), page_size=200).rows]
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        try:
            ctx.tickets.post_update(rnd.choice(ids), f"Background note {n}", author="Writer")
        except Exception as e:  # reported, counted by the parent, never hidden
            print(f"FAILED {type(e).__name__}: {e}", flush=True)
        time.sleep(0.2)


def _step(times: dict[str, list[float]], errors: list[str], name: str, action: Any) -> None:
    started = time.perf_counter()
    try:
        action()
    except Exception as e:
        errors.append(f"{name}: {type(e).__name__}: {str(e).splitlines()[0]}")
        return
    times[name].append(time.perf_counter() - started)


def one_round(page: Any, url: str, n: int, times: dict[str, list[float]], errors: list[str]) -> None:
    from playwright.sync_api import expect

    word = WORDS[n % len(WORDS)]
    _step(
        times,
        errors,
        "open dashboard",
        lambda: (page.goto(url + "/"), page.locator("a.tt-title").first.wait_for()),
    )
    summary = page.locator(".tt-summary")

    def next_page() -> None:
        before = summary.text_content()
        page.get_by_role("button", name="Next page").click()
        expect(summary).not_to_have_text(before or "")

    _step(times, errors, "next page", next_page)

    def search() -> None:
        before = summary.text_content()
        page.get_by_label("Search", exact=True).fill(word)
        expect(summary).not_to_have_text(before or "")

    _step(times, errors, "search", search)

    def open_ticket() -> None:
        page.locator("a.tt-title").first.click()
        page.wait_for_url("**/tickets/*")
        page.get_by_label("Update", exact=True).wait_for()

    _step(times, errors, "open ticket", open_ticket)

    def post() -> None:
        text = f"Soak note {n} about {word}"
        page.get_by_label("Update", exact=True).fill(text)
        page.get_by_role("button", name="Post update").click()
        expect(page.get_by_text(text)).to_be_visible()

    _step(times, errors, "post update", post)


WARM_UP_ROUNDS = 3  # caches, compiled queries and the first page's assets settle before the start figure


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def soak(data_dir: Path, minutes: float) -> None:
    from playwright.sync_api import sync_playwright

    # Both children write to files: an unread pipe fills up over 30 minutes and blocks the writer
    server_log = data_dir.with_name(data_dir.name + "-server.log")
    writer_log = data_dir.with_name(data_dir.name + "-writer.log")
    writer_file = writer_log.open("w")
    other = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.soak", "--writer", str(data_dir)],
        cwd=ROOT,
        env=child_env(),
        stdout=writer_file,
        stderr=subprocess.STDOUT,
        text=True,
    )
    times: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    try:
        with running_app(data_dir, timeout=120, log=server_log) as app, sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
            )
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            page.set_default_timeout(20_000)
            page.on("pageerror", lambda e: errors.append(f"browser: {e}"))
            started = time.monotonic()
            end = started + minutes * 60
            rounds = 0
            start_rss = 0.0
            next_sample = 0.0
            print(f"load average at the start {_load()}", flush=True)
            while time.monotonic() < end:
                one_round(page, app.url, rounds, times, errors)
                rounds += 1
                if rounds == WARM_UP_ROUNDS:
                    start_rss = memory_mb(app.proc.pid)[0]
                if time.monotonic() >= next_sample:  # a trend, so growth can be told from a one-off step
                    elapsed = (time.monotonic() - started) / 60
                    rss = memory_mb(app.proc.pid)[0]
                    print(
                        f"  {elapsed:5.1f} min  round {rounds:<5} RSS {rss:.0f} MB  load {_load()}",
                        flush=True,
                    )
                    next_sample = time.monotonic() + 120
            end_rss, peak = memory_mb(app.proc.pid)
            print(f"load average at the end {_load()}", flush=True)
            browser.close()
        log_errors = _log_errors(app.output)
        print(f"server log: {server_log}, writer log: {writer_log}")
    finally:
        other.terminate()
        other.wait(timeout=10)
        writer_file.close()
    writes_failed = [ln for ln in writer_log.read_text().splitlines() if ln.startswith("FAILED")]
    growth = 100 * (end_rss - start_rss) / start_rss if start_rss else float("nan")
    print(f"soak: {minutes:g} min, {rounds} rounds, writer failures {len(writes_failed)}")
    print(
        f"server RSS after {WARM_UP_ROUNDS} warm-up rounds {start_rss:.0f} MB, at the end {end_rss:.0f} MB ({growth:+.1f} %), peak {peak:.0f} MB"
    )
    print(f"errors: {len(errors) + len(log_errors) + len(writes_failed)}")
    for line in (errors + log_errors + writes_failed)[:20]:
        print(f"  {line}")
    for name, values in times.items():
        slowest = max(values)
        print(
            f"{name:<16} n={len(values):<5} median {sorted(values)[len(values) // 2] * 1000:6.0f} ms  slowest {slowest * 1000:6.0f} ms"
        )


def _log_errors(output: str) -> list[str]:
    """One line per error in the server log: a traceback's last line (the exception), or an ERROR line."""
    lines = output.splitlines()
    found = []
    for i, line in enumerate(lines):
        if "ERROR" in line:
            found.append(line.strip())
        elif line.startswith("Traceback"):
            tail = next((ln for ln in lines[i + 1 :] if ln and not ln.startswith((" ", "\t"))), "?")
            found.append(f"server: {tail.strip()}")
    return found


def main() -> None:
    p = argparse.ArgumentParser(description="Soak the app in a browser while another process writes.")
    p.add_argument("--minutes", type=float, default=30)
    p.add_argument("--data-dir", type=Path, help="default: a fresh temporary folder")
    p.add_argument("--tickets", type=int, default=2000, help="generated into a fresh folder")
    p.add_argument("--writer", metavar="DATA_DIR", help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.writer:
        writer(a.writer)
        return
    data_dir = a.data_dir or Path(tempfile.mkdtemp(prefix="tt-soak-"))
    if not (data_dir / "tickettracker.db").exists():
        generate(data_dir, a.tickets)
    soak(data_dir, a.minutes)


if __name__ == "__main__":
    main()
