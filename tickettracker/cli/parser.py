"""The command line's shape: options shared by the app and every sub-command, and how sub-commands plug in."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from tickettracker import __version__

DEFAULT_PORT = 8765

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
        help="address to bind (default 127.0.0.1; 0.0.0.0 or :: shares it on the network; any address but "
        "loopback requires the printed access token)",
    )
    p.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="also accept requests addressed to NAME (a DNS name or a reverse proxy's host; repeatable); "
        "requires the access token like a non-loopback address",
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
