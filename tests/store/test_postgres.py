"""What only PostgreSQL has to prove: the same search answers as FTS5, several instances on one database (stale
edits refused across them, changes heard through LISTEN/NOTIFY), attachment bytes in the database, and clear
errors for a database that cannot be used or goes away."""

from __future__ import annotations

import hashlib
import logging
import queue
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel

import tickettracker.store.models  # noqa: F401  (registers the tables)
from benchmarks.generate import NOW, generate
from tests import pg
from tests.conftest import Clock
from tests.pg import CuttableLink
from tickettracker.app import build_services
from tickettracker.config import Config
from tickettracker.domain.validation import TicketInput
from tickettracker.errors import ConflictError, DatabaseSetupError, DatabaseUnavailable
from tickettracker.services.attachments import AttachmentService
from tickettracker.services.events import Change, ChangeBridge, ChangeBus
from tickettracker.services.power import PowerService
from tickettracker.services.tickets import TicketService
from tickettracker.store import Database, open_database
from tickettracker.store.blob_table import CHUNK, DbBlobStore


@pytest.fixture
def uri() -> str:
    return pg.fresh_uri()


@pytest.fixture
def two(uri: str) -> Iterator[tuple[Database, Database]]:
    """Two instances' handles on one database (each its own engine and pool, as two processes have)."""
    a, b = open_database(uri), open_database(uri)
    yield a, b
    a.dispose()
    b.dispose()


# ----- the same answers as FTS5 --------------------------------------------------------------------------------
QUERIES = [
    "printer",
    "pri",
    "p",
    "Printer JAM",
    "creme",
    "crème brûlée",
    "CAFÉ",
    "naïve",
    "wiki",
    "example com",
    "kb 12",
    "tag:tag-03",
    "-printer is:active",
    "status:Open priority:High",
    "requester:EXAMPLE",
    "watcher:ana",
    "has:link sort:-due",
    "is:overdue sort:priority",
    "sort:title",
    "sort:-updated coffee",
    "#17",
    "17",
]


def _services(data_dir: Path) -> tuple[PowerService, TicketService]:
    ctx = build_services(str(data_dir))
    ctx.tickets.clock = lambda: NOW
    return PowerService(ctx.tickets), ctx.tickets


def test_search_and_queries_give_the_same_tickets_in_the_same_order_on_both(tmp_path: Path, uri: str) -> None:
    on_pg = tmp_path / "pg"
    on_pg.mkdir()
    (on_pg / "config.json").write_text(f'{{"database": {{"uri": "{uri}"}}}}')
    generate(tmp_path / "sqlite", 400, seed=3)
    generate(on_pg, 400, seed=3)
    lite, _ = _services(tmp_path / "sqlite")
    post, _ = _services(on_pg)
    for typed in QUERIES:
        q = lite.parse(typed)
        expected = lite.matching_ids(q)
        assert post.matching_ids(post.parse(typed)) == expected, typed
        assert post.page(post.parse(typed), page_size=25).total == len(expected), typed
        assert [r.id for r in post.page(post.parse(typed)).rows] == [r.id for r in lite.page(q).rows], typed
        assert post.find(typed) == lite.find(typed), typed
    assert sum(len(lite.matching_ids(lite.parse(t))) for t in QUERIES) > 400  # the queries do find tickets


# ----- several instances -----------------------------------------------------------------------------------------
def test_a_stale_edit_from_another_instance_is_refused(two: tuple[Database, Database]) -> None:
    a = TicketService(two[0], Config(), clock=Clock())
    b = TicketService(two[1], Config(), clock=Clock())
    tid = a.create(TicketInput(title="Shared"))
    seen_by_b = b.get(tid)
    a.update(tid, TicketInput(title="Changed in A"), expected_version=seen_by_b.version)
    with pytest.raises(ConflictError):
        b.update(tid, TicketInput(title="Changed in B"), expected_version=seen_by_b.version)
    assert b.get(tid).title == "Changed in A"


def test_concurrent_edits_of_one_ticket_take_turns_and_the_second_is_refused(
    two: tuple[Database, Database],
) -> None:
    """A holds the ticket in an open write; B's edit waits for it (row lock) and then sees A's version."""
    a = TicketService(two[0], Config(), clock=Clock())
    b = TicketService(two[1], Config(), clock=Clock())
    tid = a.create(TicketInput(title="Shared"))
    version = a.get(tid).version
    result: queue.Queue[BaseException | None] = queue.Queue()

    def edit_in_b() -> None:
        try:
            b.update(tid, TicketInput(title="B"), expected_version=version)
            result.put(None)
        except BaseException as e:
            result.put(e)

    from tickettracker.store import tickets as repo

    with two[0].write() as s:
        row = repo.ticket_row(s, ticket_id=tid)  # locks the row until this block commits
        repo.update_ticket(s, ticket_id=tid, values={"title": "A", "version": row["version"] + 1})
        worker = threading.Thread(target=edit_in_b)
        worker.start()
        _wait_for_lock_wait(two[0])
    worker.join(timeout=30)
    assert isinstance(result.get_nowait(), ConflictError)
    assert a.get(tid).title == "A"


def _wait_for_lock_wait(db: Database, timeout: float = 20) -> None:
    """Until some session of this database waits on a row lock (B blocked behind A)."""
    deadline = time.monotonic() + timeout
    with db.engine.connect() as conn:
        while time.monotonic() < deadline:
            waiting = conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            ).scalar_one()
            conn.commit()
            if waiting:
                return
            time.sleep(0.05)
    raise AssertionError("the second edit never waited for the first one's lock")


class Heard:
    """Changes a bus received, waited for without sleeping past them."""

    def __init__(self, bus: ChangeBus) -> None:
        self._q: queue.Queue[Change] = queue.Queue()
        bus.subscribe(self._q.put)

    def next(self, timeout: float = 10) -> Change:
        return self._q.get(timeout=timeout)


def test_a_change_in_one_instance_reaches_the_other_through_notify(two: tuple[Database, Database]) -> None:
    a = TicketService(two[0], Config(), clock=Clock())
    b = TicketService(two[1], Config(), clock=Clock())
    bridges = [ChangeBridge(a.bus, lambda: two[0]), ChangeBridge(b.bus, lambda: two[1])]
    for bridge in bridges:
        bridge.start()
        assert bridge.wait_listening()
    heard_a, heard_b = Heard(a.bus), Heard(b.bus)
    try:
        tid = a.create(TicketInput(title="From A"))
        assert heard_a.next() == Change("created", tid)  # A's own tabs, straight from its bus
        got = heard_b.next()
        assert (got.kind, got.ticket_id, got.origin) == ("created", tid, bridges[0].instance)
        b.change_status(tid, "In Progress")
        assert heard_b.next() == Change("updated", tid)
        got = heard_a.next()
        assert (got.kind, got.ticket_id, got.origin) == ("updated", tid, bridges[1].instance)
        with pytest.raises(queue.Empty):  # nothing is echoed back and forth
            heard_b.next(timeout=0.5)
    finally:
        for bridge in bridges:
            bridge.stop()


def test_the_listener_reconnects_after_its_connection_is_killed_and_asks_for_a_refresh(
    two: tuple[Database, Database],
) -> None:
    a = TicketService(two[0], Config(), clock=Clock())
    b = TicketService(two[1], Config(), clock=Clock())
    bridge_a, bridge_b = ChangeBridge(a.bus, lambda: two[0]), ChangeBridge(b.bus, lambda: two[1])
    bridge_a.start()
    bridge_b.start()
    assert bridge_a.wait_listening() and bridge_b.wait_listening()
    heard_b = Heard(b.bus)
    try:
        with two[0].engine.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND query LIKE 'LISTEN%'"
                )
            )
            conn.commit()
        resync = heard_b.next(timeout=20)
        assert (resync.kind, resync.ticket_id) == ("updated", None)
        assert bridge_b.wait_listening()
        tid = a.create(TicketInput(title="After the drop"))
        seen = heard_b.next(timeout=20)
        while seen.ticket_id is None:  # A's listener may report its own reconnect too
            seen = heard_b.next(timeout=20)
        assert (seen.kind, seen.ticket_id) == ("created", tid)
    finally:
        bridge_a.stop()
        bridge_b.stop()


def test_a_listener_cut_off_logs_one_line_keeps_retrying_and_says_when_it_listens_again(
    uri: str, caplog: pytest.LogCaptureFixture
) -> None:
    from sqlalchemy.engine import make_url

    from tickettracker.store.notify import Listener

    url = make_url(uri)
    link = CuttableLink(url.host or "localhost", url.port or 5432)
    through = url.set(host="127.0.0.1", port=link.port).render_as_string(hide_password=False)
    reconnected = threading.Event()
    listener = Listener(through, lambda _p: None, reconnected.set)
    caplog.set_level(logging.WARNING, logger="tickettracker.store.notify")
    listener.start()
    try:
        assert listener.listening.wait(10)
        link.cut()
        deadline = time.monotonic() + 30
        while link.refused < 4 and time.monotonic() < deadline:  # several attempts, each refused
            time.sleep(0.05)
        assert link.refused >= 4 and listener.is_alive()
        link.restore()
        assert reconnected.wait(30)  # the receiver is asked to refresh everything once
    finally:
        listener.stop()
        link.close()
    lines = [r.getMessage() for r in caplog.records if r.name == "tickettracker.store.notify"]
    assert len(lines) == 2, (
        lines
    )  # one line when it was cut off, one when it listens again: not one per attempt
    assert lines[0].startswith("cannot listen for other instances' changes (retrying): ")
    assert lines[1] == "listening for other instances' changes again"
    assert all(r.exc_info is None for r in caplog.records)


# ----- attachments in the database -------------------------------------------------------------------------------
def test_attachment_bytes_live_in_the_database_and_any_instance_serves_them(
    two: tuple[Database, Database], tmp_path: Path
) -> None:
    a = TicketService(two[0], Config(), clock=Clock())
    files_a = AttachmentService(a, DbBlobStore(tmp_path / "machine-a", two[0]))
    files_b = AttachmentService(
        TicketService(two[1], Config(), clock=Clock()), DbBlobStore(tmp_path / "machine-b", two[1])
    )
    content = bytes(range(256)) * (CHUNK // 256 * 2 + 7)  # more than two chunks
    tid = a.create(TicketInput(title="With a file"))
    [aid] = files_a.attach(tid, [files_a.stage_bytes("big.bin", content)])
    digest = hashlib.sha256(content).hexdigest()
    with two[1].read() as s:
        pieces = s.execute(text("SELECT count(*) FROM blob_chunk WHERE sha256 = :s"), {"s": digest}).scalar()
    assert pieces == 3
    _rec, path = files_b.file_for(aid)  # machine B has never seen the file: fetched from the database
    assert path.read_bytes() == content and path.is_relative_to(tmp_path / "machine-b")
    assert files_b.sweep().problems == []
    files_a.delete(aid)
    with two[1].read() as s:
        assert s.execute(text("SELECT count(*) FROM blob")).scalar() == 0


def test_check_finds_damaged_missing_and_orphan_blobs(two: tuple[Database, Database], tmp_path: Path) -> None:
    svc = TicketService(two[0], Config(), clock=Clock())
    store = DbBlobStore(tmp_path / "up", two[0])
    files = AttachmentService(svc, store)
    tid = svc.create(TicketInput(title="t"))
    files.attach(tid, [files.stage_bytes("a", b"good"), files.stage_bytes("b", b"bad")])
    with two[0].write() as s:
        s.execute(text("UPDATE blob_chunk SET data = 'BAD' WHERE sha256 = :s"), {"s": _sha(b"bad")})
        store.place(store.write_bytes(b"orphan"), s)
        assert store.verify(s, _sha(b"good")) == (_sha(b"good"), 4)
        assert store.verify(s, _sha(b"bad")) == (_sha(b"BAD"), 3)
    report = files.sweep()
    assert report.files_without_rows == [_sha(b"orphan")]
    assert files.sweep(remove=True).removed == [f"{_sha(b'orphan')[:2]}/{_sha(b'orphan')}"]
    assert files.sweep().problems == []


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ----- a database that cannot be used, or goes away ------------------------------------------------------------
@pytest.mark.parametrize(
    ("uri", "says"),
    [
        ("postgresql+psycopg://tt:s3cret@127.0.0.1:9/tt", "cannot reach the server"),
        ("postgresql+psycopg://tt:s3cret@no-such-host.invalid/tt", "cannot reach the server"),
    ],
)
def test_an_unusable_server_is_one_line_with_the_password_masked(uri: str, says: str) -> None:
    with pytest.raises(DatabaseSetupError) as raised:
        open_database(uri)
    message = str(raised.value)
    assert "s3cret" not in message and "tt:***@" in message and says in message and "\n" not in message


def test_a_missing_database_and_a_wrong_password_are_named(uri: str) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(uri)
    with pytest.raises(DatabaseSetupError, match="does not exist: create it first"):
        open_database(url.set(database="tt_no_such_db").render_as_string(hide_password=False))
    with pytest.raises(DatabaseSetupError, match="cannot log in") as raised:
        open_database(url.set(password="wrong-pw").render_as_string(hide_password=False))
    assert "wrong-pw" not in str(raised.value)


def test_missing_privileges_are_named(uri: str) -> None:
    """A role that may log in but not create tables (PostgreSQL 15: nobody but the owner creates in public)."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    url = make_url(uri)
    name = f"{url.database}_noprivs"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
            conn.execute(text("DROP ROLE IF EXISTS tt_reader"))
            conn.execute(text("CREATE ROLE tt_reader LOGIN PASSWORD 'reader'"))
        reader = url.set(database=name, username="tt_reader", password="reader")
        with pytest.raises(DatabaseSetupError, match="missing privileges") as raised:
            open_database(reader.render_as_string(hide_password=False))
        assert str(raised.value).startswith(f"postgresql+psycopg://tt_reader:***@{url.host}")
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text("DROP ROLE IF EXISTS tt_reader"))
        admin.dispose()


def test_a_dropped_connection_is_one_clear_error_and_the_next_call_recovers(uri: str) -> None:
    db = open_database(uri)
    svc = TicketService(db, Config(), clock=Clock())
    tid = svc.create(TicketInput(title="Survives"))
    try:
        with pytest.raises(DatabaseUnavailable, match="Database unavailable"), db.read() as s:
            s.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))
            s.execute(text("SELECT 1"))
        assert svc.get(tid).title == "Survives"  # a fresh connection from the pool, no restart
    finally:
        db.dispose()


# ----- migrations -----------------------------------------------------------------------------------------------
def _pg_schema(conn: Any, schema: str) -> dict[str, object]:
    from sqlalchemy import inspect

    insp = inspect(conn)
    out: dict[str, object] = {}
    for table in SQLModel.metadata.sorted_tables:
        name = table.name
        out[name] = [
            (
                c["name"],
                str(c["type"]),
                c["nullable"],
                re.sub(r'"?(public|declared)"?\.', "", str(c.get("default"))),
            )
            for c in insp.get_columns(name, schema=schema)
        ]
        out[name + ":pk"] = insp.get_pk_constraint(name, schema=schema)["constrained_columns"]
        out[name + ":fk"] = sorted(
            (tuple(f["constrained_columns"]), f["referred_table"], str(f["options"]))
            for f in insp.get_foreign_keys(name, schema=schema)
        )
        out[name + ":ix"] = sorted(
            (
                i["name"],
                tuple(str(c) for c in i["column_names"]),
                tuple(i.get("expressions") or ()),
                i["unique"],
            )
            for i in insp.get_indexes(name, schema=schema)
        )
        out[name + ":uq"] = sorted(
            tuple(u["column_names"]) for u in insp.get_unique_constraints(name, schema=schema)
        )
    return out


def test_migrated_schema_equals_the_models(uri: str) -> None:
    db = open_database(uri)
    try:
        with db.engine.connect() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS declared CASCADE"))
            conn.execute(text("CREATE SCHEMA declared"))
            conn.execute(text("SET search_path = declared, public"))
            SQLModel.metadata.create_all(conn, checkfirst=False)
            conn.execute(text("SET search_path = public"))
            declared = _pg_schema(conn, "declared")
            migrated = _pg_schema(conn, "public")
            conn.execute(text("DROP SCHEMA declared CASCADE"))
            conn.commit()
    finally:
        db.dispose()
    assert migrated == declared


def test_reopening_is_idempotent_and_a_newer_schema_is_refused(uri: str) -> None:
    from tickettracker.store import pg_migrations

    open_database(uri).dispose()
    db = open_database(uri)
    with db.engine.begin() as conn:
        assert conn.execute(text("SELECT version FROM tt_schema")).scalar() == pg_migrations.LATEST
        conn.execute(text("UPDATE tt_schema SET version = version + 5"))
    try:
        with pytest.raises(DatabaseSetupError, match="newer than this TicketTracker knows"):
            open_database(uri)
    finally:
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE tt_schema SET version = version - 5"))
        db.dispose()


def test_while_the_server_is_away_every_call_says_unavailable_and_then_it_just_works_again(uri: str) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(uri)
    link = CuttableLink(url.host or "localhost", url.port or 5432)
    db = open_database(url.set(host="127.0.0.1", port=link.port).render_as_string(hide_password=False))
    svc = TicketService(db, Config(), clock=Clock())
    try:
        tid = svc.create(TicketInput(title="Before the cut"))
        link.cut()
        for _ in range(2):  # reads and writes alike, as often as they are tried
            with pytest.raises(DatabaseUnavailable, match="Database unavailable — retrying") as raised:
                svc.get(tid)
            assert "tt:***@" in str(raised.value)
            with pytest.raises(DatabaseUnavailable):
                svc.update(tid, TicketInput(title="During the cut"))
        link.restore()
        svc.update(tid, TicketInput(title="After the cut"))  # the same service, no restart
        assert svc.get(tid).title == "After the cut"
    finally:
        db.dispose()
        link.close()
