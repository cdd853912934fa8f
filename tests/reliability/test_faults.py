"""Writes the disk or the database refuses: each cause is named, nothing is written, the data stays sound, a retry
works once the cause is gone. Faults come from :mod:`tickettracker.faults` (the real errors, raised at the real
commit / fsync / rename) and, for one case, from a real full disk (a small tmpfs)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.factories import make_ticket, ticket_input
from tests.faultdisk import fill, small_disk
from tests.services.data.conftest import run
from tickettracker import faults
from tickettracker.app import build_services
from tickettracker.domain.records import ListQuery
from tickettracker.errors import (
    DatabaseBusy,
    DatabaseUnavailable,
    DiskFull,
    DiskIOError,
    ReadOnlyStorage,
    StorageFault,
)
from tickettracker.services.container import Services
from tickettracker.services.data import exporting
from tickettracker.services.data.backup import back_up_now, backup
from tickettracker.store import snapshot

# (what fails, the error the OS / SQLite gives, what the person is told)
CAUSES = [
    pytest.param(
        faults.sqlite_error("full"), DiskFull, "The disk holding your data folder is full", id="sqlite-full"
    ),
    pytest.param(faults.disk_full(), DiskFull, "The disk holding your data folder is full", id="ENOSPC"),
    pytest.param(
        faults.sqlite_error("readonly"),
        ReadOnlyStorage,
        "your data folder is read-only",
        id="sqlite-readonly",
    ),
    pytest.param(faults.read_only(), ReadOnlyStorage, "your data folder is read-only", id="EROFS"),
    pytest.param(
        faults.sqlite_error("ioerr"), DiskIOError, "reported an input/output error", id="sqlite-ioerr"
    ),
    pytest.param(faults.io_error(), DiskIOError, "reported an input/output error", id="EIO"),
    pytest.param(faults.sqlite_error("locked"), DatabaseBusy, "locked for too long", id="sqlite-locked"),
    pytest.param(faults.sqlite_error("busy"), DatabaseBusy, "locked for too long", id="sqlite-busy"),
]


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[Services]:
    services = build_services(str(tmp_path / "data"))
    yield services
    services.close()


def everything(ctx: Services, tid: int) -> Any:
    t = ctx.tickets.get(tid)
    files = len(t.attachments) + sum(len(u.attachments) for u in t.updates)
    return (t.version, t.status, t.title, [(u.kind, u.body) for u in t.updates], files)


def files_under(folder: Path) -> list[str]:
    return (
        sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
        if folder.exists()
        else []
    )


def data_is_sound(ctx: Services, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run("check", "--data-dir", str(ctx.paths.root)) == 0, capsys.readouterr()


@pytest.mark.parametrize(("error", "kind", "cause"), CAUSES)
def test_a_refused_update_names_the_cause_writes_nothing_and_the_retry_works(
    ctx: Services, capsys: pytest.CaptureFixture[str], error: BaseException, kind: type, cause: str
) -> None:
    tid = make_ticket(ctx.tickets, "Printer on fire")
    before = everything(ctx, tid)
    seen: list[str] = []
    ctx.tickets.bus.subscribe(lambda c: seen.append(c.kind))
    with faults.inject("commit", error), pytest.raises(kind) as raised:
        ctx.tickets.post_update(tid, "Called the vendor", author="Ana")
    assert cause in str(raised.value) and "nothing was saved" in str(raised.value)
    assert "try again" in str(raised.value)
    assert everything(ctx, tid) == before and seen == []  # nothing written, nobody told of a change
    data_is_sound(ctx, capsys)
    ctx.tickets.post_update(tid, "Called the vendor", author="Ana")  # the cause is gone: the same call works
    assert [u.body for u in ctx.tickets.get(tid).updates][-1] == "Called the vendor"


WRITES: list[tuple[str, Callable[[Services, int], object]]] = [
    ("create", lambda c, _t: make_ticket(c.tickets, "Another")),
    ("edit", lambda c, t: c.tickets.update(t, ticket_input("Renamed"))),
    ("status", lambda c, t: c.tickets.change_status(t, "On Hold", hold_reason="Awaiting parts")),
    ("trash", lambda c, t: c.tickets.delete(t)),
    ("view", lambda c, _t: c.power.save_view("Mine", "is:active")),
]


@pytest.mark.parametrize(("name", "write"), WRITES, ids=[w[0] for w in WRITES])
def test_every_kind_of_write_reports_a_full_disk(
    ctx: Services, capsys: pytest.CaptureFixture[str], name: str, write: Callable[[Services, int], object]
) -> None:
    tid = make_ticket(ctx.tickets, "Printer on fire")
    before, listed = everything(ctx, tid), ctx.power.views()
    with faults.inject("commit", faults.sqlite_error("full")), pytest.raises(DiskFull):
        write(ctx, tid)
    assert everything(ctx, tid) == before and ctx.power.views() == listed
    data_is_sound(ctx, capsys)
    write(ctx, tid)


@pytest.mark.parametrize("kind", ["cantopen", "ioerr", "locked"])
def test_a_read_of_a_file_that_cannot_be_reached_right_now_says_unavailable_and_the_next_read_works(
    ctx: Services, kind: Any
) -> None:
    """The pages show "Database unavailable — retrying" for this and retry (the same path as PostgreSQL's)."""
    tid = make_ticket(ctx.tickets, "Printer on fire")
    with faults.inject("read", faults.sqlite_error(kind)), pytest.raises(DatabaseUnavailable) as raised:
        ctx.tickets.get(tid)
    assert str(raised.value) == f"Database unavailable — retrying ({ctx.paths.store})"
    assert ctx.tickets.get(tid).title == "Printer on fire"


def test_a_staged_upload_whose_fsync_fails_leaves_no_partial_file(ctx: Services) -> None:
    with faults.inject("fsync", faults.io_error()), pytest.raises(DiskIOError):
        ctx.attachments.stage_bytes("notes.txt", b"hello")
    assert files_under(ctx.paths.uploads) == []
    assert ctx.attachments.stage_bytes("notes.txt", b"hello").available  # the retry works


def test_a_file_whose_rename_fails_is_not_attached_and_leaves_nothing(
    ctx: Services, capsys: pytest.CaptureFixture[str]
) -> None:
    tid = make_ticket(ctx.tickets, "Printer on fire")
    before = everything(ctx, tid)
    staged = ctx.attachments.stage_bytes("notes.txt", b"hello")
    with faults.inject("rename", faults.disk_full()), pytest.raises(DiskFull):
        ctx.attachments.post_update(tid, "See the file", files=[staged])
    assert everything(ctx, tid) == before and files_under(ctx.paths.uploads) == []
    data_is_sound(ctx, capsys)
    again = ctx.attachments.stage_bytes("notes.txt", b"hello")
    ctx.attachments.post_update(tid, "See the file", files=[again])
    assert everything(ctx, tid)[4] == 1


@pytest.mark.parametrize("point", ["fsync", "rename"])
def test_a_failed_backup_leaves_no_partial_backup(ctx: Services, point: Any) -> None:
    make_ticket(ctx.tickets, "Printer on fire")
    ctx.attachments.attach(1, [ctx.attachments.stage_bytes("a.txt", b"a")])
    with faults.inject(point, faults.disk_full()), pytest.raises(DiskFull, match=str(ctx.paths.backups)):
        back_up_now(ctx)
    assert list(ctx.paths.backups.iterdir()) == []
    dest = ctx.paths.root / "out" / "b.zip"
    with faults.inject(point, faults.io_error()), pytest.raises(DiskIOError, match=str(dest.parent)):
        backup(ctx, dest, now=ctx.tickets.clock())
    assert list(dest.parent.iterdir()) == []  # no zip, no .partial, no temporary folder
    with faults.inject(point, faults.io_error()), pytest.raises(OSError):
        snapshot(ctx.paths.database, ctx.paths.root / "snap" / "copy.db")
    assert list((ctx.paths.root / "snap").iterdir()) == []
    assert back_up_now(ctx).path.is_dir()  # the retry works


@pytest.mark.parametrize("point", ["fsync", "rename"])
def test_a_failed_export_zip_leaves_no_partial_file(ctx: Services, tmp_path: Path, point: Any) -> None:
    make_ticket(ctx.tickets, "Printer on fire")
    dest = tmp_path / "exports" / "all.zip"
    dest.parent.mkdir()
    with faults.inject(point, faults.disk_full()), pytest.raises(DiskFull):
        exporting.write_zip(ctx.db, ctx.paths.uploads, dest, now=ctx.tickets.clock())
    assert list(dest.parent.iterdir()) == []


def test_a_really_full_disk_keeps_nothing_and_the_retry_works_once_space_is_freed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with small_disk(tmp_path / "disk") as disk:
        ctx = build_services(str(disk / "data"))
        try:
            tid = make_ticket(ctx.tickets, "Printer on fire")
            before = everything(ctx, tid)
            filler = fill(disk)
            long_note = "smoke " * 15_000  # more pages than the WAL file already holds
            with pytest.raises(
                DiskFull, match="The disk holding your data folder is full — nothing was saved"
            ):
                ctx.tickets.post_update(tid, long_note, author="Ana")
            with pytest.raises(DiskFull):
                ctx.attachments.stage_bytes("photo.jpg", b"x" * 100_000)
            assert everything(ctx, tid) == before
            assert files_under(ctx.paths.uploads) == []
            filler.unlink()
            ctx.tickets.post_update(tid, long_note, author="Ana")
            assert ctx.tickets.get(tid).updates[-1].body == long_note.strip()
            data_is_sound(ctx, capsys)
        finally:
            ctx.close()


def test_every_storage_fault_is_a_store_error_with_one_line() -> None:
    for param in CAUSES:
        _error, kind, _cause = param.values
        assert issubclass(kind, StorageFault)  # type: ignore[arg-type]
        assert "\n" not in str(kind())  # type: ignore[operator]


# ----- the command line: one line, exit code 1 --------------------------------------------------------------


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0].startswith("tickettracker: error: ")
    return err[0]


def test_cli_backup_restore_import_export_report_a_refused_write_in_one_line(
    ctx: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_ticket(ctx.tickets, "Printer on fire")
    root = str(ctx.paths.root)
    good = tmp_path / "good.zip"
    assert run("backup", str(good), "--data-dir", root) == 0
    doc = tmp_path / "in.json"
    doc.write_text('{"format": "tickettracker/1", "tickets": [{"title": "Imported"}]}')
    capsys.readouterr()

    with faults.inject("fsync", faults.io_error()):
        assert run("backup", str(tmp_path / "b.zip"), "--data-dir", root) == 1
    line = one_error_line(capsys)
    assert f"The disk holding {tmp_path} reported an input/output error — nothing was saved" in line

    with faults.inject("commit", faults.sqlite_error("full")):
        assert run("import", str(doc), "--data-dir", root) == 1
    assert "The disk holding your data folder is full — nothing was saved" in one_error_line(capsys)

    with faults.inject("commit", faults.sqlite_error("locked")):
        assert run("import", str(doc), "--data-dir", root) == 1
    assert "locked for too long" in one_error_line(capsys)

    with faults.inject("rename", faults.read_only()):
        assert run("export", str(tmp_path / "out.json"), "--data-dir", root) == 1
    assert f"The disk holding {tmp_path} is read-only" in one_error_line(capsys)

    with faults.inject("rename", faults.disk_full()):
        assert run("export", str(tmp_path / "out.zip"), "--attachments", "--data-dir", root) == 1
    assert f"The disk holding {tmp_path} is full" in one_error_line(capsys)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "good.zip", "in.json"]  # no partial files

    with faults.inject("fsync", faults.disk_full()):  # the replaced data is kept aside first: that copy fails
        assert run("restore", str(good), "--data-dir", root) == 1
    assert "is full — nothing was saved" in one_error_line(capsys)

    assert run("check", "--data-dir", root) == 0
    assert [t.title for t in ctx.tickets.page(ListQuery()).rows] == ["Printer on fire"]
    assert [p.name for p in ctx.paths.backups.iterdir()] == []


def test_cli_export_to_a_really_full_disk_is_one_line_in_a_child_process(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.support import child_env

    with small_disk(tmp_path / "disk", size="1m") as disk:
        fill(disk)
        done = subprocess.run(
            [sys.executable, "-m", "tickettracker", "export", str(disk / "out.json")],
            capture_output=True,
            text=True,
            env=child_env(TICKETTRACKER_DATA_DIR=str(tmp_path / "data")),
            timeout=60,
            check=False,
        )
        assert done.returncode == 1
        assert done.stderr.strip().splitlines() == [
            f"tickettracker: error: The disk holding {disk} is full — nothing was saved. "
            "Free some space on it, then try again."
        ]
        assert sorted(p.name for p in disk.iterdir()) == ["filler"]
