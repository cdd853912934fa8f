"""Ticket templates (SPEC §19): a named starting point for a new ticket, checked here, turned into a draft here.

A template holds a title pattern (``{date}``, ``{month}`` and ``{year}`` are filled with today's local date), a
description, a priority (empty: the configured default), tags, watchers, "due in N days" (a date without a time,
like one typed into the form) and checklist items (appended to the description as ``- [ ]`` lines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone, tzinfo

from tickettracker.config import Config
from tickettracker.domain import checklist
from tickettracker.domain.validation import MAX_TEXT, MAX_TITLE, TicketInput, clean_text, normalize_list
from tickettracker.errors import ValidationFailed

MAX_NAME = 80
MAX_ITEMS = 100
MAX_ITEM = 200
MAX_DUE_DAYS = 3650
_PLACEHOLDER = re.compile(r"\{(date|month|year)\}")


@dataclass(frozen=True)
class Template:
    name: str
    title_pattern: str = ""
    description: str = ""
    priority: str = ""
    tags: tuple[str, ...] = ()
    watchers: tuple[str, ...] = ()
    due_in_days: int | None = None
    checklist: tuple[str, ...] = ()
    id: int | None = field(default=None, compare=False)


def _one_line(value: str) -> str:
    return " ".join(clean_text(value).split())


def check(cfg: Config, t: Template) -> Template:
    """A cleaned copy of ``t``, or ValidationFailed naming every field that is wrong."""
    problems: dict[str, str] = {}
    name = _one_line(t.name)
    if not name:
        problems["name"] = "Give the template a name"
    elif len(name) > MAX_NAME:
        problems["name"] = f"At most {MAX_NAME} characters"
    pattern = _one_line(t.title_pattern)
    if len(pattern) > MAX_TITLE:
        problems["title_pattern"] = f"At most {MAX_TITLE} characters"
    description = clean_text(t.description).rstrip()
    if len(description) > MAX_TEXT:
        problems["description"] = f"At most {MAX_TEXT:,} characters"
    if t.priority and t.priority not in cfg.priorities:
        problems["priority"] = f"Unknown priority {t.priority!r}"
    if t.due_in_days is not None and not 0 <= t.due_in_days <= MAX_DUE_DAYS:
        problems["due_in_days"] = f"Between 0 and {MAX_DUE_DAYS} days, or empty for no due date"
    items = [_one_line(i) for i in t.checklist if _one_line(i)]
    if len(items) > MAX_ITEMS:
        problems["checklist"] = f"At most {MAX_ITEMS} items"
    elif any(len(i) > MAX_ITEM for i in items):
        problems["checklist"] = f"Each item is at most {MAX_ITEM} characters"
    if problems:
        raise ValidationFailed(problems)
    return replace(
        t,
        name=name,
        title_pattern=pattern,
        description=description,
        tags=tuple(normalize_list(list(t.tags))),
        watchers=tuple(normalize_list(list(t.watchers))),
        checklist=tuple(items),
    )


def fill_title(pattern: str, today: date) -> str:
    """The pattern with ``{date}`` (2026-12-02), ``{month}`` (2026-12) and ``{year}`` (2026) filled in."""
    values = {"date": today.isoformat(), "month": today.strftime("%Y-%m"), "year": str(today.year)}
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], pattern)


def draft(cfg: Config, t: Template, now: datetime, tz: tzinfo | None = None) -> TicketInput:
    """The new-ticket form's starting values from template ``t`` at ``now`` (local dates in ``tz``)."""
    today = now.astimezone(tz).date()
    description = t.description
    items = checklist.as_markdown(list(t.checklist))
    if items:
        description = f"{description}\n\n{items}" if description.strip() else items
    due = None
    if t.due_in_days is not None:
        # A date without a time means the end of that local day, as the form does.
        local_end = datetime.combine(today + timedelta(days=t.due_in_days), time(23, 59, 59))
        due = _localize(local_end, tz).astimezone(timezone.utc)
    return TicketInput(
        title=fill_title(t.title_pattern, today),
        description=description,
        watchers=list(t.watchers),
        priority=t.priority or cfg.priorities[(len(cfg.priorities) - 1) // 2],
        status=cfg.status_roles.initial,
        due=due,
        due_has_time=False,
        tags=list(t.tags),
    )


def _localize(naive: datetime, tz: tzinfo | None) -> datetime:
    return naive.astimezone() if tz is None else naive.replace(tzinfo=tz)
