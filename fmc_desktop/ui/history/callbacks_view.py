"""The "To call back" list: missed calls to the user's numbers that nobody has returned yet."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QEvent, QLocale, Qt, QTime, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedLayout,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fmc_desktop.core.archive.returns import CallToReturn
from fmc_desktop.core.numbers.phone import display_number
from fmc_desktop.ui.shell import icons
from fmc_desktop.ui.shell.i18n import date_time_format, fill


def _when(locale: QLocale, instant: datetime) -> str:
    """A Kyiv time as the locale writes a short date and time."""
    moment = QDateTime(
        QDate(instant.year, instant.month, instant.day),
        QTime(instant.hour, instant.minute),
    )
    return locale.toString(moment, date_time_format(locale))


class CallbacksView(QWidget):
    """Who, when, how many attempts; one click calls back; entries can be marked done."""

    call_back_requested = Signal(str, str)  # number, name
    done_requested = Signal(object)  # CallToReturn

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries: list[CallToReturn] = []
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("callbacksList")
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setColumnCount(4)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            self.tree.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemDoubleClicked.connect(self._on_tree_item_double_clicked)
        self.tree.currentItemChanged.connect(self._on_tree_current_item_changed)

        self.call_button = QPushButton(self)
        self.call_button.setObjectName("callbackCallButton")
        self.call_button.setIcon(icons.icon("call"))
        self.call_button.setDefault(True)
        self.call_button.clicked.connect(self.call_current)
        self.done_button = QPushButton(self)
        self.done_button.setObjectName("callbackDoneButton")
        self.done_button.clicked.connect(self.mark_current_done)

        self.empty = QLabel(self)
        self.empty.setObjectName("callbacksEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setEnabled(False)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        buttons.addWidget(self.call_button)
        listing = QWidget(self)
        listing_layout = QVBoxLayout(listing)
        listing_layout.setContentsMargins(0, 0, 0, 0)
        listing_layout.addWidget(self.tree, 1)
        listing_layout.addLayout(buttons)
        self._stack = QStackedLayout()
        self._stack.addWidget(listing)
        self._stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(self._stack)
        self.retranslate()
        self.set_entries([])

    def changeEvent(self, event: QEvent) -> None:
        # The language changed in Settings: the titles, and the dates in the new locale's way.
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.tree.setHeaderLabels(
            [self.tr("Who"), self.tr("Last attempt"), self.tr("Attempts"), self.tr("Called")]
        )
        self.tree.setAccessibleName(self.tr("Calls to return"))
        self.call_button.setText(self.tr("Call back"))
        self.call_button.setAccessibleName(self.tr("Call back the selected caller"))
        self.done_button.setText(self.tr("Mark as done"))
        self.done_button.setToolTip(
            self.tr("Remove from the list until this number misses you again")
        )
        self.done_button.setAccessibleName(self.tr("Mark the selected caller as done"))
        self.empty.setText(
            self.tr("No calls to return. Missed calls that nobody has returned appear here.")
        )
        self.set_entries(self._entries)

    def entries(self) -> list[CallToReturn]:
        return list(self._entries)

    def set_entries(self, entries: Sequence[CallToReturn]) -> None:
        current = self.current_entry()
        self._entries = list(entries)
        self.tree.clear()
        locale = QLocale()
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for entry in self._entries:
            who = entry.name or display_number(entry.written)
            item = QTreeWidgetItem(
                [
                    who if not entry.name else f"{entry.name}  ·  {display_number(entry.written)}",
                    _when(locale, entry.last_missed),
                    locale.toString(entry.attempts),
                    display_number(entry.own_number),
                ]
            )
            item.setIcon(0, icons.icon("missed"))
            item.setFont(0, bold)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(0, fill(self.tr("%n missed call(s) from %1", "", entry.attempts), who))
            self.tree.addTopLevelItem(item)
        self._stack.setCurrentIndex(0 if self._entries else 1)
        if self._entries:
            row = 0
            if current is not None:
                row = next(
                    (i for i, e in enumerate(self._entries) if e.number == current.number), 0
                )
            current_item = self.tree.topLevelItem(row)
            if current_item is not None:
                self.tree.setCurrentItem(current_item)
        self._update_buttons()

    def current_entry(self) -> CallToReturn | None:
        item = self.tree.currentItem()
        row = self.tree.indexOfTopLevelItem(item) if item is not None else -1
        return self._entries[row] if 0 <= row < len(self._entries) else None

    @Slot()
    def call_current(self) -> None:
        entry = self.current_entry()
        if entry is not None:
            self.call_back_requested.emit(entry.written, entry.name or "")

    @Slot()
    def mark_current_done(self) -> None:
        entry = self.current_entry()
        if entry is not None:
            self.done_requested.emit(entry)

    def set_busy(self, busy: bool) -> None:
        self.call_button.setEnabled(not busy and self.current_entry() is not None)

    @Slot(QTreeWidgetItem, int)
    def _on_tree_item_double_clicked(self, _item: QTreeWidgetItem, _column: int) -> None:
        self.call_current()

    @Slot(QTreeWidgetItem, QTreeWidgetItem)
    def _on_tree_current_item_changed(self, *_: object) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.current_entry() is not None
        self.call_button.setEnabled(has)
        self.done_button.setEnabled(has)
