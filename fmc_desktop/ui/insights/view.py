"""The Insights page: the headline figures and the chart cards, in one column or two."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from fmc_desktop.core.history.insights_oracle import InsightsData
from fmc_desktop.ui.insights.cards import ChartCard, HeadlineFigure
from fmc_desktop.ui.insights.chart import InsightsChart
from fmc_desktop.ui.insights.daily import DailyCallsChart
from fmc_desktop.ui.insights.departments import DepartmentsChart
from fmc_desktop.ui.insights.durations import DurationChart
from fmc_desktop.ui.insights.hours import HourOfWeekChart
from fmc_desktop.ui.insights.parties import TopPartiesChart
from fmc_desktop.ui.insights.wording import percent, talk_time


class InsightsView(QWidget):
    """The Insights tab: headline figures and six charts of the calls the filter selects.

    Give it figures with `set_data`; it keeps no calls of its own. Computing them is the caller's
    job, on a worker thread (see `fmc_desktop.core.history.insights.insights_from_history`).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("insightsView")
        self.setAccessibleName(QCoreApplication.translate("Insights", "Insights"))
        self._data = InsightsData.empty()

        self.daily = DailyCallsChart()
        self.hours = HourOfWeekChart()
        self.durations = DurationChart()
        self.top_called = TopPartiesChart("called")
        self.top_calling = TopPartiesChart("calling")
        self.departments = DepartmentsChart()

        self.total_figure = HeadlineFigure(lambda: QCoreApplication.translate("Insights", "Calls"))
        self.answered_figure = HeadlineFigure(
            lambda: QCoreApplication.translate("Insights", "Answered")
        )
        self.talk_figure = HeadlineFigure(
            lambda: QCoreApplication.translate("Insights", "Talk time")
        )
        self.missed_figure = HeadlineFigure(
            lambda: QCoreApplication.translate("Insights", "Unanswered incoming")
        )
        figures = QWidget()
        figures_layout = QHBoxLayout(figures)
        figures_layout.setContentsMargins(4, 0, 4, 0)
        figures_layout.setSpacing(32)
        for figure in self.figures():
            figures_layout.addWidget(figure)
        figures_layout.addStretch(1)

        self.cards = [
            ChartCard(lambda: QCoreApplication.translate("Insights", "Calls per day"), self.daily),
            ChartCard(
                lambda: QCoreApplication.translate("Insights", "Busiest hours (Kyiv time)"),
                self.hours,
            ),
            ChartCard(
                lambda: QCoreApplication.translate("Insights", "Call durations"), self.durations
            ),
            ChartCard(
                lambda: QCoreApplication.translate("Insights", "Most called numbers"),
                self.top_called,
            ),
            ChartCard(
                lambda: QCoreApplication.translate("Insights", "Most frequent callers"),
                self.top_calling,
            ),
            ChartCard(
                lambda: QCoreApplication.translate("Insights", "Departments"), self.departments
            ),
        ]
        content = QWidget()
        content.setObjectName("insightsContent")
        self._figures_row = figures
        self._grid = QGridLayout(content)
        self._grid.setContentsMargins(16, 16, 16, 16)
        self._grid.setHorizontalSpacing(14)
        self._grid.setVerticalSpacing(14)
        self._columns = 0
        self._arrange(2)

        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)
        self.set_data(self._data)

    def columns(self) -> int:
        """How many cards stand side by side: two, or one in a narrow window."""
        return self._columns

    def _arrange(self, columns: int) -> None:
        """Place the cards in `columns` columns; the wide charts always take a whole row."""
        if columns == self._columns:
            return
        self._columns = columns
        grid = self._grid
        for widget in [self._figures_row, *self.cards]:
            grid.removeWidget(widget)
        grid.addWidget(self._figures_row, 0, 0, 1, columns)
        grid.addWidget(self.cards[0], 1, 0, 1, columns)
        row = 2
        for index, card in enumerate(self.cards[1:5]):
            if columns == 2:
                grid.addWidget(card, row + index // 2, index % 2)
            else:
                grid.addWidget(card, row + index, 0)
        row += 2 if columns == 2 else 4
        grid.addWidget(self.cards[5], row, 0, 1, columns)
        for column in range(2):
            grid.setColumnStretch(column, 1 if column < columns else 0)
        for stretch_row in range(8):
            grid.setRowStretch(stretch_row, 1 if stretch_row == row + 1 else 0)

    def _wide_enough_for_two(self) -> bool:
        # Two cards side by side need room for a name, a bar and its figures each.
        return self.width() >= self.fontMetrics().averageCharWidth() * 140

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(2 if self._wide_enough_for_two() else 1)
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.LanguageChange, QEvent.Type.LocaleChange):
            self.setAccessibleName(QCoreApplication.translate("Insights", "Insights"))
            self._show_figures()
        elif event.type() == QEvent.Type.FontChange:
            self._arrange(2 if self._wide_enough_for_two() else 1)
        super().changeEvent(event)

    def figures(self) -> list[HeadlineFigure]:
        return [self.total_figure, self.answered_figure, self.talk_figure, self.missed_figure]

    def charts(self) -> list[InsightsChart]:
        return [
            self.daily,
            self.hours,
            self.durations,
            self.top_called,
            self.top_calling,
            self.departments,
        ]

    def data(self) -> InsightsData:
        return self._data

    def set_data(self, data: InsightsData) -> None:
        """Show `data`; cheap enough to call on every change of the filter."""
        self._data = data
        self.daily.set_days(data.per_day)
        self.hours.set_grid(data.hour_of_week)
        self.durations.set_buckets(data.duration_buckets)
        self.top_called.set_parties(data.top_called)
        self.top_calling.set_parties(data.top_calling)
        self.departments.set_departments(data.departments)
        self._show_figures()

    def _show_figures(self) -> None:
        data = self._data
        locale = self.locale()
        empty = data.total == 0
        self.total_figure.set_value(locale.toString(data.total))
        self.answered_figure.set_value(
            "–"
            if empty
            else f"{locale.toString(data.answered)} ({percent(locale, data.answered, data.total)})"
        )
        self.talk_figure.set_value("–" if empty else talk_time(data.total_seconds, locale.toString))
        self.missed_figure.set_value(locale.toString(data.incoming_missed))
