"""The call history table: a QAbstractTableModel over the column store of `CallHistory`.

The model keeps one array: the positions of the calls on screen, in screen order. `rowCount` is
its length and `data(row)` reads one element of it, so the view costs the same with a hundred
calls or a million. Filtering and sorting replace that array with vectorised numpy work in
`CallHistory`; the view is told with a layout change, which keeps its selection and current row
(a model reset would drop both, and measured no faster with a million rows).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from enum import IntEnum
from typing import Any, Literal

import numpy as np
from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    Qt,
    QTime,
    QTimeZone,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QGuiApplication,
    QIcon,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
)

from fmc_desktop.core.api.kyiv import KYIV
from fmc_desktop.core.api.records import CallRecord, ExtraValue
from fmc_desktop.core.history.batch import CallBatch, Int32Array
from fmc_desktop.core.history.columns import CallHistory
from fmc_desktop.core.history.filters import (
    KIND_MISSED,
    Direction,
    HistoryField,
    HistoryFilter,
    SortField,
)
from fmc_desktop.core.history.snapshot import SnapshotContent
from fmc_desktop.core.history.text import format_duration
from fmc_desktop.ui.shell.i18n import date_time_format

logger = logging.getLogger(__name__)

TimeZoneChoice = Literal["kyiv", "local"]
AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    """The fixed columns; extra fields the API sent follow, one column each."""

    DIRECTION = HistoryField.DIRECTION
    TIME = HistoryField.TIME
    DURATION = HistoryField.DURATION
    OTHER_PARTY = HistoryField.OTHER_PARTY
    SUBSCRIBER = HistoryField.SUBSCRIBER
    DEPARTMENT = HistoryField.DEPARTMENT


FIXED_COLUMNS = len(Column)
# The same as plain ints for data(), where an enum member lookup per cell adds up.
_DIRECTION, _TIME, _DURATION, _OTHER_PARTY, _SUBSCRIBER, _DEPARTMENT = (int(c) for c in Column)


class Role(IntEnum):
    CALL_ID = Qt.ItemDataRole.UserRole  # the archive's id of the call
    CALL_INDEX = CALL_ID + 1  # the call's position in the model's CallHistory
    SORT_KEY = CALL_ID + 2  # the cell's primary sort key (an int)
    OTHER_NUMBER = CALL_ID + 3  # the other party's number as the API wrote it: what to call back
    RECORD = CALL_ID + 4  # the whole CallRecord
    ANSWERED = CALL_ID + 5
    DIRECTION = CALL_ID + 6  # a history_columns.Direction
    MISSED = CALL_ID + 7  # an incoming call nobody answered


def headers() -> dict[Column, str]:
    """Column titles in the user's language (built per call, so a language change shows)."""
    return {
        Column.DIRECTION: QCoreApplication.translate("HistoryModel", "Direction"),
        Column.TIME: QCoreApplication.translate("HistoryModel", "Date and time"),
        Column.DURATION: QCoreApplication.translate("HistoryModel", "Duration"),
        Column.OTHER_PARTY: QCoreApplication.translate("HistoryModel", "Other party"),
        Column.SUBSCRIBER: QCoreApplication.translate("HistoryModel", "Our subscriber"),
        Column.DEPARTMENT: QCoreApplication.translate("HistoryModel", "Department"),
    }


def direction_names() -> dict[tuple[Direction, bool], str]:
    """What a direction is called, keyed by (direction, missed)."""
    return {
        (Direction.INCOMING, False): QCoreApplication.translate("HistoryModel", "Incoming"),
        (Direction.INCOMING, True): QCoreApplication.translate("HistoryModel", "Missed"),
        (Direction.OUTGOING, False): QCoreApplication.translate("HistoryModel", "Outgoing"),
        (Direction.INTERNAL, False): QCoreApplication.translate("HistoryModel", "Internal"),
        (Direction.OTHER, False): QCoreApplication.translate("HistoryModel", "Other"),
    }


# Role numbers as plain ints: data() runs for every cell on every paint, and comparing ints is
# the cheapest dispatch Python has.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_USER = int(Qt.ItemDataRole.UserRole)
_ANSWERED_ROLES = frozenset(
    (_DISPLAY, _DECORATION, _TOOLTIP, _FOREGROUND, _FONT, _ALIGNMENT, _ACCESSIBLE)
)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CELL_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)
_MISSING = object()
_TEXT_CACHE_LIMIT = 4096  # cells; a few screens' worth, so repaints and scrolling back are free
# PySide emits a layout hint only through the signal's full signature.
_LAYOUT_SIGNATURE = (
    "QList<QPersistentModelIndex>",
    "QAbstractItemModel::LayoutChangeHint",
)


class HistoryModel(QAbstractTableModel):
    """The calls a `HistoryFilter` lets through, in the order of one column."""

    # How many calls the current filter shows; for the status bar.
    matches_changed = Signal(int)

    def __init__(self, history: CallHistory | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._history = history if history is not None else CallHistory()
        self._filter = HistoryFilter()
        self._sort_field: SortField = HistoryField.TIME
        self._sort_order = Qt.SortOrder.DescendingOrder  # newest first
        self._time_zone: TimeZoneChoice = "kyiv"
        self._locale = QLocale()
        self._time_format = _with_four_digit_year(self._locale)
        self._extra_columns: list[str] = self._history.extra_fields
        self._texts: dict[tuple[int, int], str | None] = {}
        self._kinds = self._history.kinds(self._filter.scope)
        self._rows: Int32Array = self._select()
        self._missed_look: tuple[int, QBrush] | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    # ------------------------------------------------------------------------------- the data

    @property
    def history(self) -> CallHistory:
        return self._history

    @property
    def history_filter(self) -> HistoryFilter:
        return self._filter

    @property
    def extra_columns(self) -> list[str]:
        return list(self._extra_columns)

    def set_history(self, history: CallHistory) -> None:
        """Show another history (the archive reloaded, another account): a model reset."""
        self.beginResetModel()
        self._history = history
        self._extra_columns = history.extra_fields
        self._rows = self._select()
        self.endResetModel()
        self.matches_changed.emit(len(self._rows))

    def append_calls(self, batch: CallBatch) -> None:
        """Add calls loaded in the background; rows appear without disturbing the view."""
        self._history.extend(batch)
        self._extra_columns_grew()
        self._show(self._select(), appended=True)

    def _extra_columns_grew(self) -> None:
        fields = self._history.extra_fields
        if len(fields) > len(self._extra_columns):
            first = FIXED_COLUMNS + len(self._extra_columns)
            self.beginInsertColumns(QModelIndex(), first, FIXED_COLUMNS + len(fields) - 1)
            self._extra_columns = fields
            self.endInsertColumns()

    def load_base(self, base: SnapshotContent) -> None:
        """A snapshot's calls, shown all at once (see `CallHistory.load_base`)."""
        self._history.load_base(base)
        self._extra_columns_grew()
        self._show(self._select(), appended=True)

    def set_filter(self, flt: HistoryFilter) -> None:
        if flt != self._filter:
            # The scope changes what a call's cells say (whose is the other party).
            same_look = flt.scope == self._filter.scope
            self._filter = flt
            self._show(self._select(), same_look=same_look)

    def set_search_text(self, text: str) -> None:
        self.set_filter(replace(self._filter, text=text))

    def set_numbers(self, own: Iterable[str], company: Iterable[str] = ()) -> None:
        """The user's own numbers and the company's; directions and "my calls" follow them."""
        self._history.set_numbers(own, company)
        self._show(self._select())
        self._all_cells_changed()

    def set_time_zone(self, zone: TimeZoneChoice) -> None:
        """Show times in Kyiv time (the PBX's clock) or in this computer's time zone."""
        if zone not in ("kyiv", "local"):
            raise ValueError(f"time zone must be 'kyiv' or 'local', not {zone!r}")
        if zone != self._time_zone:
            self._time_zone = zone
            self._all_cells_changed()

    @property
    def time_zone(self) -> TimeZoneChoice:
        return self._time_zone

    def set_locale(self, locale: QLocale) -> None:
        self._locale = locale
        self._time_format = _with_four_digit_year(locale)
        self._all_cells_changed()

    def call_index(self, row: int) -> int:
        """The position in `history` of the call on `row`."""
        return int(self._rows[row])

    def record(self, row: int) -> CallRecord:
        return self._history.record(int(self._rows[row]))

    def visible_calls(self) -> Int32Array:
        """Positions in `history` of every call shown, in screen order (export, charts)."""
        view = self._rows.view()
        view.flags.writeable = False  # it may be the history's cached sort order itself
        return view

    def row_of_call(self, call_index: int) -> int:
        """The row showing a call, or -1 when the filter hides it."""
        hits = np.flatnonzero(self._rows == call_index)
        return int(hits[0]) if len(hits) else -1

    # ------------------------------------------------------------------------------ Qt's model

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else FIXED_COLUMNS + len(self._extra_columns)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return _CELL_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        role = int(role)
        if role == _DISPLAY and section == _DIRECTION:
            # The column shows an icon per call: a header word would only be cut off.
            return ""
        if role in (_DISPLAY, _TOOLTIP, _ACCESSIBLE):
            if section < FIXED_COLUMNS:
                return headers()[Column(section)]
            return self._extra_columns[section - FIXED_COLUMNS]
        if role == _ALIGNMENT and section == Column.DURATION:
            return _RIGHT
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        role = int(role)
        # Views ask a dozen roles per cell per paint; the ones this model has no answer for
        # leave before anything is looked up.
        if role not in _ANSWERED_ROLES and role < _USER:
            return None
        if not index.isValid():
            return None
        row = index.row()
        if row >= len(self._rows):
            return None
        return self._value(int(self._rows[row]), index.column(), role)

    def _value(self, call: int, column: int, role: int) -> Any:
        if role == _DISPLAY:
            return self._text(call, column)
        if role == _FOREGROUND:
            return self._missed_brush() if self._kinds[call] == KIND_MISSED else None
        if role == _FONT:
            return self._bold if self._kinds[call] == KIND_MISSED else None
        if role == _DECORATION:
            if column != _DIRECTION:
                return None
            return direction_icon(self.direction(call), self._is_missed(call))
        if role == _ALIGNMENT:
            return _RIGHT if column == _DURATION else None
        if role == _TOOLTIP:
            return self.tooltip(call)
        if role == _ACCESSIBLE:
            if column == _DIRECTION:
                return direction_names()[(self.direction(call), self._is_missed(call))]
            return self._text(call, column)
        return self._user_data(call, column, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order by any column; ties keep time order, so sorting is stable."""
        if not 0 <= column < self.columnCount():
            return
        self._sort_field = self._field(column)
        self._sort_order = order
        self._show(self._select(), hint=QAbstractItemModel.LayoutChangeHint.VerticalSortHint)

    # ------------------------------------------------------------------------------ one cell

    def direction(self, call: int) -> Direction:
        return self._history.direction(call, self._filter.scope)

    def _is_missed(self, call: int) -> bool:
        return int(self._kinds[call]) == KIND_MISSED

    def _text(self, call: int, column: int) -> str | None:
        key = (call, column)
        text = self._texts.get(key, _MISSING)
        if text is _MISSING:
            if len(self._texts) >= _TEXT_CACHE_LIMIT:
                self._texts.clear()
            text = self._texts[key] = self._display(call, column)
        return text  # type: ignore[return-value]

    def _display(self, call: int, column: int) -> str | None:
        history = self._history
        scope = self._filter.scope
        if column == _TIME:
            return self._locale.toString(
                self._wall_time(history.start_epoch(call)), self._time_format
            )
        if column == _DURATION:
            return format_duration(history.duration_of(call))
        if column == _OTHER_PARTY:
            return history.other_party_text(call, scope)
        if column == _SUBSCRIBER:
            return history.subscriber_text(call, scope)
        if column == _DEPARTMENT:
            return history.department(call, scope)
        if column == _DIRECTION:
            return None  # the icon says it; AccessibleTextRole says it in words
        value = history.extra_value(call, self._extra_columns[column - FIXED_COLUMNS])
        return _extra_text(value)

    def _user_data(self, call: int, column: int, role: int) -> Any:
        history = self._history
        if role == Role.CALL_ID:
            return history.call_id(call)
        if role == Role.CALL_INDEX:
            return call
        if role == Role.SORT_KEY:
            return int(history.sort_keys(self._field(column), self._filter.scope)[call])
        if role == Role.OTHER_NUMBER:
            return history.other_party(call, self._filter.scope)[0]
        if role == Role.RECORD:
            return history.record(call)
        if role == Role.ANSWERED:
            return history.duration_of(call) > 0
        if role == Role.DIRECTION:
            return self.direction(call)
        if role == Role.MISSED:
            return self._is_missed(call)
        return None

    def tooltip(self, call: int) -> str:
        """The whole record, every field the API gave, as rich text with everything escaped."""
        history = self._history
        record = history.record(call)
        zone = (
            QCoreApplication.translate("HistoryModel", "Kyiv time")
            if self._time_zone == "kyiv"
            else QCoreApplication.translate("HistoryModel", "local time")
        )
        direction = direction_names()[(self.direction(call), self._is_missed(call))]

        def party(number: str, name: str | None, department: str | None) -> str:
            return " · ".join(p for p in (name, number, department) if p)

        start = history.start_epoch(call)
        end = history.end_epoch(call)
        lines: list[tuple[str, str]] = [
            (QCoreApplication.translate("HistoryModel", "Direction"), direction),
            (
                QCoreApplication.translate("HistoryModel", "Start"),
                f"{self._long_time(start)} ({zone})",
            ),
            (
                QCoreApplication.translate("HistoryModel", "End"),
                f"{self._long_time(end)} ({zone})",
            ),
            (
                QCoreApplication.translate("HistoryModel", "Duration"),
                QCoreApplication.translate("HistoryModel", "{duration} ({seconds} s)").format(
                    duration=format_duration(record.duration), seconds=record.duration
                ),
            ),
            (
                QCoreApplication.translate("HistoryModel", "Calling"),
                party(record.calling_number, record.calling_name, record.calling_department),
            ),
            (
                QCoreApplication.translate("HistoryModel", "Called"),
                party(record.called_number, record.called_name, record.called_department),
            ),
        ]
        lines += [(name, _extra_text(value)) for name, value in record.extra.items()]
        body = "<br>".join(
            f"<b>{html.escape(label)}:</b> {html.escape(value)}" for label, value in lines
        )
        return f"<qt>{body}</qt>"

    def _wall_time(self, epoch: int) -> QDateTime:
        """A QDateTime whose fields are the wall time to show, in the chosen zone.

        Python's zoneinfo (with the tzdata package) does the zone arithmetic, so Kyiv time is
        right on Windows too, where Qt may not know "Europe/Kyiv"; the QDateTime is only a
        vehicle for QLocale's formatting and carries no zone of its own.
        """
        wall = (
            datetime.fromtimestamp(epoch, KYIV)
            if self._time_zone == "kyiv"
            else (datetime.fromtimestamp(epoch))
        )
        return QDateTime(
            QDate(wall.year, wall.month, wall.day),
            QTime(wall.hour, wall.minute, wall.second),
            QTimeZone.utc(),
        )

    def _long_time(self, epoch: int) -> str:
        return self._locale.toString(self._wall_time(epoch), _with_seconds(self._time_format))

    def _missed_brush(self) -> QBrush:
        """Missed calls in red that reads on the current palette, light or dark."""
        text = QGuiApplication.palette().color(QPalette.ColorRole.Text)
        if self._missed_look is None or self._missed_look[0] != text.rgba():
            self._missed_look = (text.rgba(), QBrush(_missed_color(text)))
        return self._missed_look[1]

    # --------------------------------------------------------------------------- the row array

    def _field(self, column: int) -> SortField:
        if column < FIXED_COLUMNS:
            return HistoryField(column)
        return self._extra_columns[column - FIXED_COLUMNS]

    def _select(self) -> Int32Array:
        # Whatever called this may have changed what a cell shows (scope, numbers, new calls).
        self._kinds = self._history.kinds(self._filter.scope)
        self._texts.clear()
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        return self._history.select(self._filter, self._sort_field, descending)

    def _show(
        self,
        rows: Int32Array,
        *,
        appended: bool = False,
        same_look: bool = False,
        hint: QAbstractItemModel.LayoutChangeHint = (
            QAbstractItemModel.LayoutChangeHint.NoLayoutChangeHint
        ),
    ) -> None:
        """Make `rows` the rows on screen, telling the view the least that is true.

        `same_look`: the cells of a call look as before (only which calls are shown changed),
        so the same rows need no repaint.
        """
        old = self._rows
        if same_look and len(rows) == len(old) and (rows is old or np.array_equal(rows, old)):
            # A keystroke that finds the same calls ("067" after "06"): the view keeps what it
            # shows, instead of relaying out and repainting every row for nothing.
            self.matches_changed.emit(len(rows))
            return
        if appended and len(rows) >= len(old):
            added = len(rows) - len(old)
            if added == 0 and np.array_equal(rows, old):
                return
            # Older calls loaded behind the newest page land at the bottom; a sync's new calls
            # at the top: both are plain row insertions, which keep the view exactly where it is.
            if added and np.array_equal(rows[: len(old)], old):
                self.beginInsertRows(QModelIndex(), len(old), len(rows) - 1)
                self._rows = rows
                self.endInsertRows()
                self.matches_changed.emit(len(rows))
                return
            if added and np.array_equal(rows[added:], old):
                self.beginInsertRows(QModelIndex(), 0, added - 1)
                self._rows = rows
                self.endInsertRows()
                self.matches_changed.emit(len(rows))
                return
        self.layoutAboutToBeChanged[_LAYOUT_SIGNATURE].emit([], hint)  # type: ignore[index]
        persistent = self.persistentIndexList()
        if persistent:
            self.changePersistentIndexList(persistent, self._moved(persistent, old, rows))
        self._rows = rows
        self.layoutChanged[_LAYOUT_SIGNATURE].emit([], hint)  # type: ignore[index]
        self.matches_changed.emit(len(rows))

    def _moved(
        self, persistent: list[QModelIndex], old: Int32Array, new: Int32Array
    ) -> list[QModelIndex]:
        """Where each persistent index (selection, current row) went; gone if filtered out."""
        calls = np.array(
            [int(old[p.row()]) if 0 <= p.row() < len(old) else -1 for p in persistent],
            dtype=np.int64,
        )
        # A selected row holds one persistent index per column: look each call up once.
        found = np.flatnonzero(np.isin(new, np.unique(calls)))
        where = {int(new[row]): int(row) for row in found}
        moved: list[QModelIndex] = []
        for p, call in zip(persistent, calls.tolist(), strict=True):
            row = where.get(call)
            moved.append(QModelIndex() if row is None else self.index(row, p.column()))
        return moved

    def _all_cells_changed(self) -> None:
        self._texts.clear()
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
            )
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)


def _with_four_digit_year(locale: QLocale) -> str:
    """The locale's short date and time, but with the year in full: `20.11.2026 08:05`."""
    return date_time_format(locale)


def _with_seconds(time_format: str) -> str:
    if "ss" in time_format:
        return time_format
    return time_format.replace("mm", "mm:ss", 1)


def _extra_text(value: ExtraValue) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return (
            QCoreApplication.translate("HistoryModel", "yes")
            if value
            else QCoreApplication.translate("HistoryModel", "no")
        )
    return str(value)


def _missed_color(text: QColor) -> QColor:
    """Mostly red, a little of the text colour: dark red on light themes, light red on dark."""
    red = QColor(224, 36, 36)
    share = 0.7
    return QColor(
        round(red.red() * share + text.red() * (1 - share)),
        round(red.green() * share + text.green() * (1 - share)),
        round(red.blue() * share + text.blue() * (1 - share)),
    )


# ------------------------------------------------------------------------------------ icons

# Mid-tone colours that read on both light and dark backgrounds.
_ICON_COLORS: Mapping[tuple[Direction, bool], str] = {
    (Direction.INCOMING, False): "#2e9d4f",
    (Direction.INCOMING, True): "#e02424",
    (Direction.OUTGOING, False): "#2f7fd1",
    (Direction.INTERNAL, False): "#8a63c9",
}
_icons: dict[tuple[Direction, bool], QIcon] = {}


def direction_icon(direction: Direction, missed: bool) -> QIcon | None:
    """The arrow for a call: ↙ incoming, ↗ outgoing, ⇄ internal, a red bounce for missed."""
    key = (direction, missed)
    if key not in _ICON_COLORS:
        return None
    icon = _icons.get(key)
    if icon is None:
        icon = QIcon()
        for size in (16, 32):
            icon.addPixmap(_draw_arrow(key, size))
        _icons[key] = icon
    return icon


def _draw_arrow(key: tuple[Direction, bool], size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(_ICON_COLORS[key]), size / 8)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    s = size / 16

    def p(x: float, y: float) -> QPointF:
        return QPointF(x * s, y * s)

    path = QPainterPath()
    direction, missed = key
    if missed:  # in, then bounced back out: the usual "missed call" arrow
        path.moveTo(p(2, 4))
        path.lineTo(p(7, 11))
        path.lineTo(p(13, 4))
        path.moveTo(p(9, 4))
        path.lineTo(p(13, 4))
        path.lineTo(p(13, 8))
    elif direction == Direction.INCOMING:  # ↙
        path.moveTo(p(13, 3))
        path.lineTo(p(3, 13))
        path.moveTo(p(3, 6))
        path.lineTo(p(3, 13))
        path.lineTo(p(10, 13))
    elif direction == Direction.OUTGOING:  # ↗
        path.moveTo(p(3, 13))
        path.lineTo(p(13, 3))
        path.moveTo(p(6, 3))
        path.lineTo(p(13, 3))
        path.lineTo(p(13, 10))
    else:  # ⇄ between two of the company's numbers
        path.moveTo(p(2, 5))
        path.lineTo(p(14, 5))
        path.lineTo(p(11, 2))
        path.moveTo(p(14, 11))
        path.lineTo(p(2, 11))
        path.lineTo(p(5, 14))
    painter.drawPath(path)
    painter.end()
    return pixmap
