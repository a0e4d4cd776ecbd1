"""Links that arrive while a confirmation is open wait their turn (at most five), and a number
that came into the dial pad from outside is confirmed even with confirmation off."""

from __future__ import annotations

import logging
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fmc_desktop.ui.dialing.dial_pad import DialPad
from fmc_desktop.ui.dialing.flow import MAX_WAITING_LINKS, DialOutcomeKind
from tests.ui.test_dialing import Harness

LINKS = [f"tel:+38044{n}{n}{n}{n}{n}{n}{n}" for n in range(1, 9)]


def _shown(link: str) -> str:
    digits = link.removeprefix("tel:+38")
    return f"{digits[:3]} {digits[3:6]} {digits[6:8]} {digits[8:]}"


def test_links_while_a_confirmation_is_open_wait_in_order(qtbot: QtBot, harness: Harness) -> None:
    controller = harness.controller
    controller.handle_incoming_link(LINKS[0])
    first = harness.dialog(qtbot)
    controller.handle_incoming_link(LINKS[1])
    controller.handle_incoming_link(LINKS[2])
    assert controller.pending_dialog() is first
    assert controller.waiting_links() == 2
    assert first.waiting_label.isVisibleTo(first)
    assert first.waiting_label.text().endswith(": 2")
    assert first.call_button.text() == f"&Call {_shown(LINKS[0])}"

    first.reject()  # the first is cancelled; the second comes next, then the third
    qtbot.waitUntil(lambda: controller.pending_dialog() not in (None, first))
    second = controller.pending_dialog()
    assert second is not None
    assert second.number.canonical == "+380442222222"
    assert second.call_button.text() == f"&Call {_shown(LINKS[1])}"
    assert second.waiting_label.text().endswith(": 1")
    second.accept()
    outcome = harness.wait_outcome(qtbot, 2)
    assert outcome.kind is DialOutcomeKind.RINGING
    qtbot.waitUntil(lambda: controller.pending_dialog() not in (None, second))
    third = controller.pending_dialog()
    assert third is not None
    assert third.number.canonical == "+380443333333"
    assert not third.waiting_label.isVisibleTo(third)
    third.reject()
    harness.wait_outcome(qtbot, 3)
    assert [c.called_number for c in harness.simulator.originates] == ["+380442222222"]


def test_at_most_five_links_wait_and_more_are_dropped_with_a_log_line(
    qtbot: QtBot, harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    controller = harness.controller
    controller.handle_incoming_link(LINKS[0])
    first = harness.dialog(qtbot)
    for link in LINKS[1:]:
        controller.handle_incoming_link(link)
    assert controller.waiting_links() == MAX_WAITING_LINKS == 5
    assert first.waiting_label.text().endswith(": 5")
    assert sum("link was dropped" in r.getMessage() for r in caplog.records) == 2
    seen = []
    dialog = first
    for _ in range(MAX_WAITING_LINKS + 1):
        seen.append(dialog.number.canonical)
        dialog.reject()
        QApplication.processEvents()

        def moved_on(d: object = dialog) -> bool:
            return controller.pending_dialog() is not d or controller.waiting_links() == 0

        qtbot.waitUntil(moved_on)
        following = controller.pending_dialog()
        if following is None or following is dialog:
            break
        dialog = following
    assert seen == [f"+38044{n * 7}" for n in "123456"]
    assert harness.originates() == 0


def test_a_pasted_number_is_confirmed_even_with_confirmation_off(
    qtbot: QtBot, harness: Harness, pad: DialPad
) -> None:
    assert harness.settings.confirm_before_dial is False
    QGuiApplication.clipboard().setText("+38 (044) 111-11-11")
    pad.paste()
    assert pad.is_from_outside()
    QTest.mouseClick(pad.call_button, Qt.MouseButton.LeftButton)
    dialog = harness.dialog(qtbot)
    assert dialog.from_outside
    assert dialog.cancel_button.isDefault()
    assert harness.originates() == 0
    dialog.reject()
    harness.wait_outcome(qtbot)


def test_the_mark_stays_while_edited_and_goes_when_the_field_is_cleared(
    qtbot: QtBot, harness: Harness, pad: DialPad
) -> None:
    pad.set_number("tel:+380441111111")
    assert pad.is_from_outside()
    assert "came from outside" in pad.field.toolTip()
    QTest.keyClick(pad.field, Qt.Key.Key_Backspace)
    QTest.keyClicks(pad.field, "2")
    assert pad.is_from_outside()  # edited, but still mostly someone else's number
    pad.clear()
    assert not pad.is_from_outside()
    assert "came from outside" not in pad.field.toolTip()
    QTest.keyClicks(pad.field, "0671234567")
    assert not pad.is_from_outside()
    QTest.mouseClick(pad.call_button, Qt.MouseButton.LeftButton)
    outcome = harness.wait_outcome(qtbot)
    assert outcome.kind is DialOutcomeKind.RINGING  # typed by the user: no question asked
    assert harness.controller.pending_dialog() is None


def test_a_dropped_number_is_from_outside(qtbot: QtBot, harness: Harness, pad: DialPad) -> None:
    data = QMimeData()
    data.setText("0441111111")
    at = QPoint(5, 5)
    button, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    for event in (
        QDragEnterEvent(at, Qt.DropAction.CopyAction, data, button, none),
        QDragMoveEvent(at, Qt.DropAction.CopyAction, data, button, none),
        QDropEvent(QPointF(at), Qt.DropAction.CopyAction, data, button, none),
    ):
        QApplication.sendEvent(pad.field, event)
    assert pad.number() == "0441111111"
    assert pad.is_from_outside()
    QTest.mouseClick(pad.call_button, Qt.MouseButton.LeftButton)
    dialog = harness.dialog(qtbot)
    assert dialog.from_outside
    dialog.reject()
    harness.wait_outcome(qtbot)
