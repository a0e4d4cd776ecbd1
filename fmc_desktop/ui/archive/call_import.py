"""Importing call files off the GUI thread, with progress and Cancel.

Reading 600k calls took the window away for 12 s when it ran on the GUI thread. The import runs
as a task of `workers.run_with_progress` on its own archive connection; the dialog shows which
file, how far into it and how many calls so far, and Cancel stops it between pieces (the pieces
already stored stay: importing the file again finds them known).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from fmc_desktop.core.archive.call_import import ImportProgress, ImportReport, import_files
from fmc_desktop.ui.shell.i18n import fill
from fmc_desktop.ui.shell.services import AppServices
from fmc_desktop.ui.shell.workers import Progress, Task, run_with_progress

log = logging.getLogger(__name__)

_STEPS_PER_FILE = 1000


def ask_call_files(parent: QWidget) -> list[Path]:
    """The call files the user picks for File → Import calls; none when cancelled."""
    paths, _ = QFileDialog.getOpenFileNames(
        parent,
        QCoreApplication.translate("CallImport", "Import calls"),
        str(Path.home()),
        QCoreApplication.translate("CallImport", "Call files (*.csv *.json *.xml);;All files (*)"),
    )
    return [Path(p) for p in paths]


class CallImport(QObject):
    """One import of one or more files; `finished(report)` when it ends (None if it failed)."""

    finished = Signal(object)

    def __init__(self, services: AppServices, paths: list[Path], parent: QWidget) -> None:
        super().__init__(parent)
        self._services = services
        self._paths = paths
        self._task: Task | None = None
        self.report: ImportReport | None = None
        self.summary: QMessageBox | None = None
        self.dialog = QProgressDialog(parent)
        self.dialog.setObjectName("callImportProgress")
        self.dialog.setWindowTitle(self.tr("Import calls"))
        self.dialog.setLabelText(fill(self.tr("Opening %1…"), paths[0].name))
        self.dialog.setCancelButtonText(self.tr("Cancel"))
        self.dialog.setRange(0, _STEPS_PER_FILE * len(paths))
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.canceled.connect(self._on_dialog_canceled)

    def start(self) -> None:
        paths = list(self._paths)
        services = self._services

        def job(progress: Progress) -> ImportReport:
            # The worker's own connection: the GUI thread keeps reading through the app's.
            with services.open_archive() as archive:
                return import_files(
                    archive,
                    paths,
                    on_progress=progress.report,
                    cancelled=progress.cancelled,
                )

        self.dialog.show()
        self._task = run_with_progress(
            job,
            self._on_task_succeeded,
            self._on_task_failed,
            self._on_task_progressed,
            name="fmc-import",
        )

    def is_running(self) -> bool:
        return self._task is not None and self._task.is_running()

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.dialog.setLabelText(self.tr("Stopping after the current part…"))

    @Slot()
    def _on_dialog_canceled(self) -> None:
        self.cancel()

    @Slot(object)
    def _on_task_progressed(self, value: object) -> None:
        if not isinstance(value, ImportProgress) or self.dialog.wasCanceled():
            return
        part = value.bytes_read / value.bytes_total if value.bytes_total else 1.0
        self.dialog.setValue(
            (value.file_number - 1) * _STEPS_PER_FILE + int(min(part, 1.0) * _STEPS_PER_FILE)
        )
        text = fill(
            self.tr("Importing %1 (file %2 of %3): %4 calls so far."),
            value.path.name,
            str(value.file_number),
            str(value.file_count),
            QLocale().toString(value.calls),
        )
        self.dialog.setLabelText(text)

    @Slot(object)
    def _on_task_succeeded(self, report: object) -> None:
        self._task = None
        self.dialog.close()
        assert isinstance(report, ImportReport)
        self.report = report
        self._show_summary(report)
        self.finished.emit(report)

    @Slot(object)
    def _on_task_failed(self, error: object) -> None:
        self._task = None
        self.dialog.close()
        log.warning("call import failed: %s", error)
        box = self._box(
            QMessageBox.Icon.Warning,
            fill(self.tr("The calls could not be imported: %1"), str(error)),
        )
        box.open()
        self.finished.emit(None)

    def _show_summary(self, report: ImportReport) -> None:
        text = fill(
            self.tr("%1 new calls, %2 already known, %3 rejected."),
            str(report.new),
            str(report.known),
            str(report.rejected),
        )
        if report.cancelled:
            text = self.tr("Import cancelled. The calls read before that are kept.") + "\n" + text
        failed = [item for item in report.files if item.error is not None]
        if failed:
            text += "\n" + "\n".join(str(item.error) for item in failed)
        icon = QMessageBox.Icon.Warning if failed else QMessageBox.Icon.Information
        self._box(icon, text).open()

    def _box(self, icon: QMessageBox.Icon, text: str) -> QMessageBox:
        parent = self.parent()
        box = QMessageBox(parent if isinstance(parent, QWidget) else None)
        box.setObjectName("callImportSummary")
        box.setIcon(icon)
        box.setWindowTitle(self.tr("Import calls"))
        box.setText(text)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.summary = box
        return box
