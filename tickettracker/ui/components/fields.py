"""Form inputs shared by the ticket form and the ticket page: typed-text-safe selects and the link editor.

A person who types a new tag, watcher or hold reason and clicks Save without pressing Enter expects the text to be
kept, so the selects here remember what was typed and count it as chosen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from tickettracker.config import Config
from tickettracker.domain import workflow
from tickettracker.domain.validation import LinkIn, check_link


def keep_typed_text(select: ui.select) -> Callable[[], Any]:
    """Keep text typed into ``select`` but never confirmed with Enter; returns a getter for the value including it.

    Leaving the field turns the typed text into a chosen value at once (the person sees the chip appear): the
    browser clears the typed text right after the field loses focus, so waiting for Save would lose it.
    """
    pending = {"text": ""}
    multiple = bool(select.props.get("multiple"))

    def typed() -> str:
        return " ".join(pending["text"].split())

    def with_typed() -> Any:
        text = typed()
        if not text:
            return select.value
        # an existing option spelled differently (case) is that option, not a new one
        text = next((o for o in select.options if str(o).casefold() == text.casefold()), text)
        if not multiple:
            return text
        chosen = list(select.value or [])
        return chosen if text.casefold() in {str(v).casefold() for v in chosen} else [*chosen, text]

    def commit() -> None:
        value = with_typed()
        if value == select.value:
            return
        new = [v for v in (value if multiple else [value]) if v not in select.options]
        select.set_options([*select.options, *new], value=value)

    select.on("input-value", lambda e: pending.update(text=str(e.args or "")))
    select.on("blur", commit, [])
    # Picking an option or pressing Enter changes the value: the typed text was used, forget it.
    select.on_value_change(lambda _e: pending.update(text=""))
    return with_typed


def chips_select(
    label: str, options: list[str], value: list[str], hint: str
) -> tuple[ui.select, Callable[[], Any]]:
    """A multiple select shown as chips, offering ``options`` and accepting new entries (Enter, or just Save)."""
    select = (
        ui.select(
            sorted(set(options) | set(value), key=str.casefold),
            label=label,
            value=list(value),
            multiple=True,
            with_input=True,
            new_value_mode="add-unique",
        )
        .props("use-chips outlined")
        .classes("w-full")
    )
    select.props["hint"] = hint
    return select, keep_typed_text(select)


class LinkEditor:
    """Links as rows of URL + optional label; every URL is checked beside its own field (http, https, mailto)."""

    def __init__(self, links: list[LinkIn], *, title: str = "Links", empty_row: bool = True) -> None:
        self._rows: list[tuple[ui.row, ui.input, ui.input]] = []
        with ui.column().classes("w-full gap-1") as self.container:
            # the group carries the field's name (SPEC §14) for screen readers and tests
            self.container.props["role"] = "group"
            self.container.props["aria-label"] = title
            ui.label(title).classes("text-sm opacity-80")
            self._box = ui.column().classes("w-full gap-1")
            self._general = ui.label("").classes("text-negative text-sm")
            self._general.visible = False
            ui.button("Add link", icon="add_link", on_click=lambda: self.add_row()).props(
                "flat dense no-caps"
            )
        for link in links:
            self.add_row(link.url, link.label)
        if empty_row and not links:
            self.add_row()

    def add_row(self, url: str = "", label: str = "") -> None:
        with self._box, ui.row().classes("w-full gap-2 items-start no-wrap") as row:
            url_input = ui.input("Link URL", value=url).props("outlined dense").classes("grow")
            url_input.props["hint"] = "http, https or mailto"
            label_input = ui.input("Link label", value=label).props("outlined dense").classes("w-1/3")
            label_input.props["hint"] = "Optional"
            entry = (row, url_input, label_input)
            ui.button(icon="close", on_click=lambda: self._remove(entry)).props(
                'flat round dense aria-label="Remove link"'
            ).tooltip("Remove this link")
        url_input.on("blur", lambda: self._check(url_input))
        self._rows.append(entry)

    def _remove(self, entry: tuple[ui.row, ui.input, ui.input]) -> None:
        self._rows.remove(entry)
        entry[0].delete()

    @staticmethod
    def _check(url_input: ui.input) -> bool:
        url = (url_input.value or "").strip()
        url_input.error = check_link(url) if url else None
        return url_input.error is None

    @property
    def value(self) -> list[LinkIn]:
        """The links entered, skipping rows whose URL is empty."""
        return [
            LinkIn((u.value or "").strip(), (lbl.value or "").strip())
            for _row, u, lbl in self._rows
            if (u.value or "").strip()
        ]

    def validate(self) -> bool:
        """Check every URL now; problems are shown beside their field."""
        self._general.visible = False
        return all([self._check(u) for _row, u, _lbl in self._rows])

    def clear(self) -> None:
        for entry in list(self._rows):
            self._remove(entry)

    @property
    def error(self) -> str | None:
        return self._general.text if self._general.visible else None

    @error.setter
    def error(self, message: str | None) -> None:
        """A problem reported by the service: beside the URL it names when found, else under the group."""
        if message is None:
            self._general.visible = False
            for _row, u, _lbl in self._rows:
                u.error = None
            return
        for _row, u, _lbl in self._rows:
            url = (u.value or "").strip()
            prefix = f"{url[:80]!r}: "
            if url and message.startswith(prefix):
                u.error = message[len(prefix) :]
                return
        self._general.text, self._general.visible = message, True


def status_select(cfg: Config, options: list[str], value: str | None) -> ui.select:
    """The "Status" select, showing the chosen status by its icon as well as its name (never colour alone)."""
    select = ui.select(options, label="Status", value=value)
    with select.add_slot("prepend"):
        icon = ui.icon(workflow.look(cfg, value).icon if value else "help").props('aria-hidden="true"')
    select.on_value_change(lambda e: icon.set_name(workflow.look(cfg, e.value).icon if e.value else "help"))
    return select
