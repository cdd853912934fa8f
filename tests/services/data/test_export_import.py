"""export → import → export: the same document, the same tickets, logs and files; a bad file imports nothing.

Every test here runs on both stores (``backend``), except the two parts that read SQLite's own storage: the stored
text of the ticket rows compared byte for byte, and the FTS5 index rebuilt in bulk (PostgreSQL's search index is an
expression index with nothing stored to compare).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.services.data.conftest import Folder, run
from tests.services.data.factory import blob
from tickettracker.app import build_services
from tickettracker.domain.interchange import json_schema
from tickettracker.services.container import Services
from tickettracker.store import tickets as repo

ROOT = Path(__file__).resolve().parents[3]
SPEC_TICKET_KEYS = [
    "id", "title", "description", "notes", "requester", "watchers", "priority", "status", "hold_reason",
    "due", "created", "updated", "tags", "links", "attachments", "updates",
]  # fmt: skip


def raw_rows(database: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(database)
    try:
        cols = [r[1] for r in conn.execute("PRAGMA table_info(ticket)") if r[1] != "version"]
        return conn.execute(f"SELECT {', '.join(cols)} FROM ticket ORDER BY id").fetchall()
    finally:
        conn.close()


def export_doc(data: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    capsys.readouterr()
    assert run("export", "--data-dir", str(data)) == 0
    return json.loads(capsys.readouterr().out)


def test_round_trip_gives_the_same_document_tickets_logs_and_files(
    tracker: Services, folder: Folder, backend: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    filled = tracker
    source = filled.paths.root
    zip_path = tmp_path / "all.zip"
    assert run("export", str(zip_path), "--attachments", "--data-dir", str(source)) == 0
    target = folder("empty")
    assert run("import", str(zip_path), "--data-dir", str(target)) == 0
    assert "4 ticket(s) and 2 new file(s) imported" in capsys.readouterr().out

    before, after = export_doc(source, capsys), export_doc(target, capsys)
    assert before["tickets"] == after["tickets"]
    assert (
        before["views"]
        == after["views"]
        == [
            {"name": "Printers", "query": "tag:printer is:active", "sort": "-updated", "default": False},
            {"name": "Urgent ones", "query": 'priority:>=High -tag:"<junk>"', "sort": "", "default": True},
        ]
    )
    assert [t["id"] for t in after["tickets"]] == [12, 13, 14, 15]
    for sha in {a["sha256"] for t in before["tickets"] for a in t["attachments"]}:
        assert blob(target, sha).read_bytes() == blob(source, sha).read_bytes()

    # Beyond the document: derived columns, trash state and the "created" entry's initial values.
    copy = build_services(str(target))
    try:
        with filled.db.read() as a, copy.db.read() as b:
            for tid in (12, 13, 14, 15):
                old, new = repo.ticket_row(a, ticket_id=tid), repo.ticket_row(b, ticket_id=tid)
                assert {k: v for k, v in old.items() if k != "version"} == {
                    k: v for k, v in new.items() if k != "version"
                }
                assert repo.initial_status(a, ticket_id=tid) == repo.initial_status(b, ticket_id=tid)
            assert (
                repo.load_ticket(b, ticket_id=13).updates[0].new
                == repo.load_ticket(a, ticket_id=13).updates[0].new
            )
        if backend == "sqlite":  # the same stored text, too (reads the SQLite file itself)
            assert raw_rows(filled.paths.database) == raw_rows(copy.paths.database)
        assert run("check", "--data-dir", str(target)) == 0
    finally:
        copy.close()


def test_document_keys_follow_the_spec_order(tracker: Services, capsys: pytest.CaptureFixture[str]) -> None:
    doc = export_doc(tracker.paths.root, capsys)
    assert list(doc) == ["format", "exported_at", "tickets", "views", "templates", "snippets"]
    assert doc["format"] == "tickettracker/2"
    fire = doc["tickets"][0]
    assert list(fire)[: len(SPEC_TICKET_KEYS)] == SPEC_TICKET_KEYS
    assert list(fire["attachments"][0]) == ["name", "size", "sha256", "content_type", "update"]
    status = fire["updates"][1]
    assert list(status) == ["at", "author", "kind", "from", "to", "body"]
    assert (status["from"], status["to"], status["body"]) == ("Open", "On Hold", "Awaiting customer response")
    assert fire["due"] == "2026-12-01T17:00:00+00:00" and fire["created"].endswith("+00:00")


def test_shipped_schema_is_generated_from_the_models_and_accepts_an_export(
    tracker: Services, capsys: pytest.CaptureFixture[str]
) -> None:
    shipped = json.loads((ROOT / "tickettracker" / "schema" / "tickettracker-2.schema.json").read_text())
    assert shipped == json_schema()
    import jsonschema  # in the test extras: this check never skips

    jsonschema.Draft202012Validator(shipped).validate(export_doc(tracker.paths.root, capsys))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(shipped).validate({"format": "tickettracker/2", "tickets": [{}]})


GOOD = {"id": 1, "title": "Fine", "priority": "Low", "status": "Open"}
BAD = [
    ({"id": 7, "title": "x", "status": "Frozen"}, "ticket #7 (entry 2): status: Unknown status 'Frozen'"),
    ({"id": 7, "title": "x", "priority": "Mega"}, "ticket #7 (entry 2): priority: Unknown priority 'Mega'"),
    ({"id": 7, "title": "x", "due": "2026-13-01T00:00:00+00:00"}, "ticket #7 (entry 2): due:"),
    (
        {"id": 7, "title": "x", "due": "2026-12-01T10:00:00"},
        "ticket #7 (entry 2): due: Input should have timezone",
    ),
    ({"id": 7}, "ticket #7 (entry 2): title: Field required"),
    ({"id": 7, "title": "   "}, "ticket #7 (entry 2): title: A title is required"),
    (
        {"id": 7, "title": "x", "status": "On Hold"},
        "ticket #7 (entry 2): hold_reason: On Hold needs a reason",
    ),
    ({"id": 7, "title": "x", "links": [{"url": "javascript:alert(1)"}]}, "ticket #7 (entry 2): links:"),
    ({"id": "7", "title": "x"}, "ticket entry 2: id: Input should be a valid integer"),
    ({"id": 7, "title": "x", "colour": "red"}, "ticket #7 (entry 2): colour: Extra inputs are not permitted"),
    (
        {"id": 7, "title": "x", "updates": [{"at": "2026-11-01T09:00:00+00:00", "author": "A"}]},
        "ticket #7 (entry 2): updates.0.kind: Field required",
    ),
    (
        {"id": 7, "title": "x", "attachments": [{"name": "a", "size": 1, "sha256": "0" * 64}]},
        "ticket #7 (entry 2): attachments.0: the file 0000",
    ),
]


@pytest.mark.parametrize(("bad", "message"), BAD)
def test_a_bad_ticket_imports_nothing_and_names_ticket_and_field(
    folder: Folder, tmp_path: Path, capsys: pytest.CaptureFixture[str], bad: dict[str, Any], message: str
) -> None:
    data = folder("data")
    path = tmp_path / "in.json"
    path.write_text(json.dumps({"format": "tickettracker/1", "tickets": [GOOD, bad]}))
    assert run("import", str(path), "--data-dir", str(data)) == 1
    err = capsys.readouterr().err
    assert f"{path}: nothing imported" in err and message in err and "Traceback" not in err
    assert export_doc(data, capsys)["tickets"] == []


def test_not_json_and_wrong_format_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.json").write_text("{nope")
    (tmp_path / "b.json").write_text(json.dumps({"format": "other/2", "tickets": []}))
    assert run("import", str(tmp_path / "a.json")) == 1
    assert "not JSON" in capsys.readouterr().err
    assert run("import", str(tmp_path / "b.json")) == 1
    assert "document: format: String should match pattern" in capsys.readouterr().err
    assert run("import", str(tmp_path / "missing.json")) == 1
    assert "missing.json: no such file" in capsys.readouterr().err


def test_ids_kept_when_free_and_a_minimal_ticket_gets_a_created_entry(
    folder: Folder, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = folder("data")
    doc = {
        "format": "tickettracker/1",
        "tickets": [
            {"id": 40, "title": "Forty", "created": "2026-11-01T09:00:00+01:00"},
            {"title": "No id"},
            {"id": 40, "title": "Also forty"},
        ],
    }
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc))
    assert run("import", str(path), "--data-dir", str(data)) == 0
    assert "ticket #40 is now #42 (its id was taken)" in capsys.readouterr().err
    out = export_doc(data, capsys)["tickets"]
    assert [(t["id"], t["title"]) for t in out] == [(40, "Forty"), (41, "No id"), (42, "Also forty")]
    forty = out[0]
    assert forty["created"] == "2026-11-01T08:00:00+00:00" and forty["status"] == "Open"
    assert forty["updates"] == [{"at": forty["created"], "author": "System", "kind": "created", "body": ""}]
    # importing again keeps the ones already there and numbers the newcomers after them
    assert run("import", str(path), "--data-dir", str(data)) == 0
    assert [t["id"] for t in export_doc(data, capsys)["tickets"]] == [40, 41, 42, 43, 44, 45]


def test_imported_tickets_are_searchable_and_get_their_sla_deadline(
    folder: Folder, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tickettracker.domain.records import ListQuery

    data = folder("data")
    path = tmp_path / "in.json"
    path.write_text(
        json.dumps(
            {
                "format": "tickettracker/1",
                "tickets": [{"id": 3, "title": "Café printer", "created": "2026-11-01T09:00:00+00:00"}],
            }
        )
    )
    assert run("import", str(path), "--data-dir", str(data)) == 0
    ctx = build_services(str(data))
    try:
        page = ctx.tickets.page(ListQuery(text="cafe"))
        assert [r.title for r in page.rows] == ["Café printer"]
        with ctx.db.read() as s:
            assert repo.ticket_row(s, ticket_id=3)["deadline"] is not None
    finally:
        ctx.close()


def test_a_failing_transaction_leaves_no_rows_and_no_new_files(
    tracker: Services,
    folder: Folder,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tickettracker.store import fts

    zip_path = tmp_path / "all.zip"
    assert run("export", str(zip_path), "--attachments", "--data-dir", str(tracker.paths.root)) == 0

    def broken(_session: object) -> int:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(fts, "rebuild", broken)
    target = folder("t")
    with pytest.raises(RuntimeError):
        run("import", str(zip_path), "--data-dir", str(target))
    monkeypatch.undo()
    assert export_doc(target, capsys)["tickets"] == []
    assert [p for p in (target / "uploads").rglob("*") if p.is_file()] == []


def test_csv_has_one_row_per_ticket_and_defuses_formulas(
    folder: Folder, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = folder("data")
    path = tmp_path / "in.json"
    path.write_text(
        json.dumps(
            {
                "format": "tickettracker/1",
                "tickets": [
                    {
                        "id": 1,
                        "title": '=HYPERLINK("http://evil")',
                        "tags": ["b", "a"],
                        "watchers": ["x", "y"],
                    },
                    {"id": 2, "title": "Line\nbreaks, commas", "description": "multi\nline"},
                ],
            }
        )
    )
    assert run("import", str(path), "--data-dir", str(data)) == 0
    capsys.readouterr()
    assert run("export", "--format", "csv", "--data-dir", str(data)) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["id"] for r in rows] == ["1", "2"]
    assert rows[0]["title"] == '\'=HYPERLINK("http://evil")' and rows[0]["tags"] == "a; b"
    assert rows[0]["watchers"] == "x; y" and rows[1]["description"] == "multi\nline"


def test_export_to_a_file_and_attachments_need_a_file(
    folder: Folder, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = folder("data")
    assert run("export", str(tmp_path / "out.json"), "--data-dir", str(data)) == 0
    assert json.loads((tmp_path / "out.json").read_text())["tickets"] == []
    assert run("export", "--attachments", "--data-dir", str(data)) == 1
    assert "give a DEST file name" in capsys.readouterr().err


def test_bulk_fts_rebuild_equals_the_per_ticket_index(filled: Services) -> None:
    """SQLite only: it compares the FTS5 table's stored rows (PostgreSQL indexes an expression; nothing stored)."""
    from sqlalchemy import text

    from tickettracker.store import fts

    def entries() -> list[tuple[Any, ...]]:
        with filled.db.read() as s:
            return [tuple(r) for r in s.execute(text("SELECT rowid, * FROM ticket_fts ORDER BY rowid"))]

    written_one_by_one = entries()  # what the services wrote, ticket by ticket
    with filled.db.write() as s:
        assert fts.rebuild(s) == 4
    assert entries() == written_one_by_one and len(written_one_by_one) == 4


def test_views_import_after_existing_ones_never_overwriting_a_name(
    tracker: Services, folder: Folder, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tickettracker.services.power import PowerService

    dump = tmp_path / "all.zip"
    assert run("export", str(dump), "--attachments", "--data-dir", str(tracker.paths.root)) == 0
    target = folder("t")
    here = build_services(str(target))
    try:
        power = PowerService(here.tickets)
        power.set_default_view(power.save_view("printers", "tag:mine"))  # same name, other case
    finally:
        here.close()
    capsys.readouterr()
    assert run("import", str(dump), "--data-dir", str(target)) == 0
    assert (
        "import: 1 saved view(s) added (Printers kept as they were: the name is taken)"
        in capsys.readouterr().out
    )
    assert export_doc(target, capsys)["views"] == [
        {"name": "printers", "query": "tag:mine", "sort": "", "default": True},  # still the default
        {"name": "Urgent ones", "query": 'priority:>=High -tag:"<junk>"', "sort": "", "default": False},
    ]


def test_a_view_the_app_would_refuse_imports_nothing(
    folder: Folder, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = folder("data")
    path = tmp_path / "in.json"
    views = [{"name": "Typo", "query": "stauts:open"}, {"name": " ", "query": ""}]
    path.write_text(json.dumps({"format": "tickettracker/1", "tickets": [GOOD], "views": views}))
    assert run("import", str(path), "--data-dir", str(data)) == 1
    err = capsys.readouterr().err
    assert "nothing imported, 2 problem(s)" in err
    assert "view 1 ('Typo'): query:" in err and "view 2 (' '): name: give a name of 1 to 60 characters" in err
    doc = export_doc(data, capsys)
    assert doc["tickets"] == [] and doc["views"] == []


def test_imported_attachment_names_get_the_upload_file_name_rules(
    folder: Folder, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tickettracker.domain.files import safe_filename

    data = folder("data")
    content = b"not really an exe"
    sha = hashlib.sha256(content).hexdigest()
    hostile = ["../../etc/evil\u202etxt.exe", "C:\\Windows\\con.txt", "a\x00b<>:|?*.txt", "  .  "]
    path = tmp_path / "in.zip"
    with zipfile.ZipFile(path, "w") as zf:
        attachments = [
            {"name": n, "size": len(content), "sha256": sha, "content_type": "x<script>"} for n in hostile
        ]
        ticket = {"id": 1, "title": "Files", "attachments": attachments}
        zf.writestr("tickets.json", json.dumps({"format": "tickettracker/1", "tickets": [ticket]}))
        zf.writestr(f"files/{sha}", content)
    assert run("import", str(path), "--data-dir", str(data)) == 0
    stored = export_doc(data, capsys)["tickets"][0]["attachments"]
    assert [a["name"] for a in stored] == [safe_filename(n) for n in hostile]
    assert [a["name"] for a in stored] == ["eviltxt.exe", "_con.txt", "ab______.txt", "file"]
    assert {a["content_type"] for a in stored} == {"application/octet-stream"}  # as an upload's would be


def test_a_zip_file_whose_content_does_not_match_its_name_imports_nothing(
    folder: Folder, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = folder("data")
    claimed = hashlib.sha256(b"the real file").hexdigest()
    path = tmp_path / "forged.zip"
    with zipfile.ZipFile(path, "w") as zf:
        attachment = {"name": "a.txt", "size": 13, "sha256": claimed}
        ticket = {"id": 1, "title": "Forged", "attachments": [attachment]}
        zf.writestr("tickets.json", json.dumps({"format": "tickettracker/1", "tickets": [ticket]}))
        zf.writestr(f"files/{claimed}", b"something else entirely")
    assert run("import", str(path), "--data-dir", str(data)) == 1
    err = capsys.readouterr().err
    assert f"{path}: nothing imported, 1 problem(s)" in err
    assert f"ticket #1 (entry 1): attachment 'a.txt': file {claimed}: its content has SHA-256" in err
    assert export_doc(data, capsys)["tickets"] == []
    uploads = data / "uploads"
    assert [
        p for p in uploads.rglob("*") if p.is_file()
    ] == []  # no file under the claimed name, no partial one
