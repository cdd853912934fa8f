"""The ticket page's update log, a page at a time: newest (or oldest) first, "Show older" for the next page, and a
search over the whole log done by the database.

Built once per page: a change to the ticket adds the new entries at the top (or, oldest first, at the end once
the end is shown) and redraws only entries whose content changed (a ticked checklist box, a deleted file), so a
ticket with thousands of entries opens and updates as fast as one with a single entry.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from nicegui import ui

from tickettracker.domain import log_text, timefmt, workflow
from tickettracker.domain.records import UpdateRec
from tickettracker.services.container import Services
from tickettracker.ui.components import attachments, markdown
from tickettracker.ui.components.ticket_details import link_to

# Opening the ticket shows a screenful, so a long log opens in about the time a short one does (each entry is a
# dozen elements to build, send and draw: 50 of them made a 5,000-entry ticket open 2x slower); "Show older" then
# brings more at a time.
FIRST_PAGE = 10
PAGE = 40
Key = tuple[datetime, int]


def _key(u: UpdateRec) -> Key:
    return (u.at, u.id)


class UpdateLog:
    """The log card of one ticket's page; ``toggler(update_id)`` handles a written update's checklist boxes."""

    def __init__(self, ctx: Services, ticket_id: int, toggler: Callable[[int], markdown.Toggle]) -> None:
        self.ctx = ctx
        self.ticket_id = ticket_id
        self._toggler = toggler
        self.newest_first = True
        self.search = ""
        self._editable: bool | None = None  # None: nothing loaded yet
        self._shown: dict[int, tuple[ui.column, UpdateRec]] = {}
        self._last: Key | None = None  # the last entry shown in reading order: where the next page starts
        self._more = False
        with ui.card().classes("w-full tt-update-log") as self.card:
            with ui.row().classes("w-full items-center justify-between gap-2"):
                self._title = ui.label("Update log").classes("text-lg font-bold")
                with ui.row().classes("items-center gap-4"):
                    ui.input("Search the log", on_change=self._on_search).props(
                        "dense outlined clearable debounce=300 type=search"
                    ).classes("w-64")
                    ui.switch("Newest first", value=True, on_change=self._on_order)
            self._note = ui.label().classes("text-sm opacity-80")
            self._list = ui.column().classes("w-full gap-3")
            self._more_button = ui.button("Show older", icon="expand_more", on_click=self.show_more).props(
                "flat"
            )

    # ----- what the page calls ---------------------------------------------------------------------------
    def show(self, *, editable: bool) -> None:
        """The first page on opening; later, catch up with a change to the ticket (see the module doc)."""
        if editable != self._editable:  # the delete buttons and checkboxes of every entry change
            self._editable = editable
            self.reload()
        else:
            self._catch_up()

    def reload(self) -> None:
        """The first page in the current order and search."""
        page = self.ctx.tickets.log_page(
            self.ticket_id, newest_first=self.newest_first, size=FIRST_PAGE, search=self.search
        )
        self._list.clear()
        self._shown.clear()
        self._last = None
        self._append(page.entries)
        self._more = page.more
        self._counts(page.total, page.matching)

    def show_more(self) -> None:
        page = self.ctx.tickets.log_page(
            self.ticket_id, newest_first=self.newest_first, after=self._last, size=PAGE, search=self.search
        )
        self._append(page.entries)
        self._more = page.more
        self._counts(page.total, page.matching)

    # ----- internals -------------------------------------------------------------------------------------
    def _catch_up(self) -> None:
        keys = [_key(u) for _, u in self._shown.values()]
        since = min(keys) if keys else None
        # Oldest first with more to come, entries newer than the last one shown arrive with "Show newer".
        upto = max(keys) if keys and self._more and not self.newest_first else None
        newest = max(keys) if keys else None
        fresh: list[UpdateRec] = []
        for u in self.ctx.tickets.log_entries(self.ticket_id, since=since, upto=upto, search=self.search):
            shown = self._shown.get(u.id)
            if shown is None:
                if newest is None or _key(u) > newest:
                    fresh.append(u)
            elif shown[1] != u:  # its text or files changed: redraw just this entry
                element = shown[0]
                element.clear()
                with element:
                    self._fill(u)
                self._shown[u.id] = (element, u)
        if self.newest_first:
            for u in fresh:  # oldest first, each moved to the top: the newest ends first
                self._draw(u).move(target_index=0)
        else:
            self._append(fresh)
        total = self.ctx.tickets.log_count(self.ticket_id)
        matching = self.ctx.tickets.log_count(self.ticket_id, search=self.search) if self.search else total
        self._counts(total, matching)

    def _append(self, entries: Sequence[UpdateRec]) -> None:
        for u in entries:
            self._draw(u)
            if self._last is None or (_key(u) < self._last if self.newest_first else _key(u) > self._last):
                self._last = _key(u)

    def _draw(self, u: UpdateRec) -> ui.column:
        with self._list, ui.column().classes("tt-log-entry w-full gap-0") as element:
            self._fill(u)
        self._shown[u.id] = (element, u)
        return element

    def _counts(self, total: int, matching: int) -> None:
        self._title.text = f"Update log ({total})"
        shown = len(self._shown)
        if self.search:
            self._note.text = f"{matching:,} of {total:,} entries match “{self.search}”"
        elif shown < total:
            self._note.text = f"Showing {shown:,} of {total:,} entries"
        self._note.visible = bool(self.search) or shown < total
        self._more_button.text = "Show older" if self.newest_first else "Show newer"
        self._more_button.visible = self._more

    def _on_search(self, e: Any) -> None:
        self.search = (e.value or "").strip()
        self.reload()

    def _on_order(self, e: Any) -> None:
        self.newest_first = bool(e.value)
        self.reload()

    def _fill(self, u: UpdateRec) -> None:
        """One entry as it always looked: who, how and when; the sentence; the note's Markdown; links; files."""
        editable = bool(self._editable)
        icon, sentence = log_text.headline(u)
        with ui.row().classes("items-center gap-2 text-sm opacity-80"):
            ui.icon(icon)
            ui.label(u.author).classes("font-semibold")
            via = log_text.via_words(u)
            if via:
                ui.label(via)
            ui.label(timefmt.local(u.at))
        if u.kind in ("status", "reopened"):
            self._status_entry(u)
        elif sentence:
            ui.label(sentence).classes("tt-pre")
        if u.body and u.kind == "note":
            toggle = self._toggler(u.id) if editable else None
            markdown.view(u.body, on_toggle=toggle).mark("md-update")
        for link in u.links:
            link_to(link.url, link.label)
        if u.attachments:
            attachments.file_list(self.ctx, u.attachments, editable=editable)

    def _status_entry(self, u: UpdateRec) -> None:
        """A status change in the log: each status by icon and label, then the hold reason."""
        with ui.row().classes("items-center gap-1 tt-status-change"):
            ui.label("Reopened:" if u.kind == "reopened" else "Status:")
            for i, raw in enumerate((u.old, u.new)):
                if i:
                    ui.label("→")
                name = json.loads(raw) if raw else None
                if isinstance(name, str):
                    ui.icon(workflow.look(self.ctx.cfg, name).icon).props('aria-hidden="true"')
                ui.label(log_text.value_words("status", raw)).classes("font-semibold")
            if u.body:
                ui.label(f"— {u.body}").classes("tt-pre")
