"""The Settings page `/settings`: where the data lives, and the configuration in use."""

from __future__ import annotations

from pathlib import Path

from nicegui import Event, ui

from tickettracker import __version__
from tickettracker.context import AppContext
from tickettracker.services import Change
from tickettracker.ui.theme import frame


def folder_size(path: Path) -> int:
    if not path.exists():
        return 0
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def human_size(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


def register(ctx: AppContext, changes: Event[Change]) -> None:
    @ui.page("/settings")
    def settings_page() -> None:
        with frame(ctx, "Settings"):
            ui.label("Settings").classes("text-2xl font-bold")
            with ui.card().classes("w-full"), ui.grid(columns="auto 1fr").classes("gap-x-6 gap-y-2"):
                db = ctx.paths.database
                db_bytes = sum(folder_size(db.with_name(db.name + s)) for s in ("", "-wal", "-shm"))
                facts = [
                    ("Version", f"TicketTracker {__version__}"),
                    ("Data folder", str(ctx.paths.root)),
                    ("Database", f"{db} ({human_size(db_bytes)})"),
                    ("Uploads", f"{ctx.paths.uploads} ({human_size(folder_size(ctx.paths.uploads))})"),
                    ("Configuration file", str(ctx.config_path) if ctx.config_path else "built-in defaults"),
                ]
                for label, value in facts:
                    ui.label(label).classes("font-semibold opacity-80")
                    ui.label(value).classes("break-all")
