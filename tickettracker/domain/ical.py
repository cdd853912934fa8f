"""The calendar feed (SPEC §18): due tickets as iCalendar (RFC 5545) events, written by the ``icalendar`` library.

A date-only due date is an all-day event on its local day; a timed one a 30-minute event starting at the due time
(written in UTC, so no VTIMEZONE is needed). Each event carries the title, status, priority, the SLA state in its
description and a link back to the ticket. ``UID`` is stable per ticket and ``SEQUENCE`` is the ticket's version,
so calendar apps update events in place. Cancelled tickets are ``STATUS:CANCELLED``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

PRODID = "-//TicketTracker//Calendar feed 1.0//EN"
TIMED_LENGTH = timedelta(minutes=30)


@dataclass(frozen=True)
class FeedEntry:
    id: int
    title: str
    status: str
    priority: str
    priority_level: int  # 1 (highest) … 9 (lowest), RFC 5545 PRIORITY
    due: datetime  # aware UTC
    due_has_time: bool
    updated: datetime
    version: int
    tags: tuple[str, ...]
    sla_text: str  # "Due in 3 days — stage 3 of 4"
    url: str
    cancelled: bool = False
    repeats: str = ""  # the rule in words when the ticket repeats


def priority_level(index: int, count: int) -> int:
    """RFC 5545 PRIORITY (1 = highest, 9 = lowest) for the ``index``-th of ``count`` priorities (0 = lowest)."""
    if count <= 1:
        return 5
    return 9 - round(8 * index / (count - 1))


def build(entries: Iterable[FeedEntry], *, name: str, now: datetime, zone: ZoneInfo) -> bytes:
    """The whole feed as bytes (CRLF line endings, folded lines, escaped text)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-caldesc", "Due dates from TicketTracker")
    cal.add("refresh-interval", timedelta(minutes=15), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT15M")
    for entry in entries:
        cal.add_component(_event(entry, now, zone))
    body: bytes = cal.to_ical()
    return body


def _event(e: FeedEntry, now: datetime, zone: ZoneInfo) -> Event:
    ev = Event()
    ev.add("uid", f"ticket-{e.id}@tickettracker")
    ev.add("dtstamp", now)
    ev.add("last-modified", e.updated)
    ev.add("sequence", e.version)
    ev.add("summary", f"#{e.id} {e.title}")
    if e.due_has_time:
        ev.add("dtstart", e.due)
        ev.add("dtend", e.due + TIMED_LENGTH)
    else:
        day = e.due.astimezone(zone).date()
        ev.add("dtstart", day)
        ev.add("dtend", day + timedelta(days=1))
        ev.add("transp", "TRANSPARENT")
    lines = [f"Status: {e.status}", f"Priority: {e.priority}", f"SLA: {e.sla_text}"]
    if e.repeats:
        lines.append(f"Repeats: {e.repeats}")
    lines.append(e.url)
    ev.add("description", "\n".join(lines))
    ev.add("url", e.url)
    ev.add("priority", e.priority_level)
    if e.tags:
        ev.add("categories", list(e.tags))
    ev.add("status", "CANCELLED" if e.cancelled else "CONFIRMED")
    return ev
