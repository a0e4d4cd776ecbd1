"""What an empty call table says instead of nothing: why it is empty and what to do.

Three cases, each with one plain sentence and, where there is one, the button that helps:
no call matches the filters (they are named, and "Clear" shows every call again), the server
cannot be reached (with when a sync last worked), and nothing synced yet.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from PySide6.QtCore import QDate, QDateTime, QEvent, QLocale, QObject, Qt, QTime, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QPushButton, QVBoxLayout, QWidget

from fmc_desktop.ui.shell.i18n import fill


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

    def show_no_matches(self, filters: str) -> None:
        """Calls are loaded but the filters hide them all; `filters` names them."""
        self.show_state(
            EmptyKind.NO_MATCHES,
            self.tr("No calls match these filters"),
            filters,
            self.tr("Clear the filters"),
        )

    def show_unreachable(self, last_synced: datetime | None) -> None:
        """Nothing to show and the server did not answer; when a sync last worked, if ever."""
        if last_synced is None:
            when = self.tr("No sync has worked yet.")
        else:
            local = last_synced.astimezone()
            when = fill(
                self.tr("The last sync that worked was at %1."),
                QLocale().toString(
                    QDateTime(
                        QDate(local.year, local.month, local.day),
                        QTime(local.hour, local.minute),
                    ),
                    QLocale.FormatType.ShortFormat,
                ),
            )
        self.show_state(
            EmptyKind.UNREACHABLE,
            self.tr("Kyivstar's server cannot be reached"),
            when + " " + self.tr("Check the internet connection, then try again."),
            self.tr("Try again"),
        )

    def show_not_synced(self) -> None:
        self.show_state(
            EmptyKind.NOT_SYNCED,
            self.tr("No calls yet"),
            self.tr(
                "The first sync brings the last 30 days of calls from Kyivstar; it runs by "
                "itself once the FMC token is set."
            ),
            self.tr("Sync now"),
        )

    def _fit(self) -> None:
        viewport = self._view.viewport()
        self.setGeometry(viewport.geometry())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._fit()
        return False
