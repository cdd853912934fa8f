"""Fixtures for the data commands: a populated data folder and a way to run a command in-process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.services.data.factory import populate
from tickettracker.app import build_services
from tickettracker.cli import start
from tickettracker.services.container import Services


@pytest.fixture
def filled(tmp_path: Path) -> Iterator[Services]:
    ctx = build_services(str(tmp_path / "source"))
    populate(ctx)
    yield ctx
    ctx.close()


def run(*argv: str) -> int:
    """``python -m tickettracker ARGV`` in this process; returns the exit code."""
    return start(list(argv))
