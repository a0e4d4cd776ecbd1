"""The dial pad as a user drives it: keys, clicks, pasting, Enter, and the Call button."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QMenu
from pytestqt.qtbot import QtBot

from fmc_desktop.ui.dialing.dial_pad import LONG_PRESS_MS, DialPad


@pytest.fixture
def pad(qtbot: QtBot) -> DialPad:
    widget = DialPad()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.field.setFocus()
    return widget


def double_click(qtbot: QtBot, button: QAbstractButton) -> None:
    """Two clicks as fast as the hand makes them (QTest's mouseDClick sends only the DblClick)."""
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    QTest.mouseDClick(button, Qt.MouseButton.LeftButton)


def paste(qtbot: QtBot, pad: DialPad, text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    QTest.keyClick(pad.field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_typed_digits_are_grouped_as_they_come(qtbot: QtBot, pad: DialPad) -> None:
    QTest.keyClicks(pad.field, "0671234567")
    assert pad.number() == "0671234567"
    assert pad.field.text() == "067 123 45 67"
    assert pad.call_button.isEnabled()
    assert not pad.is_marked_invalid()


def test_letters_typed_into_the_field_are_not_taken(qtbot: QtBot, pad: DialPad) -> None:
    QTest.keyClicks(pad.field, "06x7a 1")
    assert pad.number() == "0671"


def test_international_number_typed_with_plus(qtbot: QtBot, pad: DialPad) -> None:
    QTest.keyClicks(pad.field, "+380671234567")
    assert pad.number() == "+380671234567"
    assert pad.field.text() == "+380 67 123 45 67"


def test_typing_while_a_button_has_focus_still_reaches_the_number(
    qtbot: QtBot, pad: DialPad
) -> None:
    pad.call_button.setFocus()
    QTest.keyClicks(pad.call_button, "067")
    QTest.keyClick(pad.call_button, Qt.Key.Key_Backspace)
    assert pad.number() == "06"


def test_clicking_the_keys_types_them(qtbot: QtBot, pad: DialPad) -> None:
    for digit in "0671234567":
        QTest.mouseClick(pad.keys[digit], Qt.MouseButton.LeftButton)
    assert pad.number() == "0671234567"
    for key in "*#":
        QTest.mouseClick(pad.keys[key], Qt.MouseButton.LeftButton)
    assert pad.number() == "0671234567*#"


def test_the_keys_show_their_letters(pad: DialPad) -> None:
    letters = {digit: key.letters for digit, key in pad.keys.items()}
    assert letters["2"] == "ABC"
    assert letters["7"] == "PQRS"
    assert letters["9"] == "WXYZ"
    assert letters["0"] == "+"
    assert len({key.sizeHint().toTuple() for key in pad.keys.values()}) == 1  # all one size


def test_right_click_on_zero_types_plus(qtbot: QtBot, pad: DialPad) -> None:
    QTest.mouseClick(pad.keys["0"], Qt.MouseButton.RightButton)
    for digit in "380":
        QTest.mouseClick(pad.keys[digit], Qt.MouseButton.LeftButton)
    assert pad.number() == "+380"


def test_holding_zero_types_plus_and_not_zero(qtbot: QtBot, pad: DialPad) -> None:
    zero = pad.keys["0"]
    centre = QPoint(zero.width() // 2, zero.height() // 2)
    QTest.mousePress(zero, Qt.MouseButton.LeftButton, pos=centre)
    qtbot.waitUntil(lambda: pad.number() == "+", timeout=LONG_PRESS_MS * 5)
    QTest.mouseRelease(zero, Qt.MouseButton.LeftButton, pos=centre)
    assert pad.number() == "+"


def test_backspace_deletes_a_digit_not_a_grouping_space(qtbot: QtBot, pad: DialPad) -> None:
    QTest.keyClicks(pad.field, "0671")
    assert pad.field.text() == "067 1"
    QTest.keyClick(pad.field, Qt.Key.Key_Backspace)
    assert pad.number() == "067"
    # The cursor just after a space: Backspace takes the digit before the space.
    QTest.keyClicks(pad.field, "12")
    pad.field.setCursorPosition(4)  # "067 |12"
    QTest.keyClick(pad.field, Qt.Key.Key_Backspace)
    assert pad.number() == "0612"
    # The Backspace button works at the cursor as the key does.
    QTest.mouseClick(pad.backspace_button, Qt.MouseButton.LeftButton)
    assert pad.number() == "012"


@pytest.mark.parametrize(
    ("clipboard", "number"),
    [
        ("+38 (067) 123-45-67", "+380671234567"),
        ("067.123.45.67", "0671234567"),
        ("067-123-45-67", "0671234567"),
        ("067\u2011123\u201145\u201167", "0671234567"),  # non-breaking hyphens from a web page
        ("  067 123 45 67\n", "0671234567"),
        ("+38\u00a0067\u00a0123\u00a045\u00a067", "+380671234567"),
        ("(044) 111 11 11", "0441111111"),
        ("tel:+38-044-111-11-11", "+380441111111"),
        ("tel:%2B380671234567", "+380671234567"),
        ("callto://0671234567/", "0671234567"),
        ("TEL:0671234567;ext=12", "0671234567#12"),  # the extension kept as one
        ("044 518 14 70 доб. 123", "+380445181470#123"),
        ("+44 (0)20 7946 0958", "+442079460958"),  # the trunk 0 after the code is dropped
        ("tel:+44(0)2079460958", "+442079460958"),
    ],
)
def test_a_number_written_any_way_pastes_clean(
    qtbot: QtBot, pad: DialPad, clipboard: str, number: str
) -> None:
    with qtbot.waitSignal(pad.number_changed) as changed:
        paste(qtbot, pad, clipboard)
    assert changed.args == [number]
    assert pad.number() == number
    assert pad.call_button.isEnabled()
    assert not pad.is_marked_invalid()


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("+493067065917", "+49 30 67065917"),
        ("+442079460958", "+44 20 7946 0958"),
        ("+4420794", "+44 20 794"),  # grouped as libphonenumber groups it while typing
        ("0671234567", "067 123 45 67"),
    ],
)
def test_numbers_are_grouped_as_they_are_typed(pad: DialPad, typed: str, shown: str) -> None:
    QTest.keyClicks(pad.field, typed)
    assert pad.field.text() == shown


def test_paste_from_the_context_menu_is_cleaned_too(qtbot: QtBot, pad: DialPad) -> None:
    QGuiApplication.clipboard().setText("+38 (067) 123-45-67")
    centre = pad.field.rect().center()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, centre, pad.field.mapToGlobal(centre))
    QApplication.sendEvent(pad.field, event)
    menu = pad.field.findChild(QMenu)
    assert menu is not None
    paste_action = next(a for a in menu.actions() if a.objectName() == "edit-paste")
    paste_action.trigger()
    menu.close()
    assert pad.number() == "+380671234567"
    assert pad.field.text() == "+380 67 123 45 67"


def test_pasting_text_that_is_no_number_leaves_the_field_alone(qtbot: QtBot, pad: DialPad) -> None:
    QTest.keyClicks(pad.field, "067")
    for junk in ("Олена Петренко", "sip:100@pbx", "tel:0800FLOWERS", ""):
        paste(qtbot, pad, junk)
        assert pad.number() == "067"
        assert pad.message_label.isVisible()
        assert pad.message_label.text()


def test_an_invalid_number_is_marked_and_cannot_be_called(qtbot: QtBot, pad: DialPad) -> None:
    QTest.keyClicks(pad.field, "+3806712345678")
    assert pad.is_marked_invalid()
    assert pad.message_label.isVisible()
    assert pad.message_label.toolTip()  # the reason, in full
    assert not pad.call_button.isEnabled()
    with qtbot.assertNotEmitted(pad.call_requested):
        QTest.keyClick(pad.field, Qt.Key.Key_Return)
    pad.clear()
    assert not pad.is_marked_invalid()
    assert not pad.message_label.isVisible()
    assert pad.number() == ""


def test_an_unfinished_number_is_marked_only_when_the_user_tries_to_call(
    qtbot: QtBot, pad: DialPad
) -> None:
    QTest.keyClicks(pad.field, "067123456")  # nine digits: on its way to ten
    assert not pad.is_marked_invalid()
    assert not pad.call_button.isEnabled()
    with qtbot.assertNotEmitted(pad.call_requested):
        QTest.keyClick(pad.field, Qt.Key.Key_Return)
    assert pad.is_marked_invalid()
    QTest.keyClicks(pad.field, "7")
    assert not pad.is_marked_invalid()
    assert pad.call_button.isEnabled()


def test_enter_calls_the_canonical_number_once(qtbot: QtBot, pad: DialPad) -> None:
    calls: list[str] = []
    pad.call_requested.connect(calls.append)
    QTest.keyClicks(pad.field, "067 123-45-67")
    QTest.keyClick(pad.field, Qt.Key.Key_Return)
    assert calls == ["+380671234567"]


def test_enter_on_the_keypad_calls_too(qtbot: QtBot, pad: DialPad) -> None:
    pad.set_number("0441111111")
    with qtbot.waitSignal(pad.call_requested) as blocker:
        QTest.keyClick(pad.field, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert blocker.args == ["+380441111111"]


def test_clicking_call_requests_the_call(qtbot: QtBot, pad: DialPad) -> None:
    pad.set_number("tel:+380441111111")
    with qtbot.waitSignal(pad.call_requested) as blocker:
        QTest.mouseClick(pad.call_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["+380441111111"]


def test_busy_disables_call_and_a_fast_double_click_is_one_call(qtbot: QtBot, pad: DialPad) -> None:
    calls: list[str] = []

    def dial(number: str) -> None:
        calls.append(number)
        pad.set_busy(True)  # what the dialing flow does when it starts a request

    pad.call_requested.connect(dial)
    pad.set_number("0671234567")
    double_click(qtbot, pad.call_button)
    assert calls == ["+380671234567"]
    assert not pad.call_button.isEnabled()
    QTest.keyClick(pad.field, Qt.Key.Key_Return)
    assert calls == ["+380671234567"]
    pad.set_busy(False)
    assert pad.call_button.isEnabled()


def test_a_double_click_is_one_call_even_before_the_owner_goes_busy(
    qtbot: QtBot, pad: DialPad
) -> None:
    calls: list[str] = []
    pad.call_requested.connect(calls.append)
    pad.set_number("0671234567")
    # A generous interval, so that a loaded test machine cannot stretch the clicks apart.
    interval = QApplication.doubleClickInterval()
    QApplication.setDoubleClickInterval(5000)
    try:
        double_click(qtbot, pad.call_button)
        QTest.keyClick(pad.field, Qt.Key.Key_Return)
    finally:
        QApplication.setDoubleClickInterval(interval)
    assert calls == ["+380671234567"]


def test_set_number_accepts_links_and_marks_bad_input(pad: DialPad) -> None:
    pad.set_number("callto://+380671234567")
    assert pad.number() == "+380671234567"
    assert pad.field.text() == "+380 67 123 45 67"
    for not_a_number in ("Олена", "tel:0800FLOWERS", "0800 FLOWERS"):
        pad.set_number(not_a_number)
        assert pad.number() == ""  # no digits salvaged into a callable 0800
        assert pad.is_marked_invalid()
        assert not pad.call_button.isEnabled()
    pad.set_number("067123456")
    assert pad.is_marked_invalid()  # handed in whole, so an unfinished number is wrong


def test_every_control_is_named_for_assistive_technology(pad: DialPad) -> None:
    direct = Qt.FindChildOption.FindDirectChildrenOnly
    controls = [
        *pad.findChildren(QAbstractButton, options=direct),
        *pad.findChildren(QLineEdit, options=direct),
    ]
    assert len(controls) == 12 + 3  # the keys, Backspace, Call, the field
    for control in controls:
        assert control.accessibleName(), control.objectName()
        assert control.toolTip(), control.objectName()
    assert pad.keys["*"].accessibleName() == "Star"
    assert pad.keys["#"].accessibleName() == "Hash"
    assert pad.message_label.accessibleName()


def test_the_number_grows_smaller_rather_than_scroll_away(qtbot: QtBot, pad: DialPad) -> None:
    large = pad.field.font().pointSizeF()
    pad.resize(pad.minimumSizeHint())
    QTest.keyClicks(pad.field, "+3800671234567")  # the longest Ukrainian form, and invalid
    assert pad.field.font().pointSizeF() <= large
    metrics = pad.field.fontMetrics()
    assert metrics.horizontalAdvance(pad.field.text()) <= pad.field.width()
