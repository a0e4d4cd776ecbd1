"""The first run's last page: the first sync, with its progress."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QLocale, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from fmc_desktop.core.api.errors import FmcError
from fmc_desktop.ui.settings.first_run.steps import FirstRunSteps
from fmc_desktop.ui.shell.errors_text import error_text
from fmc_desktop.ui.shell.workers import Task, run_with_progress


class SyncPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._task: Task | None = None
        self._done = False
        self._text: Callable[[], str] = lambda: ""
        self.status = QLabel(self)
        self.status.setObjectName("syncStatus")
        self.status.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("syncProgress")
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.retry_button = QPushButton(self)
        self.retry_button.setObjectName("retrySync")
        self.retry_button.setAutoDefault(False)
        self.retry_button.setVisible(False)
        self.retry_button.clicked.connect(self._on_retry_button_clicked)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.retry_button)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.detail)
        layout.addLayout(row)
        layout.addStretch(1)
        self._retranslate()

    def initializePage(self) -> None:
        if not self._done:
            self.start()

    def start(self) -> None:
        wizard = self.wizard()
        if not isinstance(wizard, FirstRunSteps) or self.is_running():
            return
        self._done = False
        self.retry_button.setVisible(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self._text = lambda: self.tr("Fetching the calls of the last 30 days…")
        self.status.setText(self._text())
        self.detail.setText("")
        self._task = run_with_progress(
            wizard.first_sync_job(),
            self._on_sync_done,
            self._on_sync_failed,
            self._on_sync_progressed,
            name="fmc-first-sync",
        )
        self.completeChanged.emit()

    def is_running(self) -> bool:
        return self._task is not None and self._task.is_running()

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    @Slot(object)
    def _on_sync_progressed(self, progress: object) -> None:
        index = int(getattr(progress, "window_index", 0))
        count = int(getattr(progress, "window_count", 0))
        new = int(getattr(progress, "new_so_far", 0))
        if count:
            self.progress.setRange(0, count)
            self.progress.setValue(index - 1)
        self._text = lambda: self.tr("Fetching part {index} of {count}…").format(
            index=index, count=count
        )
        self.status.setText(self._text())
        self.detail.setText(
            self.tr("New calls so far: {count}").format(count=QLocale().toString(new))
        )

    @Slot(object)
    def _on_sync_done(self, report: object) -> None:
        self._task = None
        self._done = True
        wizard = self.wizard()
        new = int(getattr(report, "new", 0))
        error = getattr(report, "error", None)
        if isinstance(wizard, FirstRunSteps):
            wizard.outcome.synced_calls = new
            wizard.outcome.sync_error = error if isinstance(error, FmcError) else None
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        if isinstance(error, FmcError):
            self._show_failure(error)
        else:
            self._text = lambda: self.tr("Done. Calls in your archive: {count}.").format(
                count=QLocale().toString(new)
            )
            self.status.setText(self._text())
            self.detail.setText(
                self.tr("From now on the app brings the history up to date by itself.")
            )
        self.completeChanged.emit()

    @Slot(object)
    def _on_sync_failed(self, error: object) -> None:
        self._task = None
        self._done = True
        assert isinstance(error, BaseException)
        wizard = self.wizard()
        if isinstance(wizard, FirstRunSteps) and isinstance(error, FmcError):
            wizard.outcome.sync_error = error
        self._show_failure(error)
        self.completeChanged.emit()

    def _show_failure(self, error: BaseException) -> None:
        self.progress.setVisible(False)
        self._text = lambda: error_text(error)
        self.status.setText(self._text())
        self.detail.setText(
            self.tr("Your settings are saved. You can finish now: the app tries again by itself.")
        )
        self.retry_button.setVisible(True)

    @Slot()
    def _on_retry_button_clicked(self) -> None:
        self.start()

    def isComplete(self) -> bool:
        return self._done and not self.is_running()

    def _retranslate(self) -> None:
        self.setTitle(self.tr("The first sync"))
        self.setSubTitle(
            self.tr(
                "The app copies the calls the PBX keeps (the last 30 days) into an archive "
                "on this computer, which keeps them for as long as you like."
            )
        )
        self.retry_button.setText(self.tr("Try again"))
        self.retry_button.setAccessibleName(self.tr("Try the sync again"))
        self.progress.setAccessibleName(self.tr("Sync progress"))
        self.status.setAccessibleName(self.tr("Sync status"))
        self.detail.setAccessibleName(self.tr("Sync details"))
        self.status.setText(self._text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
