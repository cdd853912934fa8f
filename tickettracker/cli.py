"""Command line and composition root: load config → open store (migrate) → build services → run the UI.

``python -m tickettracker`` starts the app; sub-commands work on the data folder (SPEC §2, §15).
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from collections.abc import Callable, Sequence

from tickettracker import __version__
from tickettracker.errors import TicketTrackerError

DEFAULT_PORT = 8765
EXIT_USAGE = 2

# Sub-commands register here: name -> (configure parser, run). Each run returns an exit code.
Command = tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--data-dir", help="data folder (default: $TICKETTRACKER_DATA_DIR or the platform's user data folder)"
    )
    p.add_argument(
        "--config", help="configuration file (default: $TICKETTRACKER_CONFIG or <data folder>/config.json)"
    )


def build_parser(commands: dict[str, Command]) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m tickettracker",
        description="TicketTracker: a local-first, private help desk. Without a sub-command it starts the app.",
    )
    p.add_argument("--version", action="version", version=f"TicketTracker {__version__}")
    _common(p)
    p.add_argument(
        "--port",
        type=int,
        default=None,
        help=f"port to serve on (default {DEFAULT_PORT}; the next free one if taken)",
    )
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to bind (default 127.0.0.1; any other address requires the printed access token)",
    )
    p.add_argument("--no-browser", action="store_true", help="do not open a browser tab")
    p.add_argument(
        "--native",
        nargs="?",
        const="yes",
        choices=["yes", "auto"],
        default=None,
        help="open a native desktop window (needs pywebview; 'auto' falls back to the browser)",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for name, (configure, _run) in commands.items():
        sp = sub.add_parser(name, help=configure.__doc__)
        _common(sp)
        configure(sp)
    return p


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


def registered_commands() -> dict[str, Command]:
    from tickettracker import commands

    return commands.COMMANDS


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: exits with the command's code; user errors print one line, never a traceback."""
    sys.exit(start(argv))


def start(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run the app or a sub-command; returns the exit code."""
    commands = registered_commands()
    args = build_parser(commands).parse_args(argv)
    try:
        code = commands[args.command][1](args) if args.command else run_app(args)
    except TicketTrackerError as e:
        print(f"tickettracker: error: {e}", file=sys.stderr)
        code = EXIT_USAGE if e.__class__.__name__ == "ConfigError" else 1
    except KeyboardInterrupt:
        code = 130
    return code


def run_app(args: argparse.Namespace) -> int:
    from tickettracker.context import build_context
    from tickettracker.paths import resolve_data_dir

    root = resolve_data_dir(args.data_dir)
    # NiceGUI reads its storage path at import time: keep its files inside the data folder (SPEC §3).
    os.environ.setdefault("NICEGUI_STORAGE_PATH", str(root / "nicegui-storage"))
    ctx = build_context(args.data_dir, args.config)
    for warning in ctx.warnings:
        print(f"tickettracker: warning: {warning}", file=sys.stderr)
    for finding in ctx.attachments.sweep().problems:  # report only; `check --remove-orphan-files` deletes
        print(f"tickettracker: warning: {finding}", file=sys.stderr)

    native = False
    if args.native:
        from tickettracker import native as native_check

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
    if not ui_app.under_pytest():
        chosen = free_port(args.host, port)
        if chosen != port:
            print(f"tickettracker: port {port} is taken; using {chosen}")
        port = chosen
    ui_app.serve(ctx, host=args.host, port=port, open_browser=not args.no_browser, native=native)
    return 0


if __name__ == "__main__":  # `python -m tickettracker.cli demo enable`, the original tool's documented form
    main()
