"""Repeating-ticket series in the interchange document: written after the tickets, read back in the import's
transaction with the tickets renumbered as the import renumbered them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any, TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session

from tickettracker.domain import recurrence as rec
from tickettracker.domain.interchange import SeriesDoc
from tickettracker.store import Database
from tickettracker.store import recurrence as rrepo


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def series_docs(db: Database) -> list[dict[str, Any]]:
    """Every series in the interchange shape."""
    with db.read() as s:
        found = rrepo.all_series(s)
    return [
        {
            "rule": row["rule"],
            "mode": row["mode"],
            "zone": row["zone"],
            "anchor": row["anchor"],
            "all_day": bool(row["all_day"]),
            "template": json.loads(row["template"]),
            "last_index": row["last_index"],
            "last_wall": row["last_wall"],
            "next_at": _iso(row["next_at"]),
            "stopped_at": _iso(row["stopped_at"]),
            "problem": row["problem"],
            "created": _iso(row["created"]),
            "occurrences": [
                {"index": o["idx"], "ticket": o["ticket_id"], "due": _iso(o["due"])} for o in occ
            ],
        }
        for row, occ in found
    ]


def write_series(db: Database, out: TextIO) -> int:
    """Append ``"series": [...]`` to a document being streamed (nothing when there are none)."""
    docs = series_docs(db)
    if docs:
        out.write(',\n "series": [')
        out.write(",".join("\n  " + json.dumps(d, ensure_ascii=False) for d in docs))
        out.write("\n ]")
    return len(docs)


def check(series: Iterable[SeriesDoc], ticket_ids: set[int | None]) -> list[str]:
    """Problems that would make a series unusable, worded for the import's refusal."""
    problems = []
    for i, doc in enumerate(series, 1):
        where = f"series {i}"
        try:
            zone = ZoneInfo(doc.zone)
            anchor = datetime.fromisoformat(doc.anchor)
            rec.normalize(doc.rule, zone, anchor)
            datetime.fromisoformat(doc.last_wall)
        except (ZoneInfoNotFoundError, ValueError) as e:
            problems.append(f"{where}: {e}")
            continue
        missing = [o.ticket for o in doc.occurrences if o.ticket is not None and o.ticket not in ticket_ids]
        if missing:
            problems.append(f"{where}: occurrence tickets not in the document: {missing}")
        indexes = [o.index for o in doc.occurrences]
        if len(set(indexes)) != len(indexes):
            problems.append(f"{where}: an occurrence index is given twice")
    return problems


def insert(s: Session, series: Iterable[SeriesDoc], renumbered: dict[int, int], now: datetime) -> int:
    """Insert the series inside the import's write transaction; returns how many."""
    n = 0
    for doc in series:
        sid = rrepo.insert_series(
            s,
            values={
                "rule": doc.rule,
                "mode": doc.mode,
                "zone": doc.zone,
                "anchor": doc.anchor,
                "all_day": doc.all_day,
                "template": json.dumps(doc.template, ensure_ascii=False),
                "last_index": doc.last_index,
                "last_wall": doc.last_wall,
                "next_at": doc.next_at,
                "stopped_at": doc.stopped_at,
                "problem": doc.problem,
                "created": doc.created or now,
            },
        )
        for o in doc.occurrences:
            tid = None if o.ticket is None else renumbered.get(o.ticket, o.ticket)
            rrepo.add_occurrence(s, series_id=sid, idx=o.index, ticket_id=tid, due=o.due, created=now)  # type: ignore[arg-type]
        n += 1
    return n
