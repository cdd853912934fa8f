"""Wire the UI to a built Services: pages, static files, the network boundary, live refresh; then run."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from pathlib import Path

from fastapi import Request
from fastapi.responses import PlainTextResponse, Response
from nicegui import app, core, ui
from nicegui import run as run_io
from starlette.middleware.sessions import SessionMiddleware

from tickettracker import __version__, netaddrs
from tickettracker.services.access import session_secret
from tickettracker.services.background import Periodic
from tickettracker.services.container import Services
from tickettracker.services.events import Change
from tickettracker.services.settings import follow_state
from tickettracker.ui import native_window
from tickettracker.ui.components import attachments
from tickettracker.ui.pages import dashboard, insights, settings, ticket
from tickettracker.ui.security import (
    FEED_PATH,
    LOOPBACK_NAMES,
    BoundaryMiddleware,
    is_loopback,
    new_token,
    origins,
    token_checker,
)

STATIC = Path(__file__).resolve().parent.parent / "static"
MULTIPART_ALLOWANCE = 64 * 1024  # room for multipart boundaries and part headers around the files themselves
TOKEN_SCRIPT = '<script src="/tt-static/token.js"></script>'
# Each browser's session (its "Your name"): strict like the token cookie, and kept as long as browsers allow.
SESSION_COOKIE = {
    "session_cookie": "tickettracker_session",
    "same_site": "strict",
    "max_age": 400 * 24 * 3600,
}


def create(services: Services, *, hosts: Sequence[str], port: int, token: str | None) -> None:
    """Put the network boundary in front of the app and register every page for ``services``.

    ``hosts`` are the host names requests may name (the boundary refuses others). With a ``token`` the app is
    shared: every request needs it or a person's access link, and each browser keeps its "Your name" in a session.
    """
    if not any(getattr(m, "cls", None) is BoundaryMiddleware for m in app.user_middleware):
        if token:  # added first, so it runs inside the boundary: a refused request gets no session cookie
            key = session_secret(services.own_paths.state, services.cfg.secret())
            app.add_middleware(SessionMiddleware, secret_key=key, **SESSION_COOKIE)  # type: ignore[arg-type]
        identify = token_checker(token, services.access.identify) if token else None
        app.add_middleware(BoundaryMiddleware, hosts=list(hosts), port=port, identify=identify)
    core.sio.eio.cors_allowed_origins = sorted(origins(hosts, port))
    if token:
        ui.add_head_html(TOKEN_SCRIPT, shared=True)
    # The only server-side upload limit (ui.upload's own limit is checked in the browser): request bodies over it get
    # 413 while they stream, before anything is written. Read at start-up; a changed limit is also checked per file.
    app.max_body_size = services.cfg.uploads.max_bytes + MULTIPART_ALLOWANCE
    app.on_shutdown(services.close)
    app.add_static_files("/tt-static", STATIC)
    # Quasar's q-item says "listitem" inside a role=menu: each menu entry is a menu item to assistive technology.
    ui.menu_item.default_props("role=menuitem")
    dashboard.create(services)
    ticket.create(services)
    settings.create(services)
    insights.create(services)
    attachments.create(services)
    _time(services)
    # A `demo enable|disable` run from the command line while the app runs: follow it within a few seconds.
    app.timer(3.0, lambda: follow_state(services))
    app.on_startup(lambda: _bridge(services))


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

    # while the database is away: one line in the log, no traceback per tick, and the next tick retries
    time_work = Periodic("Time work (due occurrences, reminders)", services.time_tick)

    async def tick() -> None:
        await run_io.io_bound(time_work)

    app.on_startup(tick)
    app.timer(TIME_TICK_SECONDS, tick)


def _bridge(services: Services) -> None:
    """On PostgreSQL, hear other instances' changes; they arrive on a thread and are emitted on the UI's loop."""
    loop = asyncio.get_running_loop()

    def deliver(change: Change) -> None:
        loop.call_soon_threadsafe(services.bus.emit, change)

    services.bridge.start(deliver)


def serve(
    services: Services,
    *,
    host: str,
    port: int,
    open_browser: bool,
    native: bool,
    allow_hosts: Sequence[str] = (),
) -> None:
    """Register the pages behind the boundary and start NiceGUI (blocks until stopped).

    Bound to a non-loopback address, or given ``allow_hosts``, the app is shared: the machine's own addresses and
    names are accepted (netaddrs.reach) and every request needs the start-up token or a person's access link.
    """
    shared = not is_loopback(host) or bool(allow_hosts)
    token = new_token(services.cfg.secret()) if shared else None
    reach = netaddrs.reach(host, allow_hosts)
    create(services, hosts=[*LOOPBACK_NAMES, *reach.hosts], port=port, token=token)
    _announce(services, host, port, token, reach)
    # uvicorn re-raises Ctrl+C after its graceful shutdown: by then the app has stopped cleanly.
    with contextlib.suppress(KeyboardInterrupt):
        run(host=host, port=port, open_browser=open_browser, native=native)


def _announce(services: Services, host: str, port: int, token: str | None, reach: netaddrs.Reach) -> None:
    """Print where the app is: this machine's URL first, then one per network address, each with the token."""
    query = f"?token={token}" if token else ""
    shown = "localhost" if is_loopback(host) or host in (netaddrs.WILDCARD_V4, netaddrs.WILDCARD_V6) else host
    print(f"TicketTracker {__version__} is running at http://{shown}:{port}/{query}", flush=True)
    for address in reach.addresses if shown == "localhost" else ():
        print(f"  on the network: http://{address}:{port}/{query}", flush=True)
    names = [h for h in reach.hosts if h not in reach.addresses]
    if names:
        print(f"  also answering to: {', '.join(names)}", flush=True)
    print(f"Data folder: {services.paths.root}", flush=True)
    if token:
        print(
            "Shared: every request needs the access token in the URLs above; "
            "Settings → Access links gives each colleague a link of their own.",
            flush=True,
        )


def run(*, host: str, port: int, open_browser: bool, native: bool) -> None:
    """Start NiceGUI with the app's settings (returns at once under NiceGUI's simulated test user)."""
    if native:  # runs in the window's process: desktop notifications there (native_window)
        app.native.start_args["func"] = native_window.start
    session = next((m for m in app.user_middleware if getattr(m, "cls", None) is SessionMiddleware), None)
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
        language="en-US",  # the lang attribute of the html tag, for screen readers and hyphenation
        # Shared, the session middleware is in place (see create); this lets NiceGUI's user storage use it.
        storage_secret=str(session.kwargs["secret_key"]) if session is not None else None,
    )
