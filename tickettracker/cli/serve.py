"""Run the app: open the data folder through the composition root, check the native window, then serve the UI."""

from __future__ import annotations

import argparse
import os
import socket
import sys

from tickettracker.cli.parser import DEFAULT_PORT
from tickettracker.errors import TicketTrackerError


def free_port(host: str, start: int, attempts: int = 50) -> int:
    """The first port from ``start`` on that can be bound on ``host``."""
    for port in range(start, start + attempts):
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as s:
            s.setsockopt(
                socket.SOL_SOCKET, socket.SO_REUSEADDR, 1
            )  # as uvicorn does: TIME_WAIT is not "taken"
            try:
                s.bind((host, port))
            except OSError:
                continue
            return port
    raise TicketTrackerError(f"no free port between {start} and {start + attempts - 1} on {host}")


def run_app(args: argparse.Namespace) -> int:
    from tickettracker.app import build_services
    from tickettracker.netaddrs import normalise_allowed
    from tickettracker.paths import resolve_data_dir

    allow_hosts = [normalise_allowed(h) for h in args.allow_host]  # a bad name stops here, before any work
    root = resolve_data_dir(args.data_dir)
    # NiceGUI reads its storage path at import time: keep its files inside the data folder (SPEC §3).
    os.environ.setdefault("NICEGUI_STORAGE_PATH", str(root / "nicegui-storage"))
    ctx = build_services(args.data_dir, args.config)
    for warning in ctx.warnings:
        print(f"tickettracker: warning: {warning}", file=sys.stderr)
    for finding in ctx.attachments.sweep().problems:  # report only; `check --remove-orphan-files` deletes
        print(f"tickettracker: warning: {finding}", file=sys.stderr)

    native = False
    if args.native:
        from tickettracker.cli import native as native_check

        problem = native_check.problem()
        if problem is None:
            native = True
        elif args.native == "auto":
            print(
                f"tickettracker: native window unavailable: {problem}\n"
                "tickettracker: falling back to the browser.",
                file=sys.stderr,
            )
        else:
            print(
                f"tickettracker: error: native window unavailable: {problem}\n"
                "tickettracker: run with --native=auto to fall back to the browser, or without --native.",
                file=sys.stderr,
            )
            ctx.close()
            return 1

    from tickettracker.ui import app as ui_app

    port = args.port or DEFAULT_PORT
    chosen = free_port(args.host, port)
    if chosen != port:
        print(f"tickettracker: port {port} is taken; using {chosen}")
    port = chosen
    ui_app.serve(
        ctx,
        host=args.host,
        port=port,
        open_browser=not args.no_browser,
        native=native,
        allow_hosts=allow_hosts,
    )
    return 0
