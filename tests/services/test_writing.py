"""Templates, snippets and checklists on a real SQLite file, through the writing service."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from tickettracker.domain.records import ListQuery
from tickettracker.domain.snippets import Snippet
from tickettracker.domain.templates import Template
from tickettracker.domain.validation import TicketInput
from tickettracker.errors import ConflictError, NotFound, ValidationFailed, WorkflowError
from tickettracker.services.events import Change
from tickettracker.services.tickets import TicketService
from tickettracker.services.writing import Where, WritingService
from tickettracker.store import migrations, open_database
from tickettracker.store import tickets as repo

TONER = "Steps:\n- [ ] Order toner\n- [ ] Replace drum\n"


@pytest.fixture
def writing(service: TicketService) -> WritingService:
    return WritingService(service)


def heard(service: TicketService) -> list[Change]:
    changes: list[Change] = []
    service.bus.subscribe(changes.append)
    return changes


def row_progress(service: TicketService, ticket_id: int) -> str:
    [row] = [r for r in service.page(ListQuery(page_size=200)).rows if r.id == ticket_id]
    return row.checklist


# ----- templates -----------------------------------------------------------------------------------------------
def test_template_crud_and_unique_names(service: TicketService, writing: WritingService) -> None:
    changes = heard(service)
    tid = writing.save_template(Template(name="Starter", checklist=("Laptop", "Badge"), tags=("hr",)))
    assert writing.templates() == [Template(name="Starter", checklist=("Laptop", "Badge"), tags=("hr",))]
    with pytest.raises(ValidationFailed, match="already a template named 'STARTER'"):
        writing.save_template(Template(name="STARTER"))
    writing.save_template(Template(name="New starter", due_in_days=2, id=tid))
    assert [(t.name, t.due_in_days, t.checklist) for t in writing.templates()] == [("New starter", 2, ())]
    writing.delete_template(tid)
    assert writing.templates() == []
    assert [c.kind for c in changes] == ["writing", "writing", "writing"]
    with pytest.raises(NotFound):
        writing.template(tid)


def test_new_ticket_from_a_template(service: TicketService, writing: WritingService) -> None:
    tid = writing.save_template(
        Template(
            name="Toner",
            title_pattern="Toner {date}",
            description="Printer on floor 2",
            priority="High",
            tags=("printer",),
            watchers=("bo@example.com",),
            due_in_days=3,
            checklist=("Order toner", "Replace drum"),
        )
    )
    ticket_id = writing.create_from_template(tid, requester="ana@example.com")
    t = service.get(ticket_id)
    assert t.title == "Toner 2026-11-27"  # the test clock's date
    assert t.description == "Printer on floor 2\n\n- [ ] Order toner\n- [ ] Replace drum"
    assert (t.priority, t.tags, t.watchers, t.requester) == (
        "High",
        ("printer",),
        ("bo@example.com",),
        "ana@example.com",
    )
    assert t.due is not None and not t.due_has_time
    assert row_progress(service, ticket_id) == "0/2"


# ----- snippets ------------------------------------------------------------------------------------------------
def test_snippets_crud_and_expansion(service: TicketService, writing: WritingService) -> None:
    ticket_id = service.create(TicketInput(title="Printer on fire", requester="Ana"))
    sid = writing.save_snippet(Snippet("thanks", "Hi {requester}, #{id} ({title}) is on its way."))
    with pytest.raises(ValidationFailed, match="already a snippet named ;thanks"):
        writing.save_snippet(Snippet("thanks", "other"))
    assert writing.expand_snippet("thanks", ticket_id) == "Hi Ana, #1 (Printer on fire) is on its way."
    writing.save_snippet(Snippet("on-it", "On it.", sid))
    assert [s.name for s in writing.snippets()] == ["on-it"]
    with pytest.raises(ValidationFailed, match="no snippet named ;thanks"):
        writing.expand_snippet("thanks", ticket_id)
    writing.delete_snippet(sid)
    assert writing.snippets() == []


# ----- checklists ----------------------------------------------------------------------------------------------
def test_ticking_changes_the_text_logs_it_and_counts(
    service: TicketService, writing: WritingService, clock: Any
) -> None:
    ticket_id = service.create(TicketInput(title="Toner", description=TONER))
    assert row_progress(service, ticket_id) == "0/2"
    clock.advance(minutes=3)
    changes = heard(service)
    item = writing.toggle(ticket_id, Where("description"), 0, expected_label="Order toner", author="Ana")
    assert item.checked and item.label == "Order toner"
    t = service.get(ticket_id)
    assert t.description == TICKED
    last = t.updates[-1]
    assert (last.kind, last.field, last.author, last.body) == (
        "checklist",
        "description",
        "Ana",
        "checked: Order toner",
    )
    assert (last.old, last.new) == (
        '"' + TONER.rstrip().replace("\n", "\\n") + '"',
        '"' + TICKED.replace("\n", "\\n") + '"',
    )
    assert t.updated == clock.now and t.version == 2
    assert row_progress(service, ticket_id) == "1/2"
    assert changes == [Change("updated", ticket_id)]
    writing.toggle(ticket_id, Where("description"), 0)
    assert service.get(ticket_id).updates[-1].body == "unchecked: Order toner"
    assert row_progress(service, ticket_id) == "0/2"


TICKED = "Steps:\n- [x] Order toner\n- [ ] Replace drum"


def test_the_text_and_its_log_entry_are_one_transaction(
    service: TicketService, writing: WritingService, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticket_id = service.create(TicketInput(title="Toner", description=TONER))

    def broken(*args: Any, **kwargs: Any) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(repo, "add_update", broken)
    with pytest.raises(RuntimeError):
        writing.toggle(ticket_id, Where("description"), 0)
    monkeypatch.undo()
    t = service.get(ticket_id)
    assert "- [ ] Order toner" in t.description and len(t.updates) == 1
    assert row_progress(service, ticket_id) == "0/2"


def test_ticking_in_a_written_update_and_in_the_notes(
    service: TicketService, writing: WritingService
) -> None:
    ticket_id = service.create(TicketInput(title="Move", notes="- [x] keys", description="- [ ] desk"))
    update_id = service.post_update(ticket_id, "Today:\n- [ ] Boxes\n- [ ] Cables")
    assert row_progress(service, ticket_id) == "1/4"
    writing.toggle(ticket_id, Where(update_id=update_id), 1, expected_label="Cables")
    t = service.get(ticket_id)
    [note] = [u for u in t.updates if u.id == update_id]
    assert note.body == "Today:\n- [ ] Boxes\n- [x] Cables"
    assert (t.updates[-1].field, t.updates[-1].body) == ("update", "checked: Cables")
    writing.toggle(ticket_id, Where("notes"), 0)
    assert service.get(ticket_id).notes == "- [ ] keys"
    assert row_progress(service, ticket_id) == "1/4"


def test_a_changed_checklist_is_not_ticked_blindly(service: TicketService, writing: WritingService) -> None:
    ticket_id = service.create(TicketInput(title="Toner", description=TONER))
    with pytest.raises(ConflictError, match="changed meanwhile"):
        writing.toggle(ticket_id, Where("description"), 0, expected_label="Replace drum")
    with pytest.raises(ConflictError):
        writing.toggle(ticket_id, Where("description"), 5)
    with pytest.raises(ConflictError):
        writing.toggle(ticket_id, Where("description"), 0, expected_total=3)
    # a second click of the same wish (two tabs) changes nothing more
    writing.toggle(ticket_id, Where("description"), 0, expected_total=2, checked=True)
    item = writing.toggle(ticket_id, Where("description"), 0, expected_total=2, checked=True)
    assert item.checked and [u.kind for u in service.get(ticket_id).updates].count("checklist") == 1
    assert service.get(ticket_id).description == TONER.rstrip().replace("[ ] Order", "[x] Order")


def test_closed_trashed_and_foreign_texts_are_refused(
    service: TicketService, writing: WritingService
) -> None:
    closed = service.create(TicketInput(title="Done", description=TONER, status="Closed"))
    with pytest.raises(WorkflowError):
        writing.toggle(closed, Where("description"), 0)
    trashed = service.create(TicketInput(title="Gone", description=TONER))
    service.delete(trashed)
    with pytest.raises(WorkflowError, match="trash"):
        writing.toggle(trashed, Where("description"), 0)
    other = service.create(TicketInput(title="Other", description=TONER))
    note = service.post_update(other, "- [ ] theirs")
    mine = service.create(TicketInput(title="Mine"))
    with pytest.raises(ValidationFailed, match="Only written updates of this ticket"):
        writing.toggle(mine, Where(update_id=note), 0)
    with pytest.raises(ValidationFailed):
        writing.toggle(other, Where("title"), 0)


def test_a_page_of_rows_reads_progress_without_a_query_per_row(service: TicketService) -> None:
    for i in range(30):
        service.create(TicketInput(title=f"T{i}", description=TONER if i % 2 else "plain"))
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(service.db.engine, "before_cursor_execute", count)
    try:
        few = service.page(ListQuery(page_size=5))
        n_few = len(statements)
        statements.clear()
        many = service.page(ListQuery(page_size=30))
        n_many = len(statements)
    finally:
        event.remove(service.db.engine, "before_cursor_execute", count)
    assert n_few == n_many
    assert sorted(r.checklist for r in many.rows) == [""] * 15 + ["0/2"] * 15
    assert len(few.rows) == 5


def test_upgrading_counts_existing_checklists(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for m in migrations.MIGRATIONS[:3]:
        m.apply(conn)
    conn.execute("PRAGMA user_version = 3")
    row = "INSERT INTO ticket (id, title, description, priority, status, due_has_time, created, updated, paused_seconds)"
    conn.execute(
        row + " VALUES (1, 'Has one', '- [x] a\n- [ ] b', 'Low', 'Open', 0, '2026-01-01', '2026-01-01', 0)"
    )
    conn.execute(row + " VALUES (2, 'Plain', 'no list', 'Low', 'Open', 0, '2026-01-01', '2026-01-01', 0)")
    conn.execute(
        "INSERT INTO ticket_update (ticket_id, at, author, kind, body) VALUES (1, '2026-01-01', 'A', 'note', '- [X] c')"
    )
    conn.close()
    open_database(path).dispose()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT id, checklist_done, checklist_total FROM ticket ORDER BY id").fetchall() == [
        (1, 2, 3),
        (2, 0, 0),
    ]
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
    conn.close()


def test_a_row_carries_the_start_of_its_description(service: TicketService) -> None:
    ticket_id = service.create(TicketInput(title="Long", description="**Start** " + "x" * 1000))
    [row] = [r for r in service.page(ListQuery()).rows if r.id == ticket_id]
    assert row.excerpt.startswith("**Start** x") and len(row.excerpt) == 400
