"""The "Busiest hours" chart: a heat map of calls by hour of the day and day of the week."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt, QTime
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QWidget

from fmc_desktop.core.history.insights_oracle import HOURS, WEEKDAYS
from fmc_desktop.ui.insights.chart import InsightsChart
from fmc_desktop.ui.insights.painting import ChartColours, mix, smaller_font
from fmc_desktop.ui.insights.wording import LONG, SHORT, calls_text
from fmc_desktop.ui.shell.i18n import fill


class HourOfWeekChart(InsightsChart):
    """A heat map of calls by hour of the day (columns) and day of the week (rows), Kyiv time."""

    LEGEND_STEPS = 6
    row_step = HOURS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid: list[list[int]] = [[0] * HOURS for _ in range(WEEKDAYS)]
        self._day_labels: list[tuple[QRectF, str]] = []
        self._hour_labels: list[tuple[QRectF, str]] = []
        self._legend_boxes: list[QRectF] = []
        self._legend_texts: list[tuple[QRectF, str]] = []
        self.setObjectName("hourOfWeekChart")
        self._retranslate()
        self._describe()

    def name(self) -> str:
        return QCoreApplication.translate("Insights", "Calls by hour of day and day of week")

    def set_grid(self, grid: Sequence[Sequence[int]]) -> None:
        if len(grid) != WEEKDAYS or any(len(row) != HOURS for row in grid):
            raise ValueError("the hour-of-week grid is 7 rows of 24 hours")
        self._grid = [list(row) for row in grid]
        self._data_changed()

    def is_empty(self) -> bool:
        return not any(any(row) for row in self._grid)

    def maximum(self) -> int:
        return max(max(row) for row in self._grid)

    def sizeHint(self) -> QSize:
        fm = QFontMetricsF(self.font())
        return QSize(round(self._label_width(fm) + 24 * 20), round(7 * 22 + fm.height() * 3.5))

    def minimumSizeHint(self) -> QSize:
        fm = QFontMetricsF(self.font())
        return QSize(round(self._label_width(fm) + 24 * 9), round(7 * 14 + fm.height() * 3.5))

    def _day_name(self, weekday: int) -> str:
        return self.locale().dayName(weekday + 1, SHORT)

    def _label_width(self, fm: QFontMetricsF) -> float:
        return max(fm.horizontalAdvance(self._day_name(d)) for d in range(WEEKDAYS)) + 8

    def cell_colour(self, value: int, colours: ChartColours) -> QColor:
        maximum = self.maximum()
        if value <= 0 or maximum <= 0:
            return colours.empty_cell
        # A square root spreads the many quiet hours apart from the empty ones.
        share = math.sqrt(value / maximum)
        return mix(colours.empty_cell, colours.incoming, 0.15 + 0.85 * share)

    def _layout(self, colours: ChartColours) -> None:
        fm = QFontMetricsF(self.font())
        small = QFontMetricsF(smaller_font(self.font()))
        label_width = self._label_width(fm)
        legend_height = small.height() + 8
        hours_height = small.height() + 4
        available = self.height() - legend_height - hours_height - 4
        cell_width = (self.width() - label_width - 2) / HOURS
        cell_height = min(max(8.0, available / WEEKDAYS), max(cell_width, fm.height() * 1.6))
        left = label_width
        self._item_rects = []
        self._day_labels = []
        for weekday in range(WEEKDAYS):
            y = weekday * cell_height
            self._day_labels.append(
                (QRectF(0, y, label_width - 6, cell_height), self._day_name(weekday))
            )
            for hour in range(HOURS):
                self._item_rects.append(
                    QRectF(left + hour * cell_width, y, cell_width, cell_height)
                )
        grid_bottom = WEEKDAYS * cell_height
        label = small.horizontalAdvance("00") + 6
        step = next((s for s in (1, 2, 3, 4, 6, 12) if s * cell_width >= label), 12)
        self._hour_labels = []
        for hour in range(0, HOURS, step):
            x = left + hour * cell_width
            self._hour_labels.append(
                (QRectF(x, grid_bottom + 2, cell_width * step, small.height()), f"{hour:02d}")
            )
        # Legend: "0 [] [] [] [] [] [] max calls an hour", under the grid, right-aligned.
        y = grid_bottom + hours_height + 6
        box = small.height() * 0.85
        low_text = self._number(0)
        high_text = calls_text(self.maximum())
        low_width = small.horizontalAdvance(low_text) + 2
        high_width = small.horizontalAdvance(high_text) + 2
        total = low_width + 6 + self.LEGEND_STEPS * (box + 2) + 4 + high_width
        x = max(left, self.width() - total - 2)
        self._legend_texts = [(QRectF(x, y, low_width, small.height()), low_text)]
        x += low_width + 6
        self._legend_boxes = []
        for _ in range(self.LEGEND_STEPS):
            self._legend_boxes.append(QRectF(x, y + (small.height() - box) / 2, box, box))
            x += box + 2
        self._legend_texts.append((QRectF(x + 4, y, high_width, small.height()), high_text))

    def _paint(self, painter: QPainter, colours: ChartColours) -> None:
        small_font = smaller_font(self.font())
        painter.setPen(colours.text)
        for rect, text in self._day_labels:
            painter.drawText(
                rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text
            )
        maximum = self.maximum()
        gap = 1.0 if self._item_rects[0].width() < 12 else 2.0
        painter.setPen(Qt.PenStyle.NoPen)
        for index, rect in enumerate(self._item_rects):
            value = self._grid[index // HOURS][index % HOURS]
            painter.setBrush(self.cell_colour(value, colours))
            painter.drawRoundedRect(rect.adjusted(gap / 2, gap / 2, -gap / 2, -gap / 2), 2, 2)
        highlighted = self.highlighted()
        if highlighted is not None:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(colours.text, 1.5))
            painter.drawRoundedRect(
                self._item_rects[highlighted].adjusted(0.5, 0.5, -0.5, -0.5), 2, 2
            )
        painter.setFont(small_font)
        painter.setPen(colours.muted)
        for rect, text in self._hour_labels:
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        for rect, text in self._legend_texts:
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        painter.setPen(Qt.PenStyle.NoPen)
        for step, rect in enumerate(self._legend_boxes):
            value = round(maximum * ((step + 1) / self.LEGEND_STEPS) ** 2)
            painter.setBrush(self.cell_colour(value if step else 0, colours))
            painter.drawRoundedRect(rect, 2, 2)

    def _hour_range(self, hour: int) -> str:
        locale = self.locale()
        start = locale.toString(QTime(hour, 0), SHORT)
        end = locale.toString(QTime((hour + 1) % HOURS, 0), SHORT)
        return f"{start}–{end}"

    def item_text(self, index: int) -> str:
        weekday, hour = divmod(index, HOURS)
        return fill(
            QCoreApplication.translate("Insights", "%1, %2: %3"),
            self.locale().dayName(weekday + 1, LONG),
            self._hour_range(hour),
            calls_text(self._grid[weekday][hour]),
        )

    def summary(self) -> str:
        weekday, hour = max(
            ((d, h) for d in range(WEEKDAYS) for h in range(HOURS)),
            key=lambda cell: self._grid[cell[0]][cell[1]],
        )
        return fill(
            QCoreApplication.translate("Insights", "The busiest hour is %1 %2, with %3."),
            self.locale().dayName(weekday + 1, LONG),
            self._hour_range(hour),
            calls_text(self._grid[weekday][hour]),
        )
