"""``copy-data --to URI``: a whole tracker moves SQLite → PostgreSQL → SQLite without losing anything."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests import pg
from tests.services.data.conftest import run
from tickettracker.app import build_services
from tickettracker.services.container import Services
from tickettracker.services.data.exporting import write_json
from tickettracker.services.power import PowerService

NOW = datetime(2026, 12, 1, tzinfo=timezone.utc)


def snapshot(ctx: Services) -> tuple[dict[str, object], list[tuple[str, ...]], dict[str, bytes]]:
    """Everything a person could tell apart: the export document (ids, fields, log, attachments), the saved
    views, and the bytes of every file by checksum."""
    out = io.StringIO()
    shas: set[str] = set()
    write_json(ctx.db, out, now=NOW, shas=shas)
    views = [
        (v.name, v.query, v.sort, str(v.position), str(v.is_default))
        for v in PowerService(ctx.tickets).views()
    ]
    files = {}
    for sha in sorted(shas):
        path = ctx.attachments.blobs.local_file(sha)
        assert path is not None, sha
        files[sha] = path.read_bytes()
        assert hashlib.sha256(files[sha]).hexdigest() == sha
    return json.loads(out.getvalue()), views, files


def test_sqlite_to_postgresql_and_back_is_lossless(
    filled: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    PowerService(filled.tickets).save_view("Fires", "fire sort:-due")
    before = snapshot(filled)
    assert before[2] and before[1]  # there are files and views to lose
    source_dir = str(filled.paths.root)
    filled.close()
    uri = pg.fresh_uri()

    assert run("copy-data", "--data-dir", source_dir, "--to", uri) == 0
    said = capsys.readouterr().out
    assert "(verified)" in said and ":***@" in said and ":tt@" not in said

    on_pg = tmp_path / "on-pg"
    on_pg.mkdir()
    (on_pg / "config.json").write_text(json.dumps({"database": {"uri": uri}}))
    ctx = build_services(str(on_pg))
    try:
        assert snapshot(ctx) == before
        new_id = ctx.tickets.create(_input("After the move"))  # type: ignore[arg-type]
        assert new_id > max(t["id"] for t in before[0]["tickets"])  # type: ignore[index]
    finally:
        ctx.close()

    back = tmp_path / "back" / "tickettracker.db"
    assert run("copy-data", "--data-dir", str(on_pg), "--to", f"sqlite:///{back}") == 0
    ctx = build_services(str(back.parent))  # a data folder: tickettracker.db and uploads/ beside it
    try:
        doc, views, files = snapshot(ctx)
        assert views == before[1] and files == before[2]
        assert doc["tickets"][:-1] == before[0]["tickets"]  # type: ignore[index]
        assert doc["tickets"][-1]["title"] == "After the move"  # type: ignore[index]
        assert ctx.attachments.blobs.root == back.parent / "uploads"
    finally:
        ctx.close()


def _input(title: str) -> object:
    from tickettracker.domain.validation import TicketInput

    return TicketInput(title=title)


def test_copy_refuses_a_target_that_is_not_empty(
    filled: Services, capsys: pytest.CaptureFixture[str]
) -> None:
    source_dir = str(filled.paths.root)
    filled.close()
    uri = pg.fresh_uri()
    assert run("copy-data", "--data-dir", source_dir, "--to", uri) == 0
    assert run("copy-data", "--data-dir", source_dir, "--to", uri) == 1
    assert "not empty (it has rows in tag, ticket" in capsys.readouterr().err


def test_copy_to_a_wrong_uri_is_one_line(filled: Services, capsys: pytest.CaptureFixture[str]) -> None:
    source_dir = str(filled.paths.root)
    filled.close()
    assert run("copy-data", "--data-dir", source_dir, "--to", "mysql://u:pw@h/db") != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pw" not in err and "not a supported database URI" in err
