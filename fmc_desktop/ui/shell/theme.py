"""Light, dark or the system's look: a Fusion palette of our own, or whatever the desktop gives.

The explicit themes use Fusion because it is the one style that draws every control from the
palette alone; native styles (Windows, macOS) ignore parts of a palette and end up half dark.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

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
        QPalette.ColorRole.Highlight: QColor(0x35, 0x72, 0xC8),  # white on it: 4.8:1
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
        QPalette.ColorRole.PlaceholderText: QColor(0x6B, 0x6F, 0x77),  # 5:1 on white
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


def relative_luminance(colour: QColor) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio, 1 to 21; text needs 4.5, a control's outline 3."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def outline_colour(palette: QPalette) -> QColor:
    """An outline for check boxes and pressed tool buttons that stands out 3:1 from the field.

    Fusion draws a check box's edge as the window colour made darker, which on a dark window is
    near black on a near black field: the wizard's "Mine" boxes could not be seen.
    """
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    for amount in (0.45, 0.55, 0.65, 0.75, 0.85, 1.0):
        mixed = QColor.fromRgbF(
            base.redF() + (text.redF() - base.redF()) * amount,
            base.greenF() + (text.greenF() - base.greenF()) * amount,
            base.blueF() + (text.blueF() - base.blueF()) * amount,
        )
        if contrast_ratio(mixed, base) >= 3.0:
            return mixed
    return text


class ClearerFusion(QProxyStyle):
    """Fusion with check boxes and checked tool buttons that show in both themes."""

    def name(self) -> str:
        return self.baseStyle().name()  # "fusion", as the style it refines

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        palette = option.palette
        rect = option.rect
        state = option.state
        if element in (
            QStyle.PrimitiveElement.PE_IndicatorCheckBox,
            QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck,
        ):
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(QPen(outline_colour(palette), 1.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            side = min(rect.width(), rect.height())
            box = QRect(0, 0, side, side)
            box.moveCenter(rect.center())
            painter.drawRoundedRect(QRectF(box).adjusted(0.5, 0.5, -0.5, -0.5), 2, 2)
            painter.restore()
        elif element == QStyle.PrimitiveElement.PE_PanelButtonTool and (
            state & QStyle.StateFlag.State_On
        ):
            # A checked tool button ("My calls" / "Whole PBX"): the highlight, as in a tab bar.
            painter.save()
            highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
            highlight.setAlphaF(0.7 if is_dark(palette) else 0.35)
            painter.fillRect(rect.adjusted(1, 1, -1, -1), highlight)
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 1))
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
            painter.restore()


def current_theme() -> str:
    return _current


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def _on_dark(palette: QPalette, role: QPalette.ColorRole) -> bool:
    return palette.color(role).lightnessF() < 0.5


def error_colour(palette: QPalette, on: QPalette.ColorRole = QPalette.ColorRole.Window) -> QColor:
    """The red of errors and missed calls, readable on `on`: deep on light, soft on dark."""
    return QColor(255, 122, 122) if _on_dark(palette, on) else QColor(192, 28, 40)


def warning_colour(palette: QPalette, on: QPalette.ColorRole = QPalette.ColorRole.Window) -> QColor:
    """The amber of warnings, readable on `on`."""
    return QColor(240, 190, 90) if _on_dark(palette, on) else QColor(150, 95, 0)


def ok_colour(palette: QPalette, on: QPalette.ColorRole = QPalette.ColorRole.Window) -> QColor:
    """The green of a check that passed, readable on `on`."""
    return QColor(110, 210, 130) if _on_dark(palette, on) else QColor(30, 120, 50)


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
        app.setStyle(ClearerFusion("Fusion"))
        app.setPalette(dark_palette() if theme == "dark" else light_palette())
        # Platform dialogs and title bars follow the scheme where the platform supports it.
        hints.setColorScheme(Qt.ColorScheme.Dark if theme == "dark" else Qt.ColorScheme.Light)
    _current = theme
    return theme
