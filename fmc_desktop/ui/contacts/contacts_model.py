"""The contacts table's model: one row per listed contact, with its columns and roles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen, QPixmap

from fmc_desktop.core.contacts.contact import Contact, ContactNumber, ContactSource
from fmc_desktop.core.numbers.phone import display_stored_number, parse_stored_number
from fmc_desktop.ui.contacts.editor import label_text, numbers_summary
from fmc_desktop.ui.contacts.search_box import STAR_COLOUR, star_path
from fmc_desktop.ui.shell.i18n import fill

AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    FAVOURITE = 0
    NAME = 1
    NUMBERS = 2
    DEPARTMENT = 3


class Role(IntEnum):
    CONTACT = Qt.ItemDataRole.UserRole  # the Contact as listed (a PBX entry may show fewer numbers)
    CONTACT_ID = CONTACT + 1
    CALL_NUMBER = CONTACT + 2  # the number Enter calls, canonical; "" when it has none to dial
    NAME = CONTACT + 3
    FAVOURITE = CONTACT + 4  # bool
    SOURCE = CONTACT + 5  # "own" or "pbx"


@dataclass(frozen=True, slots=True)
class ContactRow:
    """One line of the table: the contact and the number a call from this line goes to."""

    contact: Contact
    number: ContactNumber | None

    @property
    def call_number(self) -> str:
        """The number to dial, canonical; "" when the line has none that can be dialled."""
        return dialable(self.number) if self.number is not None else ""


def dialable(number: ContactNumber) -> str:
    """The number to dial, canonical; "" when it cannot be dialled."""
    phone = parse_stored_number(number.raw, number.canonical)
    return phone.canonical if phone is not None else ""


def star_icon(filled: bool = True, colour: QColor = STAR_COLOUR) -> QIcon:
    icon = QIcon()
    for size in (16, 20, 24, 32, 48):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(size * 0.1, size * 0.1, size * 0.8, size * 0.8)
        if filled:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
        else:
            pen = QPen(colour, max(1.0, size / 14))
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
        painter.drawPath(star_path(rect))
        painter.end()
        icon.addPixmap(pixmap)
    return icon


class ContactsModel(QAbstractTableModel):
    """The listed contacts, replaced whole at each search (a model reset: a page is small)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ContactRow] = []
        # Formatting numbers parses each one: done once per row, when the row is first painted.
        self._numbers_text: dict[int, str] = {}
        self._star = star_icon()
        self._header_star = star_icon(filled=False, colour=QColor(0x6B, 0x76, 0x86))

    def headers(self) -> dict[Column, str]:
        return {
            Column.FAVOURITE: "",
            Column.NAME: self.tr("Name"),
            Column.NUMBERS: self.tr("Numbers"),
            Column.DEPARTMENT: self.tr("Department"),
        }

    def set_rows(self, rows: Sequence[ContactRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._numbers_text = {}
        self.endResetModel()

    def row_data(self, row: int) -> ContactRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[ContactRow]:
        return list(self._rows)

    def row_of(self, contact_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.contact.id == contact_id), -1)

    def retranslate(self) -> None:
        self._numbers_text = {}
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(Column) - 1)
            )

    # --- Qt's model interface -----------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[column]
        if column is Column.FAVOURITE:
            if role == Qt.ItemDataRole.DecorationRole:
                return self._header_star
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
                return self.tr("Favourite")
        elif role == Qt.ItemDataRole.AccessibleTextRole:
            return self.headers()[column]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.parent().isValid():
            return None
        row = self.row_data(index.row())
        if row is None or not 0 <= index.column() < len(Column):
            return None
        contact = row.contact
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(index.row(), row, column)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._star if column is Column.FAVOURITE and contact.favourite else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column is Column.FAVOURITE:
                return self.tr("Favourite") if contact.favourite else self.tr("Not a favourite")
            return self._display(index.row(), row, column)
        if role == Qt.ItemDataRole.FontRole and contact.source is ContactSource.PBX:
            if column is Column.NAME:
                font = QFont()
                font.setItalic(True)
                return font
            return None
        if role == Role.CONTACT:
            return contact
        if role == Role.CONTACT_ID:
            return contact.id
        if role == Role.CALL_NUMBER:
            return row.call_number
        if role == Role.NAME:
            return contact.name
        if role == Role.FAVOURITE:
            return contact.favourite
        if role == Role.SOURCE:
            return str(contact.source)
        return None

    def _display(self, at: int, row: ContactRow, column: Column) -> str:
        contact = row.contact
        if column is Column.NAME:
            return contact.name
        if column is Column.NUMBERS:
            text = self._numbers_text.get(at)
            if text is None:
                text = self._numbers_text[at] = numbers_summary(contact.numbers)
            return text
        if column is Column.DEPARTMENT:
            return " · ".join(part for part in (contact.department, contact.organisation) if part)
        return ""

    def _tooltip(self, row: ContactRow, column: Column) -> str:
        contact = row.contact
        if column is Column.FAVOURITE:
            return self.tr("Favourite") if contact.favourite else ""
        if column is Column.NUMBERS:
            lines = []
            for number in contact.numbers:
                shown = display_stored_number(number.raw, number.canonical)
                lines.append(f"{shown} ({label_text(number.label)})" if number.label else shown)
            return "\n".join(lines)
        if column is Column.NAME and contact.source is ContactSource.PBX:
            return fill(self.tr("%1, from the company's directory"), contact.name)
        return self._display(0, row, column) if column is Column.DEPARTMENT else contact.name
