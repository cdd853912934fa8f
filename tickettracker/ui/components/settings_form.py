"""The configuration editor of the Settings page (SPEC §3, §11): every user-facing key, checked before saving.

The form keeps a draft in plain Python data; nothing reaches the file until the whole candidate configuration
validates. Problems are shown in a label beside the field they belong to (dotted key paths map to labels).

Longer than ~300 lines on purpose: the form's sections share one draft and one save; the sections' parts
already live apart.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from tickettracker.config import is_color
from tickettracker.services import settings as settings_service
from tickettracker.services.container import Services
from tickettracker.ui.announce import notify
from tickettracker.ui.components.settings_draft import SettingsDraft
from tickettracker.ui.components.settings_parts import (
    GRADIENT,
    ROLES,
    STATUS_COLORS,
    ErrorLabels,
    getattr_path,
    render_preview,
    row_buttons,
)
from tickettracker.ui.components.settings_time import time_card


class SettingsForm(SettingsDraft):
    """Build the editor of a :class:`SettingsDraft` inside the current UI context."""

    text_list: ui.column

    def __init__(self, ctx: Services, on_saved: Callable[[], None]) -> None:
        super().__init__(ctx)
        self.on_saved = on_saved
        self.errors = ErrorLabels()
        self._build()

    # ----- layout ----------------------------------------------------------------------------------------
    def _build(self) -> None:
        self._general_card()
        self._priorities_card()
        self._workflow_card()
        self._reasons_card()
        self._colors_card()
        self._clipboard_card()
        time_card(self)
        with ui.row().classes("items-center gap-3"):
            ui.button("Save settings", icon="save", on_click=self.save).props("color=primary unelevated")
            self.errors.add("(general)")

    def _general_card(self) -> None:
        with ui.card().classes("w-full"):
            ui.label("General").classes("text-lg font-semibold")
            with ui.row().classes("items-start gap-4"):
                with ui.column().classes("gap-0"):
                    ui.input("Default author", value=self.author).bind_value(self, "author").props(
                        "outlined dense"
                    ).mark("default_submitted_by")
                    self.errors.add("default_submitted_by")
                with ui.column().classes("gap-0"):
                    ui.number("Upload size limit (MB)", value=self.max_mb, min=0.001, step=1).bind_value(
                        self, "max_mb"
                    ).props("outlined dense").mark("uploads.max_bytes")
                    self.errors.add("uploads.max_bytes")
                ui.switch("Go back to the list after saving a ticket", value=self.auto_return).bind_value(
                    self, "auto_return"
                ).mark("behavior.auto_return_to_list")

    def _priorities_card(self) -> None:
        with ui.card().classes("w-full"):
            ui.label("Priorities (lowest first)").classes("text-lg font-semibold")
            ui.label(
                "Each priority has an accent colour and its backlog stages: active days, ascending, "
                "after which a ticket without a due date moves to the next colour (past the last: overdue)."
            ).classes("text-sm opacity-80")
            self.errors["colors.priorities"] = self.errors["sla.priority_stage_days"] = self.errors.add(
                "priorities"
            )
            self.priority_list = ui.column().classes("w-full gap-1")
            self._render_priorities()
            self._adder("New priority", "Add priority", self._add_priority, "add-priority")

    def _workflow_card(self) -> None:
        with ui.card().classes("w-full"):
            ui.label("Workflow statuses (in order) and their roles").classes("text-lg font-semibold")
            self.errors.add("workflow")
            self.status_list = ui.column().classes("w-full gap-1")
            self._render_statuses()
            self._adder("New status", "Add status", self._add_status, "add-status")
            self.role_row = ui.row().classes("items-start gap-3")
            self._render_roles()

    def _reasons_card(self) -> None:
        with ui.card().classes("w-full"):
            ui.label("Hold reasons").classes("text-lg font-semibold")
            self.errors.add("hold_reasons")
            self.reason_list = ui.column().classes("w-full gap-1")
            self._render_reasons()
            self._adder("New hold reason", "Add hold reason", self._add_reason, "add-reason")

    def _colors_card(self) -> None:
        with ui.card().classes("w-full"):
            ui.label("SLA and colours").classes("text-lg font-semibold")
            with ui.column().classes("gap-0"):
                ui.input("Due stages (days before due)", value=self.due_days).bind_value(
                    self, "due_days"
                ).props("outlined dense").classes("min-w-[18rem]").mark("sla.due_stage_days").on_value_change(
                    self._render_preview
                )
                self.errors.add("sla.due_stage_days")
            with ui.row().classes("items-start gap-3"):
                self._color_input("ticket_title", "Ticket title")
                for key, label in GRADIENT.items():
                    self._color_input(f"gradient.{key}", label)
            with ui.row().classes("items-start gap-3"):
                for key, label in STATUS_COLORS.items():
                    self._color_input(f"statuses.{key}", label)
                self._color_input("tags.background", "Tag background")
                self._color_input("tags.text", "Tag text")
            ui.label("Preview").classes("font-semibold mt-2")
            self.preview = ui.column().classes("w-full gap-1")
            self._render_preview()

    def _clipboard_card(self) -> None:
        with ui.card().classes("w-full"):
            ui.label("Clipboard summary").classes("text-lg font-semibold")
            with ui.row().classes("items-start gap-8"):
                with ui.column().classes("gap-1"):
                    ui.label("HTML sections (checked, in order)").classes("font-semibold")
                    self.html_list = ui.column().classes("gap-0")
                    self._render_sections(self.html_list, self.html_sections, "html")
                    self.errors.add("clipboard_summary.html_sections")
                with ui.column().classes("gap-1"):
                    ui.label("Plain-text sections").classes("font-semibold")
                    ui.checkbox("Same as HTML", value=self.text_same).bind_value(self, "text_same").mark(
                        "text-same"
                    ).on_value_change(
                        lambda: self._render_sections(self.text_list, self.text_sections, "text")
                    )
                    self.text_list = ui.column().classes("gap-0")
                    self._render_sections(self.text_list, self.text_sections, "text")
                    self.errors.add("clipboard_summary.text_sections")
                with ui.column().classes("gap-1"):
                    ui.number(
                        "Updates in the summary", value=self.updates_limit, min=0, max=1000, precision=0
                    ).bind_value(self, "updates_limit").props("outlined dense").mark(
                        "clipboard_summary.updates_limit"
                    )
                    self.errors.add("clipboard_summary.updates_limit")
                    ui.checkbox("Inline styles in HTML (for e-mail)", value=self.inline_styles).bind_value(
                        self, "inline_styles"
                    ).mark("clipboard_summary.inline_styles")

    def _adder(self, label: str, button: str, on_add: Callable[[str], str | None], marker: str) -> None:
        with ui.row().classes("items-start gap-2"):
            with ui.column().classes("gap-0"):
                field = ui.input(label).props("outlined dense").mark(marker)
                problem = self.errors.add(marker)

            def add() -> None:
                text = " ".join((field.value or "").split())
                reason = on_add(text) if text else "Type a name first"
                problem.text = reason or ""
                problem.set_visibility(bool(reason))
                if not reason:
                    field.value = ""

            ui.button(button, icon="add", on_click=add).props("flat")

    def _color_input(self, key: str, label: str) -> None:
        with ui.column().classes("gap-0"):
            ui.color_input(label, value=self.colors[key]).bind_value(self.colors, key).classes("w-40").mark(
                f"colors.{key}"
            ).on_value_change(self._render_preview)
            self.errors.add(f"colors.{key}")

    # ----- lists -----------------------------------------------------------------------------------------
    def _render_priorities(self) -> None:
        self.priority_list.clear()
        with self.priority_list:
            for i, row in enumerate(self.priorities):
                with ui.row().classes("items-start gap-2 w-full"):
                    ui.input("Name", value=row["name"]).bind_value(row, "name").props("outlined dense").mark(
                        f"priority-name-{i}"
                    )
                    ui.color_input("Colour", value=row["color"]).bind_value(row, "color").classes(
                        "w-36"
                    ).mark(f"priority-color-{i}")
                    ui.input("Backlog stages (days)", value=row["days"]).bind_value(row, "days").props(
                        "outlined dense"
                    ).mark(f"priority-days-{i}")
                    row_buttons(self.priorities, i, row["name"], "priority", self._render_priorities)
                    label = self.errors.add(f"priority:{row['name']}")
                    self.errors[f"sla.priority_stage_days.{row['name']}"] = label
                    self.errors[f"colors.priorities.{row['name']}"] = label

    def _add_priority(self, name: str) -> str | None:
        if any(p["name"].casefold() == name.casefold() for p in self.priorities):
            return f"{name} is already a priority"
        last = self.priorities[-1]["days"] if self.priorities else "7, 14, 21, 30"
        self.priorities.append({"name": name, "color": "#64748b", "days": last})
        self._render_priorities()
        return None

    def _render_statuses(self) -> None:
        self.status_list.clear()
        with self.status_list:
            for i, name in enumerate(self.statuses):
                with ui.row().classes("items-center gap-2"):
                    field = ui.input("Status", value=name).props("outlined dense").mark(f"status-name-{i}")
                    field.on("blur", lambda e, i=i, f=field: self._rename_status(i, f.value or ""))
                    field.on_value_change(lambda e, i=i: self._rename_status(i, e.value or "", redraw=False))
                    row_buttons(self.statuses, i, name, "status", self._statuses_changed)

    def _rename_status(self, i: int, new: str, redraw: bool = True) -> None:
        old = self.statuses[i]
        self.statuses[i] = new
        for role, status in self.roles.items():
            if status == old:
                self.roles[role] = new
        if redraw:
            self._render_roles()
        else:  # while typing: the role pickers follow the name without being rebuilt (focus stays in the field)
            for role, picker in self.role_pickers.items():
                picker.set_options(self._role_options(role), value=self.roles[role])

    def _statuses_changed(self) -> None:
        self._render_statuses()
        self._render_roles()

    def _add_status(self, name: str) -> str | None:
        if any(s.casefold() == name.casefold() for s in self.statuses):
            return f"{name} is already a status"
        self.statuses.append(name)
        self._statuses_changed()
        return None

    def _role_options(self, role: str) -> list[str]:
        return [s for s in dict.fromkeys([*self.statuses, self.roles[role]]) if s]

    def _render_roles(self) -> None:
        self.role_pickers: dict[str, ui.select] = {}
        self.role_row.clear()
        with self.role_row:
            for role, label in ROLES.items():
                with ui.column().classes("gap-0"):
                    # one way (picker → roles): a rename writes the roles, and the picker is then told the new name
                    picker = ui.select(
                        self._role_options(role),
                        label=label,
                        value=self.roles[role],
                        clearable=role != "initial",
                        on_change=lambda e, role=role: self.roles.__setitem__(role, e.value),
                    )
                    picker.props("outlined dense").classes("min-w-[11rem]").mark(f"status_roles.{role}")
                    self.role_pickers[role] = picker
                    self.errors.add(f"status_roles.{role}")

    def _render_reasons(self) -> None:
        self.reason_list.clear()
        with self.reason_list:
            for i, reason in enumerate(self.hold_reasons):
                with ui.row().classes("items-center gap-2"):
                    ui.input("Hold reason", value=reason).props("outlined dense").classes(
                        "min-w-[20rem]"
                    ).mark(f"reason-{i}").on_value_change(
                        lambda e, i=i: self.hold_reasons.__setitem__(i, e.value or "")
                    )
                    row_buttons(self.hold_reasons, i, reason, "reason", self._render_reasons)

    def _add_reason(self, text: str) -> str | None:
        if text in self.hold_reasons:
            return "That reason is already listed"
        self.hold_reasons.append(text)
        self._render_reasons()
        return None

    def _render_sections(self, box: ui.column, sections: list[dict[str, Any]], kind: str) -> None:
        box.clear()
        if kind == "text" and self.text_same:
            return
        with box:
            for i, item in enumerate(sections):
                with ui.row().classes("items-center gap-1 no-wrap"):
                    ui.checkbox(item["name"], value=item["on"]).bind_value(item, "on").mark(
                        f"{kind}-section-{item['name']}"
                    )
                    row_buttons(
                        sections,
                        i,
                        item["name"],
                        f"{kind}-section",
                        lambda: self._render_sections(box, sections, kind),
                        removable=False,  # unchecking leaves a section out; the list always names them all
                    )

    # ----- preview ---------------------------------------------------------------------------------------
    def _color(self, key: str) -> str:
        value = self.colors.get(key) or ""
        return value if is_color(value) else getattr_path(self.ctx.cfg.colors, key)

    def _render_preview(self) -> None:
        render_preview(self.preview, self._color)

    # ----- saving ----------------------------------------------------------------------------------------
    def save(self) -> None:
        # Saving redraws every settings view (this one included), so notify through the client, not this form.
        client = ui.context.client
        values, found = self.values()
        if not found:
            found = settings_service.save_settings(self.ctx, values)
        if found:
            self.errors.show(found)
            with client:
                ui.notify("Nothing saved: fix the fields marked in red", type="warning")
            return
        with client:
            notify("Settings saved and applied", type="positive")
            if self.ctx.cfg.behavior.auto_return_to_list:
                ui.navigate.to("/")  # as the original did after saving settings
        self.on_saved()
