"""Desktop notifications in the native window (SPEC §18), for pywebview's Qt backend.

The page makes reminders into web notifications (``new Notification(...)``, components/reminders.py) in a browser
tab and in the native window alike, so one path serves both. pywebview itself denies the page's Notification
permission and has no notification API; QtWebEngine lets the embedding program grant the permission and present
the notifications. NiceGUI runs pywebview in a separate (spawned) process, so :func:`start` reaches that process as
``webview.start(func=...)`` (a module-level function pickles by name) and runs in pywebview's start thread there.

What the page asks to show is shown as a real desktop notification: on Linux through the freedesktop notification
service on the session D-Bus (what notify-send uses; its "default" action, a click, opens the ticket in the
window), elsewhere through a system tray icon's message. The user's switch is the page's: Settings → "Desktop
notifications" (components/reminders.py creates no notification when it is off); quiet hours hold because the
server hands out no pop-up then. The other backends (GTK, Cocoa, EdgeChromium) are left as they are: README, Time.
"""

from __future__ import annotations

import logging
import time
from typing import Any
from urllib.parse import urlsplit

START_TIMEOUT = 120.0  # seconds the window may take to be built on a loaded machine


def start() -> None:
    """pywebview's start function in the window process: once the Qt window exists, set notifications up there."""
    import webview

    if not webview.windows:
        return
    window = webview.windows[0]
    if not getattr(window.gui, "__name__", "").endswith(".qt"):
        return  # GTK, Cocoa, EdgeChromium: their own behaviour (README)
    # before_show fires at the end of the Qt window's constructor, before the page has loaded. This thread is not a
    # daemon: stop waiting when the window closes first, so the process can end.
    deadline = time.monotonic() + START_TIMEOUT
    while not window.events.before_show.wait(0.5):
        if window.events.closed.is_set() or time.monotonic() > deadline:
            return
    from tickettracker.ui import native_qt

    url = urlsplit(window.real_url or window.original_url or "")
    origin = f"{url.scheme}://{url.netloc}"
    _on_gui_thread(lambda: _KEEP.append(native_qt.install(window.native, origin)))


def _on_gui_thread(job: Any) -> None:
    """Run ``job`` on Qt's GUI thread (Qt objects must not be touched from pywebview's start thread)."""
    from qtpy.QtCore import QCoreApplication, QObject, Qt, Signal, Slot

    class Relay(QObject):  # a queued signal to an object living in the GUI thread runs the slot there
        fire = Signal(object)

        @Slot(object)
        def run(self, f: Any) -> None:
            try:  # an exception escaping into Qt would abort the window (PyQt calls qFatal)
                f()
            except Exception:
                logging.getLogger(__name__).exception("desktop notifications are not available in the window")

    app = QCoreApplication.instance()
    if app is None:
        return
    relay = Relay()
    relay.moveToThread(app.thread())
    relay.fire.connect(relay.run, Qt.ConnectionType.QueuedConnection)
    relay.fire.emit(job)
    _KEEP.append(relay)


_KEEP: list[Any] = []  # Qt objects that must live as long as the window
