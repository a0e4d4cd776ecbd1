"""The main window's dialling side: a title, the dial pad and the contact search, scrolling."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from fmc_desktop.core.contacts.directory import Directory
from fmc_desktop.ui.contacts.search_box import ContactSearch
from fmc_desktop.ui.dialing.dial_pad import DialPad


class DialPanel(QScrollArea):
    """The dial pad above the contact search, beside the window's tabs.

    They scroll rather than set the window's height: on a 1280x800 laptop at 150% they are
    taller than the screen.
    """

    def __init__(self, directory: Directory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialPanelScroll")
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side = QWidget(self)
        side.setObjectName("dialPanel")
        layout = QVBoxLayout(side)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(10)
        self.title = QLabel(side)
        self.title.setObjectName("dialTitle")
        title_font = self.title.font()
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.15)
        self.title.setFont(title_font)
        self.dial_pad = DialPad(side)
        self.contact_search = ContactSearch(directory, side)
        layout.addWidget(self.title)
        layout.addWidget(self.dial_pad)
        layout.addWidget(self.contact_search, 1)
        self.setWidget(side)
        self.setMinimumWidth(
            side.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
        )

    def retranslate(self) -> None:
        self.title.setText(self.tr("Call"))
