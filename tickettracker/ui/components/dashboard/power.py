"""The dashboard's power-user layer: the query language in the search box (kept in step with the filter controls),
the saved-views sidebar, a keyboard cursor through the rows, and bulk edits.

The dashboard creates one :class:`PowerLayer` before its frame (the sidebar is a page-level drawer), calls
:meth:`PowerLayer.toolbar` with its search box after its controls and :meth:`PowerLayer.bind_table` with its table,
routes its changes through :meth:`PowerLayer.sync` and its data through :meth:`PowerLayer.page`. The search text is the single source of truth for filters and sort; the controls
only show (and write) the terms they can express.
"""

from __future__ import annotations

from typing import Any

from nicegui import Event, ui

from tickettracker.domain.query import HELP, Query, QueryError
from tickettracker.domain.query_controls import ACTIVE, Controls, controls_of, with_controls, with_filters
from tickettracker.domain.records import ListQuery, Page
from tickettracker.errors import TicketTrackerError
from tickettracker.services.container import Services
from tickettracker.services.events import Change
from tickettracker.ui.components import keyboard
from tickettracker.ui.components.dashboard.bulk import Bulk
from tickettracker.ui.components.dashboard.saved_views import SavedViewsSidebar
from tickettracker.ui.components.dashboard.state import DashboardState
from tickettracker.ui.components.ticket_form import after_save, open_ticket_form
from tickettracker.ui.errors import message

CONTROL_KEYS = (
    "statuses",
    "priorities",
    "tags",
    "match_all_tags",
    "overdue_only",
    "has_due",
    "sort",
    "descending",
)
# The dashboard's controls, by the names a person sees (SPEC §14), and the Controls field each one shows.
SELECTS = {"Status": "statuses", "Priority": "priorities", "Tags": "tags", "Sort by": "sort"}
TOGGLES = {"Match all tags": "match_all_tags", "Overdue only": "overdue_only", "Reverse order": "descending"}


class PowerLayer:
    def __init__(self, ctx: Services, changes: Event[Change], state: DashboardState) -> None:
        self.ctx = ctx
        self.state = state
        self.service = ctx.power
        self.syncing = False
        self._fold_url_filters()
        self.bulk = Bulk(ctx, state, on_marks_changed=self.redraw_marks)
        self.sidebar = SavedViewsSidebar(
            ctx, state, changes, apply_text=self.apply_text, select_all=self.bulk.select_all_matching
        )
        keys = keyboard.current()
        if keys is not None:
            for key, handler in (
                ("j", lambda _s: self.move(1)),
                ("k", lambda _s: self.move(-1)),
                ("Enter", lambda _s: self.open_cursor()),
                ("x", self.bulk.toggle_cursor),
                ("e", lambda _s: self.edit_cursor()),
                ("s", lambda _s: self.bulk.status_dialog(self.state.cursor_ids())),
            ):
                keys.on(key, handler)
            keys.actions.append(self.sidebar.palette_actions)

    @property
    def parsed(self) -> Query:
        """The query of the search text (the shared state's, which bulk edits act on)."""
        return self.state.parsed

    @parsed.setter
    def parsed(self, value: Query) -> None:
        self.state.parsed = value

    @staticmethod
    def default_params(ctx: Services) -> dict[str, str] | None:
        """The URL parameters of the default saved view (None when there is none)."""
        view = ctx.power.default_view()
        return None if view is None else {"q": view.text}

    # ----- search text <-> controls ------------------------------------------------------------------
    def _fold_url_filters(self) -> None:
        """Old-style URL filters (?status=Open) become query terms, so the text holds the whole query."""
        q: ListQuery = self.state.q
        try:
            parsed = self.service.parse(q.text)
        except QueryError:
            return  # shown by the first refresh; the typed text is kept as it is
        self.parsed = with_filters(parsed, q)
        q.text = self.parsed.to_text()
        q.statuses, q.priorities, q.tags = [], [], []
        q.match_all_tags, q.overdue_only, q.has_due = False, False, None
        q.sort, q.descending = self.parsed.sort or "urgency", self.parsed.descending

    def toolbar(self, search: ui.input) -> None:
        """Build the search help, the error line and the bulk bar (inside the page, after the controls)."""
        self.search = search
        with (
            self.search.add_slot("append"),
            ui.button(icon="help_outline").props('flat round dense aria-label="Query syntax help"'),
            ui.menu(),
            ui.card().classes("max-w-2xl"),
        ):
            ui.label("Search syntax").classes("font-bold")
            keyboard.query_help(HELP)
        self.error_line = ui.label("").classes(
            "text-negative text-sm tt-query-error font-mono whitespace-pre"
        )
        self.error_line.visible = False
        self.bulk.bar()
        self._show_controls(controls_of(self.parsed))

    def sync(self, changes: dict[str, Any]) -> dict[str, Any] | None:
        """Turn a dashboard change into a change of the query text (None: ignore it)."""
        if self.syncing:
            return None
        if "text" in changes:
            try:
                self.parsed = self.service.parse(changes["text"])
            except QueryError:
                return changes  # the refresh shows the error and keeps the rows
            c = controls_of(self.parsed)
            self._show_controls(c)
            return {**changes, "sort": c.sort, "descending": c.descending}
        keys = [k for k in CONTROL_KEYS if k in changes]
        if not keys:
            return changes
        try:
            current = self.service.parse(self.state.q.text)
        except QueryError:
            ui.notify("Fix the search text first: the filter cannot be added to it", type="warning")
            return None
        c = controls_of(current)
        if c.match_all_tags is None:
            c.match_all_tags = bool(self._toggle("Match all tags").value)
        for k in keys:
            setattr(c, k, changes[k])
        if c.sort is None:
            c.sort = "urgency"
        self.parsed = with_controls(current, c)
        text = self.parsed.to_text()
        self.syncing = True
        try:
            self.search.value = text
        finally:
            self.syncing = False
        rest = {k: v for k, v in changes.items() if k not in CONTROL_KEYS}
        return {**rest, "text": text, "sort": c.sort, "descending": c.descending}

    def _show_controls(self, c: Controls) -> None:
        self.syncing = True
        try:
            for label, name in SELECTS.items():
                el = self._select(label)
                if el is None:
                    continue
                value = getattr(c, name)
                if name == "tags" and not set(value) <= set(el.options):
                    # only a new tag changes the options: a keystroke must not re-send every select
                    el.options = sorted(set(el.options) | set(value), key=str.casefold)
                    el.update()
                if name == "statuses":
                    value = [v for v in value if v in el.options or v == ACTIVE]
                el.value = list(value) if isinstance(value, list) else value
            for label, name in TOGGLES.items():
                value = getattr(c, name)
                el = self._toggle(label)
                if el is not None and value is not None:
                    el.value = bool(value)
            due = self._select("Has due date")
            if due is not None:
                due.value = {True: "yes", False: "no", None: "any"}[c.has_due]
        finally:
            self.syncing = False

    def _elements(self) -> list[Any]:
        return list(self.search.client.elements.values())

    def _select(self, label: str) -> Any:
        return next(
            (e for e in self._elements() if isinstance(e, ui.select) and e.props.get("label") == label), None
        )

    def _toggle(self, text: str) -> Any:
        kinds = (ui.checkbox, ui.switch)
        return next(
            (e for e in self._elements() if isinstance(e, kinds) and getattr(e, "text", "") == text), None
        )

    # ----- data --------------------------------------------------------------------------------------
    def page(self, q: ListQuery) -> Page | None:
        """The page for the dashboard's state; None (rows kept) while the search text has an error."""
        try:
            self.parsed = self.service.parse(q.text)
        except QueryError as e:
            self._show_error(e, q.text)
            return None
        self._show_error(None, q.text)
        result = self.service.page(
            self.parsed, page=q.page, page_size=q.page_size, trash=q.trash, details=q.details
        )
        self.state.total = result.total
        return result

    @property
    def words(self) -> str:
        """The free words of the query (what the rows highlight)."""
        return self.parsed.words

    def _show_error(self, e: QueryError | None, text: str) -> None:
        self.search.error = None if e is None else e.message
        if not hasattr(self, "error_line"):
            return
        self.error_line.visible = e is not None
        if e is not None:
            # Point at the problem under the text, the way a compiler does: the text is kept as typed.
            shown = text[: e.end + 20]
            self.error_line.text = f"{e.message}\n{shown}\n{' ' * e.start}{'^' * (e.end - e.start)}"

    def decorate(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Add the cursor and selection marks to the rows about to be shown."""
        self.state.row_ids = [r["id"] for r in rows]
        if self.state.cursor >= len(rows):
            self.state.cursor = len(rows) - 1
        for i, r in enumerate(rows):
            r["cursor"] = i == self.state.cursor
            r["selected"] = self.bulk.all_matching or r["id"] in self.bulk.selected
        return rows

    def bind_table(self, table: ui.table) -> None:
        """The table whose rows carry the cursor and selection marks."""
        self.table = table
        self.bulk.bind_table(table)

    def redraw_marks(self) -> None:
        self.table.rows = self.decorate(list(self.table.rows))

    # ----- keyboard cursor ---------------------------------------------------------------------------
    def move(self, step: int) -> None:
        if not self.state.row_ids:
            return
        self.state.cursor = max(0, min(len(self.state.row_ids) - 1, self.state.cursor + step))
        self.redraw_marks()
        ui.run_javascript("window.ttScrollToCursor && window.ttScrollToCursor()")

    def open_cursor(self) -> None:
        tid = self.state.cursor_id()
        if tid is not None:
            ui.navigate.to(f"/tickets/{tid}")

    def edit_cursor(self) -> None:
        tid = self.state.cursor_id()
        if tid is None:
            return
        try:
            ticket = self.ctx.tickets.get(tid, with_updates=False)
        except TicketTrackerError as e:
            ui.notify(message(e), type="warning")
            return
        if ticket.status in self.ctx.cfg.terminal_statuses:
            ui.notify(f"#{tid} is {ticket.status}: reopen it on its page to edit", type="warning")
            return
        open_ticket_form(self.ctx, ticket, on_saved=lambda t: after_save(self.ctx, t, created=False))

    def apply_text(self, text: str) -> None:
        """Replace the search text (a saved view, the palette): the dashboard takes it from there."""
        self.search.value = text
