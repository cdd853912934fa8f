"""The Insights page `/insights` (SPEC §17): the state, the flow and the time of the work, in charts that lead back
to the tickets.

The scope (query-language text, as on the dashboard) and the period are in the URL. Counting runs off the event loop
(``run.io_bound``); changes from other tabs are followed with at most one recount per second, however many arrive.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from nicegui import Event, background_tasks, run, ui

from tickettracker.domain.insights import PERIODS, Period
from tickettracker.domain.query import QueryError
from tickettracker.services.container import Services
from tickettracker.services.events import Change
from tickettracker.services.insights import Insights
from tickettracker.ui.components import keyboard, outage
from tickettracker.ui.components.insight_chart import ChartCard
from tickettracker.ui.live import live_changes
from tickettracker.ui.theme import RELOAD_ON, frame

PERIOD_LABELS = {"day": "Day", "week": "Week", "month": "Month"}
SECTIONS = (
    ("Now", ("stages", "status", "priority", "tags")),
    ("Flow", ("flow", "backlog")),
    ("Time", ("resolve", "in_status", "compliance", "ageing")),
)
RECOUNT_EVERY = 1.0  # seconds: a burst of changes from other tabs costs one recount


def create(services: Services) -> None:
    """Register the page's route for ``services``."""
    changes = live_changes(services)

    @ui.page("/insights")
    @outage.page(services.ping)
    def insights_page(q: str = "", period: str = "week") -> None:
        ui.add_head_html(
            "<script>window.addEventListener('popstate', () => window.location.reload());</script>"
        )
        with frame(services, "Insights") as dark:
            view = _Insights(services, dark, q[:500], period if period in PERIODS else "week")
        # Count now, while the page (with its spinner) goes out and the browser loads it: the charts follow over
        # the socket, queued until it connects. Awaiting the count here would hold the whole page back by it (and
        # past NiceGUI's response timeout on a slow machine); a timer would only start it after the connection.
        background_tasks.create(view.refresh(), name="insights: first count")
        _follow(view, changes)


def _follow(view: _Insights, changes: Event[Change]) -> None:
    def on_change(change: Change) -> None:
        if change.kind not in RELOAD_ON:  # a configuration or data-set switch reloads the whole page (frame)
            view.soon()

    changes.subscribe(on_change)


class _Insights:
    def __init__(self, ctx: Services, dark: ui.dark_mode, scope: str, period: Period) -> None:
        self.ctx, self.dark = ctx, dark
        self.scope, self.period = scope, period
        self.cards: dict[str, ChartCard] = {}
        self.busy = self.again = self.pending = False
        self.notice = outage.current()
        ui.label("Insights").classes("text-2xl font-bold").props('role="heading" aria-level="1"')
        self._controls()
        self.body = ui.column().classes("w-full gap-4")
        with self.body:
            ui.spinner(size="lg").props('aria-label="Counting"')
            # An empty chart in the first HTML: the browser loads the chart library with the page, while the
            # server counts, instead of only when the first charts arrive (replaced by them, like the spinner).
            ui.echart({}).classes("w-0 h-0 overflow-hidden").props('aria-hidden="true"')
        dark.on_value_change(lambda e: self._redraw(e.value is not False))
        keys = keyboard.current()
        if keys is not None:
            keys.on(
                "/",
                lambda _s: ui.run_javascript(
                    "document.querySelector('input[aria-label=\"Scope\"]')?.focus()"
                ),
            )

    # ----- controls ------------------------------------------------------------------------------------
    def _controls(self) -> None:
        views = {v.text: v.name for v in self.ctx.power.views()}
        with ui.row().classes("w-full items-start gap-2"):
            with ui.column().classes("grow min-w-[16rem] gap-0"):
                self.input = (
                    ui.input(
                        "Scope",
                        value=self.scope,
                        placeholder="every ticket — or e.g. tag:printer requester:ana",
                    )
                    .props('outlined dense clearable debounce=300 aria-label="Scope"')
                    .classes("w-full")
                )
                self.input.on_value_change(lambda e: self._set_scope(e.value or ""))
                self.error_line = ui.label("").classes(
                    "text-negative text-sm tt-query-error font-mono whitespace-pre"
                )
                self.error_line.visible = False
            self.view_picker = (
                ui.select(
                    {"": "All tickets", **views},
                    label="Saved view",
                    value=self.scope if self.scope in views or not self.scope else None,
                    on_change=lambda e: self._apply_view(e.value),
                )
                .props("outlined dense")
                .classes("min-w-[12rem]")
            )
            ui.select(
                PERIOD_LABELS,
                label="Period",
                value=self.period,
                on_change=lambda e: self._set_period(e.value),
            ).props("outlined dense").classes("min-w-[8rem]")

    def _apply_view(self, text: str | None) -> None:
        if text is not None and text != self.input.value:
            self.input.value = text  # the scope box takes it from there

    def _set_scope(self, text: str) -> None:
        self.scope = text.strip()
        if self.view_picker.value != self.scope:
            self.view_picker.set_value(self.scope if self.scope in self.view_picker.options else None)
        self._push_url()
        self.soon(delay=0.0)

    def _set_period(self, value: Any) -> None:
        if value in PERIODS:
            self.period = value
            self._push_url()
            self.soon(delay=0.0)

    def _push_url(self) -> None:
        params = {"q": self.scope} if self.scope else {}
        if self.period != "week":
            params["period"] = self.period
        ui.navigate.history.push("/insights" + (f"?{urlencode(params)}" if params else ""))

    def _show_error(self, e: QueryError | None) -> None:
        self.input.error = None if e is None else e.message
        self.error_line.visible = e is not None
        if e is not None:
            # Point at the problem under the text, as the dashboard does; the text stays as typed.
            shown = self.scope[: e.end + 20]
            self.error_line.text = f"{e.message}\n{shown}\n{' ' * e.start}{'^' * (e.end - e.start)}"

    # ----- data ----------------------------------------------------------------------------------------
    def soon(self, delay: float = RECOUNT_EVERY) -> None:
        """Recount after ``delay`` seconds unless a recount is already waiting (bursts cost one)."""
        if delay <= 0:
            ui.timer(0, self.refresh, once=True)
        elif not self.pending:
            self.pending = True
            ui.timer(delay, self._due, once=True)

    async def _due(self) -> None:
        self.pending = False
        await self.refresh()

    async def refresh(self) -> None:
        """Count every chart for the scope and period shown (one recount at a time; the last request wins); while
        the database is away the charts shown stay and the page says so (it retries)."""
        if self.busy:  # a recount is running (its own guard reports how it ends): it counts once more
            self.again = True
            return
        await self.notice.guard_async("charts", self._refresh)

    async def _refresh(self) -> None:
        if self.busy:
            self.again = True
            return
        self.busy = True
        try:
            while True:
                self.again = False
                scope, period = self.scope, self.period
                try:
                    self.ctx.insights.check_scope(scope)
                except QueryError as e:
                    self._show_error(e)
                    return
                self._show_error(None)
                data = await run.io_bound(self.ctx.insights.overview, scope, period=period)
                if data is None:  # the app is shutting down
                    return
                if not self.again:
                    self._show(data)
                    return
        finally:
            self.busy = False

    def _show(self, data: Insights) -> None:
        if self.body.is_deleted:  # the tab closed or moved on while counting
            return
        if self.cards:
            for chart in data.charts:
                self.cards[chart.key].show(chart)
            return
        self.body.clear()
        with self.body:
            for section, keys in SECTIONS:
                ui.label(section).classes("text-xl font-bold q-mt-sm").props('role="heading" aria-level="2"')
                with ui.element("div").classes("grid grid-cols-1 lg:grid-cols-2 gap-4 w-full"):
                    for key in keys:
                        self.cards[key] = ChartCard(
                            data.chart(key), self.ctx.cfg, dark=self.dark.value is not False, open_query=_open
                        )

    def _redraw(self, dark: bool) -> None:
        for card in self.cards.values():
            card.set_dark(dark)


def _open(query: str) -> None:
    ui.navigate.to("/?" + urlencode({"q": query}))
