"""An inline message across the top of a window: information, a warning or an error, with one
action and a close button ("The token is kept for this session only", "The token was rejected").

A banner says one thing at a time; showing another message replaces it. The caller translates
the text, and sets it again on a language change.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal, Slot
from PySide6.QtGui import QColor, QIcon, QPainter, QPaintEvent, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QToolButton,
    QWidget,
)


class BannerLevel(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


_ACCENTS = {
    BannerLevel.INFO: QColor(0x2A, 0x6C, 0xC9),
    BannerLevel.WARNING: QColor(0xC7, 0x8A, 0x00),
    BannerLevel.ERROR: QColor(0xC0, 0x1C, 0x28),
}
_ICONS = {
    BannerLevel.INFO: QStyle.StandardPixmap.SP_MessageBoxInformation,
    BannerLevel.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
    BannerLevel.ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
}
ICON_SIZE = 22


def _mix(a: QColor, b: QColor, amount: float) -> QColor:
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * amount,
        a.greenF() + (b.greenF() - a.greenF()) * amount,
        a.blueF() + (b.blueF() - a.blueF()) * amount,
    )


def _cross_icon(colour: QColor, size: int = 12) -> QIcon:
    icon = QIcon()
    for scale in (1.0, 2.0):
        pixmap = QPixmap(round(size * scale), round(size * scale))
        pixmap.setDevicePixelRatio(scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(colour, 1.6)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        inset = size * 0.2
        painter.drawLine(QPointF(inset, inset), QPointF(size - inset, size - inset))
        painter.drawLine(QPointF(size - inset, inset), QPointF(inset, size - inset))
        painter.end()
        icon.addPixmap(pixmap)
    return icon


class Banner(QFrame):
    """Hidden until `show_message`; `action_triggered` when its button is pressed, `dismissed`
    when the user closes it."""

    action_triggered = Signal()
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._level = BannerLevel.INFO
        self.setObjectName("banner")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        self.icon_label = QLabel(self)
        self.icon_label.setFixedSize(ICON_SIZE, ICON_SIZE)
        self.icon_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text_label = QLabel(self)
        self.text_label.setObjectName("bannerText")
        self.text_label.setWordWrap(True)
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.action_button = QPushButton(self)
        self.action_button.setObjectName("bannerAction")
        self.action_button.setVisible(False)
        self.action_button.clicked.connect(self._on_action_button_clicked)
        self.close_button = QToolButton(self)
        self.close_button.setObjectName("bannerClose")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self._on_close_button_clicked)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 8, 8)
        layout.setSpacing(10)
        layout.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.text_label, 1)
        layout.addWidget(self.action_button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignVCenter)

        self._retranslate()
        self._apply_level()
        self.setVisible(False)

    # --- what it says --------------------------------------------------------------------------

    def show_message(
        self,
        text: str,
        *,
        level: BannerLevel = BannerLevel.INFO,
        action_text: str | None = None,
        closable: bool = True,
    ) -> None:
        self._level = level
        self.text_label.setText(text)
        self.text_label.setAccessibleName(text)
        self.action_button.setText(action_text or "")
        self.action_button.setAccessibleName(action_text or "")
        self.action_button.setVisible(bool(action_text))
        self.close_button.setVisible(closable)
        self._apply_level()
        self.setVisible(True)

    def text(self) -> str:
        return self.text_label.text()

    def level(self) -> BannerLevel:
        return self._level

    def clear(self) -> None:
        """Hide without telling anyone (the condition it reported has passed)."""
        self.setVisible(False)

    # --- slots ------------------------------------------------------------------------------------

    @Slot()
    def _on_action_button_clicked(self) -> None:
        self.action_triggered.emit()

    @Slot()
    def _on_close_button_clicked(self) -> None:
        self.setVisible(False)
        self.dismissed.emit()

    # --- looks ------------------------------------------------------------------------------------

    def _level_name(self) -> str:
        return {
            BannerLevel.INFO: self.tr("Information"),
            BannerLevel.WARNING: self.tr("Warning"),
            BannerLevel.ERROR: self.tr("Error"),
        }[self._level]

    def _retranslate(self) -> None:
        self.close_button.setToolTip(self.tr("Close this message"))
        self.close_button.setAccessibleName(self.tr("Close this message"))
        self.setAccessibleName(self._level_name())

    def _apply_level(self) -> None:
        icon = self.style().standardIcon(_ICONS[self._level], None, self)
        self.icon_label.setPixmap(icon.pixmap(ICON_SIZE, ICON_SIZE))
        self.close_button.setIcon(_cross_icon(self.palette().color(QPalette.ColorRole.WindowText)))
        self.setAccessibleName(self._level_name())
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        accent = _ACCENTS[self._level]
        window = self.palette().color(QPalette.ColorRole.Window)
        dark = window.lightnessF() < 0.5
        fill = _mix(window, accent, 0.22 if dark else 0.12)
        border = _mix(window, accent, 0.55 if dark else 0.45)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(border, 1.0))
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 6, 6)
        # A stripe in the level's colour down the left edge: read before the words are.
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(accent)
        painter.drawRoundedRect(QRectF(rect.left(), rect.top(), 4, rect.height()), 2, 2)
        painter.end()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        elif event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._apply_level()
        super().changeEvent(event)
