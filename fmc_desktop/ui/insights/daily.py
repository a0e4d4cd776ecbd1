"""The "Calls per day" chart: stacked bars of incoming and outgoing calls, one per day."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QLocale, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QWidget

from fmc_desktop.core.history.insights_oracle import DayCounts
from fmc_desktop.ui.insights.chart import InsightsChart
from fmc_desktop.ui.insights.painting import (
    ChartColours,
    LegendEntry,
    draw_legend,
    fill_bar,
    legend_height,
    nice_ticks,
    smaller_font,
)
from fmc_desktop.ui.insights.wording import SHORT, calls_text, day_month_format
from fmc_desktop.ui.shell.i18n import fill


@dataclass(frozen=True)
class _DaySeries:
    field: str
    colour: str  # a ChartColours attribute
    hatched: bool


# Bottom to top: the incoming calls, then the outgoing ones, answered under unanswered.
_DAY_SERIES = (
    _DaySeries("incoming_answered", "incoming", False),
    _DaySeries("incoming_missed", "incoming", True),
    _DaySeries("outgoing_answered", "outgoing", False),
    _DaySeries("outgoing_missed", "outgoing", True),
    _DaySeries("internal", "internal", False),
    _DaySeries("other", "other", False),
)


class DailyCallsChart(InsightsChart):
    """Calls per day: stacked bars, incoming and outgoing, answered solid, unanswered hatched."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._days: list[DayCounts] = []
        self._plot = QRectF()
        self._ticks: list[int] = [0, 1]
        self._labels: list[tuple[QRectF, str]] = []
        self._bars: list[QRectF] = []
        self.setObjectName("dailyCallsChart")
        self._retranslate()
        self._describe()

    def name(self) -> str:
        return QCoreApplication.translate("Insights", "Calls per day")

    def set_days(self, days: Sequence[DayCounts]) -> None:
        self._days = list(days)
        self._data_changed()

    def is_empty(self) -> bool:
        return not any(day.total for day in self._days)

    def sizeHint(self) -> QSize:
        fm = QFontMetricsF(self.font())
        return QSize(720, round(fm.height() * 15))

    def minimumSizeHint(self) -> QSize:
        fm = QFontMetricsF(self.font())
        return QSize(round(fm.horizontalAdvance("0000") * 8), round(fm.height() * 10))

    def _legend(self, colours: ChartColours) -> list[LegendEntry]:
        entries = [
            LegendEntry(QCoreApplication.translate("Insights", "Incoming"), colours.incoming),
            LegendEntry(QCoreApplication.translate("Insights", "Outgoing"), colours.outgoing),
        ]
        if any(day.internal for day in self._days):
            entries.append(
                LegendEntry(QCoreApplication.translate("Insights", "Internal"), colours.internal)
            )
        if any(day.other for day in self._days):
            entries.append(
                LegendEntry(QCoreApplication.translate("Insights", "Other"), colours.other)
            )
        entries.append(
            LegendEntry(
                QCoreApplication.translate("Insights", "Unanswered (hatched)"),
                colours.other,
                hatched=True,
            )
        )
        return entries

    def _layout(self, colours: ChartColours) -> None:
        fm = QFontMetricsF(self.font())
        small = QFontMetricsF(smaller_font(self.font()))
        width, height = float(self.width()), float(self.height())
        legend_space = legend_height(self._legend(colours), width, fm)
        maximum = max(day.total for day in self._days)
        plot_top = legend_space + small.height() / 2 + 4
        plot_bottom = height - small.height() - 6
        wanted_ticks = max(2, int((plot_bottom - plot_top) / (small.height() * 2.2)))
        self._ticks = nice_ticks(maximum, min(6, wanted_ticks))
        axis_width = max(small.horizontalAdvance(self._number(t)) for t in self._ticks)
        self._plot = QRectF(
            axis_width + 8, plot_top, max(1.0, width - axis_width - 10), plot_bottom - plot_top
        )
        plot = self._plot
        count = len(self._days)
        slot = plot.width() / count
        bar_width = max(1.0, min(slot * 0.72, slot - 1 if slot > 3 else slot, 48.0))
        self._bars = []
        self._item_rects = []
        for index in range(count):
            left = round(plot.left() + index * slot + (slot - bar_width) / 2)
            self._bars.append(QRectF(left, plot.top(), max(1, round(bar_width)), plot.height()))
            self._item_rects.append(
                QRectF(plot.left() + index * slot, plot.top(), slot, plot.height())
            )
        self._layout_day_labels(small, slot)

    def _layout_day_labels(self, small: QFontMetricsF, slot: float) -> None:
        """Dates under the bars, as many as fit without touching, on a regular step."""
        locale = self.locale()
        if locale.language() == QLocale.Language.C:  # its `d MM yyyy` gives "1 10"
            pattern = "d MMM"
        else:
            pattern = day_month_format(locale.dateFormat(SHORT))
        texts = [self.locale().toString(self._qdate(day.day), pattern) for day in self._days]
        widest = max(small.horizontalAdvance(t) for t in texts) + 10
        step = next((s for s in (1, 2, 3, 7, 14, 28, 56, 91, 182, 364) if s * slot >= widest), 0)
        if step == 0:
            step = math.ceil(widest / slot)
        first = 0
        if step in (7, 14, 28):  # weekly labels fall on Mondays
            first = next((i for i, d in enumerate(self._days) if d.day.weekday() == 0), 0)
        self._labels = []
        y = self._plot.bottom() + 4
        free_from = 0.0  # where the next label may start
        for index in range(first, len(self._days), step):
            text = texts[index]
            text_width = small.horizontalAdvance(text) + 2
            centre = self._plot.left() + (index + 0.5) * slot
            # Kept inside the widget: the first and last labels may not be centred, and one
            # pushed against the edge may then have no room left beside its neighbour.
            left = min(max(0.0, centre - text_width / 2), self.width() - text_width)
            if left < free_from:
                continue
            self._labels.append((QRectF(left, y, text_width, small.height()), text))
            free_from = left + text_width + 4

    def _paint(self, painter: QPainter, colours: ChartColours) -> None:
        fm = QFontMetricsF(self.font())
        small_font = smaller_font(self.font())
        small = QFontMetricsF(small_font)
        plot = self._plot
        draw_legend(painter, self._legend(colours), QPointF(0, 0), self.width(), fm, colours)

        top = self._ticks[-1]
        painter.setFont(small_font)
        for tick in self._ticks:
            y = round(plot.bottom() - plot.height() * tick / top) + 0.5
            painter.setPen(QPen(colours.grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(colours.muted)
            painter.drawText(
                QRectF(0, y - small.height() / 2, plot.left() - 6, small.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self._number(tick),
            )

        self._shade_highlighted(painter, colours)

        # Unsmoothed: bar edges sit on whole pixels and read crisper without antialiasing.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for day, bar in zip(self._days, self._bars, strict=True):
            running = 0
            for series in _DAY_SERIES:
                value = int(getattr(day, series.field))
                if not value:
                    continue
                low = round(plot.bottom() - plot.height() * running / top)
                running += value
                high = round(plot.bottom() - plot.height() * running / top)
                piece = QRectF(bar.left(), high, bar.width(), max(1, low - high))
                fill_bar(
                    painter, piece, getattr(colours, series.colour), colours, hatched=series.hatched
                )
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)

        painter.setPen(QPen(colours.muted, 1))
        painter.drawLine(
            QPointF(plot.left(), round(plot.bottom()) + 0.5),
            QPointF(plot.right(), round(plot.bottom()) + 0.5),
        )
        painter.setPen(colours.muted)
        for rect, text in self._labels:
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def item_text(self, index: int) -> str:
        day = self._days[index]

        number = self._number
        lines = [
            self._long_date(day.day),
            fill(
                QCoreApplication.translate("Insights", "Incoming: %1 answered, %2 unanswered"),
                number(day.incoming_answered),
                number(day.incoming_missed),
            ),
            fill(
                QCoreApplication.translate("Insights", "Outgoing: %1 answered, %2 unanswered"),
                number(day.outgoing_answered),
                number(day.outgoing_missed),
            ),
        ]
        if day.internal:
            lines.append(
                fill(
                    QCoreApplication.translate("Insights", "Internal: %1"),
                    self._number(day.internal),
                )
            )
        if day.other:
            lines.append(
                fill(QCoreApplication.translate("Insights", "Other: %1"), self._number(day.other))
            )
        lines.append(
            fill(QCoreApplication.translate("Insights", "Total: %1"), calls_text(day.total))
        )
        return "\n".join(lines)

    def summary(self) -> str:
        total = sum(day.total for day in self._days)
        busiest = max(self._days, key=lambda day: day.total)
        return fill(
            QCoreApplication.translate(
                "Insights", "%1 over %2 days. The busiest day was %3, with %4."
            ),
            calls_text(total),
            self._number(len(self._days)),
            self._long_date(busiest.day),
            calls_text(busiest.total),
        )
