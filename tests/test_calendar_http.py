"""The calendar feed route of the real app process and `export --format ics`, by raw HTTP and the command line."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest
import vobject
from icalendar import Calendar

from tests.support import ROOT, RunningApp, child_env, running_app
from tickettracker.app import build_services
from tickettracker.domain.validation import TicketInput
from tickettracker.ui.security import BoundaryMiddleware, token_checker

DUE = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=3)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningApp, str]]:
    data = tmp_path_factory.mktemp("feed") / "data"
    ctx = build_services(str(data))
    ctx.tickets.create(TicketInput(title="Secret project review", due=DUE, due_has_time=True))
    token = ctx.calendar.token()
    ctx.close()
    with running_app(data) as running:
        yield running, token


def test_the_feed_answers_with_a_valid_calendar(app: tuple[RunningApp, str]) -> None:
    running, token = app
    r = httpx.get(f"{running.url}/calendar.ics", params={"token": token})
    assert r.status_code == 200 and r.headers["content-type"] == "text/calendar; charset=utf-8"
    (event,) = Calendar.from_ical(r.content).walk("VEVENT")
    assert str(event["summary"]) == "#1 Secret project review"
    assert str(event["url"]) == f"{running.url}/tickets/1"
    assert vobject.readOne(r.text).vevent.dtstart.value == DUE


@pytest.mark.parametrize("params", [{}, {"token": "wrong"}, {"token": ""}])
def test_a_wrong_token_gets_a_bare_404(app: tuple[RunningApp, str], params: dict[str, str]) -> None:
    running, _token = app
    r = httpx.get(f"{running.url}/calendar.ics", params=params)
    assert r.status_code == 404 and r.text == "Not Found" and "Secret" not in r.text


def test_an_unknown_view_gets_the_same_404(app: tuple[RunningApp, str]) -> None:
    running, token = app
    r = httpx.get(f"{running.url}/calendar.ics", params={"token": token, "view": "nope"})
    assert (r.status_code, r.text) == (404, "Not Found")


def _call(path: str, query: str = "") -> int:
    """Send one HTTP request through the boundary middleware; returns the status it answered with."""
    sent: list[dict[str, Any]] = []

    async def inner(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "path": path,
        "query_string": query.encode(),
        "headers": [(b"host", b"192.0.2.5:8765")],
    }
    asyncio.run(
        BoundaryMiddleware(inner, hosts=["192.0.2.5"], port=8765, identify=token_checker("access"))(
            scope, receive, send
        )
    )  # type: ignore[arg-type]
    return int(sent[0]["status"])


def test_on_a_network_bind_only_the_feed_skips_the_access_token() -> None:
    """The feed checks its own token; the feed token opens no other route, the access token not the feed."""
    assert _call("/calendar.ics", "token=feedtoken") == 200
    assert _call("/", "token=feedtoken") == 401
    assert _call("/tickets/1") == 401
    assert _call("/", "token=access") == 200


def test_export_format_ics_writes_the_same_feed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ctx = build_services(str(data))
    ctx.tickets.create(TicketInput(title="Quarterly taxes", due=DUE, due_has_time=False))
    ctx.close()
    out = tmp_path / "due.ics"
    done = subprocess.run(
        [sys.executable, "-m", "tickettracker", "export", "--format", "ics", str(out), "--data-dir", str(data)],
        cwd=ROOT, env=child_env(), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "export: 1 ticket(s) written" in done.stderr
    body = out.read_bytes()
    assert body.startswith(b"BEGIN:VCALENDAR\r\n")
    (event,) = Calendar.from_ical(body).walk("VEVENT")
    assert str(event["url"]) == "http://localhost:8765/tickets/1"
    assert vobject.readOne(body.decode()).vevent.summary.value == "#1 Quarterly taxes"
