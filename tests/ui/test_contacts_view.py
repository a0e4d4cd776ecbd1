"""The contacts page: listing and searching across alphabets, adding, editing, deleting, favourites,
calling, import and export, all through the widgets against a real ContactBook file."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QToolButton,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from fmc_desktop.core.contacts.book import ContactBook
from fmc_desktop.core.contacts.contact import Contact, ContactNumber, ContactSource
from fmc_desktop.core.contacts.contact_files import read_contact_file
from fmc_desktop.core.contacts.directory import Directory
from fmc_desktop.ui.contacts.contacts_model import Column, Role
from fmc_desktop.ui.contacts.view import ContactFilter, ContactsView


@pytest.fixture
def book(tmp_path: Path) -> Iterator[ContactBook]:
    """A real database file, opened the way the archive opens its own."""
    connection = sqlite3.connect(tmp_path / "archive.sqlite3", isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")
    book = ContactBook(connection)
    book.add(
        Contact(
            name="Олена Петренко",
            numbers=[
                ContactNumber.of("067 123 45 67", "mobile"),
                ContactNumber.of("044 555 66 77", "work"),
            ],
            department="Продажі",
            favourite=True,
        )
    )
    book.add(Contact(name="Olena Kovalenko", numbers=[ContactNumber.of("0502223344")]))
    book.add(Contact(name="Oleh Shevchenko", numbers=[ContactNumber.of("+380933334455")]))
    book.add(
        Contact(name="Ірина Бондар", numbers=[ContactNumber.of("0445556688")], department="IT")
    )
    # The company's directory, learnt from calls.
    book.learn_from_calls([("0631112233", "Андрій Коваль", "Склад")])
    yield book
    connection.close()


@pytest.fixture
def view(qtbot: QtBot, book: ContactBook) -> ContactsView:
    widget = ContactsView(book, Directory(book))
    qtbot.addWidget(widget)
    widget.resize(900, 480)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def names(view: ContactsView) -> list[str]:
    return [row.contact.name for row in view.rows()]


def row_of(view: ContactsView, name: str) -> int:
    return names(view).index(name)


def select(view: ContactsView, name: str) -> None:
    view.table.setCurrentIndex(view.model.index(row_of(view, name), Column.NAME))


def search(view: ContactsView, text: str) -> None:
    view.search_edit.setFocus()
    view.search_edit.clear()
    if text.isascii():
        QTest.keyClicks(view.search_edit, text)
    else:  # QTest types only ASCII; an input method inserts the rest
        view.search_edit.insert(text)


def test_everyone_is_listed_favourites_first_then_by_name(view: ContactsView) -> None:
    # By QCollator for the UI language, English here: Latin before Cyrillic, each by its own
    # alphabet (no longer by a Latin spelling of the Cyrillic names).
    assert names(view) == [
        "Олена Петренко",
        "Oleh Shevchenko",
        "Olena Kovalenko",
        "Андрій Коваль",
        "Ірина Бондар",
    ]
    model = view.model
    top = model.index(0, Column.FAVOURITE)
    assert isinstance(model.data(top, Qt.ItemDataRole.DecorationRole), QIcon)
    assert model.data(top, Qt.ItemDataRole.AccessibleTextRole) == "Favourite"
    assert model.data(model.index(1, Column.FAVOURITE), Qt.ItemDataRole.DecorationRole) is None
    assert model.data(model.index(0, Column.NUMBERS)) == (
        "067 123 45 67 (mobile), 044 555 66 77 (work)"
    )
    assert model.data(model.index(0, Column.DEPARTMENT)) == "Продажі"
    assert model.data(top, Role.CALL_NUMBER) == "+380671234567"
    assert model.data(model.index(3, Column.NAME), Role.SOURCE) == "pbx"  # Андрій Коваль
    assert view.count_label.text() == "Contacts listed: 5"
    assert view.table.currentIndex().row() == 0


def test_the_model_passes_qts_model_tester_filled_and_after_updates(
    view: ContactsView, qtmodeltester: ModelTester
) -> None:
    qtmodeltester.check(view.model)
    search(view, "olena")
    view.set_filter(ContactFilter.FAVOURITES)
    view.set_filter(ContactFilter.ALL)
    search(view, "nobody at all")
    assert view.model.rowCount() == 0
    qtmodeltester.check(view.model)


def test_search_finds_names_across_alphabets(view: ContactsView) -> None:
    search(view, "olena")
    assert names(view) == ["Олена Петренко", "Olena Kovalenko"]  # the favourite first
    search(view, "petrenko")
    assert names(view) == ["Олена Петренко"]
    search(view, "Олег")
    assert names(view) == ["Oleh Shevchenko"]
    search(view, "iryna")
    assert names(view) == ["Ірина Бондар"]
    search(view, "prodazhi")  # a department, transliterated
    assert names(view) == ["Олена Петренко"]


def test_search_finds_any_part_of_a_number(view: ContactsView) -> None:
    search(view, "33344")
    assert names(view) == ["Oleh Shevchenko"]
    search(view, "044 555")
    assert names(view) == ["Олена Петренко", "Ірина Бондар"]
    # The number that matched is the one a call from that line goes to.
    assert view.rows()[0].call_number == "+380445556677"


def test_nobody_found_says_so(view: ContactsView) -> None:
    search(view, "zzzz")
    assert view.pages.currentWidget() is view.hint
    assert view.hint.text() == "Nobody matches “zzzz”."
    assert not view.call_action.isEnabled()
    assert not view.edit_action.isEnabled()


def test_enter_in_the_search_box_calls_the_top_contact(qtbot: QtBot, view: ContactsView) -> None:
    search(view, "kovalenko")
    with qtbot.waitSignal(view.call_requested) as called:
        QTest.keyClick(view.search_edit, Qt.Key.Key_Return)
    assert called.args == ["+380502223344", "Olena Kovalenko"]


def test_down_then_enter_in_the_table_calls_the_second(qtbot: QtBot, view: ContactsView) -> None:
    search(view, "olena")
    QTest.keyClick(view.search_edit, Qt.Key.Key_Down)
    assert view.table.hasFocus()
    QTest.keyClick(view.table, Qt.Key.Key_Down)
    with qtbot.waitSignal(view.call_requested) as called:
        QTest.keyClick(view.table, Qt.Key.Key_Return)
    assert called.args == ["+380502223344", "Olena Kovalenko"]


def test_a_double_click_calls_the_first_number_and_a_click_never(
    qtbot: QtBot, view: ContactsView
) -> None:
    row = row_of(view, "Oleh Shevchenko")
    rect = view.table.visualRect(view.model.index(row, Column.NAME))
    with qtbot.assertNotEmitted(view.call_requested):
        QTest.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(view.call_requested) as called:
        QTest.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert called.args == ["+380933334455", "Oleh Shevchenko"]


def test_the_call_button_offers_each_number(qtbot: QtBot, view: ContactsView) -> None:
    select(view, "Олена Петренко")
    button = view.toolbar.widgetForAction(view.call_action)
    assert isinstance(button, QToolButton)
    assert button.menu() is view.call_menu
    choices = [a.text() for a in view.call_menu.actions()]
    assert choices == ["Call 067 123 45 67 (mobile)", "Call 044 555 66 77 (work)"]
    with qtbot.waitSignal(view.call_requested) as called:
        view.call_menu.actions()[1].trigger()
    assert called.args == ["+380445556677", "Олена Петренко"]
    with qtbot.waitSignal(view.call_requested) as called:
        view.call_action.trigger()
    assert called.args == ["+380671234567", "Олена Петренко"]
    select(view, "Olena Kovalenko")
    assert button.menu() is None


def test_a_new_contact_is_added_through_the_editor(
    qtbot: QtBot, view: ContactsView, book: ContactBook
) -> None:
    view.new_action.trigger()
    editor = view.editor
    assert editor is not None
    assert editor.isVisible()
    QTest.keyClicks(editor.name_edit, "Taras Melnyk")
    QTest.keyClicks(editor.number_rows[0].number_edit, "0971234567")
    with qtbot.waitSignal(view.contacts_changed):
        QTest.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "Taras Melnyk" in names(view)
    assert view.current_contact() is not None
    assert view.current_contact().name == "Taras Melnyk"  # type: ignore[union-attr]
    assert book.find_by_number("+380971234567") is not None
    assert view.editor is None


def test_a_saved_contact_hidden_by_the_search_is_shown(qtbot: QtBot, view: ContactsView) -> None:
    search(view, "olena")
    view.set_filter(ContactFilter.FAVOURITES)
    editor = view.new_contact(number="0971234567", name="Taras Melnyk")
    QTest.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert view.query() == ""
    assert view.filter() is ContactFilter.ALL
    assert view.current_contact().name == "Taras Melnyk"  # type: ignore[union-attr]


def test_editing_a_contact_updates_its_line(
    qtbot: QtBot, view: ContactsView, book: ContactBook
) -> None:
    select(view, "Olena Kovalenko")
    view.edit_action.trigger()
    editor = view.editor
    assert editor is not None
    editor.name_edit.selectAll()
    QTest.keyClicks(editor.name_edit, "Olena Kovalenko-Shevchuk")
    editor.add_number_row("044 222 11 00", "home")
    QTest.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "Olena Kovalenko-Shevchuk" in names(view)
    assert view.current_contact().name == "Olena Kovalenko-Shevchuk"  # type: ignore[union-attr]
    row = row_of(view, "Olena Kovalenko-Shevchuk")
    assert view.model.data(view.model.index(row, Column.NUMBERS)) == (
        "050 222 33 44, 044 222 11 00 (home)"
    )
    assert len(book.all()) == 5


def test_delete_asks_first_and_cancel_keeps_the_contact(
    view: ContactsView, book: ContactBook
) -> None:
    select(view, "Oleh Shevchenko")
    view.table.setFocus()
    QTest.keyClick(view.table, Qt.Key.Key_Delete)
    box = view.confirmation
    assert box is not None
    assert box.isVisible()
    assert box.text() == "Delete Oleh Shevchenko?"
    assert box.defaultButton() is not box.findChild(QPushButton, "confirmDeleteButton")
    box.reject()
    assert "Oleh Shevchenko" in names(view)
    assert len(book.all()) == 5


def test_delete_removes_the_contact_once_confirmed(
    qtbot: QtBot, view: ContactsView, book: ContactBook
) -> None:
    select(view, "Oleh Shevchenko")
    view.delete_action.trigger()
    box = view.confirmation
    assert box is not None
    delete_button = box.findChild(QPushButton, "confirmDeleteButton")
    assert delete_button is not None
    with qtbot.waitSignal(view.contacts_changed):
        delete_button.click()
    assert "Oleh Shevchenko" not in names(view)
    assert book.find_by_number("+380933334455") is None
    assert view.current_contact() is not None  # the selection moved on


def test_deleting_a_directory_entry_says_it_may_come_back(view: ContactsView) -> None:
    select(view, "Андрій Коваль")
    box = view.delete_current()
    assert box is not None
    assert "comes back" in box.informativeText()
    box.reject()


def test_favourite_toggles_and_moves_the_contact_up(view: ContactsView, book: ContactBook) -> None:
    select(view, "Oleh Shevchenko")
    assert not view.favourite_action.isChecked()
    view.favourite_action.trigger()
    oleh = book.find_by_number("+380933334455")
    assert oleh is not None
    assert oleh.favourite
    assert names(view)[:2] == ["Oleh Shevchenko", "Олена Петренко"]
    assert view.current_contact().name == "Oleh Shevchenko"  # type: ignore[union-attr]
    assert view.favourite_action.isChecked()
    view.favourite_action.trigger()
    oleh = book.find_by_number("+380933334455")
    assert oleh is not None
    assert not oleh.favourite
    assert names(view)[0] == "Олена Петренко"


def test_the_filter_lists_favourites_own_contacts_or_the_directory(view: ContactsView) -> None:
    view.set_filter(ContactFilter.FAVOURITES)
    assert names(view) == ["Олена Петренко"]
    view.set_filter(ContactFilter.PBX)
    assert names(view) == ["Андрій Коваль"]
    view.set_filter(ContactFilter.MINE)
    assert "Андрій Коваль" not in names(view)
    assert len(names(view)) == 4
    search(view, "koval")
    assert names(view) == ["Olena Kovalenko"]
    view.filter_combo.setCurrentIndex(view.filter_combo.findData(int(ContactFilter.ALL)))
    assert names(view) == ["Андрій Коваль", "Olena Kovalenko"]


def test_a_directory_entry_opens_read_only_and_a_copy_takes_its_place(
    qtbot: QtBot, view: ContactsView, book: ContactBook
) -> None:
    select(view, "Андрій Коваль")
    assert view.edit_action.text() == "&Open"
    editor = view.edit_current()
    assert editor is not None
    assert editor.is_read_only()
    QTest.mouseClick(editor.copy_button, Qt.MouseButton.LeftButton)
    QTest.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    # The user's copy has the number now: the company's entry steps back, as in search.
    assert names(view).count("Андрій Коваль") == 1
    assert view.current_contact().source is ContactSource.OWN  # type: ignore[union-attr]
    assert view.edit_action.text() == "&Edit"
    assert len(book.all()) == 6


def test_the_context_menu_has_the_actions_and_each_number(view: ContactsView) -> None:
    select(view, "Олена Петренко")
    menu = view.build_context_menu()
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == [
        "Call 067 123 45 67 (mobile)",
        "Call 044 555 66 77 (work)",
        "Cop&y number",
        "&Edit",
        "&Favourite",
        "&Delete",
        "&New",
    ]
    menu.close()


def test_copy_number_puts_it_on_the_clipboard(view: ContactsView, qapp: QApplication) -> None:
    select(view, "Oleh Shevchenko")
    view.copy_number_action.trigger()
    assert QApplication.clipboard().text() == "+380933334455"


VCARDS = """BEGIN:VCARD
VERSION:3.0
FN:Марія Гончаренко
TEL;TYPE=CELL:+380 97 765 43 21
ORG:Київстар;Бухгалтерія
EMAIL:maria@example.com
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:Olena Kovalenko
TEL;TYPE=work:044 333 22 11
TEL:050 222 33 44
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Nobody
TEL:not a number
END:VCARD
"""


def test_import_reports_added_merged_and_left_out(
    view: ContactsView, book: ContactBook, tmp_path: Path
) -> None:
    path = tmp_path / "people.vcf"
    path.write_text(VCARDS, encoding="utf-8")
    report = view.import_from(path)
    assert report is not None
    # Nobody comes in without the number that is not one; Olena Kovalenko shares a number.
    assert (report.added, report.merged) == (2, 1)
    assert len(report.rejected) == 1
    assert "not a phone number" in report.rejected[0].reason
    assert view.banner.isVisible()
    assert view.banner.text() == (
        "Imported from people.vcf, added: 2, merged into contacts you had: 1, left out: 1."
    )
    view.banner.action_button.click()  # "Why?"
    details = view.findChild(QMessageBox, "importRejectedDetails")
    assert details is not None
    assert details.isVisible()
    assert "“not a number” was skipped" in details.informativeText()
    assert "card 3" in details.informativeText()
    details.close()
    search(view, "mariia")
    assert names(view) == ["Марія Гончаренко"]
    kovalenko = book.find_by_number("0443332211")
    assert kovalenko is not None
    assert kovalenko.name == "Olena Kovalenko"


CORPUS = Path(__file__).resolve().parent.parent / "data" / "contacts"


def test_an_android_export_shows_its_labels_and_what_could_not_be_read(
    view: ContactsView, book: ContactBook
) -> None:
    report = view.import_from(CORPUS / "android_samsung_21.vcf")
    assert report is not None
    # Olena's mobile is already in the book: her card merges into that contact.
    assert (report.added, report.merged, len(report.rejected)) == (2, 1, 1)
    assert view.banner.text() == (
        "Imported from android_samsung_21.vcf, added: 2, merged into contacts you had: 1, "
        "left out: 1."
    )
    search(view, "Kovalenko")
    row = row_of(view, "Taras Kovalenko")
    # Samsung's custom label, comma and all, is shown beside its number.
    shown = view.model.data(view.model.index(row, Column.NUMBERS))
    assert isinstance(shown, str)
    assert [part.rpartition(" (")[2] for part in shown.split("), ")] == [
        "mobile",
        "callback",
        "Склад, 2 поверх)",
    ]
    view.banner.action_button.click()  # "Why?"
    details = view.findChild(QMessageBox, "importRejectedDetails")
    assert details is not None
    assert details.text() == (
        "These cards, rows, lines or numbers could not be read and were left out:"
    )
    assert details.informativeText().startswith(
        "card 3 (line 43): The number “067 123 45” was skipped: "
    )
    assert details.informativeText().endswith(
        "The contact Ірина Бондар came in without a phone number."
    )
    details.close()
    search(view, "Петренко")
    select(view, "Олена Петренко")
    editor = view.edit_current()
    assert editor is not None
    labels = [(r.number_edit.text(), r.label_combo.currentText()) for r in editor.number_rows]
    assert ("050 765 43 21", "Дача") in labels
    editor.close()


def test_a_long_list_of_problems_goes_under_details(view: ContactsView, tmp_path: Path) -> None:
    path = tmp_path / "many.vcf"
    path.write_text(
        "".join(
            f"BEGIN:VCARD\nVERSION:3.0\nFN:Person {k}\nTEL:067 123 45\nEND:VCARD\n"
            for k in range(20)
        ),
        encoding="utf-8",
    )
    report = view.import_from(path)
    assert report is not None
    assert len(report.rejected) == 20
    view.banner.action_button.click()
    details = view.findChild(QMessageBox, "importRejectedDetails")
    assert details is not None
    shown = details.informativeText().split("\n")
    assert len(shown) == 16
    assert shown[-1] == "… and 5 more (Show Details…)."
    assert details.detailedText().count("\n") == 19
    details.close()


def test_a_file_that_is_not_contacts_is_reported(view: ContactsView, tmp_path: Path) -> None:
    path = tmp_path / "notes.vcf"
    path.write_bytes(b"\x00\x01\x02 this is no vCard")
    assert view.import_from(path) is None
    assert view.banner.isVisible()
    assert view.banner.text().startswith("notes.vcf could not be imported:")
    assert len(names(view)) == 5


@pytest.mark.parametrize("suffix", [".vcf", ".csv"])
def test_export_writes_what_the_filter_lists_and_reads_back(
    view: ContactsView, tmp_path: Path, suffix: str
) -> None:
    view.set_filter(ContactFilter.MINE)
    search(view, "olena")  # the search does not narrow an export, the filter does
    path = tmp_path / f"contacts{suffix}"
    assert view.export_to(path) == 4
    assert view.banner.text() == f"Contacts exported to contacts{suffix}: 4."
    back = read_contact_file(path)
    assert back.rejected == []
    assert sorted(c.name for c in back.contacts) == sorted(
        ["Олена Петренко", "Olena Kovalenko", "Oleh Shevchenko", "Ірина Бондар"]
    )
    petrenko = next(c for c in back.contacts if c.name == "Олена Петренко")
    assert [(n.canonical, n.label) for n in petrenko.numbers] == [
        ("+380671234567", "mobile"),
        ("+380445556677", "work"),
    ]
    assert petrenko.favourite


def test_export_to_an_unknown_type_is_reported(view: ContactsView, tmp_path: Path) -> None:
    assert view.export_to(tmp_path / "contacts.txt") is None
    assert view.banner.text().startswith("The contacts could not be exported:")
    assert not (tmp_path / "contacts.txt").exists()


def test_a_change_made_elsewhere_shows_when_the_page_is_shown_again(
    qtbot: QtBot, view: ContactsView, book: ContactBook
) -> None:
    view.hide()
    book.add(Contact(name="Taras Melnyk", numbers=[ContactNumber.of("0971234567")]))
    view.show()
    qtbot.waitExposed(view)
    assert "Taras Melnyk" in names(view)


def test_an_empty_book_invites_adding_or_importing(qtbot: QtBot, tmp_path: Path) -> None:
    connection = sqlite3.connect(tmp_path / "empty.sqlite3", isolation_level=None)
    book = ContactBook(connection)
    view = ContactsView(book, Directory(book))
    qtbot.addWidget(view)
    view.show()
    assert view.pages.currentWidget() is view.hint
    assert view.hint.text().startswith("No contacts yet.")
    assert not view.delete_action.isEnabled()
    assert view.new_action.isEnabled()
    view.close()
    connection.close()


def test_every_control_has_an_accessible_name_and_a_tooltip(view: ContactsView) -> None:
    missing = [
        f"{type(w).__name__} {w.objectName()} {getattr(w, 'text', lambda: '')()}"
        for w in view.findChildren(QWidget)
        if isinstance(w, QLineEdit | QComboBox | QAbstractButton)
        and w.isVisible()
        and not isinstance(w.parentWidget(), QComboBox)
        and w.objectName() != "qt_toolbar_ext_button"
        and (not w.accessibleName() or not w.toolTip())
    ]
    assert missing == []
    assert view.table.accessibleName() == "Contacts"
    header = view.model.headerData(
        Column.FAVOURITE, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
    assert header == "Favourite"


def test_the_toolbar_drops_its_words_when_narrow(qtbot: QtBot, view: ContactsView) -> None:
    import_button = view.toolbar.widgetForAction(view.import_action)
    new_button = view.toolbar.widgetForAction(view.new_action)
    assert isinstance(import_button, QToolButton)
    assert isinstance(new_button, QToolButton)
    assert import_button.toolButtonStyle() is Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    view.resize(380, 400)
    qtbot.waitUntil(lambda: new_button.toolButtonStyle() is Qt.ToolButtonStyle.ToolButtonIconOnly)
    view.resize(900, 400)
    qtbot.waitUntil(
        lambda: import_button.toolButtonStyle() is Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    )


class _Shouting(QTranslator):
    """A stand-in catalogue that writes every string of the page in capitals."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        if context in ("ContactsView", "ContactsModel", "ContactLabels"):
            return source.upper()
        return None

    def isEmpty(self) -> bool:
        return False


def test_a_language_change_retranslates_the_page(qtbot: QtBot, view: ContactsView) -> None:
    translator = _Shouting()
    QCoreApplication.installTranslator(translator)
    try:
        qtbot.waitUntil(lambda: view.new_action.text() == "&NEW")
        assert view.filter_combo.itemText(0) == "ALL"
        assert view.model.headerData(Column.NAME, Qt.Orientation.Horizontal) == "NAME"
        assert view.count_label.text() == "CONTACTS LISTED: 5"
        numbers = view.model.data(view.model.index(0, Column.NUMBERS))
        assert numbers == "067 123 45 67 (MOBILE), 044 555 66 77 (WORK)"
    finally:
        QCoreApplication.removeTranslator(translator)
    qtbot.waitUntil(lambda: view.new_action.text() == "&New")


def test_the_model_answers_nothing_for_indexes_it_does_not_have(view: ContactsView) -> None:
    model = view.model
    assert model.data(QModelIndex()) is None
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.row_data(99) is None
