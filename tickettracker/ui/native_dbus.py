"""The freedesktop notification service (what notify-send uses) for the native window's presenter (native_qt):
Notify, and its "default" action (a click) and closing reported back to the page's notification."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from qtpy.QtCore import QMetaType, QObject, Slot
from qtpy.QtDBus import (
    QDBusArgument,
    QDBusConnection,
    QDBusMessage,
    QDBusPendingCallWatcher,
    QDBusPendingReply,
)

APP_NAME = "TicketTracker"
DBUS_SERVICE = "org.freedesktop.Notifications"
DBUS_PATH = "/org/freedesktop/Notifications"
REPLY_TIMEOUT_MS = 25_000  # D-Bus's usual default: time enough for a daemon started on demand
log = logging.getLogger(__name__)


class Notifications(QObject):
    """org.freedesktop.Notifications on the session bus, for one presenter."""

    def __init__(self, presenter: Any) -> None:
        super().__init__()
        self.presenter = presenter
        self.bus = QDBusConnection.sessionBus()
        if self.bus.isConnected():
            self.bus.connect(DBUS_SERVICE, DBUS_PATH, DBUS_SERVICE, "ActionInvoked", self._action)
            self.bus.connect(DBUS_SERVICE, DBUS_PATH, DBUS_SERVICE, "NotificationClosed", self._closed)

    def notify(self, note: Any, title: str, body: str, otherwise: Callable[[], None]) -> None:
        """Send Notify without waiting; ``otherwise`` runs when there is no session bus or no service answers."""
        if not self.bus.isConnected():
            otherwise()
            return
        call = QDBusMessage.createMethodCall(DBUS_SERVICE, DBUS_PATH, DBUS_SERVICE, "Notify")
        call.setArguments(
            [
                APP_NAME,
                QDBusArgument(0, QMetaType.Type.UInt.value),  # replaces_id: a new notification
                "",  # app_icon
                title,
                body,
                QDBusArgument(["default", "Open ticket"], QMetaType.Type.QStringList.value),
                {},  # hints
                -1,  # expire_timeout: the server's default
            ]
        )
        # Asynchronous: the window stays responsive while a service is started on demand (D-Bus activation).
        watcher = QDBusPendingCallWatcher(self.bus.asyncCall(call, REPLY_TIMEOUT_MS), self)
        watcher.finished.connect(lambda w: self._sent(w, note, otherwise))

    def _sent(self, watcher: Any, note: Any, otherwise: Callable[[], None]) -> None:
        try:
            reply = QDBusPendingReply(watcher).reply()
            if reply.type() == QDBusMessage.MessageType.ReplyMessage and reply.arguments():
                self.presenter.shown[int(reply.arguments()[0])] = note
            else:  # no notification service on this bus
                otherwise()
        except Exception:  # escaping into Qt would abort the window (PyQt calls qFatal)
            log.exception("could not show a desktop notification")
        finally:
            watcher.deleteLater()

    @Slot(QDBusMessage)
    def _action(self, message: Any) -> None:
        args = message.arguments()
        note = self.presenter.shown.get(int(args[0])) if len(args) == 2 else None
        if note is not None and args[1] == "default":
            self.presenter.clicked(note)

    @Slot(QDBusMessage)
    def _closed(self, message: Any) -> None:
        args = message.arguments()
        note = self.presenter.shown.pop(int(args[0]), None) if args else None
        if note is not None:
            note.close()  # the page's Notification fires "close"
