"""The original TicketTracker's ``config.json`` as this tracker's configuration (``import-original --with-config``).

What it meant is carried over, key by key: priorities, workflow (with status roles found by name), hold reasons,
the default author, the SLA limits the original actually used for each priority (its built-ins, legacy
``priority_open_days`` and duration lists resolved; see :mod:`tickettracker.config_compat`), every colour, the
clipboard sections and ``behavior.auto_return_to_list``. Its database, uploads, secret and demo settings are not:
this tracker keeps its own data folder.
"""

from __future__ import annotations

import re
from typing import Any

from tickettracker.config import SECTION_NAMES
from tickettracker.config_compat import (
    ORIGINAL_PRIORITY_COLORS,
    ROLES,
    day_values,
    guess_role,
    original_stage_days,
)

ORIGINAL_PRIORITIES = ["Low", "Medium", "High", "Critical"]
ORIGINAL_WORKFLOW = ["Open", "In Progress", "On Hold", "Resolved", "Closed", "Cancelled"]
ORIGINAL_HOLD_REASONS = [
    "Awaiting customer response",
    "Blocked by dependency",
    "Pending scheduled work",
    "Researching solution",
]
ORIGINAL_GRADIENT = {
    "stage0": "#bae6fd",
    "stage1": "#fde047",
    "stage2": "#fb923c",
    "stage3": "#ef4444",
    "overdue": "#7f1d1d",
}
ORIGINAL_STATUS_COLORS = {
    "on_hold": "#9c88ff",
    "resolved": "#2ed573",
    "closed": "#57606f",
    "cancelled": "#747d8c",
}
ORIGINAL_TAG_COLORS = {"background": "#2f3542", "text": "#f1f2f6"}
_HEX = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_ROLE_KEYS = {"hold": "on_hold", "resolved": "resolved", "closed": "closed", "cancelled": "cancelled"}


def hex_color(value: Any) -> str | None:
    """The original's colour normalisation (``#abc``/``abc``/``#aabbcc``), as lower-case ``#rrggbb``."""
    match = _HEX.match(str(value).strip()) if value is not None else None
    if not match:
        return None
    digits = match.group(1).lower()
    return "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits)


def _section(raw: Any, key: str) -> dict[str, Any]:
    value = raw.get(key) if isinstance(raw, dict) else None
    return value if isinstance(value, dict) else {}


def _list(raw: Any, default: list[str]) -> list[str]:
    if isinstance(raw, list):
        names = list(dict.fromkeys(str(s).strip() for s in raw if str(s or "").strip()))
        if names:
            return names
    return list(default)


def _sections(raw: Any) -> list[str]:
    values = raw if isinstance(raw, list) else []
    return list(dict.fromkeys(s for s in (str(v).strip().lower() for v in values) if s in SECTION_NAMES))


def convert_config(raw: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """(this tracker's configuration data, notes on what could not come across)."""
    notes: list[str] = []
    prios = _list(raw.get("priorities"), ORIGINAL_PRIORITIES)
    workflow = _list(raw.get("workflow"), ORIGINAL_WORKFLOW)
    sla, colors = _section(raw, "sla"), _section(raw, "colors")
    stage_days, open_days = _section(sla, "priority_stage_days"), _section(sla, "priority_open_days")
    due = sorted({d for d in day_values(sla.get("due_stage_days", [])) if d > 0}, reverse=True) or [
        28,
        21,
        14,
        7,
    ]
    roles = {role: guess_role(role, workflow) for role in ROLES}
    gradient, statuses = _section(colors, "gradient"), _section(colors, "statuses")
    palette = {str(k).strip().lower().replace(" ", "_"): v for k, v in statuses.items()}
    status_colors = {}
    for role, key in _ROLE_KEYS.items():
        status = roles[role]
        name = status.lower().replace(" ", "_") if status else key
        status_colors[key] = hex_color(palette.pop(name, None)) or ORIGINAL_STATUS_COLORS[key]
    for key in palette:
        notes.append(f"colors.statuses.{key}: this tracker colours statuses by role only; not carried over")
    prio_colors = {
        p: c
        for p in prios
        if (c := hex_color(_section(colors, "priorities").get(p)) or ORIGINAL_PRIORITY_COLORS.get(p))
    }
    tags = _section(colors, "tags")
    clip = _section(raw, "clipboard_summary")
    html = _sections(clip.get("html_sections")) or list(SECTION_NAMES)
    limit = clip.get("updates_limit", 1)
    data: dict[str, Any] = {
        "default_submitted_by": str(raw.get("default_submitted_by") or "Support Team").strip()[:100]
        or "Support Team",
        "priorities": prios,
        "hold_reasons": _list(raw.get("hold_reasons"), ORIGINAL_HOLD_REASONS),
        "workflow": workflow,
        "status_roles": roles,
        "sla": {
            "due_stage_days": due,
            "priority_stage_days": {p: original_stage_days(p, stage_days, open_days) for p in prios},
        },
        "colors": {
            "ticket_title": hex_color(colors.get("ticket_title")) or "#f8fafc",
            "gradient": {k: hex_color(gradient.get(k)) or v for k, v in ORIGINAL_GRADIENT.items()},
            "statuses": status_colors,
            "priorities": prio_colors,
            "tags": {k: hex_color(tags.get(k)) or v for k, v in ORIGINAL_TAG_COLORS.items()},
        },
        "clipboard_summary": {
            "html_sections": html,
            "text_sections": _sections(clip.get("text_sections")),
            "updates_limit": limit if isinstance(limit, int) and 0 <= limit <= 1000 else 1,
            "inline_styles": bool(clip.get("inline_styles", False)),
        },
        "behavior": {
            "auto_return_to_list": bool(_section(raw, "behavior").get("auto_return_to_list", False))
        },
    }
    for role, status in roles.items():
        if status is None:
            notes.append(f"status_roles.{role}: no status of the workflow fits; set it on the Settings page")
    return data, notes
