"""The inline-image route of the real app process, by raw HTTP: only real raster images, never SVG or HTML."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support import RunningApp, running_app
from tickettracker.app import build_services
from tickettracker.domain.validation import TicketInput

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 30
FILES = {
    "shot.png": (PNG, "image/png"),
    "drawing.svg": (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/svg+xml"),
    "page.png": (b"<html><script>alert(1)</script></html>", "image/png"),
}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningApp, dict[str, int]]]:
    data = tmp_path_factory.mktemp("inline") / "data"
    ctx = build_services(str(data))
    tid = ctx.tickets.create(TicketInput(title="Screens"))
    ids: dict[str, int] = {}
    for name, (content, declared) in FILES.items():
        ref = ctx.attachments.paste(tid, ctx.attachments.stage_bytes(name, content, declared))
        match = re.search(r"/attachments/(\d+)", ref)
        assert match
        ids[name] = int(match.group(1))
    ctx.close()
    with running_app(Path(data)) as running:
        yield running, ids


def test_a_png_is_served_inline_with_the_safety_headers(app: tuple[RunningApp, dict[str, int]]) -> None:
    running, ids = app
    r = httpx.get(f"{running.url}/attachments/{ids['shot.png']}/inline")
    assert r.status_code == 200 and r.content == PNG
    assert r.headers["content-type"] == "image/png"
    assert r.headers.get_list("x-content-type-options") == ["nosniff"]
    assert r.headers["content-security-policy"] == "default-src 'none'; sandbox"
    assert r.headers["content-disposition"].startswith('inline; filename="shot.png"')
    assert r.headers["cache-control"] == "private, no-cache"


@pytest.mark.parametrize("name", ["drawing.svg", "page.png"])
def test_svg_and_disguised_files_are_never_inline(app: tuple[RunningApp, dict[str, int]], name: str) -> None:
    running, ids = app
    r = httpx.get(f"{running.url}/attachments/{ids[name]}/inline")
    assert r.status_code == 404 and b"alert" not in r.content
    download = httpx.get(f"{running.url}/attachments/{ids[name]}")  # still downloadable, as a file
    assert download.status_code == 200 and download.headers["content-type"] == "application/octet-stream"


@pytest.mark.parametrize("bad", ["999", "abc", "1%2F..%2F..", "-1", "9" * 19])
def test_unknown_ids_are_404(app: tuple[RunningApp, dict[str, int]], bad: str) -> None:
    running, _ids = app
    assert httpx.get(f"{running.url}/attachments/{bad}/inline").status_code == 404


def test_the_host_boundary_applies(app: tuple[RunningApp, dict[str, int]]) -> None:
    running, ids = app
    url = f"{running.url}/attachments/{ids['shot.png']}/inline"
    assert httpx.get(url, headers={"Host": "evil.example"}).status_code == 400
