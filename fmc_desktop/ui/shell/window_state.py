"""A window's place, size and layout kept across restarts, as text the settings file can hold."""

from __future__ import annotations

import base64
from collections.abc import Mapping

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtWidgets import QMainWindow

from fmc_desktop.ui.shell.screen_fit import FRAME, fit_to_screen, fits_a_screen, room_on, screen_of


def pack(data: QByteArray) -> str:
    """Qt's saved state as text for the settings file."""
    # Base64, not hex: the settings store refuses anything that looks like a 64-hex token.
    return base64.b64encode(bytes(data.data())).decode("ascii")


def unpack(text: object) -> QByteArray | None:
    """What `pack` wrote, or None for anything else (a first start, a hand-edited file)."""
    if not isinstance(text, str):
        return None
    try:
        return QByteArray(base64.b64decode(text.encode("ascii"), validate=True))
    except ValueError:
        return None


def saved_place(window: QMainWindow) -> dict[str, str]:
    """The window's geometry and its toolbars' layout, for `restore_place`."""
    return {"geometry": pack(window.saveGeometry()), "window_state": pack(window.saveState())}


def restore_place(window: QMainWindow, state: Mapping[str, object], first_size: QSize) -> None:
    """Put the window where `saved_place` found it, or centre it at `first_size` (or as much of
    it as the screen holds) when nothing was saved or the saved place no longer fits."""
    geometry = unpack(state.get("geometry"))
    if geometry is None or not window.restoreGeometry(geometry) or not _fits_a_screen(window):
        # Saved on a bigger screen or at a smaller scale, or on a monitor since unplugged.
        window.setWindowState(Qt.WindowState.WindowNoState)
        fit_to_screen(window, first_size)
        screen = screen_of(window)
        if screen is not None:
            free = screen.availableGeometry()
            frame = window.size() + FRAME
            window.move(
                free.x() + (free.width() - frame.width()) // 2,
                free.y() + (free.height() - frame.height()) // 2,
            )
    layout = unpack(state.get("window_state"))
    if layout is not None:
        window.restoreState(layout)


def _fits_a_screen(window: QMainWindow) -> bool:
    if window.windowState() & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen):
        return True  # the window manager sizes it to the screen
    room = room_on(screen_of(window))  # its frame too: Qt's restore lets that hang off
    size = window.size()
    return (
        fits_a_screen(window.geometry())
        and size.width() <= room.width()
        and size.height() <= room.height()
    )
