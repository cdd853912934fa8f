"""What the dashboard sends to Chromium: first HTML size and the websocket frames of each list step (issue 15).

Sizes, not times, so the figures hold on a loaded machine. Runs the app in this checkout over a copy of the data
folder and prints, per step (load, next page, sort, search keystroke), each socket.io message the browser received:
its type, the elements it updates and its size in bytes (uncompressed).

    python -m benchmarks.frames --data-dir /tmp/tt-bench-1k
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import httpx

from tests.support import CHROMIUM_ARGS, running_app


def describe(payload: str) -> str:
    """One socket.io frame as "type size [detail]"; engine.io pings and acks as their raw text."""
    if not payload.startswith("42"):
        return f"{payload[:12]!r} {len(payload)} B"
    kind, data = json.loads(payload[2:])[:2]
    detail = ""
    if kind == "update":
        detail = " ".join(
            f"{v.get('tag', '-') if v else 'deleted'}#{k}" for k, v in data.items() if k != "_id"
        )
    elif kind == "run_javascript":
        detail = str(data.get("code", ""))[:60]
    return f"{kind} {len(payload):,} B {detail}".rstrip()


def record(url: str) -> dict[str, list[str]]:
    """Frames received per step, in a fresh headless Chromium."""
    from playwright.sync_api import sync_playwright

    steps: dict[str, list[str]] = {}
    current: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("websocket", lambda ws: ws.on("framereceived", lambda f: current.append(describe(str(f)))))
        summary = page.locator(".tt-summary")

        def step(name: str, action: Any, done: Any) -> None:
            current.clear()
            action()
            try:
                done()
            except Exception:
                page.screenshot(path=f"/tmp/frames-{name}.png")
                raise
            page.wait_for_timeout(500)  # frames that follow the visible change (URL, counts) belong to it too
            steps[name] = list(current)

        step("load", lambda: page.goto(url + "/"), lambda: page.locator("a.tt-title").first.wait_for())
        before = summary.inner_text()
        step(
            "next page",
            lambda: page.get_by_role("button", name="Next page").click(),
            lambda: page.wait_for_function(
                "(t) => document.querySelector('.tt-summary').textContent !== t", arg=before
            ),
        )
        first = page.locator("a.tt-title").first.get_attribute("href")
        page.get_by_label("Sort by").click()
        step(
            "sort",
            lambda: page.get_by_role("option", name="Ticket number").click(),
            lambda: page.wait_for_function(
                "(h) => document.querySelector('a.tt-title').getAttribute('href') !== h", arg=first
            ),
        )
        before = summary.inner_text()
        page.get_by_label("Search", exact=True).click()
        page.keyboard.press("End")
        step(
            "search keystroke",
            lambda: page.keyboard.type(" p"),
            lambda: page.wait_for_function(
                "(t) => document.querySelector('.tt-summary').textContent !== t", arg=before
            ),
        )
        browser.close()
    return steps


def main() -> None:
    p = argparse.ArgumentParser(description="First HTML and websocket frames of the dashboard's list steps.")
    p.add_argument("--data-dir", required=True, type=Path, help="a folder filled by benchmarks.generate")
    a = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="tt-frames-") as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(a.data_dir, copy)
        with running_app(copy, timeout=120) as app:
            print(f"first HTML: {len(httpx.get(app.url + '/').content):,} B")
            for name, frames in record(app.url).items():
                print(f"{name}: {len(frames)} frames")
                for f in frames:
                    print("   ", f)


if __name__ == "__main__":
    main()
