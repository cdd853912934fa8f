"""Pieces of the Settings form that need none of its state: labels, number lists, row buttons, the colour preview."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from tickettracker.config import SECTION_NAMES
from tickettracker.domain.colors import readable_text

MB = 1024 * 1024
ROLES = {
    "initial": "Initial status",
    "hold": "Hold status",
    "resolved": "Resolved status",
    "closed": "Closed status (terminal)",
    "cancelled": "Cancelled status (terminal)",
}
GRADIENT = {
    "stage0": "Stage 0 (far)",
    "stage1": "Stage 1",
    "stage2": "Stage 2",
    "stage3": "Stage 3 (near)",
    "overdue": "Overdue",
}
STATUS_COLORS = {"on_hold": "On hold", "resolved": "Resolved", "closed": "Closed", "cancelled": "Cancelled"}


def parse_days(text: str) -> list[int] | None:
    """ "28, 21, 14" → [28, 21, 14]; None when it is not a list of whole numbers."""
    parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    if not parts or not all(p.isdigit() for p in parts):
        return None
    return [int(p) for p in parts]


def days_text(days: list[int]) -> str:
    return ", ".join(str(d) for d in days)


def ordered_sections(chosen: list[str]) -> list[dict[str, Any]]:
    """{name, on} for every section: the chosen ones in their order, then the others."""
    return [{"name": n, "on": True} for n in chosen] + [
        {"name": n, "on": False} for n in SECTION_NAMES if n not in chosen
    ]


def row_buttons(
    items: list[Any],
    i: int,
    name: str,
    marker: str,
    redraw: Callable[[], None],
    removable: bool = True,
) -> None:
    """Move up / move down (and remove) buttons for row ``i`` of ``items``; ``redraw`` shows the change."""

    def move(delta: int) -> None:
        j = i + delta
        if 0 <= j < len(items):
            items[i], items[j] = items[j], items[i]
            redraw()

    def remove() -> None:
        del items[i]
        redraw()

    up = (
        ui.button(icon="arrow_upward", on_click=lambda: move(-1))
        .props("flat round dense")
        .mark(f"{marker}-up-{i}")
    )
    up.props["aria-label"] = f"Move {name} up"
    down = (
        ui.button(icon="arrow_downward", on_click=lambda: move(1))
        .props("flat round dense")
        .mark(f"{marker}-down-{i}")
    )
    down.props["aria-label"] = f"Move {name} down"
    if removable:
        rm = ui.button(icon="delete", on_click=remove).props("flat round dense").mark(f"{marker}-remove-{i}")
        rm.props["aria-label"] = f"Remove {name}"


def render_preview(box: ui.column, color: Callable[[str], str]) -> None:
    """Sample rows in the gradient, status and tag colours (``color`` gives a colour by its key)."""
    box.clear()
    title = color("ticket_title")
    samples = [(color(f"gradient.{k}"), f"Sample ticket · {label}") for k, label in GRADIENT.items()]
    samples += [(color(f"statuses.{k}"), f"Sample ticket · {label}") for k, label in STATUS_COLORS.items()]
    with box:
        with (
            ui.row()
            .classes("w-full gap-0 h-4 rounded overflow-hidden")
            .props('role="img" aria-label="Gradient preview"')
        ):
            for key in GRADIENT:
                ui.element("div").classes("grow h-4").style(f"background-color: {color(f'gradient.{key}')}")
        for bg, text in samples:
            with (
                ui.row()
                .classes("w-full items-center gap-2 px-2 py-1 rounded")
                .style(f"background-color: {bg}; color: {readable_text(bg, title)}")
            ):
                ui.label(text).classes("font-semibold")
                chip = ui.label("tag").classes("px-2 rounded text-xs")
                chip.style(f"background-color: {color('tags.background')}; color: {color('tags.text')}")


class ErrorLabels:
    """The form's problem labels by dotted key path; a problem shows in the label of its nearest key."""

    def __init__(self) -> None:
        self.labels: dict[str, ui.label] = {}

    def add(self, key: str) -> ui.label:
        """A hidden problem label for ``key``, here in the form."""
        label = ui.label("").classes("text-negative text-sm").props('role="alert"').mark(f"error:{key}")
        label.set_visibility(False)
        self.labels[key] = label
        return label

    def __setitem__(self, key: str, label: ui.label) -> None:
        self.labels[key] = label

    def show(self, problems: dict[str, str]) -> None:
        for label in self.labels.values():
            label.text = ""
            label.set_visibility(False)
        for path, message in problems.items():
            label = self._label_for(path)
            label.text = f"{label.text} {message}".strip() if label.text else message
            label.set_visibility(True)

    def _label_for(self, path: str) -> ui.label:
        parts = path.split(".")
        while parts:
            key = ".".join(parts)
            if key in self.labels:
                return self.labels[key]
            parts.pop()
        return self.labels["(general)"]


def getattr_path(obj: Any, path: str) -> str:
    for part in path.split("."):
        obj = getattr(obj, part)
    return str(obj)
