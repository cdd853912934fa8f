"""The dashboard `/`: the ticket list with search, filters and sorting, paged on the server (SPEC §8).

The whole view state lives in the URL query, so reload, bookmarks and the back button restore it.

Longer than ~300 lines on purpose: it wires one page's URL state, controls and table; the parts already live
in components/dashboard/.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from nicegui import Event, ui
from starlette.requests import Request

from tickettracker.domain.query_controls import ACTIVE, controls_of
from tickettracker.domain.records import SORT_KEYS, ListQuery
from tickettracker.services.container import Services
from tickettracker.services.events import Change
from tickettracker.ui.announce import announce
from tickettracker.ui.components import outage
from tickettracker.ui.components.dashboard.filters_toggle import FiltersToggle
from tickettracker.ui.components.dashboard.power import PowerLayer
from tickettracker.ui.components.dashboard.rows import legend, row_dict, ticket_table
from tickettracker.ui.components.dashboard.state import DashboardState
from tickettracker.ui.components.summary import copy_summary
from tickettracker.ui.components.ticket_form import new_ticket
from tickettracker.ui.components.trash import restore_from_list, trash_bar
from tickettracker.ui.live import live_changes
from tickettracker.ui.theme import frame

PAGE_SIZES = (25, 50, 100, 200)
SEARCH_DEBOUNCE_MS = 40
TAG_OPTIONS = 50  # tags offered at a time by the Tags filter (typing narrows them)
SORT_LABELS = {
    "urgency": "Urgency (SLA deadline)",
    "due": "Due date",
    "priority": "Priority",
    "updated": "Recently updated",
    "created": "Created",
    "id": "Ticket number",
    "title": "Title",
}


def create(services: Services) -> None:
    """Register the page's route for ``services``."""
    ctx = services
    changes = live_changes(services)

    @ui.page("/")
    @outage.page(services.ping)
    def dashboard_page(
        request: Request,
        q: str = "",
        status: str = "",
        priority: str = "",
        tags: str = "",
        all: str = "",
        overdue: str = "",
        due: str = "",
        sort: str = "",
        desc: str = "",
        page: str = "",
        size: str = "",
        trash: str = "",
        density: str = "",
    ) -> None:
        params = {k: v for k, v in locals().items() if isinstance(v, str) and v}
        if not request.url.query:  # a bare "/" opens the default saved view, if there is one
            params = PowerLayer.default_params(ctx) or params
        _Dashboard(ctx, changes, query_from_params(params, ctx))


def query_from_params(params: dict[str, str], ctx: Services) -> ListQuery:
    """Read the view state from the URL (unknown values are ignored, never trusted)."""

    def listed(name: str, allowed: list[str]) -> list[str]:
        return [v for v in (params.get(name) or "").split(",") if v in allowed]

    def number(name: str, default: int) -> int:
        raw = params.get(name, "")
        return int(raw) if raw.isdigit() else default

    sort = params.get("sort", "urgency")
    size = number("size", 50)
    has_due = {"yes": True, "no": False}.get(params.get("due", ""))
    return ListQuery(
        text=params.get("q", "")[:500],
        statuses=listed("status", [*ctx.cfg.workflow, ACTIVE]),
        priorities=listed("priority", ctx.cfg.priorities),
        tags=[t for t in (params.get("tags") or "").split(",") if t.strip()][:20],
        match_all_tags=params.get("all") == "1",
        overdue_only=params.get("overdue") == "1",
        has_due=has_due,
        sort=sort if sort in SORT_KEYS else "urgency",
        descending=params.get("desc") == "1",
        page=max(1, number("page", 1)),
        page_size=size if size in PAGE_SIZES else 50,
        trash=params.get("trash") == "1",
        details=params.get("density") == "comfortable",
    )


def params_from_query(q: ListQuery) -> dict[str, str]:
    """The inverse of query_from_params: only non-default values, so URLs stay short."""
    out: dict[str, str] = {}
    if q.text:
        out["q"] = q.text
    if q.statuses:
        out["status"] = ",".join(q.statuses)
    if q.priorities:
        out["priority"] = ",".join(q.priorities)
    if q.tags:
        out["tags"] = ",".join(q.tags)
    if q.match_all_tags:
        out["all"] = "1"
    if q.overdue_only:
        out["overdue"] = "1"
    if q.has_due is not None:
        out["due"] = "yes" if q.has_due else "no"
    if q.sort != "urgency":
        out["sort"] = q.sort
    if q.descending:
        out["desc"] = "1"
    if q.page != 1:
        out["page"] = str(q.page)
    if q.page_size != 50:
        out["size"] = str(q.page_size)
    if q.trash:
        out["trash"] = "1"
    if q.details:
        out["density"] = "comfortable"
    return out


class _Dashboard:
    def __init__(self, ctx: Services, changes: Event[Change], query: ListQuery) -> None:
        self.ctx = ctx
        self.state = DashboardState(q=query)  # shared with the power layer, bulk edits and saved views
        self.typed = False  # the current history entry was pushed by typing in the search box
        ui.add_head_html(
            "<script>window.addEventListener('popstate', () => window.location.reload());</script>"
        )
        with frame(ctx, "Trash" if query.trash else "Tickets"):
            self.notice = outage.current()
            trash_bar(query.trash)
            if not query.trash:  # the trash bar has its own level-one heading
                ui.label("Tickets").classes("sr-only").props('role="heading" aria-level="1"')
            # the query language, saved views, keyboard cursor and bulk edits
            self.power = PowerLayer(ctx, changes, self.state)
            self._controls()
            self.power.toolbar(self.search)
            self.summary = ui.label("").classes("text-sm opacity-80 tt-summary")  # announced by _set
            self.table = ticket_table(self._pagination(0)).classes("tt-tickets")  # cards on a phone (app.css)
            self.power.bind_table(self.table)
            self.table.on("request", self._on_request, js_handler="(p) => emit({pagination: p.pagination})")
            self.table.on("tag_click", lambda e: self._add_tag(str(e.args)))
            self.table.on("copy_summary", lambda e: copy_summary(ctx, int(e.args)))
            self.table.on("restore", lambda e: restore_from_list(ctx, int(e.args)))
            with (
                self.table.add_slot("no-data"),
                ui.row().classes("items-center gap-2 w-full justify-center p-4"),
            ):
                self.empty_label = ui.label("")
                self.empty_button = ui.button("", on_click=self._empty_action).props("flat color=primary")
            legend(ctx.cfg)
        self.refresh()
        changes.subscribe(lambda _change: self.refresh())
        # colours and countdowns move with time; not immediately: the rows were just built (one query, not two)
        ui.timer(60, self.refresh, immediate=False)

    def refresh(self) -> int | None:
        """Show the rows of the view and return how many tickets match (None when the search has an error or the
        database is away: then the rows shown stay and the page says so, and retries)."""
        total: list[int | None] = [None]

        def read() -> None:
            total[0] = self._refresh()

        self.notice.guard("rows", read)
        return total[0]

    @property
    def q(self) -> ListQuery:
        """The view shown (the URL state)."""
        return self.state.q

    @q.setter
    def q(self, value: ListQuery) -> None:
        self.state.q = value

    # ----- controls ------------------------------------------------------------------------------------
    def _controls(self) -> None:
        q = self.q
        with ui.row().classes("w-full items-end gap-2"):
            # Debounce 40 ms, only as long as typing needs: a held key repeats every ~33 ms (30 Hz, Chromium/X11
            # default), and those bursts become one query; people type ≥ ~80 ms apart (150 wpm), so each keystroke
            # still gets its own result, 40 ms after it instead of 100. A keystroke costs the server ≤ 30 ms at
            # 100,000 tickets (SPEC §13), so unmerged keystrokes do not queue up behind each other.
            self.search = (
                ui.input("Search", value=q.text)
                .props(
                    f'outlined dense clearable debounce={SEARCH_DEBOUNCE_MS} type=search aria-label="Search"'
                )
                .classes("grow min-w-[14rem]")
            )
            self.search.on_value_change(lambda e: self._set(text=e.value or ""))
            with self.search.add_slot("prepend"):
                ui.icon("search")
            self.filters = FiltersToggle()  # a phone folds the rest of the controls behind it
            # display: contents on a wide screen (app.css), so the controls sit in this row as they always did
            with self.filters.part(ui.element("div").classes("tt-filter-group")):
                self._filter_selects()
        self._due_and_sort()

    def _filter_selects(self) -> None:
        cfg, q = self.ctx.cfg, self.q
        ui.select(
            [ACTIVE, *cfg.workflow],
            label="Status",
            multiple=True,
            value=list(q.statuses),
            on_change=lambda e: self._set(statuses=list(e.value or [])),
        ).props("outlined dense use-chips clearable").classes("min-w-[10rem]")
        ui.select(
            list(reversed(cfg.priorities)),
            label="Priority",
            multiple=True,
            value=list(q.priorities),
            on_change=lambda e: self._set(priorities=list(e.value or [])),
        ).props("outlined dense use-chips clearable").classes("min-w-[9rem]")
        self.tags = (
            # only the chosen tags ship with the page; the others load as typed (5,000 tags must not grow the first
            # HTML, issue 15)
            ui.select(
                sorted(set(q.tags), key=str.casefold),
                label="Tags",
                multiple=True,
                value=list(q.tags),
                with_input=True,
                on_change=lambda e: self._set(tags=list(e.value or [])),
            )
            .props("outlined dense use-chips clearable")
            .classes("min-w-[10rem]")
        )
        self.tags.on("input-value", lambda e: self._load_tags(str(e.args or "")))
        self.tags.on("popup-show", lambda: self._load_tags(""))
        ui.switch(
            "Match all tags",
            value=q.match_all_tags,
            on_change=lambda e: self._set(match_all_tags=bool(e.value)),
        )

    def _due_and_sort(self) -> None:
        q = self.q
        with self.filters.part(ui.row().classes("w-full items-center gap-3")):
            ui.checkbox(
                "Overdue only",
                value=q.overdue_only,
                on_change=lambda e: self._set(overdue_only=bool(e.value)),
            )
            ui.select(
                {"any": "Any", "yes": "With a due date", "no": "Without a due date"},
                label="Has due date",
                value={True: "yes", False: "no", None: "any"}[q.has_due],
                on_change=lambda e: self._set(has_due={"yes": True, "no": False}.get(e.value)),
            ).props("outlined dense").classes("min-w-[9rem]")
            ui.select(
                SORT_LABELS, label="Sort by", value=q.sort, on_change=lambda e: self._set(sort=e.value)
            ).props("outlined dense").classes("min-w-[12rem]")
            ui.switch(
                "Reverse order", value=q.descending, on_change=lambda e: self._set(descending=bool(e.value))
            )
            with ui.row().classes("items-center gap-1"):
                ui.label("Density").classes("text-sm")
                density = (
                    ui.toggle(
                        {"compact": "Compact", "comfortable": "Comfortable"},
                        value="comfortable" if q.details else "compact",
                        on_change=lambda e: self._set(details=e.value == "comfortable", page=q.page),
                    )
                    .props("dense no-caps")
                    .mark("density")
                )
                density.props["aria-label"] = "Density"
            ui.button("Clear filters", icon="filter_alt_off", on_click=lambda: ui.navigate.to("/?q=")).props(
                "flat"
            )
            # the saved-views drawer is folded away below 1024 px (Quasar): this opens it there (app.css)
            ui.button("Views", icon="bookmarks", on_click=self.power.sidebar.drawer.show).props(
                "flat no-caps"
            ).classes("tt-views-toggle")

    # ----- state -----------------------------------------------------------------------------------------
    def _set(self, **changes: Any) -> None:
        typing = set(changes) == {"text"}  # a keystroke in the search box (filters arrive as other keys)
        synced = self.power.sync(changes)  # filters and search text kept in step
        if synced is None:
            return
        changes = synced
        changes.setdefault("page", 1)
        new = ListQuery(**{**self.q.__dict__, **changes})
        if new == self.q:  # an echo (a control set to what it shows): no history entry, no new rows
            return
        self.q = new
        self._push_url(typing=typing)
        total = self.refresh()
        if total is not None:  # said once per search or filter change, not on every live refresh
            announce(f"{total:,} ticket{'' if total == 1 else 's'}")

    def _load_tags(self, typed: str) -> None:
        """The tag options for what is typed (the chosen tags stay among them)."""
        found = self.ctx.tickets.tags_matching(typed, limit=TAG_OPTIONS)
        options = sorted(set(found) | set(self.tags.value or []), key=str.casefold)
        if options != self.tags.options:
            # the value is kept: setting it again would be a change (and a push)
            self.tags.set_options(options)

    def _add_tag(self, tag: str) -> None:
        if tag and tag not in self.q.tags:
            self.tags.set_options(sorted(set(self.tags.options) | {tag}))
            self.tags.value = [*self.q.tags, tag]  # triggers _set through on_change

    def _push_url(self, *, typing: bool = False) -> None:
        """Put the view in the URL: the first keystroke of a search pushes one history entry (Back returns to the
        view before it), further keystrokes of the same search replace it; every other change pushes."""
        params = params_from_query(self.q)
        url = "/" + (f"?{urlencode(params)}" if params else "")
        # with the rows' update, not as a message of its own (issue 15)
        self.table.put_url(url, replace=typing and self.typed)
        self.typed = typing

    def _pagination(self, total: int) -> dict[str, Any]:
        return {
            "page": self.q.page,
            "rowsPerPage": self.q.page_size,
            "sortBy": None,
            "descending": False,
            "rowsNumber": total,
        }

    def _on_request(self, e: Any) -> None:
        p = e.args.get("pagination", {})
        size = int(p.get("rowsPerPage") or self.q.page_size)
        self._set(page=int(p.get("page") or 1), page_size=size if size in PAGE_SIZES else 50)

    def _empty_action(self) -> None:
        if self.any_filter:
            ui.navigate.to("/?q=")
        else:
            new_ticket(self.ctx)

    @property
    def any_filter(self) -> bool:
        return bool(
            params_from_query(
                ListQuery(
                    **{**self.q.__dict__, "sort": "urgency", "descending": False, "page": 1, "page_size": 50}
                )
            )
        )

    def _refresh(self) -> int | None:
        """Show the rows of the current view; returns how many tickets match (None when the search has an error)."""
        now = self.ctx.tickets.clock()
        result = self.power.page(self.q)
        if result is None:  # the search text has an error: it is shown, and the rows stay
            return None
        self.q.page = result.page
        self.filters.show_count(controls_of(self.power.parsed))
        repeats = self.ctx.recurrence.words_for([r.id for r in result.rows])  # one query for the page
        rows = [
            {
                **row_dict(self.ctx, r, self.power.words, now, details=self.q.details),
                "trashed": self.q.trash,
                "repeats": repeats.get(r.id, ""),
            }
            for r in result.rows
        ]
        self.table.show(self.power.decorate(rows), self._pagination(result.total))
        if result.total:
            self.summary.text = f"{result.first:,}–{result.last:,} of {result.total:,} tickets"
        else:
            self.summary.text = "0 tickets"
        self.empty_button.visible = not self.q.trash  # the trash bar already has the way back
        if self.q.trash:
            self.empty_label.text = "The trash is empty."
        elif self.any_filter:
            self.empty_label.text, self.empty_button.text = "No ticket matches.", "Clear filters"
        else:
            self.empty_label.text, self.empty_button.text = "No tickets yet.", "Create the first ticket"
        return result.total
