"""Shared fixtures: every test gets its own data folder; no test touches the user's real one."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import settings

from tickettracker.config import Config
from tickettracker.services.tickets import TicketService
from tickettracker.store import Database, open_database

pytest_plugins = ["nicegui.testing.user_plugin"]

# scripts/mutation.py runs with --hypothesis-profile=mutation: under mutmut's trampolines on a shared machine an
# example's wall-clock time says nothing about the code, and a deadline error would stop the whole run
settings.register_profile("mutation", deadline=None)


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    monkeypatch.setenv("TICKETTRACKER_DATA_DIR", str(data))
    monkeypatch.delenv("TICKETTRACKER_CONFIG", raising=False)
    monkeypatch.delenv("TICKETTRACKER_SECRET_KEY", raising=False)
    return data


class Clock:
    """A settable clock for services: tests move time explicitly."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        from datetime import timedelta

        self.now += timedelta(**kwargs)


@pytest.fixture
def clock() -> Clock:
    return Clock()


# Tests under these paths run once per store (the ``backend`` parameter): SQLite and PostgreSQL.
BOTH_BACKENDS = ("tests/store/", "tests/services/")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    path = str(metafunc.definition.path).replace(os.sep, "/")
    if "backend" in metafunc.fixturenames and any(f"/{p}" in path or path.endswith(p) for p in BOTH_BACKENDS):
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """Which store a test runs on: "sqlite" unless parametrised (see BOTH_BACKENDS)."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def db(backend: str, tmp_path: Path) -> Iterator[Database]:
    if backend == "postgresql":
        from tests import pg

        database = open_database(pg.fresh_uri())
    else:
        database = open_database(tmp_path / "store" / "tickettracker.db")
    yield database
    database.dispose()


@pytest.fixture
def service(db: Database, clock: Clock) -> TicketService:
    return TicketService(db, Config(), clock=clock)


def browser_available() -> bool:
    return os.path.exists("/usr/bin/chromium")


def require_browser() -> None:
    """Skip without Chromium locally; in CI (CI=true) a missing browser is a failure."""
    if browser_available():
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("CI=true but /usr/bin/chromium is missing: install Debian's chromium and chromium-driver")
    pytest.skip("headless Chromium (/usr/bin/chromium) is not installed")
