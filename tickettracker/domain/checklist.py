"""Checklists inside Markdown text (SPEC §19): find the ``- [ ]`` items, tick one, count progress ("2/5").

Items are found with the same parser that renders them (:func:`markdown.parse`), so item N here is checkbox N on
the page: a ``- [ ]`` inside a code block or a quote of a non-list is no item in either. Ticking rewrites only the
one character between the brackets on the item's first line; everything else in the text stays byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tickettracker.domain import markdown

# A cheap test first: text without "[ ]" / "[x]" has no items, and most text has none.
_MAYBE = re.compile(r"\[[ xX]\]")
# The box on an item's first line: after the container marks (quote ">", list bullets, numbers) and spaces.
_BOX = re.compile(r"^([ \t>*+\-0-9.)]*?)\[([ xX])\]")
_NEWLINE = re.compile(r"(\r\n|\r|\n)")
MAX_LABEL = 200


@dataclass(frozen=True)
class Task:
    index: int  # 0-based, in reading order (= the order of the checkboxes on the page)
    line: int  # 0-based line of the source where the item starts
    checked: bool
    label: str  # the item's text, one line


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    def __str__(self) -> str:
        return f"{self.done}/{self.total}" if self.total else ""

    def __add__(self, other: Progress) -> Progress:
        return Progress(self.done + other.done, self.total + other.total)


NONE = Progress(0, 0)


def tasks(source: str) -> list[Task]:
    """Every task-list item of ``source``, in order."""
    if not _MAYBE.search(source):
        return []
    found: list[Task] = []
    tokens = markdown.parse(source)
    for i, token in enumerate(tokens):
        if token.type != "list_item_open" or "task-list-item" not in str(token.attrGet("class") or ""):
            continue
        inline = tokens[i + 2]
        box = next((c.content for c in inline.children or [] if "task-list-item-checkbox" in c.content), "")
        label = " ".join(inline.content.split())
        if len(label) > MAX_LABEL:
            label = label[: MAX_LABEL - 1] + "…"
        line = token.map[0] if token.map else 0
        found.append(Task(len(found), line, 'checked="checked"' in box, label))
    return found


def progress(source: str) -> Progress:
    """How many items are ticked, of how many."""
    items = tasks(source)
    return Progress(sum(t.checked for t in items), len(items))


def toggle(source: str, index: int, checked: bool | None = None) -> tuple[str, Task]:
    """Tick (or untick) item ``index``: the new text and the item as it is now.

    ``checked=None`` flips it. Raises IndexError when there is no such item (the text changed meanwhile).
    """
    items = tasks(source)
    if not 0 <= index < len(items):
        raise IndexError(f"there is no checklist item {index + 1}")
    item = items[index]
    want = not item.checked if checked is None else checked
    parts = _NEWLINE.split(source)  # line k is parts[2k]; separators stay as they were
    line = parts[2 * item.line]
    match = _BOX.match(line)
    if match is None:  # the parser and this pattern disagree: refuse rather than edit the wrong spot
        raise IndexError(f"checklist item {index + 1} cannot be changed in place")
    mark = "x" if want else " "
    if (match.group(2) != " ") == want:
        return source, Task(item.index, item.line, want, item.label)
    start = match.start(2)
    parts[2 * item.line] = line[:start] + mark + line[start + 1 :]
    return "".join(parts), Task(item.index, item.line, want, item.label)


def as_markdown(items: list[str]) -> str:
    """Checklist lines for a template's items: ``- [ ] item`` each (one line per item, blanks dropped)."""
    return "\n".join(f"- [ ] {' '.join(item.split())}" for item in items if item.strip())
