"""Labelled horizontal bars, biggest first: what the top-parties and departments charts share."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath
from PySide6.QtWidgets import QWidget

from fmc_desktop.ui.insights.chart import InsightsChart
from fmc_desktop.ui.insights.painting import (
    ChartColours,
    LegendEntry,
    draw_legend,
    fill_bar,
    legend_height,
    smaller_font,
)
from fmc_desktop.ui.insights.wording import calls_text, more_departments_text
from fmc_desktop.ui.shell.i18n import fill


@dataclass(frozen=True)
class Row:
    """One bar of a `BarRowsChart`: its label, its length and the texts around it."""

    title: str  # a name, or the number when there is no name
    subtitle: str | None  # the number under a name
    value: int  # the bar's length
    missed: int  # the hatched part of the bar, at its end
    figures: tuple[str, ...]  # the text after the bar, longest first: the first that fits wins
    tooltip: str


class BarRowsChart(InsightsChart):
    """Labelled horizontal bars, one per row, the biggest first."""

    MAX_ROWS = 10

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._hidden_rows = 0
        self._placed: list[tuple[QRectF, QRectF, QRectF, str, str | None, str]] = []
        self._more: QRectF | None = None

    def bar_colour(self, colours: ChartColours) -> QColor:
        raise NotImplementedError

    def legend(self, colours: ChartColours) -> list[LegendEntry]:
        return []

    def more_text(self, hidden: int) -> str:
        """What the line under the last bar says when `hidden` rows did not fit."""
        return more_departments_text(hidden)

    def call_figures(self, calls: int, talk: str) -> tuple[str, ...]:
        """What a row says after its bar, longest first: calls and talk time, calls, the count."""
        return (
            fill(QCoreApplication.translate("Insights", "%1 · %2"), calls_text(calls), talk),
            calls_text(calls),
            self._number(calls),
        )

    def _set_rows(self, rows: Sequence[Row]) -> None:
        self._rows = list(rows[: self.MAX_ROWS])
        self._hidden_rows = max(0, len(rows) - self.MAX_ROWS)
        self._data_changed()

    def rows(self) -> list[Row]:
        return list(self._rows)

    def is_empty(self) -> bool:
        return not self._rows

    def _row_height(self) -> float:
        fm = QFontMetricsF(self.font())
        small = QFontMetricsF(smaller_font(self.font()))
        two_lines = any(row.subtitle for row in self._rows)
        return (fm.height() + small.height() if two_lines else fm.height()) + 10

    def _shown_rows(self) -> int:
        return max(len(self._rows), 3) + (1 if self._hidden_rows else 0)

    def _legend_space(self) -> float:
        if not self.legend(self.colours()):
            return 0.0
        return QFontMetricsF(self.font()).height() + 10

    def sizeHint(self) -> QSize:
        height = self._legend_space() + self._shown_rows() * self._row_height()
        return QSize(420, math.ceil(height))

    def minimumSizeHint(self) -> QSize:
        fm = QFontMetricsF(self.font())
        height = self._legend_space() + self._shown_rows() * self._row_height()
        return QSize(round(fm.horizontalAdvance("0") * 34), math.ceil(height))

    def _layout(self, colours: ChartColours) -> None:
        fm = QFontMetricsF(self.font())
        small = QFontMetricsF(smaller_font(self.font()))
        width = float(self.width())
        row_height = self._row_height()
        widest_label = max(
            max(fm.horizontalAdvance(r.title), small.horizontalAdvance(r.subtitle or ""))
            for r in self._rows
        )
        label_width = min(widest_label + 4, max(60.0, width * 0.42))
        # The longest figures that leave the bars a quarter of the width; the tooltip has them all.
        choice = len(self._rows[0].figures) - 1
        for choice in range(len(self._rows[0].figures)):
            widest_figure = max(small.horizontalAdvance(r.figures[choice]) for r in self._rows)
            if width - label_width - 18 - widest_figure >= width / 4:
                break
        widest_figure = max(small.horizontalAdvance(r.figures[choice]) for r in self._rows)
        figure_width = widest_figure + 4
        bar_left = label_width + 10
        bar_space = max(4.0, width - bar_left - figure_width - 8)
        maximum = max(r.value for r in self._rows) or 1
        legend = self.legend(colours)
        first_top = legend_height(legend, width, fm) + 6 if legend else 0.0
        self._placed = []
        self._item_rects = []
        for index, row in enumerate(self._rows):
            top = first_top + index * row_height
            self._item_rects.append(QRectF(0, top, width, row_height))
            bar_length = max(2.0, bar_space * row.value / maximum)
            bar_height = max(6.0, min(row_height * 0.45, fm.height()))
            bar = QRectF(bar_left, top + (row_height - bar_height) / 2, bar_length, bar_height)
            figure_rect = QRectF(bar.right() + 6, top, figure_width, row_height)
            label_rect = QRectF(0, top, label_width, row_height)
            title = fm.elidedText(row.title, Qt.TextElideMode.ElideRight, label_width)
            subtitle = (
                small.elidedText(row.subtitle, Qt.TextElideMode.ElideMiddle, label_width)
                if row.subtitle
                else None
            )
            figure = row.figures[choice]
            self._placed.append((label_rect, bar, figure_rect, title, subtitle, figure))
        self._more = (
            QRectF(0, first_top + len(self._rows) * row_height, width, row_height)
            if self._hidden_rows
            else None
        )

    def _paint(self, painter: QPainter, colours: ChartColours) -> None:
        font = self.font()
        small_font = smaller_font(font)
        fm = QFontMetricsF(font)
        small = QFontMetricsF(small_font)
        highlighted = self.highlighted()
        colour = self.bar_colour(colours)
        legend = self.legend(colours)
        if legend:
            draw_legend(painter, legend, QPointF(0, 0), self.width(), fm, colours)
        for index, (row, placed) in enumerate(zip(self._rows, self._placed, strict=True)):
            label_rect, bar, figure_rect, title, subtitle, figure = placed
            if index == highlighted:
                self._shade_highlighted(painter, colours)
            painter.setFont(font)
            painter.setPen(colours.text)
            if subtitle:
                block = fm.height() + small.height()
                top = label_rect.top() + (label_rect.height() - block) / 2
                painter.drawText(
                    QRectF(label_rect.left(), top, label_rect.width(), fm.height()),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    title,
                )
                painter.setFont(small_font)
                painter.setPen(colours.muted)
                painter.drawText(
                    QRectF(
                        label_rect.left(), top + fm.height(), label_rect.width(), small.height()
                    ),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    subtitle,
                )
            else:
                painter.drawText(
                    label_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title
                )
            self._paint_bar(painter, bar, row, colour, colours)
            painter.setFont(small_font)
            painter.setPen(colours.text)
            painter.drawText(
                figure_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, figure
            )
        if self._more is not None:
            painter.setFont(small_font)
            painter.setPen(colours.muted)
            painter.drawText(
                self._more,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                small.elidedText(
                    self.more_text(self._hidden_rows),
                    Qt.TextElideMode.ElideRight,
                    self._more.width(),
                ),
            )

    @staticmethod
    def _paint_bar(
        painter: QPainter, bar: QRectF, row: Row, colour: QColor, colours: ChartColours
    ) -> None:
        path = QPainterPath()
        radius = min(3.0, bar.height() / 3)
        path.addRoundedRect(bar, radius, radius)
        painter.save()
        painter.setClipPath(path)
        answered_share = (row.value - row.missed) / row.value if row.value else 1.0
        split = bar.left() + bar.width() * answered_share
        fill_bar(
            painter,
            QRectF(bar.left(), bar.top(), split - bar.left(), bar.height()),
            colour,
            colours,
            hatched=False,
        )
        if row.missed:
            fill_bar(
                painter,
                QRectF(split, bar.top(), bar.right() - split, bar.height()),
                colour,
                colours,
                hatched=True,
            )
        painter.restore()

    def item_text(self, index: int) -> str:
        return self._rows[index].tooltip
