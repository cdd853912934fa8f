"""Creating a series' next occurrences inside one write transaction (see :mod:`tickettracker.services.recurrence`
for when and why exactly once)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from tickettracker.domain import recurrence as rec
from tickettracker.domain.validation import LinkIn, TicketInput, validate
from tickettracker.services.tickets import SYSTEM, TicketService
from tickettracker.store import recurrence as rrepo
from tickettracker.store import tickets as repo


def series_words(row: dict[str, Any]) -> str:
    """A series row's rule in words."""
    anchor = datetime.fromisoformat(row["anchor"])
    return rec.describe(row["rule"], bool(row["all_day"]), anchor.time(), row["mode"])


def advance(
    tickets: TicketService, s: Session, series_id: int, now: datetime
) -> list[tuple[int, int | None]]:
    """Inside a write transaction: create the occurrences series ``series_id`` needs by ``now``."""
    row = rrepo.series_row(s, series_id=series_id)  # read under the write lock: the truth
    if row["stopped_at"] is not None:
        return []
    zone = ZoneInfo(row["zone"])
    series = rec.Series(
        row["rule"], row["mode"], row["zone"], datetime.fromisoformat(row["anchor"]), bool(row["all_day"])
    )
    index, wall = int(row["last_index"]), datetime.fromisoformat(row["last_wall"])
    finished_at = _finished_at(tickets, s, series_id, index)
    try:
        if series.mode == "due":
            todo = rec.dates_until(series, index, wall, rec.wall_time(now, zone))
            if not todo and finished_at is not None:
                found = rec.next_date(series, index, wall)
                todo = [] if found is None else [(index + 1, found)]
        elif finished_at is not None:
            found = rec.after_completion(series, index, rec.wall_time(finished_at, zone))
            todo = [] if found is None else [(index + 1, found)]
        else:
            todo = []
    except rec.TooMany as e:  # nothing is created; the ticket page shows why the series waits
        rrepo.update_series(s, series_id=series_id, values={"problem": str(e), "next_at": None})
        return []
    created = [_make(tickets, s, series_id, row, series, i, w, now) for i, w in todo]
    if todo:
        index, wall = todo[-1]
        more = series.mode == "due" and rec.next_date(series, index, wall) is not None
        values = {
            "last_index": index,
            "last_wall": wall.isoformat(),
            "next_at": rec.moment_of(series, wall) if more else None,
            "problem": "",
        }
        rrepo.update_series(s, series_id=series_id, values=values)
    return created


def _finished_at(tickets: TicketService, s: Session, series_id: int, index: int) -> datetime | None:
    """When the newest occurrence was resolved/closed/cancelled; None while it is open (or gone)."""
    ticket_id = rrepo.occurrence_ticket(s, series_id=series_id, idx=index)
    if ticket_id is None:
        return None
    cfg = tickets.cfg
    status = repo.ticket_row(s, ticket_id=ticket_id)["status"]
    if status not in (cfg.status_roles.resolved, *cfg.terminal_statuses):
        return None
    changes = repo.status_changes(s, ticket_id=ticket_id)
    return changes[-1][0] if changes else tickets.clock()


def _make(
    tickets: TicketService,
    s: Session,
    series_id: int,
    row: dict[str, Any],
    series: rec.Series,
    idx: int,
    wall: datetime,
    now: datetime,
) -> tuple[int, int | None]:
    cfg = tickets.cfg
    tpl = json.loads(row["template"])
    due = rec.moment_of(series, wall)
    data = TicketInput(
        title=tpl["title"],
        description=tpl["description"],
        notes=tpl["notes"],
        requester=tpl["requester"],
        watchers=list(tpl["watchers"]),
        priority=tpl["priority"] if tpl["priority"] in cfg.priorities else "",
        status=cfg.status_roles.initial,
        due=due,
        due_has_time=not series.all_day,
        tags=list(tpl["tags"]),
        links=[LinkIn(u, lbl) for u, lbl in tpl["links"]],
    )
    new_id = tickets.insert_in(s, validate(cfg, data), now=now, author=SYSTEM)
    # The primary key (series, idx) refuses a second occurrence: an IntegrityError rolls the whole creation back.
    rrepo.add_occurrence(s, series_id=series_id, idx=idx, ticket_id=new_id, due=due, created=now)
    previous = rrepo.occurrence_ticket(s, series_id=series_id, idx=idx - 1)
    words = series_words(row)
    back = f"; previous: #{previous}" if previous is not None else ""
    repo.add_update(
        s,
        ticket_id=new_id,
        at=now,
        author=SYSTEM,
        kind="repeat",
        body=f"Occurrence {idx + 1} of “{words}”{back}",
    )
    if previous is not None:
        local = due.astimezone(ZoneInfo(series.zone))
        when = local.strftime("%a %d %b %Y") + ("" if series.all_day else local.strftime(" %H:%M"))
        repo.add_update(
            s,
            ticket_id=previous,
            at=now,
            author=SYSTEM,
            kind="repeat",
            body=f"Next occurrence: #{new_id}, due {when}",
        )
    return new_id, previous
