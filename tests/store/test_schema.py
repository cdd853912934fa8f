"""The migrated schema equals the models, and every connection gets the safety PRAGMAs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlmodel import SQLModel

import tickettracker.store.models  # noqa: F401  (registers the tables)
from tickettracker.store import migrations, open_database


def _schema(path: Path) -> dict[str, object]:
    conn = sqlite3.connect(path)
    out: dict[str, object] = {}
    for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'ticket_fts%'"
    ):
        out[name] = [tuple(r) for r in conn.execute(f"PRAGMA table_info('{name}')")]
        out[name + ":fk"] = sorted(tuple(r)[2:] for r in conn.execute(f"PRAGMA foreign_key_list('{name}')"))
        out[name + ":ix"] = sorted(
            (r[1], r[2], tuple(c[2] for c in conn.execute(f"PRAGMA index_info('{r[1]}')")))
            for r in conn.execute(f"PRAGMA index_list('{name}')")
        )
    conn.close()
    return out


def test_migrated_schema_equals_models(tmp_path: Path) -> None:
    migrated = tmp_path / "migrated.db"
    open_database(migrated).dispose()
    declared = tmp_path / "declared.db"
    engine = create_engine(f"sqlite:///{declared}")
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    assert _schema(migrated) == _schema(declared)


def test_version_recorded_and_reopen_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    open_database(path).dispose()
    open_database(path).dispose()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
    conn.close()


def test_newer_database_is_refused(tmp_path: Path) -> None:
    import pytest

    from tickettracker.errors import StoreError

    path = tmp_path / "t.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 5}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this TicketTracker knows"):
        open_database(path)


def test_pragmas_on_every_connection(tmp_path: Path) -> None:
    db = open_database(tmp_path / "t.db")
    conns = [db.engine.connect() for _ in range(3)]  # distinct pooled connections
    try:
        for c in conns:
            assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert c.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
            assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        for c in conns:
            c.close()
        db.dispose()


def test_migrating_an_existing_database_backs_it_up_first(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "t.db"
    open_database(path).dispose()
    start = migrations.LATEST
    extra = migrations.Migration(migrations.LATEST + 1, "test", lambda c: c.execute("CREATE TABLE extra (x)"))
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, extra))
    monkeypatch.setattr(migrations, "LATEST", extra.version)
    open_database(path, tmp_path / "backups").dispose()
    backups = list((tmp_path / "backups").glob(f"before-migration-v{start}-*.db"))
    assert len(backups) == 1
    conn = sqlite3.connect(backups[0])
    assert conn.execute("PRAGMA user_version").fetchone()[0] == start
    conn.close()
