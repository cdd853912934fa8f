"""A ticket's urgency colour key computed in SQL, exactly as the SLA engine colours the dashboard's rows.

One CASE expression over the derived ``deadline`` column (see :func:`tickettracker.domain.insights.urgency_bands`):
the query language's ``sla:`` term and the Insights page's urgency chart both use it, so a bar's count and the
dashboard's count for that bar's query are the same number by construction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, literal
from sqlalchemy.sql.elements import ColumnElement

from tickettracker.config import Config
from tickettracker.domain.insights import status_keys, urgency_bands
from tickettracker.store.models import Ticket, table_of

T = table_of(Ticket)


def urgency_key(cfg: Config, now: datetime) -> ColumnElement[Any]:
    """stage0…stage3, overdue, on_hold, resolved, closed, cancelled (or "other") for each ticket at ``now``."""
    whens: list[tuple[Any, str]] = [(T.c.status == status, key) for status, key in status_keys(cfg).items()]
    for b in urgency_bands(cfg, now):
        terms: list[ColumnElement[bool]] = [
            T.c.deadline.is_not(None),
            T.c.due.is_not(None) if b.due else T.c.due.is_(None),
        ]
        if b.priority is not None:
            terms.append(T.c.priority == b.priority)
        if b.low is not None:
            terms.append(T.c.deadline >= b.low)
        if b.high is not None:
            terms.append(T.c.deadline < b.high)
        whens.append((and_(*terms), b.color_key))
    return case(*whens, else_=literal("other"))
