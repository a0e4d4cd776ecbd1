"""The "Most called numbers" and "Most frequent callers" charts."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from fmc_desktop.core.history.insights_oracle import PartyCount
from fmc_desktop.core.numbers.phone import display_number
from fmc_desktop.ui.insights.bar_rows import BarRowsChart, Row
from fmc_desktop.ui.insights.painting import ChartColours
from fmc_desktop.ui.insights.wording import calls_text, talk_time
from fmc_desktop.ui.shell.i18n import fill


class TopPartiesChart(BarRowsChart):
    """The people called most (role "called") or calling most (role "calling")."""

    def __init__(self, role: str, parent: QWidget | None = None) -> None:
        if role not in ("called", "calling"):
            raise ValueError("role is 'called' or 'calling'")
        super().__init__(parent)
        self.role = role
        self._parties: list[PartyCount] = []
        self.setObjectName("topCalledChart" if role == "called" else "topCallingChart")
        self._retranslate()
        self._describe()

    def name(self) -> str:
        if self.role == "called":
            return QCoreApplication.translate("Insights", "Most called numbers")
        return QCoreApplication.translate("Insights", "Most frequent callers")

    def _retranslate(self) -> None:
        super()._retranslate()
        if self._parties:
            self._rows = self._make_rows(self._parties)

    def bar_colour(self, colours: ChartColours) -> QColor:
        return colours.outgoing if self.role == "called" else colours.incoming

    def empty_text(self) -> str:
        if self.role == "called":
            return QCoreApplication.translate("Insights", "No calls made in this period")
        return QCoreApplication.translate("Insights", "No calls received in this period")

    def set_parties(self, parties: Sequence[PartyCount]) -> None:
        self._parties = list(parties)
        self._set_rows(self._make_rows(self._parties))

    def _make_rows(self, parties: Sequence[PartyCount]) -> list[Row]:
        rows = []
        for party in parties:
            number = display_number(party.number)
            talk = talk_time(party.total_seconds, self._number)
            tooltip = "\n".join(
                [
                    *([party.name] if party.name else []),
                    number,
                    fill(
                        QCoreApplication.translate("Insights", "%1, talk time %2"),
                        calls_text(party.calls),
                        talk,
                    ),
                ]
            )
            rows.append(
                Row(
                    title=party.name or number,
                    subtitle=number if party.name else None,
                    value=party.calls,
                    missed=0,
                    figures=self.call_figures(party.calls, talk),
                    tooltip=tooltip,
                )
            )
        return rows

    def summary(self) -> str:
        first = self._parties[0]
        who = display_number(first.number)
        if first.name:
            who = f"{first.name} ({who})"
        return fill(
            QCoreApplication.translate("Insights", "First: %1, %2."), who, calls_text(first.calls)
        )
