"""Access links (SPEC §16): Settings hands each colleague a named link to a tracker shared on the LAN.

A link is a random token shown once, when it is made; the store keeps only its SHA-256, so a backup or a copied
database hands out no working link. Every request checks its token (``ui/security.py``), so the live links are
cached in memory: a revocation made here takes effect at once, one made by another instance within CACHE_SECONDS.
The last use is written at most once a minute per link, so browsing costs no writes.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from tickettracker.domain.records import AccessLinkRec, Person
from tickettracker.domain.validation import clean_text
from tickettracker.errors import ValidationFailed
from tickettracker.fsutil import fsync_dir
from tickettracker.services.tickets import TicketService
from tickettracker.store import access as repo

CACHE_SECONDS = 2.0
TOUCH_EVERY = timedelta(minutes=1)
NAME_MAX = 100


def session_secret(state_dir: Path, secret_key: str = "") -> str:
    """The key that signs browser session cookies (each browser's "Your name" hangs off its session).

    Derived from the configured secret key when there is one; otherwise made once and kept in the data folder's
    state, so a restart does not make every browser ask for its name again.
    """
    if secret_key:
        return hmac.new(secret_key.encode(), b"tickettracker-session", "sha256").hexdigest()
    path = state_dir / "session-secret"
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    state_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(secrets.token_urlsafe(32))
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    fsync_dir(state_dir)
    return path.read_text(encoding="ascii").strip()


def digest(token: str) -> str:
    """What the store keeps of a token."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class AccessService:
    """Make, list, revoke and check access links (on the ticket service's database and clock)."""

    def __init__(self, tickets: TicketService, *, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.tickets = tickets
        self.monotonic = monotonic
        self._lock = threading.Lock()
        self._live: dict[str, tuple[int, str]] = {}
        self._loaded_at: float | None = None
        self._touched: dict[int, datetime] = {}

    def create(self, name: str) -> tuple[AccessLinkRec, str]:
        """A new link for ``name``; returns it with its token (shown once, never stored)."""
        clean = " ".join(clean_text(name).split())
        if not clean:
            raise ValidationFailed({"name": "Write the person's name"})
        if len(clean) > NAME_MAX:
            raise ValidationFailed({"name": f"Keep the name under {NAME_MAX} characters"})
        token = secrets.token_urlsafe(24)
        with self.tickets.db.write() as s:
            taken = [
                r for r in repo.all_links(s) if r.revoked_at is None and r.name.casefold() == clean.casefold()
            ]
            if taken:
                raise ValidationFailed(
                    {"name": f"{taken[0].name} already has a link: revoke it first to make a new one"}
                )
            rec = repo.insert_link(s, name=clean, token_sha256=digest(token), created=self.tickets.clock())
        self.forget()
        return rec, token

    def links(self) -> list[AccessLinkRec]:
        """Every link, live ones first."""
        with self.tickets.db.read() as s:
            return repo.all_links(s)

    def revoke(self, link_id: int) -> AccessLinkRec:
        """Stop one link working at once; every other link keeps working."""
        with self.tickets.db.write() as s:
            rec = repo.revoke(s, link_id=link_id, at=self.tickets.clock())
        self.forget()
        return rec

    def identify(self, token: str) -> Person | None:
        """The person whose live link ``token`` is, or None; records the link's use (at most once a minute).

        The token's digest is compared with every live one in constant time, so timing tells nothing about it.
        """
        wanted = digest(token)
        found = None
        for key, value in self._snapshot().items():
            if hmac.compare_digest(key, wanted):
                found = value
        if found is None:
            return None
        link_id, name = found
        self._touch(link_id)
        return Person(name, link_id)

    def _snapshot(self) -> dict[str, tuple[int, str]]:
        with self._lock:
            now = self.monotonic()
            if self._loaded_at is None or now - self._loaded_at > CACHE_SECONDS:
                with self.tickets.db.read() as s:
                    self._live = repo.live_digests(s)
                self._loaded_at = now
            return self._live

    def _touch(self, link_id: int) -> None:
        now = self.tickets.clock()
        last = self._touched.get(link_id)
        if last is not None and now - last < TOUCH_EVERY:
            return
        self._touched[link_id] = now
        with self.tickets.db.write() as s:
            repo.touch(s, link_id=link_id, at=now)

    def forget(self) -> None:
        """Read the live links again at the next check (after a switch of database)."""
        with self._lock:
            self._loaded_at = None
