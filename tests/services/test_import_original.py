"""import-original on databases the original TicketTracker itself wrote (tests/data/original, MIT; see its README):
every ticket, log entry and file comes across, compared field by field with the original's rows read here directly,
and files by SHA-256."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from tickettracker.app import build_services
from tickettracker.domain.records import TicketRec
from tickettracker.services.container import Services
from tickettracker.services.data.original import Options, import_original

ORIGINAL = Path(__file__).resolve().parent.parent / "data" / "original"
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)
# (fixture folder, its database, its uploads) — `demo` was left in demo mode: the user's data is the snapshot
FIXTURES = {
    "plain": ("plain/tickettracker.db", "plain/uploads"),
    "demo": ("demo/instance/demo_snapshot/database.sqlite", "demo/instance/demo_snapshot/uploads"),
    "early": ("early/tickettracker.db", "early/uploads"),
}


@pytest.fixture
def services(tmp_path: Path) -> Any:
    ctx = build_services(str(tmp_path / "data"))
    yield ctx
    ctx.close()


def _rows(db: Path, sql: str) -> list[dict[str, Any]]:
    conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql)]
    finally:
        conn.close()


def _utc(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _check_ticket(ours: TicketRec, t: dict[str, Any], updates: list[dict[str, Any]], tags: list[str]) -> None:
    assert (ours.id, ours.title, ours.description) == (t["id"], t["title"], t["description"])
    assert (ours.priority, ours.status, ours.requester) == (t["priority"], t["status"], t["requester"] or "")
    assert list(ours.watchers) == [w.strip() for w in (t["watchers"] or "").split(",") if w.strip()]
    assert ours.hold_reason == (t["on_hold_reason"] if t["status"] == "On Hold" else None)
    assert (ours.due, ours.created, ours.updated) == (
        _utc(t["due_date"]),
        _utc(t["created_at"]),
        _utc(t["updated_at"]),
    )
    assert sorted(ours.tags) == sorted(tags)
    reference = (
        t.get("age_reference_date") or t["created_at"][:10]
    )  # the original's migration did DATE(created_at)
    assert ours.age_reference == date.fromisoformat(reference)
    lines = [x.strip() for x in (t["links"] or "").splitlines() if x.strip()]
    urls = [x for x in lines if x.startswith(("http://", "https://", "mailto:"))]
    assert [lk.url for lk in ours.links] == urls
    others = [x for x in lines if x not in urls]
    assert ours.notes.startswith(t["notes"] or "")
    assert all(x in ours.notes for x in others)
    log = list(ours.updates)
    for u in updates:
        at = _utc(u["created_at"])
        if u["status_from"] != u["status_to"] and (u["status_from"] or u["body"] != "Ticket created"):
            assert any(
                e.kind == "status"
                and e.at == at
                and e.old == f'"{u["status_from"]}"'
                and e.new == f'"{u["status_to"]}"'
                for e in log
            ), u
        if u["body"] not in ("Ticket created", f"Status changed from {u['status_from']} to {u['status_to']}"):
            author = u["author"] or "System"
            assert any(
                e.kind == "note" and e.at == at and e.body == u["body"] and e.author == author for e in log
            ), u
    (created,) = [e for e in log if e.kind == "created"]
    assert created.body == (t["on_hold_reason"] or "" if '"On Hold"' in (created.new or "") else "")


@pytest.mark.parametrize("name", list(FIXTURES))
def test_every_ticket_update_and_file_comes_across(services: Services, name: str) -> None:
    db_rel, uploads_rel = FIXTURES[name]
    db, uploads = ORIGINAL / db_rel, ORIGINAL / uploads_rel
    report = import_original(services, ORIGINAL / name, Options(with_config=True), now=NOW)
    tickets = _rows(db, "SELECT * FROM tickets ORDER BY id")
    assert report.tickets == len(tickets) and report.skipped == []
    for t in tickets:
        ours = services.tickets.get(t["id"])  # ids kept
        updates = _rows(
            db, f"SELECT * FROM ticket_updates WHERE ticket_id = {t['id']} ORDER BY created_at, id"
        )
        tags = [
            r["name"]
            for r in _rows(
                db, f"SELECT name FROM tags JOIN ticket_tags ON tag_id = id WHERE ticket_id = {t['id']}"
            )
        ]
        _check_ticket(ours, t, updates, tags)
        files = list(ours.attachments) + [a for u in ours.updates for a in u.attachments]
        originals = _rows(db, f"SELECT * FROM attachments WHERE ticket_id = {t['id']} ORDER BY id")
        assert sorted(a.name for a in files) == sorted(a["original_filename"] for a in originals)
        for a in originals:
            source = uploads / a["stored_filename"]
            mine = [f for f in files if f.name == a["original_filename"]]
            assert [f.sha256 for f in mine] == [_sha(source)]
            assert mine[0].size == source.stat().st_size  # the bytes, not the size the original recorded
            assert mine[0].content_type == (a["mimetype"] or "application/octet-stream")
            assert (mine[0].update_id is None) == (a["update_id"] is None)
            if (
                a["update_id"] is not None
            ):  # on the entry that carries the original update's text, at its time
                (u,) = [u for u in updates if u["id"] == a["update_id"]]
                (entry,) = [e for e in ours.updates if e.id == mine[0].update_id]
                assert (entry.at, entry.body) == (_utc(u["created_at"]), u["body"])
            if a.get("checksum"):
                assert a["checksum"] == mine[0].sha256
            assert _sha(services.paths.uploads / mine[0].sha256[:2] / mine[0].sha256) == mine[0].sha256


def test_the_fixture_import_report(services: Services) -> None:
    report = import_original(services, ORIGINAL / "demo", Options(with_config=True), now=NOW)
    text = "\n".join(report.lines())
    assert "left in demo mode: importing your own data from its snapshot, not the demo tickets" in text
    assert "imported 5 ticket(s), 17 log entries, 4 attachment(s) in 3 file(s), 68 bytes" in text
    assert "1 link line(s) that are not URLs kept in the ticket's notes" in text
    assert services.tickets.get(1).title == "VPN drops every hour"  # the user's own, not "Gateway outage…"


def test_the_original_is_only_read(services: Services, tmp_path: Path) -> None:
    folder = tmp_path / "orig"
    shutil.copytree(ORIGINAL / "plain", folder)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}
    import_original(services, folder, Options(with_config=True), now=NOW)
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}
    assert after == before  # no journal, no WAL, no migration, nothing touched


def test_dry_run_reports_and_writes_nothing(services: Services) -> None:
    report = import_original(services, ORIGINAL / "plain", Options(with_config=True, dry_run=True), now=NOW)
    assert report.lines()[-1] == "import-original: dry run: nothing was written"
    assert "would import 5 ticket(s)" in "\n".join(report.lines())
    assert services.tickets.count(services_query()) == 0
    assert not services.writable_config_path.exists()
    assert not any(p.is_file() for p in services.paths.uploads.rglob("*"))


def services_query() -> Any:
    from tickettracker.domain.records import ListQuery

    return ListQuery()


def test_taken_ids_are_renumbered_and_said(services: Services) -> None:
    import_original(services, ORIGINAL / "plain", Options(with_config=True), now=NOW)
    again = import_original(services, ORIGINAL / "plain", Options(with_config=True), now=NOW)
    assert again.renumbered == {1: 6, 2: 7, 3: 8, 4: 9, 5: 10}
    assert "ticket #1 is now #6 (its id was taken)" in "\n".join(again.lines())
    assert services.tickets.get(6).title == services.tickets.get(1).title


def test_with_config_writes_the_originals_meaning(services: Services) -> None:
    import_original(services, ORIGINAL / "plain", Options(with_config=True), now=NOW)
    rebuilt = build_services(str(services.paths.root))
    try:
        cfg = rebuilt.cfg
        assert cfg.priorities == ["Low", "Medium", "High", "Critical"]
        assert cfg.sla.priority_stage_days["Critical"] == [2, 3, 5, 7]
        assert cfg.colors.gradient.overdue == "#7f1d1d" and cfg.colors.statuses.on_hold == "#9c88ff"
        assert cfg.default_submitted_by == "Support Team"
    finally:
        rebuilt.close()


def test_a_database_file_with_its_uploads_folder(services: Services) -> None:
    db, uploads = ORIGINAL / "plain" / "tickettracker.db", ORIGINAL / "plain" / "uploads"
    options = Options(uploads=uploads, maps={"Critical": "Urgent"})
    report = import_original(services, db, options, now=NOW)
    assert (report.tickets, report.attachments, report.skipped) == (5, 4, [])
    assert services.tickets.get(1).priority == "Urgent"


def test_an_existing_configuration_is_kept_beside_the_new_one(services: Services) -> None:
    target = services.writable_config_path
    target.write_text('{"default_submitted_by": "Bo"}\n')
    report = import_original(services, ORIGINAL / "plain", Options(with_config=True), now=NOW)
    assert report.config_written == target
    kept = target.with_name("config.json.before-import-original")
    assert kept.read_text() == '{\n  "default_submitted_by": "Bo"\n}\n'
    assert '"Critical"' in target.read_text()
