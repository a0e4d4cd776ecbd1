"""The first run's numbers page: the user's own numbers and the company's."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QLocale, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from fmc_desktop.core.api.clock import Clock
from fmc_desktop.core.api.errors import FmcError
from fmc_desktop.core.api.factory import ClientFactory
from fmc_desktop.core.numbers.phone import display_number
from fmc_desktop.core.system.settings import Settings
from fmc_desktop.ui.settings.first_run.steps import FirstRunSteps
from fmc_desktop.ui.settings.numbers_chooser import NumberChooser, discover_numbers
from fmc_desktop.ui.settings.token_entry import TokenEntry
from fmc_desktop.ui.shell.errors_text import error_text
from fmc_desktop.ui.shell.workers import Task, run_in_thread


class NumbersPage(QWizardPage):
    def __init__(
        self,
        entry: TokenEntry,
        client_factory: ClientFactory,
        clock: Clock,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._entry = entry
        self._client_factory = client_factory
        self._clock = clock
        self._task: Task | None = None
        self._loaded_for: str | None = None
        self._error: FmcError | None = None
        self._status_text: Callable[[], str] | None = None
        self.status = QLabel(self)
        self.status.setObjectName("numbersStatus")
        self.status.setWordWrap(True)
        self.retry_button = QPushButton(self)
        self.retry_button.setObjectName("retryNumbers")
        self.retry_button.setAutoDefault(False)
        self.retry_button.setVisible(False)
        self.chooser = NumberChooser(self)
        self.call_as_label = QLabel(self)
        self.call_as = QComboBox(self)
        self.call_as.setObjectName("callAs")
        self.call_as.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.call_as_label.setBuddy(self.call_as)
        self.need_own = QLabel(self)
        self.need_own.setWordWrap(True)

        self.retry_button.clicked.connect(self._on_retry_button_clicked)
        self.chooser.changed.connect(self._on_chooser_changed)

        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.retry_button)
        call_as_row = QHBoxLayout()
        call_as_row.addWidget(self.call_as_label)
        call_as_row.addWidget(self.call_as, 1)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addLayout(status_row)
        layout.addWidget(self.chooser, 1)
        layout.addLayout(call_as_row)
        layout.addWidget(self.need_own)
        self._retranslate()

    def initializePage(self) -> None:
        token = self._entry.token()
        if self._loaded_for != token:
            self.load(token)

    def load(self, token: str) -> None:
        if self._task is not None and self._task.is_running():
            return
        self._loaded_for = token
        self._error = None
        self.retry_button.setVisible(False)
        self._status_text = lambda: self.tr("Looking at the company's calls of the last 7 days…")
        self.status.setText(self._status_text())
        factory, clock = self._client_factory, self._clock
        self._task = run_in_thread(
            lambda: discover_numbers(factory, token, clock),
            self._on_numbers_found,
            self._on_numbers_failed,
            name="fmc-discover-numbers",
        )
        self.completeChanged.emit()

    def is_loading(self) -> bool:
        return self._task is not None and self._task.is_running()

    @Slot(object)
    def _on_numbers_found(self, entries: object) -> None:
        assert isinstance(entries, list)
        wizard = self.wizard()
        settings = wizard.settings if isinstance(wizard, FirstRunSteps) else Settings()
        company = settings.company_numbers or None
        self.chooser.set_entries(entries, own=settings.own_numbers, company=company)
        count = len(entries)

        def text() -> str:
            if count:
                return self.tr(
                    "Numbers named in the company's recent calls: {count}. Tick yours; the "
                    "company's are ticked already."
                ).format(count=QLocale().toString(count))
            return self.tr(
                "The recent calls name no numbers. Add your number below; names appear after "
                "the first sync."
            )

        self._status_text = text
        self.status.setText(text())
        self._task = None
        self.completeChanged.emit()

    @Slot(object)
    def _on_numbers_failed(self, error: object) -> None:
        assert isinstance(error, BaseException)
        self._task = None
        self._error = error if isinstance(error, FmcError) else None
        self._status_text = lambda: self.tr(
            "The company's numbers could not be read: {reason} You can add your number by hand."
        ).format(reason=error_text(error))
        self.status.setText(self._status_text())
        self.retry_button.setVisible(True)
        self.completeChanged.emit()

    @Slot()
    def _on_retry_button_clicked(self) -> None:
        self.load(self._entry.token())

    @Slot()
    def _on_chooser_changed(self) -> None:
        current = self.call_as.currentData()
        self.call_as.clear()
        for number in self.chooser.own_numbers():
            name = self.chooser.name_of(number)
            shown = display_number(number)
            self.call_as.addItem(f"{shown} — {name}" if name else shown, number)
        index = self.call_as.findData(current)
        self.call_as.setCurrentIndex(max(index, 0))
        self.call_as.setEnabled(self.call_as.count() > 1)
        self.need_own.setVisible(not self.chooser.own_numbers())
        self.completeChanged.emit()

    def call_as_number(self) -> str | None:
        data = self.call_as.currentData()
        return str(data) if data else None

    def isComplete(self) -> bool:
        return bool(self.chooser.own_numbers()) and not self.is_loading()

    def validatePage(self) -> bool:
        wizard = self.wizard()
        if isinstance(wizard, FirstRunSteps):
            return wizard.save_numbers(
                self.chooser.own_numbers(), self.chooser.company_numbers(), self.call_as_number()
            )
        return True

    def _retranslate(self) -> None:
        self.setTitle(self.tr("Your numbers"))
        self.setSubTitle(
            self.tr(
                "Tick the numbers that are yours, for your calls and for dialling, and the "
                "company's, for the whole PBX view."
            )
        )
        self.retry_button.setText(self.tr("Try again"))
        self.retry_button.setAccessibleName(self.tr("Read the numbers again"))
        self.call_as_label.setText(self.tr("&Call as:"))
        self.call_as.setAccessibleName(self.tr("Call as"))
        self.call_as.setToolTip(self.tr("The number the PBX rings first when you dial"))
        self.status.setAccessibleName(self.tr("Numbers status"))
        self.need_own.setText(
            self.tr("Tick at least one number as yours, or add it below the list.")
        )
        self.need_own.setAccessibleName(self.tr("What is missing"))
        if self._status_text is not None:
            self.status.setText(self._status_text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
