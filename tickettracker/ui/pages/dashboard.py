"""The dashboard `/`: the ticket list with search, filters and sorting, paged on the server (SPEC §8).

The whole view state lives in the URL query, so reload, bookmarks and the back button restore it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from nicegui import Event, ui
from starlette.requests import Request

from tickettracker.domain import search, sla, timefmt, workflow
from tickettracker.domain.colors import readable_text
from tickettracker.domain.query_controls import ACTIVE
from tickettracker.domain.records import SORT_KEYS, ListQuery, RowRec
from tickettracker.services.container import Services
from tickettracker.services.events import Change
from tickettracker.ui.components.dashboard_power import PowerLayer
from tickettracker.ui.components.summary import copy_summary
from tickettracker.ui.components.trash import restore_from_list, trash_bar
from tickettracker.ui.theme import frame, new_ticket

PAGE_SIZES = (25, 50, 100, 200)
SORT_LABELS = {
    "urgency": "Urgency (SLA deadline)",
    "due": "Due date",
    "priority": "Priority",
    "updated": "Recently updated",
    "created": "Created",
    "id": "Ticket number",
    "title": "Title",
}
COLUMNS = [
    {"name": "sel", "label": "", "field": "selected", "align": "left"},  # power-user layer: bulk selection
    {"name": "id", "label": "#", "field": "id", "align": "left"},
    {"name": "title", "label": "Title", "field": "title", "align": "left"},
    {"name": "status", "label": "Status", "field": "status", "align": "left"},
    {"name": "priority", "label": "Priority", "field": "priority", "align": "left"},
    {"name": "due", "label": "Due / SLA", "field": "due_text", "align": "left"},
    {
        "name": "requester",
        "label": "Requester",
        "field": "requester",
        "align": "left",
        "classes": "tt-hide-narrow",
        "headerClasses": "tt-hide-narrow",
    },
    {"name": "tags", "label": "Tags", "field": "tags_text", "align": "left"},
    {
        "name": "updated",
        "label": "Updated",
        "field": "updated_text",
        "align": "left",
        "classes": "tt-hide-narrow",
        "headerClasses": "tt-hide-narrow",
    },
]

# Vue template for one row. Every value is interpolated with {{ }} (escaped text) or bound to a colour that the
# configuration validated as #hex; no user text reaches HTML, props or styles unchecked (SPEC §12).
ROW_TEMPLATE = r"""
<q-tr :props="props" class="tt-row" :class="{'tt-cursor': props.row.cursor, 'tt-selected': props.row.selected}"
  :style="{backgroundColor: props.row.bg, color: props.row.fg}">
  <q-td key="sel" :props="props" auto-width><q-checkbox dense :model-value="!!props.row.selected"
    :aria-label="'Select ticket #' + props.row.id"
    @update:model-value="(v, evt) => $parent.$emit('select_row', {id: props.row.id, shift: !!(evt && evt.shiftKey)})" /></q-td>
  <q-td key="id" :props="props" class="tt-idcell">#{{ props.row.id }}<q-btn flat dense round size="sm"
    icon="content_copy" class="q-ml-xs" :aria-label="'Copy summary of #' + props.row.id"
    @click.stop="() => $parent.$emit('copy_summary', props.row.id)"><q-tooltip>Copy summary</q-tooltip></q-btn></q-td>
  <q-td key="title" :props="props" class="tt-titlecell">
    <a :href="'/tickets/' + props.row.id" class="tt-title" :class="{'tt-struck': props.row.cancelled}"
       :style="{color: props.row.fg}" :aria-label="props.row.title + ', ' + props.row.sla_text"><template
       v-for="(part, i) in props.row.title_parts" :key="i"><mark v-if="part[1]" class="tt-hl">{{ part[0] }}</mark><span
       v-else>{{ part[0] }}</span></template></a>
    <q-icon v-if="props.row.repeats" name="repeat" size="xs" class="q-ml-xs tt-repeats" role="img"
      :aria-label="'Repeats: ' + props.row.repeats"><q-tooltip>{{ 'Repeats: ' + props.row.repeats }}</q-tooltip></q-icon>
    <q-btn v-if="props.row.trashed" dense flat no-caps size="sm" icon="restore_from_trash" label="Restore"
      class="q-ml-sm" :aria-label="'Restore ' + props.row.title"
      @click="() => $parent.$emit('restore', props.row.id)" />
    <div class="tt-quick" role="tooltip">
      <div><b>{{ props.row.sla_text }}</b></div>
      <div v-if="props.row.requester">Requester: {{ props.row.requester }}</div>
      <div v-if="props.row.watchers.length">Watchers: {{ props.row.watchers.join(', ') }}</div>
      <div v-if="props.row.hold_reason">Hold reason: {{ props.row.hold_reason }}</div>
      <div v-if="props.row.links.length">Links:
        <span v-for="(l, i) in props.row.links" :key="i"><a :href="l.url" target="_blank"
          rel="noopener noreferrer">{{ l.label || l.url }}</a><span v-if="i + 1 < props.row.links.length">, </span></span>
      </div>
      <div v-if="props.row.attachments.length">Attachments: {{ props.row.attachments.join(', ') }}</div>
    </div>
  </q-td>
  <q-td key="status" :props="props"><q-icon :name="props.row.status_icon" size="xs" class="q-mr-xs"
    aria-hidden="true" />{{ props.row.status }}</q-td>
  <q-td key="priority" :props="props">{{ props.row.priority }}</q-td>
  <q-td key="due" :props="props"><span :title="props.row.sla_text">{{ props.row.due_text }}</span></q-td>
  <q-td key="requester" :props="props" class="tt-hide-narrow">{{ props.row.requester }}</q-td>
  <q-td key="tags" :props="props">
    <q-chip v-for="t in props.row.tags" :key="t" dense clickable size="sm"
      :style="{backgroundColor: props.row.tag_bg, color: props.row.tag_fg}"
      :aria-label="'Filter by tag ' + t" @click="() => $parent.$emit('tag_click', t)">{{ t }}</q-chip>
  </q-td>
  <q-td key="updated" :props="props" class="tt-hide-narrow"><span :title="props.row.updated_exact">{{
    props.row.updated_text }}</span></q-td>
</q-tr>
"""


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
    return out


def row_dict(ctx: Services, r: RowRec, text: str, now: datetime) -> dict[str, Any]:
    """What the browser gets for one row: display values only."""
    cfg = ctx.cfg
    urgency = ctx.tickets.urgency(r, now)
    look = workflow.look(cfg, r.status)
    return {
        "id": r.id,
        "title": r.title,
        "title_parts": [[part, hl] for part, hl in search.highlight(r.title, text)],
        "cancelled": workflow.is_cancelled(cfg, r.status),
        "status": look.label,
        "status_icon": look.icon,
        "priority": r.priority,
        "hold_reason": r.hold_reason or "",
        "due_text": urgency.countdown or urgency.explanation,
        "sla_text": urgency.explanation,
        "requester": r.requester,
        "watchers": list(r.watchers),
        "links": [{"url": lk.url, "label": lk.label} for lk in r.links],
        "attachments": list(r.attachment_names),
        "tags": list(r.tags),
        "updated_text": timefmt.ago(r.updated, now),
        "updated_exact": timefmt.local(r.updated),
        "bg": urgency.color,
        "fg": readable_text(urgency.color, cfg.colors.ticket_title),
        "tag_bg": cfg.colors.tags.background,
        "tag_fg": cfg.colors.tags.text,
    }


def register(ctx: Services, changes: Event[Change]) -> None:
    @ui.page("/")
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
    ) -> None:
        params = {k: v for k, v in locals().items() if isinstance(v, str) and v}
        if not request.url.query:  # a bare "/" opens the default saved view, if there is one
            params = PowerLayer.default_params(ctx) or params
        _Dashboard(ctx, changes, query_from_params(params, ctx))


class _Dashboard:
    def __init__(self, ctx: Services, changes: Event[Change], query: ListQuery) -> None:
        self.ctx = ctx
        self.q = query
        ui.add_head_html(
            "<script>window.addEventListener('popstate', () => window.location.reload());</script>"
        )
        with frame(ctx, "Trash" if query.trash else "Tickets"):
            trash_bar(query.trash)
            self.power = PowerLayer(ctx, changes, self)  # query language, saved views, keyboard, bulk edits
            self._controls()
            self.power.toolbar()
            self.summary = ui.label("").classes("text-sm opacity-80 tt-summary").props('aria-live="polite"')
            self.table = (
                ui.table(columns=COLUMNS, rows=[], row_key="id", pagination=self._pagination(0))
                .classes("w-full")
                .props('flat bordered wrap-cells :rows-per-page-options="[25, 50, 100, 200]"')
            )
            self.table.add_slot("body", ROW_TEMPLATE)
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
            self._legend()
        self.refresh()
        changes.subscribe(lambda _change: self.refresh())
        # colours and countdowns move with time; not immediately: the rows were just built (one query, not two)
        ui.timer(60, self.refresh, immediate=False)

    # ----- controls ------------------------------------------------------------------------------------
    def _controls(self) -> None:
        cfg, q = self.ctx.cfg, self.q
        with ui.row().classes("w-full items-end gap-2"):
            # debounce 100 ms: a pause in typing shows results within the 200 ms keystroke budget (SPEC §13)
            self.search = (
                ui.input("Search", value=q.text)
                .props('outlined dense clearable debounce=100 type=search aria-label="Search"')
                .classes("grow min-w-[14rem]")
            )
            self.search.on_value_change(lambda e: self._set(text=e.value or ""))
            with self.search.add_slot("prepend"):
                ui.icon("search")
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
                ui.select(
                    sorted(set(self.ctx.tickets.all_tags()) | set(q.tags)),
                    label="Tags",
                    multiple=True,
                    value=list(q.tags),
                    with_input=True,
                    on_change=lambda e: self._set(tags=list(e.value or [])),
                )
                .props("outlined dense use-chips clearable")
                .classes("min-w-[10rem]")
            )
            ui.switch(
                "Match all tags",
                value=q.match_all_tags,
                on_change=lambda e: self._set(match_all_tags=bool(e.value)),
            )
        with ui.row().classes("w-full items-center gap-3"):
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
            ui.button("Clear filters", icon="filter_alt_off", on_click=lambda: ui.navigate.to("/?q=")).props(
                "flat"
            )

    def _legend(self) -> None:
        with ui.expansion("Colour legend", icon="palette").classes("w-full"), ui.row().classes("gap-4"):
            for _key, color, meaning in sla.legend(self.ctx.cfg):
                with ui.row().classes("items-center gap-1 no-wrap"):
                    ui.element("span").classes("tt-swatch").style(f"background-color: {color}")
                    ui.label(meaning).classes("text-sm")

    # ----- state -----------------------------------------------------------------------------------------
    def _set(self, **changes: Any) -> None:
        synced = self.power.sync(changes)  # filters and search text kept in step
        if synced is None:
            return
        changes = synced
        changes.setdefault("page", 1)
        self.q = ListQuery(**{**self.q.__dict__, **changes})
        self._push_url()
        self.refresh()

    def _add_tag(self, tag: str) -> None:
        if tag and tag not in self.q.tags:
            self.tags.set_options(sorted(set(self.tags.options) | {tag}))
            self.tags.value = [*self.q.tags, tag]  # triggers _set through on_change

    def _push_url(self) -> None:
        params = params_from_query(self.q)
        ui.navigate.history.push("/" + (f"?{urlencode(params)}" if params else ""))

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

    def refresh(self) -> None:
        now = self.ctx.tickets.clock()
        result = self.power.page(self.q)
        if result is None:  # the search text has an error: it is shown, and the rows stay
            return
        self.q.page = result.page
        repeats = self.ctx.recurrence.words_for([r.id for r in result.rows])  # one query for the page
        self.table.rows = self.power.decorate(
            [
                {
                    **row_dict(self.ctx, r, self.power.words, now),
                    "trashed": self.q.trash,
                    "repeats": repeats.get(r.id, ""),
                }
                for r in result.rows
            ]
        )
        self.table.pagination = self._pagination(result.total)
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
