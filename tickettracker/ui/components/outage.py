"""'Database unavailable — retrying': what a tab shows while the database cannot be reached, and how it recovers.

A page's reads (the refresh after a change, a timer, a search, a page turn) go through :meth:`Outage.guard`. A read
that fails because the database is away (:class:`~tickettracker.errors.DatabaseUnavailable`: the PostgreSQL server
dropped, the SQLite file cannot be opened or read) changes nothing on the page: the rows, the ticket and whatever
was typed stay as they were. The tab shows one notice (icon + text, ``role="status"``) and tries the failed reads
again after 1, 2, 4, 8 and then every 15 seconds. Any read that succeeds meanwhile (a change event arriving because
the server is back) retries the others at once. When every failed read has succeeded, the notice goes away.
"""

from __future__ import annotations

import functools
import inspect
import logging
import weakref
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, cast

from nicegui import Client, ui

from tickettracker.errors import DatabaseUnavailable

TEXT = "Database unavailable — retrying"
BACKOFF = (1.0, 2.0, 4.0, 8.0, 15.0)  # seconds before each retry; the last one repeats

Read = Callable[[], Any]  # returns None or an awaitable of None

_log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


class Outage:
    """One tab's notice and retry schedule (built by the page frame; pages find it with :func:`current`)."""

    def __init__(self) -> None:
        self.client = ui.context.client
        self.failed: dict[str, Read] = {}  # what to read again, by the part of the page it fills
        self.attempt = 0
        self._waiting = False  # a retry timer is set
        self._retrying = False
        # The live region is always in the page, so screen readers announce the notice when it appears in it.
        self.region = ui.element("div").classes("w-full").props('role="status" aria-live="polite"')
        self._row: ui.row | None = None  # the notice while it shows (the retry timers live beside it)

    @property
    def shown(self) -> bool:
        return self._row is not None

    def guard(self, key: str, read: Read) -> bool:
        """Run ``read`` (a page part's refresh); False, with the notice up and a retry due, if the database is away."""
        try:
            read()
        except DatabaseUnavailable as e:
            self._failed(key, read, e)
            return False
        self._recovered(key)
        return True

    async def guard_async(self, key: str, read: Callable[[], Awaitable[Any]]) -> bool:
        """:meth:`guard` for a refresh that awaits (work done off the event loop)."""
        try:
            await read()
        except DatabaseUnavailable as e:
            self._failed(key, read, e)
            return False
        self._recovered(key)
        return True

    def _failed(self, key: str, read: Read, error: DatabaseUnavailable) -> None:
        if not self.failed:
            _log.info("a tab could not read: %s", error)
        self.failed[key] = read
        self._show()
        self._schedule()

    def _recovered(self, key: str) -> None:
        self.failed.pop(key, None)
        if not self.failed:
            self.attempt = 0
            self._hide()
        elif not self._retrying:  # the database answered: the other parts need not wait for their timer
            with self.region:
                ui.timer(0, self._retry, once=True)

    def _schedule(self) -> None:
        if self._waiting or self._retrying or self.client.is_deleted:
            return
        self._waiting = True
        delay = BACKOFF[min(self.attempt, len(BACKOFF) - 1)]
        self.attempt += 1
        with self.region:
            ui.timer(delay, self._retry, once=True)

    async def _retry(self) -> None:
        self._waiting = False
        if self.client.is_deleted:
            return
        self._retrying = True
        try:
            for key, read in list(self.failed.items()):
                if self.failed.get(key) is not read:
                    continue  # refreshed meanwhile by an event
                ok = (
                    await self.guard_async(key, read)
                    if inspect.iscoroutinefunction(read)
                    else self.guard(key, read)
                )
                if not ok:
                    break
        finally:
            self._retrying = False
        if self.failed:
            self._schedule()

    def _show(self) -> None:
        if self.shown:
            return
        with self.region, ui.row().classes("tt-outage w-full items-center justify-center gap-2 py-1") as row:
            ui.icon("cloud_off").props('aria-hidden="true"')
            ui.label(TEXT)
        self._row = row

    def _hide(self) -> None:
        if self._row is not None:
            self.region.clear()  # the notice and any retry timer still waiting: nothing is left to retry
            self._row = None
            self._waiting = False


_TABS: weakref.WeakKeyDictionary[Client, Outage] = weakref.WeakKeyDictionary()


def install() -> Outage:
    """Add the notice's place to the page being built (called by the page frame, inside the header)."""
    outage = Outage()
    _TABS[outage.client] = outage
    return outage


def current() -> Outage:
    """The tab's outage notice (a page built outside the frame gets one of its own, placed where it is built)."""
    found = _TABS.get(ui.context.client)
    return found if found is not None else install()


def page(probe: Callable[[], object]) -> Callable[[F], F]:
    """A page function (under ``@ui.page``) that is opened while the database is away: instead of an error page,
    the notice, and the page itself once ``probe`` (a read of nothing) answers again, retried with the backoff.

    The probe runs before the page builds anything, so a page never stands half-built with its subscriptions live.
    """

    def wrap(build: F) -> F:
        if inspect.iscoroutinefunction(build):

            @functools.wraps(build)
            async def opened_async(*args: Any, **kwargs: Any) -> Any:
                if _reachable(probe):
                    return await build(*args, **kwargs)
                return None

            return cast(F, opened_async)

        @functools.wraps(build)
        def opened(*args: Any, **kwargs: Any) -> Any:
            return build(*args, **kwargs) if _reachable(probe) else None

        return cast(F, opened)

    return wrap


def _reachable(probe: Callable[[], object]) -> bool:
    """True when ``probe`` works; otherwise the page shows the notice and reloads itself once it works."""
    try:
        probe()
        return True
    except DatabaseUnavailable as e:
        error = e
    ui.page_title("Database unavailable · TicketTracker")
    ui.label("TicketTracker").classes("text-2xl font-bold").props('role="heading" aria-level="1"')
    notice = install()
    ui.label("This page opens by itself as soon as the database answers again.").classes("text-sm")

    def reopen() -> None:
        probe()
        ui.navigate.reload()

    notice._failed("page", reopen, error)
    return False
