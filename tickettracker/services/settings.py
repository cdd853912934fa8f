"""Use cases of the Settings page: save and apply the configuration, back up, switch demo mode (SPEC §11).

Each works on the running :class:`Services` and announces what changed on its bus, so every open tab follows.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from tickettracker import configfile
from tickettracker.config import Config
from tickettracker.domain.files import human_size
from tickettracker.errors import ConfigError, StorageFault, StoreError
from tickettracker.services import demo
from tickettracker.services.container import Services
from tickettracker.services.data import backup as backups
from tickettracker.store import usage


def usage_counts(ctx: Services) -> dict[str, dict[str, int]]:
    """Tickets per priority and per status in the data in use."""
    with ctx.db.read() as s:
        return {
            "priority": usage.count_by(s, column="priority"),
            "status": usage.count_by(s, column="status"),
        }


def removal_problems(ctx: Services, new: Config) -> dict[str, str]:
    """A priority or status that tickets still use cannot disappear: say how many tickets use it."""
    counts = usage_counts(ctx)
    found: dict[str, str] = {}
    for key, names, kind in (
        ("priorities", new.priorities, "priority"),
        ("workflow", new.workflow, "status"),
    ):
        gone = {name: n for name, n in counts[kind].items() if name not in names and n}
        if gone:
            found[key] = (
                "; ".join(
                    f"{name!r} is still used by {n} ticket{'s' if n != 1 else ''}"
                    for name, n in sorted(gone.items())
                )
                + " (move them first)"
            )
    return found


def check_settings(
    ctx: Services, values: dict[str, Any]
) -> tuple[Config | None, dict[str, Any], dict[str, str]]:
    """Validate edited values against the file in use: (config or None, the file's new content, problems)."""
    path = ctx.writable_config_path
    try:
        raw = configfile.read_raw(path)
    except (OSError, ValueError) as e:
        return None, {}, {"(general)": f"Nothing saved: cannot read {path} ({e}); fix or remove it first"}
    data = configfile.candidate(raw, values)
    found = configfile.problems(data)
    if found:
        return None, data, found
    new = Config.model_validate(data)
    found = removal_problems(ctx, new)
    return (None if found else new), data, found


def save_settings(ctx: Services, values: dict[str, Any]) -> dict[str, str]:
    """Save the edited values atomically and apply them at once; returns the problems (nothing saved if any)."""
    new, data, found = check_settings(ctx, values)
    if new is None:
        return found
    try:
        configfile.write_atomically(ctx.writable_config_path, data)
    except StorageFault as e:  # already names the cause and what to do
        return {"(general)": str(e)}
    except (OSError, ConfigError) as e:
        return {"(general)": f"Nothing saved: cannot write {ctx.writable_config_path} ({e})"}
    if ctx.config_path is None:
        ctx.config_path, ctx.config_source = ctx.writable_config_path, "data"

    ctx.tickets.apply_config(new)
    return {}


def back_up_now(ctx: Services) -> backups.BackupInfo:
    """A consistent backup of the user's own data (also while demo mode is on: the demo is not worth keeping)."""
    return backups.back_up_now(ctx)


def list_backups(ctx: Services) -> list[backups.BackupInfo]:
    """The user's backups, newest first."""
    return backups.list_backups(ctx.own_paths.backups)


def demo_state(ctx: Services) -> demo.DemoState:
    """Whether demo mode is on, and when its dataset was loaded."""
    return demo.read_state(ctx.own_paths.root)


def enable_demo(ctx: Services, *, now: datetime | None = None) -> demo.DemoState:
    """Load a fresh demo dataset and switch every tab to it (Enable and Refresh)."""
    state = load_demo_data(ctx, now=now)
    switch_to_recorded(ctx)
    return state


def load_demo_data(ctx: Services, *, now: datetime | None = None) -> demo.DemoState:
    """Build a demo dataset and record it as the one in use (files only: safe in a worker thread)."""
    return demo.enable(ctx.own_paths.root, ctx.cfg, now=now or datetime.now(timezone.utc), sweep_old=False)


def save_demo_data(ctx: Services, *, now: datetime | None = None) -> Path:
    """Keep the demo data as it is now as the user's own demo dataset (the original's "persist")."""
    return demo.persist(ctx.own_paths.root, now=now or datetime.now(timezone.utc))


def switch_to_recorded(ctx: Services) -> None:
    """Switch to the data the state names, then delete datasets nobody uses (never the one just left open)."""
    follow_state(ctx)
    demo.sweep(ctx.own_paths.root)


def disable_demo(ctx: Services) -> demo.DemoState:
    """Return every tab to the user's own data; the demo dataset is deleted afterwards."""
    root = ctx.own_paths.root
    state = demo.disable(root, sweep_old=False)
    switch_to_recorded(ctx)
    return state


def follow_state(ctx: Services) -> bool:
    """Use the data the demo state names (it may have been switched by the CLI); True when it switched."""
    try:
        wanted = demo.active_paths(ctx.own_paths) or ctx.own_paths
    except StoreError:
        return False
    if wanted == ctx.paths:
        return False
    ctx.use_store(wanted)
    return True


def folder_size(path: Path) -> int:
    """Bytes used by a file or a folder (0 when missing)."""
    if not path.exists():
        return 0
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def database_size(path: Path) -> int:
    """The database with its WAL and shared-memory files."""
    return sum(folder_size(path.with_name(path.name + suffix)) for suffix in ("", "-wal", "-shm"))


def database_summary(ctx: Services) -> str:
    """What the Settings page says about the database in use: the file and its size, or the PostgreSQL database
    (password masked) and its size on the server."""
    if ctx.db.is_postgres:
        with ctx.db.read() as s:
            size = usage.server_database_bytes(s)
        return f"{ctx.db.label} (PostgreSQL, {human_size(size)})"
    return f"{ctx.paths.database} ({human_size(database_size(ctx.paths.database))})"
