"""The "Departments" chart: calls per department, answered and unanswered, with talk time."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from fmc_desktop.core.history.insights_oracle import DepartmentTotal
from fmc_desktop.ui.insights.bar_rows import BarRowsChart, Row
from fmc_desktop.ui.insights.painting import ChartColours, LegendEntry
from fmc_desktop.ui.insights.wording import calls_text, talk_time
from fmc_desktop.ui.shell.i18n import fill


class DepartmentsChart(BarRowsChart):
    """Calls per department: answered solid, unanswered hatched, with the talk time."""

    MAX_ROWS = 12

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._departments: list[DepartmentTotal] = []
        self.setObjectName("departmentsChart")
        self._retranslate()
        self._describe()

    def name(self) -> str:
        return QCoreApplication.translate("Insights", "Calls per department")

    def _retranslate(self) -> None:
        super()._retranslate()
        if self._departments:
            self._rows = self._make_rows(self._departments)[: self.MAX_ROWS]

    def bar_colour(self, colours: ChartColours) -> QColor:
        return colours.department

    def legend(self, colours: ChartColours) -> list[LegendEntry]:
        return [
            LegendEntry(QCoreApplication.translate("Insights", "Answered"), colours.department),
            LegendEntry(
                QCoreApplication.translate("Insights", "Unanswered (hatched)"),
                colours.department,
                hatched=True,
            ),
        ]

    def empty_text(self) -> str:
        return QCoreApplication.translate("Insights", "No departments in these calls")

    def set_departments(self, departments: Sequence[DepartmentTotal]) -> None:
        self._departments = list(departments)
        self._set_rows(self._make_rows(self._departments))

    def _make_rows(self, departments: Sequence[DepartmentTotal]) -> list[Row]:
        rows = []
        for item in departments:
            talk = talk_time(item.total_seconds, self._number)
            tooltip = "\n".join(
                [
                    item.department,
                    fill(
                        QCoreApplication.translate("Insights", "%1: %2 answered, %3 unanswered"),
                        calls_text(item.calls),
                        self._number(item.calls - item.missed),
                        self._number(item.missed),
                    ),
                    fill(QCoreApplication.translate("Insights", "Talk time: %1"), talk),
                ]
            )
            rows.append(
                Row(
                    title=item.department,
                    subtitle=None,
                    value=item.calls,
                    missed=item.missed,
                    figures=self.call_figures(item.calls, talk),
                    tooltip=tooltip,
                )
            )
        return rows

    def summary(self) -> str:
        first = self._departments[0]
        return fill(
            QCoreApplication.translate("Insights", "Departments: %1. The busiest is %2, with %3."),
            self._number(len(self._departments)),
            first.department,
            calls_text(first.calls),
        )
