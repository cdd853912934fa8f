"""A PostgreSQL database for tests: one per test process, emptied before each test that asks for it.

The server comes from ``TICKETTRACKER_TEST_PG_URI`` (default: the role and database `.ci/run` creates). The test
database is created next to that one (``<name>_test_<pid>``), migrated once, and dropped when the process ends.
Without a reachable server the test is skipped with the reason; with ``CI=true`` it fails instead.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import socket
import threading
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from tickettracker.errors import StoreError
from tickettracker.store import open_database

URI_ENV = "TICKETTRACKER_TEST_PG_URI"
DEFAULT_URI = "postgresql+psycopg://tt:tt@localhost/tt"
# Children first. DELETE, not TRUNCATE: on tables this small it is 20x faster (TRUNCATE makes new files).
TABLES = (
    "occurrence",
    "recurrence",
    "reminder",
    "feed_token",
    "clock_mark",
    "ticket_fts",
    "blob_chunk",
    "blob",
    "attachment",
    "link",
    "watcher",
    "ticket_tag",
    "ticket_update",
    "access_link",
    "ticket",
    "tag",
    "saved_view",
    "ticket_template",
    "snippet",
)

_state: dict[str, str] = {}
_cleaners: dict[str, Engine] = {}  # per test database, one engine (one pooled connection) that empties it


def server_uri() -> str:
    return os.environ.get(URI_ENV, DEFAULT_URI)


def _unavailable(reason: str) -> None:
    _state["down"] = reason  # asked once per process: the next tests skip (or fail) at once
    message = f"PostgreSQL at {make_url(server_uri()).render_as_string(hide_password=True)}: {reason}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {message} (.ci/run installs and starts it; set {URI_ENV})")
    pytest.skip(f"{message} (set {URI_ENV} to a server where this role may create databases)")


def _create(suffix: str = "") -> str:
    admin = make_url(server_uri())
    name = f"{admin.database}_test_{os.getpid()}{suffix}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
            # tests need no durability: commits without waiting for the disk (3x faster on a busy machine)
            conn.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    except Exception as e:  # any failure to reach or use the server means: no PostgreSQL here
        _unavailable(str(e).split("\n")[0])
    finally:
        engine.dispose()
    uri = admin.set(database=name).render_as_string(hide_password=False)
    try:
        open_database(uri).dispose()  # migrate once
    except StoreError as e:
        _unavailable(str(e))
    atexit.register(_drop, admin.render_as_string(hide_password=False), name)
    return uri


def _drop(admin: str, name: str) -> None:
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()


def fresh_uri() -> str:
    """The URI of this process's test database, emptied: no rows, ids start at 1 again."""
    return _fresh("uri", "")


def second_uri() -> str:
    """A second test database of this process, emptied (for a test that moves data between two trackers)."""
    return _fresh("second", "_b")


def _fresh(key: str, suffix: str) -> str:
    if "down" in _state:
        _unavailable(_state["down"])
    if key not in _state:
        _state[key] = _create(suffix)
        _cleaners[key] = create_engine(_state[key], pool_size=1)
    with _cleaners[key].begin() as conn:
        for table in TABLES:
            conn.execute(text(f"DELETE FROM {table}"))
        conn.execute(text("SELECT setval(oid::regclass, 1, false) FROM pg_class WHERE relkind = 'S'"))
    return _state[key]


def fresh_uri_unchanged() -> str:
    """The URI of this process's test database as it is now (for a second instance in the same test)."""
    return _state["uri"] if "uri" in _state else fresh_uri()


class CuttableLink:
    """A TCP relay to the PostgreSQL server that the test can cut and restore (the network or server going away)."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.up = True
        self.refused = 0  # connections refused while cut (a test can wait for some retries)
        self.pairs: list[tuple[Any, Any]] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                self.refused += 1
                continue
            upstream = socket.create_connection(self.target)
            self.pairs.append((client, upstream))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(src: Any, dst: Any) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.close()

    def cut(self) -> None:
        """Refuse new connections and drop the open ones."""
        self.up = False
        for a, b in self.pairs:
            for s in (a, b):
                with contextlib.suppress(OSError):
                    s.shutdown(2)
        self.pairs.clear()

    def restore(self) -> None:
        self.up = True

    def close(self) -> None:
        self.cut()
        self.server.close()
