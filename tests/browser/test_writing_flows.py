"""Writing comfort in real headless Chromium against the real app: tick a checklist, paste a screenshot (and one
over the limit, refused before a byte is sent), type a ;snippet, preview Markdown; a screenshot for the record."""

from __future__ import annotations

import json
import os
import re
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import require_browser
from tests.support import RunningApp, running_app
from tickettracker.app import build_services
from tickettracker.domain.snippets import Snippet
from tickettracker.domain.validation import TicketInput

pytestmark = pytest.mark.browser
LIMIT = 200_000
SHOTS = Path(os.environ.get("TT_SHOTS", "/work/notes/shots"))
DESCRIPTION = """The printer on **floor 2** smears every page; the vendor case is https://example.com/case/7.

| Tray | Paper | State |
|:-----|:-----:|------:|
| 1 | A4 | fine |
| 2 | A3 | *smears* |

- [x] Call the vendor
- [ ] Order toner
- [ ] Replace the drum"""


def png(width: int = 240, height: int = 120) -> bytes:
    """A small real PNG (a blue-to-orange gradient with a dark band), made here so the test needs no file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b""
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            band = 40 <= y < 60
            row += bytes((30, 30, 30) if band else (int(255 * x / width), 120, 255 - int(255 * x / width)))
        rows += bytes(row)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningApp, int]]:
    require_browser()
    root = tmp_path_factory.mktemp("writing")
    config = root / "config.json"
    config.write_text(json.dumps({"uploads": {"max_bytes": LIMIT}}))
    data = root / "data"
    ctx = build_services(str(data), str(config))
    tid = ctx.tickets.create(
        TicketInput(title="Printer smears pages", description=DESCRIPTION, requester="Ana")
    )
    ctx.writing.save_snippet(Snippet("thanks", "Thanks {requester}, ticket #{id} is on its way."))
    ctx.close()
    with running_app(data, "--config", str(config)) as running:
        yield running, tid


PASTE = """([name, bytes, size]) => {
  const data = bytes ? new Uint8Array(bytes) : new Uint8Array(size);
  const dt = new DataTransfer();
  dt.items.add(new File([data], name, {type: 'image/png'}));
  const box = [...document.querySelectorAll('textarea')].find((t) => t.getAttribute('aria-label') === 'Update'
    || t.closest('label')?.innerText.trim().startsWith('Update'));
  box.focus();
  box.dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}));
}"""


def test_tick_paste_snippet_preview_and_a_screenshot(app: tuple[RunningApp, int], page: Any) -> None:
    from playwright.sync_api import expect

    running, tid = app
    uploads: list[str] = []
    page.on("request", lambda r: uploads.append(r.url) if "/upload/" in r.url else None)
    page.goto(f"{running.url}/tickets/{tid}")
    expect(page.get_by_role("heading", name="Printer smears pages")).to_be_visible()
    description = page.locator(".tt-markdown").first
    expect(description.locator("strong")).to_have_text("floor 2")
    expect(description.locator("table td.tt-align-right").last).to_have_text("smears")

    # tick a checklist item: the log says so
    page.get_by_label("Order toner").click()  # the box turns once the server has stored it
    expect(page.get_by_text("checked: Order toner")).to_be_visible()
    expect(page.get_by_label("Order toner")).to_be_checked()

    # a file over the limit is refused in the browser: nothing is uploaded
    page.evaluate(PASTE, ["huge.png", None, LIMIT + 1])
    expect(page.get_by_text("Not uploaded: huge.png")).to_be_visible()
    assert uploads == []

    # a pasted screenshot is attached and referenced in the update
    box = page.get_by_label("Update", exact=True)
    box.fill("Photo of the smear:")
    page.evaluate(PASTE, ["image.png", list(png()), 0])
    expect(box).to_have_value(
        re.compile(r"Photo of the smear:\n!\[screenshot-[0-9-]+\.png\]\(/attachments/\d+/inline\)\n")
    )
    assert len(uploads) == 1

    # a ;snippet, completed with Tab
    box.press("End")
    box.type("\n;tha")
    expect(page.get_by_role("button", name=";thanks")).to_be_visible()
    box.press("Tab")
    expect(box).to_have_value(re.compile(r"Thanks Ana, ticket #1 is on its way\.$"))

    # preview, then post
    page.locator('[aria-label="Update: write or preview"]').get_by_text("Preview").click()
    expect(page.locator(".tt-preview img")).to_have_count(1)
    page.get_by_role("button", name="Post update").click()
    expect(page.locator(".q-notification").get_by_text("Update posted")).to_be_visible()
    image = page.locator(".tt-log-entry .tt-markdown img").first
    expect(image).to_be_visible()
    assert page.evaluate("(img) => img.complete && img.naturalWidth", image.element_handle()) == 240

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 1900})  # the whole page at once: the header stays on top
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / "ticket-markdown-checklist-pasted-image.png"))

    # the dashboard row shows the checklist progress
    page.goto(f"{running.url}/?sort=id")
    expect(page.get_by_role("img", name="Checklist: 2 of 3 done")).to_be_visible()
    expect(page.locator("tr.tt-row .tt-progress-text").first).to_have_text("2/3")
