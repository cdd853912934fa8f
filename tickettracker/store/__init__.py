"""Storage on SQLite (the default) or PostgreSQL: tables, migrations, repository functions, full-text search."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import exc

from tickettracker.dburi import mask
from tickettracker.errors import DatabaseSetupError, StoreError
from tickettracker.store import migrations, pg_migrations
from tickettracker.store.backup import snapshot
from tickettracker.store.db import Database


def open_database(target: Path | str, backups_dir: Path | None = None) -> Database:
    """Open (creating if needed) and migrate the database: a SQLite file, or a ``postgresql+psycopg://`` URI.

    An existing SQLite file is backed up before it is migrated. Any problem is a StoreError with one line naming
    the file or the URI (password masked).
    """
    if isinstance(target, str):
        return _open_postgres(target)
    path = target
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


def _open_postgres(uri: str) -> Database:
    try:
        db = Database(uri)
    except (exc.ArgumentError, ValueError, ImportError) as e:
        raise DatabaseSetupError(f"{mask(uri)}: not a usable database URI ({e})") from None
    try:
        with db.engine.connect() as conn:
            pg_migrations.migrate(conn)
    except exc.DBAPIError as e:
        db.dispose()
        raise DatabaseSetupError(f"{mask(uri)}: {describe(e)}") from None
    except RuntimeError as e:
        db.dispose()
        raise DatabaseSetupError(f"{mask(uri)}: {e}") from None
    return db


def describe(error: exc.DBAPIError) -> str:
    """One line saying what went wrong with a PostgreSQL connection or statement (no password, no traceback)."""
    orig = error.orig
    message = str(orig).split("\n")[0].strip()
    message = message.rsplit(" failed: ", 1)[-1].replace("FATAL:  ", "").strip()
    state = getattr(orig, "sqlstate", None) or ""
    if state == "42501":
        return f"missing privileges ({message})"
    if "does not exist" in message and "database" in message:
        return f"{message}: create it first (createdb)"
    if state.startswith("28") or "authentication failed" in message:
        return f"cannot log in ({message})"
    if isinstance(error, exc.OperationalError) and not state:
        return f"cannot reach the server ({message})"
    return message


__all__ = ["Database", "describe", "open_database", "snapshot"]
