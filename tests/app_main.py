"""The main file NiceGUI's `user` and `screen` fixtures run (see pyproject `main_file`)."""

from tickettracker.cli import start

start(["--no-browser"])
