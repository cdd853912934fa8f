"""Wire the UI to a built Services: pages, static files, the network boundary, live refresh; then run."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path

from fastapi import Request
from fastapi.responses import PlainTextResponse, Response
from nicegui import app, core, ui
from nicegui import run as run_io

from tickettracker import __version__
from tickettracker.services.container import Services
from tickettracker.services.settings import follow_state
from tickettracker.ui.components import attachments
from tickettracker.ui.pages import dashboard, settings, ticket
from tickettracker.ui.security import FEED_PATH, LOOPBACK_NAMES, BoundaryMiddleware, is_loopback, new_token

STATIC = Path(__file__).resolve().parent.parent / "static"
MULTIPART_ALLOWANCE = 64 * 1024  # room for multipart boundaries and part headers around the files themselves


def create(services: Services, *, hosts: Sequence[str], port: int, token: str | None) -> None:
    """Put the network boundary in front of the app and register every page for ``services``.

    ``hosts`` are the host names requests may name (the boundary refuses others); ``token`` is required on every
    request when set.
    """
    if not any(m.cls is BoundaryMiddleware for m in app.user_middleware):
        app.add_middleware(BoundaryMiddleware, hosts=list(hosts), port=port, token=token)
    core.sio.eio.cors_allowed_origins = [f"http://{h}:{port}" for h in hosts]
    # The only server-side upload limit (ui.upload's own limit is checked in the browser): request bodies over it get
    # 413 while they stream, before anything is written. Read at start-up; a changed limit is also checked per file.
    app.max_body_size = services.cfg.uploads.max_bytes + MULTIPART_ALLOWANCE
    app.on_shutdown(services.close)
    app.add_static_files("/tt-static", STATIC)
    dashboard.create(services)
    ticket.create(services)
    settings.create(services)
    attachments.create(services)
    _time(services)
    # A `demo enable|disable` run from the command line while the app runs: follow it within a few seconds.
    app.timer(3.0, lambda: follow_state(services))


TIME_TICK_SECONDS = 30.0


def _time(services: Services) -> None:
    """The calendar feed route, and the time work (due occurrences, reminders) at start-up and every 30 s."""

    @app.get(FEED_PATH, include_in_schema=False)
    def calendar_feed(request: Request, token: str = "", view: str = "") -> Response:
        body = services.calendar.feed(token, base_url=str(request.base_url), view=view or None)
        if body is None:  # wrong, revoked or missing token, unknown view: a bare 404 that reveals nothing
            return PlainTextResponse("Not Found", status_code=404)
        headers = {"Cache-Control": "no-store", "Content-Disposition": 'inline; filename="tickettracker.ics"'}
        return Response(body, media_type="text/calendar; charset=utf-8", headers=headers)

    async def tick() -> None:
        await run_io.io_bound(services.time_tick)

    app.on_startup(tick)
    app.timer(TIME_TICK_SECONDS, tick)


def serve(services: Services, *, host: str, port: int, open_browser: bool, native: bool) -> None:
    """Register the pages behind the boundary and start NiceGUI (blocks until stopped)."""
    token = None if is_loopback(host) else new_token(services.cfg.secret())
    create(services, hosts=[*LOOPBACK_NAMES, *([] if is_loopback(host) else [host])], port=port, token=token)
    shown = "localhost" if host in ("127.0.0.1", "::1") else host
    url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    print(f"TicketTracker {__version__} is running at {url}", flush=True)
    print(f"Data folder: {services.paths.root}", flush=True)
    if token:
        print(
            "Bound to a non-loopback address: every request needs the access token in the URL above.",
            flush=True,
        )
    # uvicorn re-raises Ctrl+C after its graceful shutdown: by then the app has stopped cleanly.
    with contextlib.suppress(KeyboardInterrupt):
        run(host=host, port=port, open_browser=open_browser, native=native)


def run(*, host: str, port: int, open_browser: bool, native: bool) -> None:
    """Start NiceGUI with the app's settings (returns at once under NiceGUI's simulated test user)."""
    ui.run(
        host=host,
        port=port,
        title="TicketTracker",
        dark=True,
        reload=False,
        show=open_browser and not native,
        native=native,
        window_size=(1280, 860) if native else None,
        show_welcome_message=False,
        favicon=STATIC / "favicon.svg",
        uvicorn_logging_level="warning",
        reconnect_timeout=10,
    )
