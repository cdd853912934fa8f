"""One query model: the search-box :class:`Query` says everything; the filter fields are views of it (pure).

:func:`controls_of` / :func:`with_controls`: the dashboard's filter controls shown from, and written into, the query.
:func:`with_filters`: old-style URL filters (``?status=Open``) become terms of the query.
:func:`lift` / :func:`list_query`: the :class:`ListQuery` the store's tuned plans read, derived from the query.

A control shows the plain terms it can express (``status:a,b``, ``priority:x``, ``tag:…``, ``is:overdue``,
``has:due`` / ``-has:due``, ``sort:…``); setting a control replaces exactly those terms in the query and leaves every
other term as typed. Terms a control cannot show (``-status:x``, ``priority:>=high``) stay in the text only.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from tickettracker.config import Config
from tickettracker.domain import search
from tickettracker.domain.query import Query, Term
from tickettracker.domain.records import ListQuery

ACTIVE = "Active"  # the status control's shortcut for is:active


@dataclass
class Controls:
    statuses: list[str] = field(default_factory=list)
    priorities: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    match_all_tags: bool | None = None  # None: the text does not decide (zero or one tag)
    overdue_only: bool = False
    has_due: bool | None = None
    sort: str = "urgency"
    descending: bool = False


def _plain(t: Term, name: str) -> bool:
    return t.field == name and t.op == "=" and not t.negated


def _flag(t: Term, name: str, value: str) -> bool:
    return _plain(t, name) and t.values == (value,)


def controls_of(q: Query) -> Controls:
    """What the filter controls should show for ``q``."""
    c = Controls(sort=q.sort or "urgency", descending=q.descending)
    for t in q.terms:
        if _plain(t, "status"):
            c.statuses += [v for v in t.values if v not in c.statuses]
        elif _flag(t, "is", "active"):
            c.statuses.append(ACTIVE)
        elif _plain(t, "priority"):
            c.priorities += [v for v in t.values if v not in c.priorities]
        elif _flag(t, "is", "overdue"):
            c.overdue_only = True
        elif t.field == "has" and t.op == "=" and t.values == ("due",):
            c.has_due = not t.negated
    tag_terms = [t for t in q.terms if _plain(t, "tag")]
    for t in tag_terms:
        c.tags += [v for v in t.values if v not in c.tags]
    if len(c.tags) > 1:
        c.match_all_tags = len(tag_terms) > 1
    return c


def _group(t: Term) -> str | None:
    """Which control shows ``t`` (None: only the text can)."""
    if _plain(t, "status") or _flag(t, "is", "active"):
        return "status"
    if _plain(t, "priority"):
        return "priority"
    if _plain(t, "tag"):
        return "tag"
    if _flag(t, "is", "overdue"):
        return "overdue"
    if t.field == "has" and t.op == "=" and t.values == ("due",):
        return "has_due"
    return None


def with_controls(q: Query, c: Controls) -> Query:
    """``q`` with the control-expressible terms replaced by what the controls say, in the same place."""
    statuses = tuple(s for s in c.statuses if s != ACTIVE)
    wanted: dict[str, list[Term]] = {
        "status": ([Term("status", statuses)] if statuses else [])
        + ([Term("is", ("active",))] if ACTIVE in c.statuses else []),
        "priority": [Term("priority", tuple(c.priorities))] if c.priorities else [],
        "tag": (
            [Term("tag", (tag,)) for tag in c.tags]
            if c.match_all_tags
            else ([Term("tag", tuple(c.tags))] if c.tags else [])
        ),
        "overdue": [Term("is", ("overdue",))] if c.overdue_only else [],
        "has_due": [] if c.has_due is None else [Term("has", ("due",), negated=not c.has_due)],
    }
    out: list[Term] = []
    for t in q.terms:
        group = _group(t)
        if group is None:
            out.append(t)
        elif group in wanted:  # the first term of a group takes the group's new terms; the rest go
            out += wanted.pop(group)
    for terms in wanted.values():
        out += terms
    sort = None if c.sort == "urgency" and not c.descending else c.sort
    return replace(q, terms=tuple(out), sort=sort, descending=c.descending if sort else False)


def with_filters(q: Query, lq: ListQuery) -> Query:
    """``q`` with the filter fields ``lq`` carries (old-style URL filters, ``?status=Open``) as its terms."""
    c = controls_of(q)
    for name in ("statuses", "priorities", "tags", "overdue_only"):
        value = getattr(lq, name)
        if value:
            setattr(c, name, list(value) if isinstance(value, list) else value)
    if lq.has_due is not None:
        c.has_due = lq.has_due
    if lq.tags:
        c.match_all_tags = lq.match_all_tags
    if lq.sort != "urgency" or lq.descending:
        c.sort, c.descending = lq.sort, lq.descending
    return with_controls(q, c)


def lift(q: Query, cfg: Config) -> tuple[dict[str, Any], frozenset[int]]:
    """The parts of ``q`` the dashboard's own query fields can say, and the indexes of the terms they replace.

    Carried that way, a query takes the tuned plans of :mod:`tickettracker.store.listing` (covering indexes, the
    cheapest exact count) instead of being filtered term by term. Only positive, plain terms are lifted, each
    meaning exactly what its condition would: the rest stays a condition.
    """
    fields: dict[str, Any] = {}
    used: set[int] = set()
    if search.fts_match(q.words) is not None:
        fields["text"] = q.words
        used.add(-1)
    plain = [(i, t) for i, t in enumerate(q.terms) if not t.negated and t.op == "="]
    statuses = [(i, t) for i, t in plain if t.field == "status"]
    active = [(i, t) for i, t in plain if t.field == "is" and t.values == ("active",)]
    if len(statuses) == 1 and not active:
        fields["statuses"] = list(statuses[0][1].values)
        used.add(statuses[0][0])
    elif len(active) == 1 and not statuses:
        fields["statuses"] = list(cfg.active_statuses)
        used.add(active[0][0])
    priorities = [(i, t) for i, t in plain if t.field == "priority"]
    if len(priorities) == 1:
        fields["priorities"] = list(priorities[0][1].values)
        used.add(priorities[0][0])
    tags = [(i, t) for i, t in plain if t.field == "tag"]
    if tags and all(len(t.values) == 1 for _, t in tags):  # tag:a tag:b — every one of them
        fields["tags"], fields["match_all_tags"] = [t.values[0] for _, t in tags], True
        used.update(i for i, _ in tags)
    elif len(tags) == 1:  # tag:a,b — any of them
        fields["tags"], fields["match_all_tags"] = list(tags[0][1].values), False
        used.add(tags[0][0])
    for i, t in plain:
        if t.field == "is" and t.values == ("overdue",):
            fields["overdue_only"] = True
            used.add(i)
            break
    for i, t in enumerate(q.terms):
        if t.field == "has" and t.values == ("due",) and t.op == "=" and "has_due" not in fields:
            fields["has_due"] = not t.negated
            used.add(i)
    return fields, frozenset(used)


def list_query(
    q: Query, cfg: Config, *, page: int = 1, page_size: int = 50, trash: bool = False
) -> tuple[ListQuery, frozenset[int]]:
    """The ListQuery carrying ``q``'s sort, paging and liftable filters, and the terms it carries."""
    fields, used = lift(q, cfg)
    lq = ListQuery(
        sort=q.sort or "urgency",
        descending=q.descending,
        page=page,
        page_size=page_size,
        trash=trash,
        **fields,
    )
    return lq, used
