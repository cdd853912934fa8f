"""Keyboard-first control on every page: shortcuts, the cheat sheet (`?`) and the command palette (Ctrl/Cmd+K).

The browser side (``static/keys.js``) decides whether a key press is a shortcut at all: never while typing in a field
or while a dialog is open, except Esc (closes the dialog) and Ctrl/Cmd+K. It then sends ``tt_key`` here. A page can
take over keys (the dashboard moves a cursor through its rows); otherwise a key clicks the page's own button with that
name, so `e`, `s` and `c` on a ticket page do exactly what "Edit", "Change status" and "Copy summary" do.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui

from tickettracker.domain.query import HELP
from tickettracker.services.container import Services
from tickettracker.ui.components.dialogs import form_dialog
from tickettracker.ui.components.palette import Action, open_palette
from tickettracker.ui.components.ticket_form import new_ticket

Handler = Callable[[bool], Any | Awaitable[Any]]  # gets "shift held"

SHORTCUTS = (
    ("/", "Focus the search box"),
    ("n", "New ticket"),
    ("g  i", "Go to Insights (charts of the work)"),
    ("j  /  k", "Next / previous ticket in the list"),
    ("Enter", "Open the highlighted ticket"),
    ("e", "Edit the highlighted (or open) ticket"),
    ("s", "Change the status of the highlighted (or open) ticket"),
    ("c", "Copy the open ticket's summary"),
    ("x", "Select the highlighted ticket (Shift+x selects the range from the last one)"),
    ("Esc", "Close a dialog"),
    ("?", "Show this cheat sheet"),
    ("Ctrl+K  /  ⌘K", "Command palette: find a ticket by title or number, or run any action"),
)
# Two-key sequences ("g" then a letter, sent as "g i") that open a page.
GO_TO = {"g i": "/insights"}
# The page button each key presses when the page does not handle the key itself.
BUTTON_FOR_KEY = {"e": "Edit", "s": "Change status", "c": "Copy summary"}


class Keys:
    """The shortcuts of one browser tab (one per page, created by the page frame)."""

    def __init__(self, ctx: Services, dark: ui.dark_mode) -> None:
        self.ctx = ctx
        self.dark = dark
        self.client = ui.context.client
        self.handlers: dict[str, Handler] = {}
        self.actions: list[Callable[[], list[Action]]] = []  # page-provided palette entries
        ui.add_head_html('<script src="/tt-static/keys.js" defer></script>')
        ui.on("tt_key", self._on_key)

    def on(self, key: str, handler: Handler) -> None:
        """Let the page handle ``key`` (overrides the default)."""
        self.handlers[key] = handler

    async def press(self, key: str, shift: bool = False) -> None:
        """What pressing ``key`` does (also used by the palette and tests)."""
        handler = self.handlers.get(key)
        if handler is not None:
            result = handler(shift)
            if isinstance(result, Awaitable):
                await result
            return
        if key == "/":
            ui.run_javascript("document.querySelector('input[aria-label=\"Search\"]')?.focus()")
        elif key == "n":
            new_ticket(self.ctx)
        elif key in GO_TO:
            ui.navigate.to(GO_TO[key])
        elif key == "?":
            cheat_sheet()
        elif key == "palette":
            open_palette(self.ctx, self.palette_actions(), self.client.page.path)
        elif key in BUTTON_FOR_KEY:
            await self.click(BUTTON_FOR_KEY[key])

    async def click(self, name: str) -> bool:
        """Click the page's control named ``name``; says so when the page has none."""
        found = await ui.run_javascript(f"window.ttClick({json.dumps(name)})")
        if not found:
            ui.notify(f"“{name}” is not available here", type="info")
        return bool(found)

    async def _on_key(self, e: Any) -> None:
        args = e.args if isinstance(e.args, dict) else {}
        await self.press(str(args.get("key", "")), bool(args.get("shift")))

    def palette_actions(self) -> list[Action]:
        out = [
            Action("New ticket", "add", lambda: new_ticket(self.ctx)),
            Action("Go to the dashboard", "list", lambda: ui.navigate.to("/")),
            Action("Go to insights (charts)", "insights", lambda: ui.navigate.to("/insights")),
            Action("Go to settings", "settings", lambda: ui.navigate.to("/settings")),
            Action("Toggle dark mode", "contrast", self.dark.toggle),
            Action("Keyboard shortcuts", "keyboard", cheat_sheet),
            *(
                Action(f"From template: {t.name}", "post_add", _from_template(self.ctx, t.id))
                for t in self.ctx.writing.templates()
            ),
        ]
        if self.client.page.path.startswith("/tickets/"):
            out.append(Action("Change status of this ticket", "swap_horiz", lambda: self.press("s")))
            out.append(Action("Edit this ticket", "edit", lambda: self.press("e")))
            out.append(Action("Copy summary of this ticket", "content_copy", lambda: self.press("c")))
        for extra in self.actions:
            out.extend(extra())
        return out


# Kept in the tab's own storage, which goes with the tab. (A module-level WeakKeyDictionary did not: its value, the
# Keys, holds its key, the client, so every closed tab and all its elements stayed in memory: 1.6 MB per soak round.)
TAB_KEY = "tickettracker_keys"


def install(ctx: Services, dark: ui.dark_mode) -> Keys:
    """Add the shortcuts to the page being built (called by the page frame)."""
    keys = Keys(ctx, dark)
    keys.client.storage[TAB_KEY] = keys
    return keys


def current() -> Keys | None:
    """The shortcuts of the page being built, if its frame installed them."""
    keys = ui.context.client.storage.get(TAB_KEY)
    return keys if isinstance(keys, Keys) else None


def cheat_sheet() -> None:
    with form_dialog("Keyboard shortcuts", card_classes="max-w-3xl") as dialog:
        with ui.grid(columns="auto 1fr").classes("gap-x-6 gap-y-1"):
            for key, meaning in SHORTCUTS:
                ui.label(key).classes("font-mono font-bold tt-key")
                ui.label(meaning)
        ui.label("Shortcuts never fire while you type in a field.").classes("text-sm opacity-80")
        ui.label("Search syntax").classes("text-lg font-bold q-mt-md")
        query_help(HELP)
        with ui.row().classes("w-full justify-end"):
            ui.button("Close", on_click=dialog.close).props("flat")


def query_help(rows: tuple[tuple[str, str], ...]) -> None:
    with ui.grid(columns="auto 1fr").classes("gap-x-6 gap-y-1 text-sm"):
        for example, meaning in rows:
            ui.label(example).classes("font-mono")
            ui.label(meaning)


def _from_template(ctx: Services, template_id: int | None) -> Callable[[], None]:
    return lambda: new_ticket(ctx, template_id)
