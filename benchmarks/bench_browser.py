"""Dashboard timings in headless Chromium against the real app process (SPEC §13).

For each run a fresh browser context (no cache, no cookies) opens the dashboard and measures, from the Python
side of Playwright (so each figure includes a few ms of driver round trip):
- rows visible: from navigation start until the first ticket row is visible;
- next page: click "Next page" until the rows of page 2 are shown;
- new sort: click a sort option until the first row changes;
- search keystroke: type one letter in the search box until the list has narrowed (includes the input debounce).
Then the server's resident memory (now and peak) after all runs.

    python -m benchmarks.bench_browser --data-dir /tmp/tt-bench-100k --runs 5
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.support import CHROMIUM_ARGS, running_app

FIRST_ROW = "a.tt-title"
SUMMARY = "[aria-live=polite]"


def _changed(page: Any, script: str, action: Callable[[], None]) -> float:
    """Seconds from ``action`` until the JS expression ``script`` gives a new value."""
    before = page.evaluate(f"() => {script}")
    started = time.perf_counter()
    action()
    page.wait_for_function(f"(old) => {{ const v = {script}; return v !== null && v !== old; }}", arg=before)
    return time.perf_counter() - started


def one_run(browser: Any, url: str) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    out: dict[str, float] = {}
    try:
        started = time.perf_counter()
        page.goto(url + "/")
        page.locator(FIRST_ROW).first.wait_for(state="visible")
        out["rows visible after navigation"] = time.perf_counter() - started
        summary = f"document.querySelector('{SUMMARY}').textContent"
        first = f"document.querySelector('{FIRST_ROW}')?.getAttribute('href') ?? null"
        out["next page"] = _changed(page, summary, lambda: page.get_by_label("Next page").click())
        page.get_by_label("Sort by").click()
        option = page.get_by_role("option", name="Ticket number")
        option.wait_for(state="visible")
        out["new sort"] = _changed(page, first, option.click)
        search = page.get_by_label("Search")
        search.click()
        out["search keystroke"] = _changed(page, summary, lambda: page.keyboard.type("p"))
    finally:
        context.close()
    return out


def memory_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident set size of a process in MB, from /proc."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def run(data_dir: Path, runs: int) -> tuple[dict[str, float], tuple[float, float]]:
    from playwright.sync_api import sync_playwright

    with running_app(data_dir, timeout=120) as app, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        try:
            results = [one_run(browser, app.url) for _ in range(runs)]
        finally:
            browser.close()
        memory = memory_mb(app.proc.pid)
    medians = {k: statistics.median(r[k] for r in results) for k in results[0]}
    return medians, memory


def main() -> None:
    p = argparse.ArgumentParser(description="Dashboard timings in headless Chromium (medians).")
    p.add_argument("--data-dir", required=True, type=Path, help="a folder filled by benchmarks.generate")
    p.add_argument("--runs", type=int, default=5)
    a = p.parse_args()
    medians, (rss, peak) = run(a.data_dir, a.runs)
    budgets = {"rows visible after navigation": 1.0}
    for name, seconds in medians.items():
        budget = budgets.get(name, 0.2)
        flag = "  OVER BUDGET" if seconds > budget else ""
        print(f"{name:<32} {seconds * 1000:>7.0f} ms   (budget {budget * 1000:.0f} ms){flag}")
    print(f"{'server RSS after browsing':<32} {rss:>7.0f} MB   (peak {peak:.0f} MB; budget 200 MB)")
    print(f"(medians of {a.runs} runs, each in a fresh browser context)")


if __name__ == "__main__":
    main()
