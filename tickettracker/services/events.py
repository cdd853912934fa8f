"""Change events: every write announces what changed so every open tab (and, later, every instance) refreshes."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Change:
    """What changed, for every open tab: kind is created|updated|deleted|restored|purged|config|store|writing
    (writing: ticket templates or text snippets)."""

    kind: str
    ticket_id: int | None = None


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
