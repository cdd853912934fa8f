"""The calendar feed (SPEC §18): a revocable token, the feed itself (optionally one saved view), and the ICS export.

The token lives in the database (it travels with backups), is compared in constant time, and is accepted by the
feed only: it opens nothing else. A wrong, revoked or missing token, or an unknown view, gives ``None`` (the route
answers 404 and reveals nothing). The feed lists live tickets with a due date from 30 days back on.

Writing events with ``icalendar`` costs about a millisecond each, so a feed of thousands of due tickets takes
seconds: a built feed is kept for :data:`CACHE_SECONDS` unless a change event says the data moved on (calendar apps
poll every 15 minutes or more; the SLA words in it may be up to that old).
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Callable
from datetime import timedelta
from zoneinfo import ZoneInfo

from tickettracker.domain import ical, sla
from tickettracker.domain.query import Query, QueryError
from tickettracker.localtime import user_zone
from tickettracker.services.events import Change
from tickettracker.services.power import PowerService
from tickettracker.services.recurrence import RecurrenceService
from tickettracker.store import calendar as calendar_repo
from tickettracker.store import reminders as token_repo

WINDOW = timedelta(days=30)
CACHE_SECONDS = 300.0


class CalendarService:
    """Feed token and feed over the power service (query language, saved views) and the recurrence service."""

    def __init__(
        self,
        power: PowerService,
        recurrence: RecurrenceService | None = None,
        *,
        zone: Callable[[], ZoneInfo] | None = None,
    ) -> None:
        self.power = power
        self.tickets = power.tickets
        self.recurrence = recurrence
        self._zone = zone or (lambda: user_zone(self.tickets.cfg))
        self._version = 0  # bumped by every change event: a cached feed of an older version is stale
        self._cache: dict[tuple[str, str], tuple[float, int, bytes | None]] = {}
        self.tickets.bus.subscribe(self._on_change)

    def _on_change(self, change: Change) -> None:
        if change.kind not in ("reminders", "feed_token"):
            self._version += 1

    # ----- the token ---------------------------------------------------------------------------------------
    def token(self) -> str:
        """The feed token (made on first use)."""
        return self.current_token() or self.regenerate()

    def current_token(self) -> str | None:
        """The feed token if one was made (a read only: pages call it while they render)."""
        with self.tickets.db.read() as s:
            return token_repo.feed_token(s)

    def regenerate(self) -> str:
        """A new token; the old one stops working at once."""
        token = secrets.token_urlsafe(24)
        with self.tickets.db.write() as s:
            token_repo.replace_feed_token(s, token=token, now=self.tickets.clock())
        self.tickets.bus.emit(Change("feed_token"))
        return token

    def revoke(self) -> None:
        """No token works until a new one is made."""
        with self.tickets.db.write() as s:
            token_repo.revoke_feed_token(s, now=self.tickets.clock())
        self.tickets.bus.emit(Change("feed_token"))

    def _valid(self, given: str | None) -> bool:
        if not given:
            return False
        with self.tickets.db.read() as s:
            current = token_repo.feed_token(s)
        return current is not None and hmac.compare_digest(given.encode(), current.encode())

    # ----- the feed ----------------------------------------------------------------------------------------
    def feed(self, token: str | None, *, base_url: str, view: str | None = None) -> bytes | None:
        """The feed for a valid token, or None (wrong/revoked token, unknown view): the caller answers 404."""
        if not self._valid(token):
            return None
        key = (base_url, view or "")
        cached = self._cache.get(key)
        if cached is not None and cached[1] == self._version and time.monotonic() - cached[0] < CACHE_SECONDS:
            return cached[2]
        version = self._version
        body = self.build(base_url=base_url, view=view)
        self._cache = {
            key: (time.monotonic(), version, body)
        }  # one entry: the common case is one subscription
        return body

    def build(self, *, base_url: str, view: str | None = None) -> bytes | None:
        """The feed's bytes (all due tickets, or one saved view's by name or id); None for an unknown view."""
        name = "TicketTracker"
        query = Query()
        if view:
            found = next((v for v in self.power.views() if view in (v.name, str(v.id))), None)
            if found is None:
                return None
            try:
                query = self.power.parse(found.query)
            except QueryError:
                return None
            name = f"TicketTracker — {found.name}"
        return ical.build(
            self._entries(query, base_url), name=name, now=self.tickets.clock(), zone=self._zone()
        )

    def _entries(self, query: Query, base_url: str) -> list[ical.FeedEntry]:
        cfg, now, zone = self.tickets.cfg, self.tickets.clock(), self._zone()
        since = (now - WINDOW).astimezone(zone).date().isoformat()
        q = self.power.parse(f"has:due due:>={since}")
        ids = self.power.matching_ids(query.plus(*q.terms))
        with self.tickets.db.read() as s:
            rows = calendar_repo.feed_rows(s, ticket_ids=ids)
        repeats = self.recurrence.words_for([r["id"] for r in rows]) if self.recurrence else {}
        base = base_url if base_url.endswith("/") else base_url + "/"
        out = []
        for r in rows:
            facts = sla.SlaFacts(
                r["status"],
                r["priority"],
                r["created"],
                r["due"],
                sla.Pause(r["paused_seconds"], r["paused_since"]),
            )
            rank = cfg.priorities.index(r["priority"]) if r["priority"] in cfg.priorities else 0
            out.append(
                ical.FeedEntry(
                    id=r["id"],
                    title=r["title"],
                    status=r["status"],
                    priority=r["priority"],
                    priority_level=ical.priority_level(rank, len(cfg.priorities)),
                    due=r["due"],
                    due_has_time=bool(r["due_has_time"]),
                    updated=r["updated"],
                    version=r["version"],
                    tags=tuple(r["tags"]),
                    sla_text=sla.evaluate(facts, cfg, now, zone).explanation,
                    url=f"{base}tickets/{r['id']}",
                    cancelled=r["status"] == cfg.status_roles.cancelled,
                    repeats=repeats.get(r["id"], ""),
                )
            )
        return out

    def export(self, *, base_url: str, view: str | None = None) -> tuple[bytes, int]:
        """What ``export --format ics`` writes: the feed and how many events it holds."""
        body = self.build(base_url=base_url, view=view)
        if body is None:
            from tickettracker.errors import ValidationFailed

            raise ValidationFailed({"view": f"There is no saved view {view!r}"})
        return body, body.count(b"BEGIN:VEVENT")


def feed_url(base_url: str, token: str, view: str | None = None) -> str:
    """The address to paste into a calendar app."""
    from urllib.parse import urlencode

    base = base_url if base_url.endswith("/") else base_url + "/"
    params = {"token": token, **({"view": view} if view else {})}
    return f"{base}calendar.ics?{urlencode(params)}"
