"""Notices for the user (a missed call, how a dial ended): in the window, or on the desktop.

The rule for every notice: while the window is visible and focused, it is said in the window only;
a desktop notification only when the window is hidden, minimised or not focused; and the same
notice is never shown twice.

Desktop notifications go through the freedesktop notification service
(`org.freedesktop.Notifications` on the session bus), which every Linux desktop runs, tray or not
(stock GNOME has none), with a "Call back" action where the server supports actions. Without the
service (Windows, macOS, a bare X server) they go to the tray icon's balloon, and with neither,
into the window, so nothing is lost.

Why jeepney and not QtDBus: PySide6-Essentials does ship QtDBus, but its bindings cannot send an
unsigned 32-bit integer (a Python int goes out as D-Bus `i`, or `q` through `QDBusArgument <<`),
and `Notify` takes its `replaces_id` as `u`; GNOME Shell and dunst check the signature and refuse
the call. jeepney is pure Python, lets us write the signature, and is in every Linux install
already (keyring's Secret Service backend uses it). Its socket is watched by a QSocketNotifier, so
the action signals arrive on the GUI thread without a thread of their own. Spawning `gdbus` or
`notify-send` would depend on tools the bundle cannot carry.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, Signal, Slot
from PySide6.QtWidgets import QSystemTrayIcon, QWidget

from fmc_desktop.core.system.desktop_identity import APP_ID

log = logging.getLogger(__name__)

BUS_NAME = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
CALL_BACK_ACTION = "call-back"
DEFAULT_ACTION = "default"  # a click on the notification itself
CALL_TIMEOUT_S = 1.0  # a local service answers in milliseconds; never stall the window longer
REPEAT_WITHIN_S = 60.0  # the same notice again within this time is the same news


class NoticeKind(Enum):
    MISSED_CALL = "missed-call"
    DIAL_OUTCOME = "dial-outcome"


class Route(Enum):
    """Where a notice went."""

    WINDOW = "window"
    DESKTOP = "desktop"
    TRAY = "tray"
    REPEATED = "repeated"  # the same notice was just shown: not again


@dataclass(frozen=True)
class Notice:
    kind: NoticeKind
    title: str
    text: str
    warning: bool = False
    # The number and name a "Call back" action dials (missed calls).
    call_back: tuple[str, str] | None = field(default=None)


class DesktopNotifications(QObject):
    """A client of the freedesktop notification service on the session bus."""

    action_invoked = Signal(int, str)  # notification id, action key
    closed = Signal(int)  # notification id

    def __init__(self, address: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._address = address
        self._connection: Any = None
        self._signals: Any = None
        self._watcher: QSocketNotifier | None = None
        self._capabilities: list[str] | None = None
        self._tried = False

    def available(self) -> bool:
        return self._connect()

    def capabilities(self) -> list[str]:
        if self._capabilities is None:
            reply = self._call("GetCapabilities", "", ())
            self._capabilities = list(reply[0]) if reply else []
        return self._capabilities

    def notify(
        self,
        summary: str,
        body: str,
        *,
        actions: list[tuple[str, str]] | None = None,
        replaces_id: int = 0,
        warning: bool = False,
    ) -> int | None:
        """Show a notification; its id, or None when the service did not take it."""
        flat: list[str] = []
        if actions and "actions" in self.capabilities():
            for key, label in actions:
                flat += [key, label]
        hints = {
            # Lets the server show the app's name and icon from its menu entry.
            "desktop-entry": ("s", APP_ID),
            "urgency": ("y", 1),
            "category": ("s", "im" if not warning else "presence"),
        }
        reply = self._call(
            "Notify",
            "susssasa{sv}i",
            ("fmc-desktop", replaces_id, APP_ID, summary, body, flat, hints, -1),
        )
        return int(reply[0]) if reply else None

    def close(self) -> None:
        if self._watcher is not None:
            self._watcher.setEnabled(False)
            self._watcher.deleteLater()
            self._watcher = None
        if self._signals is not None:
            self._signals.close()
            self._signals = None
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    # --- the connection ---------------------------------------------------------------------------

    def _connect(self) -> bool:
        if self._connection is not None:
            return True
        freedesktop = sys.platform.startswith("linux") or "bsd" in sys.platform
        if self._tried or not freedesktop:
            return False
        self._tried = True
        address = self._address or os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
        if not address:
            return False
        try:
            from jeepney import MatchRule
            from jeepney.bus_messages import message_bus
            from jeepney.io.blocking import open_dbus_connection

            connection = open_dbus_connection(bus=address, auth_timeout=CALL_TIMEOUT_S)
            rule = MatchRule(type="signal", interface=INTERFACE, path=OBJECT_PATH)
            connection.send_and_get_reply(message_bus.AddMatch(rule), timeout=CALL_TIMEOUT_S)
            self._signals = connection.filter(rule, bufsize=64)
            owner = connection.send_and_get_reply(
                message_bus.NameHasOwner(BUS_NAME), timeout=CALL_TIMEOUT_S
            )
        except Exception as error:  # no bus, a refused connection, a bus that does not answer
            log.info("No desktop notification service: %s", error)
            return False
        if not owner.body[0]:
            log.info("The session bus has no notification service")
            connection.close()
            return False
        self._connection = connection
        self._watcher = QSocketNotifier(connection.sock.fileno(), QSocketNotifier.Type.Read, self)
        self._watcher.activated.connect(self._on_watcher_activated)
        return True

    def _call(self, method: str, signature: str, body: tuple[Any, ...]) -> tuple[Any, ...] | None:
        if not self._connect():
            return None
        from jeepney import DBusAddress, MessageType, new_method_call

        target = DBusAddress(OBJECT_PATH, bus_name=BUS_NAME, interface=INTERFACE)
        try:
            reply = self._connection.send_and_get_reply(
                new_method_call(target, method, signature, body), timeout=CALL_TIMEOUT_S
            )
        except Exception as error:  # a hung or vanished service: fall back to the tray
            log.warning("The notification service did not answer %s: %s", method, error)
            return None
        finally:
            self._dispatch()  # signals that came in while waiting for the reply
        if reply.header.message_type is MessageType.error:
            log.warning("The notification service refused %s: %s", method, reply.body)
            return None
        return tuple(reply.body)

    @Slot()
    def _on_watcher_activated(self) -> None:
        if self._connection is None:
            return
        while True:
            try:
                self._connection.recv_messages(timeout=0)
            except TimeoutError:
                break
            except (OSError, ValueError) as error:  # the bus went away (logout)
                log.info("The session bus connection ended: %s", error)
                self.close()
                return
        self._dispatch()

    def _dispatch(self) -> None:
        if self._signals is None:
            return
        queue = self._signals.queue
        while queue:
            message = queue.popleft()
            member = message.header.fields.get(_member_field())
            if member == "ActionInvoked":
                self.action_invoked.emit(int(message.body[0]), str(message.body[1]))
            elif member == "NotificationClosed":
                self.closed.emit(int(message.body[0]))


def _member_field() -> Any:
    from jeepney import HeaderFields

    return HeaderFields.member


class Notifier(QObject):
    """Routes each notice to the window, the desktop's notification service or the tray."""

    call_back_requested = Signal(str, str)  # number, name
    window_requested = Signal()

    def __init__(
        self,
        window: QWidget,
        say_in_window: Callable[[Notice], None],
        *,
        desktop: DesktopNotifications | None = None,
        tray: QSystemTrayIcon | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._window = window
        self._say_in_window = say_in_window
        self._desktop = desktop
        self._tray = tray
        self._last: dict[NoticeKind, tuple[str, str, float]] = {}
        self._shown: dict[NoticeKind, int] = {}  # the desktop notification to replace
        self._call_backs: dict[int, tuple[str, str]] = {}
        if desktop is not None:
            desktop.action_invoked.connect(self._on_desktop_action_invoked)
            desktop.closed.connect(self._on_desktop_closed)
        if tray is not None:
            tray.messageClicked.connect(self.window_requested)

    def window_has_focus(self) -> bool:
        window = self._window
        return window.isVisible() and not window.isMinimized() and window.isActiveWindow()

    def post(self, notice: Notice) -> Route:
        now = time.monotonic()
        last = self._last.get(notice.kind)
        if (
            last is not None
            and last[:2] == (notice.title, notice.text)
            and now - last[2] < REPEAT_WITHIN_S
        ):
            return Route.REPEATED
        self._last[notice.kind] = (notice.title, notice.text, now)
        if self.window_has_focus():
            self._say_in_window(notice)
            return Route.WINDOW
        if self._post_to_desktop(notice):
            return Route.DESKTOP
        if self._tray is not None and self._tray.isVisible() and self._tray.supportsMessages():
            icon = (
                QSystemTrayIcon.MessageIcon.Warning
                if notice.warning
                else QSystemTrayIcon.MessageIcon.Information
            )
            self._tray.showMessage(notice.title, notice.text, icon, 10_000)
            return Route.TRAY
        # Nowhere else to say it: the window keeps it until the user looks.
        self._say_in_window(notice)
        return Route.WINDOW

    def _post_to_desktop(self, notice: Notice) -> bool:
        if self._desktop is None or not self._desktop.available():
            return False
        actions = [(DEFAULT_ACTION, self.tr("Open fmc-desktop"))]
        if notice.call_back is not None:
            actions.append((CALL_BACK_ACTION, self.tr("Call back")))
        shown = self._desktop.notify(
            notice.title,
            notice.text,
            actions=actions,
            # A newer missed-call notice replaces the older one instead of piling up.
            replaces_id=self._shown.get(notice.kind, 0),
            warning=notice.warning,
        )
        if shown is None:
            return False
        self._shown[notice.kind] = shown
        if notice.call_back is not None:
            self._call_backs[shown] = notice.call_back
        else:
            self._call_backs.pop(shown, None)
        return True

    @Slot(int, str)
    def _on_desktop_action_invoked(self, notification: int, action: str) -> None:
        if action == CALL_BACK_ACTION and notification in self._call_backs:
            number, name = self._call_backs.pop(notification)
            self.call_back_requested.emit(number, name)
        elif action == DEFAULT_ACTION and notification in self._shown.values():
            self.window_requested.emit()

    @Slot(int)
    def _on_desktop_closed(self, notification: int) -> None:
        self._call_backs.pop(notification, None)
        for kind, shown in list(self._shown.items()):
            if shown == notification:
                del self._shown[kind]
