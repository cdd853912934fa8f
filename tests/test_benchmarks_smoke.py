"""The benchmarks still run (at 1,000 tickets, once each): CI's smoke run. Timings are printed, never asserted."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import bench_server, generate
from tests.conftest import require_browser


@pytest.fixture(scope="module")
def thousand(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("bench-1k")
    generate.generate(data, 1000)
    return data


def test_generated_data_is_what_the_services_write(thousand: Path) -> None:
    from sqlalchemy import text

    from tickettracker.app import build_services

    ctx = build_services(str(thousand))
    derived = "SELECT id, deadline, priority_rank FROM ticket ORDER BY id"
    try:
        assert len(ctx.tickets.all_tags()) == generate.TAGS
        for ticket_id in (1, 500, 1000):
            t = ctx.tickets.get(ticket_id)
            assert t.updates[0].kind == "created" and len(t.updates) == 3
            held = [u for u in t.updates if u.kind == "status" and u.field == "status"]
            if t.status in ctx.cfg.paused_statuses:
                assert t.paused_since == held[-1].at  # the pause runs from the status change
        with ctx.db.read() as s:
            before = s.execute(text(derived)).all()
            assert s.execute(text("SELECT count(*) FROM ticket_fts")).scalar_one() == 1000
        with ctx.db.write() as s:  # what the services do after a configuration change: nothing may move
            ctx.tickets.recompute_derived(s)
        with ctx.db.read() as s:
            assert s.execute(text(derived)).all() == before
    finally:
        ctx.close()


def test_server_benchmark_smoke(thousand: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = bench_server.run(thousand, runs=1)
    totals = {name: total for name, _wall, _cpu, _worst, total in results}
    assert all(
        totals[f"sort {s}"] == 1000 for s in ("urgency", "due", "priority", "updated", "created", "id")
    )
    assert 0 < totals["tags ALL (2)"] <= totals["tags ANY (2)"] < 1000
    assert 0 < totals["search 'printer' + Active, sort due"] <= totals["search common word 'printer'"]
    assert totals["search prefix 'pr' (keystroke 2)"] <= totals["search prefix 'p' (keystroke 1)"]


def test_floor_pages_the_same_rows(thousand: Path) -> None:
    from benchmarks.floor import PAGE_SIZE, Rows

    rows = Rows(thousand / "tickettracker.db")
    first, total = rows.page("", 1, "id", False)
    second, _ = rows.page("", 2, "id", False)
    assert total == 1000 and len(first) == PAGE_SIZE
    assert [r["id"] for r in first + second] == list(range(1, 2 * PAGE_SIZE + 1))
    newest, _ = rows.page("", 1, "updated", True)
    assert [r["updated"] for r in newest] == sorted((r["updated"] for r in newest), reverse=True)
    found, matches = rows.page("printer", 1, "id", False)
    _narrower, fewer = rows.page("printer p", 1, "id", False)  # one more prefix word: never more matches
    assert 0 < fewer <= matches < total and found
    assert (
        rows.page("id; DROP", 1, "id); DROP TABLE ticket; --", False)[1] == 0
    )  # sort names are allow-listed


@pytest.mark.browser
def test_browser_benchmark_smoke(thousand: Path) -> None:
    require_browser()
    from benchmarks import bench_browser

    result = bench_browser.run(thousand, runs=1)
    assert set(result.product) == set(bench_browser.STEPS)
    assert set(result.floor) == set(bench_browser.FLOOR_STEPS)
    assert 0 < result.rss <= result.peak
    assert "| first rows |" in result.table()


@pytest.mark.browser
def test_ticket_log_benchmark_smoke(tmp_path: Path) -> None:
    """A long log opens with one page of it: the page holds barely more elements than a one-entry ticket's."""
    require_browser()
    from benchmarks import bench_ticket_log

    result = bench_ticket_log.run(tmp_path, entries=300, runs=1)
    assert result["one"] > 0 and result["many"] > 0
    assert result["nodes"][1] < result["nodes"][300] < 2 * result["nodes"][1]


def test_insights_benchmark_smoke(thousand: Path) -> None:
    from benchmarks import bench_insights
    from benchmarks.generate import NOW
    from tickettracker.app import build_services
    from tickettracker.services.insights import InsightsService
    from tickettracker.services.tickets import TicketService

    ctx = build_services(str(thousand))
    try:
        service = InsightsService(TicketService(ctx.db, ctx.cfg, clock=lambda: NOW))
        for scope in bench_insights.SCOPES:
            _median, _worst, charts = bench_insights.measure(service, scope, 1)
            assert charts == 10
    finally:
        ctx.close()
