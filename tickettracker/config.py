"""Configuration: one pydantic model of every key, defaults in code, validated once at start-up.

Look-up order (SPEC §3): ``--config`` > ``TICKETTRACKER_CONFIG`` > ``<data folder>/config.json`` > built-in defaults.
Errors become :class:`ConfigError` with one line naming the file, the key path and the problem; the CLI prints it
and exits with code 2. The model is passed down explicitly: there is no module-level singleton.

Longer than ~300 lines on purpose: it is the one pydantic model of every key with its validators (the README
table and config.json are tested against it).
"""

from __future__ import annotations

import itertools
import json
import os
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from tickettracker import dburi
from tickettracker.config_compat import Defaults, fill_in
from tickettracker.errors import ConfigError

SECRET_ENV = "TICKETTRACKER_SECRET_KEY"
CONFIG_ENV = "TICKETTRACKER_CONFIG"

SECTION_NAMES = (
    "header",
    "timestamps",
    "meta",
    "people",
    "description",
    "links",
    "notes",
    "tags",
    "updates",
)

# Hex colours only: they can be checked for contrast, and nothing else can slip into a style attribute.
_COLOR_RE = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def is_color(value: str) -> bool:
    """True for a colour safe to put into a style: #rgb or #rrggbb."""
    return isinstance(value, str) and bool(_COLOR_RE.match(value))


class _Strict(BaseModel):
    # Unknown keys are kept (and reported as warnings by load_config) so a newer file keeps working.
    model_config = ConfigDict(extra="allow", validate_assignment=True)


def _check_color(value: str) -> str:
    if not is_color(value):
        raise ValueError(f"{value!r} is not a colour (use #rrggbb)")
    return value


class Database(_Strict):
    uri: str = "sqlite:///tickettracker.db"

    @field_validator("uri")
    @classmethod
    def _known_store(cls, v: str) -> str:
        # sqlite:///PATH (relative to the data folder, or absolute) or postgresql+psycopg://…; messages mask
        # the password.
        if v.startswith("sqlite:///") and v.removeprefix("sqlite:///").strip() in ("", ":memory:"):
            # the original TicketTracker made a FILE named ":memory:" of it; a throw-away database loses everything
            raise ValueError(
                "an in-memory database would lose every ticket when the app stops; "
                "give a file, e.g. sqlite:///tickettracker.db"
            )
        return dburi.check(v)


class Uploads(_Strict):
    directory: str = "uploads"
    max_bytes: int = Field(default=100 * 1024 * 1024, ge=1)


class Sla(_Strict):
    due_stage_days: list[int] = Field(default_factory=lambda: [28, 21, 14, 7])
    priority_stage_days: dict[str, list[int]] = Field(
        default_factory=lambda: {
            "Low": [14, 30, 45, 60],
            "Medium": [7, 14, 21, 30],
            "High": [3, 7, 10, 15],
            "Urgent": [1, 2, 3, 5],
        }
    )

    @field_validator("due_stage_days")
    @classmethod
    def _sort_due(cls, v: list[int]) -> list[int]:
        if not v:
            raise ValueError("needs at least one day threshold")
        if any(d <= 0 for d in v):
            # a 0-day stage could never show: at 0 days left the ticket is already overdue
            raise ValueError("day thresholds must be positive (at 0 days left a ticket is overdue)")
        if len(set(v)) != len(v):
            raise ValueError("day thresholds must be different from each other")
        return sorted(v, reverse=True)

    @field_validator("priority_stage_days")
    @classmethod
    def _ascending(cls, v: dict[str, list[int]]) -> dict[str, list[int]]:
        for name, days in v.items():
            if not days:
                raise _KeyedError((name,), "needs at least one day limit")
            if any(d <= 0 for d in days):
                raise _KeyedError((name,), "day limits must be positive")
            if any(b <= a for a, b in itertools.pairwise(days)):
                raise _KeyedError((name,), f"{days} does not ascend (lowest limit first)")
        return v


class Gradient(_Strict):
    stage0: str = "#bfdbfe"  # light blue
    stage1: str = "#fef08a"  # yellow
    stage2: str = "#fdba74"  # orange
    stage3: str = "#f87171"  # red
    overdue: str = "#dc143c"  # crimson

    @field_validator("stage0", "stage1", "stage2", "stage3", "overdue")
    @classmethod
    def _color(cls, v: str) -> str:
        return _check_color(v)


class StatusColors(_Strict):
    on_hold: str = "#d8c8f0"  # lavender
    resolved: str = "#c8f0c8"  # pale green
    closed: str = "#c4c4c4"  # muted grey
    cancelled: str = "#c4c4c4"

    @field_validator("on_hold", "resolved", "closed", "cancelled")
    @classmethod
    def _color(cls, v: str) -> str:
        return _check_color(v)


class TagColors(_Strict):
    background: str = "#334155"
    text: str = "#f8fafc"

    @field_validator("background", "text")
    @classmethod
    def _color(cls, v: str) -> str:
        return _check_color(v)


class Colors(_Strict):
    ticket_title: str = "#111827"
    gradient: Gradient = Field(default_factory=Gradient)
    statuses: StatusColors = Field(default_factory=StatusColors)
    priorities: dict[str, str] = Field(
        default_factory=lambda: {
            "Low": "#64748b",
            "Medium": "#2563eb",
            "High": "#d97706",
            "Urgent": "#dc2626",
        }
    )
    tags: TagColors = Field(default_factory=TagColors)

    @field_validator("ticket_title")
    @classmethod
    def _color(cls, v: str) -> str:
        return _check_color(v)

    @field_validator("priorities")
    @classmethod
    def _prio_colors(cls, v: dict[str, str]) -> dict[str, str]:
        for name, color in v.items():
            if not is_color(color):
                raise ValueError(f"{name}: {color!r} is not a colour (use #rrggbb)")
        return v


class ClipboardSummary(_Strict):
    html_sections: list[str] = Field(default_factory=lambda: list(SECTION_NAMES))
    text_sections: list[str] = Field(default_factory=list)
    updates_limit: int = Field(default=5, ge=0, le=1000)
    inline_styles: bool = True

    @field_validator("html_sections", "text_sections")
    @classmethod
    def _known_sections(cls, v: list[str]) -> list[str]:
        for name in v:
            if name not in SECTION_NAMES:
                raise ValueError(f"unknown section {name!r} (known: {', '.join(SECTION_NAMES)})")
        if len(set(v)) != len(v):
            raise ValueError("a section is listed twice")
        return v


class Behavior(_Strict):
    auto_return_to_list: bool = False


class QuietHours(_Strict):
    """Reminders pop up only outside these local hours (both empty: no quiet hours). May cross midnight."""

    start: str = ""
    end: str = ""

    @field_validator("start", "end")
    @classmethod
    def _clock(cls, v: str) -> str:
        if v and not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", v):
            raise ValueError(f"{v!r} is not a time like 22:00")
        return v

    @model_validator(mode="after")
    def _both(self) -> QuietHours:
        if bool(self.start) != bool(self.end):
            raise ValueError("give both start and end (or neither)")
        return self


class Time(_Strict):
    """The user's time zone and date order (for dates typed in words), quiet hours for reminders, and whether
    reminders also pop up as desktop notifications (browser notifications; in the native window, the desktop's)."""

    zone: str = ""  # an IANA name such as Europe/Berlin; "" = this computer's zone
    date_order: Literal["", "DMY", "MDY", "YMD"] = ""  # "" = from the system locale
    quiet_hours: QuietHours = Field(default_factory=QuietHours)
    desktop_notifications: bool = True

    @field_validator("zone")
    @classmethod
    def _zone(cls, v: str) -> str:
        if v:
            from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

            try:
                ZoneInfo(v)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(
                    f"unknown time zone {v!r} (use an IANA name such as Europe/Berlin)"
                ) from None
        return v


class StatusRoles(_Strict):
    """Which workflow status plays which part, so statuses can be renamed freely.

    Every role but ``initial`` may be empty (null): a workflow such as New → Active → Done has no hold status.
    """

    initial: str = "Open"
    hold: str | None = "On Hold"
    resolved: str | None = "Resolved"
    closed: str | None = "Closed"
    cancelled: str | None = "Cancelled"


class Config(_Strict):
    secret_key: str = ""
    database: Database = Field(default_factory=Database)
    uploads: Uploads = Field(default_factory=Uploads)
    default_submitted_by: str = Field(default="Me", min_length=1, max_length=100)
    priorities: list[str] = Field(default_factory=lambda: ["Low", "Medium", "High", "Urgent"])
    hold_reasons: list[str] = Field(
        default_factory=lambda: [
            "Awaiting customer response",
            "Awaiting third party",
            "Awaiting parts",
            "Scheduled for later",
        ]
    )
    workflow: list[str] = Field(
        default_factory=lambda: ["Open", "In Progress", "On Hold", "Resolved", "Closed", "Cancelled"]
    )
    status_roles: StatusRoles = Field(default_factory=StatusRoles)
    sla: Sla = Field(default_factory=Sla)
    colors: Colors = Field(default_factory=Colors)
    clipboard_summary: ClipboardSummary = Field(default_factory=ClipboardSummary)
    behavior: Behavior = Field(default_factory=Behavior)
    time: Time = Field(default_factory=Time)
    demo_mode: bool = False

    @field_validator("priorities", "workflow")
    @classmethod
    def _names(cls, v: list[str]) -> list[str]:
        if not v:
            raise ValueError("needs at least one entry")
        if any(not isinstance(s, str) or not s.strip() for s in v):
            raise ValueError("entries must be non-empty text")
        if len({s.casefold() for s in v}) != len(v):
            raise ValueError("an entry is listed twice")
        return v

    @model_validator(mode="after")
    def _cross_checks(self) -> Config:
        for role in ("initial", "hold", "resolved", "closed", "cancelled"):
            status = getattr(self.status_roles, role)
            if status is not None and status not in self.workflow:
                raise _KeyedError(
                    ("status_roles", role),
                    f"unknown status {status!r} (workflow has: {', '.join(self.workflow)})",
                )
        for name in self.sla.priority_stage_days:
            if name not in self.priorities:
                raise _KeyedError(("sla", "priority_stage_days", name), f"unknown priority {name!r}")
        for name in self.colors.priorities:
            if name not in self.priorities:
                raise _KeyedError(("colors", "priorities", name), f"unknown priority {name!r}")
        return self

    # --- derived facts the rest of the app asks for -------------------------------------------------
    @property
    def terminal_statuses(self) -> tuple[str, ...]:
        r = self.status_roles
        return tuple(s for s in (r.closed, r.cancelled) if s is not None)

    @property
    def paused_statuses(self) -> tuple[str, ...]:
        """Statuses in which a backlog ticket does not age."""
        r = self.status_roles
        return tuple(s for s in (r.hold, r.resolved, r.closed, r.cancelled) if s is not None)

    @property
    def active_statuses(self) -> tuple[str, ...]:
        return tuple(s for s in self.workflow if s not in self.terminal_statuses)

    def stage_days_for(self, priority: str) -> list[int]:
        """Backlog limits for a priority; a priority without its own list uses the nearest lower one that has one."""
        days = self.sla.priority_stage_days
        if priority in days:
            return days[priority]
        idx = self.priorities.index(priority) if priority in self.priorities else 0
        for name in reversed(self.priorities[: idx + 1]):
            if name in days:
                return days[name]
        return next(iter(days.values()), [7, 14, 21, 30])

    def priority_color(self, priority: str) -> str:
        return self.colors.priorities.get(priority, "#64748b")

    def secret(self) -> str:
        return os.environ.get(SECRET_ENV) or self.secret_key


class _KeyedError(ValueError):
    def __init__(self, path: tuple[str, ...], message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def built_in_defaults() -> Defaults:
    """The defaults that name priorities or statuses, for filling in a file that has its own lists."""
    roles = StatusRoles().model_dump()
    return Defaults(Sla().priority_stage_days, Colors().priorities, {k: v for k, v in roles.items() if v})


def defaults_dict() -> dict[str, Any]:
    """The built-in defaults as plain JSON data (what the repository's config.json holds)."""
    return Config().model_dump(mode="json")


def find_config_file(
    cli_path: str | None, data_dir: Path
) -> tuple[Path | None, Literal["cli", "env", "data", "none"]]:
    """Apply the look-up order of SPEC §3 and say where the file came from."""
    if cli_path:
        return Path(cli_path).expanduser(), "cli"
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser(), "env"
    candidate = data_dir / "config.json"
    if candidate.exists():
        return candidate, "data"
    return None, "none"


def parse_config(raw: Any, source: str) -> Config:
    """Validate already-decoded JSON; raise ConfigError naming the source, key path and problem."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{source}: the top level must be a JSON object, not {type(raw).__name__}")
    try:
        return Config.model_validate(raw)
    except _KeyedError as e:
        raise ConfigError(f"{source}: {'.'.join(e.path)}: {e.message}") from None
    except ValidationError as e:
        err = e.errors()[0]
        ctx_err = (err.get("ctx") or {}).get("error")
        loc = tuple(str(p) for p in err["loc"])
        if isinstance(ctx_err, _KeyedError):
            raise ConfigError(f"{source}: {'.'.join(loc + ctx_err.path)}: {ctx_err.message}") from None
        path = ".".join(loc) or "(top level)"
        msg = str(ctx_err) if ctx_err is not None else err["msg"]
        msg = msg.removeprefix("Value error, ")
        raise ConfigError(f"{source}: {path}: {msg}") from None


def load_config(path: Path | None) -> tuple[Config, list[str]]:
    """Read and validate a configuration file (or the defaults when ``path`` is None).

    Returns the config and a list of warnings (unknown keys).
    """
    if path is None:
        return Config(), []
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: the configuration file does not exist") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot read the configuration file ({e.strerror})") from None
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: not UTF-8 text (byte {e.start}); save the file as UTF-8") from None
    try:
        raw = json.loads(text) if text.strip() else {}
    except json.JSONDecodeError as e:
        raise ConfigError(f"{path}: broken JSON at line {e.lineno}, column {e.colno}: {e.msg}") from None
    filled: list[str] = []
    if isinstance(raw, dict):
        # Another list of priorities/statuses, or the original TicketTracker's file (see config_compat).
        raw, filled = fill_in(raw, built_in_defaults())
    cfg = parse_config(raw, str(path))
    unknown = [f"{path}: {key}: unknown key (ignored)" for key in unknown_keys(cfg)]
    return cfg, [f"{path}: {w}" for w in filled] + unknown


def unknown_keys(model: BaseModel, prefix: str = "") -> list[str]:
    """Key paths present in the file that the model does not know."""
    found = [prefix + k for k in (model.model_extra or {})]
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            found += unknown_keys(value, f"{prefix}{name}.")
    return found
