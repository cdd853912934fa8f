"""A small progress line on standard error, shown only when it is a terminal (so pipes and logs stay clean)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """``label: done/total`` redrawn in place at most ten times a second; silent when not attached to a terminal."""

    def __init__(self, label: str, total: int, *, stream: TextIO | None = None, unit: str = "") -> None:
        self.stream = stream or sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.label, self.total, self.unit = label, total, unit
        self.done = 0
        self._last = 0.0

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if self.enabled and (now - self._last > 0.1 or self.done >= self.total):
            self._last = now
            pct = 100 * self.done // self.total if self.total else 100
            self.stream.write(f"\r{self.label}: {self.done:,}/{self.total:,}{self.unit} ({pct}%)")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
