"""Is the user away? The quick check for missed calls pauses while nobody is at the computer.

What is used, in order:
- X11 (the xcb platform): the MIT-SCREEN-SAVER extension's idle time, through python-xlib. It
  counts input to every program, not only to this one, and says when the screensaver is on.
- Elsewhere on Linux: the desktop's `org.freedesktop.ScreenSaver.GetActive` over the session
  D-Bus (KDE, GNOME's compatibility name, XFCE), true while the screen is locked or blanked.
- Windows: `GetLastInputInfo` (input to any program), through ctypes.
- Nothing reachable: never idle. Qt itself only sees input to this program's own windows, which
  would call a user busy in another program "idle" and delay their missed calls.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from collections.abc import Callable

from PySide6.QtGui import QGuiApplication

log = logging.getLogger(__name__)

IDLE_AFTER_SECONDS = 10 * 60


def _x11_idle_seconds() -> Callable[[], float | None] | None:
    try:
        from Xlib import display as xdisplay
        from Xlib.ext import screensaver
    except ImportError:
        return None
    try:
        connection = xdisplay.Display()
        if not connection.has_extension("MIT-SCREEN-SAVER"):
            connection.close()
            return None
    except Exception:  # no display, no access: python-xlib raises several kinds
        log.info("the X11 idle time is not available", exc_info=True)
        return None
    root = connection.screen().root

    def idle() -> float | None:
        try:
            info = screensaver.query_info(root)
        except Exception:  # the X server went away
            return None
        if info.state == screensaver.StateOn:
            return float("inf")
        return float(info.idle) / 1000.0

    idle.close = connection.close  # type: ignore[attr-defined]
    return idle


def _dbus_screen_locked() -> Callable[[], float | None] | None:
    try:
        from PySide6.QtDBus import QDBusConnection, QDBusInterface
    except ImportError:
        return None
    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return None
    saver = QDBusInterface(
        "org.freedesktop.ScreenSaver", "/ScreenSaver", "org.freedesktop.ScreenSaver", bus
    )
    if not saver.isValid():
        return None
    saver.setTimeout(300)  # the GUI thread asks; a hung desktop service must not freeze it

    def idle() -> float | None:
        reply = saver.call("GetActive")
        args = reply.arguments()
        if not args:
            return None
        return float("inf") if bool(args[0]) else 0.0

    return idle


def _windows_idle_seconds() -> Callable[[], float | None] | None:
    if sys.platform != "win32":
        return None

    class _LastInput(ctypes.Structure):
        _fields_ = [("cbSize", ctypes.c_uint), ("dwTime", ctypes.c_uint)]

    user32 = ctypes.windll.user32  # type: ignore[attr-defined,unused-ignore]
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]

    def idle() -> float | None:
        info = _LastInput(ctypes.sizeof(_LastInput), 0)
        if not user32.GetLastInputInfo(ctypes.byref(info)):
            return None
        return ((kernel32.GetTickCount() - info.dwTime) & 0xFFFFFFFF) / 1000.0

    return idle


class IdleWatch:
    """`is_away()`: no input for `after_seconds`, or the screen locked or blanked."""

    def __init__(self, after_seconds: float = IDLE_AFTER_SECONDS) -> None:
        self.after_seconds = after_seconds
        self.source = "none"
        self._idle: Callable[[], float | None] | None = None
        platform = QGuiApplication.platformName()
        candidates: list[tuple[str, Callable[[], Callable[[], float | None] | None]]] = []
        if sys.platform == "win32":
            candidates.append(("windows", _windows_idle_seconds))
        if platform == "xcb":
            candidates.append(("x11", _x11_idle_seconds))
        if sys.platform.startswith("linux") and platform != "offscreen":
            candidates.append(("dbus", _dbus_screen_locked))
        for name, make in candidates:
            found = make()
            if found is not None:
                self.source, self._idle = name, found
                break
        log.info("idle detection: %s", self.source)

    def close(self) -> None:
        """Let go of the X server connection, if one was opened."""
        close = getattr(self._idle, "close", None)
        if close is not None:
            close()
        self._idle = None

    def idle_seconds(self) -> float | None:
        return None if self._idle is None else self._idle()

    def is_away(self) -> bool:
        seconds = self.idle_seconds()
        return seconds is not None and seconds >= self.after_seconds
