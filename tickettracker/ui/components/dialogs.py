"""The dialogs every page uses: a titled form dialog with Cancel/apply buttons, and a yes/no confirmation.

Each dialog is removed from the page when it closes, and gets an accessible name (its title or question).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from nicegui import ui


@contextmanager
def form_dialog(title: str, *, card_classes: str = "min-w-[22rem]", props: str = "") -> Iterator[ui.dialog]:
    """Build a dialog with a card titled ``title``; the body goes inside the ``with``; it opens at the end."""
    with ui.dialog().props(props) as dialog, ui.card().classes(card_classes):
        ui.label(title).classes("text-lg font-bold")
        yield dialog
    dialog.props["aria-label"] = title  # set as data, never parsed
    open_once(dialog)


def open_once(dialog: ui.dialog) -> None:
    """Open ``dialog``; it is deleted when it closes, so the page does not collect hidden dialogs."""
    dialog.on("hide", dialog.delete)
    dialog.open()


def apply_buttons(
    dialog: ui.dialog,
    label: str,
    on_apply: Callable[[], Any],
    *,
    color: str = "primary",
    icon: str | None = None,
) -> ui.button:
    """The right-aligned "Cancel" and ``label`` buttons of a dialog; returns the ``label`` button."""
    with ui.row().classes("w-full justify-end"):
        ui.button("Cancel", on_click=dialog.close).props("flat")
        return ui.button(label, icon=icon, on_click=on_apply).props(f"color={color}")


def ask(question: str, action: str, *, mark: str | None = None) -> ui.dialog:
    """Open a confirmation: ``question``, "Cancel" and the ``action`` button; awaiting it gives True on ``action``."""
    with ui.dialog() as dialog, ui.card():
        ui.label(question)
        with ui.row().classes("w-full justify-end"):
            ui.button("Cancel", on_click=lambda: dialog.submit(False)).props("flat")
            button = ui.button(action, on_click=lambda: dialog.submit(True)).props("color=negative")
            if mark:
                button.mark(mark)
    dialog.props["aria-label"] = question
    dialog.open()
    return dialog


async def confirm(
    question: str, action: str, *, mark: str | None = None, host: ui.element | None = None
) -> bool:
    """Ask ``question`` (built inside ``host`` when given, e.g. a part of the page that is never re-rendered);
    True when the person chose ``action``. The dialog is gone when this returns."""
    with host if host is not None else nullcontext():
        dialog = ask(question, action, mark=mark)
    chosen = await dialog
    if not dialog.is_deleted:
        dialog.delete()
    return chosen is True
