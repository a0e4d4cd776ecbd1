"""A favourite added from a number with no contact asks for a name, the PBX's one offered."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fmc_desktop.core.system.paths import AppPaths
from tests.ui.test_main_window import Window, _build, _close
from tests.ui.test_main_window import paths as paths


@pytest.fixture
def ui(qtbot: QtBot, simulator: Any, clock: Any, paths: AppPaths) -> Iterator[Window]:
    w = _build(simulator, clock, paths, simulator.token)
    qtbot.addWidget(w.window)
    w.window.show()
    yield w
    _close(w)


class _Answer:
    """Answers the name dialog once it opens, and keeps the name it offered."""

    def __init__(self, text: str | None) -> None:
        self.text = text
        self.shown: str | None = None

    def __call__(self) -> None:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QInputDialog

        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, self)
            return
        self.shown = dialog.textValue()
        if self.text is None:
            dialog.reject()
        else:
            dialog.setTextValue(self.text)
            dialog.accept()


def _answer_favourite_dialog(text: str | None) -> _Answer:
    from PySide6.QtCore import QTimer

    answer = _Answer(text)
    QTimer.singleShot(0, answer)
    return answer


def test_a_favourite_from_an_unnamed_number_asks_for_a_name(ui: Window) -> None:
    window = ui.window
    book = ui.services.contacts
    asked = _answer_favourite_dialog(None)
    window._on_add_favourite_requested("+380441234500", "")
    assert asked.shown == ""
    assert book.find_by_number("+380441234500") is None  # cancelled: nothing added
    asked = _answer_favourite_dialog("Бухгалтерія")
    window._on_add_favourite_requested("+380441234500", "")
    assert book.find_by_number("+380441234500").name == "Бухгалтерія"
    assert [c.name for c in book.favourites()] == ["Бухгалтерія"]
    # The PBX's name for the number is offered first.
    asked = _answer_favourite_dialog("Юлія Кравченко (моб.)")
    window._on_add_favourite_requested("+380671112299", "Юлія Кравченко")
    assert asked.shown == "Юлія Кравченко"
    assert book.find_by_number("+380671112299").name == "Юлія Кравченко (моб.)"
