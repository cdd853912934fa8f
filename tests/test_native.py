"""Native desktop window (pywebview + Qt) under a virtual X server: the window opens and shows the app."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support import ROOT, child_env, free_port

NEEDS = ("Xvfb", "xdotool")


def _missing() -> str | None:
    if importlib.util.find_spec("webview") is None or importlib.util.find_spec("PyQt6") is None:
        return "pywebview[qt] is not installed"
    missing = [tool for tool in NEEDS if shutil.which(tool) is None]
    return f"missing {', '.join(missing)}" if missing else None


def test_native_window_opens_under_xvfb(tmp_path: Path) -> None:
    reason = _missing()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but the native-window test cannot run: {reason}")
        pytest.skip(reason)
    display = f":{free_port() % 400 + 100}"
    xvfb = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    env = child_env(DISPLAY=display, QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox", PYWEBVIEW_GUI="qt")
    app = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tickettracker",
            "--native",
            "--port",
            str(free_port()),
            "--data-dir",
            str(tmp_path),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        found = b""
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and app.poll() is None:
            found = subprocess.run(
                ["xdotool", "search", "--name", "TicketTracker"], env=env, capture_output=True
            ).stdout.strip()
            if found:
                break
            time.sleep(0.5)
        assert found, "no window named TicketTracker appeared"
    finally:
        app.terminate()
        try:
            app.wait(timeout=20)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait()
        xvfb.terminate()
        xvfb.wait()
