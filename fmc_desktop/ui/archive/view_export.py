"""Exporting the calls on screen off the GUI thread, with progress and Cancel.

Serialising 200,000 calls took the window away for seconds when it ran on the GUI thread. The
window hands over the positions of the calls it shows (a small integer array, taken at once) and
the column store they index; `core.history.view_export` writes them on a worker of
`workers.run_with_progress`, through the whole-or-nothing file writer. Cancel and every failure
leave no file behind.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QCoreApplication, QLocale, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from fmc_desktop.core.api.errors import FmcError
from fmc_desktop.core.archive.call_export import ExportFormat
from fmc_desktop.core.history.columns import CallHistory
from fmc_desktop.core.history.view_export import ExportCancelled, ExportProgress, export_view
from fmc_desktop.ui.shell.i18n import fill
from fmc_desktop.ui.shell.workers import Progress, Task, run_with_progress

log = logging.getLogger(__name__)

_STEPS: int = 1000


def ask_export_target(parent: QWidget) -> tuple[Path, ExportFormat] | None:
    """The file and format the user picks for "Export this view"; None when cancelled.

    The name's suffix wins over the filter picked (`calls.json` under "CSV files" is JSON).
    """
    filters: dict[str, ExportFormat] = {
        QCoreApplication.translate("ViewExport", "CSV files (*.csv)"): "csv",
        QCoreApplication.translate("ViewExport", "CSV for Excel (*.csv)"): "excel-csv",
        QCoreApplication.translate("ViewExport", "Excel workbooks (*.xlsx)"): "xlsx",
        QCoreApplication.translate("ViewExport", "JSON files (*.json)"): "json",
    }
    path, chosen = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("ViewExport", "Export calls"),
        str(Path.home() / "calls.csv"),
        ";;".join(filters),
    )
    if not path:
        return None
    by_suffix: dict[str, ExportFormat] = {".json": "json", ".xlsx": "xlsx"}
    return Path(path), by_suffix.get(Path(path).suffix.lower()) or filters.get(chosen, "csv")


class ViewExport(QObject):
    """One export of the calls a view shows; `finished(count)` when it ends: how many calls
    were written, or None when it was cancelled or failed (the user was told why)."""

    finished = Signal(object)

    def __init__(
        self,
        history: CallHistory,
        rows: npt.NDArray[np.integer],
        path: Path,
        fmt: ExportFormat,
        protected: list[Path],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._history = history
        # A copy of the positions: the model replaces its own array when the filter changes,
        # and the export must write the calls that were on screen when it was asked for.
        self._rows = np.array(rows, dtype=np.int64, copy=True)
        self._path = path
        self._fmt = fmt
        self._protected = list(protected)
        self._task: Task | None = None
        self.count: int | None = None
        self.cancelled = False
        self.error: BaseException | None = None
        self.failure: QMessageBox | None = None
        self.dialog = QProgressDialog(parent)
        self.dialog.setObjectName("viewExportProgress")
        self.dialog.setWindowTitle(self.tr("Export calls"))
        self.dialog.setLabelText(self._label(0))
        self.dialog.setCancelButtonText(self.tr("Cancel"))
        self.dialog.setRange(0, _STEPS)
        # A small view is written before a dialog would be read: show it only past a moment.
        self.dialog.setMinimumDuration(400)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.canceled.connect(self._on_dialog_canceled)

    def _label(self, done: int) -> str:
        return fill(
            self.tr("Exporting %1 of %2 calls to %3…"),
            QLocale().toString(done),
            QLocale().toString(len(self._rows)),
            self._path.name,
        )

    def start(self) -> None:
        history, rows, path, fmt = self._history, self._rows, self._path, self._fmt
        protected = self._protected

        def job(progress: Progress) -> int:
            return export_view(
                history,
                rows,
                path,
                fmt,
                protected,
                on_progress=progress.report,
                cancelled=progress.cancelled,
            )

        self.dialog.setValue(0)
        self._task = run_with_progress(
            job,
            self._on_task_succeeded,
            self._on_task_failed,
            self._on_task_progressed,
            name="fmc-export",
        )

    def is_running(self) -> bool:
        return self._task is not None and self._task.is_running()

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.dialog.setLabelText(self.tr("Stopping the export…"))

    @Slot()
    def _on_dialog_canceled(self) -> None:
        self.cancel()

    @Slot(object)
    def _on_task_progressed(self, value: object) -> None:
        if not isinstance(value, ExportProgress) or self.dialog.wasCanceled():
            return
        part = value.done / value.total if value.total else 1.0
        self.dialog.setValue(int(min(part, 1.0) * _STEPS))
        self.dialog.setLabelText(self._label(value.done))

    @Slot(object)
    def _on_task_succeeded(self, count: object) -> None:
        self._task = None
        self.dialog.close()
        assert isinstance(count, int)
        self.count = count
        self.finished.emit(count)

    @Slot(object)
    def _on_task_failed(self, error: object) -> None:
        self._task = None
        self.dialog.close()
        if isinstance(error, ExportCancelled):
            self.cancelled = True
            self.finished.emit(None)
            return
        assert isinstance(error, BaseException)
        self.error = error
        message = error.message if isinstance(error, FmcError) else str(error)
        log.warning("calls not exported to %s: %s", self._path.name, message)
        parent = self.parent()
        box = QMessageBox(parent if isinstance(parent, QWidget) else None)
        box.setObjectName("viewExportFailed")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Export failed"))
        box.setText(fill(self.tr("Nothing was exported: %1"), message))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.failure = box
        box.open()
        self.finished.emit(None)
