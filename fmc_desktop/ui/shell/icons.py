"""The one place the GUI gets its icons from: the app icon, the tray icon, the window icons.

They are package data under fmc_desktop/resources/icons/, found beside this module, so a wheel, an
editable checkout and a PyInstaller bundle all find them the same way. They are generated from the
SVG sources in resources/icons/ by tools/build_icons.py.

- The app and tray icons are PNGs at every size a desktop asks for, each drawn on its own pixel
  grid: sharp in a 16 px tray, where a scaled SVG would blur.
- Window icons are SVGs drawn by Qt's SVG icon engine (the iconengines/qsvgicon plugin that
  PySide6-Essentials ships), sharp at any display scale. The neutral ones can be tinted with the
  palette's text colour so they follow a light or dark theme; the call-direction ones keep their
  colours, which read on both.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Final

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QIcon, QPainter, QPen, QPixmap
from PySide6.QtSvg import QSvgRenderer

log = logging.getLogger(__name__)

APP_ICON_NAME: Final = "fmc-desktop"
APP_ICON_SIZES: Final = (16, 20, 22, 24, 32, 40, 48, 64, 96, 128, 256, 512)
TRAY_ICON_SIZES: Final = (16, 20, 22, 24, 32, 40, 48, 64)
TRAY_STATES: Final = ("idle", "syncing", "error")
ICON_NAMES: Final = (
    "incoming",
    "outgoing",
    "internal",
    "missed",
    "call",
    "callback",
    "dial",
    "sync",
    "search",
    "contacts",
    "favourite",
    "export",
    "import",
    "new-contact",
    "edit",
    "delete",
    "settings",
)
# The grey the neutral window icons are drawn in, which `icon(name, tint=...)` replaces.
NEUTRAL_COLOUR: Final = "#6b7686"
# Sizes a tinted icon is drawn at: 16-32 px icons at 100 % and 200 % display scale.
_TINTED_SIZES: Final = (16, 20, 24, 32, 40, 48, 64)
_BADGE_RED: Final = QColor(0xE0, 0x1B, 0x24)

_cache: dict[tuple[str, ...], QIcon] = {}


def icons_folder() -> Path:
    """The generated icons inside the installed package."""
    return Path(__file__).resolve().parents[2] / "resources" / "icons"


def app_icon_file(size: int) -> Path:
    """The app icon as a PNG of `size` pixels (one of `APP_ICON_SIZES`)."""
    if size not in APP_ICON_SIZES:
        raise ValueError(f"no app icon of {size} px; the sizes are {APP_ICON_SIZES}")
    return icons_folder() / "app" / f"{APP_ICON_NAME}-{size}.png"


def app_icon() -> QIcon:
    """The application's icon, at every size, for windows, dialogs and the taskbar."""
    cached = _cache.get(("app",))
    if cached is None:
        cached = QIcon()
        for size in APP_ICON_SIZES:
            cached.addFile(str(app_icon_file(size)))
        _cache[("app",)] = cached
    return QIcon(cached)


def tray_icon(state: str = "idle", count: int = 0) -> QIcon:
    """The tray icon for "idle", "syncing" or "error", with `count` (calls to return) on top.

    A count of 0 shows no badge; over 9 shows "9+", which is as much as fits at 16 px.
    """
    if state not in TRAY_STATES:
        raise ValueError(f"unknown tray state {state!r}; the states are {TRAY_STATES}")
    shown = max(0, count)
    key = ("tray", state, badge_text(shown))
    cached = _cache.get(key)
    if cached is None:
        cached = QIcon()
        for size in TRAY_ICON_SIZES:
            pixmap = QPixmap(str(icons_folder() / "tray" / f"{state}-{size}.png"))
            if pixmap.isNull():
                log.warning("the tray icon %s-%s.png is missing from the package", state, size)
                continue
            if shown:
                _draw_badge(pixmap, badge_text(shown))
            cached.addPixmap(pixmap)
        _cache[key] = cached
    return QIcon(cached)


def icon(name: str, tint: QColor | None = None) -> QIcon:
    """A window icon by name (see `ICON_NAMES`).

    `tint` recolours the neutral icons (dial, search, settings, ...), typically with the palette's
    text colour; the call-direction icons keep their own colours.
    """
    if name not in ICON_NAMES:
        raise ValueError(f"unknown icon {name!r}; the icons are {ICON_NAMES}")
    path = icons_folder() / "window" / f"{name}.svg"
    key = ("window", name, "" if tint is None else tint.name(QColor.NameFormat.HexArgb))
    cached = _cache.get(key)
    if cached is None:
        cached = QIcon(str(path)) if tint is None else _tinted(path, tint)
        _cache[key] = cached
    return QIcon(cached)


def badge_text(count: int) -> str:
    """What the badge says: nothing for 0, the number up to 9, then "9+"."""
    if count <= 0:
        return ""
    return str(count) if count < 10 else "9+"


def _tinted(path: Path, tint: QColor) -> QIcon:
    svg = path.read_text(encoding="utf-8")
    recoloured = svg.replace(NEUTRAL_COLOUR, tint.name(QColor.NameFormat.HexRgb))
    renderer = QSvgRenderer(QByteArray(recoloured.encode("utf-8")))
    result = QIcon()
    if not renderer.isValid():
        log.warning("the icon %s could not be drawn", path.name)
        return result
    for size in _TINTED_SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if tint.alpha() < 255:
            painter.setOpacity(tint.alphaF())
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        result.addPixmap(pixmap)
    return result


def _draw_badge(pixmap: QPixmap, text: str) -> None:
    """A red pill with the count in its upper right corner, ringed in white to part it from the
    blue of the icon on any panel."""
    size = float(pixmap.width())
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    font = QFont(painter.font())
    font.setPixelSize(max(7, round(size * 0.38)))
    font.setWeight(QFont.Weight.Bold)
    painter.setFont(font)
    ring = max(1.0, size / 24)
    height = size * 0.5
    width = max(height, QFontMetricsF(font).horizontalAdvance(text) + size * 0.16)
    rect = QRectF(size - width - ring / 2, ring / 2, width, height)
    painter.setPen(QPen(QColor(255, 255, 255), ring))
    painter.setBrush(_BADGE_RED)
    painter.drawRoundedRect(rect, height / 2, height / 2)
    painter.setPen(QColor(255, 255, 255))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
