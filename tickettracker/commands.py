"""Sub-commands of ``python -m tickettracker`` that work on the data folder, also while the app runs."""

from __future__ import annotations

import argparse
import sqlite3

from tickettracker import demo_command
from tickettracker.cli import Command


def _configure_check(p: argparse.ArgumentParser) -> None:
    """verify the database (integrity, foreign keys) and the attachment store"""
    p.add_argument(
        "--remove-orphan-files",
        action="store_true",
        help="delete attachment files that no row uses and unfinished uploads (rows are never deleted)",
    )


def run_check(args: argparse.Namespace) -> int:
    from tickettracker.context import build_context

    ctx = build_context(args.data_dir, args.config)
    problems: list[str] = []
    conn = sqlite3.connect(f"file:{ctx.paths.database}?mode=ro", uri=True)
    try:
        result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            problems += [f"database: {r}" for r in result]
        for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check"):
            problems.append(f"database: {table} row {rowid} points to a missing {parent}")
    finally:
        conn.close()
    report = ctx.attachments.sweep(remove=args.remove_orphan_files)
    problems += report.problems
    for removed in report.removed:
        print(f"removed uploads/{removed}")
    ctx.close()
    for p in problems:
        print(p)
    print(f"check: {len(problems)} problem(s) in {ctx.paths.root}")
    return 1 if problems else 0


COMMANDS: dict[str, Command] = {
    "check": (_configure_check, run_check),
    "demo": (demo_command.configure, demo_command.run),
}
