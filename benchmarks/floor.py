"""The floor: the barest NiceGUI page over the same data folder, to measure the product against (issue 15).

One ``ui.table`` with server-side paging (Quasar's ``rowsNumber`` mode) over the live tickets in the data folder's
SQLite file, and one search ``ui.input`` that queries the FTS5 index on every change (no debounce). Nothing else:
no layout, no theme, no live updates. Whatever the product takes beyond this page is the product's own cost.

    python -m benchmarks.floor --data-dir /tmp/tt-bench-100k --port 8123
"""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path
from typing import Any

from nicegui import app, ui

COLUMNS = [
    {"name": "id", "label": "#", "field": "id", "align": "left", "sortable": True},
    {"name": "title", "label": "Title", "field": "title", "align": "left", "sortable": True},
    {"name": "status", "label": "Status", "field": "status", "align": "left"},
    {"name": "priority", "label": "Priority", "field": "priority", "align": "left"},
    {"name": "updated", "label": "Updated", "field": "updated", "align": "left", "sortable": True},
]
SORTABLE = {"id", "title", "updated"}  # allow-listed: only these names reach ORDER BY
PAGE_SIZE = 50


class Rows:
    """The live tickets of one SQLite file: a page of rows and the count, optionally filtered by FTS5."""

    def __init__(self, db: Path) -> None:
        self.conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False)

    @staticmethod
    def _where(text: str) -> tuple[str, list[Any]]:
        words = [w.replace('"', "") for w in text.split() if w.replace('"', "")]
        if not words:
            return "deleted_at IS NULL", []
        match = " ".join(f'"{w}"*' for w in words)
        return "deleted_at IS NULL AND id IN (SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH ?)", [match]

    def page(self, text: str, page: int, sort: str, descending: bool) -> tuple[list[dict[str, Any]], int]:
        """One page of rows and the number of matching tickets."""
        where, args = self._where(text)
        column = sort if sort in SORTABLE else "id"
        order = f"{column} {'DESC' if descending else 'ASC'}, id"
        rows = self.conn.execute(
            f"SELECT id, title, status, priority, updated FROM ticket WHERE {where} ORDER BY {order} "
            "LIMIT ? OFFSET ?",
            [*args, PAGE_SIZE, (page - 1) * PAGE_SIZE],
        ).fetchall()
        total = self.conn.execute(f"SELECT count(*) FROM ticket WHERE {where}", args).fetchone()[0]
        keys = ("id", "title", "status", "priority", "updated")
        return [dict(zip(keys, r, strict=True)) for r in rows], int(total)


def register(rows: Rows) -> None:
    """The one page, at ``/``."""

    @ui.page("/")
    def floor_page() -> None:
        state: dict[str, Any] = {"page": 1, "sortBy": "id", "descending": False, "text": ""}

        def fetch() -> tuple[list[dict[str, Any]], dict[str, Any]]:
            found, total = rows.page(state["text"], state["page"], state["sortBy"], state["descending"])
            pagination = {
                "page": state["page"],
                "rowsPerPage": PAGE_SIZE,
                "sortBy": state["sortBy"],
                "descending": state["descending"],
                "rowsNumber": total,
            }
            return found, pagination

        def load() -> None:
            table.rows, table.pagination = fetch()

        def on_request(e: Any) -> None:
            p = e.args["pagination"]
            state.update(page=int(p.get("page") or 1), sortBy=p.get("sortBy") or "id")
            state["descending"] = bool(p.get("descending"))
            load()

        def on_search(e: Any) -> None:
            state.update(text=e.value or "", page=1)
            load()

        ui.input("Search", on_change=on_search).props('aria-label="Search"')
        first, pagination = fetch()  # in the first HTML: no second build after the socket connects
        table = ui.table(columns=COLUMNS, rows=first, row_key="id", pagination=pagination)
        table.on("request", on_request, js_handler="(p) => emit({pagination: p.pagination})")


def main() -> None:
    p = argparse.ArgumentParser(description="The bare NiceGUI page the product is measured against.")
    p.add_argument("--data-dir", required=True, type=Path, help="a folder filled by benchmarks.generate")
    p.add_argument("--port", type=int, default=8123)
    p.add_argument("--host", default="127.0.0.1")
    a = p.parse_args()
    register(Rows(a.data_dir / "tickettracker.db"))
    app.on_startup(lambda: print("floor ready", flush=True))
    ui.run(host=a.host, port=a.port, reload=False, show=False, title="floor")


if __name__ == "__main__":
    main()
