"""Attachment files and rows on a real SQLite file and a real uploads folder, through the attachment service."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.factories import make_ticket
from tickettracker.domain.validation import LinkIn
from tickettracker.errors import NotFound, StoreError, ValidationFailed, WorkflowError
from tickettracker.services.attachments import AttachmentService
from tickettracker.services.tickets import TicketService
from tickettracker.store.attachments import BlobStore, BlobTooLarge
from tickettracker.store.blob_table import DbBlobStore, blob_store

# SQLite keeps the bytes in the uploads folder; PostgreSQL in its blob table, the folder being a local cache that
# mirrors it (written on place, removed on delete), so what the folder holds is asserted the same on both.
_PG_REFUSE = (
    "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk is full'; END $$;"
    " CREATE TRIGGER refuse BEFORE INSERT ON attachment FOR EACH ROW EXECUTE FUNCTION refuse()"
)


@pytest.fixture
def uploads(tmp_path: Path) -> Path:
    return tmp_path / "uploads"


@pytest.fixture
def files(service: TicketService, uploads: Path) -> AttachmentService:
    return AttachmentService(service, blob_store(uploads, service.db))


def on_disk(uploads: Path) -> list[str]:
    """Every file under the uploads folder, relative, sorted (temporary ones included)."""
    return sorted(str(p.relative_to(uploads)) for p in uploads.rglob("*") if p.is_file())


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def new_ticket(service: TicketService, title: str = "Printer on fire") -> int:
    return make_ticket(service, title=title)


def test_a_file_is_stored_under_its_sha256_with_its_metadata(
    service: TicketService, files: AttachmentService, uploads: Path
) -> None:
    tid = new_ticket(service)
    [aid] = files.attach(tid, [files.stage_bytes("notes.txt", b"hello", "text/plain")], author="Ana")
    digest = sha(b"hello")
    assert on_disk(uploads) == [f"{digest[:2]}/{digest}"]
    t = service.get(tid)
    [a] = t.attachments
    assert (a.id, a.name, a.size, a.content_type, a.sha256) == (aid, "notes.txt", 5, "text/plain", digest)
    assert t.updates[-1].kind == "attachment"
    assert t.updates[-1].body == "Attached notes.txt (5 B)"
    assert t.updates[-1].author == "Ana"
    rec, path = files.file_for(aid)
    assert path.read_bytes() == b"hello" and rec.name == "notes.txt"


def test_identical_content_is_stored_once(
    service: TicketService, files: AttachmentService, uploads: Path
) -> None:
    one, two = new_ticket(service, "one"), new_ticket(service, "two")
    files.attach(one, [files.stage_bytes("a.txt", b"same bytes")])
    files.attach(two, [files.stage_bytes("b.txt", b"same bytes"), files.stage_bytes("c.txt", b"other")])
    assert len(on_disk(uploads)) == 2
    assert [a.name for a in service.get(two).attachments] == ["b.txt", "c.txt"]


def test_a_shared_file_is_deleted_only_with_its_last_row(
    service: TicketService, files: AttachmentService, uploads: Path
) -> None:
    one, two = new_ticket(service, "one"), new_ticket(service, "two")
    [a1] = files.attach(one, [files.stage_bytes("a.txt", b"shared")])
    [a2] = files.attach(two, [files.stage_bytes("b.txt", b"shared")])
    first = files.delete(a1, author="Bo")
    assert first.message == "Deleted a.txt; its file is kept because another attachment uses it"
    assert len(on_disk(uploads)) == 1
    assert files.file_for(a2)[1].read_bytes() == b"shared"
    log = service.get(one).updates[-1]
    assert (log.kind, log.body, log.author) == ("attachment", "Deleted attachment a.txt", "Bo")
    assert files.delete(a2).message == "Deleted b.txt"
    assert on_disk(uploads) == []
    with pytest.raises(NotFound):
        files.file_for(a2)


def test_a_failed_commit_leaves_no_file_no_row_and_no_log_entry(
    service: TicketService, files: AttachmentService, uploads: Path
) -> None:
    tid = new_ticket(service)
    [kept] = files.attach(tid, [files.stage_bytes("kept.txt", b"already here")])
    before = on_disk(uploads)
    with service.db.write() as s:  # the database refuses the next attachment row, after the file was placed
        if service.db.is_postgres:
            s.connection().exec_driver_sql(_PG_REFUSE)
        else:
            s.execute(
                text(
                    "CREATE TRIGGER refuse BEFORE INSERT ON attachment "
                    "BEGIN SELECT RAISE(ABORT, 'disk is full'); END"
                )
            )
    staged = [files.stage_bytes("new.txt", b"brand new"), files.stage_bytes("dup.txt", b"already here")]
    try:
        with pytest.raises(Exception, match="disk is full"):
            files.attach(tid, staged)
    finally:  # the PostgreSQL test database outlives the test (it is emptied, not dropped)
        with service.db.write() as s:
            s.execute(text("DROP TRIGGER refuse" + (" ON attachment" if service.db.is_postgres else "")))
    assert on_disk(uploads) == before  # the new content is gone; the shared one stays for its row
    assert [a.id for a in service.get(tid).attachments] == [kept]
    assert [u.kind for u in service.get(tid).updates] == ["created", "attachment"]
    assert not any(f.available for f in staged)


def test_an_update_with_only_files_carries_them(service: TicketService, files: AttachmentService) -> None:
    tid = new_ticket(service)
    uid = files.post_update(
        tid, "", files=[files.stage_bytes("log.txt", b"trace"), files.stage_bytes("x.png", b"\x89PNG")]
    )
    note = service.get(tid).updates[-1]
    assert note.id == uid and note.kind == "note" and note.body == ""
    assert [a.name for a in note.attachments] == ["log.txt", "x.png"]
    assert service.get(tid).attachments == ()  # they belong to the update, not to the ticket itself


def test_an_update_with_text_links_and_files(service: TicketService, files: AttachmentService) -> None:
    tid = new_ticket(service)
    files.post_update(
        tid, "See log", files=[files.stage_bytes("log.txt", b"trace")], links=[LinkIn("https://example.com")]
    )
    note = service.get(tid).updates[-1]
    assert (note.body, [lk.url for lk in note.links], [a.name for a in note.attachments]) == (
        "See log",
        ["https://example.com"],
        ["log.txt"],
    )


def test_a_bad_link_keeps_the_staged_files_for_a_second_try(
    service: TicketService, files: AttachmentService, uploads: Path
) -> None:
    tid = new_ticket(service)
    staged = [files.stage_bytes("log.txt", b"trace")]
    with pytest.raises(ValidationFailed) as e:
        files.post_update(tid, "x", files=staged, links=[LinkIn("javascript:alert(1)")])
    assert "Only http, https and mailto" in e.value.problems["links"]
    assert staged[0].available
    files.post_update(tid, "x", files=staged)
    assert [a.name for a in service.get(tid).updates[-1].attachments] == ["log.txt"]
    assert not (uploads / ".incoming").exists() or list((uploads / ".incoming").iterdir()) == []


def test_closed_or_trashed_tickets_take_no_files(
    service: TicketService, files: AttachmentService, uploads: Path
) -> None:
    closed = new_ticket(service, "closed")
    service.change_status(closed, "Closed")
    with pytest.raises(WorkflowError):
        files.attach(closed, [files.stage_bytes("a.txt", b"a")])
    trashed = new_ticket(service, "trashed")
    service.delete(trashed)
    with pytest.raises(WorkflowError, match="trash"):
        files.attach(trashed, [files.stage_bytes("b.txt", b"b")])
    assert on_disk(uploads) == []


def test_purging_a_ticket_removes_files_nothing_else_uses(
    service: TicketService, files: AttachmentService, uploads: Path
) -> None:
    gone, stays = new_ticket(service, "gone"), new_ticket(service, "stays")
    files.attach(gone, [files.stage_bytes("only.txt", b"only mine"), files.stage_bytes("s.txt", b"shared")])
    files.attach(stays, [files.stage_bytes("s.txt", b"shared")])
    service.delete(gone)
    files.purge(gone)
    digest = sha(b"shared")
    assert on_disk(uploads) == [f"{digest[:2]}/{digest}"]


def test_the_writer_refuses_more_than_the_limit_and_leaves_nothing(uploads: Path) -> None:
    store = BlobStore(uploads)
    writer = store.writer(limit=10)
    writer.write(b"12345")
    with pytest.raises(BlobTooLarge):
        writer.write(b"678901")
    assert on_disk(uploads) == []


def test_over_limit_staging_is_a_validation_error(
    service: TicketService, files: AttachmentService, uploads: Path
) -> None:
    service.cfg = service.cfg.model_copy(
        update={"uploads": service.cfg.uploads.model_copy(update={"max_bytes": 4})}
    )
    with pytest.raises(ValidationFailed, match="upload limit"):
        files.stage_bytes("big.bin", b"12345")
    assert on_disk(uploads) == []


@pytest.mark.parametrize("chunks", [[b"1234567890"], [b"12345", b"67890"], [b"123456789", b"0"]])
def test_exactly_the_limit_is_accepted_one_byte_more_is_not(uploads: Path, chunks: list[bytes]) -> None:
    store = BlobStore(uploads)
    at_limit = store.writer(limit=10)
    for chunk in chunks:
        at_limit.write(chunk)
    staged = at_limit.finish()
    assert (staged.size, staged.path.read_bytes()) == (10, b"1234567890")
    over = store.writer(limit=10)
    for chunk in chunks:
        over.write(chunk)
    with pytest.raises(BlobTooLarge, match="upload limit of 10 bytes"):
        over.write(b"!")
    assert on_disk(uploads) == [str(staged.path.relative_to(uploads))]  # only the accepted one


def test_only_sha256_names_are_ever_turned_into_paths(uploads: Path) -> None:
    store = BlobStore(uploads)
    for bad in ("../../etc/passwd", "A" * 64, "0" * 63, "/" + "0" * 63):
        with pytest.raises(StoreError):
            store.path_for(bad)


def test_sweep_reports_and_removes_only_when_asked(
    service: TicketService, files: AttachmentService, uploads: Path
) -> None:
    tid = new_ticket(service)
    [aid] = files.attach(tid, [files.stage_bytes("row.txt", b"has a row")])
    [lost] = files.attach(tid, [files.stage_bytes("lost.txt", b"file will vanish")])
    files.file_for(lost)[1].unlink()
    orphan = sha(b"no row")
    (uploads / orphan[:2]).mkdir(exist_ok=True)
    (uploads / orphan[:2] / orphan).write_bytes(b"no row")
    if isinstance(files.blobs, DbBlobStore):  # the same damage done to the blob table
        with service.db.write() as s:
            s.execute(text("DELETE FROM blob WHERE sha256 = :s"), {"s": sha(b"file will vanish")})
            files.blobs.place(files.blobs.write_bytes(b"no row"), s)
    leftover = files.writer()
    leftover.write(b"half an upload")  # a crash would leave this behind
    report = files.sweep()
    assert report.files_without_rows == [orphan]
    assert report.rows_without_files == [sha(b"file will vanish")]
    assert len(report.unfinished_uploads) == 1
    assert len(report.problems) == 3 and report.removed == []
    assert (uploads / orphan[:2] / orphan).exists()  # reporting deletes nothing

    report = files.sweep(remove=True)
    assert not (uploads / orphan[:2] / orphan).exists()
    assert list((uploads / ".incoming").iterdir()) == []
    assert files.file_for(aid)[1].read_bytes() == b"has a row"
    assert [a.id for a in service.get(tid).attachments] == [aid, lost]  # rows are never deleted
    assert files.sweep().problems == [f"attachment row whose file is missing: {sha(b'file will vanish')}"]


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("../../etc/passwd", "passwd"),
        ("CON", "_CON"),
        ("a\x00b.txt", "ab.txt"),
        ("invoice\u202etxt.exe", "invoicetxt.exe"),
        ("x" * 300 + ".txt", "x" * 251 + ".txt"),
        ("Cafe\u0301.txt", "Café.txt"),
    ],
)
def test_hostile_names_are_stored_as_safe_metadata_only(
    service: TicketService, files: AttachmentService, uploads: Path, sent: str, stored: str
) -> None:
    tid = new_ticket(service)
    [aid] = files.attach(tid, [files.stage_bytes(sent, b"payload")])
    assert service.get(tid).attachments[0].name == stored
    digest = sha(b"payload")
    assert on_disk(uploads) == [f"{digest[:2]}/{digest}"]  # the name never reaches the file system
    assert files.file_for(aid)[1] == uploads / digest[:2] / digest


def test_the_check_command_reports_and_removes_only_when_asked(
    isolated_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tickettracker.app import build_services
    from tickettracker.cli import start

    ctx = build_services()
    tid = make_ticket(ctx.tickets, title="t")
    ctx.attachments.attach(tid, [ctx.attachments.stage_bytes("gone.txt", b"gone")])
    ctx.attachments.file_for(1)[1].unlink()
    orphan = sha(b"orphan")
    (ctx.paths.uploads / orphan[:2]).mkdir()
    (ctx.paths.uploads / orphan[:2] / orphan).write_bytes(b"orphan")
    ctx.close()

    assert start(["check"]) == 1
    out = capsys.readouterr().out
    assert f"orphan file: uploads/{orphan[:2]}/{orphan} belongs to no attachment" in out
    gone = sha(b"gone")
    assert f"attachment 1 'gone.txt' of ticket #1: file uploads/{gone[:2]}/{gone} is missing" in out
    assert (ctx.paths.uploads / orphan[:2] / orphan).exists()

    assert start(["check", "--remove-orphan-files"]) == 1  # the missing file is still a problem
    out = capsys.readouterr().out
    assert f"removed uploads/{orphan[:2]}/{orphan}" in out
    assert not (ctx.paths.uploads / orphan[:2] / orphan).exists()
    assert start(["check"]) == 1
    assert capsys.readouterr().out.count("\n") == 2  # one problem line + the summary
