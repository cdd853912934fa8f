"""Sub-commands of ``python -m tickettracker`` that work on the data folder, also while the app runs."""

from __future__ import annotations

from tickettracker import demo_command
from tickettracker.cli import Command
from tickettracker.datacmds.commands import DATA_COMMANDS

COMMANDS: dict[str, Command] = {
    **DATA_COMMANDS,  # export, import, backup, restore, check (SPEC §15)
    "demo": (demo_command.configure, demo_command.run),
}
