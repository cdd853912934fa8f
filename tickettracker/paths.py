"""Where things live: one data folder holds the database, uploads, NiceGUI storage and internal state (SPEC §3)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from tickettracker import dburi

DATA_ENV = "TICKETTRACKER_DATA_DIR"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("tickettracker", appauthor=False))


def resolve_data_dir(cli_value: str | None) -> Path:
    """``--data-dir`` > ``TICKETTRACKER_DATA_DIR`` > the platform's user data folder."""
    raw = cli_value or os.environ.get(DATA_ENV)
    return (Path(raw).expanduser() if raw else default_data_dir()).resolve()


@dataclass(frozen=True)
class DataPaths:
    root: Path
    database: Path  # the SQLite file (unused when database_uri names a PostgreSQL database)
    uploads: Path
    database_uri: str | None = None  # postgresql+psycopg://… (None: the SQLite file above)

    @property
    def store(self) -> Path | str:
        """What :func:`tickettracker.store.open_database` opens: the SQLite file or the PostgreSQL URI."""
        return self.database_uri or self.database

    @property
    def on_server(self) -> bool:
        """True when the tickets live on a database server (PostgreSQL), attachments included."""
        return self.database_uri is not None

    @property
    def nicegui_storage(self) -> Path:
        return self.root / "nicegui-storage"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def state(self) -> Path:
        return self.root / "state"

    @property
    def user_config(self) -> Path:
        return self.root / "config.json"


def data_paths(root: Path, database_uri: str, uploads_dir: str) -> DataPaths:
    """Resolve the configured database and uploads locations; relative paths are inside the data folder."""
    up = Path(uploads_dir).expanduser()
    uploads = up if up.is_absolute() else root / up
    if dburi.is_postgres_uri(database_uri):
        return DataPaths(root, root / "tickettracker.db", uploads, dburi.normalize(database_uri))
    db = Path(database_uri.removeprefix("sqlite:///")).expanduser()
    return DataPaths(root, db if db.is_absolute() else root / db, uploads)
