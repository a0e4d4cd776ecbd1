"""The panels of the Insights page: a titled card around a chart, and a headline figure."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from fmc_desktop.ui.insights.painting import ChartColours, mix


class ChartCard(QFrame):
    """A titled panel around one chart, drawn in the palette's Base colour."""

    def __init__(
        self, title: Callable[[], str], content: QWidget, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._title_text = title
        self.title = QLabel(self)
        font = QFont(self.title.font())
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setBuddy(content)
        self.content = content
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(content, 1)
        self._retranslate()

    def _retranslate(self) -> None:
        self.title.setText(self._title_text())
        self.setAccessibleName(self.title.text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        colours = ChartColours.from_palette(self.palette())
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(mix(colours.background, colours.text, 0.14), 1))
            painter.setBrush(colours.background)
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)
        finally:
            painter.end()


class HeadlineFigure(QWidget):
    """One headline number with its caption, as two labels a screen reader can read."""

    def __init__(self, caption: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._caption_text = caption
        self.value = QLabel("–", self)
        font = QFont(self.value.font())
        font.setBold(True)
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.45)
        self.value.setFont(font)
        self.caption = QLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        for label in (self.value, self.caption):
            label.setTextFormat(Qt.TextFormat.PlainText)
        self._retranslate()
        self._mute_caption()

    def set_value(self, text: str) -> None:
        self.value.setText(text)
        self.setAccessibleDescription(text)

    def _retranslate(self) -> None:
        self.caption.setText(self._caption_text())
        self.setAccessibleName(self.caption.text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._mute_caption()
        elif event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _mute_caption(self) -> None:
        colours = ChartColours.from_palette(self.palette())
        palette = self.caption.palette()
        palette.setColor(QPalette.ColorRole.WindowText, colours.muted)
        self.caption.setPalette(palette)
