"""The partial-load sentence in the status bar: fits a narrow or scaled window."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from fmc_desktop.ui.history.load_status import LoadStatus


def test_the_sentence_gives_way_on_a_narrow_status_bar_and_keeps_it_whole_in_the_tooltip(
    qtbot: QtBot,
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    status = LoadStatus(window.statusBar())
    status.set_total(1_000_000)
    status.show_loading(430_399)
    window.resize(300, 200)
    window.show()
    qtbot.waitExposed(window)
    sentence = status.text()
    assert "430" in sentence
    assert "search and sort cover these so far" in sentence
    assert status.toolTip() == sentence
    # Narrower than the sentence: the bar shrinks it (it is drawn cut short, ending in "…")
    # instead of pushing what stands beside it off the window.
    assert status.minimumSizeHint().width() < status.sizeHint().width()
    assert status.width() < status.sizeHint().width()
    status.grab()  # paints the cut-short sentence


def test_the_sentence_goes_once_every_call_is_in(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    status = LoadStatus(window.statusBar())
    status.set_total(10)
    status.show_loading(4)
    assert not status.isHidden()
    status.show_loading(10)
    assert status.isHidden()
