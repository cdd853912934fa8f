"""Run every dashboard benchmark for several backlog sizes and print one table per kind (SPEC §13).

    python -m benchmarks.run --sizes 1000,10000,100000 [--runs 7] [--browser-runs 5] [--no-browser]

Data folders are made once under ``--work-dir`` (one per size) and reused while they hold that many tickets.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
from pathlib import Path

from benchmarks import bench_server, generate


def ensure_data(work_dir: Path, size: int) -> Path:
    data = work_dir / f"tickets-{size}"
    db = data / "tickettracker.db"
    if db.exists():
        conn = sqlite3.connect(db)
        try:
            have = conn.execute("SELECT count(*) FROM ticket").fetchone()[0]
        finally:
            conn.close()
        if have == size:
            return data
        raise SystemExit(f"{data} holds {have} tickets, not {size}: remove it or pick another --work-dir")
    timings = generate.generate(data, size)
    print(f"generated {size:,} tickets in {timings['total_s']:.1f} s ({data})", flush=True)
    return data


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), Python "
        f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )


def main() -> None:
    p = argparse.ArgumentParser(description="All dashboard benchmarks for several sizes.")
    p.add_argument("--sizes", default="1000,10000,100000", help="comma-separated ticket counts")
    p.add_argument("--work-dir", type=Path, default=Path("/tmp/tickettracker-bench"))
    p.add_argument("--runs", type=int, default=7, help="runs per server case")
    p.add_argument("--browser-runs", type=int, default=5)
    p.add_argument("--no-browser", action="store_true", help="skip the headless Chromium part")
    a = p.parse_args()
    sizes = [int(s) for s in a.sizes.split(",") if s.strip()]
    folders = {size: ensure_data(a.work_dir, size) for size in sizes}
    print(f"machine: {machine()}")

    server = {size: bench_server.run(folders[size], a.runs) for size in sizes}
    load = os.getloadavg()[0]
    head = "".join(f" {f'{n:,}':>16}" for n in sizes)
    print(f"\nserver: first page + exact count, median ms wall / cpu of {a.runs} runs (budget 30 ms)")
    print(f"{'case':<40}{head}")
    for i, (name, *_rest) in enumerate(server[sizes[0]]):
        cells = ""
        for size in sizes:
            _n, wall, cpu, _worst, _total = server[size][i]
            cells += f" {wall:>8.1f} /{cpu:>6.1f}"
        print(f"{name:<40}{cells}")
    print(f"(load average after the server runs: {load:.1f})")

    if a.no_browser:
        return
    from benchmarks import bench_browser

    print(
        f"\nbrowser: headless Chromium, fresh context per run, product and floor alternating, {a.browser_runs} runs"
    )
    for size in sizes:
        print(f"\n{size:,} tickets")
        print(bench_browser.run(folders[size], a.browser_runs).table())
    print(f"(load average after the browser runs: {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
