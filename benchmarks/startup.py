"""Start-up to first HTTP 200 and server memory after one page, for `python -m tickettracker` (SPEC §13).

Usage: python benchmarks/startup.py [--runs 5]
Prints each run and the median. Each run uses a fresh, empty data folder.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support import child_env, free_port  # noqa: E402


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def one_run() -> tuple[float, float]:
    port = free_port()
    with tempfile.TemporaryDirectory() as data:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "tickettracker", "--no-browser", "--port", str(port), "--data-dir", data],
            cwd=ROOT,
            env=child_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            while True:
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.02)
            elapsed = time.perf_counter() - start
            time.sleep(3)
            memory = rss_mb(proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=15)
    return elapsed, memory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    times, memories = [], []
    for i in range(args.runs):
        t, m = one_run()
        times.append(t)
        memories.append(m)
        print(f"run {i + 1}: first HTTP 200 after {t:.2f} s, RSS after one page + 3 s idle {m:.0f} MB")
    print(
        f"median: start-up {statistics.median(times):.2f} s (budget 2 s), RSS {statistics.median(memories):.0f} MB"
    )


if __name__ == "__main__":
    main()
