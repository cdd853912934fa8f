"""Configuration files written for another list of priorities or statuses, and the original TicketTracker's files.

:func:`fill_in` runs on the decoded JSON before validation. When a file names its own ``priorities`` or
``workflow`` but not everything that depends on them, the built-in defaults that name a priority or status the
file does not have fall away, and what is missing is filled in (and listed in one warning):
- ``sla.priority_stage_days``: the built-in list for that name; else what the original TicketTracker derived: its
  built-in list for the name (Low, Medium, High, Critical), or [7, 14, 21, 28];
- ``colors.priorities``: the built-in colour for that name, else the original's; otherwise the neutral fallback;
- ``status_roles``: the built-in status name when the workflow has it, else a status whose name says the role
  ("Waiting" → hold, "Done" → resolved), the first status for ``initial``; a role no status fits is left empty.
The original's legacy ``sla.priority_open_days`` is converted as the original did (see :func:`original_stage_days`).
"""

from __future__ import annotations

import copy
import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

ROLES = ("initial", "hold", "resolved", "closed", "cancelled")
ORIGINAL_ROLES = {
    "initial": "Open",
    "hold": "On Hold",
    "resolved": "Resolved",
    "closed": "Closed",
    "cancelled": "Cancelled",
}
# The original TicketTracker's built-ins (config.py there): used for names our defaults do not know.
ORIGINAL_STAGE_DAYS = {
    "Low": [14, 21, 28, 35],
    "Medium": [10, 15, 20, 25],
    "High": [5, 7, 10, 14],
    "Critical": [2, 3, 5, 7],
}
ORIGINAL_FALLBACK = [7, 14, 21, 28]
ORIGINAL_PRIORITY_COLORS = {"Low": "#3b82f6", "Medium": "#facc15", "High": "#f97316", "Critical": "#ef4444"}
ROLE_WORDS = {
    "hold": ("hold", "wait", "paus", "block", "pending", "defer"),
    "resolved": ("resolv", "done", "fixed", "complete", "finish"),
    "closed": ("close", "archiv"),
    "cancelled": ("cancel", "reject", "wontfix", "won't", "declin", "abandon"),
}


def day_values(raw: Any) -> list[int]:
    """The original's reading of a day list: non-negative integers, junk dropped."""
    values = raw.values() if isinstance(raw, Mapping) else raw if isinstance(raw, list | tuple) else [raw]
    out = []
    for v in values:
        try:
            n = int(v)
        except (TypeError, ValueError):
            continue
        if n >= 0:
            out.append(n)
    return out


def legacy_open_days(limit: int) -> list[int]:
    """The original's conversion of ``priority_open_days`` N: [⌈N/4⌉, ⌈N/2⌉, ⌈3N/4⌉, N], each at least the last."""
    if limit <= 0:
        return []
    quarter = max(1, math.ceil(limit / 4))
    half = max(quarter, math.ceil(limit / 2))
    three = max(half, math.ceil(limit * 3 / 4))
    return [quarter, half, three, max(three, limit)]


def as_thresholds(values: list[int]) -> list[int]:
    """The original read a strictly increasing list as limits and any other as durations (summed)."""
    if all(b > a for a, b in itertools.pairwise(values)):
        return list(values)
    total, out = 0, []
    for v in values:
        total += v
        out.append(total)
    return out


def original_stage_days(
    priority: str, stage_days: Mapping[str, Any], open_days: Mapping[str, Any]
) -> list[int]:
    """The backlog limits the original TicketTracker used for ``priority`` (its load_config + priority_thresholds).

    Its defaults were merged under the file, so Low/Medium/High/Critical always had lists and their legacy
    ``priority_open_days`` were ignored; a day list that is not strictly increasing counted as durations.
    """
    own = day_values(stage_days.get(priority)) or ORIGINAL_STAGE_DAYS.get(priority, [])
    if not own and priority in open_days:
        own = legacy_open_days(day_values(open_days[priority])[0]) if day_values(open_days[priority]) else []
    limits = as_thresholds(own) or list(ORIGINAL_FALLBACK)
    positive = [
        d for d in limits if d > 0
    ]  # a 0-day stage never shows (the ticket is already in the next one)
    return positive or list(ORIGINAL_FALLBACK)


@dataclass(frozen=True)
class Defaults:
    """This tracker's built-in values that name a priority or a status (from the configuration model)."""

    stage_days: dict[str, list[int]]
    priority_colors: dict[str, str]
    roles: dict[str, str]


def guess_role(role: str, workflow: list[str], default: str | None = None) -> str | None:
    """The status playing ``role`` in a workflow: the built-in name if present, else one whose name says it."""
    for name in (default, ORIGINAL_ROLES[role]):
        if name is not None and name in workflow:
            return name
    if role == "initial":
        return workflow[0] if workflow else None
    for status in workflow:
        key = status.casefold().replace(" ", "")
        if any(word in key for word in ROLE_WORDS[role]):
            return status
    return None


def _names(raw: Any) -> list[str] | None:
    if isinstance(raw, list) and raw and all(isinstance(s, str) and s.strip() for s in raw):
        return list(raw)
    return None  # missing or malformed: validation reports it


def fill_in(raw: dict[str, Any], defaults: Defaults) -> tuple[dict[str, Any], list[str]]:
    """The file's data with dependent defaults filled in (see the module docstring), and what was filled."""
    data = copy.deepcopy(raw)
    filled: list[str] = []
    sla = data.get("sla")
    legacy = sla.pop("priority_open_days", None) if isinstance(sla, dict) else None
    priorities = _names(data.get("priorities"))
    if priorities is not None or isinstance(legacy, Mapping):
        prios = priorities or list(defaults.stage_days)
        _fill_stage_days(data, prios, legacy if isinstance(legacy, Mapping) else {}, defaults, filled)
        if priorities is not None:
            _fill_priority_colors(data, prios, defaults, filled)
    workflow = _names(data.get("workflow"))
    if workflow is not None:
        _fill_roles(data, workflow, defaults, filled)
    warnings = [f"filled in for what the file does not say: {', '.join(filled)}"] if filled else []
    return data, warnings


def _fill_stage_days(
    data: dict[str, Any], prios: list[str], legacy: Mapping[str, Any], defaults: Defaults, filled: list[str]
) -> None:
    sla = data.setdefault("sla", {})
    if not isinstance(sla, dict):
        return
    given = sla.get("priority_stage_days")
    if given is not None and not isinstance(given, dict):
        return
    days: dict[str, Any] = dict(given or {})
    for p in prios:
        if p in days:
            continue
        if p in legacy:
            days[p] = original_stage_days(p, {}, legacy)
            how = "the original's own list; it ignored" if p in ORIGINAL_STAGE_DAYS else "converted from"
            filled.append(f"sla.priority_stage_days.{p} = {days[p]} ({how} sla.priority_open_days.{p})")
        elif p in defaults.stage_days:
            days[p] = list(defaults.stage_days[p])
            if given is not None:
                filled.append(f"sla.priority_stage_days.{p} = {days[p]}")
        else:
            days[p] = original_stage_days(p, {}, {})
            filled.append(f"sla.priority_stage_days.{p} = {days[p]}")
    sla["priority_stage_days"] = days


def _fill_priority_colors(
    data: dict[str, Any], prios: list[str], defaults: Defaults, filled: list[str]
) -> None:
    colors = data.setdefault("colors", {})
    if not isinstance(colors, dict):
        return
    given = colors.get("priorities")
    if given is not None and not isinstance(given, dict):
        return
    out: dict[str, Any] = dict(given or {})
    for p in prios:
        if p in out:
            continue
        colour = defaults.priority_colors.get(p) or ORIGINAL_PRIORITY_COLORS.get(p)
        if colour:
            out[p] = colour
            if given is not None or p not in defaults.priority_colors:
                filled.append(f"colors.priorities.{p} = {colour}")
    colors["priorities"] = out


def _fill_roles(data: dict[str, Any], workflow: list[str], defaults: Defaults, filled: list[str]) -> None:
    roles = data.setdefault("status_roles", {})
    if not isinstance(roles, dict):
        return
    for role in ROLES:
        if role in roles:
            continue
        status = guess_role(role, workflow, defaults.roles.get(role))
        roles[role] = status
        if status != defaults.roles.get(role):
            filled.append(
                f"status_roles.{role} = {status if status is not None else 'none (no status fits)'}"
            )
