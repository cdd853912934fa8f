"""Two clients editing the same ticket at once: no update is lost without a warning, and the log has both."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories import make_ticket, ticket_input
from tickettracker.config import Config
from tickettracker.errors import ConflictError
from tickettracker.services.tickets import TicketService, input_from
from tickettracker.store import open_database


@pytest.fixture
def two_clients(tmp_path: Path) -> Iterator[tuple[TicketService, TicketService]]:
    """Two services, each with its own engine and write lock on one file: like two processes."""
    path = tmp_path / "tickettracker.db"
    a, b = open_database(path), open_database(path)
    yield TicketService(a, Config()), TicketService(b, Config())
    a.dispose()
    b.dispose()


def field_entries(svc: TicketService, tid: int, field: str) -> list[tuple[str, str]]:
    return [(u.author, json.loads(u.new or "null")) for u in svc.get(tid).updates if u.field == field]


def test_a_stale_save_is_refused_with_a_warning_and_the_retry_keeps_both(
    two_clients: tuple[TicketService, TicketService],
) -> None:
    ana, bo = two_clients
    tid = make_ticket(ana, title="Shared")
    seen_by_ana, seen_by_bo = ana.get(tid), bo.get(tid)

    ana.update(tid, ticket_input(**{**vars(input_from(seen_by_ana)), "title": "Shared (Ana)"}),
               author="Ana", expected_version=seen_by_ana.version)  # fmt: skip
    stale = ticket_input(**{**vars(input_from(seen_by_bo)), "priority": "Urgent"})
    with pytest.raises(ConflictError, match="changed elsewhere"):
        bo.update(tid, stale, author="Bo", expected_version=seen_by_bo.version)

    fresh = bo.get(tid)  # Bo reloads, sees Ana's title, and saves his change again
    bo.update(tid, ticket_input(**{**vars(input_from(fresh)), "priority": "Urgent"}),
              author="Bo", expected_version=fresh.version)  # fmt: skip
    final = ana.get(tid)
    assert (final.title, final.priority) == ("Shared (Ana)", "Urgent")
    assert field_entries(ana, tid, "title") == [("Ana", "Shared (Ana)")]
    assert field_entries(ana, tid, "priority") == [("Bo", "Urgent")]


def test_racing_editors_every_acknowledged_edit_is_in_the_log(
    two_clients: tuple[TicketService, TicketService],
) -> None:
    tid = make_ticket(two_clients[0], title="Race")
    edits = 20
    conflicts = {"A": 0, "B": 0}

    def editor(svc: TicketService, name: str) -> None:
        for i in range(edits):
            while True:  # what a person does after the warning: reload, then save again
                current = svc.get(tid, with_updates=False)
                data = ticket_input(**{**vars(input_from(current)), "notes": f"{name}-{i}"})
                try:
                    svc.update(tid, data, author=name, expected_version=current.version)
                    break
                except ConflictError:
                    conflicts[name] += 1

    threads = [
        threading.Thread(target=editor, args=(svc, n)) for svc, n in zip(two_clients, "AB", strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    logged = field_entries(two_clients[1], tid, "notes")
    assert sorted(v for _a, v in logged) == sorted(f"{n}-{i}" for n in "AB" for i in range(edits))
    assert [v for a, v in logged if a == "A"] == [f"A-{i}" for i in range(edits)]  # each editor's order kept
    assert two_clients[0].get(tid).version == 1 + 2 * edits
