"""Saving the configuration: atomic, keeps what it does not edit, never writes secrets or new absolute paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tickettracker import faults
from tickettracker.app import build_services
from tickettracker.config import Config, load_config
from tickettracker.configfile import candidate, editable_values, problems, read_raw, write_atomically
from tickettracker.errors import ConfigError
from tickettracker.services import settings as settings_service


def test_saving_keeps_unknown_and_unedited_keys_and_adds_no_secret_or_path(
    isolated_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolated_data_dir.mkdir(parents=True)
    path = isolated_data_dir / "config.json"
    original = {
        "future_key": {"x": 1},
        "colors": {"gradient": {"stage0": "#abc"}, "mystery": True},
        "demo_mode": False,
    }
    path.write_text(json.dumps(original))
    monkeypatch.setenv("TICKETTRACKER_SECRET_KEY", "s3cret-from-env")
    ctx = build_services(str(isolated_data_dir))
    try:
        values = editable_values(ctx.cfg)
        values["default_submitted_by"] = "Bo"
        assert settings_service.save_settings(ctx, values) == {}
        assert ctx.cfg.default_submitted_by == "Bo"  # applied at once
    finally:
        ctx.close()
    text = path.read_text()
    saved = json.loads(text)
    assert (
        saved["future_key"] == {"x": 1} and saved["colors"]["mystery"] is True and saved["demo_mode"] is False
    )
    assert saved["colors"]["gradient"]["stage0"] == "#abc"
    assert "s3cret-from-env" not in text and "secret_key" not in saved
    assert "database" not in saved and "directory" not in saved["uploads"]
    assert str(isolated_data_dir) not in text
    assert [p.name for p in isolated_data_dir.iterdir() if p.name.endswith(".tmp")] == []
    cfg, warnings = load_config(path)
    assert cfg.default_submitted_by == "Bo"
    assert warnings == [
        f"{path}: future_key: unknown key (ignored)",
        f"{path}: colors.mystery: unknown key (ignored)",
    ]


def test_unknown_keys_inside_a_section_the_page_saves_whole_are_kept(
    isolated_data_dir: Path,
) -> None:
    # The original TicketTracker's clipboard_summary.debug_status used to vanish on the first "Save settings".
    isolated_data_dir.mkdir(parents=True)
    path = isolated_data_dir / "config.json"
    path.write_text(
        json.dumps(
            {
                "clipboard_summary": {"debug_status": False, "updates_limit": 1},
                "colors": {"gradient": {"safe": "#38bdf8"}},
            }
        )
    )
    ctx = build_services(str(isolated_data_dir))
    try:
        values = editable_values(Config())  # what a form sends: the keys it knows, nothing else
        values["clipboard_summary"]["updates_limit"] = 3
        assert settings_service.save_settings(ctx, values) == {}
    finally:
        ctx.close()
    saved = json.loads(path.read_text())
    assert (
        saved["clipboard_summary"]["debug_status"] is False
        and saved["clipboard_summary"]["updates_limit"] == 3
    )
    assert saved["colors"]["gradient"]["safe"] == "#38bdf8"


def test_the_secret_from_the_environment_is_never_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TICKETTRACKER_SECRET_KEY", "abc")
    with pytest.raises(ConfigError):
        write_atomically(tmp_path / "config.json", {"secret_key": "abc"})
    assert not (tmp_path / "config.json").exists()


def test_problems_name_every_bad_key_path() -> None:
    data = candidate(
        {},
        {
            "colors.gradient": {
                "stage0": "blue",
                "stage1": "#fff",
                "stage2": "#fff",
                "stage3": "#fff",
                "overdue": "#f00",
            },
            "uploads.max_bytes": 0,
            "status_roles": {
                "initial": "Nope",
                "hold": "On Hold",
                "resolved": "Resolved",
                "closed": "Closed",
                "cancelled": "Cancelled",
            },
        },
    )
    found = problems(data)
    assert "is not a colour" in found["colors.gradient.stage0"]
    assert "greater than or equal to 1" in found["uploads.max_bytes"]
    assert problems(candidate({}, {"status_roles": data["status_roles"]})) == {
        "status_roles.initial": "unknown status 'Nope' (workflow has: Open, In Progress, On Hold, Resolved, Closed, Cancelled)"
    }
    assert problems(candidate({}, editable_values(Config()))) == {}


def test_read_raw_of_a_missing_file_is_empty(tmp_path: Path) -> None:
    assert read_raw(tmp_path / "nope.json") == {}


def test_an_unwritable_file_is_reported_and_nothing_is_applied(isolated_data_dir: Path) -> None:
    ctx = build_services(str(isolated_data_dir))
    try:
        (isolated_data_dir / "config.json").mkdir()  # a folder where the file should go: the write fails
        values = editable_values(ctx.cfg)
        values["default_submitted_by"] = "Bo"
        found = settings_service.save_settings(ctx, values)
        assert "Nothing saved: cannot read" in found["(general)"]
        assert ctx.cfg.default_submitted_by == "Me"
    finally:
        ctx.close()
    assert [p.name for p in isolated_data_dir.iterdir() if p.name.endswith(".tmp")] == []


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    isolated_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolated_data_dir.mkdir(parents=True)
    path = isolated_data_dir / "config.json"
    path.write_text('{"default_submitted_by": "Old"}')
    ctx = build_services(str(isolated_data_dir))

    try:
        values = editable_values(ctx.cfg)
        values["default_submitted_by"] = "New"
        with faults.inject("rename", faults.disk_full()):
            found = settings_service.save_settings(ctx, values)
    finally:
        ctx.close()
    assert f"The disk holding {isolated_data_dir} is full — nothing was saved" in found["(general)"]
    assert ctx.cfg.default_submitted_by == "Old"
    assert path.read_text() == '{"default_submitted_by": "Old"}'
    assert sorted(p.name for p in isolated_data_dir.iterdir() if p.name.endswith(".tmp")) == []
