"""The whole app's tests clean up as the GUI tests do: no Qt thread or timer outlives its test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def no_qt_thread_or_timer_left(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Set up first, so it checks after the app's own fixtures have shut it down."""
    from PySide6.QtCore import QCoreApplication

    from tests.support.qt_leaks import no_qt_leaks

    with no_qt_leaks(monkeypatch, settle=QCoreApplication.processEvents):
        yield
