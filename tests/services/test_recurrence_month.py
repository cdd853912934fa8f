"""A simulated month of repeating tickets with restarts, two instances and DST changes: no duplicate, none missed.

The clock moves from 15 Oct to 20 Nov 2026 in irregular steps (Europe/Berlin leaves summer time on 25 Oct, New York
on 1 Nov). Along the way the app restarts (a new database connection and new services over the same file), a second
instance ticks in the same instant, and some occurrences are resolved. At the end every series has exactly the
occurrences an independent oracle (dateutil over an aware start) says it must have, each once, with the right dates.
"""

from __future__ import annotations

import itertools
import random
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from tests.conftest import Clock
from tickettracker.config import Config
from tickettracker.domain.validation import TicketInput
from tickettracker.services.recurrence import RecurrenceService
from tickettracker.services.tickets import TicketService
from tickettracker.store import open_database

UTC = timezone.utc
START = datetime(2026, 10, 15, 0, 0, tzinfo=UTC)
END = datetime(2026, 11, 20, 0, 0, tzinfo=UTC)
# (title, zone, first due (wall time), all day, preset, mode)
SERIES = [
    ("Night job check", "America/New_York", datetime(2026, 10, 15, 1, 30), False, "daily", "due"),  # 01:30 twice on 1 Nov
    ("Stand-up notes", "Europe/Berlin", datetime(2026, 10, 15, 9, 0), False, "weekdays", "due"),
    ("Month end report", "Europe/Berlin", datetime(2026, 10, 31, 23, 59, 59), True, "monthly", "due"),
    ("Water the plants", "Europe/Berlin", datetime(2026, 10, 16, 18, 0), False, "weekly", "completion"),
]  # fmt: skip
RULES = {"daily": "FREQ=DAILY", "weekdays": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"}


class App:
    """One running instance: its own database connection and services over the shared file."""

    def __init__(self, path: Path, clock: Clock) -> None:
        self.tickets = TicketService(open_database(path), Config(), clock=clock)
        self.recur = RecurrenceService(self.tickets)
        self.recur.tick()  # what start-up does

    def close(self) -> None:
        self.recur.unsubscribe()
        self.tickets.db.dispose()


def _oracle(zone: str, anchor: datetime, preset: str, count: int) -> list[datetime]:
    """Independent oracle for "from the due date": the first ``count`` due moments (dateutil over an aware start)."""
    tz = ZoneInfo(zone)
    if preset == "monthly":  # the month's last day, all day (23:59:59 local)
        out, day = [], anchor.date()
        while len(out) < count:
            out.append(datetime.combine(day, anchor.time(), tz).astimezone(UTC))
            first_of_next = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
            day = (first_of_next.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return out
    rule = rrulestr(RULES[preset], dtstart=anchor.replace(tzinfo=tz))
    return [d.astimezone(UTC) for d in rule[:count]]


def test_a_month_of_restarts_and_dst_changes_creates_every_occurrence_once(tmp_path: Path) -> None:
    rng = random.Random(18)
    path = tmp_path / "month.db"
    clock = Clock(START)
    app = App(path, clock)
    firsts = {}
    for title, zone, wall, all_day, preset, mode in SERIES:
        due = wall.replace(tzinfo=ZoneInfo(zone))
        tid = app.tickets.create(TicketInput(title=title, due=due, due_has_time=not all_day))
        RecurrenceService(app.tickets, zone=lambda z=zone: ZoneInfo(z)).repeat(tid, preset=preset, mode=mode)
        firsts[title] = tid
    completions: list[datetime] = []
    restarts = doubles = 0
    while clock.now < END:
        clock.advance(minutes=rng.randrange(20, 11 * 60))
        roll = rng.random()
        if roll < 0.15:  # restart: the old instance goes away, a new one starts and catches up
            app.close()
            app = App(path, clock)
            restarts += 1
        elif roll < 0.25:  # a second instance ticks in the same instant
            other = App(path, clock)
            other.recur.tick()
            other.close()
            doubles += 1
        app.recur.tick()
        _resolve_some(app, rng, completions)
    app.recur.tick()
    assert restarts >= 5 and doubles >= 5

    rows = (
        app.tickets.db.engine.connect()
        .exec_driver_sql(
            "SELECT r.id, o.idx, o.ticket_id, o.due FROM occurrence o JOIN recurrence r ON r.id = o.series_id"
            " ORDER BY r.id, o.idx"
        )
        .fetchall()
    )
    by_series: dict[int, list[tuple[int, int, str]]] = {}
    for sid, idx, tid, due in rows:
        by_series.setdefault(sid, []).append((idx, tid, due))
    assert len(by_series) == 4
    for sid, (title, zone, wall, _all_day, preset, mode) in zip(sorted(by_series), SERIES, strict=True):
        occ = by_series[sid]
        assert [i for i, _, _ in occ] == list(range(len(occ))), title  # contiguous: none missed, none twice
        assert len({t for _, t, _ in occ}) == len(occ), title
        dues = [app.tickets.get(t, with_updates=False).due for _, t, _ in occ]
        if mode == "due":
            assert dues == _oracle(zone, wall, preset, len(dues)), title  # the right dates, in order
            # none missed: every occurrence whose predecessor's date has arrived exists (resolving early adds more)
            arrived = sum(1 for d in _oracle(zone, wall, preset, len(dues) + 1) if d <= clock.now)
            assert len(dues) >= arrived + 1, title
        else:
            _check_after_completion(app, occ, zone)
    app.close()


def _resolve_some(app: App, rng: random.Random, completions: list[datetime]) -> None:
    """Resolve about a third of the open newest occurrences (the change event creates the next one)."""
    for info_id in _open_heads(app):
        if rng.random() < 0.35:
            app.tickets.change_status(info_id, "Resolved")
            completions.append(app.tickets.clock())


def _open_heads(app: App) -> list[int]:
    rows = (
        app.tickets.db.engine.connect()
        .exec_driver_sql(
            "SELECT o.ticket_id FROM recurrence r JOIN occurrence o ON o.series_id = r.id AND o.idx = r.last_index"
            " JOIN ticket t ON t.id = o.ticket_id WHERE t.status = 'Open' ORDER BY o.ticket_id"
        )
        .fetchall()
    )
    return [r[0] for r in rows]


def _check_after_completion(app: App, occ: list[tuple[int, int, str]], zone: str) -> None:
    """Each next due date is the first day after the previous one's completion day, a week on, at 18:00."""
    tz = ZoneInfo(zone)
    for (_, prev, _), (_, nxt, _) in itertools.pairwise(occ):
        done = [u.at for u in app.tickets.get(prev).updates if u.kind == "status"][-1]
        due = app.tickets.get(nxt, with_updates=False).due
        assert due is not None
        expected_day: date = done.astimezone(tz).date() + timedelta(days=7)
        assert due.astimezone(tz).replace(tzinfo=None) == datetime.combine(
            expected_day, datetime.min.time()
        ).replace(hour=18)
    last = app.tickets.get(occ[-1][1], with_updates=False)
    assert last.status == "Open"  # the newest one waits to be done; nothing was created on a timer
