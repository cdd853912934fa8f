"""Dashboard timings in headless Chromium against the real app process (SPEC §13).

For each run a fresh browser context (no cache, no cookies) opens the dashboard and measures:
- rows visible: from navigation start until the first ticket row is visible (timed from Python);
- next page: click "Next page" until the count line shows page 2;
- new sort: click a sort option until the first row changes;
- search keystroke: one letter added to the search box until the count line changes (includes the debounce).
The last three are timed inside the page (performance.now() and a MutationObserver), so they hold the socket round
trip, the server's work and the browser's re-render, but not Playwright's own overhead.
Then the server's resident memory (now and peak) after all runs.

    python -m benchmarks.bench_browser --data-dir /tmp/tt-bench-100k --runs 5
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from typing import Any

from tests.support import CHROMIUM_ARGS, running_app

FIRST_ROW = "a.tt-title"
SUMMARY = ".tt-summary"


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


def _timed(page: Any, action: str, probe: str) -> float:
    """Seconds from running the JS statement ``action`` until the JS expression ``probe`` changes."""
    return float(page.evaluate(_TIMED, [action, probe]))


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
        page.wait_for_timeout(300)  # let the socket settle, so the next step measures itself only
        out["next page"] = _timed(
            page, "document.querySelector('button[aria-label=\"Next page\"]').click()", SUMMARY_TEXT
        )
        page.get_by_label("Sort by").click()
        option = page.get_by_role("option", name="Ticket number")
        option.wait_for(state="visible")
        option.evaluate("(el) => el.setAttribute('data-bench', 'sort')")
        out["new sort"] = _timed(page, "document.querySelector('[data-bench=sort]').click()", FIRST_HREF)
        page.get_by_label("Search", exact=True).click()
        page.wait_for_timeout(300)
        # One keystroke as the browser delivers it to the input: a new word's first letter after the query text
        # (the sort term is in the box now), then one input event.
        keystroke = (
            "const i = document.querySelector('input[aria-label=Search]'); i.value = i.value.trimEnd() + ' p';"
            " i.dispatchEvent(new Event('input', {bubbles: true}));"
        )
        out["search keystroke"] = _timed(page, keystroke, SUMMARY_TEXT)
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
