"""The upload limit and the download route of the real app process, by raw HTTP (what a hostile page or script
could send): over-limit bodies get 413 and leave no file and no row; the boundary applies to both routes."""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Iterator
from urllib.parse import unquote

import httpx
import pytest

from tests.factories import make_ticket
from tests.support import RunningApp, running_app
from tickettracker.app import build_services
from tickettracker.ui.app import MULTIPART_ALLOWANCE

LIMIT = 1000


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    root = tmp_path_factory.mktemp("uploads-http")
    config = root / "small-limit.json"
    config.write_text(json.dumps({"uploads": {"max_bytes": LIMIT}}))
    data = root / "data"
    ctx = build_services(str(data), str(config))
    make_ticket(ctx.tickets, title="Printer on fire")
    ctx.close()
    with running_app(data, "--config", str(config)) as running:
        yield running


def upload_url(app: RunningApp, label: str = "Attach files") -> str:
    """The URL NiceGUI gave the ticket page's uploader (it exists while that page's client does)."""
    html = httpx.get(f"{app.url}/tickets/1").text
    match = re.search(
        r'"label":"' + re.escape(label) + r'"[^}]*?"url":"(/_nicegui/client/[^"]+/upload/\d+)"', html
    )
    assert match, "no uploader on the ticket page"
    return app.url + match.group(1)


def rows(app: RunningApp) -> list[tuple[str, int]]:
    conn = sqlite3.connect(f"file:{app.data_dir / 'tickettracker.db'}?mode=ro", uri=True)
    try:
        return list(conn.execute("SELECT name, size FROM attachment ORDER BY id"))
    finally:
        conn.close()


def files(app: RunningApp) -> list[str]:
    """Every file under uploads/, including unfinished ones in .incoming/."""
    uploads = app.data_dir / "uploads"
    return sorted(str(p.relative_to(uploads)) for p in uploads.rglob("*") if p.is_file())


def attach_sentinel(app: RunningApp, name: str) -> None:
    """Upload a small file and wait until its row exists: anything sent before it has been handled by then."""
    r = httpx.post(upload_url(app), files={"file": (name, name.encode(), "text/plain")})  # unique content
    assert r.status_code == 200
    deadline = time.monotonic() + 20
    while name not in [n for n, _s in rows(app)]:
        assert time.monotonic() < deadline, f"{name} was never attached: {app.proc.poll()}"
        time.sleep(0.05)


def test_a_file_within_the_limit_is_attached(app: RunningApp) -> None:
    attach_sentinel(app, "within.txt")
    assert ("within.txt", len("within.txt")) in rows(app)


def test_a_body_over_the_limit_gets_413_and_leaves_nothing(app: RunningApp) -> None:
    before_rows, before_files = rows(app), files(app)
    big = b"x" * (LIMIT + MULTIPART_ALLOWANCE + 1)
    r = httpx.post(upload_url(app), files={"file": ("big.bin", big, "application/octet-stream")})
    assert r.status_code == 413
    attach_sentinel(app, "after-413.txt")
    assert rows(app) == [*before_rows, ("after-413.txt", 13)]
    assert len(files(app)) == len(before_files) + 1  # only the sentinel's file
    assert not any(f.startswith(".incoming/") for f in files(app))


def test_a_streamed_body_without_length_is_cut_off_with_413(app: RunningApp) -> None:
    before_rows = rows(app)
    boundary = "tt-boundary"

    def body() -> Iterator[bytes]:
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="stream.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        for _ in range(200):  # 200 × 4 KiB, far past the limit; the server stops reading early
            yield b"y" * 4096
        yield f"\r\n--{boundary}--\r\n".encode()

    r = httpx.post(
        upload_url(app),
        content=body(),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert r.status_code == 413
    attach_sentinel(app, "after-stream.txt")
    assert rows(app) == [*before_rows, ("after-stream.txt", 16)]
    assert not any(f.startswith(".incoming/") for f in files(app))


def test_a_file_just_over_the_limit_inside_a_small_body_is_refused_by_the_handler(app: RunningApp) -> None:
    before_rows, before_files = rows(app), files(app)
    r = httpx.post(
        upload_url(app), files={"file": ("just-over.bin", b"z" * (LIMIT + 1), "application/octet-stream")}
    )
    assert r.status_code == 200  # the body fits the HTTP allowance; the size check happens on the file itself
    attach_sentinel(app, "after-just-over.txt")
    assert rows(app) == [*before_rows, ("after-just-over.txt", 19)]
    assert len(files(app)) == len(before_files) + 1


def test_the_boundary_guards_the_upload_route(app: RunningApp) -> None:
    url = upload_url(app)
    before = rows(app)
    foreign_host = httpx.post(url, files={"file": ("h.txt", b"h")}, headers={"Host": "evil.example"})
    foreign_origin = httpx.post(
        url, files={"file": ("o.txt", b"o")}, headers={"Origin": "http://evil.example"}
    )
    assert (foreign_host.status_code, foreign_origin.status_code) == (400, 403)
    attach_sentinel(app, "after-boundary.txt")
    assert [n for n, _s in rows(app)] == [*(n for n, _s in before), "after-boundary.txt"]


def test_downloads_are_attachments_that_never_render(app: RunningApp) -> None:
    attach_sentinel(app, "x.txt")
    conn = sqlite3.connect(f"file:{app.data_dir / 'tickettracker.db'}?mode=ro", uri=True)
    [(aid,)] = conn.execute("SELECT id FROM attachment WHERE name = 'x.txt'").fetchall()
    conn.close()
    r = httpx.get(f"{app.url}/attachments/{aid}")
    assert r.status_code == 200 and r.content == b"x.txt"
    assert r.headers["content-type"] == "application/octet-stream"
    assert r.headers.get_list("x-content-type-options") == ["nosniff"]  # once, not doubled by the middleware
    assert r.headers["content-security-policy"] == "default-src 'none'; sandbox"
    assert r.headers["x-frame-options"] == "DENY"  # the boundary's headers are there too
    assert unquote(r.headers["content-disposition"].split("''", 1)[1]) == "x.txt"
    assert httpx.get(f"{app.url}/attachments/{aid}", headers={"Host": "evil.example"}).status_code == 400
    assert (
        httpx.get(f"{app.url}/attachments/{aid}", headers={"Origin": "http://evil.example"}).status_code
        == 403
    )
