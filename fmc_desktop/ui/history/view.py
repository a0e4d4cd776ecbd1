"""The history table: the view over `HistoryModel`, with call back and the context menu."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal, Slot
from PySide6.QtGui import QAction, QFocusEvent, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from fmc_desktop.core.api.records import CallRecord
from fmc_desktop.core.numbers.phone import display_number
from fmc_desktop.ui.history.model import Column, HistoryModel, Role
from fmc_desktop.ui.shell.i18n import fill


class HistoryView(QTableView):
    """A table of calls. Double-click, Enter or "Call back" dials the other party."""

    call_back_requested = Signal(str, str)  # number as written, name ("" when unknown)
    filter_by_number_requested = Signal(str)
    add_contact_requested = Signal(str, str)  # number, name
    add_favourite_requested = Signal(str, str)

    def __init__(self, model: HistoryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyTable")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setSortingEnabled(True)
        self.setTabKeyNavigation(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # A fixed row height: the view never asks a million rows for their size.
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSortIndicator(int(Column.TIME), Qt.SortOrder.DescendingOrder)
        self._set_default_widths()
        self.doubleClicked.connect(self._on_self_double_clicked)
        self.customContextMenuRequested.connect(self._on_self_context_menu_requested)

    def _set_default_widths(self) -> None:
        em = self.fontMetrics().horizontalAdvance("M")
        # Wide enough for a whole date and time in any locale's short form, with the sort arrow.
        time_width = self.fontMetrics().horizontalAdvance("28.12.2026 23:59 ") + em * 2
        widths = {
            Column.DIRECTION: em * 2 + 8,
            Column.TIME: time_width,
            Column.DURATION: em * 6,
            Column.OTHER_PARTY: em * 14,
            Column.SUBSCRIBER: em * 14,
            Column.DEPARTMENT: em * 12,
        }
        header = self.horizontalHeader()
        for column, width in widths.items():
            # Never narrower than the title with its sort arrow: "Тривалість" is wider than 6 em.
            title = header.sectionSizeFromContents(int(column)).width()
            self.setColumnWidth(int(column), max(width, title))

    def retranslate(self) -> None:
        """Headers are the model's; only the default widths depend on the font here."""
        self.viewport().update()

    # ------------------------------------------------------------------ what the rows hold

    def _other_party(self, index: QModelIndex) -> tuple[str, str]:
        number = index.siblingAtColumn(int(Column.OTHER_PARTY)).data(Role.OTHER_NUMBER) or ""
        name = ""
        record = index.data(Role.RECORD)
        if isinstance(record, CallRecord):
            if record.called_number == number:
                name = record.called_name or ""
            elif record.calling_number == number:
                name = record.calling_name or ""
        return str(number), name

    # ----------------------------------------------------------------------- interactions

    def focusInEvent(self, event: QFocusEvent) -> None:
        # Without a current row the table takes the focus invisibly and Enter does nothing;
        # marking the first row shows where the keys will act.
        if not self.currentIndex().isValid() and self.model().rowCount():
            from fmc_desktop.ui.shell.keyboard import select_row

            select_row(self, 0)
        super().focusInEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._call_back(self.currentIndex())
            event.accept()
            return
        if event.matches(QKeySequence.StandardKey.Copy) and self.currentIndex().isValid():
            self._copy_number(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)

    @Slot(QModelIndex)
    def _on_self_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self._call_back(index)

    def _call_back(self, index: QModelIndex) -> None:
        number, name = self._other_party(index)
        if number:
            self.call_back_requested.emit(number, name)

    def _copy_number(self, index: QModelIndex) -> None:
        number, _ = self._other_party(index)
        if number:
            QGuiApplication.clipboard().setText(number)

    @Slot(QPoint)
    def _on_self_context_menu_requested(self, position: QPoint) -> None:
        index = self.indexAt(position)
        if not index.isValid():
            return
        menu = self.context_menu(index)
        menu.exec(self.viewport().mapToGlobal(position))
        menu.deleteLater()

    def context_menu(self, index: QModelIndex) -> QMenu:
        """The row's menu (public so tests can trigger its actions)."""
        number, name = self._other_party(index)
        shown = display_number(number)
        menu = QMenu(self)
        menu.setObjectName("historyContextMenu")
        call = QAction(fill(self.tr("Call back %1"), name or shown), menu)
        call.setObjectName("callBackAction")
        call.triggered.connect(lambda: self.call_back_requested.emit(number, name))
        copy = QAction(self.tr("Copy number"), menu)
        copy.setObjectName("copyNumberAction")
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.triggered.connect(lambda: QGuiApplication.clipboard().setText(number))
        only = QAction(fill(self.tr("Show only calls with %1"), shown), menu)
        only.setObjectName("filterByNumberAction")
        only.triggered.connect(lambda: self.filter_by_number_requested.emit(number))
        add = QAction(self.tr("Add to contacts…"), menu)
        add.setObjectName("addContactAction")
        add.triggered.connect(lambda: self.add_contact_requested.emit(number, name))
        favourite = QAction(self.tr("Add to favourites"), menu)
        favourite.setObjectName("addFavouriteAction")
        favourite.triggered.connect(lambda: self.add_favourite_requested.emit(number, name))
        for action in (call, copy, only):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(add)
        menu.addAction(favourite)
        call.setEnabled(bool(number))
        menu.setDefaultAction(call)
        return menu
