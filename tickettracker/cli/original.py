"""``import-original PATH``: the command line of :mod:`tickettracker.services.data.original`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tickettracker.app import build_services
from tickettracker.services.data.original import Options, import_original, parse_maps
from tickettracker.services.tickets import utcnow


def configure(p: argparse.ArgumentParser) -> None:
    """bring the original TicketTracker's tickets, history and files across (its database is only read)"""
    p.add_argument(
        "path", metavar="PATH", help="the original's project folder (with config.json), or its database file"
    )
    p.add_argument(
        "--uploads",
        metavar="DIR",
        type=Path,
        help="the original's uploads folder (default: as its config.json says)",
    )
    p.add_argument(
        "--with-config",
        action="store_true",
        help="also turn the original's config.json into this tracker's configuration",
    )
    p.add_argument(
        "--dry-run", action="store_true", help="check everything and print the report; write nothing"
    )
    p.add_argument(
        "--map",
        metavar="OLD=NEW",
        action="append",
        default=[],
        help="rename a status or priority on the way in (repeatable)",
    )


def run(args: argparse.Namespace) -> int:
    options = Options(args.uploads, args.with_config, args.dry_run, parse_maps(args.map))
    ctx = build_services(args.data_dir, args.config)
    for warning in ctx.warnings:
        print(f"tickettracker: warning: {warning}", file=sys.stderr)
    try:
        report = import_original(ctx, Path(args.path), options, now=utcnow())
    finally:
        ctx.close()
    print("\n".join(report.lines()))
    return 0
