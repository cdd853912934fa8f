"""Native desktop window (pywebview + Qt) under a virtual X server: the window opens and shows the app, and a
reminder becomes one desktop notification on a session D-Bus (tests/fake_notifications.py plays the desktop's
notification service)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import IO

import pytest

from tests.support import ROOT, child_env, free_port
from tickettracker.app import build_services
from tickettracker.domain.validation import TicketInput
from tickettracker.store import reminders as repo

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


def _require(*tools: str) -> None:
    reason = _missing()
    if not reason:
        missing = [tool for tool in tools if shutil.which(tool) is None]
        reason = f"missing {', '.join(missing)}" if missing else None
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but the native-window test cannot run: {reason}")
        pytest.skip(reason)


def _stop(proc: subprocess.Popen[str]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def _desktop(tmp_path: Path) -> Iterator[tuple[dict[str, str], Path]]:
    """A virtual X display, a session D-Bus and a notification service on it: the environment for the window,
    and the file the service records each Notify call in."""
    display = f":{free_port() % 400 + 100}"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)  # fmt: skip
    bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)  # fmt: skip
    record = tmp_path / "notifications.jsonl"
    service: subprocess.Popen[str] | None = None
    try:
        assert bus.stdout is not None
        address = bus.stdout.readline().strip()  # printed once the bus listens
        assert address, "dbus-daemon printed no address"
        env = child_env(DISPLAY=display, DBUS_SESSION_BUS_ADDRESS=address, PYWEBVIEW_GUI="qt",
                        QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox")  # fmt: skip
        service = subprocess.Popen([sys.executable, str(ROOT / "tests" / "fake_notifications.py"), str(record)],
                                   env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
        assert service.stdout is not None
        ready = service.stdout.readline().strip()  # "ready" once it owns org.freedesktop.Notifications
        assert ready == "ready", f"the notification service did not start: {ready}"
        yield env, record
    finally:
        for proc in (service, bus, xvfb):
            if proc is not None:
                _stop(proc)


def _add_reminder(data: Path, ticket_id: int, key: str) -> None:
    """A "Remind me" due now, stored as ReminderService.remind_me stores one (which takes future times only)."""
    ctx = build_services(str(data))
    try:
        with ctx.db.write() as s:
            at = datetime.now(timezone.utc)
            repo.add_reminders(s, rows=[{"ticket_id": ticket_id, "kind": "manual", "key": key, "fire_at": at,
                                         "created": at}])  # fmt: skip
    finally:
        ctx.close()


def _wait_for_lines(record: Path, count: int, app: subprocess.Popen[str], log: IO[str]) -> list[list[object]]:
    deadline = time.monotonic() + 150  # the window's first start on a loaded 2-core machine
    lines: list[str] = []
    while time.monotonic() < deadline and app.poll() is None:
        text = record.read_text(encoding="utf-8") if record.exists() else ""
        lines = text[: text.rfind("\n") + 1].splitlines()  # whole lines only: the service may be mid-write
        if len(lines) >= count:
            break
        time.sleep(0.25)
    log.flush()
    assert len(lines) >= count, f"{len(lines)} desktop notifications, expected {count}; app output:\n" + Path(
        log.name
    ).read_text(encoding="utf-8", errors="replace")
    return [json.loads(line) for line in lines]


def _click_notification(env: dict[str, str], nid: int) -> None:
    subprocess.run(["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.Notifications",
                    "/org/freedesktop/Notifications", "org.freedesktop.Notifications.Click", f"uint32:{nid}"],
                   env=env, check=True, capture_output=True, timeout=30)  # fmt: skip


def _wait_until_read(data: Path, read: set[int], app: subprocess.Popen[str], log: IO[str]) -> list[int]:
    """The tickets of the unread reminders, once none of ``read`` is among them."""
    deadline = time.monotonic() + 60
    unread: list[int] = []
    while time.monotonic() < deadline and app.poll() is None:
        ctx = build_services(str(data))
        try:
            unread = sorted(r.ticket_id for r in ctx.reminders.inbox())
        finally:
            ctx.close()
        if not read & set(unread):
            return unread
        time.sleep(0.5)
    log.flush()
    raise AssertionError(
        f"still unread: {unread}; app output:\n" + Path(log.name).read_text(errors="replace")
    )


def test_a_reminder_becomes_one_desktop_notification(tmp_path: Path) -> None:
    _require("dbus-daemon", "dbus-send")
    data = tmp_path / "data"
    ctx = build_services(str(data))
    first = ctx.tickets.create(TicketInput(title="Call the printer vendor"))
    second = ctx.tickets.create(TicketInput(title="Renew the <domain> & certificate"))
    ctx.close()
    _add_reminder(data, first, "manual@first")
    with _desktop(tmp_path) as (env, record), (tmp_path / "app.log").open("w+", encoding="utf-8") as log:
        app = subprocess.Popen(
            [sys.executable, "-m", "tickettracker", "--native", "--port", str(free_port()), "--data-dir", str(data)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        try:
            # The window's page claims the due reminder and asks for a web notification; the window presents it.
            shown = _wait_for_lines(record, 1, app, log)
            assert shown == [["TicketTracker", "#1 Call the printer vendor", "Reminder you asked for",
                              ["default", "Open ticket"]]]  # fmt: skip
            # A second reminder falls due after the first was shown: when it arrives, polls after the first have
            # run, and the first was still shown once only.
            _add_reminder(data, second, "manual@second")
            shown = _wait_for_lines(record, 2, app, log)
            assert [line[1:3] for line in shown] == [
                ["#1 Call the printer vendor", "Reminder you asked for"],
                ["#2 Renew the <domain> & certificate", "Reminder you asked for"],
            ]
            # The person clicks the second one on the desktop: the window opens its ticket and marks it read.
            _click_notification(env, 2)  # the service numbers its notifications from 1
            assert _wait_until_read(data, {second}, app, log) == [first]
        finally:
            _stop(app)
