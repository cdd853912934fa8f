"""Hostile input in real headless Chromium, and nothing leaves the host.

Fifty XSS payloads go into every text field (title, description, notes, requester, watchers, tags, link labels and
URLs, update text and author, hold reason, attachment names); the dashboard (with every row's quick-info card),
every ticket page and the settings page are opened. No script may run (the ``page`` fixture fails on any dialog),
no element may be injected, and every request the browser makes during the session must go to the app itself.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

from tests.conftest import require_browser
from tests.factories import make_ticket
from tests.reliability.payloads import PAYLOADS
from tests.services.data.factory import attach
from tests.support import RunningApp, running_app
from tickettracker.app import build_services
from tickettracker.domain.validation import LinkIn

pytestmark = pytest.mark.browser

# Elements and attributes user text must never become. (NiceGUI's own page has none of them in its content.)
INJECTED = (
    "img, script, iframe, object, embed, svg script, math, details, input[autofocus], noscript, style, link, "
    "[onerror], [onload], [onfocus], [ontoggle], [onclick]"
)
REQUESTS: list[str] = []


def _fill(data: Path) -> list[int]:
    ctx = build_services(str(data))
    try:
        ids = []
        for i, p in enumerate(PAYLOADS):
            tid = make_ticket(
                ctx.tickets,
                title=p,
                description=f"{p}\n{p}",
                notes=p,
                requester=p,
                watchers=[p, f"w{i}@example.com"],
                tags=[p[:50]],
                links=[LinkIn(f"https://example.com/?q={quote(p)}", p)],
                status="On Hold",
                hold_reason=p,
                author=p,
            )
            uid = ctx.tickets.post_update(tid, p, author=p, links=[LinkIn("https://example.com/u", p)])
            attach(ctx, tid, p, p.encode(), update_id=uid)
            attach(ctx, tid, p + ".html", b"<script>alert(1)</script>")
            ids.append(tid)
        return ids
    finally:
        ctx.close()


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningApp, list[int]]]:
    require_browser()
    data = tmp_path_factory.mktemp("hostile")
    ids = _fill(data)
    (data / "config.json").write_text(
        json.dumps({"default_submitted_by": PAYLOADS[1], "hold_reasons": PAYLOADS[:5]})
    )
    with running_app(data, timeout=120) as running:  # a loaded 2-core machine can be slow to start it
        yield running, ids


@pytest.fixture
def watched(page: Any) -> Any:
    """The shared ``page`` fixture (fails on any dialog), with every request the browser makes recorded."""
    page.on("request", lambda r: REQUESTS.append(r.url))
    page.on("websocket", lambda ws: REQUESTS.append(ws.url))
    return page


def _no_injection(page: Any, where: str) -> None:
    page.wait_for_timeout(300)  # let any injected handler fire (a dialog fails the test at teardown)
    found = page.locator(f".q-page {INJECTED.replace(', ', ', .q-page ')}").count()
    assert found == 0, f"{where}: {found} injected element(s)"


def test_dashboard_and_quick_info_cards_show_payloads_as_text(
    hostile_app: tuple[RunningApp, list[int]], watched: Any
) -> None:
    from playwright.sync_api import expect

    app, _ids = hostile_app
    watched.goto(app.url + "/?size=50")
    expect(watched.get_by_text("1–50 of 50 tickets")).to_be_visible()
    for p in PAYLOADS[:3]:
        expect(watched.get_by_role("link", name=p, exact=False).first).to_be_visible()
    rows = watched.locator("tr.tt-row")
    assert rows.count() == 50
    for i in range(0, 50, 7):  # a spread of quick-info cards, each showing its ticket's payloads as text
        row = rows.nth(i)
        title = row.locator(".tt-title").inner_text()
        watched.mouse.move(0, 0)  # close the previous card first: an open card covers the rows below it
        row.locator(".tt-title").hover()
        card = row.locator(".tt-quick")
        expect(card).to_be_visible()
        assert f"Requester: {title}" in card.inner_text() and f"Hold reason: {title}" in card.inner_text()
    _no_injection(watched, "dashboard")
    watched.goto(app.url + "/?q=" + quote("script alert"))
    watched.wait_for_selector("tr.tt-row")
    _no_injection(watched, "dashboard search with highlights")
    # Positive control: the check does see an element that gets into the page.
    watched.evaluate(
        "document.querySelector('.q-page').insertAdjacentHTML('beforeend', '<img src=\"data:,\">')"
    )
    with pytest.raises(AssertionError, match="1 injected element"):
        _no_injection(watched, "control")


def test_every_ticket_page_shows_payloads_as_text(
    hostile_app: tuple[RunningApp, list[int]], watched: Any
) -> None:
    from playwright.sync_api import expect

    app, ids = hostile_app
    for tid, p in zip(ids, PAYLOADS, strict=True):
        watched.goto(f"{app.url}/tickets/{tid}")
        expect(watched.get_by_role("heading", name=p)).to_be_visible()
        _no_injection(watched, f"ticket {tid}")
    assert watched.get_by_text(PAYLOADS[-1]).count() >= 5  # title, description, notes, requester, update …


def test_settings_page_with_hostile_configuration(
    hostile_app: tuple[RunningApp, list[int]], watched: Any
) -> None:
    app, _ids = hostile_app
    watched.goto(app.url + "/settings")
    watched.wait_for_selector("text=Settings")
    _no_injection(watched, "settings")


def test_nothing_leaves_the_host(hostile_app: tuple[RunningApp, list[int]], watched: Any) -> None:
    """An end-to-end session (plus every page opened above): all requests went to the app's own origin."""
    from playwright.sync_api import expect

    app, _ids = hostile_app
    watched.goto(app.url + "/")
    watched.get_by_role("button", name="New ticket").click()
    watched.get_by_label("Title", exact=True).fill("Ordinary ticket")
    watched.get_by_role("button", name="Save").click()
    watched.wait_for_url("**/tickets/*")
    expect(watched.get_by_role("heading", name="Ordinary ticket")).to_be_visible()
    # Typed once: the page keeps what is typed while it connects (tests/browser/test_typed_text_kept.py)
    watched.get_by_label("Update", exact=True).fill("An update with https://example.com in it")
    watched.get_by_role("button", name="Post update").click()
    expect(watched.get_by_text("An update with https://example.com in it")).to_be_visible()
    watched.goto(app.url + "/settings")
    watched.wait_for_selector("text=Settings")
    assert len(REQUESTS) > 20, "the session made almost no requests: nothing was checked"
    own = {("http", f"127.0.0.1:{app.port}"), ("ws", f"127.0.0.1:{app.port}")}
    foreign = sorted({u for u in REQUESTS if (urlsplit(u).scheme, urlsplit(u).netloc) not in own
                      and urlsplit(u).scheme not in ("data", "blob")})  # fmt: skip
    assert foreign == []
