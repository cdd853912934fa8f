"""What the dashboard's parts share: the view shown (URL state), its parsed query, the rows on screen, the cursor."""

from __future__ import annotations

from dataclasses import dataclass, field

from tickettracker.domain.query import Query
from tickettracker.domain.records import ListQuery


@dataclass
class DashboardState:
    """One per dashboard tab. The page replaces ``q`` on every change; the parts read it when they need it."""

    q: ListQuery
    parsed: Query = field(default_factory=Query)
    row_ids: list[int] = field(default_factory=list)  # the rows on screen, in order
    cursor: int = -1  # index into row_ids of the keyboard cursor (-1: none)
    total: int = 0  # tickets matching the query (all pages)

    def cursor_id(self) -> int | None:
        return self.row_ids[self.cursor] if 0 <= self.cursor < len(self.row_ids) else None

    def cursor_ids(self) -> list[int]:
        tid = self.cursor_id()
        return [tid] if tid is not None else []
