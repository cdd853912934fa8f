"""The command line a person types: help, native-mode checks, Ctrl+C."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.support import ROOT, child_env, running_app


def run(
    *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tickettracker", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=child_env(**(env or {})),
        timeout=timeout,
    )


def test_help_documents_every_option() -> None:
    out = run("--help").stdout
    for option in ("--port", "--host", "--data-dir", "--config", "--no-browser", "--native"):
        assert option in out


def test_native_without_a_display_says_why_and_exits_non_zero(tmp_path: Path) -> None:
    result = run(
        "--native", "--no-browser", "--data-dir", str(tmp_path), env={"DISPLAY": "", "WAYLAND_DISPLAY": ""}
    )
    assert result.returncode == 1
    assert "native window unavailable" in result.stderr
    assert "Traceback" not in result.stderr
    assert ("pip install" in result.stderr) or ("no graphical display" in result.stderr)


def test_native_auto_falls_back_to_the_browser(tmp_path: Path) -> None:
    with running_app(tmp_path, "--native=auto", env={"DISPLAY": "", "WAYLAND_DISPLAY": ""}) as app:
        assert httpx.get(app.url + "/", headers={"Host": f"127.0.0.1:{app.port}"}).status_code == 200
    assert "falling back to the browser" in app.output


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_stops_cleanly(tmp_path: Path) -> None:
    with running_app(tmp_path) as app:
        app.proc.send_signal(signal.SIGINT)
        code = app.proc.wait(timeout=15)
    assert code == 0
    assert "Traceback" not in app.output


def test_taken_port_moves_to_the_next_free_one(tmp_path: Path) -> None:
    import socket

    from tests.support import free_port

    port = free_port()
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", port))
    blocker.listen()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tickettracker",
            "--no-browser",
            "--port",
            str(port),
            "--data-dir",
            str(tmp_path),
        ],
        cwd=ROOT,
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(2)]
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        blocker.close()
    assert f"port {port} is taken; using" in lines[0]
    assert "is running at http://localhost:" in lines[1] and f":{port}/" not in lines[1]


def test_nothing_is_written_to_the_working_directory(tmp_path: Path) -> None:
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    data = tmp_path / "data"
    port = __import__("tests.support", fromlist=["free_port"]).free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tickettracker", "--no-browser", "--port", str(port), "--data-dir", str(data)],
        cwd=cwd,
        env=child_env(PYTHONPATH=str(ROOT)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                import time

                time.sleep(0.1)
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    assert list(cwd.iterdir()) == []
    assert (data / "tickettracker.db").exists() and (data / "uploads").is_dir()


def test_version_through_the_console_script_entry_point(capsys: pytest.CaptureFixture[str]) -> None:
    """``tickettracker --version`` (pyproject's console script calls ``tickettracker.cli:main``)."""
    from tickettracker import __version__
    from tickettracker.cli import main

    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == f"TicketTracker {__version__}\n"
