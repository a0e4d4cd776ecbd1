"""Keyboard helpers shared by the windows: a search box that leads into its results, a date
field that is one Tab stop instead of three, and one-of-several buttons Tab reaches each of."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QDateEdit, QLineEdit, QWidget


class OneStopDateEdit(QDateEdit):
    """A date field Tab leaves at once; its day, month and year stay reachable with the arrows.

    QDateTimeEdit makes Tab walk through its sections, so a "from – to" range took six stops.
    Left/Right still move between the sections, Up/Down change the one under the cursor.
    """

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


def select_row(view: QAbstractItemView, row: int) -> None:
    """Make `row` the current one, selected as a whole, and scroll it into sight."""
    model = view.model()
    if model is None or not 0 <= row < model.rowCount():
        return
    index = model.index(row, 0)
    flags = (
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    view.selectionModel().setCurrentIndex(index, flags)
    view.scrollTo(index)


class SearchResultsKeys(QObject):
    """Down/Up in a search box move into its results; Up on the first result comes back.

    Down lands on the first result, Up on the last, as in a browser's address bar. Enter in the
    results is the view's own (the history calls the other party).
    """

    def __init__(self, field: QLineEdit, view: QAbstractItemView) -> None:
        super().__init__(field)
        self._field = field
        self._view = view
        field.installEventFilter(self)
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        key = event.key()
        model = self._view.model()
        rows = model.rowCount() if model is not None else 0
        if watched is self._field and key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and rows:
            select_row(self._view, 0 if key == Qt.Key.Key_Down else rows - 1)
            self._view.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        if (
            watched is self._view
            and key == Qt.Key.Key_Up
            and self._view.currentIndex().row() <= 0
            and self._field.isVisible()
        ):
            self._field.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return False


class ChoiceButtons(QObject):
    """One-of-several checkable buttons that Tab reaches one by one.

    A QButtonGroup makes Tab stop only on its checked button (the rest are reached with the
    arrow keys, as radio buttons are), which left "Whole PBX" out of the Tab order of a toolbar
    whose other controls are all Tab stops. This keeps the group's API the window uses.
    """

    idClicked = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._buttons: dict[int, QAbstractButton] = {}

    def addButton(self, button: QAbstractButton, button_id: int) -> None:
        self._buttons[button_id] = button
        button.setAutoExclusive(False)
        button.toggled.connect(lambda on, b=button: self._on_button_toggled(b, on))
        button.clicked.connect(lambda _=False, i=button_id: self._on_button_clicked(i))

    def checkedId(self) -> int:
        for button_id, button in self._buttons.items():
            if button.isChecked():
                return button_id
        return -1

    def _on_button_toggled(self, button: QAbstractButton, on: bool) -> None:
        if on:
            for other in self._buttons.values():
                if other is not button and other.isChecked():
                    other.setChecked(False)

    def _on_button_clicked(self, button_id: int) -> None:
        button = self._buttons[button_id]
        if not button.isChecked():  # a click on the chosen one keeps it chosen
            button.setChecked(True)
        self.idClicked.emit(button_id)
