"""Repeating tickets through the service, on real SQLite files: what a user sees happen, exactly once."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import Clock
from tickettracker.config import Config
from tickettracker.domain.validation import LinkIn, TicketInput
from tickettracker.errors import ValidationFailed
from tickettracker.services.recurrence import RecurrenceService
from tickettracker.services.tickets import TicketService
from tickettracker.store import Database, open_database

BERLIN = ZoneInfo("Europe/Berlin")
UTC = timezone.utc


@pytest.fixture
def recur(service: TicketService) -> RecurrenceService:
    return RecurrenceService(service, zone=lambda: BERLIN)


def _monday_ticket(service: TicketService, **kw: object) -> int:
    due = datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN)  # Monday 30 Nov 09:00
    return service.create(
        TicketInput(title="Weekly backup check", description="Look at the logs", requester="ana@example.com",
                    watchers=["bo@example.com"], priority="High", due=due, due_has_time=True,
                    tags=["ops"], links=[LinkIn("https://example.com/runbook", "runbook")], **kw)  # type: ignore[arg-type]
    )  # fmt: skip


def test_resolving_an_occurrence_creates_the_next_with_the_same_fields(
    service: TicketService, recur: RecurrenceService, clock: Clock
) -> None:
    first = _monday_ticket(service)
    info = recur.repeat(first, preset="weekly")
    assert info.words == "Every Monday at 09:00, from the due date"
    service.change_status(first, "Resolved")
    nxt = recur.info(first)
    assert nxt is not None and nxt.next_id is not None
    t = service.get(nxt.next_id)
    assert (t.title, t.description, t.requester, t.watchers, t.priority, t.status, t.tags) == (
        "Weekly backup check", "Look at the logs", "ana@example.com", ("bo@example.com",), "High", "Open", ("ops",)
    )  # fmt: skip
    assert [(lk.url, lk.label) for lk in t.links] == [("https://example.com/runbook", "runbook")]
    assert t.due == datetime(2026, 12, 7, 8, 0, tzinfo=UTC) and t.due_has_time  # Monday 7 Dec 09:00 Berlin
    assert [u.kind for u in t.updates] == ["created", "repeat"]
    assert (
        t.updates[1].body == f"Occurrence 2 of “Every Monday at 09:00, from the due date”; previous: #{first}"
    )
    assert service.get(first).updates[-1].body == f"Next occurrence: #{t.id}, due Mon 07 Dec 2026 09:00"
    assert recur.info(t.id) == recur.info(t.id) and recur.info(t.id).previous_id == first  # type: ignore[union-attr]


def test_from_the_due_date_the_next_one_comes_when_the_date_arrives(
    service: TicketService, recur: RecurrenceService, clock: Clock
) -> None:
    first = _monday_ticket(service)
    recur.repeat(first, preset="weekly")
    assert recur.tick() == []  # 27 Nov: not yet
    clock.now = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # Monday 09:00 Berlin: the due date arrives
    made = recur.tick()
    assert len(made) == 1 and service.get(made[0]).status == "Open"
    assert recur.tick() == [] and recur.tick() == []  # never twice
    service.change_status(first, "Resolved")  # resolving the older one later creates nothing more
    assert recur.info(made[0]).is_latest and recur.info(made[0]).next_id is None  # type: ignore[union-attr]


def test_after_completion_counts_from_the_day_it_was_done(
    service: TicketService, recur: RecurrenceService, clock: Clock
) -> None:
    first = service.create(
        TicketInput(title="Change filters", due=datetime(2026, 11, 27, 23, 59, 59, tzinfo=BERLIN))
    )
    assert recur.repeat(first, preset="quarterly", mode="completion").words == (
        "Every 3 months, after completion"
    )
    clock.now = datetime(2027, 1, 10, 12, 0, tzinfo=UTC)
    assert recur.tick() == []  # nothing on a timer "after completion"
    service.change_status(first, "Resolved")
    nxt = recur.info(first).next_id  # type: ignore[union-attr]
    assert nxt is not None
    due = service.get(nxt).due
    assert due is not None and due.astimezone(BERLIN).date().isoformat() == "2027-04-10"


def test_stop_repeating_and_skip_this_one(service: TicketService, recur: RecurrenceService) -> None:
    first = _monday_ticket(service)
    recur.repeat(first, preset="weekly")
    recur.skip(first)  # cancelled, and the next one exists
    info = recur.info(first)
    assert service.get(first).status == "Cancelled" and info is not None and info.next_id is not None
    recur.stop(info.next_id)
    service.change_status(info.next_id, "Resolved")
    assert recur.info(info.next_id).next_id is None  # type: ignore[union-attr]
    assert recur.words_for([first, info.next_id]) == {}
    assert [u.field for u in service.get(info.next_id).updates if u.kind == "field"] == ["repeat", "status"][
        :1
    ]


@pytest.mark.parametrize(
    ("preset", "rule", "field", "message"),
    [
        ("custom", "FREQ=WEEKLY;BYDAY=XX", "repeat", "invalid 'BYDAY': XX"),
        ("custom", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "repeat", "no date in the next ten years"),
        ("custom", "FREQ=MINUTELY", "repeat", "at most every hour"),
    ],
)
def test_a_bad_rule_is_refused_and_nothing_is_written(
    service: TicketService, recur: RecurrenceService, preset: str, rule: str, field: str, message: str
) -> None:
    first = _monday_ticket(service)
    version = service.get(first).version
    with pytest.raises(ValidationFailed) as caught:
        recur.repeat(first, preset=preset, rule=rule)
    assert message in caught.value.problems[field]
    assert recur.info(first) is None and service.get(first).version == version


def test_more_than_a_thousand_at_once_is_refused(service: TicketService, recur: RecurrenceService) -> None:
    old = service.create(
        TicketInput(title="Hourly", due=datetime(2026, 9, 1, 9, 0, tzinfo=UTC), due_has_time=True)
    )
    with pytest.raises(ValidationFailed) as caught:
        recur.repeat(old, preset="custom", rule="FREQ=HOURLY")
    assert "more than 1,000 tickets at once" in caught.value.problems["repeat"]
    assert recur.info(old) is None


def test_from_the_due_date_needs_a_due_date(service: TicketService, recur: RecurrenceService) -> None:
    plain = service.create(TicketInput(title="No date"))
    with pytest.raises(ValidationFailed) as caught:
        recur.repeat(plain, preset="weekly")
    assert "Set a due date first" in caught.value.problems["due"]


def test_all_future_edits_change_what_the_next_one_copies(
    service: TicketService, recur: RecurrenceService
) -> None:
    first = _monday_ticket(service)
    recur.repeat(first, preset="weekly")
    data = service.get(first)
    from tickettracker.domain.fields import input_from

    edit = input_from(data)
    edit.title = "Weekly backup and restore check"
    service.update(first, edit)
    recur.apply_to_future(first)
    service.change_status(first, "Resolved")
    assert service.get(recur.info(first).next_id).title == "Weekly backup and restore check"  # type: ignore[arg-type,union-attr]


def test_two_instances_racing_create_each_occurrence_once(tmp_path: Path, clock: Clock) -> None:
    """Four threads, each with its own connection (like four processes), tick the same due series at once."""
    import threading

    path = tmp_path / "shared.db"
    first_db = open_database(path)
    service = TicketService(first_db, Config(), clock=clock)
    first = _monday_ticket(service)
    RecurrenceService(service, zone=lambda: BERLIN).repeat(first, preset="daily")
    clock.now = datetime(2026, 12, 20, 12, 0, tzinfo=UTC)  # 20 days of occurrences are due
    instances = [RecurrenceService(TicketService(Database(path), Config(), clock=clock)) for _ in range(4)]
    made: list[list[int]] = []
    threads = [threading.Thread(target=lambda r=r: made.append(r.tick())) for r in instances]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(len(m) for m in made) == [0, 0, 0, 21]
    rows = (
        first_db.engine.connect().exec_driver_sql("SELECT idx, due FROM occurrence ORDER BY idx").fetchall()
    )
    assert [r[0] for r in rows] == list(range(22))
    for r in instances:
        r.tickets.db.dispose()
    first_db.dispose()


def test_export_then_import_carries_the_series(tmp_path: Path, service: TicketService, clock: Clock) -> None:
    import io
    import json

    from tickettracker.domain.interchange import FORMAT
    from tickettracker.services.data import exporting, importing

    recur = RecurrenceService(service, zone=lambda: BERLIN)
    service.create(TicketInput(title="Filler"))  # so the ids shift on import into a folder that has a ticket
    first = _monday_ticket(service)
    recur.repeat(first, preset="weekly")
    service.change_status(first, "Resolved")
    out = io.StringIO()
    exporting.write_json(service.db, out, now=clock())
    doc = json.loads(out.getvalue())
    assert doc["format"] == FORMAT and [o["index"] for o in doc["series"][0]["occurrences"]] == [
        0,
        1,
    ]

    other = TicketService(open_database(tmp_path / "other.db"), Config(), clock=clock)
    other.create(TicketInput(title="Already here"))
    source = importing.Source("export.json", out.getvalue().encode())
    result = importing.import_document(other, source, uploads=tmp_path / "uploads", now=clock())
    again = RecurrenceService(other, zone=lambda: BERLIN)
    head = result.renumbered.get(first + 1, first + 1)
    info = again.info(head)
    assert info is not None and info.index == 1 and info.words == "Every Monday at 09:00, from the due date"
    other.change_status(head, "Resolved")
    third = again.info(head).next_id  # type: ignore[union-attr]
    assert third is not None and other.get(third).due == datetime(2026, 12, 14, 8, 0, tzinfo=UTC)
    other.db.dispose()
