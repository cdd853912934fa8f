"""The command line: ``python -m tickettracker [COMMAND]`` (also ``python -m tickettracker.cli``, the original
tool's documented form)."""

from tickettracker.cli.main import main, start

__all__ = ["main", "start"]
