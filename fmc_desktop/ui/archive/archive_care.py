"""Looking after the archive while the app runs: the check after an unclean close, daily backups.

Both read a file that may hold a million calls, so both run on workers, and the check waits for
the window's first paint: the user sees the history at once, and SQLite's check (seconds at a
million calls) runs behind it. Until it has passed, every write waits for its verdict (the
archive's own lock per file, shared by all its connections in the process), and a damaged
archive is not written at all: `damaged` asks the app to offer the repair.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from fmc_desktop.core.api.clock import Clock
from fmc_desktop.core.api.errors import ArchiveDamagedError
from fmc_desktop.core.archive.backup import BackupStopped, BackupStore
from fmc_desktop.core.archive.health import report_damage
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.ui.shell.workers import Task, run_in_thread

log = logging.getLogger(__name__)

# How often a running app asks whether the day's backup is due.
BACKUP_POLL_MS = 60 * 60 * 1000


class ArchiveCare(QObject):
    checked = Signal()  # the archive may be written
    damaged = Signal(object)  # ArchiveDamagedError
    backed_up = Signal(object)  # core.backup.Backup
    backup_failed = Signal(object)  # FmcError

    def __init__(self, archive_path: Path, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = archive_path
        self._clock = clock
        self._store = BackupStore.beside(archive_path)
        self._window: QWidget | None = None
        self._started = False
        self._stopped = False
        self._task: Task | None = None
        self._backup_task: Task | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(BACKUP_POLL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    def start_after_first_paint(self, window: QWidget) -> None:
        """Check once `window` has painted (at once when it is not shown: started in the tray)."""
        if window.isVisible():
            self._window = window
            window.installEventFilter(self)
        else:
            QTimer.singleShot(0, self.start)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt's own camelCase name
        if watched is self._window and event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self._window = None
            # After the paint has reached the screen, not in the middle of it.
            QTimer.singleShot(0, self.start)
        return False

    @Slot()
    def start(self) -> None:
        if self._started:
            return
        self._started = True
        path, clock = self._path, self._clock

        def check() -> None:
            # Not interrupted at quit: an interrupted quick_check reads as damage.
            with CallArchive(path, clock=clock) as archive:
                if not archive.read_only:
                    archive.verify()

        self._task = run_in_thread(check, self._on_check_done, self._on_check_failed, name="check")

    def stop(self) -> None:
        self._timer.stop()
        self._started = True  # no check after quitting has begun
        self._stopped = True  # nor a backup, nor the timer again when a check ends after this

    @Slot(object)
    def _on_check_done(self, _result: object) -> None:
        self.checked.emit()
        if self._stopped:
            return
        self._timer.start()
        self._on_timer_timeout()

    @Slot(object)
    def _on_check_failed(self, error: BaseException) -> None:
        if isinstance(error, ArchiveDamagedError):
            self.damaged.emit(error)
            return
        log.warning("the archive could not be checked: %s", error)

    @Slot()
    def _on_timer_timeout(self) -> None:
        if self._backup_task is not None and self._backup_task.is_running():
            return
        now = self._clock.now()
        store, path = self._store, self._path
        if not path.exists() or not store.due(now):
            return
        self._backup_task = run_in_thread(
            # Quitting stops the copy between steps; the next start makes it again.
            lambda: store.make(path, now, stopped=lambda: self._stopped),
            self._on_backup_done,
            self._on_backup_failed,
            name="backup",
        )

    @Slot(object)
    def _on_backup_done(self, backup: object) -> None:
        self.backed_up.emit(backup)

    @Slot(object)
    def _on_backup_failed(self, error: BaseException) -> None:
        if self._stopped and isinstance(error, BackupStopped):
            return
        log.warning("the daily backup failed: %s", error)
        if isinstance(error, ArchiveDamagedError):
            self._timer.stop()
            report_damage(self._path, error.details.get("problems") or [error.message])
            self.damaged.emit(error)
        else:
            self.backup_failed.emit(error)
