"""Templates, snippets and ticked checklists travel through export and import (format tickettracker/2);
a tickettracker/1 document still imports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.services.data.conftest import run
from tests.services.data.test_export_import import export_doc
from tickettracker.app import build_services
from tickettracker.services.container import Services
from tickettracker.store import tickets as repo


def test_templates_snippets_and_checklists_round_trip(
    filled: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "all.zip"
    assert run("export", str(path), "--attachments", "--data-dir", str(filled.paths.root)) == 0
    target = tmp_path / "empty"
    assert run("import", str(path), "--data-dir", str(target)) == 0
    assert "import: 2 template(s) and 1 snippet(s) imported" in capsys.readouterr().out
    before, after = export_doc(filled.paths.root, capsys), export_doc(target, capsys)
    assert before["templates"] == after["templates"] and before["snippets"] == after["snippets"]
    assert [t["name"] for t in after["templates"]] == ["New starter", "Blank"]
    assert after["templates"][0] == {
        "name": "New starter",
        "title_pattern": "Onboarding {date}",
        "description": "Welcome **aboard**",
        "priority": "High",
        "tags": ["hr"],
        "watchers": ["bo@example.com"],
        "due_in_days": 5,
        "checklist": ["Laptop", "Badge"],
    }
    assert after["snippets"] == [{"name": "thanks", "body": "Thanks {requester}, we are on #{id}."}]
    ticks = [u for t in after["tickets"] for u in t["updates"] if u["kind"] == "checklist"]
    assert [u["body"] for u in ticks] == ["checked: Black", "checked: Pay", "checked: Archive the invoice"]
    copy = build_services(str(target))
    try:
        with filled.db.read() as a, copy.db.read() as b:
            for tid in (12, 13, 14, 15):
                # the "created" entry holds the values before any tick: replayed back through the ticks
                assert (
                    repo.load_ticket(a, ticket_id=tid).updates[0].new
                    == repo.load_ticket(b, ticket_id=tid).updates[0].new
                )
                row = repo.ticket_row(b, ticket_id=tid)
                assert (row["checklist_done"], row["checklist_total"]) == {13: (2, 4), 14: (1, 1)}.get(
                    tid, (0, 0)
                )
        assert json.loads(repo_created(copy, 14))["description"] == "- [ ] Archive the invoice"
    finally:
        copy.close()


def repo_created(ctx: Services, ticket_id: int) -> str:
    with ctx.db.read() as s:
        return repo.load_ticket(s, ticket_id=ticket_id).updates[0].new or ""


def test_existing_names_are_kept_and_reported(
    filled: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "all.json"
    assert run("export", str(path), "--data-dir", str(filled.paths.root)) == 0
    doc = json.loads(path.read_text())
    doc["tickets"] = []
    doc["snippets"][0]["body"] = "A different text"
    path.write_text(json.dumps(doc))
    capsys.readouterr()
    assert run("import", str(path), "--data-dir", str(filled.paths.root)) == 0
    err = capsys.readouterr().err
    assert "template 'New starter' already exists here; kept as it is" in err
    assert "snippet ;thanks already exists here; kept as it is" in err
    assert [sn.body for sn in filled.writing.snippets()] == ["Thanks {requester}, we are on #{id}."]


def test_a_bad_template_imports_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.json"
    doc = {
        "format": "tickettracker/2",
        "tickets": [{"id": 1, "title": "Fine"}],
        "templates": [{"name": "Odd", "priority": "Mega"}, {"name": "odd"}],
        "snippets": [{"name": "Not A Name", "body": "x"}],
    }
    path.write_text(json.dumps(doc))
    target = tmp_path / "target"
    assert run("import", str(path), "--data-dir", str(target)) != 0
    err = capsys.readouterr().err
    assert "nothing imported" in err
    assert "template 'Odd' (entry 1): priority: Unknown priority 'Mega'" in err
    assert "snippet 'Not A Name' (entry 1): name:" in err
    ctx = build_services(str(target))
    try:
        assert ctx.writing.templates() == [] and ctx.writing.snippets() == []
        with ctx.db.read() as s:
            assert repo.ticket_exists(s, ticket_id=1) is False
    finally:
        ctx.close()


def test_a_version_1_document_still_imports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "old.json"
    path.write_text(
        json.dumps(
            {
                "format": "tickettracker/1",
                "exported_at": "2026-11-27T08:00:00+00:00",
                "tickets": [{"id": 3, "title": "Old", "description": "- [x] a\n- [ ] b"}],
            }
        )
    )
    target = tmp_path / "target"
    assert run("import", str(path), "--data-dir", str(target)) == 0
    assert "1 ticket(s) and 0 new file(s) imported" in capsys.readouterr().out
    ctx = build_services(str(target))
    try:
        with ctx.db.read() as s:
            row = repo.ticket_row(s, ticket_id=3)
        assert (row["title"], row["checklist_done"], row["checklist_total"]) == ("Old", 1, 2)
    finally:
        ctx.close()


def test_an_unknown_format_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "future.json"
    path.write_text(json.dumps({"format": "tickettracker/3", "tickets": []}))
    assert run("import", str(path), "--data-dir", str(tmp_path / "t")) != 0
    assert "format" in capsys.readouterr().err
