"""PostgreSQL LISTEN/NOTIFY: how several app instances on one database hear about each other's changes.

:func:`notify` sends one payload on the channel (after the change committed). :class:`Listener` is a daemon thread
holding one connection that LISTENs and hands every payload to a callback; when the connection drops it reconnects
(waiting a little longer after each failure, at most 5 s) and calls ``on_reconnect``, since whatever was sent in
between is lost: the receiver refreshes everything once instead.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import psycopg
from sqlalchemy import text
from sqlalchemy.engine import make_url

from tickettracker.store.db import Database

CHANNEL = "tickettracker"


def notify(db: Database, payload: str) -> None:
    """Send ``payload`` to every listener of the channel (every instance on this database, this one included)."""
    with db.engine.connect() as conn:
        conn.execute(text("SELECT pg_notify(:c, :p)"), {"c": CHANNEL, "p": payload})
        conn.commit()


def libpq_uri(uri: str) -> str:
    """The SQLAlchemy URI as psycopg's own connection string."""
    return make_url(uri).set(drivername="postgresql").render_as_string(hide_password=False)


class Listener(threading.Thread):
    """LISTEN on the channel in a background thread until :meth:`stop`."""

    def __init__(
        self, uri: str, on_payload: Callable[[str], None], on_reconnect: Callable[[], None] = lambda: None
    ) -> None:
        super().__init__(name="tickettracker-listen", daemon=True)
        self._dsn = libpq_uri(uri)
        self._on_payload = on_payload
        self._on_reconnect = on_reconnect
        self._halt = threading.Event()
        self.listening = threading.Event()  # set while a connection is listening (tests wait for it)
        self._conn: psycopg.Connection | None = None

    def run(self) -> None:
        delay, first, lost = 0.2, True, False
        log = logging.getLogger(__name__)
        while not self._halt.is_set():
            try:
                with psycopg.connect(self._dsn, autocommit=True, connect_timeout=5) as conn:
                    self._conn = conn
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.listening.set()
                    if lost:
                        log.warning("listening for other instances' changes again")
                    if not first:
                        self._on_reconnect()
                    first, lost, delay = False, False, 0.2
                    while not self._halt.is_set():
                        for note in conn.notifies(timeout=0.5):
                            self._hand_over(note.payload)
            except psycopg.Error as e:
                self.listening.clear()
                if not lost and not self._halt.is_set():  # one line per outage, not one per attempt
                    reason = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
                    log.warning("cannot listen for other instances' changes (retrying): %s", reason)
                lost = True
                self._halt.wait(delay)
                delay = min(delay * 2, 5.0)
            finally:
                self._conn = None

    def _hand_over(self, payload: str) -> None:
        try:
            self._on_payload(payload)
        except Exception:  # one receiver's failure must not stop the listening for everyone
            logging.getLogger(__name__).exception("a change notification could not be delivered")

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5)
