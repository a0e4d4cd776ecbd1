"""Search as you type over the contact directory; Enter calls the top result.

The field keeps the focus the whole time: Up and Down move through the results, Enter calls the
highlighted one (the top one unless the user moved), so a name and Enter is a call. Each result
shows the name, the number it would call, the department, and a star for a favourite. A full
number nobody has comes back from the directory as a bare number on top, so typing a number here
calls it too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QListView,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from fmc_desktop.core.contacts.directory import Directory, Match
from fmc_desktop.ui.contacts.editor import label_text

AnyIndex = QModelIndex | QPersistentModelIndex
DEFAULT_LIMIT = 20
STAR_COLOUR = QColor(0xE0, 0xA1, 0x00)


class Role(IntEnum):
    NAME = Qt.ItemDataRole.UserRole  # the person's name; "" for a bare number
    NUMBER = NAME + 1  # the number as shown: 067 123 45 67
    CANONICAL = NAME + 2  # what to dial
    DEPARTMENT = NAME + 3
    FAVOURITE = NAME + 4  # bool
    LABEL = NAME + 5  # "mobile", "work"… of the number, or ""


@dataclass(frozen=True, slots=True)
class ContactResult:
    """One line of the results, ready to show and to call."""

    name: str
    number: str  # shown form
    canonical: str
    department: str = ""
    favourite: bool = False
    label: str = ""

    @classmethod
    def from_match(cls, match: Match) -> ContactResult | None:
        phone = match.phone
        if phone is None:
            return None  # nothing callable: not worth a line in a list made for calling
        contact = match.contact
        return cls(
            name=contact.name if contact is not None else "",
            number=phone.display(),
            canonical=phone.canonical,
            department=contact.department if contact is not None else "",
            favourite=bool(contact is not None and contact.favourite),
            label=match.number.label if match.number is not None else "",
        )


class ContactResultsModel(QAbstractListModel):
    """The search results: a short list (a page), replaced whole at each keystroke."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._results: list[ContactResult] = []

    def set_results(self, results: Sequence[ContactResult]) -> None:
        self.beginResetModel()
        self._results = list(results)
        self.endResetModel()

    def result(self, row: int) -> ContactResult | None:
        return self._results[row] if 0 <= row < len(self._results) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._results)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.parent().isValid():
            return None
        result = self.result(index.row())
        if result is None or index.column() != 0:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{result.name} {result.number}".strip()
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            parts = [result.name, result.number, label_text(result.label), result.department]
            text = ", ".join(part for part in parts if part)
            if result.favourite:
                text += ", " + self.tr("favourite")
            return text
        if role == Role.NAME:
            return result.name
        if role == Role.NUMBER:
            return result.number
        if role == Role.CANONICAL:
            return result.canonical
        if role == Role.DEPARTMENT:
            return result.department
        if role == Role.FAVOURITE:
            return result.favourite
        if role == Role.LABEL:
            return label_text(result.label)  # "mobile" is stored; "мобільний" is shown
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )


def star_path(rect: QRectF) -> QPainterPath:
    """A five-pointed star filling `rect`: the favourite mark, here and on the contacts page."""
    centre = rect.center()
    outer = min(rect.width(), rect.height()) / 2
    inner = outer * 0.45
    path = QPainterPath()
    for point in range(10):
        radius = outer if point % 2 == 0 else inner
        angle = math.radians(-90 + point * 36)
        position = QPointF(
            centre.x() + radius * math.cos(angle), centre.y() + radius * math.sin(angle)
        )
        if point == 0:
            path.moveTo(position)
        else:
            path.lineTo(position)
    path.closeSubpath()
    return path


class ContactResultDelegate(QStyledItemDelegate):
    """Two lines: the name (bold) with a star for a favourite; the number and the department."""

    PADDING = 6

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        name_font = QFont(option.font)
        name_font.setWeight(QFont.Weight.DemiBold)
        detail_font = QFont(option.font)
        detail_font.setPointSizeF(max(option.font.pointSizeF() * 0.92, 7.0))
        return name_font, detail_font

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        name_font, detail_font = self._fonts(option)
        height = QFontMetrics(name_font).height() + QFontMetrics(detail_font).height()
        return QSize(200, height + 2 * self.PADDING + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        base = QStyleOptionViewItem(option)
        self.initStyleOption(base, index)
        base.text = ""
        style = option.widget.style() if option.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, base, painter, option.widget)

        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Active
            if option.state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_colour = option.palette.color(group, text_role)
        muted = QColor(text_colour)
        muted.setAlphaF(0.72)

        name = str(index.data(Role.NAME) or "")
        number = str(index.data(Role.NUMBER) or "")
        label = str(index.data(Role.LABEL) or "")
        department = str(index.data(Role.DEPARTMENT) or "")
        favourite = bool(index.data(Role.FAVOURITE))

        name_font, detail_font = self._fonts(option)
        name_height = QFontMetrics(name_font).height()
        rect: QRect = option.rect.adjusted(self.PADDING + 4, self.PADDING, -self.PADDING - 4, 0)
        star_size = name_height * 0.8
        right = rect.right() - (round(star_size) + 6 if favourite else 0)

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if name:
            shown = f"{number} ({label})" if label else number
            headline = name
            detail = " · ".join(part for part in (shown, department) if part)
        else:
            headline, detail = number, self.tr("Not in your contacts")
        painter.setFont(name_font)
        painter.setPen(text_colour)
        name_rect = QRect(rect.left(), rect.top(), right - rect.left(), name_height)
        elided = QFontMetrics(name_font).elidedText(
            headline, Qt.TextElideMode.ElideRight, name_rect.width()
        )
        painter.drawText(
            name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided
        )
        painter.setFont(detail_font)
        painter.setPen(muted)
        detail_rect = QRect(
            rect.left(), rect.top() + name_height, rect.width(), QFontMetrics(detail_font).height()
        )
        elided = QFontMetrics(detail_font).elidedText(
            detail, Qt.TextElideMode.ElideRight, detail_rect.width()
        )
        painter.drawText(
            detail_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided
        )
        if favourite:
            star = QRectF(
                rect.right() - star_size,
                rect.top() + (name_height - star_size) / 2,
                star_size,
                star_size,
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(STAR_COLOUR)
            painter.drawPath(star_path(star))
        painter.restore()


class _SearchField(QLineEdit):
    """The search box; Up, Down, Page Up and Page Down move through the results below it."""

    moved = Signal(int)  # rows to move by

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_PageDown: 5,
            Qt.Key.Key_PageUp: -5,
        }.get(Qt.Key(event.key()))
        if steps is not None:
            self.moved.emit(steps)
            event.accept()
            return
        super().keyPressEvent(event)


class ContactSearch(QWidget):
    """A search box over a Directory and the results under it.

    `call_requested(canonical, name)` when the user presses Enter, or double-clicks or presses
    Enter on a result; `name` is "" for a number nobody is known by.
    """

    call_requested = Signal(str, str)

    def __init__(
        self,
        directory: Directory | None = None,
        parent: QWidget | None = None,
        *,
        limit: int = DEFAULT_LIMIT,
    ) -> None:
        super().__init__(parent)
        self._directory = directory
        self._limit = limit
        self._busy = False

        self.field = _SearchField(self)
        self.field.setObjectName("contactSearchField")
        self.field.setClearButtonEnabled(True)
        self.model = ContactResultsModel(self)
        self.view = QListView(self)
        self.view.setObjectName("contactResults")
        self.view.setModel(self.model)
        self.view.setItemDelegate(ContactResultDelegate(self.view))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setUniformItemSizes(True)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.hint = QLabel(self)
        self.hint.setObjectName("contactSearchHint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setMargin(12)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.field)
        # The hint takes the list's place while there is nothing to list.
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.view)
        self.pages.addWidget(self.hint)
        layout.addWidget(self.pages, 1)

        self.setFocusProxy(self.field)
        self.field.textChanged.connect(self._on_field_text_changed)
        self.field.returnPressed.connect(self._on_field_return_pressed)
        self.field.moved.connect(self._on_field_moved)
        # Enter, and a double click (or the style's single click): never both for one gesture.
        self.view.activated.connect(self._on_view_activated)
        self._retranslate()
        self._apply_palette()
        self._update_hint()

    # --- the public API -------------------------------------------------------------------------

    def set_query(self, text: str) -> None:
        self.field.setText(text)  # searches through textChanged

    def query(self) -> str:
        return self.field.text()

    def refresh(self) -> None:
        """Search again (the directory may have changed)."""
        self._search(self.field.text())

    def results(self) -> list[ContactResult]:
        return [r for row in range(self.model.rowCount()) if (r := self.model.result(row))]

    def current_result(self) -> ContactResult | None:
        index = self.view.currentIndex()
        return self.model.result(index.row()) if index.isValid() else None

    def call_current(self) -> bool:
        """Call the highlighted result (the top one unless the user moved); False if none."""
        result = self.current_result()
        if result is None or self._busy:
            return False
        self.call_requested.emit(result.canonical, result.name)
        return True

    def set_busy(self, busy: bool) -> None:
        """While a dial runs, Enter does not call (a second Enter is not a second call)."""
        self._busy = busy

    # --- searching ------------------------------------------------------------------------------

    def _search(self, text: str) -> None:
        matches = self._directory.search(text, self._limit) if self._directory is not None else []
        results = [r for m in matches if (r := ContactResult.from_match(m)) is not None]
        self.model.set_results(results)
        if results:
            self.view.setCurrentIndex(self.model.index(0, 0))
        self._update_hint()

    def _update_hint(self) -> None:
        if self.model.rowCount():
            self.pages.setCurrentWidget(self.view)
            return
        if self._directory is None:
            text = self.tr("No contacts yet.")
        elif self.field.text().strip():
            text = self.tr("Nobody matches. A full number can be called with Enter.")
        else:
            text = self.tr("Type a name, a part of a number or a department.")
        self.hint.setText(text)
        self.pages.setCurrentWidget(self.hint)

    @Slot(str)
    def _on_field_text_changed(self, text: str) -> None:
        self._search(text)

    @Slot()
    def _on_field_return_pressed(self) -> None:
        self.call_current()

    @Slot(int)
    def _on_field_moved(self, steps: int) -> None:
        count = self.model.rowCount()
        if not count:
            return
        current = self.view.currentIndex().row() if self.view.currentIndex().isValid() else -1
        row = max(0, min(count - 1, current + steps))
        self.view.setCurrentIndex(self.model.index(row, 0))

    @Slot(QModelIndex)
    def _on_view_activated(self, index: QModelIndex) -> None:
        self.view.setCurrentIndex(index)
        self.call_current()

    def _retranslate(self) -> None:
        self.field.setPlaceholderText(self.tr("Search contacts"))
        self.field.setAccessibleName(self.tr("Search contacts"))
        self.field.setToolTip(
            self.tr("A name, any part of a number, or a department; Enter calls the top result.")
        )
        self.view.setAccessibleName(self.tr("Contacts found"))

    def _apply_palette(self) -> None:
        palette = self.hint.palette()
        muted = QColor(self.palette().color(QPalette.ColorRole.WindowText))
        muted.setAlphaF(0.65)
        palette.setColor(QPalette.ColorRole.WindowText, muted)
        self.hint.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._update_hint()
        elif event.type() == QEvent.Type.PaletteChange:
            self._apply_palette()
        super().changeEvent(event)
