"""Light, dark or the system's look: a Fusion palette of our own, or whatever the desktop gives.

The explicit themes use Fusion because it is the one style that draws every control from the
palette alone; native styles (Windows, macOS) ignore parts of a palette and end up half dark.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

THEMES = ("system", "light", "dark")

# What the desktop gave before we changed anything, so "system" can go back to it.
_original: tuple[str, QPalette] | None = None
_current = "system"


def _colour_groups() -> tuple[QPalette.ColorGroup, ...]:
    return (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)


def dark_palette() -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: QColor(0x2B, 0x2D, 0x31),
        QPalette.ColorRole.WindowText: QColor(0xE8, 0xE9, 0xEB),
        QPalette.ColorRole.Base: QColor(0x1F, 0x20, 0x23),
        QPalette.ColorRole.AlternateBase: QColor(0x27, 0x29, 0x2D),
        QPalette.ColorRole.ToolTipBase: QColor(0x3A, 0x3C, 0x41),
        QPalette.ColorRole.ToolTipText: QColor(0xE8, 0xE9, 0xEB),
        QPalette.ColorRole.PlaceholderText: QColor(0x8C, 0x8F, 0x96),
        QPalette.ColorRole.Text: QColor(0xE8, 0xE9, 0xEB),
        QPalette.ColorRole.Button: QColor(0x35, 0x38, 0x3D),
        QPalette.ColorRole.ButtonText: QColor(0xE8, 0xE9, 0xEB),
        QPalette.ColorRole.BrightText: QColor(0xFF, 0x6B, 0x6B),
        QPalette.ColorRole.Light: QColor(0x4A, 0x4D, 0x53),
        QPalette.ColorRole.Midlight: QColor(0x3E, 0x41, 0x46),
        QPalette.ColorRole.Mid: QColor(0x2F, 0x31, 0x35),
        QPalette.ColorRole.Dark: QColor(0x18, 0x19, 0x1B),
        QPalette.ColorRole.Shadow: QColor(0x0C, 0x0C, 0x0D),
        QPalette.ColorRole.Highlight: QColor(0x3D, 0x7E, 0xD6),
        QPalette.ColorRole.HighlightedText: QColor(0xFF, 0xFF, 0xFF),
        QPalette.ColorRole.Link: QColor(0x7A, 0xB4, 0xFF),
        QPalette.ColorRole.LinkVisited: QColor(0xB5, 0x9C, 0xFF),
    }
    for role, colour in roles.items():
        palette.setColor(role, colour)
    disabled = QColor(0x7D, 0x80, 0x86)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    palette.setColor(
        QPalette.ColorGroup.Disabled, QPalette.ColorRole.Base, QColor(0x26, 0x27, 0x2A)
    )
    palette.setColor(
        QPalette.ColorGroup.Disabled, QPalette.ColorRole.Button, QColor(0x30, 0x32, 0x36)
    )
    palette.setColor(
        QPalette.ColorGroup.Disabled, QPalette.ColorRole.Highlight, QColor(0x50, 0x53, 0x59)
    )
    return palette


def light_palette() -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: QColor(0xF3, 0xF4, 0xF6),
        QPalette.ColorRole.WindowText: QColor(0x1D, 0x1F, 0x23),
        QPalette.ColorRole.Base: QColor(0xFF, 0xFF, 0xFF),
        QPalette.ColorRole.AlternateBase: QColor(0xF5, 0xF6, 0xF8),
        QPalette.ColorRole.ToolTipBase: QColor(0xFF, 0xFF, 0xE8),
        QPalette.ColorRole.ToolTipText: QColor(0x1D, 0x1F, 0x23),
        QPalette.ColorRole.PlaceholderText: QColor(0x7A, 0x7E, 0x86),
        QPalette.ColorRole.Text: QColor(0x1D, 0x1F, 0x23),
        QPalette.ColorRole.Button: QColor(0xEC, 0xED, 0xF0),
        QPalette.ColorRole.ButtonText: QColor(0x1D, 0x1F, 0x23),
        QPalette.ColorRole.BrightText: QColor(0xC0, 0x1C, 0x28),
        QPalette.ColorRole.Light: QColor(0xFF, 0xFF, 0xFF),
        QPalette.ColorRole.Midlight: QColor(0xE2, 0xE4, 0xE8),
        QPalette.ColorRole.Mid: QColor(0xC4, 0xC7, 0xCD),
        QPalette.ColorRole.Dark: QColor(0x9A, 0x9E, 0xA6),
        QPalette.ColorRole.Shadow: QColor(0x6B, 0x6E, 0x75),
        QPalette.ColorRole.Highlight: QColor(0x2A, 0x6C, 0xC9),
        QPalette.ColorRole.HighlightedText: QColor(0xFF, 0xFF, 0xFF),
        QPalette.ColorRole.Link: QColor(0x1A, 0x5F, 0xB4),
        QPalette.ColorRole.LinkVisited: QColor(0x6B, 0x3F, 0xB0),
    }
    for role, colour in roles.items():
        palette.setColor(role, colour)
    disabled = QColor(0x9A, 0x9E, 0xA6)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def current_theme() -> str:
    return _current


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def apply_theme(app: QApplication, theme: str) -> str:
    """Switch the whole app to `theme` (system, light or dark); returns the theme applied."""
    global _original, _current
    if theme not in THEMES:
        log.warning("Unknown theme %r; using the system's", theme)
        theme = "system"
    if _original is None:
        _original = (app.style().name(), QPalette(app.palette()))
    hints = app.styleHints()
    if theme == "system":
        style_name, palette = _original
        app.setStyle(style_name)
        app.setPalette(palette)
        hints.unsetColorScheme()
    else:
        app.setStyle("Fusion")
        app.setPalette(dark_palette() if theme == "dark" else light_palette())
        # Platform dialogs and title bars follow the scheme where the platform supports it.
        hints.setColorScheme(Qt.ColorScheme.Dark if theme == "dark" else Qt.ColorScheme.Light)
    _current = theme
    return theme
