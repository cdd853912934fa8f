"""Run the real app as a subprocess (what a user starts) for browser and network tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a child app: without pytest's and NiceGUI's test variables (they change its mode)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST" and not k.startswith("NICEGUI_")}
    env.update(extra)
    return env


class RunningApp:
    def __init__(self, proc: subprocess.Popen[str], port: int, data_dir: Path, host: str) -> None:
        self.proc = proc
        self.port = port
        self.data_dir = data_dir
        self.url = f"http://{host}:{port}"
        self.output = ""


@contextmanager
def running_app(
    data_dir: Path,
    *extra_args: str,
    host: str = "127.0.0.1",
    env: dict[str, str] | None = None,
    timeout: float = 30,
    log: Path | None = None,
) -> Iterator[RunningApp]:
    """Start ``python -m tickettracker --no-browser`` on a free port; wait for HTTP 200; stop it afterwards.

    ``log``: the server's output goes to this file instead of a pipe (a long run would fill an unread pipe and
    block the server on its next log line); ``app.output`` is still the whole output afterwards."""
    port = free_port()
    args = [
        sys.executable,
        "-m",
        "tickettracker",
        "--no-browser",
        "--port",
        str(port),
        "--host",
        host,
        "--data-dir",
        str(data_dir),
        *extra_args,
    ]
    log_file = log.open("w") if log else None
    proc = subprocess.Popen(
        args,
        cwd=ROOT,
        env=child_env(**(env or {})),
        stdout=log_file or subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    app = RunningApp(proc, port, data_dir, host)
    deadline = time.monotonic() + timeout
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"the app exited with {proc.returncode}: "
                    f"{proc.stdout.read() if proc.stdout else log.read_text() if log else ''}"
                )
            try:
                if httpx.get(app.url + "/", timeout=1, headers={"Host": f"127.0.0.1:{port}"}).status_code in (
                    200,
                    401,
                ):
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the app did not answer within the timeout")
            time.sleep(0.1)
        yield app
    finally:
        proc.terminate()
        try:
            out, _ = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
        if log_file:
            log_file.close()
            out = log.read_text() if log else ""
        app.output = out or ""
