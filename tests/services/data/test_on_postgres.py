"""The data commands on a tracker whose tickets live on PostgreSQL: export, import, check, backup, restore."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import text

from tests import pg
from tests.services.data.conftest import run
from tests.services.data.factory import populate
from tickettracker.app import build_services
from tickettracker.services.container import Services
from tickettracker.services.data.exporting import write_json

NOW = datetime(2026, 12, 1, tzinfo=timezone.utc)


def on_postgres(folder: Path) -> Path:
    """A data folder whose configuration points at a fresh, empty PostgreSQL test database."""
    folder.mkdir(parents=True)
    (folder / "config.json").write_text(json.dumps({"database": {"uri": pg.fresh_uri()}}))
    return folder


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Services]:
    ctx = build_services(str(on_postgres(tmp_path / "team")))
    populate(ctx)
    yield ctx
    ctx.close()


def document(ctx: Services) -> dict[str, object]:
    out = io.StringIO()
    write_json(ctx.db, out, now=NOW)
    return json.loads(out.getvalue())


def test_export_zip_then_import_into_sqlite_gives_the_same_document_and_files(
    served: Services, tmp_path: Path
) -> None:
    zip_path = tmp_path / "all.zip"
    assert run("export", str(zip_path), "--attachments", "--data-dir", str(served.paths.root)) == 0
    with zipfile.ZipFile(zip_path) as zf:
        names = sorted(n for n in zf.namelist() if n.startswith("files/"))
    assert len(names) == 2  # two distinct contents (one shared by two rows)
    assert run("import", str(zip_path), "--data-dir", str(tmp_path / "lite")) == 0
    lite = build_services(str(tmp_path / "lite"))
    try:
        assert document(lite) == document(served)
    finally:
        lite.close()


def test_backup_writes_the_export_zip_and_restore_loads_it_into_an_empty_database(
    served: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = document(served)
    dest = tmp_path / "team-backup.zip"
    assert run("backup", str(dest), "--data-dir", str(served.paths.root)) == 0
    assert zipfile.ZipFile(dest).read("tickets.json")
    assert (
        run("restore", str(dest), "--data-dir", str(served.paths.root)) == 1
    )  # not empty: nothing overwritten
    assert "restore loads into an empty database" in capsys.readouterr().err

    served.close()
    fresh = on_postgres(tmp_path / "fresh")  # pg.fresh_uri() emptied the test database
    assert run("restore", str(dest), "--data-dir", str(fresh)) == 0
    count = len(before["tickets"])  # type: ignore[arg-type]
    assert f"restore: {count} ticket(s) and 2 file(s) restored" in capsys.readouterr().out
    ctx = build_services(str(fresh))
    try:
        assert document(ctx) == before
        assert run("check", "--data-dir", str(fresh)) == 0
    finally:
        ctx.close()


def test_check_reports_a_damaged_file_and_an_orphan_and_removes_only_the_orphan(
    served: Services, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(served.paths.root)
    assert run("check", "--data-dir", root) == 0
    with served.db.write() as s:
        s.execute(
            text("UPDATE blob_chunk SET data = 'x' WHERE seq = 0 AND sha256 = (SELECT min(sha256) FROM blob)")
        )
        served.attachments.blobs.place(served.attachments.blobs.write_bytes(b"nobody's"), s)
    capsys.readouterr()
    assert run("check", "--data-dir", root) == 1
    out = capsys.readouterr().out
    assert "is damaged (its SHA-256 is" in out and "orphan blob:" in out and "2 problem(s)" not in out
    assert run("check", "--remove-orphan-files", "--data-dir", root) == 1  # the damaged one stays a problem
    out = capsys.readouterr().out
    assert "removed orphan blob" in out and "orphan blob:" not in out.split("removed orphan blob")[1]


def test_back_up_now_on_postgresql_holds_every_ticket_and_file(served: Services) -> None:
    from tickettracker.services.data.backup import back_up_now, list_backups

    info = back_up_now(served, now=NOW)
    assert [b.path for b in list_backups(served.own_paths.backups)] == [info.path]  # Settings lists it
    with zipfile.ZipFile(info.path) as zf:
        doc = json.loads(zf.read("tickets.json"))
        assert len([n for n in zf.namelist() if n.startswith("files/")]) == 2
    assert doc["tickets"] == document(served)["tickets"]


def test_settings_names_the_postgresql_database_with_its_password_masked(served: Services) -> None:
    from tickettracker.services.settings import database_summary

    said = database_summary(served)
    assert said.startswith("postgresql+psycopg://tt:***@") and "(PostgreSQL, " in said and ":tt@" not in said
