"""The dashboard's table: its columns, what the browser gets for each row, and the table element (its Vue side,
row template included, is ticket_table.js)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from nicegui import ui

from tickettracker.config import Config
from tickettracker.domain import markdown, search, sla, timefmt, workflow
from tickettracker.domain.colors import readable_text
from tickettracker.domain.files import human_size
from tickettracker.domain.records import RowRec
from tickettracker.services.container import Services

COLUMNS = [
    {
        "name": "sel",
        "label": "Select",
        "field": "selected",
        "align": "left",
    },  # power-user layer: bulk selection
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
for _column in COLUMNS:  # the phone layout (app.css) places each cell of a card by this class
    _column["classes"] = f"{_column.get('classes', '')} tt-col-{_column['name']}".strip()


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def row_dict(ctx: Services, r: RowRec, text: str, now: datetime, *, details: bool = False) -> dict[str, Any]:
    """What the browser gets for one row: display values only (``details``: the comfortable layout's too)."""
    cfg = ctx.cfg
    priority_bg = cfg.priority_color(r.priority)  # validated #hex: painted as the original did
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
        "files": [
            {"id": f.id, "name": f.name, "meta": f"{f.content_type} · {human_size(f.size)}"} for f in r.files
        ],
        "comfortable": details,
        "checklist": r.checklist,
        # Markdown only when there is some (the parser costs ~1 ms a text; plain text shows the same as text)
        "excerpt": r.excerpt if markdown.is_plain(r.excerpt) else "",
        "excerpt_html": "" if markdown.is_plain(r.excerpt) else markdown.render(r.excerpt),
        "counts": f"{_n(r.update_count, 'update')} · {_n(r.attachment_count, 'attachment')}",
        "prio_bg": priority_bg,
        "prio_fg": readable_text(priority_bg, cfg.colors.ticket_title),
        "tags": list(r.tags),
        "updated_text": timefmt.ago(r.updated, now),
        "updated_exact": timefmt.local(r.updated),
        "bg": urgency.color,
        "fg": readable_text(urgency.color, cfg.colors.ticket_title),
        "tag_bg": cfg.colors.tags.background,
        "tag_fg": cfg.colors.tags.text,
    }


class TicketTable(ui.table, component="ticket_table.js"):
    """The ticket table, paged on the server. Its row template lives in ticket_table.js (loaded once, cached), so an
    update of the table carries rows, pagination and the URL, never the template; the columns go with the first HTML
    only (the browser keeps them)."""

    def __init__(self, pagination: dict[str, Any]) -> None:
        super().__init__(columns=COLUMNS, rows=[], row_key="id", pagination=pagination)
        self.classes("w-full").props('flat bordered wrap-cells :rows-per-page-options="[25, 50, 100, 200]"')
        self._props["history"] = {"n": 0}
        self._columns_sent = False
        # QTable emits update:pagination once after mount when anyone listens, and NiceGUI's own listener stores it
        # as a prop, which re-sends the whole table right after the socket connects: every row was drawn twice and
        # replaced after load. The pages turn through "request" (server mode), so NiceGUI's listener goes; a listener
        # that stays in the browser keeps QTable reading the pagination the server sets (it ignores the prop when
        # nobody listens).
        for key, listener in list(self._event_listeners.items()):  # private: NiceGUI has no public "off"
            if listener.type == "update:pagination":
                del self._event_listeners[key]
        self.on("update:pagination", js_handler="() => {}")

    def show(self, rows: list[dict[str, Any]], pagination: dict[str, Any]) -> None:
        """New rows and pagination, sent as one update (with a URL change made in the same step)."""
        with self.props.suspend_updates():
            self.rows = rows
            self.pagination = pagination
        self.update()

    def put_url(self, url: str, *, replace: bool) -> None:
        """Put ``url`` in the browser's address bar (a new history entry, or ``replace`` the current one) with the
        table's next update: the browser does it when the rows arrive, no message of its own."""
        self._props["history"] = {"n": self._props["history"]["n"] + 1, "url": url, "replace": replace}

    def _to_dict(self) -> dict[str, Any]:
        out = super()._to_dict()
        if (
            self._columns_sent
        ):  # the browser has them (first HTML): an update leaves them out and it keeps its own
            out["props"] = {k: v for k, v in out["props"].items() if k != "columns"}
            out["preserved_props"] = ["columns"]
        self._columns_sent = True
        return out


def ticket_table(pagination: dict[str, Any]) -> TicketTable:
    """The (empty) ticket table, paged on the server, each row drawn by ticket_table.js."""
    return TicketTable(pagination)


def legend(cfg: Config) -> None:
    """What each row colour means, folded away under the table."""
    with ui.expansion("Colour legend", icon="palette").classes("w-full"), ui.row().classes("gap-4"):
        for _key, color, meaning in sla.legend(cfg):
            with ui.row().classes("items-center gap-1 no-wrap"):
                ui.element("span").classes("tt-swatch").style(f"background-color: {color}")
                ui.label(meaning).classes("text-sm")
