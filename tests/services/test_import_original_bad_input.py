"""import-original refuses bad input with one clear message, exit code 1 and nothing written; a file it cannot bring
across is listed, never dropped silently. Databases in the original's schema are written by benchmarks/original_db."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.original_db import create_schema
from tickettracker.app import build_services
from tickettracker.cli import start
from tickettracker.domain.records import ListQuery


def make_original(
    folder: Path,
    *,
    ticket: dict[str, object] | None = None,
    stored: str = "shared/a.txt",
    content: bytes | None = b"hello",
    checksum: str | None = None,
    config: object = None,
) -> Path:
    """A small project folder of the original: config.json, tickettracker.db with one ticket and one file."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text(json.dumps(config if config is not None else {}))
    conn = sqlite3.connect(folder / "tickettracker.db")
    create_schema(conn)
    row = {
        "id": 1,
        "title": "Printer",
        "description": "jams",
        "priority": "High",
        "status": "Open",
        "created_at": "2024-01-02 10:00:00.000000",
        "updated_at": "2024-01-02 10:00:00.000000",
    }
    row.update(ticket or {})
    conn.execute(
        f"INSERT INTO tickets ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values())
    )
    target = folder / "uploads" / "shared" / "a.txt"
    target.parent.mkdir(parents=True, exist_ok=True)
    if content is not None:
        target.write_bytes(content)
    conn.execute(
        "INSERT INTO attachments (id, ticket_id, original_filename, stored_filename, size, checksum, uploaded_at) "
        "VALUES (1, 1, 'a.txt', ?, 5, ?, '2024-01-02 10:00:00')",
        (stored, checksum),
    )
    conn.commit()
    conn.close()
    return folder


def _run(args: list[str], data: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = start(["import-original", *args, "--data-dir", str(data)])
    out, err = capsys.readouterr()
    return code, out, err


def _nothing_written(data: Path) -> None:
    ctx = build_services(str(data))
    try:
        assert ctx.tickets.count(ListQuery(trash=False)) == 0
        assert not [p for p in ctx.paths.uploads.rglob("*") if p.is_file()]
    finally:
        ctx.close()
    assert not (data / "config.json").exists()


def _rmtree(p: Path) -> None:
    import shutil

    shutil.rmtree(p)


def _garbage(p: Path) -> Path:
    make_original(p)
    raw = bytearray((p / "tickettracker.db").read_bytes())
    raw[4096:8192] = b"\xff" * 4096  # the second page: a table's b-tree
    (p / "tickettracker.db").write_bytes(bytes(raw))
    return p


def _our_own_database(p: Path) -> Path:
    p.mkdir()
    build_services(str(p)).close()  # this tracker's own data folder: tickettracker.db of another schema
    return p


def _no_status_column(p: Path) -> Path:
    p.mkdir()
    conn = sqlite3.connect(p / "tickettracker.db")
    for t in (
        "tickets (id, title, description, priority, created_at, updated_at)",
        "ticket_updates (id)",
        "attachments (id)",
        "tags (id)",
        "ticket_tags (ticket_id)",
    ):
        conn.execute(f"CREATE TABLE {t}")
    conn.close()
    return p


# (name, build the PATH in the given folder → the argument list, what the one message says)
BAD: list[tuple[str, Callable[[Path], list[str]], str]] = [
    ("no such path", lambda p: [str(p / "nowhere")], "no such file or folder"),
    (
        "a folder that is not the original's",
        lambda p: (p.mkdir(), [str(p)])[1],
        "not the original TicketTracker's folder",
    ),
    (
        "not an SQLite file",
        lambda p: (p.mkdir(), (p / "tickettracker.db").write_text("hello"), [str(p)])[2],
        "not an SQLite database, or it is damaged",
    ),
    ("a damaged database", lambda p: [str(_garbage(p))], "damaged"),
    (
        "another schema (this tracker's own database)",
        lambda p: [str(_our_own_database(p) / "tickettracker.db")],
        "not the original TicketTracker's database (no table attachments, tags, ticket_tags, ticket_updates, tickets)",
    ),
    (
        "a table without a column the original always had",
        lambda p: [str(_no_status_column(p))],
        "table tickets has no column status",
    ),
    (
        "a file name escaping the uploads folder",
        lambda p: [str(make_original(p, stored="../../secret.txt"))],
        "file name '../../secret.txt' escapes the uploads folder",
    ),
    (
        "an absolute file name",
        lambda p: [str(make_original(p, stored="/etc/passwd"))],
        "escapes the uploads folder",
    ),
    (
        "an unknown priority",
        lambda p: [str(make_original(p, ticket={"priority": "Unplanned"}))],
        "unknown priority 'Unplanned' in 1 ticket(s) (#1); this configuration has: Low, Medium, High, Urgent",
    ),
    (
        "an unknown status",
        lambda p: [str(make_original(p, ticket={"status": "Investigating"}))],
        "unknown status 'Investigating' in 1 ticket(s) (#1)",
    ),
    ("a --map without =", lambda p: [str(make_original(p)), "--map", "Critical"], "write it as OLD=NEW"),
    (
        "demo mode on without its snapshot",
        lambda p: [str(make_original(p, config={"demo_mode": True}))],
        "has no snapshot of your own data",
    ),
    (
        "a broken config.json",
        lambda p: (make_original(p), (p / "config.json").write_text("{"), [str(p)])[2],
        "config.json: broken JSON at line 1",
    ),
    (
        "an in-memory database",
        lambda p: [str(make_original(p, config={"database": {"uri": "sqlite:///:memory:"}}))],
        "database.uri is an in-memory database",
    ),
    (
        "a database the config points to that is not there",
        lambda p: [str(make_original(p, config={"database": {"uri": "sqlite:///elsewhere.db"}}))],
        "no database there",
    ),
    (
        "attachments but no uploads folder",
        lambda p: (make_original(p), _rmtree(p / "uploads"), [str(p)])[2],
        "the database has 1 attachment(s) but there is no uploads folder at",
    ),
    (
        "--uploads that is not a folder",
        lambda p: [str(make_original(p)), "--uploads", str(p / "nope")],
        "--uploads is not a folder",
    ),
    (
        "a timestamp that is not one",
        lambda p: [str(make_original(p, ticket={"created_at": "yesterday"}))],
        "ticket #1: created_at: 'yesterday' is not a date",
    ),
]


@pytest.mark.parametrize(("name", "build", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_one_clear_message_and_nothing_is_written(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    build: Callable[[Path], list[str]],
    message: str,
) -> None:
    args = build(tmp_path / "orig")
    code, out, err = _run(args, tmp_path / "data", capsys)
    assert code == 1, (name, out, err)
    assert err.startswith("tickettracker: error: ") and message in err, err
    assert "Traceback" not in err and out == ""
    _nothing_written(tmp_path / "data")


def test_a_locked_database_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = make_original(tmp_path / "orig")
    holder = sqlite3.connect(folder / "tickettracker.db")
    holder.execute("BEGIN EXCLUSIVE")  # the original in the middle of a write
    try:
        code, _, err = _run([str(folder)], tmp_path / "data", capsys)
    finally:
        holder.rollback()
        holder.close()
    assert code == 1 and "the database is locked by another program" in err
    _nothing_written(tmp_path / "data")


def test_map_renames_on_the_way_in(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = make_original(tmp_path / "orig", ticket={"priority": "Critical", "status": "Investigating"})
    code, out, _ = _run(
        [str(folder), "--map", "Critical=Urgent", "--map", "Investigating=In Progress"],
        tmp_path / "data",
        capsys,
    )
    assert code == 0 and "imported 1 ticket(s)" in out
    ctx = build_services(str(tmp_path / "data"))
    try:
        t = ctx.tickets.get(1)
        assert (t.priority, t.status) == ("Urgent", "In Progress")
    finally:
        ctx.close()


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"content": None}, "file missing at"),
        (
            {"checksum": hashlib.sha256(b"other bytes").hexdigest()},
            "its content changed since the original stored it",
        ),
    ],
)
def test_a_file_that_cannot_come_across_is_listed_and_noted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kwargs: dict[str, object], reason: str
) -> None:
    folder = make_original(tmp_path / "orig", **kwargs)  # type: ignore[arg-type]
    code, out, _ = _run([str(folder)], tmp_path / "data", capsys)
    assert code == 0
    assert f"skipped: ticket #1: attachment #1 'a.txt': {reason}" in out
    ctx = build_services(str(tmp_path / "data"))
    try:
        t = ctx.tickets.get(1)
        assert t.attachments == ()
        assert any(
            "Attachment 'a.txt' could not be brought across" in u.body and reason in u.body for u in t.updates
        )
    finally:
        ctx.close()
