"""The sync's words in the status bar: when it last synced, how far a sync is, what went wrong."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QDate, QLocale, QObject, QTime, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QToolButton

from fmc_desktop.core.archive.sync import SyncProgress, SyncReport
from fmc_desktop.ui.shell.errors_text import Operation, error_text
from fmc_desktop.ui.shell.i18n import date_format, fill


class SyncStatus(QObject):
    """The label, progress bar and Retry button at the left of the window's status bar.

    `last_synced_at()` asks the archive when it last synced (None: never, or it is closed);
    `retry_requested` when the user clicks Retry.
    """

    retry_requested = Signal()

    def __init__(self, status: QStatusBar, last_synced_at: Callable[[], datetime | None]) -> None:
        super().__init__(status)
        self._last_synced_at = last_synced_at
        self.sync_label = QLabel(status)
        self.sync_label.setObjectName("syncStatus")
        self.sync_progress = QProgressBar(status)
        self.sync_progress.setObjectName("syncProgress")
        self.sync_progress.setMaximumWidth(160)
        self.sync_progress.setTextVisible(False)
        self.sync_progress.hide()
        self.retry_button = QToolButton(status)
        self.retry_button.setObjectName("retryButton")
        self.retry_button.setAutoRaise(True)
        self.retry_button.hide()
        status.addWidget(self.sync_label)
        status.addWidget(self.sync_progress)
        status.addWidget(self.retry_button)
        self.retry_button.clicked.connect(self.retry_requested)

    def show_last_sync(self) -> None:
        """The words while no sync runs: when the archive last synced, if ever.

        The first sync runs in the setup wizard, not in the window, so the archive is asked.
        """
        last = self._last_synced_at()
        if last is None:
            text = self.tr("Not synced yet")
        else:
            local = last.astimezone()
            day = QDate(local.year, local.month, local.day)
            when = QLocale().toString(
                QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat
            )
            if day != QDate.currentDate():
                when = QLocale().toString(day, date_format(QLocale())) + " " + when
            text = fill(self.tr("Synced at %1"), when)
        self.sync_label.setText(text)
        self.sync_label.setProperty("idle", True)

    def show_started(self) -> None:
        self.retry_button.hide()
        self.sync_label.setProperty("idle", False)
        self.sync_label.setText(self.tr("Syncing…"))
        self.sync_progress.setRange(0, 0)
        self.sync_progress.show()

    def show_progress(self, progress: SyncProgress) -> None:
        self.sync_progress.setRange(0, progress.window_count)
        self.sync_progress.setValue(progress.window_index - 1)
        self.sync_label.setText(
            fill(
                self.tr("Syncing window %1 of %2…"),
                str(progress.window_index),
                str(progress.window_count),
            )
        )

    def show_report(self, report: SyncReport) -> None:
        """How the sync ended: when and how many new calls, or its error's sentence. Retry
        shows for an error a retry may mend, not for a rejected token."""
        self.sync_progress.hide()
        if report.error is not None:
            sentence = error_text(report.error, Operation.CALL_HISTORY)
            self.sync_label.setText(sentence)
            self.sync_label.setToolTip(sentence)
            self.retry_button.setVisible(not report.token_rejected)
            return
        self.retry_button.hide()
        local = report.started_at.astimezone()
        when = QLocale().toString(QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat)
        text = fill(self.tr("Synced at %1"), when)
        if report.new:
            new = self.tr("%n new call(s)", "", report.new)
            # Numbers as the locale writes them (5 266, 5,266), like the count beside them.
            text += " · " + new.replace(str(report.new), QLocale().toString(report.new), 1)
        self.sync_label.setText(text)
        self.sync_label.setToolTip("")

    def show_failed(self) -> None:
        self.sync_progress.hide()
        self.sync_label.setText(
            self.tr("The sync stopped because of an unexpected error; the details are in the log.")
        )
        self.retry_button.show()

    def retranslate(self, running: bool) -> None:
        """New words for the widgets; the idle text again unless a sync runs (`running`) or
        an error's sentence is showing."""
        self.retry_button.setText(self.tr("Retry"))
        self.retry_button.setAccessibleName(self.tr("Retry the sync"))
        self.sync_progress.setAccessibleName(self.tr("Sync progress"))
        if not running and (not self.sync_label.text() or self.sync_label.property("idle") is True):
            self.show_last_sync()
