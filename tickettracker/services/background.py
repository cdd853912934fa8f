"""Periodic work (due occurrences, reminder sweeps) that outlives a database that went away for a while.

A job run by a timer while the database cannot be reached (or the disk refuses its writes) would raise on every
tick, and the timer would log a traceback each time. :class:`Periodic` logs one line when the job first fails, stays
quiet while it keeps failing, logs one line when it works again, and never stops the timer: the next tick is the
retry.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from tickettracker.errors import DatabaseUnavailable, StorageFault

_log = logging.getLogger(__name__)


class Periodic:
    """``job`` made safe to call from a timer; calling it returns True when the job ran to the end."""

    def __init__(self, name: str, job: Callable[[], object], log: logging.Logger = _log) -> None:
        self.name = name
        self.job = job
        self.log = log
        self.away = False  # the last run failed because the database or the disk was away

    def __call__(self) -> bool:
        try:
            self.job()
        except (DatabaseUnavailable, StorageFault) as e:
            if not self.away:
                self.log.warning("%s paused: %s (retried on each tick)", self.name, e)
            self.away = True
            return False
        if self.away:
            self.log.warning("%s resumed: the database answers again", self.name)
            self.away = False
        return True
