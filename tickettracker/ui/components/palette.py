"""The command palette (Ctrl/Cmd+K): type to find a ticket by title or number, or any action; Enter runs it."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from nicegui import ui

from tickettracker.services.container import Services

MAX_ITEMS = 12


@dataclass(frozen=True)
class Action:
    """A command palette entry."""

    label: str
    icon: str
    run: Callable[[], Any]


def open_palette(services: Services, actions: list[Action], path: str) -> ui.dialog:
    """Open the palette over the page at ``path``, offering ``actions`` and every ticket by title or number."""
    power = services.power
    if path != "/":  # the dashboard applies views in place (its own palette entries)
        actions += [Action(f"Apply view: {v.name}", "bookmark", _go_to_view(v.text)) for v in power.views()]
    state: dict[str, Any] = {"items": [], "index": 0}

    with ui.dialog().props("position=top") as dialog, ui.card().classes("w-[36rem] max-w-full q-mt-xl"):
        field = (
            ui.input(placeholder="Find a ticket (title or #number) or an action…")
            .props('autofocus outlined dense aria-label="Command palette"')
            .classes("w-full")
        )
        results = ui.list().props("dense separator").classes("w-full tt-palette")

    def items(typed: str) -> list[Action]:
        words = typed.casefold().split()
        found = [a for a in actions if all(w in a.label.casefold() for w in words)]
        if typed.strip():
            found = [
                Action(f"#{tid} {title} ({status})", "confirmation_number", _go_to_ticket(tid))
                for tid, title, status in power.find(typed)
            ] + found
        return found[:MAX_ITEMS]

    def render() -> None:
        state["items"] = items(field.value or "")
        state["index"] = min(state["index"], max(0, len(state["items"]) - 1))
        results.clear()
        with results:
            if not state["items"]:
                ui.item("Nothing found").props("disable")
            for i, action in enumerate(state["items"]):
                with ui.item(on_click=lambda a=action: run(a)).props("clickable") as row:
                    row.props["active"] = i == state["index"]
                    row.props["aria-selected"] = "true" if i == state["index"] else "false"
                    with ui.item_section().props("avatar"):
                        ui.icon(action.icon)
                    with ui.item_section():
                        ui.label(action.label)

    async def run(action: Action) -> None:
        dialog.close()
        result = action.run()
        if inspect.isawaitable(result):
            await result

    def move(step: int) -> None:
        if state["items"]:
            state["index"] = (state["index"] + step) % len(state["items"])
            render()

    async def enter() -> None:
        if state["items"]:
            await run(state["items"][state["index"]])

    def typed() -> None:
        state["index"] = 0
        render()

    field.on_value_change(typed)
    field.on("keydown.down.prevent", lambda: move(1))
    field.on("keydown.up.prevent", lambda: move(-1))
    field.on("keydown.enter", enter)
    render()
    dialog.on("hide", dialog.delete)
    dialog.open()
    return dialog


def _go_to_ticket(ticket_id: int) -> Any:
    return lambda: ui.navigate.to(f"/tickets/{ticket_id}")


def _go_to_view(text: str) -> Any:
    return lambda: ui.navigate.to("/?" + urlencode({"q": text}))
