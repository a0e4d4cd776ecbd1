"""The line above the call table that says a filter hides calls, with one click to clear it.

A search or a direction left on from yesterday otherwise looks like calls gone missing ("1 call"
after a restart), so whenever one is on the window says which, in the user's words.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from fmc_desktop.ui.shell.i18n import fill


class FilterNotice(QFrame):
    """Hidden while nothing is filtered; `show_filters` lists what is."""

    clear_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterNotice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 3, 8, 3)
        self.label = QLabel(self)
        self.label.setObjectName("filterNoticeText")
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.clear_button = QPushButton(self)
        self.clear_button.setObjectName("clearFiltersButton")
        self.clear_button.clicked.connect(self.clear_requested)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.clear_button)
        self.hide()

    def show_filters(self, parts: list[str], shown: str) -> None:
        """`parts`: each filter that is on, as shown in its control; `shown`: "3 calls"."""
        if not parts:
            self.hide()
            self.label.clear()
            return
        self.label.setText(fill(self.tr("Filtered by %1: %2 shown."), ", ".join(parts), shown))
        self.clear_button.setText(self.tr("Clear filters"))
        self.clear_button.setAccessibleName(self.tr("Clear filters and show every call"))
        self.show()
