"""The configuration editor of the Settings page (SPEC §3, §11): every user-facing key, checked before saving.

The form keeps a draft in plain Python data; nothing reaches the file until the whole candidate configuration
validates. Problems are shown in a label beside the field they belong to (dotted key paths map to labels).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from nicegui import ui

from tickettracker.config import SECTION_NAMES, is_color
from tickettracker.configfile import editable_values
from tickettracker.domain.colors import readable_text
from tickettracker.services import settings as settings_service
from tickettracker.services.container import Services

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


class SettingsForm:
    """Build the editor inside the current UI context."""

    text_list: ui.column

    def __init__(self, ctx: Services, on_saved: Callable[[], None]) -> None:
        self.ctx = ctx
        self.on_saved = on_saved
        self.original = editable_values(ctx.cfg)
        v = copy.deepcopy(self.original)
        self.author: str = v["default_submitted_by"]
        self.priorities = [
            {
                "name": p,
                "color": v["colors.priorities"].get(p, ""),
                "days": days_text(ctx.cfg.stage_days_for(p)),
            }
            for p in v["priorities"]
        ]
        self.statuses: list[str] = list(v["workflow"])
        self.roles: dict[str, str] = dict(v["status_roles"])
        self.hold_reasons: list[str] = list(v["hold_reasons"])
        self.due_days = days_text(v["sla.due_stage_days"])
        self.colors: dict[str, str] = {"ticket_title": v["colors.ticket_title"]}
        self.colors |= {f"gradient.{k}": v["colors.gradient"][k] for k in GRADIENT}
        self.colors |= {f"statuses.{k}": v["colors.statuses"][k] for k in STATUS_COLORS}
        self.colors |= {f"tags.{k}": v["colors.tags"][k] for k in ("background", "text")}
        clip = v["clipboard_summary"]
        self.html_sections = ordered_sections(clip["html_sections"])
        self.text_same = not clip["text_sections"]
        self.text_sections = ordered_sections(clip["text_sections"] or clip["html_sections"])
        self.updates_limit = int(clip["updates_limit"])
        self.inline_styles = bool(clip["inline_styles"])
        self.max_mb = round(v["uploads.max_bytes"] / MB, 3)
        self.auto_return = bool(v["behavior.auto_return_to_list"])
        time_cfg = ctx.cfg.time
        self.zone, self.date_order = time_cfg.zone, time_cfg.date_order
        self.quiet_start, self.quiet_end = time_cfg.quiet_hours.start, time_cfg.quiet_hours.end
        self.errors: dict[str, ui.label] = {}
        self._build()

    # ----- layout ----------------------------------------------------------------------------------------
    def _build(self) -> None:
        with ui.card().classes("w-full"):
            ui.label("General").classes("text-lg font-semibold")
            with ui.row().classes("items-start gap-4"):
                with ui.column().classes("gap-0"):
                    ui.input("Default author", value=self.author).bind_value(self, "author").props(
                        "outlined dense"
                    ).mark("default_submitted_by")
                    self._error_label("default_submitted_by")
                with ui.column().classes("gap-0"):
                    ui.number("Upload size limit (MB)", value=self.max_mb, min=0.001, step=1).bind_value(
                        self, "max_mb"
                    ).props("outlined dense").mark("uploads.max_bytes")
                    self._error_label("uploads.max_bytes")
                ui.switch("Go back to the list after saving a ticket", value=self.auto_return).bind_value(
                    self, "auto_return"
                ).mark("behavior.auto_return_to_list")
        with ui.card().classes("w-full"):
            ui.label("Priorities (lowest first)").classes("text-lg font-semibold")
            ui.label(
                "Each priority has an accent colour and its backlog stages: active days, ascending, "
                "after which a ticket without a due date moves to the next colour (past the last: overdue)."
            ).classes("text-sm opacity-80")
            self.errors["colors.priorities"] = self.errors["sla.priority_stage_days"] = self._error_label(
                "priorities"
            )
            self.priority_list = ui.column().classes("w-full gap-1")
            self._render_priorities()
            self._adder("New priority", "Add priority", self._add_priority, "add-priority")
        with ui.card().classes("w-full"):
            ui.label("Workflow statuses (in order) and their roles").classes("text-lg font-semibold")
            self._error_label("workflow")
            self.status_list = ui.column().classes("w-full gap-1")
            self._render_statuses()
            self._adder("New status", "Add status", self._add_status, "add-status")
            self.role_row = ui.row().classes("items-start gap-3")
            self._render_roles()
        with ui.card().classes("w-full"):
            ui.label("Hold reasons").classes("text-lg font-semibold")
            self._error_label("hold_reasons")
            self.reason_list = ui.column().classes("w-full gap-1")
            self._render_reasons()
            self._adder("New hold reason", "Add hold reason", self._add_reason, "add-reason")
        with ui.card().classes("w-full"):
            ui.label("SLA and colours").classes("text-lg font-semibold")
            with ui.column().classes("gap-0"):
                ui.input("Due stages (days before due)", value=self.due_days).bind_value(
                    self, "due_days"
                ).props("outlined dense").classes("min-w-[18rem]").mark("sla.due_stage_days").on_value_change(
                    self._render_preview
                )
                self._error_label("sla.due_stage_days")
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
        with ui.card().classes("w-full"):
            ui.label("Clipboard summary").classes("text-lg font-semibold")
            with ui.row().classes("items-start gap-8"):
                with ui.column().classes("gap-1"):
                    ui.label("HTML sections (checked, in order)").classes("font-semibold")
                    self.html_list = ui.column().classes("gap-0")
                    self._render_sections(self.html_list, self.html_sections, "html")
                    self._error_label("clipboard_summary.html_sections")
                with ui.column().classes("gap-1"):
                    ui.label("Plain-text sections").classes("font-semibold")
                    ui.checkbox("Same as HTML", value=self.text_same).bind_value(self, "text_same").mark(
                        "text-same"
                    ).on_value_change(
                        lambda: self._render_sections(self.text_list, self.text_sections, "text")
                    )
                    self.text_list = ui.column().classes("gap-0")
                    self._render_sections(self.text_list, self.text_sections, "text")
                    self._error_label("clipboard_summary.text_sections")
                with ui.column().classes("gap-1"):
                    ui.number(
                        "Updates in the summary", value=self.updates_limit, min=0, max=1000, precision=0
                    ).bind_value(self, "updates_limit").props("outlined dense").mark(
                        "clipboard_summary.updates_limit"
                    )
                    self._error_label("clipboard_summary.updates_limit")
                    ui.checkbox("Inline styles in HTML (for e-mail)", value=self.inline_styles).bind_value(
                        self, "inline_styles"
                    ).mark("clipboard_summary.inline_styles")
        self._time_card()
        with ui.row().classes("items-center gap-3"):
            ui.button("Save settings", icon="save", on_click=self.save).props("color=primary unelevated")
            self._error_label("(general)")

    def _time_card(self) -> None:
        with ui.card().classes("w-full"):
            ui.label("Time and reminders").classes("text-lg font-semibold")
            with ui.row().classes("items-start gap-4"):
                with ui.column().classes("gap-0"):
                    ui.input("Time zone", placeholder="this computer's").bind_value(self, "zone").props(
                        'outlined dense hint="An IANA name such as Europe/Berlin; empty: this computer\'s"'
                    ).classes("w-72")
                    self._error_label("time.zone")
                orders = {"": "From the system locale", "DMY": "Day first (31/12)", "MDY": "Month first (12/31)",
                          "YMD": "Year first (2026-12-31)"}  # fmt: skip
                ui.select(orders, label="Dates typed as numbers").bind_value(self, "date_order").props(
                    "outlined dense"
                ).classes("w-64")
                with ui.column().classes("gap-0"):
                    with ui.row().classes("gap-2"):
                        ui.input("Quiet hours start", placeholder="22:00").bind_value(
                            self, "quiet_start"
                        ).props("outlined dense").classes("w-40")
                        ui.input("Quiet hours end", placeholder="07:00").bind_value(self, "quiet_end").props(
                            "outlined dense"
                        ).classes("w-40")
                    ui.label("Reminders wait in the list and pop up when quiet hours end.").classes(
                        "text-sm opacity-80"
                    )
                    self._error_label("time.quiet_hours")

    def _error_label(self, key: str) -> ui.label:
        label = ui.label("").classes("text-negative text-sm").props('role="alert"').mark(f"error:{key}")
        label.set_visibility(False)
        self.errors[key] = label
        return label

    def _adder(self, label: str, button: str, on_add: Callable[[str], str | None], marker: str) -> None:
        with ui.row().classes("items-start gap-2"):
            with ui.column().classes("gap-0"):
                field = ui.input(label).props("outlined dense").mark(marker)
                problem = self._error_label(marker)

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
            self._error_label(f"colors.{key}")

    def _row_buttons(
        self,
        items: list[Any],
        i: int,
        name: str,
        marker: str,
        redraw: Callable[[], None],
        removable: bool = True,
    ) -> None:
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
            rm = (
                ui.button(icon="delete", on_click=remove)
                .props("flat round dense")
                .mark(f"{marker}-remove-{i}")
            )
            rm.props["aria-label"] = f"Remove {name}"

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
                    self._row_buttons(self.priorities, i, row["name"], "priority", self._render_priorities)
                    label = self._error_label(f"priority:{row['name']}")
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
                    self._row_buttons(self.statuses, i, name, "status", self._statuses_changed)

    def _rename_status(self, i: int, new: str, redraw: bool = True) -> None:
        old = self.statuses[i]
        self.statuses[i] = new
        for role, status in self.roles.items():
            if status == old:
                self.roles[role] = new
        if redraw:
            self._render_roles()

    def _statuses_changed(self) -> None:
        self._render_statuses()
        self._render_roles()

    def _add_status(self, name: str) -> str | None:
        if any(s.casefold() == name.casefold() for s in self.statuses):
            return f"{name} is already a status"
        self.statuses.append(name)
        self._statuses_changed()
        return None

    def _render_roles(self) -> None:
        self.role_row.clear()
        with self.role_row:
            for role, label in ROLES.items():
                with ui.column().classes("gap-0"):
                    options = list(dict.fromkeys([*self.statuses, self.roles[role]]))
                    ui.select(options, label=label, value=self.roles[role]).bind_value(
                        self.roles, role
                    ).props("outlined dense").classes("min-w-[11rem]").mark(f"status_roles.{role}")
                    self._error_label(f"status_roles.{role}")

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
                    self._row_buttons(self.hold_reasons, i, reason, "reason", self._render_reasons)

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
                    self._row_buttons(
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
        self.preview.clear()
        title = self._color("ticket_title")
        samples = [
            (self._color(f"gradient.{k}"), f"Sample ticket · {label}") for k, label in GRADIENT.items()
        ]
        samples += [
            (self._color(f"statuses.{k}"), f"Sample ticket · {label}") for k, label in STATUS_COLORS.items()
        ]
        with self.preview:
            with (
                ui.row()
                .classes("w-full gap-0 h-4 rounded overflow-hidden")
                .props('aria-label="Gradient preview"')
            ):
                for key in GRADIENT:
                    ui.element("div").classes("grow h-4").style(
                        f"background-color: {self._color(f'gradient.{key}')}"
                    )
            for bg, text in samples:
                with (
                    ui.row()
                    .classes("w-full items-center gap-2 px-2 py-1 rounded")
                    .style(f"background-color: {bg}; color: {readable_text(bg, title)}")
                ):
                    ui.label(text).classes("font-semibold")
                    chip = ui.label("tag").classes("px-2 rounded text-xs")
                    chip.style(
                        f"background-color: {self._color('tags.background')}; color: {self._color('tags.text')}"
                    )

    # ----- saving ----------------------------------------------------------------------------------------
    def values(self) -> tuple[dict[str, Any], dict[str, str]]:
        """The edited values by dotted key path, and the problems found before the configuration model runs."""
        found: dict[str, str] = {}
        names = [" ".join(p["name"].split()) for p in self.priorities]
        stage_days: dict[str, list[int]] = {}
        for row, name in zip(self.priorities, names, strict=True):
            days = parse_days(row["days"])
            if days is None:
                found[f"sla.priority_stage_days.{name}"] = "Backlog stages: whole numbers separated by commas"
            else:
                stage_days[name] = days
        due = parse_days(self.due_days)
        if due is None:
            found["sla.due_stage_days"] = "Whole numbers of days separated by commas, e.g. 28, 21, 14, 7"
        if self.max_mb is None or float(self.max_mb) <= 0:
            found["uploads.max_bytes"] = "Give a size above 0 MB"
        if self.updates_limit is None:
            found["clipboard_summary.updates_limit"] = "Give a number from 0 to 1000"
        same_mb = self.max_mb == round(self.original["uploads.max_bytes"] / MB, 3)
        max_bytes = self.original["uploads.max_bytes"] if same_mb else round(float(self.max_mb or 0) * MB)
        gradient = {k: self.colors[f"gradient.{k}"].strip() for k in GRADIENT}
        statuses = {k: self.colors[f"statuses.{k}"].strip() for k in STATUS_COLORS}
        tags = {k: self.colors[f"tags.{k}"].strip() for k in ("background", "text")}
        html = [s["name"] for s in self.html_sections if s["on"]]
        values = {
            "default_submitted_by": " ".join((self.author or "").split()),
            "priorities": names,
            "hold_reasons": [" ".join(r.split()) for r in self.hold_reasons if r.strip()],
            "workflow": [" ".join(s.split()) for s in self.statuses],
            "status_roles": dict(self.roles),
            "sla.due_stage_days": due or [],
            "sla.priority_stage_days": stage_days,
            "colors.ticket_title": self.colors["ticket_title"].strip(),
            "colors.gradient": gradient,
            "colors.statuses": statuses,
            "colors.priorities": {
                n: p["color"].strip() for n, p in zip(names, self.priorities, strict=True) if p["color"]
            },
            "colors.tags": tags,
            "clipboard_summary": {
                "html_sections": html,
                "text_sections": [] if self.text_same else [s["name"] for s in self.text_sections if s["on"]],
                "updates_limit": int(self.updates_limit or 0),
                "inline_styles": bool(self.inline_styles),
            },
            "uploads.max_bytes": max_bytes,
            "behavior.auto_return_to_list": bool(self.auto_return),
            "time.zone": (self.zone or "").strip(),
            "time.date_order": self.date_order or "",
            "time.quiet_hours": {
                "start": (self.quiet_start or "").strip(),
                "end": (self.quiet_end or "").strip(),
            },
        }
        return values, found

    def show(self, problems: dict[str, str]) -> None:
        for label in self.errors.values():
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
            if key in self.errors:
                return self.errors[key]
            parts.pop()
        return self.errors["(general)"]

    def save(self) -> None:
        # Saving redraws every settings view (this one included), so notify through the client, not this form.
        client = ui.context.client
        values, found = self.values()
        if not found:
            found = settings_service.save_settings(self.ctx, values)
        if found:
            self.show(found)
            with client:
                ui.notify("Nothing saved: fix the fields marked in red", type="warning")
            return
        with client:
            ui.notify("Settings saved and applied", type="positive")
        self.on_saved()


def getattr_path(obj: Any, path: str) -> str:
    for part in path.split("."):
        obj = getattr(obj, part)
    return str(obj)
