"""The Qt binding installed here does not leak references to None.

PySide6 6.12.0 on Python 3.11 drops a reference to `None` on every call of a Qt method that
returns nothing; after a few thousand calls `None` is freed and the process aborts with "Fatal
Python error: none_dealloc" (docs/PITFALLS.md). Python 3.12+ hides it, as None is immortal there,
so this test matters on 3.11, where it must run, and passes trivially later.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # belongs in tests/conftest.py

import sys

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

CALLS = 50_000
CHUNK = 1_000
# Other threads and the interpreter take and drop references to None all the time.
NOISE = 100


def test_void_qt_calls_do_not_drop_references_to_none(qtbot: QtBot) -> None:
    obj = QObject()
    widget = QWidget()
    qtbot.addWidget(widget)
    before = sys.getrefcount(None)
    for done in range(0, CALLS, CHUNK):
        for _ in range(CHUNK // 2):
            obj.setObjectName("history")
            widget.setToolTip("call back")
        # Checked as it goes: with the broken binding the process would abort long before the
        # loop ends, taking the whole test run with it, instead of failing this one test.
        lost = before - sys.getrefcount(None)
        assert lost <= NOISE, f"None lost {lost} references after {done + CHUNK} Qt calls"
