"""The history's filters in the main toolbar: period, days, search, direction, answered, scope."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale, QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolBar,
    QToolButton,
    QWidget,
)

from fmc_desktop.core.history.filters import AnsweredFilter, DirectionFilter, HistoryFilter, Scope
from fmc_desktop.core.history.periods import Period, period_bounds
from fmc_desktop.ui.shell import icons
from fmc_desktop.ui.shell.i18n import date_format, fill
from fmc_desktop.ui.shell.keyboard import ChoiceButtons, OneStopDateEdit


class FilterBar(QObject):
    """The filter controls, added to the window's toolbar; `changed` when the user changes one.

    The window turns them into a `HistoryFilter` (`current_filter`), shows them only on the tabs
    they filter (`set_shown`) and keeps their choices across restarts (`saved`, `restore`).
    """

    changed = Signal()

    def __init__(self, bar: QToolBar, window: QWidget) -> None:
        super().__init__(window)
        first = len(bar.actions())
        bar.addSeparator()
        self.period_combo = QComboBox(bar)
        self.period_combo.setObjectName("periodCombo")
        self.period_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for period in Period:
            self.period_combo.addItem("", int(period))
        self.from_edit = OneStopDateEdit(bar)
        self.from_edit.setObjectName("fromDate")
        self.to_edit = OneStopDateEdit(bar)
        self.to_edit.setObjectName("toDate")
        today = QDate.currentDate()
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(date_format(QLocale()))
            edit.setMaximumDate(today.addYears(1))
        self.from_edit.setDate(today.addDays(-6))
        self.to_edit.setDate(today)
        self.range_dash = QLabel("–", bar)
        bar.addWidget(self.period_combo)
        self._custom_actions = [
            bar.addWidget(self.from_edit),
            bar.addWidget(self.range_dash),
            bar.addWidget(self.to_edit),
        ]
        bar.addSeparator()

        self.search_edit = QLineEdit(bar)
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        # Narrow enough that the toolbar keeps every filter on a 1280x800 screen at 150%.
        self.search_edit.setMinimumWidth(window.fontMetrics().horizontalAdvance("M") * 9)
        self.search_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        bar.addWidget(self.search_edit)

        self.direction_combo = QComboBox(bar)
        self.direction_combo.setObjectName("directionCombo")
        self.direction_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for direction in DirectionFilter:
            self.direction_combo.addItem("", int(direction))
        self.answered_combo = QComboBox(bar)
        self.answered_combo.setObjectName("answeredCombo")
        self.answered_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for answered in AnsweredFilter:
            self.answered_combo.addItem("", int(answered))
        bar.addWidget(self.direction_combo)
        bar.addWidget(self.answered_combo)
        bar.addSeparator()

        scope = QWidget(bar)
        scope_layout = QHBoxLayout(scope)
        scope_layout.setContentsMargins(0, 0, 0, 0)
        scope_layout.setSpacing(0)
        self.mine_button = QToolButton(scope)
        self.mine_button.setObjectName("myCallsButton")
        self.pbx_button = QToolButton(scope)
        self.pbx_button.setObjectName("wholePbxButton")
        self.scope_group = ChoiceButtons(window)
        for button, scope_value in ((self.mine_button, Scope.MINE), (self.pbx_button, Scope.PBX)):
            button.setCheckable(True)
            button.setAutoRaise(False)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self.scope_group.addButton(button, int(scope_value))
            scope_layout.addWidget(button)
        self.mine_button.setChecked(True)
        bar.addWidget(scope)
        self._actions: list[QAction] = bar.actions()[first:]

        self.period_combo.currentIndexChanged.connect(self._on_control_changed)
        self.from_edit.dateChanged.connect(self._on_control_changed)
        self.to_edit.dateChanged.connect(self._on_control_changed)
        self.search_edit.textChanged.connect(self._on_control_changed)
        self.direction_combo.currentIndexChanged.connect(self._on_control_changed)
        self.answered_combo.currentIndexChanged.connect(self._on_control_changed)
        self.scope_group.idClicked.connect(self._on_control_changed)

    @Slot()
    def _on_control_changed(self, *_: object) -> None:
        self.changed.emit()

    # ------------------------------------------------------------------------------ reading

    def period(self) -> Period:
        return Period(self.period_combo.currentData())

    def scope(self) -> Scope:
        return Scope(self.scope_group.checkedId())

    def current_filter(self, today: date) -> HistoryFilter:
        """The calls the controls ask for, `today` being the Kyiv day the periods count from."""
        custom = (self.from_edit.date().toPython(), self.to_edit.date().toPython())
        start, end = period_bounds(self.period(), today, custom)  # type: ignore[arg-type]
        return HistoryFilter(
            text=self.search_edit.text().strip(),
            scope=self.scope(),
            direction=DirectionFilter(self.direction_combo.currentData()),
            answered=AnsweredFilter(self.answered_combo.currentData()),
            start=start,
            end=end,
        )

    def active_filters(self) -> list[str]:
        """The filters that hide calls, as their controls show them."""
        parts = []
        text = self.search_edit.text().strip()
        if text:
            parts.append(fill(self.tr("search “%1”"), text))
        if self.period() is Period.CUSTOM:
            parts.append(
                f"{self.from_edit.date().toString(self.from_edit.displayFormat())}"
                f" – {self.to_edit.date().toString(self.to_edit.displayFormat())}"
            )
        for combo in (self.direction_combo, self.answered_combo):
            if combo.currentIndex() > 0:  # the first item of each is "all"
                parts.append(combo.currentText())
        return parts

    def active_filters_text(self) -> str:
        """Every filter in force, the period and scope too: why an empty table is empty."""
        parts: list[str] = []
        text = self.search_edit.text().strip()
        if text:
            parts.append(fill(self.tr("search: %1"), text))
        parts.append(self.period_combo.currentText().rstrip("…"))
        for combo in (self.direction_combo, self.answered_combo):
            if combo.currentIndex() > 0:
                parts.append(combo.currentText())
        scope = self.pbx_button if self.pbx_button.isChecked() else self.mine_button
        parts.append(scope.text())
        return fill(self.tr("Filters: %1."), ", ".join(parts))

    # ------------------------------------------------------------------------------ changing

    def clear(self) -> None:
        """Every call of the period again: the search, the direction and answered filters off,
        and a custom range back to the last 30 days; `changed` once at the end."""
        for widget in (self.search_edit, self.direction_combo, self.answered_combo):
            widget.blockSignals(True)
        self.search_edit.clear()
        self.direction_combo.setCurrentIndex(0)
        self.answered_combo.setCurrentIndex(0)
        for widget in (self.search_edit, self.direction_combo, self.answered_combo):
            widget.blockSignals(False)
        if self.period() is Period.CUSTOM:
            self.period_combo.setCurrentIndex(self.period_combo.findData(int(Period.LAST_30_DAYS)))
        self.changed.emit()

    def show_everything(self) -> None:
        """No search, every direction, answered or not, the whole archive."""
        self.search_edit.clear()
        for combo in (self.direction_combo, self.answered_combo):
            combo.setCurrentIndex(0)
        self.period_combo.setCurrentIndex(self.period_combo.findData(int(Period.WHOLE_ARCHIVE)))

    def set_shown(self, shown: bool) -> None:
        """Shown on the tabs the filters apply to; the days only for a custom range."""
        custom = self.period() is Period.CUSTOM
        for action in self._actions:
            action.setVisible(shown and (custom or action not in self._custom_actions))

    def set_locale(self, locale: QLocale) -> None:
        for edit in (self.from_edit, self.to_edit):
            edit.setDisplayFormat(date_format(locale))

    # ------------------------------------------------------------------------------ restarts

    def saved(self) -> dict[str, object]:
        return {
            "period": self.period_combo.currentData(),  # a custom range is not restored
            "direction": self.direction_combo.currentData(),
            "answered": self.answered_combo.currentData(),
            "scope": self.scope_group.checkedId(),
        }

    def restore(self, filters: dict[str, object]) -> None:
        def set_combo(combo: QComboBox, value: object) -> None:
            index = combo.findData(value)
            if index >= 0:
                combo.setCurrentIndex(index)

        # The period comes back as a choice relative to today; a fixed range from another day
        # would hide today's calls, so it falls back to the first start's last 30 days. The
        # search is never restored: yesterday's "olena" must not look like missing calls.
        period = filters.get("period")
        if not isinstance(period, int) or period == int(Period.CUSTOM):
            period = int(Period.LAST_30_DAYS)
        set_combo(self.period_combo, period)
        set_combo(self.direction_combo, filters.get("direction"))
        set_combo(self.answered_combo, filters.get("answered"))
        scope = filters.get("scope")
        if scope == int(Scope.PBX):
            self.pbx_button.setChecked(True)

    # ------------------------------------------------------------------------------ words

    def retranslate(self) -> None:
        names = {
            Period.TODAY: self.tr("Today"),
            Period.YESTERDAY: self.tr("Yesterday"),
            Period.LAST_7_DAYS: self.tr("Last 7 days"),
            Period.LAST_30_DAYS: self.tr("Last 30 days"),
            Period.WHOLE_ARCHIVE: self.tr("Whole archive"),
            Period.CUSTOM: self.tr("Custom range…"),
        }
        for period, text in names.items():
            self.period_combo.setItemText(int(period), text)
        self.period_combo.setAccessibleName(self.tr("Period"))
        self.period_combo.setToolTip(self.tr("Which calls to show, by when they started"))
        self.from_edit.setAccessibleName(self.tr("First day"))
        self.to_edit.setAccessibleName(self.tr("Last day"))
        self.search_edit.setPlaceholderText(self.tr("Search number, name or department"))
        self.search_edit.setAccessibleName(self.tr("Search calls"))
        self.search_edit.setToolTip(
            self.tr("A number in any form, a name or a department, in Cyrillic or Latin (Ctrl+F)")
        )
        directions = {
            DirectionFilter.ALL: self.tr("All directions"),
            DirectionFilter.INCOMING: self.tr("Incoming"),
            DirectionFilter.OUTGOING: self.tr("Outgoing"),
            DirectionFilter.INTERNAL: self.tr("Internal"),
        }
        for value, text in directions.items():
            self.direction_combo.setItemText(int(value), text)
        self.direction_combo.setAccessibleName(self.tr("Direction"))
        answered = {
            AnsweredFilter.ALL: self.tr("Answered or not"),
            AnsweredFilter.ANSWERED: self.tr("Answered"),
            AnsweredFilter.UNANSWERED: self.tr("Unanswered"),
        }
        for answered_value, text in answered.items():
            self.answered_combo.setItemText(int(answered_value), text)
        self.answered_combo.setAccessibleName(self.tr("Answered"))
        self.mine_button.setText(self.tr("My calls"))
        self.mine_button.setToolTip(self.tr("Calls of your own numbers"))
        self.mine_button.setAccessibleName(self.tr("Show my calls"))
        self.pbx_button.setText(self.tr("Whole PBX"))
        self.pbx_button.setToolTip(self.tr("Calls of every number of your company"))
        self.pbx_button.setAccessibleName(self.tr("Show the whole PBX"))
