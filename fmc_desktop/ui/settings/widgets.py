"""Small pieces the settings dialog and the first-run wizard both use: coloured notes, sizes."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel


def set_text_colour(label: QLabel, colour: QColor | None) -> None:
    palette = label.palette()
    if colour is None:
        parent = label.parentWidget()
        base = parent.palette() if parent is not None else QPalette()
        palette.setColor(QPalette.ColorRole.WindowText, base.color(QPalette.ColorRole.WindowText))
    else:
        palette.setColor(QPalette.ColorRole.WindowText, colour)
    label.setPalette(palette)
