"""The settings' Data page: where the data is and its size, forgetting old calls, deleting it all.

The measuring, forgetting and deleting are `core.system.local_data`'s; this page asks first,
runs them off the GUI thread and says what came of it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, QLocale, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fmc_desktop.core.api.clock import Clock
from fmc_desktop.core.api.kyiv import KYIV
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.system.local_data import (
    DataUsage,
    default_forget_day,
    delete_all_local_data,
    forget_calls_before,
    forget_cutoff,
    log_folder,
    measure_usage,
)
from fmc_desktop.core.system.paths import AppPaths
from fmc_desktop.core.system.secrets import TokenStore
from fmc_desktop.ui.settings.widgets import (
    TaskList,
    form_layout,
    format_size,
    note,
    page_layout,
    path_field,
)
from fmc_desktop.ui.shell.errors_text import error_text
from fmc_desktop.ui.shell.workers import run_in_thread


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class LocalDataPage(QWidget):
    """The data on this computer. `calls_forgotten(count)` after "Forget calls older than…";
    `local_data_deleted` after "Delete all local data" (the archive it was given is closed)."""

    calls_forgotten = Signal(int)
    local_data_deleted = Signal()

    def __init__(
        self,
        paths: AppPaths,
        token_store: TokenStore,
        clock: Clock,
        tasks: TaskList,
        *,
        archive: CallArchive | None = None,
        demo: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._paths = paths
        self._token_store = token_store
        self._clock = clock
        self._tasks = tasks
        self._archive = archive
        self._demo = demo
        self._usage: DataUsage | None = None
        self._data_message: Callable[[], str] | None = None

        layout = page_layout(self)
        self.folder_group = QGroupBox(self)
        form = form_layout(self.folder_group)
        self.folder_label = QLabel(self.folder_group)
        self.folder_path = path_field(self.folder_group, "dataFolder", paths.data)
        self.open_data_button = QPushButton(self.folder_group)
        self.open_data_button.setObjectName("openDataFolder")
        self.open_data_button.setAutoDefault(False)
        self.open_data_button.clicked.connect(self._on_open_data_button_clicked)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_path, 1)
        folder_row.addWidget(self.open_data_button)
        form.addRow(self.folder_label, folder_row)
        self.size_label = QLabel(self.folder_group)
        self.size_value = QLabel(self.folder_group)
        self.size_value.setObjectName("dataSize")
        self.size_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.size_label, self.size_value)
        self.backups_label = QLabel(self.folder_group)
        self.backups_value = QLabel(self.folder_group)
        self.backups_value.setObjectName("backups")
        self.backups_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.backups_label, self.backups_value)
        self.log_label = QLabel(self.folder_group)
        self.log_path = path_field(self.folder_group, "logFolder", paths.logs)
        self.open_log_button = QPushButton(self.folder_group)
        self.open_log_button.setObjectName("openLogFolder")
        self.open_log_button.setAutoDefault(False)
        self.open_log_button.clicked.connect(self._on_open_log_button_clicked)
        log_row = QHBoxLayout()
        log_row.addWidget(self.log_path, 1)
        log_row.addWidget(self.open_log_button)
        form.addRow(self.log_label, log_row)
        layout.addWidget(self.folder_group)

        self.forget_group = QGroupBox(self)
        forget = QVBoxLayout(self.forget_group)
        forget.setSpacing(8)
        row = QHBoxLayout()
        self.forget_label = QLabel(self.forget_group)
        self.forget_date = QDateEdit(self.forget_group)
        self.forget_date.setObjectName("forgetBefore")
        self.forget_date.setCalendarPopup(True)
        today = clock.now().astimezone(KYIV).date()
        self.forget_date.setMaximumDate(_qdate(today))
        self.forget_date.setDate(_qdate(default_forget_day(today)))
        self.forget_label.setBuddy(self.forget_date)
        self.forget_button = QPushButton(self.forget_group)
        self.forget_button.setObjectName("forgetCalls")
        self.forget_button.setAutoDefault(False)
        self.forget_button.clicked.connect(self._on_forget_button_clicked)
        row.addWidget(self.forget_label)
        row.addWidget(self.forget_date)
        row.addWidget(self.forget_button)
        row.addStretch(1)
        self.forget_note = note(self.forget_group, "forgetNote")
        forget.addLayout(row)
        forget.addWidget(self.forget_note)
        layout.addWidget(self.forget_group)

        self.delete_group = QGroupBox(self)
        delete = QVBoxLayout(self.delete_group)
        delete.setSpacing(8)
        self.delete_note = note(self.delete_group, "deleteNote")
        self.delete_button = QPushButton(self.delete_group)
        self.delete_button.setObjectName("deleteAllData")
        self.delete_button.setAutoDefault(False)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        delete_row = QHBoxLayout()
        delete_row.addWidget(self.delete_button)
        delete_row.addStretch(1)
        delete.addWidget(self.delete_note)
        delete.addLayout(delete_row)
        layout.addWidget(self.delete_group)
        self.data_result = note(self, "dataResult")
        self.data_result.setVisible(False)
        layout.addWidget(self.data_result)
        layout.addStretch(1)
        self._retranslate()

    # --- size -----------------------------------------------------------------------------------

    def refresh_data_usage(self) -> None:
        archive, paths, demo = self._archive, self._paths, self._demo
        self._tasks.track(
            run_in_thread(lambda: measure_usage(paths, archive, demo=demo), self._on_usage_measured)
        )

    @Slot(object)
    def _on_usage_measured(self, usage: object) -> None:
        assert isinstance(usage, DataUsage)
        self._usage = usage
        self._show_usage()

    def _show_usage(self) -> None:
        usage = self._usage
        if usage is None:
            self.size_value.setText(self.tr("Measuring…"))
            return
        locale = QLocale()
        size = format_size(usage.folder_bytes, locale)
        if usage.stats is not None:
            self.size_value.setText(
                self.tr("{size}; calls in the archive: {count}").format(
                    size=size, count=locale.toString(usage.stats.calls)
                )
            )
        else:
            self.size_value.setText(size)
        if usage.newest_backup is not None:
            when = usage.newest_backup.astimezone(KYIV).strftime("%Y-%m-%d %H:%M")
            self.backups_value.setText(
                self.tr("{count}, the newest from {when}, {size} in all").format(
                    count=locale.toString(usage.backups),
                    when=when,
                    size=format_size(usage.backup_bytes, locale),
                )
            )
        else:
            self.backups_value.setText(self.tr("None yet (one a day, the last seven kept)"))

    @Slot()
    def _on_open_data_button_clicked(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._paths.data)))

    @Slot()
    def _on_open_log_button_clicked(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_folder(self._paths))))

    # --- forgetting old calls -------------------------------------------------------------------

    def forget_cutoff(self) -> datetime:
        """The start (Kyiv midnight) of the chosen day: calls before it are forgotten."""
        chosen = self.forget_date.date()
        return forget_cutoff(date(chosen.year(), chosen.month(), chosen.day()))

    @Slot()
    def _on_forget_button_clicked(self) -> None:
        day = QLocale().toString(self.forget_date.date(), QLocale.FormatType.LongFormat)
        answer = QMessageBox.warning(
            self.window(),
            self.tr("Forget old calls"),
            self.tr(
                "Delete every call before {day} from the archive on this computer? Calls older "
                "than 30 days cannot be fetched from the PBX again."
            ).format(day=day),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.forget_calls()

    def forget_calls(self) -> None:
        cutoff = self.forget_cutoff()
        archive, path, clock = self._archive, self._paths.archive_file, self._clock
        self.forget_button.setEnabled(False)
        self._tasks.track(
            run_in_thread(
                lambda: forget_calls_before(cutoff, archive, path, clock),
                self._on_calls_forgotten,
                self._on_data_failed,
            )
        )

    @Slot(object)
    def _on_calls_forgotten(self, count: object) -> None:
        gone = int(count) if isinstance(count, int) else 0
        self.forget_button.setEnabled(True)
        self._set_data_message(
            lambda: self.tr("Calls forgotten: {count}.").format(count=QLocale().toString(gone))
        )
        self.refresh_data_usage()
        self.calls_forgotten.emit(gone)

    @Slot(object)
    def _on_data_failed(self, error: object) -> None:
        assert isinstance(error, BaseException)
        self.forget_button.setEnabled(True)
        self.delete_button.setEnabled(True)
        self._set_data_message(lambda: error_text(error))

    def _set_data_message(self, message: Callable[[], str]) -> None:
        self._data_message = message
        self.data_result.setText(message())
        self.data_result.setVisible(True)

    # --- deleting it all ------------------------------------------------------------------------

    @Slot()
    def _on_delete_button_clicked(self) -> None:
        box = QMessageBox(self.window())
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Delete all local data"))
        box.setText(
            self.tr(
                "Delete the call archive, the settings, the cache and the logs from this "
                "computer? This cannot be undone."
            )
        )
        also_token = QCheckBox(self.tr("Also remove the token from the keyring"), box)
        also_token.setAccessibleName(self.tr("Also remove the token from the keyring"))
        box.setCheckBox(also_token)
        delete = box.addButton(self.tr("Delete everything"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is delete:
            self.delete_all_data(remove_token=also_token.isChecked())

    def delete_all_data(self, *, remove_token: bool = False) -> None:
        archive, paths, demo, store = self._archive, self._paths, self._demo, self._token_store

        def delete() -> list[Path]:
            return delete_all_local_data(
                paths, demo=demo, archive=archive, token_store=store, remove_token=remove_token
            )

        self.delete_button.setEnabled(False)
        self._tasks.track(run_in_thread(delete, self._on_data_deleted, self._on_data_failed))

    @Slot(object)
    def _on_data_deleted(self, left: object) -> None:
        self.delete_button.setEnabled(True)
        remaining = len(left) if isinstance(left, list) else 0
        if remaining:
            self._set_data_message(
                lambda: self.tr(
                    "Local data deleted, except files still in use: {count}. The log names them."
                ).format(count=remaining)
            )
        else:
            self._set_data_message(lambda: self.tr("All local data of this computer is deleted."))
        self._archive = None
        self.refresh_data_usage()
        self.local_data_deleted.emit()

    # --- language -------------------------------------------------------------------------------

    def _retranslate(self) -> None:
        self.folder_group.setTitle(self.tr("On this computer"))
        self.folder_label.setText(self.tr("Data folder:"))
        self.folder_path.setAccessibleName(self.tr("Data folder"))
        self.open_data_button.setText(self.tr("Open folder"))
        self.open_data_button.setAccessibleName(self.tr("Open the data folder"))
        self.size_label.setText(self.tr("Size:"))
        self.size_value.setAccessibleName(self.tr("Size of the data"))
        self.backups_label.setText(self.tr("Backups:"))
        self.backups_value.setAccessibleName(self.tr("Backups of the call archive"))
        self._show_usage()
        self.log_label.setText(self.tr("Logs:"))
        self.log_path.setAccessibleName(self.tr("Log folder"))
        self.open_log_button.setText(self.tr("Open log folder"))
        self.open_log_button.setAccessibleName(self.tr("Open log folder"))
        # One width for both, so the two path fields line up.
        for button in (self.open_data_button, self.open_log_button):
            button.setMinimumWidth(0)
        width = max(
            self.open_data_button.sizeHint().width(), self.open_log_button.sizeHint().width()
        )
        for button in (self.open_data_button, self.open_log_button):
            button.setMinimumWidth(width)
        self.forget_group.setTitle(self.tr("Forget old calls"))
        self.forget_label.setText(self.tr("Forget calls &before:"))
        self.forget_date.setAccessibleName(self.tr("Forget calls before this day"))
        # The locale's short date, with the year in full: "01.11.25" reads as a day too easily.
        short = QLocale().dateFormat(QLocale.FormatType.ShortFormat)
        if "yyyy" not in short:
            short = short.replace("yy", "yyyy")
        self.forget_date.setDisplayFormat(short)
        self.forget_button.setText(self.tr("Forget…"))
        self.forget_button.setAccessibleName(self.tr("Forget old calls"))
        self.forget_note.setText(
            self.tr("The calls are deleted from the archive on this computer only.")
        )
        self.forget_note.setAccessibleName(self.tr("About forgetting calls"))
        self.delete_group.setTitle(self.tr("Delete all local data"))
        self.delete_note.setText(
            self.tr(
                "Deletes the call archive, the settings, the cache and the logs of this "
                "computer. The token stays in the keyring unless you ask to remove it too."
            )
        )
        self.delete_note.setAccessibleName(self.tr("About deleting the data"))
        self.delete_button.setText(self.tr("Delete all local data…"))
        self.delete_button.setAccessibleName(self.tr("Delete all local data"))
        self.data_result.setAccessibleName(self.tr("Result"))
        if self._data_message is not None:
            self.data_result.setText(self._data_message())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
