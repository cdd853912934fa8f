"""The freedesktop notification service (what notify-send uses) for the native window's presenter (native_qt):
Notify, and its "default" action (a click) and closing reported back to the page's notification."""

from __future__ import annotations

from typing import Any

from qtpy.QtCore import QMetaType, QObject, Slot
from qtpy.QtDBus import QDBusArgument, QDBusConnection, QDBusMessage

APP_NAME = "TicketTracker"
DBUS_SERVICE = "org.freedesktop.Notifications"
DBUS_PATH = "/org/freedesktop/Notifications"


class Notifications(QObject):
    """org.freedesktop.Notifications on the session bus, for one presenter."""

    def __init__(self, presenter: Any) -> None:
        super().__init__()
        self.presenter = presenter
        self.bus = QDBusConnection.sessionBus()
        if self.bus.isConnected():
            self.bus.connect(DBUS_SERVICE, DBUS_PATH, DBUS_SERVICE, "ActionInvoked", self._action)
            self.bus.connect(DBUS_SERVICE, DBUS_PATH, DBUS_SERVICE, "NotificationClosed", self._closed)

    def notify(self, note: Any, title: str, body: str) -> bool:
        """Send Notify; False when there is no session bus or no notification service on it."""
        if not self.bus.isConnected():
            return False
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
        # Blocking, but the service answers at once (the call is a hand-over); the time-out bounds a hung service.
        reply = self.bus.call(call, timeout=2000)
        if reply.type() != QDBusMessage.MessageType.ReplyMessage or not reply.arguments():
            return False
        self.presenter.shown[int(reply.arguments()[0])] = note
        return True

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
