"""Can a native window open here? Checked before asking NiceGUI, which otherwise fails invisibly (it keeps serving
with no window when pywebview has no GUI backend)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

INSTALL_HINT = (
    'pip install "tickettracker[native]" "pywebview[qt]" (Qt from pip), or on Debian/Ubuntu: '
    'apt-get install gir1.2-webkit2-4.1 and pip install "pywebview[gtk]"'
)

_PROBE = "from webview.guilib import initialize; initialize()"


def problem() -> str | None:
    """None when a native window can open; otherwise what is missing and how to install it."""
    if importlib.util.find_spec("webview") is None:
        return f"pywebview is not installed. Install it with: {INSTALL_HINT}"
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        return "no graphical display (DISPLAY/WAYLAND_DISPLAY is not set)"
    try:
        result = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        return "the pywebview GUI backend did not start within 60 s"
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["unknown error"])[-1]
        return f"pywebview found no working GUI backend ({last}). Install one with: {INSTALL_HINT}"
    return None
