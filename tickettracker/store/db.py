"""The engine of either store: SQLite (one file, the default) or PostgreSQL (a shared server).

SQLite: PRAGMAs on every connection, one writer at a time, short transactions. Reads use a deferred ``BEGIN``;
writes take the process-wide write lock and ``BEGIN IMMEDIATE`` so a writer in another process (a CLI data command
while the app runs) waits instead of failing half-way.

PostgreSQL: no process-wide lock (several app instances share the database). Writes run at READ COMMITTED and
lock the rows they are about to change (``SELECT … FOR UPDATE`` in :func:`tickets.ticket_row`), so the version
check for stale edits sees the newest committed version in every process. A connection that drops is replaced
from the pool (``pool_pre_ping``); while the server cannot be reached, :class:`DatabaseUnavailable` is raised.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, Engine, Result, create_engine, event, exc, text
from sqlmodel import Session

from tickettracker import faults
from tickettracker.dburi import mask
from tickettracker.errors import ConflictError, DatabaseUnavailable, storage_faults

_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=10000",
    "PRAGMA temp_store=MEMORY",
)
# SQLSTATEs that mean "someone else changed it first": serialization failure, deadlock.
_CONFLICT_STATES = {"40001", "40P01"}
WRITE = "tt_write"  # Session.info key: this session writes (row reads lock on PostgreSQL)


class Database:
    """One SQLite file or one PostgreSQL database: its engine and (SQLite only) its write lock."""

    def __init__(self, target: Path | str) -> None:
        self.path: Path | None = None
        if isinstance(target, Path):
            self.path = target
            target.parent.mkdir(parents=True, exist_ok=True)
            self.uri = f"sqlite:///{target}"
            self.engine: Engine = create_engine(
                self.uri, connect_args={"check_same_thread": False, "timeout": 10}
            )
            event.listen(self.engine, "connect", _on_connect)
            event.listen(self.engine, "begin", _on_begin)
        else:
            self.uri = target
            self.engine = create_engine(
                target, pool_pre_ping=True, pool_size=5, max_overflow=10, connect_args={"connect_timeout": 5}
            )
        self.is_postgres = self.engine.dialect.name == "postgresql"
        self._write_engine = self.engine.execution_options(tt_immediate=True)
        # A read is one consistent snapshot on both (a page and its count agree; an export is one moment).
        self._read_engine = (
            self.engine.execution_options(isolation_level="REPEATABLE READ")
            if self.is_postgres
            else self.engine
        )
        # SQLite allows one writer; PostgreSQL locks rows itself, across every process.
        self._write_lock: Any = threading.RLock() if not self.is_postgres else _NoLock()

    @property
    def label(self) -> str:
        """The database for messages: the file, or the URI with its password masked."""
        return str(self.path) if self.path is not None else mask(self.uri)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session: a consistent snapshot for its duration (REPEATABLE READ on PostgreSQL)."""
        with _translated(self), Session(self._read_engine, expire_on_commit=False) as session:
            faults.hit("read")
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction: committed when the block ends, rolled back on any error.

        A write the disk or the database refuses (full, read-only, I/O error, locked too long) is raised as the
        :class:`~tickettracker.errors.StorageFault` naming that cause; nothing of the transaction is kept.
        """
        with (
            _translated(self),
            storage_faults(),
            self._write_lock,
            Session(self._write_engine, expire_on_commit=False, info={WRITE: True}) as session,
        ):
            try:
                yield session
                faults.hit("commit")
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def ping(self) -> None:
        """A read of nothing: raises DatabaseUnavailable while the database cannot be reached."""
        with self.read() as session:
            session.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()


class _NoLock:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc_info: object) -> None:
        return None


# SQLite's errors for a file that cannot be reached right now (a disk that went away, a network share that dropped,
# a lock held too long). A write's refusal is already a StorageFault by the time it gets here (Database.write).
_SQLITE_AWAY = ("unable to open database file", "disk i/o error", "database is locked", "database is busy")


@contextmanager
def _translated(db: Database) -> Iterator[None]:
    """Turn a lost server (or an SQLite file that cannot be read right now) into DatabaseUnavailable and a lost race
    into ConflictError (PostgreSQL)."""
    if not db.is_postgres:
        try:
            yield
        except (exc.OperationalError, sqlite3.OperationalError) as e:
            if any(needle in str(getattr(e, "orig", e)).lower() for needle in _SQLITE_AWAY):
                raise DatabaseUnavailable(f"Database unavailable — retrying ({db.label})") from e
            raise
        return
    try:
        yield
    except exc.DBAPIError as e:
        state = getattr(e.orig, "sqlstate", None)
        if state in _CONFLICT_STATES:
            raise ConflictError("Someone else changed this at the same moment: reload and try again") from e
        if e.connection_invalidated or isinstance(e, exc.OperationalError) or (state or "").startswith("08"):
            raise DatabaseUnavailable(f"Database unavailable — retrying ({db.label})") from e
        raise


def is_postgres(session: Session) -> bool:
    """True when ``session`` talks to PostgreSQL (the store's few dialect-specific statements ask this)."""
    return session.get_bind().dialect.name == "postgresql"


def sync_sequences(session: Session) -> None:
    """After rows were inserted with explicit ids (import, copy-data), let PostgreSQL's id sequences continue
    after the highest id; SQLite does this by itself."""
    if not is_postgres(session):
        return
    serial = ("ticket", "ticket_update", "tag", "watcher", "link", "attachment", "saved_view", "access_link")
    for table in (*serial, "ticket_template", "snippet", "recurrence", "reminder", "feed_token"):
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" COALESCE((SELECT max(id) FROM {table}), 0) + 1, false)"
            )
        )


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
