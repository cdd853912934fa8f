"""Saving demo edits as the user's own demo dataset (the original's "persist"): in the data folder, never in the
installed package; refused when demo mode is off."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tickettracker.app import build_services
from tickettracker.cli import start
from tickettracker.domain.records import ListQuery
from tickettracker.domain.validation import TicketInput
from tickettracker.errors import StoreError
from tickettracker.services import settings
from tickettracker.services.demo_loader import DATA


def _package_files() -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in DATA.rglob("*") if p.is_file()}


def test_persist_is_refused_when_demo_mode_is_off(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ctx = build_services(str(tmp_path))
    try:
        with pytest.raises(StoreError, match="Demo mode is off: there is no demo data to save"):
            settings.save_demo_data(ctx)
    finally:
        ctx.close()
    assert start(["demo", "persist", "--data-dir", str(tmp_path)]) == 1
    assert "Demo mode is off" in capsys.readouterr().out
    assert not (tmp_path / "demo-dataset.zip").exists()


def test_saved_demo_data_is_what_enable_and_refresh_load(tmp_path: Path) -> None:
    shipped = _package_files()
    ctx = build_services(str(tmp_path))
    try:
        settings.enable_demo(ctx)
        curated = ctx.tickets.count(ListQuery())
        tid = ctx.tickets.create(TicketInput(title="Added while demoing", priority="High"))
        saved = settings.save_demo_data(ctx)
        assert saved == tmp_path / "demo-dataset.zip" and saved.is_file()
        settings.enable_demo(ctx)  # Refresh: a new dataset, built from the saved one
        assert ctx.tickets.count(ListQuery()) == curated + 1
        assert ctx.tickets.get(tid).title == "Added while demoing"
        settings.disable_demo(ctx)
        assert ctx.tickets.count(ListQuery()) == 0  # the user's own data was never touched
    finally:
        ctx.close()
    assert _package_files() == shipped  # nothing written into the installed package
