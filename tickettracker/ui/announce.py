"""Screen-reader announcements: one polite live region (role=status) per page, fed by ``announce``.

Toasts vanish and are easy to miss with a screen reader; the region repeats the short outcome of an action ("Saved",
"Copied", "Update posted", "12 tickets") where assistive technology reads it without moving the focus.
"""

from __future__ import annotations

import weakref
from typing import Any

from nicegui import Client, ui

_REGIONS: weakref.WeakKeyDictionary[Client, ui.label] = weakref.WeakKeyDictionary()
# Appended when the same words are announced twice in a row: a region whose text does not change says nothing.
_AGAIN = "\u00a0"


def live_region() -> ui.label:
    """The page's live region (built by the page frame, present from the first render as screen readers need)."""
    region = ui.label("").classes("sr-only").mark("live-region")
    region.props["role"] = "status"
    region.props["aria-live"] = "polite"
    region.props["aria-atomic"] = "true"
    _REGIONS[ui.context.client] = region
    return region


def announce(text: str, *, client: Client | None = None) -> None:
    """Have screen readers read ``text`` (politely, after what they are saying) on the page of ``client``."""
    region = _REGIONS.get(client or ui.context.client)
    if region is None or region.is_deleted:
        return
    region.text = text + _AGAIN if region.text == text else text


def notify(text: str, **options: Any) -> None:
    """``ui.notify`` that is announced in the page's live region instead: Quasar makes every toast an alert
    (assertive), which would have screen readers say it twice, the second time interrupting."""
    # taken once: the re-render an action causes may delete (and free) the clicked element
    client = ui.context.client
    with client:
        ui.notify(text, attrs={"role": "none"}, **options)
    announce(text, client=client)
