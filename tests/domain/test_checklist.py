"""Checklist items in Markdown: found as the page shows them, ticked in place, counted."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tickettracker.domain import checklist, markdown
from tickettracker.domain.checklist import Progress, Task, progress, tasks, toggle

TEXT = (
    "Before we start:\r\n"
    "- [ ] Order toner\n"
    "- [x] Call the vendor\n"
    "  - [ ] nested *item*\n"
    "```\n"
    "- [ ] inside code is no item\n"
    "```\n"
    "> 1. [X] quoted and numbered\n"
    "* plain bullet\n"
)


def test_items_in_reading_order() -> None:
    assert tasks(TEXT) == [
        Task(0, 1, False, "Order toner"),
        Task(1, 2, True, "Call the vendor"),
        Task(2, 3, False, "nested *item*"),
        Task(3, 7, True, "quoted and numbered"),
    ]


def test_items_match_the_rendered_checkboxes() -> None:
    html = markdown.render(TEXT, checkboxes=True)
    boxes = html.split('type="checkbox"')[:-1]
    assert len(boxes) == len(tasks(TEXT))
    assert ['checked="checked"' in b.rsplit("<input", 1)[1] for b in boxes] == [
        t.checked for t in tasks(TEXT)
    ]


@pytest.mark.parametrize(
    ("index", "changed_line"),
    [
        (0, "- [x] Order toner"),
        (1, "- [ ] Call the vendor"),
        (2, "  - [x] nested *item*"),
        (3, "> 1. [ ] quoted and numbered"),
    ],
)
def test_toggle_changes_one_character(index: int, changed_line: str) -> None:
    new, item = toggle(TEXT, index)
    assert changed_line in new.replace("\r\n", "\n").split("\n")
    assert len(new) == len(TEXT) and sum(a != b for a, b in zip(new, TEXT, strict=True)) == 1
    assert item.checked != tasks(TEXT)[index].checked
    assert new.startswith("Before we start:\r\n")  # line endings kept


def test_toggle_to_a_given_state_is_idempotent() -> None:
    new, item = toggle(TEXT, 1, checked=True)
    assert new == TEXT and item.checked


def test_no_such_item() -> None:
    with pytest.raises(IndexError, match="no checklist item 5"):
        toggle(TEXT, 4)
    with pytest.raises(IndexError):
        toggle("no items here", 0)


@pytest.mark.parametrize(
    ("text", "shown"),
    [("", ""), ("no items", ""), ("- [ ] a\n- [x] b\n- [X] c", "2/3"), ("- [ ] a", "0/1")],
)
def test_progress(text: str, shown: str) -> None:
    assert str(progress(text)) == shown


def test_progress_adds_up() -> None:
    assert Progress(1, 2) + Progress(2, 3) == Progress(3, 5)
    assert str(checklist.NONE) == ""


def test_template_items_as_markdown() -> None:
    md = checklist.as_markdown(["Order toner", "  ", "Call\nvendor"])
    assert md == "- [ ] Order toner\n- [ ] Call vendor"
    assert str(progress(md)) == "0/2"


_LINE = st.one_of(
    st.sampled_from(["- [ ] a", "- [x] b", "  * [ ] c", "1. [X] d", "> - [ ] e", "```", "text", "", "- f"]),
    st.text(alphabet="-*[] xX>1.\t", max_size=12),
)


@given(st.lists(_LINE, max_size=12), st.sampled_from(["\n", "\r\n", "\r"]), st.data())
@settings(max_examples=200, deadline=None)
def test_toggle_twice_gives_back_the_text(lines: list[str], newline: str, data: st.DataObject) -> None:
    text = newline.join(lines)
    items = tasks(text)
    if not items:
        return
    index = data.draw(st.integers(0, len(items) - 1))
    once, item = toggle(text, index)
    assert [t.checked for t in tasks(once)] == [
        item.checked if t.index == index else t.checked for t in items
    ]
    twice, _ = toggle(once, index)
    assert tasks(twice) == items
    # byte for byte, except that a ticked "[X]" comes back as "[x]"
    assert len(twice) == len(text) and all(
        a == b or {a, b} == {"x", "X"} for a, b in zip(twice, text, strict=True)
    )
