"""Validation of ticket input: every problem at once, keyed by the field it belongs to (SPEC §4, §9)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tickettracker.config import Config
from tickettracker.domain import workflow
from tickettracker.errors import ValidationFailed, WorkflowError

ALLOWED_SCHEMES = ("http", "https", "mailto")
MAX_TITLE = 200
MAX_TEXT = 100_000
MAX_TAG = 50
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class LinkIn:
    url: str
    label: str = ""


@dataclass
class TicketInput:
    """What a form submits. Times are aware UTC datetimes (converted from local time at the edge)."""

    title: str
    description: str = ""
    notes: str = ""
    requester: str = ""
    watchers: list[str] = field(default_factory=list)
    priority: str = ""
    status: str = ""
    hold_reason: str | None = None
    due: object = None  # datetime | None; typed loosely so forms can pass what they parsed
    due_has_time: bool = False
    tags: list[str] = field(default_factory=list)
    links: list[LinkIn] = field(default_factory=list)


def clean_text(value: str) -> str:
    """NFC-normalise and drop control characters (newlines and tabs are kept)."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", value))


def check_link(url: str) -> str | None:
    """None when the URL is acceptable, else the reason it is refused."""
    url = url.strip()
    if not url:
        return "The URL is empty"
    if any(c.isspace() for c in url) or _CONTROL.search(url):
        return "A URL cannot contain spaces or control characters"
    parts = urlsplit(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        return "Only http, https and mailto links are allowed"
    if parts.scheme.lower() in ("http", "https") and not parts.netloc:
        return "The link needs a host, e.g. https://example.com"
    if parts.scheme.lower() == "mailto" and "@" not in parts.path:
        return "A mailto link needs an address, e.g. mailto:ana@example.com"
    return None


def normalize_tag(tag: str) -> str:
    return " ".join(clean_text(tag).split())


def normalize_list(values: list[str]) -> list[str]:
    """Trim, drop empties and duplicates (case-insensitively), keep the first spelling and the order."""
    seen: set[str] = set()
    out: list[str] = []
    for v in values:
        v = " ".join(clean_text(v).split())
        if v and v.casefold() not in seen:
            seen.add(v.casefold())
            out.append(v)
    return out


def validate(cfg: Config, data: TicketInput, *, current_status: str | None = None) -> TicketInput:
    """Return a cleaned copy of ``data`` or raise ValidationFailed listing every problem by field name."""
    problems: dict[str, str] = {}
    title = " ".join(clean_text(data.title).split())
    if not title:
        problems["title"] = "A title is required"
    elif len(title) > MAX_TITLE:
        problems["title"] = f"At most {MAX_TITLE} characters ({len(title)} now)"
    for name in ("description", "notes"):
        if len(getattr(data, name)) > MAX_TEXT:
            problems[name] = f"At most {MAX_TEXT:,} characters"
    requester = " ".join(clean_text(data.requester).split())
    if len(requester) > 200:
        problems["requester"] = "At most 200 characters"
    watchers = normalize_list(data.watchers)
    if any(len(w) > 200 for w in watchers):
        problems["watchers"] = "Each watcher is at most 200 characters"
    priority = data.priority or cfg.priorities[(len(cfg.priorities) - 1) // 2]
    if priority not in cfg.priorities:
        problems["priority"] = f"Unknown priority {priority!r}"
    status = data.status or cfg.status_roles.initial
    hold_reason: str | None = None
    try:
        hold_reason = workflow.check_transition(cfg, current_status, status, data.hold_reason)
    except WorkflowError as e:
        problems["hold_reason" if status == cfg.status_roles.hold else "status"] = str(e)
    tags = sorted((normalize_tag(t) for t in normalize_list(data.tags)), key=str.casefold)  # a set: one order
    if any(len(t) > MAX_TAG for t in tags):
        problems["tags"] = f"Each tag is at most {MAX_TAG} characters"
    links: list[LinkIn] = []
    for link in data.links:
        reason = check_link(link.url)
        if reason:
            problems["links"] = f"{link.url.strip()[:80]!r}: {reason}"
            break
        links.append(LinkIn(link.url.strip(), " ".join(clean_text(link.label).split())[:200]))
    if problems:
        raise ValidationFailed(problems)
    return TicketInput(
        title=title,
        description=clean_text(data.description).rstrip(),
        notes=clean_text(data.notes).rstrip(),
        requester=requester,
        watchers=watchers,
        priority=priority,
        status=status,
        hold_reason=hold_reason,
        due=data.due,
        due_has_time=data.due_has_time if data.due is not None else False,
        tags=tags,
        links=links,
    )
