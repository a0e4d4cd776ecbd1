"""The contacts table's model: one row per listed contact, with its columns and roles."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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


# What the model answers for one role, from the line's row number, its row and the column.
RoleAnswer = Callable[[int, ContactRow, Column], object]


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
        self._answers = self._role_answers()

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
        answer = self._answers.get(int(role))
        return answer(index.row(), row, Column(index.column())) if answer is not None else None

    def _role_answers(self) -> dict[int, RoleAnswer]:
        return {
            Qt.ItemDataRole.DisplayRole: self._display,
            Qt.ItemDataRole.DecorationRole: self._decoration,
            Qt.ItemDataRole.ToolTipRole: lambda _at, row, column: self._tooltip(row, column),
            Qt.ItemDataRole.AccessibleTextRole: self._accessible_text,
            Qt.ItemDataRole.FontRole: self._font,
            Role.CONTACT: lambda _at, row, _column: row.contact,
            Role.CONTACT_ID: lambda _at, row, _column: row.contact.id,
            Role.CALL_NUMBER: lambda _at, row, _column: row.call_number,
            Role.NAME: lambda _at, row, _column: row.contact.name,
            Role.FAVOURITE: lambda _at, row, _column: row.contact.favourite,
            Role.SOURCE: lambda _at, row, _column: str(row.contact.source),
        }

    def _decoration(self, at: int, row: ContactRow, column: Column) -> QIcon | None:
        return self._star if column is Column.FAVOURITE and row.contact.favourite else None

    def _accessible_text(self, at: int, row: ContactRow, column: Column) -> str:
        if column is Column.FAVOURITE:
            return self.tr("Favourite") if row.contact.favourite else self.tr("Not a favourite")
        return self._display(at, row, column)

    def _font(self, at: int, row: ContactRow, column: Column) -> QFont | None:
        if column is not Column.NAME or row.contact.source is not ContactSource.PBX:
            return None
        font = QFont()
        font.setItalic(True)
        return font

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
