"""The Qt side of the native window's desktop notifications (see native_window); imported in the window process
only, where pywebview's Qt backend has loaded Qt (through qtpy, as pywebview does)."""

from __future__ import annotations

import contextlib
import logging
import sys
from typing import Any

from qtpy.QtCore import QUrl
from qtpy.QtWebEngineWidgets import QWebEngineView
from qtpy.QtWidgets import QSystemTrayIcon

APP_NAME = "TicketTracker"
log = logging.getLogger(__name__)


def install(main_window: Any, origin: str) -> Presenter | None:
    """Grant the app's origin the Notification permission and present its notifications on the desktop.

    Returns None (nothing changed) where this Qt has no permission API (before Qt 6.8): the in-page toast and the
    header list remain.
    """
    views = main_window.findChildren(QWebEngineView)
    if not views:
        return None
    profile = views[0].page().profile()
    try:
        from qtpy.QtWebEngineCore import QWebEnginePermission
    except ImportError:
        return None
    # The window is the app's own: there is no browser prompt to ask with, so the grant stands for the user's yes;
    # Settings → "Desktop notifications" is where they say no.
    profile.queryPermission(QUrl(origin), QWebEnginePermission.PermissionType.Notifications).grant()
    presenter = Presenter(main_window)
    profile.setNotificationPresenter(presenter.present)
    return presenter


class Presenter:
    """Shows QtWebEngine's notifications on the desktop; a click on one opens its ticket in the window."""

    def __init__(self, main_window: Any) -> None:
        self.main_window = main_window
        self.shown: dict[int, Any] = {}  # D-Bus notification id → QWebEngineNotification
        self.tray: Any = None
        self.dbus: Any = None
        if sys.platform.startswith(("linux", "freebsd", "openbsd")):  # QtDBus is not in every Windows build
            from tickettracker.ui.native_dbus import Notifications

            self.dbus = Notifications(self)

    def present(self, note: Any) -> None:
        # An exception escaping into Qt would abort the window (PyQt calls qFatal): log it, the toast remains.
        try:
            title, body = note.title(), note.message()
            if self.dbus is not None:
                self.dbus.notify(note, title, body, otherwise=lambda: self._tray(note, title, body))
            else:
                self._tray(note, title, body)
            note.show()  # the page's Notification fires "show"
        except Exception:
            log.exception("could not show a desktop notification")

    def clicked(self, note: Any) -> None:
        self.main_window.showNormal()
        self.main_window.raise_()
        self.main_window.activateWindow()
        note.click()  # the page's onclick opens the ticket

    def _tray(self, note: Any, title: str, body: str) -> None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return  # nowhere to show it: the in-page toast remains
        if self.tray is None:
            self.tray = QSystemTrayIcon(self.main_window.windowIcon(), self.main_window)
            self.tray.setToolTip(APP_NAME)
            self.tray.show()
        with contextlib.suppress(TypeError, RuntimeError):  # nothing connected yet
            self.tray.messageClicked.disconnect()
        self.tray.messageClicked.connect(lambda: self.clicked(note))
        self.tray.showMessage(title, body, self.main_window.windowIcon())
