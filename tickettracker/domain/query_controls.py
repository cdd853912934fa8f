"""Keep the dashboard's filter controls and the search-box query in step (pure; no UI here).

A control shows the plain terms it can express (``status:a,b``, ``priority:x``, ``tag:…``, ``is:overdue``,
``has:due`` / ``-has:due``, ``sort:…``); setting a control replaces exactly those terms in the query and leaves every
other term as typed. Terms a control cannot show (``-status:x``, ``priority:>=high``) stay in the text only.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from tickettracker.domain.query import Query, Term

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
