"""The one dialog for a damaged archive: restore the newest good backup, or save what can be read.

It says what happened, offers the backup first (when one passes SQLite's check), keeps the
damaged file beside the new one, and afterwards names the periods only an export can fill. The
app's own connections to the file are closed before the work starts (`release_files`): on
Windows a file that is open cannot be renamed, and nothing may write into the damaged one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QLocale, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from fmc_desktop.core.api.clock import Clock
from fmc_desktop.core.api.kyiv import KYIV
from fmc_desktop.core.archive.backup import Backup, BackupStore
from fmc_desktop.core.archive.repair import RepairResult, restore, salvage
from fmc_desktop.ui.shell.workers import Task, run_in_thread


def _when(instant: datetime) -> str:
    return instant.astimezone(KYIV).strftime("%Y-%m-%d %H:%M")


class RepairDialog(QDialog):
    repaired = Signal(object)  # RepairResult

    def __init__(
        self,
        archive_path: Path,
        clock: Clock,
        *,
        release_files: Callable[[], None] = lambda: None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("repairDialog")
        self.setWindowTitle(self.tr("The call archive is damaged"))
        self._path = archive_path
        self._clock = clock
        self._release_files = release_files
        self._task: Task | None = None
        self.result_value: RepairResult | None = None
        self.backup: Backup | None = BackupStore.beside(archive_path).newest_good()

        layout = QVBoxLayout(self)
        self.explanation = QLabel(self)
        self.explanation.setObjectName("repairExplanation")
        self.explanation.setWordWrap(True)
        self.explanation.setText(
            self.tr(
                "SQLite's own check found damage in the call archive {path}. Nothing more is "
                "written to it. Choose how to make a new one; the damaged file is kept beside "
                "it. Afterwards the last 30 days are fetched again from the PBX."
            ).format(path=str(archive_path))
        )
        layout.addWidget(self.explanation)

        self.choices = QButtonGroup(self)
        self.restore_choice = QRadioButton(self)
        self.restore_choice.setObjectName("restoreBackup")
        if self.backup is not None:
            size = QLocale().formattedDataSize(self.backup.size, 1)
            self.restore_choice.setText(
                self.tr("Restore the backup from {when} ({size})").format(
                    when=_when(self.backup.made), size=size
                )
            )
        else:
            self.restore_choice.setText(self.tr("Restore a backup (there is no good backup)"))
            self.restore_choice.setEnabled(False)
        self.salvage_choice = QRadioButton(
            self.tr("Save every call that can still be read into a new archive"), self
        )
        self.salvage_choice.setObjectName("salvage")
        self.choices.addButton(self.restore_choice)
        self.choices.addButton(self.salvage_choice)
        (self.restore_choice if self.backup is not None else self.salvage_choice).setChecked(True)
        layout.addWidget(self.restore_choice)
        layout.addWidget(self.salvage_choice)

        self.outcome = QLabel(self)
        self.outcome.setObjectName("repairOutcome")
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.outcome)

        self.buttons = QDialogButtonBox(self)
        self.repair_button = QPushButton(self.tr("Repair"), self)
        self.repair_button.setObjectName("repairButton")
        self.later_button = QPushButton(self.tr("Not now"), self)
        self.buttons.addButton(self.repair_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.repair_button.clicked.connect(self._on_repair_button_clicked)
        self.later_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)

    @Slot()
    def _on_repair_button_clicked(self) -> None:
        if self.result_value is not None:
            self.accept()
            return
        self.repair_button.setEnabled(False)
        self.later_button.setEnabled(False)
        self.restore_choice.setEnabled(False)
        self.salvage_choice.setEnabled(False)
        self.outcome.setText(self.tr("Repairing… this can take a minute for a big archive."))
        self._release_files()
        path, now, backup = self._path, self._clock.now(), self.backup
        use_backup = backup is not None and self.restore_choice.isChecked()

        def work() -> RepairResult:
            if use_backup and backup is not None:
                return restore(path, backup, now)
            return salvage(path, now)

        self._task = run_in_thread(work, self._on_work_done, self._on_work_failed, name="repair")

    @Slot(object)
    def _on_work_done(self, result: RepairResult) -> None:
        self.result_value = result
        lines = []
        if result.method == "restore" and result.backup is not None:
            made = _when(result.backup.made)
            lines.append(self.tr("The backup from {when} is in place.").format(when=made))
        else:
            lines.append(
                self.tr("{count} calls were saved into a new archive.").format(
                    count=QLocale().toString(result.calls_saved)
                )
            )
        lines.append(
            self.tr("The damaged file was kept as {path}.").format(path=str(result.moved_aside))
        )
        for start, end in result.lost:
            lines.append(
                self.tr(
                    "Calls from {start} to {end} are lost unless you import an export file that "
                    "covers them."
                ).format(start=_when(start), end=_when(end))
            )
        lines.append(self.tr("The last 30 days are fetched again now."))
        self.outcome.setText("\n".join(lines))
        self.repair_button.setText(self.tr("Close"))
        self.repair_button.setEnabled(True)
        self.repaired.emit(result)

    @Slot(object)
    def _on_work_failed(self, error: BaseException) -> None:
        self.outcome.setText(
            self.tr("The repair failed: {error}").format(error=getattr(error, "message", error))
        )
        self.later_button.setEnabled(True)
