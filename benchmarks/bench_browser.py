"""The product against the floor in headless Chromium, alternating in one run (SPEC §13, issue 15).

The floor (benchmarks/floor.py) is the barest NiceGUI page over the same data: one server-paged ``ui.table`` and a
search input querying FTS5 on every change. Each run opens a fresh browser context (no cache, no cookies), first on
the product, then on the floor, so both see the same machine load. Steps:
- first rows: from navigation start until the first ticket row is visible (timed from Python);
- next page: click "Next page" until the count line changes;
- sort change: pick another sort until the first row changes;
- search input: one input event in the search box until the count line changes (includes any debounce);
- open ticket (product only): click the first title until the ticket page shows its update box (a page load,
  compared with the floor's first rows);
- post update, New ticket dialog, save new ticket (product only; budget 150 ms each): clicking the button until the
  new log entry / the dialog / the saved ticket is shown.
In-page steps are timed with the page's own clock (performance.now() and a MutationObserver), so they hold the
socket round trip, the server's work and the browser's re-render, but not Playwright's overhead.
The product writes (an update and a ticket per run), so both servers run on a copy of the data folder.

    python -m benchmarks.bench_browser --data-dir /tmp/tt-bench-100k --runs 5
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from tests.support import CHROMIUM_ARGS, ROOT, child_env, free_port, running_app

FIRST_ROW = "a.tt-title"
FLOOR_ROW = ".q-table tbody tr td"
FIRST_ROWS, NEXT, SORT, SEARCH = "first rows", "next page", "sort change", "search input event"
OPEN, POST, DIALOG, SAVE = "open ticket from list", "post update", "open New ticket dialog", "save new ticket"
TRACE = bool(os.environ.get("BENCH_TRACE"))
STEPS = (FIRST_ROWS, NEXT, SORT, SEARCH, OPEN, POST, DIALOG, SAVE)
FLOOR_STEPS = (FIRST_ROWS, NEXT, SORT, SEARCH)

# Runs inside the page: performs the action, then resolves when ``probe()`` returns something new, measured with
# the page's own clock, so Playwright's actionability checks and round trips are not counted.
_TIMED = """
async ([action, probe]) => {
  const read = new Function('return ' + probe);
  const before = read();
  const started = performance.now();
  new Function(action)();
  await new Promise((resolve, reject) => {
    // A step whose probe never changes must fail, not hang the benchmark (and CI's smoke run) forever.
    const timer = setTimeout(() => { observer.disconnect(); reject(new Error('no change within 20 s: ' + probe)); },
                             20000);
    const check = () => {
      const v = read();
      if (v !== null && v !== before) { clearTimeout(timer); observer.disconnect(); resolve(); }
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
  });
  return (performance.now() - started) / 1000;
}
"""
SUMMARY_TEXT = "document.querySelector('.tt-summary').textContent"
FIRST_HREF = "document.querySelector('a.tt-title')?.getAttribute('href') ?? null"
FLOOR_COUNT = "document.querySelector('.q-table__bottom')?.textContent ?? null"
FLOOR_FIRST = "document.querySelector('.q-table tbody tr')?.textContent ?? null"
NEXT_PAGE = "document.querySelector('button[aria-label=\"Next page\"]').click()"
BENCH_CLICK = "document.querySelector('[data-bench=go]').click()"


def _timed(page: Any, action: str, probe: str) -> float:
    """Seconds from running the JS statement ``action`` until the JS expression ``probe`` changes."""
    if TRACE:
        print("step:", action[:60], probe[:60], file=sys.stderr, flush=True)
    return float(page.evaluate(_TIMED, [action, probe]))


def _timed_click(page: Any, locator: Any, probe: str) -> float:
    """Seconds from a click on ``locator`` (found and marked first, so finding it is not timed) until ``probe``."""
    page.evaluate(
        "document.querySelectorAll('[data-bench=go]').forEach((e) => e.removeAttribute('data-bench'))"
    )
    locator.wait_for(state="visible")
    locator.evaluate("(el) => el.setAttribute('data-bench', 'go')")
    return _timed(page, BENCH_CLICK, probe)


def _search_event(text_js: str) -> str:
    """One input event as the browser delivers a keystroke: the box's value becomes ``text_js``."""
    return (
        f"const i = document.querySelector('input[aria-label=Search]'); i.value = {text_js};"
        " i.dispatchEvent(new Event('input', {bubbles: true}));"
    )


def _list_steps(page: Any, url: str) -> dict[str, float]:
    out: dict[str, float] = {}
    started = time.perf_counter()
    page.goto(url + "/")
    page.locator(FIRST_ROW).first.wait_for(state="visible")
    out[FIRST_ROWS] = time.perf_counter() - started
    page.wait_for_timeout(300)  # let the socket settle, so the next step measures itself only
    out[NEXT] = _timed(page, NEXT_PAGE, SUMMARY_TEXT)
    page.get_by_label("Sort by").click()
    out[SORT] = _timed_click(page, page.get_by_role("option", name="Ticket number"), FIRST_HREF)
    page.get_by_label("Search", exact=True).click()
    page.wait_for_timeout(300)
    # a new word's first letter after the query text (the sort term is in the box now)
    out[SEARCH] = _timed(page, _search_event("i.value.trimEnd() + ' p'"), SUMMARY_TEXT)
    return out


def product_run(browser: Any, url: str) -> dict[str, float]:
    """Every step on the product, in one fresh browser context."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        out = _list_steps(page, url)
        title = page.locator(FIRST_ROW).first
        started = time.perf_counter()
        title.click()
        page.get_by_role("button", name="Post update").wait_for(state="visible")
        out[OPEN] = time.perf_counter() - started
        page.wait_for_timeout(300)
        page.get_by_label("Update", exact=True).fill("A benchmark update")
        entries = "document.querySelectorAll('.tt-log-entry').length"
        out[POST] = _timed_click(page, page.get_by_role("button", name="Post update"), entries)
        page.wait_for_timeout(300)
        dialog = "document.querySelector('.q-dialog input') ? 'open' : null"
        out[DIALOG] = _timed_click(page, page.get_by_role("button", name="New ticket"), dialog)
        title_box = page.get_by_label("Title", exact=True)
        title_box.fill(f"Benchmark zeppelin ticket {time.monotonic_ns()}")
        page.wait_for_timeout(300)
        save = page.get_by_role("button", name="Save")
        save.wait_for(state="visible")
        started = time.perf_counter()
        save.click()
        # saved and shown: the product opens the new ticket (its own page lists it with its log)
        page.wait_for_url("**/tickets/*")
        page.get_by_role("button", name="Post update").wait_for(state="visible")
        out[SAVE] = time.perf_counter() - started
    finally:
        context.close()
    return out


def floor_run(browser: Any, url: str) -> dict[str, float]:
    """The list steps on the floor page, in one fresh browser context."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    out: dict[str, float] = {}
    try:
        started = time.perf_counter()
        page.goto(url + "/")
        page.locator(FLOOR_ROW).first.wait_for(state="visible")
        out[FIRST_ROWS] = time.perf_counter() - started
        page.wait_for_timeout(300)
        out[NEXT] = _timed(page, NEXT_PAGE, FLOOR_COUNT)
        out[SORT] = _timed_click(page, page.locator("th", has_text="Updated"), FLOOR_FIRST)
        page.get_by_label("Search", exact=True).click()
        page.wait_for_timeout(300)
        out[SEARCH] = _timed(page, _search_event("'p'"), FLOOR_COUNT)
    finally:
        context.close()
    return out


@contextmanager
def running_floor(data_dir: Path, timeout: float = 120) -> Iterator[str]:
    """Start ``python -m benchmarks.floor`` on a free port over ``data_dir``; yield its URL; stop it afterwards."""
    port = free_port()
    args = [sys.executable, "-m", "benchmarks.floor", "--data-dir", str(data_dir), "--port", str(port)]
    proc = subprocess.Popen(
        args, cwd=ROOT, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the floor exited with {proc.returncode}")
            try:
                if httpx.get(url + "/", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the floor did not answer within the timeout")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def memory_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident set size of a process in MB, from /proc."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


class Result:
    """Medians of the product's and the floor's steps, the product server's memory and the load average."""

    def __init__(
        self, product: list[dict[str, float]], floor: list[dict[str, float]], rss: tuple[float, float]
    ):
        self.product = {k: statistics.median(r[k] for r in product) for k in product[0]}
        self.floor = {k: statistics.median(r[k] for r in floor) for k in floor[0]}
        self.rss, self.peak = rss
        self.runs = len(product)
        self.load = os.getloadavg()

    def ratio(self, step: str) -> float | None:
        """The product's median over the floor's (opening a ticket: over the floor's first rows)."""
        base = self.floor.get(FIRST_ROWS if step == OPEN else step)
        return None if base is None else self.product[step] / base

    def table(self) -> str:
        """The issue's table: step | product | floor | ratio (ms, medians)."""
        lines = ["| step | product | floor | ratio |", "|---|---|---|---|"]
        for step in STEPS:
            floor = self.floor.get(FIRST_ROWS if step == OPEN else step)
            ratio = self.ratio(step)
            floor_cell = (
                "—" if floor is None else f"{floor * 1000:.0f} ms" + (" (first rows)" if step == OPEN else "")
            )
            ratio_cell = "— (budget 150 ms)" if ratio is None else f"{ratio:.2f}×"
            lines.append(f"| {step} | {self.product[step] * 1000:.0f} ms | {floor_cell} | {ratio_cell} |")
        lines.append(
            f"| server RSS after browsing | {self.rss:.0f} MB (peak {self.peak:.0f}) | | budget 200 MB |"
        )
        load = ", ".join(f"{x:.1f}" for x in self.load)
        lines.append(f"(medians of {self.runs} runs, product and floor alternating; load average {load})")
        return "\n".join(lines)


def run(data_dir: Path, runs: int) -> Result:
    """Product and floor, alternating, ``runs`` times each, over a copy of ``data_dir``."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="tt-bench-") as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(data_dir, copy)
        with (
            running_app(copy, timeout=120) as app,
            running_floor(copy) as floor_url,
            sync_playwright() as p,
        ):
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
            )
            product: list[dict[str, float]] = []
            floor: list[dict[str, float]] = []
            try:
                for _ in range(runs):
                    product.append(product_run(browser, app.url))
                    floor.append(floor_run(browser, floor_url))
            finally:
                browser.close()
            memory = memory_mb(app.proc.pid)
    return Result(product, floor, memory)


def main() -> None:
    p = argparse.ArgumentParser(description="Product against the floor in headless Chromium (medians).")
    p.add_argument("--data-dir", required=True, type=Path, help="a folder filled by benchmarks.generate")
    p.add_argument("--runs", type=int, default=5)
    a = p.parse_args()
    print(run(a.data_dir, a.runs).table())


if __name__ == "__main__":
    main()
