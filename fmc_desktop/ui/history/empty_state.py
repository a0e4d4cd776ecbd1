"""What an empty call table says instead of nothing: why it is empty and what to do.

Three cases, each with one plain sentence and, where there is one, the button that helps:
no call matches the filters (they are named, and "Clear" shows every call again), the server
cannot be reached (with when a sync last worked), and nothing synced yet.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyKind(StrEnum):
    NONE = "none"
    NO_MATCHES = "no_matches"
    UNREACHABLE = "unreachable"
    NOT_SYNCED = "not_synced"


class EmptyState(QWidget):
    """Laid over a view's viewport while the view has no rows; `action_triggered` on its button."""

    action_triggered = Signal(str)  # the EmptyKind whose button was pressed

    def __init__(self, view: QAbstractScrollArea) -> None:
        super().__init__(view)
        self.setObjectName("emptyState")
        self._view = view
        self.kind = EmptyKind.NONE
        self.title = QLabel(self)
        self.title.setObjectName("emptyTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.title.setFont(font)
        self.text = QLabel(self)
        self.text.setObjectName("emptyText")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QPushButton(self)
        self.button.setObjectName("emptyAction")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.button.clicked.connect(lambda: self.action_triggered.emit(self.kind.value))
        view.viewport().installEventFilter(self)
        self.hide()

    def show_state(self, kind: EmptyKind, title: str, text: str, action: str = "") -> None:
        self.kind = kind
        if kind is EmptyKind.NONE:
            self.hide()
            return
        self.title.setText(title)
        self.text.setText(text)
        self.button.setText(action)
        self.button.setAccessibleName(action)
        self.button.setVisible(bool(action))
        self.setAccessibleName(title)
        self._fit()
        self.show()
        self.raise_()

    def _fit(self) -> None:
        viewport = self._view.viewport()
        self.setGeometry(viewport.geometry())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._fit()
        return False
