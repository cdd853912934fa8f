"""Backups taken while another process writes are consistent: they verify, and every row has its file.

SQLite only: both tests are about the database file (a copy taken while another process writes it, checked with
SQLite's integrity check; a restore that swaps the file under a running app). PostgreSQL's backup is the export zip,
read inside one REPEATABLE READ snapshot (tests/services/data/test_on_postgres.py).
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from tests.factories import make_ticket
from tests.services.data.conftest import run
from tests.support import ROOT, child_env
from tickettracker.services.data.check import check_data
from tickettracker.services.data.restore import verify


def test_backups_during_writes_are_consistent(tmp_path: Path) -> None:
    data = tmp_path / "data"
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.writer", str(data), "7"],
        cwd=ROOT,
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        counts = []
        for i in range(3):
            time.sleep(0.3)
            dest = tmp_path / f"b{i}.zip"
            assert run("backup", str(dest), "--data-dir", str(data)) == 0
            folder = tmp_path / f"b{i}"
            with zipfile.ZipFile(dest) as zf:
                zf.extractall(folder)
            verify(folder, str(dest))  # manifest checksums + integrity_check
            assert check_data(folder / "tickettracker.db", folder / "uploads") == []

            conn = sqlite3.connect(folder / "tickettracker.db")
            counts.append(conn.execute("SELECT count(*) FROM attachment").fetchone()[0])
            conn.close()
        assert writer.poll() is None, "the writer stopped: the backups did not run during writes"
        assert counts == sorted(counts) and counts[-1] > counts[0]
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.communicate(timeout=30)


def test_restore_while_the_app_runs(tmp_path: Path) -> None:
    import httpx

    from tests.support import running_app
    from tickettracker.app import build_services

    data = tmp_path / "data"
    ctx = build_services(str(data))
    make_ticket(ctx.tickets, title="Before")
    ctx.close()
    with running_app(data) as app:
        assert run("backup", str(tmp_path / "b.zip"), "--data-dir", str(data)) == 0
        ctx = build_services(str(data))
        make_ticket(ctx.tickets, title="After")
        ctx.close()
        assert "There is no ticket #2" not in httpx.get(app.url + "/tickets/2").text
        assert run("restore", str(tmp_path / "b.zip"), "--data-dir", str(data)) == 0
        # The running app serves the restored data at once (its next read sees the restored database).
        assert httpx.get(app.url + "/tickets/1").status_code == 200
        assert "There is no ticket #2" in httpx.get(app.url + "/tickets/2").text
        conn = sqlite3.connect(data / "tickettracker.db")
        assert [r[0] for r in conn.execute("SELECT title FROM ticket")] == ["Before"]
        conn.close()
    assert run("check", "--data-dir", str(data)) == 0
