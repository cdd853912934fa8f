"""Attachments clicked through in real headless Chromium against the real app process."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support import RunningApp
from tickettracker.app import build_services
from tickettracker.domain.validation import TicketInput

pytestmark = pytest.mark.browser
SLOW = 30_000  # ms: uploads are copied, hashed and fsynced in the app; allow for a busy machine

EVIL_HTML = (
    b"<!doctype html><html><body><script>alert('attachment script ran')</script><h1>hi</h1></body></html>"
)
EVIL_SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert("svg script ran")</script></svg>'


def new_ticket(app: RunningApp, title: str) -> int:
    ctx = build_services(str(app.data_dir))
    try:
        return ctx.tickets.create(TicketInput(title=title))
    finally:
        ctx.close()


def file_input(page: Any, label: str) -> Any:
    """The hidden <input type=file> of the uploader with this label (what the picker and drag-and-drop feed)."""
    uploader = page.locator(".tt-uploader").filter(has_text=label).first
    return uploader.locator("input[type=file]")


def test_attach_two_files_to_an_update_and_download_one(app: RunningApp, page: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    tid = new_ticket(app, "Two files with an update")
    page.goto(f"{app.url}/tickets/{tid}")
    expect(page.get_by_role("heading", name="Two files with an update")).to_be_visible()
    report = bytes(range(256)) * 40  # binary, 10 KB
    file_input(page, "Attach files to this update").set_input_files(
        [
            {"name": "report.bin", "mimeType": "application/octet-stream", "buffer": report},
            {"name": "notes.txt", "mimeType": "text/plain", "buffer": "hello, ünïcode\n".encode()},
        ]
    )
    staged = page.locator(".tt-staged-file")
    expect(staged).to_have_count(2, timeout=SLOW)
    page.get_by_label("Update", exact=True).fill("Logs attached")
    page.get_by_role("button", name="Post update").click()
    expect(page.locator(".q-notification").get_by_text("Update posted")).to_be_visible(timeout=SLOW)
    entry = page.locator(".tt-log-entry").filter(has_text="Logs attached")
    expect(entry.get_by_role("link", name="report.bin")).to_be_visible()
    expect(entry.get_by_role("link", name="notes.txt")).to_be_visible()
    with page.expect_download() as info:
        entry.get_by_role("link", name="report.bin").click()
    download = info.value
    assert download.suggested_filename == "report.bin"
    saved = tmp_path / "downloaded.bin"
    download.save_as(saved)
    assert saved.read_bytes() == report


@pytest.mark.parametrize(("name", "content"), [("page.html", EVIL_HTML), ("logo.svg", EVIL_SVG)])
def test_an_uploaded_html_or_svg_downloads_and_never_runs(
    app: RunningApp, page: Any, tmp_path: Path, name: str, content: bytes
) -> None:
    from playwright.sync_api import Error, expect

    tid = new_ticket(app, f"Hostile {name}")
    page.goto(f"{app.url}/tickets/{tid}")
    file_input(page, "Attach files").set_input_files(
        [
            {
                "name": name,
                "mimeType": "text/html" if name.endswith("html") else "image/svg+xml",
                "buffer": content,
            }
        ]
    )
    link = page.locator(".tt-attachment").get_by_role("link", name=name)
    expect(link).to_be_visible(timeout=SLOW)
    with page.expect_download() as info:
        link.click()
    saved = tmp_path / name
    info.value.save_as(saved)
    assert saved.read_bytes() == content
    assert page.url.endswith(f"/tickets/{tid}")  # the page stayed; nothing was rendered
    href = link.get_attribute("href")
    with pytest.raises(Error, match="Download is starting"):
        page.goto(app.url + href)  # even opened directly, the browser only saves it
    # The `page` fixture fails the test if any script opened an alert.


def test_a_file_over_the_limit_is_refused_before_sending(
    browser: Any, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    import json

    from playwright.sync_api import expect

    from tests.support import running_app

    config = tmp_path / "small.json"
    config.write_text(json.dumps({"uploads": {"max_bytes": 1000}}))
    data = tmp_path_factory.mktemp("small-limit")
    ctx = build_services(str(data), str(config))
    tid = ctx.tickets.create(TicketInput(title="Small limit"))
    ctx.close()
    with running_app(data, "--config", str(config)) as small:
        page = browser.new_page()
        try:
            page.goto(f"{small.url}/tickets/{tid}")
            file_input(page, "Attach files").set_input_files(
                [{"name": "big.bin", "mimeType": "application/octet-stream", "buffer": b"x" * 2000}]
            )
            expect(page.get_by_text("Not sent: files can be at most 1000 B in total")).to_be_visible(
                timeout=SLOW
            )
            expect(page.get_by_text("Attachments (0)")).to_be_visible()
        finally:
            page.close()
    assert [p for p in (data / "uploads").rglob("*") if p.is_file()] == []
