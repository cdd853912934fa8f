"""The SQLite engine: PRAGMAs on every connection, one writer at a time, short transactions.

Reads use a deferred ``BEGIN``; writes take the process-wide write lock and ``BEGIN IMMEDIATE`` so a writer in another
process (a CLI data command while the app runs) waits instead of failing half-way.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, Engine, Result, create_engine, event
from sqlmodel import Session

_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=10000",
    "PRAGMA temp_store=MEMORY",
)


class Database:
    """One SQLite file, its engine and its write lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(
            f"sqlite:///{path}",
            connect_args={"check_same_thread": False, "timeout": 10},
        )
        self._write_engine = self.engine.execution_options(tt_immediate=True)
        self._write_lock = threading.RLock()
        event.listen(self.engine, "connect", _on_connect)
        event.listen(self.engine, "begin", _on_begin)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session (a consistent snapshot for its duration)."""
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction: committed when the block ends, rolled back on any error."""
        with self._write_lock, Session(self._write_engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's implicit BEGIN cannot be IMMEDIATE).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in _PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def _on_begin(conn: Any) -> None:
    immediate = conn.get_execution_options().get("tt_immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def inserted_id(result: Result[Any]) -> int:
    """The primary key of the row an ``INSERT`` executed through a session just wrote."""
    key = cast("CursorResult[Any]", result).inserted_primary_key
    assert key is not None  # an INSERT of one row
    return int(key[0])
