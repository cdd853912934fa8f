"""A desktop's notification service (org.freedesktop.Notifications) for the native-window test: it answers on the
session bus in DBUS_SESSION_BUS_ADDRESS like a notification daemon and appends each Notify call to a file as one
JSON line, [app_name, summary, body, actions]. The Notify signature is the specification's (susssasa{sv}i → u), so a
caller sending the wrong types is rejected here as by a real daemon. ``Click(u)`` (not in the specification) stands
for the person clicking notification u: the service emits ActionInvoked(u, "default") and NotificationClosed(u, 2),
as a daemon does.

Run: python tests/fake_notifications.py RECORD_FILE  (prints "ready" once it owns the name)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from PyQt6.QtCore import QCoreApplication, QObject, pyqtClassInfo, pyqtSignal, pyqtSlot
from PyQt6.QtDBus import QDBusAbstractAdaptor, QDBusConnection

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


@pyqtClassInfo("D-Bus Interface", NAME)
class Adaptor(QDBusAbstractAdaptor):
    ActionInvoked = pyqtSignal("uint", str)
    NotificationClosed = pyqtSignal("uint", "uint")

    def __init__(self, parent: QObject, record: Path) -> None:
        super().__init__(parent)
        self.record = record
        self.last = 0

    @pyqtSlot(str, "uint", str, str, str, "QStringList", "QVariantMap", int, result="uint")
    def Notify(  # the specification's method names
        self,
        app: str,
        replaces: int,
        icon: str,
        summary: str,
        body: str,
        actions: list[str],
        hints: Any,
        timeout: int,
    ) -> int:
        with self.record.open("a", encoding="utf-8") as f:
            f.write(json.dumps([app, summary, body, actions]) + "\n")
        self.last += 1
        return self.last

    @pyqtSlot(result="QStringList")
    def GetCapabilities(self) -> list[str]:
        return ["body", "actions"]

    @pyqtSlot("uint")
    def Click(self, nid: int) -> None:
        self.ActionInvoked.emit(nid, "default")
        self.NotificationClosed.emit(nid, 2)  # 2: dismissed by the user

    @pyqtSlot("uint")
    def CloseNotification(self, nid: int) -> None:
        pass  # nothing is on screen to close


def main() -> None:
    app = QCoreApplication(sys.argv)
    holder = QObject()
    Adaptor(holder, Path(sys.argv[1]))
    bus = QDBusConnection.sessionBus()
    if not (bus.registerObject(PATH, holder) and bus.registerService(NAME)):
        sys.exit(f"cannot own {NAME}: {bus.lastError().message()}")
    print("ready", flush=True)
    app.exec()


if __name__ == "__main__":
    main()
