"""SQLite storage: tables, migrations, repository functions, full-text search and backups."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from tickettracker.errors import StoreError
from tickettracker.store import migrations
from tickettracker.store.backup import snapshot
from tickettracker.store.db import Database


def open_database(path: Path, backups_dir: Path | None = None) -> Database:
    """Open (creating if needed) and migrate the database; back it up first when an existing one needs migrating."""
    path.parent.mkdir(parents=True, exist_ok=True)
    existed = path.exists() and path.stat().st_size > 0
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=30)
    except sqlite3.Error as e:
        raise StoreError(f"{path}: cannot open the database ({e})") from None
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        todo = migrations.pending(conn)
        if todo and existed and migrations.current_version(conn) > 0 and backups_dir is not None:
            stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
            version = migrations.current_version(conn)
            snapshot(path, backups_dir / f"before-migration-v{version}-{stamp}.db")
        migrations.migrate(conn)
    except sqlite3.DatabaseError as e:
        raise StoreError(f"{path}: not a usable TicketTracker database ({e})") from None
    except RuntimeError as e:
        raise StoreError(f"{path}: {e}") from None
    finally:
        conn.close()
    return Database(path)


__all__ = ["Database", "open_database", "snapshot"]
