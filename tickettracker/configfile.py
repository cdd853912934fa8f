"""Saving the user's configuration file from the Settings page (SPEC §3, §11).

The file is rewritten atomically (temporary file, fsync, rename), keeps every key the page does not edit (unknown
keys included), and never gains a value that came from elsewhere: ``TICKETTRACKER_SECRET_KEY`` stays in the
environment, and ``database.uri`` / ``uploads.directory`` are written only when the file already had them.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from tickettracker.config import SECRET_ENV, Config, _KeyedError
from tickettracker.errors import ConfigError, storage_faults
from tickettracker.fsutil import fsync_dir, fsync_file, replace

# The keys the Settings page edits (dotted paths); everything else in the file is left exactly as it was.
EDITABLE = (
    "default_submitted_by",
    "priorities",
    "hold_reasons",
    "workflow",
    "status_roles",
    "sla.due_stage_days",
    "sla.priority_stage_days",
    "colors.ticket_title",
    "colors.gradient",
    "colors.statuses",
    "colors.priorities",
    "colors.tags",
    "clipboard_summary",
    "uploads.max_bytes",
    "behavior.auto_return_to_list",
    "time.zone",
    "time.date_order",
    "time.quiet_hours",
    "time.desktop_notifications",
)


def editable_values(cfg: Config) -> dict[str, Any]:
    """The current value of every editable key, as JSON data keyed by dotted path."""
    data = cfg.model_dump(mode="json")
    return {path: copy.deepcopy(_get(data, path)) for path in EDITABLE}


def read_raw(path: Path) -> dict[str, Any]:
    """The file's JSON object as it is on disk ({} when there is no file yet)."""
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    raw = json.loads(text) if text.strip() else {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: the top level must be a JSON object")
    return raw


def candidate(raw: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """``raw`` (the file as it is) with the edited ``values`` (dotted path → value) put in."""
    out = copy.deepcopy(raw)
    for path, value in values.items():
        if path not in EDITABLE:
            raise KeyError(f"{path} is not editable from the Settings page")
        new = copy.deepcopy(value)
        known = _section_fields(path)
        old: Any = raw
        for part in path.split("."):
            old = old.get(part) if isinstance(old, dict) else None
        if known is not None and isinstance(new, dict) and isinstance(old, dict):
            # keys of this section the page does not know (clipboard_summary.debug_status from the original) stay
            new = {**{k: v for k, v in old.items() if k not in known}, **new}
        _set(out, path, new)
    return out


def _section_fields(path: str) -> set[str] | None:
    """The keys the model declares for a section given as a whole (None: not a model section, e.g. a name map)."""
    model: Any = Config
    for part in path.split("."):
        field = model.model_fields.get(part)
        annotation = field.annotation if field is not None else None
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return None
        model = annotation
    return set(model.model_fields)


def problems(data: dict[str, Any]) -> dict[str, str]:
    """Every problem in a candidate configuration, keyed by dotted key path (empty when it is valid)."""
    try:
        Config.model_validate(data)
    except _KeyedError as e:
        return {".".join(e.path): e.message}
    except ValidationError as e:
        found: dict[str, str] = {}
        for err in e.errors():
            loc = tuple(str(p) for p in err["loc"])
            ctx_err = (err.get("ctx") or {}).get("error")
            if isinstance(ctx_err, _KeyedError):
                loc, msg = loc + ctx_err.path, ctx_err.message
            else:
                msg = str(ctx_err) if ctx_err is not None else err["msg"]
            found.setdefault(".".join(loc) or "(top level)", msg.removeprefix("Value error, "))
        return found
    return {}


def write_atomically(path: Path, data: dict[str, Any]) -> None:
    """Write JSON to ``path`` so that a crash leaves either the old file or the new one, never a mix."""
    secret = os.environ.get(SECRET_ENV)
    if secret and data.get("secret_key") == secret:
        raise ConfigError(f"refusing to write the value of {SECRET_ENV} into {path}")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with storage_faults(str(path.parent)):
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(tmp, "w", encoding="utf-8") as fh:
                json.dump(data, fh, indent=2, ensure_ascii=False)
                fh.write("\n")
                fh.flush()
                fsync_file(fh)
            replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def _get(data: dict[str, Any], path: str) -> Any:
    for part in path.split("."):
        data = data[part]
    return data


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        child = data.get(part)
        if not isinstance(child, dict):
            child = data[part] = {}
        data = child
    data[last] = value
