"""backup → restore gives the data back and keeps the replaced data aside; a damaged backup is refused; check.

On SQLite a backup copies the database file (with a manifest of checksums) and restore puts the file back, keeping
the replaced one aside: the tests of that (``filled``) read, damage and compare the file itself, so they run on
SQLite only. On PostgreSQL backup writes the export zip and restore loads it into an empty database
(tests/services/data/test_on_postgres.py). What does not depend on the store runs on both (``tracker``).
"""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from tests.factories import make_ticket
from tests.services.data.conftest import run
from tests.services.data.factory import attach
from tickettracker.services.container import Services


def titles(ctx: Services) -> list[str]:
    conn = sqlite3.connect(ctx.paths.database)
    try:
        return [r[0] for r in conn.execute("SELECT title FROM ticket ORDER BY id")]
    finally:
        conn.close()


def files(root: Path) -> dict[str, bytes]:
    up = root / "uploads"
    return {str(p.relative_to(up)): p.read_bytes() for p in sorted(up.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("name", ["b.zip", "b-folder"])
def test_backup_then_restore_brings_back_database_files_and_config(
    filled: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    root = filled.paths.root
    (root / "config.json").write_text(json.dumps({"default_submitted_by": "Ana"}))
    dest = tmp_path / name
    assert run("backup", str(dest), "--data-dir", str(root)) == 0
    assert f"written to {dest}" in capsys.readouterr().out
    before_titles, before_files = titles(filled), files(root)

    # Change everything: a new ticket, a new file, another config.
    new_id = make_ticket(filled.tickets, title="After the backup")
    attach(filled, new_id, "later.txt", b"later")
    (root / "config.json").write_text("{}")

    assert run("restore", str(dest), "--data-dir", str(root)) == 0
    out = capsys.readouterr().out
    assert "restore: 4 ticket(s) and 2 file(s) restored" in out
    assert titles(filled) == before_titles and files(root) == before_files
    assert json.loads((root / "config.json").read_text()) == {"default_submitted_by": "Ana"}
    assert run("check", "--data-dir", str(root)) == 0

    aside = next((root / "backups").glob("replaced-*"))
    assert f"kept in {aside}" in out
    manifest = json.loads((aside / "manifest.json").read_text())
    assert {e["path"] for e in manifest["files"]} >= {"tickettracker.db", "config.json"}
    conn = sqlite3.connect(aside / "tickettracker.db")
    assert "After the backup" in [r[0] for r in conn.execute("SELECT title FROM ticket")]
    conn.close()


def test_manifest_lists_every_file_with_its_checksum(filled: Services, tmp_path: Path) -> None:
    import hashlib

    assert run("backup", str(tmp_path / "b.zip"), "--data-dir", str(filled.paths.root)) == 0
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        manifest = json.loads(zf.read("manifest.json"))
        assert manifest["format"] == "tickettracker-backup/1"
        assert len(manifest["files"]) == 3  # the database and two distinct attachment files
        for entry in manifest["files"]:
            data = zf.read(entry["path"])
            assert hashlib.sha256(data).hexdigest() == entry["sha256"] and len(data) == entry["size"]


def _damage_folder(path: Path) -> None:
    blob = next(p for p in (path / "uploads").rglob("*") if p.is_file())
    blob.write_bytes(blob.read_bytes() + b"!")


def _damage_zip(path: Path) -> None:
    with zipfile.ZipFile(path) as zf:
        items = {n: zf.read(n) for n in zf.namelist()}
    db = bytearray(items["tickettracker.db"])
    db[5000] ^= 0xFF
    items["tickettracker.db"] = bytes(db)
    with zipfile.ZipFile(path, "w") as zf:
        for n, data in items.items():
            zf.writestr(n, data)


@pytest.mark.parametrize(("name", "damage", "message"), [
    ("b-folder", _damage_folder, "damaged (SHA-256 or size differs"),
    ("b.zip", _damage_zip, "tickettracker.db: damaged"),
    ("b-folder", lambda p: (p / "manifest.json").unlink(), "no readable manifest.json"),
    ("b-folder", lambda p: (p / "tickettracker.db").unlink(), "tickettracker.db: missing"),
])  # fmt: skip
def test_a_damaged_backup_is_refused_and_nothing_changes(
    filled: Services,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    damage: object,
    message: str,
) -> None:
    root = filled.paths.root
    dest = tmp_path / name
    assert run("backup", str(dest), "--data-dir", str(root)) == 0
    damage(dest)  # type: ignore[operator]
    make_ticket(filled.tickets, title="Newer")
    before = titles(filled), files(root)
    assert run("restore", str(dest), "--data-dir", str(root)) == 1
    err = capsys.readouterr().err
    assert "refused" in err and message in err and "Traceback" not in err
    assert (titles(filled), files(root)) == before
    assert not list((root / "backups").glob("replaced-*"))


def test_zip_with_unsafe_names_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("../outside.txt", "x")
    assert run("restore", str(evil)) == 1
    assert "unsafe file name '../outside.txt'" in capsys.readouterr().err
    assert not (tmp_path / "outside.txt").exists()


def test_backup_refuses_to_overwrite(
    tracker: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "b.zip").write_text("keep me")
    assert run("backup", str(tmp_path / "b.zip"), "--data-dir", str(tracker.paths.root)) == 1
    assert "already exists" in capsys.readouterr().err and (tmp_path / "b.zip").read_text() == "keep me"


def test_default_backup_goes_to_the_backups_folder(tracker: Services) -> None:
    assert run("backup", "--data-dir", str(tracker.paths.root)) == 0
    assert len(list((tracker.paths.root / "backups").glob("backup-*.zip"))) == 1


def test_check_passes_on_healthy_data(tracker: Services, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("check", "--data-dir", str(tracker.paths.root)) == 0
    assert "check: 0 problem(s)" in capsys.readouterr().out


def test_check_reports_missing_damaged_and_orphan_files_and_broken_keys(
    filled: Services, capsys: pytest.CaptureFixture[str]
) -> None:
    root = filled.paths.root
    up = filled.paths.uploads
    shas = sorted(p.name for p in up.rglob("*") if p.is_file())
    (up / shas[0][:2] / shas[0]).unlink()  # missing
    (up / shas[1][:2] / shas[1]).write_bytes(b"tampered")  # damaged
    orphan = "ab" * 32
    (up / "ab").mkdir(exist_ok=True)
    (up / "ab" / orphan).write_bytes(b"nobody's")
    conn = sqlite3.connect(filled.paths.database)
    conn.execute("INSERT INTO watcher(ticket_id, position, value) VALUES (999, 0, 'ghost')")
    conn.commit()
    conn.close()
    assert run("check", "--data-dir", str(root)) == 1
    out = capsys.readouterr().out
    assert f"file uploads/{shas[0][:2]}/{shas[0]} is missing" in out
    assert f"file uploads/{shas[1][:2]}/{shas[1]} is damaged" in out
    assert f"orphan file: uploads/ab/{orphan} belongs to no attachment" in out
    assert "database: watcher row" in out and "points to a missing ticket" in out
    assert "check: 5 problem(s)" in out  # photo, log + same-content (one blob, two rows), orphan, key


def test_back_up_now_writes_the_commands_backup_and_restore_puts_it_back(filled: Services) -> None:
    """ "Back up now" (Settings page) writes through the `backup` writer: a verified folder that `restore` takes."""
    from datetime import datetime, timezone

    from tickettracker.services.data.backup import back_up_now, list_backups
    from tickettracker.services.data.restore import verify

    before = titles(filled)
    first = back_up_now(filled, now=datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc))
    second = back_up_now(filled, now=datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc))  # same second
    assert (first.name, second.name) == ("backup-20261127-090000", "backup-20261127-090000-2")
    manifest = verify(first.path, first.name)
    assert {e["path"] for e in manifest["files"]} >= {"tickettracker.db"}
    assert files(first.path) == files(filled.paths.root)
    assert run("backup", "--data-dir", str(filled.paths.root)) == 0  # a zip beside them
    listed = list_backups(filled.paths.backups)
    assert listed[0].name.endswith(".zip") and {b.name for b in listed[1:]} == {first.name, second.name}
    make_ticket(filled.tickets, title="Written after the backup")
    assert run("restore", str(first.path), "--data-dir", str(filled.paths.root)) == 0
    assert titles(filled) == before
