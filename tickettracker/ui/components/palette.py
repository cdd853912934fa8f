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
    return _Palette(services, actions).dialog


class _Palette:
    def __init__(self, services: Services, actions: list[Action]) -> None:
        self.power = services.power
        self.actions = actions
        self.items: list[Action] = []
        self.index = 0
        with (
            ui.dialog().props("position=top") as self.dialog,
            ui.card().classes("w-[36rem] max-w-full q-mt-xl"),
        ):
            self.field = (
                ui.input(placeholder="Find a ticket (title or #number) or an action…")
                .props('autofocus outlined dense aria-label="Command palette"')
                .classes("w-full")
            )
            self.results = ui.list().props("dense separator").classes("w-full tt-palette")
            # a listbox of options: the highlighted one is aria-selected (not allowed on plain list items)
            self.results.props["role"] = "listbox"
            self.results.props["aria-label"] = "Results"
        self.dialog.props["aria-label"] = "Command palette"
        self.field.on_value_change(self.typed)
        self.field.on("keydown.down.prevent", lambda: self.move(1))
        self.field.on("keydown.up.prevent", lambda: self.move(-1))
        self.field.on("keydown.enter", self.enter)
        self.render()
        self.dialog.on("hide", self.dialog.delete)
        self.dialog.open()

    def matching(self, typed: str) -> list[Action]:
        words = typed.casefold().split()
        found = [a for a in self.actions if all(w in a.label.casefold() for w in words)]
        if typed.strip():
            found = [
                Action(f"#{tid} {title} ({status})", "confirmation_number", _go_to_ticket(tid))
                for tid, title, status in self.power.find(typed)
            ] + found
        return found[:MAX_ITEMS]

    def render(self) -> None:
        self.items = self.matching(self.field.value or "")
        self.index = min(self.index, max(0, len(self.items) - 1))
        self.results.clear()
        with self.results:
            if not self.items:
                ui.item("Nothing found").props('disable role="option"')
            for i, action in enumerate(self.items):
                with ui.item(on_click=lambda a=action: self.run(a)).props("clickable") as row:
                    row.props["role"] = "option"
                    row.props["active"] = i == self.index
                    row.props["aria-selected"] = "true" if i == self.index else "false"
                    with ui.item_section().props("avatar"):
                        ui.icon(action.icon)
                    with ui.item_section():
                        ui.label(action.label)

    async def run(self, action: Action) -> None:
        self.dialog.close()
        result = action.run()
        if inspect.isawaitable(result):
            await result

    def move(self, step: int) -> None:
        if self.items:
            self.index = (self.index + step) % len(self.items)
            self.render()

    async def enter(self) -> None:
        if self.items:
            await self.run(self.items[self.index])

    def typed(self) -> None:
        self.index = 0
        self.render()


def _go_to_ticket(ticket_id: int) -> Any:
    return lambda: ui.navigate.to(f"/tickets/{ticket_id}")


def _go_to_view(text: str) -> Any:
    return lambda: ui.navigate.to("/?" + urlencode({"q": text}))
