"""Timing markers for the benchmarks, off unless FMC_DESKTOP_BENCH_MARKERS=1.

With the variable set, the window writes one line to stderr (and the log) at the moments a user
waits for: the first history rows actually painted, the whole archive loaded, a sync finished.
`benchmarks/bench_startup.py` starts the real app as a process and times those lines, so the
figure includes everything a cold start does. Off, each hook costs one environment look-up.
With FMC_DESKTOP_BENCH_MODULES naming a file as well, the first-rows marker writes there the
modules imported by then, one a line: the test that keeps heavy modules out of start-up reads it.
"""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

ENV = "FMC_DESKTOP_BENCH_MARKERS"
MODULES_ENV = "FMC_DESKTOP_BENCH_MODULES"
PREFIX = "fmc-desktop marker: "
FIRST_ROWS_PAINTED = "first rows painted"
HISTORY_LOADED = "history loaded"
SYNC_FINISHED = "sync finished"


def enabled() -> bool:
    return os.environ.get(ENV) == "1"


def mark(event: str) -> None:
    modules_file = os.environ.get(MODULES_ENV)
    if modules_file and event == FIRST_ROWS_PAINTED:
        with open(modules_file, "w", encoding="utf-8") as handle:
            handle.write("\n".join(sorted(sys.modules)) + "\n")
    log.info("marker: %s", event)
    sys.stderr.write(f"{PREFIX}{event}\n")
    sys.stderr.flush()


class _PaintWatcher(QObject):
    """Marks once, right after the widget's next paint has been handled."""

    def __init__(self, widget: QWidget, event: str) -> None:
        super().__init__(widget)
        self._widget = widget
        self._event = event

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt's camelCase name
        if watched is self._widget and event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            # The filter sees the event before the widget paints: a zero timer fires once the
            # paint (and the flush to the window) is done.
            QTimer.singleShot(0, self._on_painted)
        return False

    def _on_painted(self) -> None:
        mark(self._event)
        self.deleteLater()


def mark_after_next_paint(widget: QWidget, event: str) -> None:
    widget.installEventFilter(_PaintWatcher(widget, event))
    widget.update()
