"""Windows and dialogs that fit the screen they open on, at any scale.

A 1280x800 laptop at 150% leaves 853x533 logical pixels, less its panel; a size chosen for a
1080p monitor at 100% hangs off such a screen with its buttons out of reach. Every top-level
window here asks for its preferred size through `fit_size`, and a saved geometry is used only
when it still fits one of the current screens (a monitor may have been unplugged since).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

# Room for what the window manager adds around a window: the title bar above (about 30 logical
# pixels on the common desktops) and thin borders at the sides.
FRAME = QSize(16, 40)


def screen_of(widget: QWidget) -> QScreen | None:
    """The screen the widget is on, or will open on (its parent's), or the primary one."""
    for candidate in (widget, widget.parentWidget()):
        if candidate is not None:
            screen = candidate.screen()
            if screen is not None:
                return screen
    return QGuiApplication.primaryScreen()


def room_on(screen: QScreen | None) -> QSize:
    """The largest window size (without the frame) that fits the screen's free area."""
    if screen is None:
        return QSize(1024, 700)
    free = screen.availableGeometry().size()
    return QSize(max(free.width() - FRAME.width(), 1), max(free.height() - FRAME.height(), 1))


def fit_size(preferred: QSize, room: QSize) -> QSize:
    return QSize(min(preferred.width(), room.width()), min(preferred.height(), room.height()))


def fit_to_screen(widget: QWidget, preferred: QSize) -> None:
    """Resize to `preferred`, or as much of it as the screen holds."""
    widget.resize(fit_size(preferred, room_on(screen_of(widget))))


def fits_a_screen(frame: QRect) -> bool:
    """True if the whole window (frame included) lies on one screen's free area."""
    return any(screen.availableGeometry().contains(frame) for screen in QGuiApplication.screens())
