"""Bulk edits on the dashboard: select rows (checkbox, `x`, Shift for a range, "select all N matching"), then change
status, priority or tags, or move to the trash: one confirmation, every ticket logged, one Undo for the batch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from tickettracker.errors import TicketTrackerError
from tickettracker.services.container import Services
from tickettracker.services.power import BulkResult
from tickettracker.ui import identity
from tickettracker.ui.announce import notify
from tickettracker.ui.components.dashboard.state import DashboardState
from tickettracker.ui.components.dialogs import apply_buttons, form_dialog, open_once
from tickettracker.ui.components.status_picker import StatusPicker
from tickettracker.ui.errors import message


class Bulk:
    """The selection and the bulk bar; ``on_marks_changed`` redraws the rows' selection marks."""

    def __init__(
        self, services: Services, state: DashboardState, on_marks_changed: Callable[[], None]
    ) -> None:
        self.services = services
        self.service = services.power
        self.state = state
        self.on_marks_changed = on_marks_changed
        self.selected: list[int] = []
        self.all_matching = False
        self.anchor: int | None = None
        self.last: BulkResult | None = None

    # ----- building ----------------------------------------------------------------------------------
    def bar(self) -> None:
        with ui.row().classes("w-full items-center gap-2 tt-bulk-bar") as self.row:
            self.count_label = ui.label("").classes("font-semibold").props('aria-live="polite"')
            self.all_button = ui.button("", icon="select_all", on_click=self.select_all_matching).props(
                "flat dense"
            )
            ui.button("Select page", icon="check_box", on_click=self.select_page).props("flat dense")
            ui.button("Clear selection", icon="deselect", on_click=self.clear).props("flat dense")
            ui.button(
                "Change status", icon="swap_horiz", on_click=lambda: self.status_dialog(self.ids())
            ).props("dense color=primary")
            ui.button("Change priority", icon="priority_high", on_click=self.priority_dialog).props("dense")
            ui.button("Edit tags", icon="sell", on_click=self.tags_dialog).props("dense")
            ui.button("Delete", icon="delete", on_click=self.delete_dialog).props("dense flat color=negative")
        with ui.row().classes("w-full items-center gap-2 tt-undo-bar") as self.undo_row:
            self.undo_label = ui.label("").props('aria-live="polite"')
            ui.button("Undo", icon="undo", on_click=self.undo).props("dense flat color=primary")
        self.undo_row.visible = False
        self._update_bar()

    def bind_table(self, table: ui.table) -> None:
        """Follow the rows' selection checkboxes."""
        table.on("select_row", self._on_select)

    # ----- selecting ---------------------------------------------------------------------------------
    def _on_select(self, e: Any) -> None:
        args = e.args if isinstance(e.args, dict) else {}
        if isinstance(args.get("id"), int):
            self.toggle(args["id"], bool(args.get("shift")))

    def toggle(self, ticket_id: int, shift: bool = False) -> None:
        rows = self.state.row_ids
        if self.all_matching:  # leaving "all matching": keep the page's rows, as they were shown selected
            self.all_matching, self.selected = False, list(rows)
        if shift and self.anchor in rows and ticket_id in rows:
            a, b = sorted((rows.index(self.anchor), rows.index(ticket_id)))
            self.selected += [i for i in rows[a : b + 1] if i not in self.selected]
        elif ticket_id in self.selected:
            self.selected.remove(ticket_id)
        else:
            self.selected.append(ticket_id)
        self.anchor = ticket_id
        self._changed()

    def toggle_cursor(self, shift: bool = False) -> None:
        tid = self.state.cursor_id()
        if tid is not None:
            self.toggle(tid, shift)

    def select_page(self) -> None:
        self.selected += [i for i in self.state.row_ids if i not in self.selected]
        self._changed()

    def select_all_matching(self) -> None:
        self.all_matching = True
        self._changed()

    def clear(self) -> None:
        self.selected, self.all_matching, self.anchor = [], False, None
        self._changed()

    def ids(self) -> list[int]:
        return self.service.matching_ids(self.state.parsed) if self.all_matching else list(self.selected)

    def count(self) -> int:
        return self.state.total if self.all_matching else len(self.selected)

    def _changed(self) -> None:
        self._update_bar()
        self.on_marks_changed()

    def _update_bar(self) -> None:
        if not hasattr(self, "row"):
            return
        n = self.count()
        self.row.visible = n > 0
        self.count_label.text = (
            f"All {n:,} matching tickets selected" if self.all_matching else f"{n:,} selected"
        )
        total = self.state.total
        self.all_button.visible = not self.all_matching and total > n
        self.all_button.text = f"Select all {total:,} matching"

    # ----- acting ------------------------------------------------------------------------------------
    def status_dialog(self, ids: list[int]) -> None:
        if not ids:
            return
        cfg = self.services.cfg
        with form_dialog(self._title("Change the status of", ids)) as dialog:
            picker = StatusPicker(cfg, list(cfg.workflow), status=None)

            def apply() -> None:
                if not picker.status.value:
                    picker.status.error = "Pick a status"
                    return
                self._run(
                    dialog,
                    picker.hold,
                    lambda: self.service.bulk_status(
                        ids, picker.status.value, hold_reason=picker.hold_reason, author=identity.author()
                    ),
                )

            apply_buttons(dialog, "Apply", apply)

    def priority_dialog(self) -> None:
        ids = self.ids()
        with form_dialog(self._title("Change the priority of", ids)) as dialog:
            priority = ui.select(self.services.cfg.priorities, label="Priority").classes("w-full")

            def apply() -> None:
                if not priority.value:
                    priority.error = "Pick a priority"
                    return
                self._run(
                    dialog,
                    priority,
                    lambda: self.service.bulk_priority(ids, priority.value, author=identity.author()),
                )

            apply_buttons(dialog, "Apply", apply)

    def tags_dialog(self) -> None:
        ids = self.ids()
        known = self.services.tickets.all_tags()
        with form_dialog(self._title("Edit the tags of", ids)) as dialog:
            add = (
                ui.select(
                    known, label="Add tags", multiple=True, with_input=True, new_value_mode="add-unique"
                )
                .props("use-chips")
                .classes("w-full")
            )
            remove = ui.select(known, label="Remove tags", multiple=True).props("use-chips").classes("w-full")

            def apply() -> None:
                if not add.value and not remove.value:
                    add.error = "Pick tags to add or remove"
                    return
                self._run(
                    dialog,
                    add,
                    lambda: self.service.bulk_tags(
                        ids, add=add.value, remove=remove.value, author=identity.author()
                    ),
                )

            apply_buttons(dialog, "Apply", apply)

    def delete_dialog(self) -> None:
        ids = self.ids()
        question = f"{self._title('Move', ids)} to the trash? You can undo this right after."
        with ui.dialog() as dialog, ui.card():
            ui.label(question)
            note = ui.label("").classes("text-negative")
            apply_buttons(
                dialog,
                "Move to trash",
                lambda: self._run(
                    dialog, note, lambda: self.service.bulk_delete(ids, author=identity.author())
                ),
            )
        dialog.props["aria-label"] = question
        open_once(dialog)

    def _title(self, verb: str, ids: list[int]) -> str:
        if len(ids) == 1:
            return f"{verb} ticket #{ids[0]}"
        return f"{verb} {len(ids):,} tickets"

    def _run(self, dialog: ui.dialog, error_on: Any, action: Callable[[], BulkResult]) -> None:
        try:
            result = action()
        except TicketTrackerError as e:
            if isinstance(error_on, ui.label):
                error_on.text = message(e)
            else:
                error_on.error = message(e)
            return
        dialog.close()
        self.last = result
        skipped = "".join(f"\n#{tid}: {why}" for tid, why in list(result.skipped.items())[:5])
        ui.notify(result.summary + skipped, type="positive" if result.changed else "warning", multi_line=True)
        self.undo_label.text = result.summary
        self.undo_row.visible = bool(result.changed)
        self.clear()

    def undo(self) -> None:
        if self.last is None:
            return
        result = self.service.undo(self.last, author=identity.author())
        self.last = None
        self.undo_row.visible = False
        notify(result.summary, type="positive")
