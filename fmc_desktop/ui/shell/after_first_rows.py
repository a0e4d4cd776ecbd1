"""Start-up work that waits until the history's first rows are on screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Slot
from PySide6.QtWidgets import QWidget

from fmc_desktop.ui.history.loader import HistoryLoader

# Longest wait for the first rows (a view with none of the first page's calls paints none): the
# sync and the directory start then anyway.
LONGEST_WAIT_MS = 1000


class AfterFirstRows(QObject):
    """Calls `then()` once, after the first batch of the history is painted in `viewport`,
    when the load ends or fails, or after LONGEST_WAIT_MS, whichever comes first.

    The sync (which imports the HTTP stack and parses answers), the token look-up and the
    directory read all want the interpreter too: started with the window, they delayed the
    first rows by a third of a second.
    """

    def __init__(
        self, loader: HistoryLoader, viewport: QWidget, then: Callable[[], None], parent: QObject
    ) -> None:
        super().__init__(parent)
        self._loader = loader
        self._viewport = viewport
        self._then: Callable[[], None] | None = then
        loader.batch_loaded.connect(self._on_loader_batch_loaded)
        loader.finished.connect(self._on_loader_done)
        loader.failed.connect(self._on_loader_done)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fire)
        self._timer.start(LONGEST_WAIT_MS)

    @Slot(object)
    def _on_loader_batch_loaded(self, _batch: object) -> None:
        if self._viewport.isVisible():
            self._viewport.installEventFilter(self)
        else:  # started in the tray: nothing will be painted
            QTimer.singleShot(0, self._fire)

    @Slot(object)
    def _on_loader_done(self, _result: object) -> None:
        QTimer.singleShot(0, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt's own camelCase name
        if watched is self._viewport and event.type() == QEvent.Type.Paint:
            # After the paint has reached the screen, not in the middle of it.
            QTimer.singleShot(0, self._fire)
        return False

    @Slot()
    def _fire(self) -> None:
        then, self._then = self._then, None
        if then is None:
            return
        self._timer.stop()
        self._viewport.removeEventFilter(self)
        self._loader.batch_loaded.disconnect(self._on_loader_batch_loaded)
        self._loader.finished.disconnect(self._on_loader_done)
        self._loader.failed.disconnect(self._on_loader_done)
        then()

    def cancel(self) -> None:
        """Quitting: nothing is started any more."""
        self._then = None
        self._timer.stop()
