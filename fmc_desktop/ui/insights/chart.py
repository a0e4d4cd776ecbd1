"""The base of every Insights chart: empty state, highlighted item, tooltip, screen-reader text."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from fmc_desktop.ui.insights.painting import ChartColours
from fmc_desktop.ui.insights.wording import LONG, no_calls_text, percent


class InsightsChart(QWidget):
    """What every chart shares: data or an empty state, one highlighted item, its tooltip.

    A subclass lays itself out in `_layout` (filling `_item_rects`, one hit area per item),
    paints in `_paint`, and describes an item in `item_text`.

    QtCharts would need the 400 MB Addons wheel and a web view is out of the question, so each
    chart is a small widget that lays itself out from its font metrics and paints itself with
    QPainter. Drawing is in logical pixels with antialiasing, so a HiDPI screen only makes it
    sharper; every text is measured with the widget's font before it is placed, and elided rather
    than clipped.
    """

    # How far Up and Down move the keyboard's highlight: one item, or a row of a grid.
    row_step = 1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        # Never squeezed below the preferred height: the view scrolls instead.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self._item_rects: list[QRectF] = []
        self._laid_out = False
        self._hovered: int | None = None
        self._current: int | None = None  # the item chosen from the keyboard

    # --- what subclasses provide

    def is_empty(self) -> bool:
        raise NotImplementedError

    def empty_text(self) -> str:
        return no_calls_text()

    def item_text(self, index: int) -> str:
        """The tooltip of item `index`: every figure it stands for, in plain text."""
        raise NotImplementedError

    def summary(self) -> str:
        """One or two sentences for a screen reader: what the chart shows at a glance."""
        raise NotImplementedError

    def name(self) -> str:
        """The chart's accessible name, in the current language."""
        raise NotImplementedError

    def _retranslate(self) -> None:
        """Rebuild whatever text was made from the data when it was set."""
        self.setAccessibleName(self.name())

    def _layout(self, colours: ChartColours) -> None:
        raise NotImplementedError

    def _paint(self, painter: QPainter, colours: ChartColours) -> None:
        raise NotImplementedError

    # --- shared behaviour

    def colours(self) -> ChartColours:
        return ChartColours.from_palette(self.palette())

    def _data_changed(self) -> None:
        self._hovered = self._current = None
        self._invalidate()
        self.updateGeometry()
        self._describe()

    def _describe(self) -> None:
        description = self.empty_text() if self.is_empty() else self.summary()
        if self._current is not None and self._current < len(self._item_rects):
            description = self.item_text(self._current)
        self.setAccessibleDescription(description)

    def _invalidate(self) -> None:
        self._laid_out = False
        self.update()

    def _ensure_layout(self) -> None:
        if not self._laid_out:
            self._item_rects = []
            if not self.is_empty():
                self._layout(self.colours())
            self._laid_out = True

    def item_count(self) -> int:
        self._ensure_layout()
        return len(self._item_rects)

    def item_rect(self, index: int) -> QRectF:
        self._ensure_layout()
        return QRectF(self._item_rects[index])

    def item_at(self, pos: QPointF) -> int | None:
        """The item under `pos` (widget coordinates), or None."""
        self._ensure_layout()
        for index, rect in enumerate(self._item_rects):
            if rect.contains(pos):
                return index
        return None

    def tooltip_at(self, pos: QPointF) -> str | None:
        index = self.item_at(pos)
        return None if index is None else self.item_text(index)

    def highlighted(self) -> int | None:
        return self._current if self._current is not None else self._hovered

    def paintEvent(self, event: QPaintEvent) -> None:
        colours = self.colours()
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            painter.setFont(self.font())
            if self.is_empty():
                self._paint_empty(painter, colours)
                return
            self._ensure_layout()
            self._paint(painter, colours)
            if self.hasFocus() and self._current is not None:
                pen = QPen(colours.highlight, 1.5, Qt.PenStyle.DashLine)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(self._item_rects[self._current].adjusted(0.75, 0.75, -0.75, -0.75))
        finally:
            painter.end()

    def _paint_empty(self, painter: QPainter, colours: ChartColours) -> None:
        fm = QFontMetricsF(self.font())
        painter.setPen(colours.muted)
        text = fm.elidedText(self.empty_text(), Qt.TextElideMode.ElideRight, self.width() - 16)
        painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, text)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.item_at(QPointF(event.pos()))
            if index is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(
                    event.globalPos(),
                    self.item_text(index),
                    self,
                    self._item_rects[index].toAlignedRect(),
                )
            return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        index = self.item_at(event.position())
        if index != self._hovered:
            self._hovered = index
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self._hovered is not None:
            self._hovered = None
            self.update()
        super().leaveEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        count = self.item_count()
        key = event.key()
        moves = {
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Up: -self.row_step,
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Down: self.row_step,
        }
        if count == 0 or key not in (*moves, Qt.Key.Key_Home, Qt.Key.Key_End):
            super().keyPressEvent(event)
            return
        if key == Qt.Key.Key_Home:
            current = 0
        elif key == Qt.Key.Key_End:
            current = count - 1
        elif self._current is None:
            current = 0
        else:
            current = min(count - 1, max(0, self._current + moves[Qt.Key(key)]))
        self.set_current(current)

    def set_current(self, index: int | None) -> None:
        """Highlight item `index` as if chosen from the keyboard, and say what it holds."""
        self._current = index
        self._describe()
        self.update()
        if index is not None and self.isVisible():
            rect = self._item_rects[index]
            QToolTip.showText(
                self.mapToGlobal(rect.center().toPoint()),
                self.item_text(index),
                self,
                rect.toAlignedRect(),
            )

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._current = None
        self._describe()
        self.update()
        super().focusOutEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._invalidate()
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (
            QEvent.Type.FontChange,
            QEvent.Type.PaletteChange,
            QEvent.Type.LocaleChange,
            QEvent.Type.LanguageChange,
            QEvent.Type.StyleChange,
        ):
            if event.type() in (QEvent.Type.LanguageChange, QEvent.Type.LocaleChange):
                self._retranslate()
            self._invalidate()
            self.updateGeometry()
            self._describe()
        super().changeEvent(event)

    # --- helpers for subclasses

    def _shade_highlighted(self, painter: QPainter, colours: ChartColours) -> None:
        """A light band of the highlight colour behind the highlighted item, if there is one."""
        highlighted = self.highlighted()
        if highlighted is not None:
            band = QColor(colours.highlight)
            band.setAlphaF(0.16)
            painter.fillRect(self._item_rects[highlighted], band)

    def _number(self, value: int) -> str:
        return self.locale().toString(value)

    def _percent(self, part: int, whole: int) -> str:
        return percent(self.locale(), part, whole)

    def _qdate(self, day: date) -> QDate:
        return QDate(day.year, day.month, day.day)

    def _long_date(self, day: date) -> str:
        return self.locale().toString(self._qdate(day), LONG)
