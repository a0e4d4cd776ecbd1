"""A 5 ms timer that records the gaps between its ticks: how long the GUI thread was busy."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QTimer


def ticking() -> tuple[QTimer, list[int]]:
    """A started timer and the list its ticks append their gaps (ms) to; stop it when done."""
    gaps: list[int] = []
    elapsed = QElapsedTimer()
    elapsed.start()
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: gaps.append(elapsed.restart()))
    timer.start()
    return timer, gaps
