"""Crash safety: a writer SIGKILLed at random moments loses no acknowledged write and leaves a sound store."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.services.data.conftest import run
from tests.support import ROOT, child_env
from tickettracker.services.data.check import check_data

KILLS = int(os.environ.get("TT_CRASH_KILLS", "50"))  # larger with TT_CRASH_KILLS=500


def _kill_at_random(data: Path, seed: int, rnd: random.Random) -> list[str]:
    """Start the writer, let it write for a random while, SIGKILL it; return its acknowledged lines."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.writer", str(data), str(seed)],
        cwd=ROOT,
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read() if proc.stderr else ""
    time.sleep(rnd.uniform(0.0, 0.4))
    proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL, err
    return out.splitlines()


def test_sigkill_at_random_moments_loses_no_acknowledged_write(tmp_path: Path) -> None:
    data = tmp_path / "data"
    rnd = random.Random(2026)
    acked: dict[str, set[str]] = {"T": set(), "U": set(), "A": set()}
    orphans_seen = 0
    for attempt in range(KILLS):
        for line in _kill_at_random(data, attempt, rnd):
            kind, ident, *_ = line.split()
            acked[kind].add(ident)
        conn = sqlite3.connect(data / "tickettracker.db")
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            for kind, table in (("T", "ticket"), ("U", "ticket_update"), ("A", "attachment")):
                present = {str(r[0]) for r in conn.execute(f"SELECT id FROM {table}")}
                assert acked[kind] <= present, (
                    f"after kill {attempt + 1}: lost {kind} {acked[kind] - present}"
                )
        finally:
            conn.close()
        problems = check_data(data / "tickettracker.db", data / "uploads")
        # A row never points to a missing or wrong file; a file may outlive the one write the kill interrupted.
        assert all(p.startswith("orphan file:") for p in problems), problems
        assert len(problems) <= 1, problems
        orphans_seen += len(problems)
        if problems:  # what a restart does (`check --repair`), so the next round starts clean
            assert run("check", "--repair", "--data-dir", str(data)) == 0
    assert all(acked.values()), "the writer never got to write everything once: the test proves nothing"
    assert run("check", "--data-dir", str(data)) == 0
    print(f"\ncrash safety: {KILLS} kills, {len(acked['T'])} tickets, {len(acked['U'])} updates, "
          f"{len(acked['A'])} attachments acknowledged, 0 lost, {orphans_seen} orphan file(s) repaired")  # fmt: skip
