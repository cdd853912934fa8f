"""The Settings form's draft: the editable configuration as plain Python data, and the values it saves.

The form (``settings_form.SettingsForm``) edits these attributes through its controls; nothing reaches the file
until the whole candidate configuration validates.
"""

from __future__ import annotations

import copy
from typing import Any

from tickettracker.configfile import editable_values
from tickettracker.services.container import Services
from tickettracker.ui.components.settings_parts import (
    GRADIENT,
    MB,
    STATUS_COLORS,
    days_text,
    ordered_sections,
    parse_days,
)


class SettingsDraft:
    """The values being edited, read from the configuration in use."""

    def __init__(self, ctx: Services) -> None:
        self.ctx = ctx
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
        self.roles: dict[str, str | None] = dict(v["status_roles"])  # a role may be empty (no hold status)
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
        self.desktop_notifications = time_cfg.desktop_notifications

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
            "time.desktop_notifications": bool(self.desktop_notifications),
        }
        return values, found
