"""While the history loads, the status bar says how much of it the table, search and sort cover."""

from __future__ import annotations

from PySide6.QtCore import QLocale, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QStatusBar

from fmc_desktop.ui.shell.i18n import fill


class LoadStatus(QLabel):
    """ "Loading the history: 420,000 of 1,000,000 calls; …", hidden once every call is in.

    The model re-applies the search and the sort as each batch arrives, so what the table shows
    is always right for the calls loaded so far: this label says that they are not all yet.
    """

    def __init__(self, status: QStatusBar) -> None:
        super().__init__(status)
        self.setObjectName("historyLoadStatus")
        self._total: int | None = None
        self._loaded = 0
        self._loading = False
        status.addPermanentWidget(self)
        self.hide()

    def set_total(self, total: int) -> None:
        """How many calls the archive holds, once the loader has counted them."""
        self._total = total
        self._update()

    def show_loading(self, loaded: int) -> None:
        self._loading = True
        self._loaded = loaded
        self._update()

    def show_loaded(self) -> None:
        self._loading = False
        self._total = None
        self._update()

    def retranslate(self) -> None:
        self._update()

    def minimumSizeHint(self) -> QSize:
        # On a narrow or scaled screen the status bar gives the sentence what room is left: cut
        # short, it ends in "…", and the whole of it is in the tooltip.
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.fontMetrics().averageCharWidth() * 16), hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        area = self.contentsRect()
        shown = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, area.width()
        )
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(
            area, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), shown
        )
        painter.end()

    def _update(self) -> None:
        total = self._total
        if not self._loading or total is None or self._loaded >= total:
            self.hide()
            return
        locale = QLocale()
        self.setText(
            fill(
                self.tr("Loading the history: %1 of %2 calls; search and sort cover these so far."),
                locale.toString(self._loaded),
                locale.toString(total),
            )
        )
        self.setToolTip(self.text())
        self.show()

    def snapshot_failed_text(self, why: str) -> str:
        """One sentence for a snapshot that cannot be written (a read-only or full disk)."""
        return fill(
            self.tr(
                "The history could not be saved for a quick start (%1): each start reads it "
                "from the archive, which takes longer."
            ),
            why,
        )
