"""Change events: every write announces what changed so every open tab (and, later, every instance) refreshes."""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from tickettracker.store import notify
from tickettracker.store.db import Database


@dataclass(frozen=True)
class Change:
    """What changed, for every open tab: kind is created|updated|deleted|restored|purged|config."""

    kind: str
    ticket_id: int | None = None
    # "" for a change made by this process; the sending instance's id for one heard from another instance
    origin: str = ""


class ChangeBus:
    """In-process publish/subscribe; the UI adapts it to NiceGUI events that unsubscribe with their client."""

    def __init__(self) -> None:
        self._subscribers: list[Callable[[Change], None]] = []
        self._lock = threading.Lock()

    def subscribe(self, callback: Callable[[Change], None]) -> Callable[[], None]:
        with self._lock:
            self._subscribers.append(callback)

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._subscribers:
                    self._subscribers.remove(callback)

        return unsubscribe

    def emit(self, change: Change) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for callback in subscribers:
            callback(change)


# What other instances hear: changes to the shared data. "config" and "store" (a Settings save, a demo switch)
# concern one instance's own configuration and data folder.
SHARED_KINDS = frozenset({"created", "updated", "deleted", "restored", "purged", "views"})


class ChangeBridge:
    """Carries changes between instances sharing one PostgreSQL database (LISTEN/NOTIFY).

    Every shared change made here is sent after its commit; every change another instance sends is emitted on the
    local bus through ``deliver`` (the UI passes one that runs it on its event loop). After the listening
    connection was lost and came back, one ``Change("updated")`` without a ticket makes every tab refresh.
    """

    def __init__(self, bus: ChangeBus, database: Callable[[], Database], uri: str | None = None) -> None:
        self.bus = bus
        self.database = database  # the database in use now (demo mode swaps in a local SQLite file)
        self.uri = uri  # the shared PostgreSQL database to listen on (default: the one in use at start)
        self.instance = uuid.uuid4().hex
        self._listener: notify.Listener | None = None
        self._deliver: Callable[[Change], None] = bus.emit

    def start(self, deliver: Callable[[Change], None] | None = None) -> None:
        """Begin sending and listening (no-op without a PostgreSQL database)."""
        db = self.database()
        uri = self.uri or (db.uri if db.is_postgres else None)
        if uri is None or self._listener is not None:
            return
        self._deliver = deliver or self.bus.emit
        self.bus.subscribe(self._send)
        self._listener = notify.Listener(uri, self._received, self._resync)
        self._listener.start()

    @property
    def listening(self) -> bool:
        return self._listener is not None and self._listener.listening.is_set()

    def wait_listening(self, timeout: float = 10) -> bool:
        return self._listener is not None and self._listener.listening.wait(timeout)

    def stop(self) -> None:
        if self._listener is not None:
            self._listener.stop()
            self._listener = None

    def _send(self, change: Change) -> None:
        db = self.database()
        if change.origin or change.kind not in SHARED_KINDS or not db.is_postgres:
            return  # heard from elsewhere (never echoed), instance-local, or the demo's SQLite file
        # "s": when it was sent (seconds since the epoch), so a receiver can tell the notification delay
        payload = json.dumps({"o": self.instance, "k": change.kind, "t": change.ticket_id, "s": time.time()})
        try:
            notify.notify(db, payload)
        except Exception:  # the write committed; a lost notification costs a refresh, not data
            logging.getLogger(__name__).warning("could not notify other instances of %s", change)

    def _received(self, payload: str) -> None:
        try:
            data = json.loads(payload)
            origin, kind, ticket_id = str(data["o"]), str(data["k"]), data.get("t")
        except (ValueError, KeyError, TypeError):
            return  # not ours
        if origin != self.instance and kind in SHARED_KINDS:
            self._deliver(Change(kind, ticket_id if isinstance(ticket_id, int) else None, origin=origin))

    def _resync(self) -> None:
        self._deliver(Change("updated", None, origin="reconnect"))
