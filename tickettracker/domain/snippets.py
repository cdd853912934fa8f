"""Text snippets (SPEC §19): named blocks typed as ``;name`` in the update box, with ``{requester}``, ``{id}`` and
``{title}`` filled in from the ticket. Only those three placeholders are replaced; any other brace stays as typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from tickettracker.domain.validation import clean_text
from tickettracker.errors import ValidationFailed

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
PLACEHOLDERS = ("requester", "id", "title")
_PLACEHOLDER = re.compile(r"\{(requester|id|title)\}")
# ";na" being typed at the end of the text before the cursor: start of text or after a space/newline.
_TRIGGER = re.compile(r"(?:^|(?<=\s));([a-z0-9_-]{0,40})$")
MAX_BODY = 20_000


@dataclass(frozen=True)
class Snippet:
    name: str
    body: str
    id: int | None = field(default=None, compare=False)


def check(snippet: Snippet) -> Snippet:
    """A cleaned copy (name trimmed, body without trailing blanks), or ValidationFailed by field."""
    problems: dict[str, str] = {}
    name = snippet.name.strip()
    reason = check_name(name)
    if reason:
        problems["name"] = reason
    body = clean_text(snippet.body).rstrip()
    if not body.strip():
        problems["body"] = "Write the text the snippet inserts"
    elif len(body) > MAX_BODY:
        problems["body"] = f"At most {MAX_BODY:,} characters"
    if problems:
        raise ValidationFailed(problems)
    return Snippet(name, body, snippet.id)


def check_name(name: str) -> str | None:
    """Why ``name`` cannot name a snippet, or None: 1-40 of a-z 0-9 _ -, starting with a letter or digit."""
    if not name:
        return "Give the snippet a name"
    if not NAME.match(name):
        return "Use 1-40 lower-case letters, digits, - or _ (typed after ; in the update box)"
    return None


def expand(body: str, *, ticket_id: int | None, title: str, requester: str) -> str:
    """The snippet's text for this ticket."""
    values = {"requester": requester, "id": "" if ticket_id is None else str(ticket_id), "title": title}
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], body)


def trigger(before_cursor: str) -> str | None:
    """The partial name after ``;`` at the end of ``before_cursor`` (``""`` right after the ``;``), or None."""
    found = _TRIGGER.search(before_cursor)
    return found.group(1) if found else None


def complete(prefix: str, names: Iterable[str], limit: int = 8) -> list[str]:
    """Names starting with ``prefix`` first, then names containing it; each group alphabetical."""
    names = sorted(set(names))
    starts = [n for n in names if n.startswith(prefix)]
    inside = [n for n in names if prefix in n and not n.startswith(prefix)]
    return (starts + inside)[:limit]


def insert(before_cursor: str, after_cursor: str, text: str) -> tuple[str, int]:
    """Replace the ``;name`` at the end of ``before_cursor`` by ``text``: the new value and the new cursor."""
    found = _TRIGGER.search(before_cursor)
    head = before_cursor[: found.start()] if found else before_cursor
    value = head + text + after_cursor
    return value, len(head) + len(text)
