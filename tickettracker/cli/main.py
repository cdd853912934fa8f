"""Entry point: parse the command line and run the app or a sub-command (SPEC §2, §15).

User errors print one line, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from tickettracker.cli import data, demo, original
from tickettracker.cli.parser import Command, build_parser
from tickettracker.cli.serve import run_app
from tickettracker.errors import ConfigError, DatabaseSetupError, TicketTrackerError, storage_fault

EXIT_USAGE = 2


def registered_commands() -> dict[str, Command]:
    """Every sub-command: name -> (configure its parser, run it)."""
    return {
        **data.DATA_COMMANDS,  # export, import, backup, restore, check (SPEC §15)
        "demo": (demo.configure, demo.run),
        "import-original": (original.configure, original.run),
    }


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
        code = EXIT_USAGE if isinstance(e, (ConfigError, DatabaseSetupError)) else 1
    except KeyboardInterrupt:
        code = 130
    except Exception as e:  # a disk or database refusal not caught nearer its cause still gets its one line
        fault = storage_fault(e)
        if fault is None:
            raise
        print(f"tickettracker: error: {fault}", file=sys.stderr)
        code = 1
    return code
