"""Fixtures for the data commands: a populated data folder and a way to run a command in-process.

``filled`` is always an SQLite tracker: its tests read, copy or damage the database file itself. ``tracker`` is the
same content on the test's store (``backend``: SQLite, then PostgreSQL), and ``folder`` gives further data folders
on that store, for tests that move data from one tracker to another.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.services.data.factory import populate
from tickettracker.app import build_services
from tickettracker.cli import start
from tickettracker.services.container import Services

Folder = Callable[[str], Path]


@pytest.fixture
def filled(tmp_path: Path) -> Iterator[Services]:
    ctx = build_services(str(tmp_path / "source"))
    populate(ctx)
    yield ctx
    ctx.close()


@pytest.fixture
def folder(backend: str, tmp_path: Path) -> Folder:
    """``folder(name)``: a new data folder; on PostgreSQL its configuration names an empty test database (two at
    most per test: this process's test database and a second one)."""
    made: list[Path] = []

    def new(name: str) -> Path:
        path = tmp_path / name
        path.mkdir(parents=True, exist_ok=True)
        if backend == "postgresql":
            from tests import pg

            assert len(made) < 2, "a test has two PostgreSQL test databases"
            uri = pg.second_uri() if made else pg.fresh_uri()
            (path / "config.json").write_text(json.dumps({"database": {"uri": uri}}))
        made.append(path)
        return path

    return new


@pytest.fixture
def tracker(folder: Folder) -> Iterator[Services]:
    """The content of ``filled`` on the test's store."""
    ctx = build_services(str(folder("source")))
    populate(ctx)
    yield ctx
    ctx.close()


def run(*argv: str) -> int:
    """``python -m tickettracker ARGV`` in this process; returns the exit code."""
    return start(list(argv))
