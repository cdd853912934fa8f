"""Find the original TicketTracker's database, uploads folder and config.json, the way the original did.

The original (Flask, ``rinc3w1nd/TicketTracker``) reads ``config.json`` from its project folder; ``database.uri``
``sqlite:///rel`` and ``uploads.directory`` resolve against that file's folder, absolute ones are kept. When it was
left in demo mode, the user's own data is not in the live database but in the snapshot it took on enabling demo
mode: ``instance/demo_snapshot/{database.sqlite,uploads/,state.json}`` beside its config.json.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tickettracker.services.data import DataCommandError

DEFAULT_URI = "sqlite:///tickettracker.db"
SNAPSHOT = Path("instance") / "demo_snapshot"


@dataclass
class OriginalPaths:
    """Where the data to import is, and what the user should be told about how it was found."""

    database: Path | None  # None: demo mode without data of the user's own (nothing to import)
    uploads: Path | None
    config: Path | None
    raw_config: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _read_json(path: Path, what: str) -> dict[str, Any]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, UnicodeDecodeError) as e:
        raise DataCommandError(f"{path}: cannot read the original's {what} ({e})") from None
    except json.JSONDecodeError as e:
        raise DataCommandError(f"{path}: broken JSON at line {e.lineno}, column {e.colno}: {e.msg}") from None
    if not isinstance(raw, dict):
        raise DataCommandError(f"{path}: the original's {what} must be a JSON object")
    return raw


def _relocated(configured: Path, folder: Path, default_name: str, notes: list[str], what: str) -> Path:
    """An absolute path the original wrote that no longer exists: the folder was moved, look beside config.json."""
    if configured.exists():
        return configured
    local = folder / default_name
    if local.exists():
        notes.append(f"{what} {configured} does not exist; using {local} (the folder was moved?)")
        return local
    return configured


def _database_path(uri: Any, folder: Path, notes: list[str]) -> Path:
    if not isinstance(uri, str) or not uri.startswith("sqlite:///"):
        raise DataCommandError(
            f"{folder / 'config.json'}: database.uri {uri!r} is not an SQLite file; only those can be imported"
        )
    raw = uri.removeprefix("sqlite:///")
    if raw in (":memory:", "") or raw.endswith("/:memory:"):
        raise DataCommandError(
            f"{folder / 'config.json'}: database.uri is an in-memory database; it holds nothing to import"
        )
    path = Path(raw)
    if not path.is_absolute():
        return (folder / path).resolve()
    return _relocated(path, folder, path.name, notes, "database")


def _uploads_path(raw: Any, folder: Path, notes: list[str]) -> Path:
    path = Path(raw if isinstance(raw, str) and raw else "uploads")
    if not path.is_absolute():
        return (folder / path).resolve()
    return _relocated(path, folder, "uploads", notes, "uploads folder")


def _demo(folder: Path, raw: dict[str, Any], uploads: Path | None) -> OriginalPaths | None:
    state_file = folder / SNAPSHOT / "state.json"
    state = _read_json(state_file, "demo state") if state_file.is_file() else {}
    if not (raw.get("demo_mode") is True or state.get("active") is True):
        return None
    config = folder / "config.json"
    if not state.get("active"):
        raise DataCommandError(
            f"{folder}: config.json says demo mode is on, but {state_file} has no snapshot of your own data; "
            "turn demo mode off in the original (python -m tickettracker.cli demo disable) and try again"
        )
    note = (
        "the original was left in demo mode: importing your own data from its snapshot, not the demo tickets"
    )
    if not state.get("had_database"):
        return OriginalPaths(None, None, config, raw, [note, "it had no data of your own before demo mode"])
    database = folder / SNAPSHOT / "database.sqlite"
    if not database.is_file():
        raise DataCommandError(f"{database}: the demo-mode snapshot of your data is missing")
    snap_uploads = folder / SNAPSHOT / "uploads"
    return OriginalPaths(
        database, uploads or (snap_uploads if snap_uploads.is_dir() else None), config, raw, [note]
    )


def locate(path: Path, uploads: Path | None) -> OriginalPaths:
    """Resolve PATH (the original's project folder, or its database file) to what is imported."""
    path = path.expanduser().absolute()
    if uploads is not None and not uploads.is_dir():
        raise DataCommandError(f"{uploads}: --uploads is not a folder")
    if path.is_file():
        found = uploads or (path.parent / "uploads")
        return OriginalPaths(path, found if found.is_dir() else None, None)
    if not path.is_dir():
        raise DataCommandError(f"{path}: no such file or folder")
    config = path / "config.json"
    raw = _read_json(config, "config.json") if config.is_file() else {}
    if not config.is_file() and not (path / "tickettracker.db").is_file():
        raise DataCommandError(
            f"{path}: not the original TicketTracker's folder (no config.json and no tickettracker.db in it); "
            "give its project folder, or its database file with --uploads DIR"
        )
    demo = _demo(path, raw, uploads)
    if demo is not None:
        return demo
    notes: list[str] = []
    database = _database_path((raw.get("database") or {}).get("uri", DEFAULT_URI), path, notes)
    if not database.is_file():
        raise DataCommandError(f"{database}: no database there (database.uri of {config})")
    found = uploads or _uploads_path((raw.get("uploads") or {}).get("directory"), path, notes)
    return OriginalPaths(
        database, found if found.is_dir() else None, config if config.is_file() else None, raw, notes
    )
