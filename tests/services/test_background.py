"""Timed work (due occurrences, reminder sweeps) while the database is away: one line in the log, then it resumes."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests import pg
from tests.conftest import Clock
from tests.factories import ticket_input
from tickettracker import faults
from tickettracker.app import build_services
from tickettracker.services.background import Periodic
from tickettracker.services.container import Services

Away = Callable[[], AbstractContextManager[None]]


@pytest.fixture
def app(backend: str, isolated_data_dir: Path) -> Iterator[tuple[Services, Away]]:
    """The services of a running app, and a way to make its database unreachable for a while."""
    isolated_data_dir.mkdir(parents=True, exist_ok=True)
    if backend == "postgresql":
        url = make_url(pg.fresh_uri())
        link = pg.CuttableLink(url.host or "localhost", url.port or 5432)
        through = url.set(host="127.0.0.1", port=link.port).render_as_string(hide_password=False)
        (isolated_data_dir / "config.json").write_text(json.dumps({"database": {"uri": through}}))

        @contextmanager
        def away() -> Iterator[None]:
            link.cut()
            try:
                yield
            finally:
                link.restore()

    else:

        @contextmanager
        def away() -> Iterator[None]:  # the file's disk went away: every read and write fails
            with (
                faults.inject("read", faults.sqlite_error("cantopen"), times=100),
                faults.inject("commit", faults.sqlite_error("ioerr"), times=100),
            ):
                yield

    ctx = build_services(str(isolated_data_dir))
    yield ctx, away
    ctx.close()
    if backend == "postgresql":
        link.close()


def test_the_time_work_logs_one_line_while_away_and_does_its_work_once_back(
    app: tuple[Services, Away], caplog: pytest.LogCaptureFixture
) -> None:
    ctx, away = app
    clock = Clock()
    ctx.tickets.clock = clock
    tick = Periodic("Time work", ctx.time_tick)
    assert tick() is True  # the first sweep marks the moment it looked
    due = clock.now + timedelta(hours=1)
    tid = ctx.tickets.create(ticket_input(title="Renew the licence", due=due, due_has_time=True))
    clock.advance(hours=2)  # the ticket falls due while the database is away
    caplog.set_level(logging.WARNING)
    with away():
        assert [tick(), tick(), tick()] == [False, False, False]  # three ticks, no exception escapes
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1 and lines[0].startswith("Time work paused: ")
    assert "Database unavailable" in lines[0] or "refused" in lines[0] or "disk" in lines[0]
    assert all(r.exc_info is None for r in caplog.records)  # a line, not a traceback
    assert tick() is True
    assert [r.getMessage() for r in caplog.records][1:] == ["Time work resumed: the database answers again"]
    assert any(r.ticket_id == tid for r in ctx.reminders.inbox())  # the overdue reminder the outage held back
