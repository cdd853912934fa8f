"""Find what a person sees by its label, in NiceGUI's simulated `user` fixture."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from nicegui import ui
from nicegui.element import Element
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from tickettracker.app import build_services
from tickettracker.services.container import Services

E = TypeVar("E", bound=Element)


def labelled(user: User, kind: type[E], label: str) -> E:
    """The one visible element of ``kind`` whose label is exactly ``label`` (the last one if a dialog repeats it)."""
    found = [e for e in user.find(kind).elements if e.props.get("label") == label]
    assert found, f"no {kind.__name__} labelled {label!r}"
    return sorted(found, key=lambda e: e.id)[-1]


def all_labelled(user: User, kind: type[E], label: str) -> list[E]:
    return sorted((e for e in user.find(kind).elements if e.props.get("label") == label), key=lambda e: e.id)


def click(user: User, text: str) -> None:
    """Click the visible button whose text is exactly ``text`` (the newest, i.e. the one in an open dialog)."""
    buttons = [b for b in user.find(ui.button).elements if b.text == text]
    assert buttons, f"no button {text!r}"
    UserInteraction(user, {max(buttons, key=lambda b: b.id)}, None).click()


def type_without_enter(user: User, select: ui.select, text: str) -> None:
    """What the browser sends when a person types into a select's input, never presses Enter and leaves the field:
    the typed text, then blur, then an empty input (Quasar clears it). NiceGUI stores event names in camelCase."""
    UserInteraction(user, {select}, None).trigger("inputValue", text).trigger("blur").trigger(
        "inputValue", ""
    )


def texts(user: User) -> list[str]:
    """Every visible label text and rendered Markdown text (as words, without its markup), in element order."""
    shown: list[Element] = [*user.find(ui.label).elements]
    shown += [e for e in user.find(ui.html).elements if "tt-markdown" in e.classes]
    return [_text_of(e) for e in sorted(shown, key=lambda e: e.id)]


def _text_of(e: Element) -> str:
    if isinstance(e, ui.html):
        return html.unescape(re.sub(r"<[^>]+>", "", e.content)).strip()
    return str(getattr(e, "text", ""))


@contextmanager
def side_door(data_dir: Path) -> Iterator[Services]:
    """A second handle on the same data folder, to set up or check stored data the way another process would."""
    ctx = build_services(str(data_dir), None)
    try:
        yield ctx
    finally:
        ctx.close()


async def until(check: Callable[[], bool], what: str, timeout: float = 5.0) -> None:
    """Wait for something the event loop delivers (like `should_see`, for facts it cannot express)."""
    for _ in range(int(timeout / 0.05)):
        if check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"never happened: {what}")
