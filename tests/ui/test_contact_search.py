"""The contact search list: typing finds people in either alphabet, Enter calls the top one."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from fmc_desktop.core.contacts.contact import Contact, ContactNumber
from fmc_desktop.core.contacts.directory import Directory
from fmc_desktop.ui.contacts.search_box import ContactResult, ContactSearch, Role


def people() -> list[Contact]:
    return [
        Contact(
            name="Олена Петренко",
            numbers=[ContactNumber.of("067 123 45 67", "mobile")],
            department="Продажі",
            favourite=True,
        ),
        Contact(name="Olena Kovalenko", numbers=[ContactNumber.of("0502223344")]),
        Contact(name="Oleh Shevchenko", numbers=[ContactNumber.of("+380933334455")]),
        Contact(name="Ірина Бондар", numbers=[ContactNumber.of("0445556677")], department="IT"),
    ]


@pytest.fixture
def search(qtbot: QtBot) -> ContactSearch:
    widget = ContactSearch(Directory(contacts=people()))
    qtbot.addWidget(widget)
    widget.resize(320, 360)
    widget.show()
    qtbot.waitExposed(widget)
    widget.field.setFocus()
    return widget


def names(search: ContactSearch) -> list[str]:
    return [r.name for r in search.results()]


def test_latin_typing_finds_cyrillic_names_and_enter_calls_the_top_one(
    qtbot: QtBot, search: ContactSearch
) -> None:
    QTest.keyClicks(search.field, "olena")
    assert names(search)[0] == "Олена Петренко"  # the favourite first
    assert "Olena Kovalenko" in names(search)
    with qtbot.waitSignal(search.call_requested) as called:
        QTest.keyClick(search.field, Qt.Key.Key_Return)
    assert called.args == ["+380671234567", "Олена Петренко"]


def test_cyrillic_typing_finds_latin_names(search: ContactSearch) -> None:
    # QTest types only ASCII (it aborts on anything else), so the text goes in as an input
    # method would put it.
    search.field.insert("Олег")
    assert names(search) == ["Oleh Shevchenko"]


def test_down_then_enter_calls_the_second_result(qtbot: QtBot, search: ContactSearch) -> None:
    QTest.keyClicks(search.field, "olena")
    QTest.keyClick(search.field, Qt.Key.Key_Down)
    assert search.field.hasFocus()  # the field keeps the keyboard
    with qtbot.waitSignal(search.call_requested) as called:
        QTest.keyClick(search.field, Qt.Key.Key_Return)
    assert called.args[1] == names(search)[1]


def test_any_part_of_a_number_finds_its_owner(search: ContactSearch) -> None:
    search.set_query("33344")
    # Five digits could also be an extension: offered last, as a number to call as typed.
    assert names(search) == ["Oleh Shevchenko", ""]
    search.set_query("067 123")
    assert names(search) == ["Олена Петренко"]


def test_a_full_number_nobody_has_can_be_called_from_the_search(
    qtbot: QtBot, search: ContactSearch
) -> None:
    search.set_query("+48 22 123 45 67")
    top = search.results()[0]
    assert top.name == ""
    assert top.canonical == "+48221234567"
    with qtbot.waitSignal(search.call_requested) as called:
        QTest.keyClick(search.field, Qt.Key.Key_Return)
    assert called.args == ["+48221234567", ""]


def test_a_result_shows_name_number_department_and_star(search: ContactSearch) -> None:
    search.set_query("petrenko")
    index = search.model.index(0, 0)
    assert index.data(Role.NAME) == "Олена Петренко"
    assert index.data(Role.NUMBER) == "067 123 45 67"
    assert index.data(Role.DEPARTMENT) == "Продажі"
    assert index.data(Role.FAVOURITE) is True
    assert index.data(Role.LABEL) == "mobile"
    assert "favourite" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert not search.grab().isNull()  # the delegate paints without complaint


def test_nothing_is_called_while_a_dial_is_in_flight(qtbot: QtBot, search: ContactSearch) -> None:
    search.set_query("olena")
    search.set_busy(True)
    with qtbot.assertNotEmitted(search.call_requested):
        QTest.keyClick(search.field, Qt.Key.Key_Return)
    search.set_busy(False)
    assert search.call_current()


def test_no_match_shows_a_hint(search: ContactSearch) -> None:
    search.set_query("zzzz")
    assert search.results() == []
    assert search.pages.currentWidget() is search.hint
    assert search.hint.text()
    search.set_query("")
    assert search.pages.currentWidget() is search.hint


def test_the_results_model_is_a_well_behaved_model(
    qtmodeltester: ModelTester, search: ContactSearch
) -> None:
    search.set_query("ol")
    qtmodeltester.check(search.model)
    search.model.set_results(
        [ContactResult("A", "067 000 00 01", "+380670000001"), ContactResult("", "101", "101")]
    )
    qtmodeltester.check(search.model)
    search.set_query("")
    qtmodeltester.check(search.model)
