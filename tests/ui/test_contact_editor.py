"""The contact editor: new and edited contacts reach the book, numbers are checked as typed, and the
company's directory entries open read-only with a way to copy them."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from fmc_desktop.core.contacts.book import ContactBook
from fmc_desktop.core.contacts.contact import Contact, ContactNumber, ContactSource
from fmc_desktop.ui.contacts.editor import ContactEditor, Mode, NumberRow, Severity, number_problem


@pytest.fixture
def book(tmp_path: Path) -> Iterator[ContactBook]:
    """A real database file, opened the way the archive opens its own."""
    connection = sqlite3.connect(tmp_path / "archive.sqlite3", isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")
    yield ContactBook(connection)
    connection.close()


def open_editor(qtbot: QtBot, book: ContactBook, **kwargs: object) -> ContactEditor:
    editor = ContactEditor(book, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def type_into(widget: QLineEdit, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    if text.isascii():
        QTest.keyClicks(widget, text)
    else:  # QTest types only ASCII; an input method inserts the rest
        widget.insert(text)


def test_a_new_contact_from_the_history_is_saved_with_its_number(
    qtbot: QtBot, book: ContactBook
) -> None:
    editor = open_editor(qtbot, book, number="+380671234567", name="Олена Петренко")
    assert editor.mode is Mode.NEW
    assert editor.name_edit.text() == "Олена Петренко"
    assert editor.number_rows[0].number() == "+380671234567"
    editor.number_rows[0].label_combo.setCurrentIndex(0)  # mobile
    type_into(editor.department_edit, "Sales")
    with qtbot.waitSignal(editor.saved) as saved:
        QTest.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    stored = saved.args[0]
    assert editor.result() == ContactEditor.DialogCode.Accepted
    assert book.get(stored.id) == stored
    assert stored.name == "Олена Петренко"
    assert stored.department == "Sales"
    assert stored.numbers == [ContactNumber("+380671234567", "+380671234567", "mobile")]
    assert stored.source is ContactSource.OWN


def test_several_numbers_each_with_a_label_keep_their_order(
    qtbot: QtBot, book: ContactBook
) -> None:
    editor = open_editor(qtbot, book)
    type_into(editor.name_edit, "Ivan Shevchenko")
    type_into(editor.number_rows[0].number_edit, "067 123 45 67")
    QTest.mouseClick(editor.add_number_button, Qt.MouseButton.LeftButton)
    QTest.mouseClick(editor.add_number_button, Qt.MouseButton.LeftButton)
    assert len(editor.number_rows) == 3
    assert editor.focusWidget() is editor.number_rows[2].number_edit
    first, second, third = editor.number_rows
    first.label_combo.setCurrentIndex(first.label_combo.findData("mobile"))
    type_into(second.number_edit, "044 555 66 77")
    second.label_combo.setCurrentIndex(second.label_combo.findData("work"))
    type_into(third.number_edit, "1234")
    line = third.label_combo.lineEdit()
    assert line is not None
    type_into(line, "reception desk")
    assert editor.can_save()
    stored = editor.save()
    assert stored is not None
    assert [(n.canonical, n.label) for n in book.get(stored.id or 0).numbers] == [  # type: ignore[union-attr]
        ("+380671234567", "mobile"),
        ("+380445556677", "work"),
        ("1234", "reception desk"),
    ]


def test_an_invalid_number_is_marked_with_the_reason_and_blocks_save(
    qtbot: QtBot, book: ContactBook
) -> None:
    editor = open_editor(qtbot, book, name="Iryna Bondar")
    row = editor.number_rows[0]
    type_into(row.number_edit, "067 123")
    assert not editor.can_save()
    assert row.check().severity is Severity.ERROR
    assert row.message_label.isVisible()
    assert row.message_label.text() == (
        "A Ukrainian number has 10 digits starting with 0: 067 123 45 67."
    )
    assert "Number 1" in editor.save_button.toolTip()
    assert editor.save() is None
    assert book.all() == []
    QTest.keyClicks(row.number_edit, " 45 67")
    assert editor.can_save()
    assert not row.message_label.isVisible()
    type_into(row.number_edit, "067 abc")
    assert row.message_label.text() == "A phone number has no letters."
    assert not editor.can_save()


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("+380 067 123 45 6", "After 380 a Ukrainian number has 9 more digits"),
        ("+12345", "An international number needs at least 7 digits"),
        ("+44 20 7946", "No number of this country code has that many digits"),
        ("+999 123 456", "No number of this country code has that many digits"),
        ("+380 067 123 45 67", None),  # the trunk 0 after the code is dropped
        ("+44 (0)20 7946 0958", None),
        ("1234567890123456", "Too many digits"),
        ("067/123", "“/” is not used in phone numbers."),
        ("12345678901", "A number this long needs a 0 in front"),
        ("0671234567", None),
        ("101", None),
        ("*100#", None),
    ],
)
def test_number_problems_are_said_in_words(
    qapp: QApplication, typed: str, reason: str | None
) -> None:
    problem = number_problem(typed)
    if reason is None:
        assert problem is None
    else:
        assert problem is not None
        assert problem.startswith(reason)


def test_the_same_number_twice_is_a_warning_and_is_saved_once(
    qtbot: QtBot, book: ContactBook
) -> None:
    editor = open_editor(qtbot, book, name="Olena", number="0671234567")
    second = editor.add_number_row("+380 67 123 45 67")
    assert second.check().severity is Severity.WARNING
    assert second.message_label.text() == "The same number as number 1: it is saved once."
    assert editor.can_save()
    stored = editor.save()
    assert stored is not None
    assert [n.canonical for n in stored.numbers] == ["+380671234567"]


def test_a_number_another_contact_has_is_a_warning(qtbot: QtBot, book: ContactBook) -> None:
    book.add(Contact(name="Олена Петренко", numbers=[ContactNumber.of("0671234567")]))
    editor = open_editor(qtbot, book, name="Reception", number="067 123 45 67")
    row = editor.number_rows[0]
    assert row.check().severity is Severity.WARNING
    assert row.message_label.text() == "Олена Петренко has this number too."
    assert editor.can_save()


def test_a_name_is_required(qtbot: QtBot, book: ContactBook) -> None:
    editor = open_editor(qtbot, book, number="0671234567")
    assert not editor.can_save()
    assert "Type a name." in editor.save_button.toolTip()
    type_into(editor.name_edit, "   ")
    assert not editor.can_save()
    type_into(editor.name_edit, "Olena")
    assert editor.can_save()


def test_an_email_must_look_like_one(qtbot: QtBot, book: ContactBook) -> None:
    editor = open_editor(qtbot, book, name="Olena", number="0671234567")
    type_into(editor.email_edit, "olena.example.com")
    assert not editor.can_save()
    assert editor.email_message.isVisible()
    type_into(editor.email_edit, "olena@example.com")
    assert editor.can_save()
    stored = editor.save()
    assert stored is not None
    assert stored.email == "olena@example.com"


def test_editing_changes_the_stored_contact_in_place(qtbot: QtBot, book: ContactBook) -> None:
    stored = book.add(
        Contact(
            name="Olena Petrenko",
            numbers=[ContactNumber.of("0671234567", "mobile"), ContactNumber.of("0445556677")],
            email="olena@example.com",
            note="Calls back after lunch",
            favourite=True,
        )
    )
    editor = open_editor(qtbot, book, contact=stored)
    assert editor.mode is Mode.EDIT
    assert editor.windowTitle() == "Edit contact"
    assert editor.favourite_check.isChecked()
    assert editor.note_edit.toPlainText() == "Calls back after lunch"
    assert editor.number_rows[0].label_combo.currentText() == "mobile"
    type_into(editor.name_edit, "Olena Kovalenko")
    QTest.mouseClick(editor.number_rows[1].remove_button, Qt.MouseButton.LeftButton)
    assert len(editor.number_rows) == 1
    QTest.mouseClick(editor.favourite_check, Qt.MouseButton.LeftButton)
    QTest.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    again = book.get(stored.id or 0)
    assert again is not None
    assert again.name == "Olena Kovalenko"
    assert [n.canonical for n in again.numbers] == ["+380671234567"]
    assert not again.favourite
    assert again.email == "olena@example.com"
    assert len(book.all()) == 1


def test_removing_the_only_number_empties_it_instead(qtbot: QtBot, book: ContactBook) -> None:
    editor = open_editor(qtbot, book, name="Olena", number="0671234567")
    editor.remove_number_row(editor.number_rows[0])
    assert len(editor.number_rows) == 1
    assert editor.number_rows[0].number() == ""
    stored = editor.save()
    assert stored is not None
    assert stored.numbers == []


def test_a_contact_deleted_meanwhile_is_reported_and_the_dialog_stays(
    qtbot: QtBot, book: ContactBook
) -> None:
    stored = book.add(Contact(name="Olena", numbers=[ContactNumber.of("0671234567")]))
    editor = open_editor(qtbot, book, contact=stored)
    book.delete(stored.id or 0)
    assert editor.save() is None
    assert editor.isVisible()
    assert editor.banner.isVisible()
    assert "no longer exists" in editor.banner.text()


def test_a_company_directory_entry_opens_read_only_and_can_be_copied(
    qtbot: QtBot, book: ContactBook
) -> None:
    book.learn_from_calls([("0631112233", "Андрій Коваль", "Склад")])
    (entry,) = book.all()
    assert entry.source is ContactSource.PBX
    editor = open_editor(qtbot, book, contact=entry)
    assert editor.is_read_only()
    assert editor.name_edit.isReadOnly()
    assert editor.number_rows[0].number_edit.isReadOnly()
    assert not editor.save_button.isVisible()
    assert not editor.add_number_button.isVisible()
    assert editor.copy_button.isVisible()
    assert "company's directory" in editor.banner.text()

    QTest.mouseClick(editor.copy_button, Qt.MouseButton.LeftButton)
    assert editor.mode is Mode.COPY_PBX
    assert not editor.name_edit.isReadOnly()
    assert editor.save_button.isVisible()
    assert editor.can_save()
    editor.add_number_row("050 222 33 44", "mobile")
    type_into(editor.email_edit, "andrii@example.com")
    copy = editor.save()
    assert copy is not None
    assert copy.id != entry.id
    assert copy.source is ContactSource.OWN
    assert [n.canonical for n in copy.numbers] == ["+380631112233", "+380502223344"]
    # The company's entry stays as the PBX keeps it; the user's copy wins for its numbers.
    assert book.get(entry.id or 0) == entry
    assert book.find_by_number("0631112233") == copy


def test_every_control_has_an_accessible_name_and_a_tooltip(
    qtbot: QtBot, book: ContactBook
) -> None:
    editor = open_editor(qtbot, book, name="Olena", number="0671234567")
    editor.add_number_row()
    missing = [
        f"{type(w).__name__} {w.objectName()}"
        for w in editor.findChildren(QWidget)
        if isinstance(w, QLineEdit | QComboBox | QAbstractButton | QPlainTextEdit)
        and w.isVisible()
        and not isinstance(w.parentWidget(), QComboBox)  # the combo's own line edit
        and (not w.accessibleName() or not w.toolTip())
    ]
    assert missing == []


class _Shouting(QTranslator):
    """A stand-in catalogue that writes every string of ours in capitals."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        if context in ("ContactEditor", "NumberRow", "ContactLabels"):
            return source.upper()
        return None

    def isEmpty(self) -> bool:
        return False


def test_a_language_change_retranslates_the_open_dialog(
    qtbot: QtBot, book: ContactBook, qapp: QApplication
) -> None:
    editor = open_editor(qtbot, book, name="Olena", number="067 12")
    row: NumberRow = editor.number_rows[0]
    row.label_combo.setCurrentIndex(row.label_combo.findData("work"))
    translator = _Shouting()
    QCoreApplication.installTranslator(translator)
    try:
        qtbot.waitUntil(lambda: editor.windowTitle() == "NEW CONTACT")
        assert editor.save_button.text() == "&SAVE"
        assert row.label_combo.currentText() == "WORK"
        assert row.label() == "work"  # still stored by its English key
        assert row.message_label.text().startswith("A UKRAINIAN NUMBER")
    finally:
        QCoreApplication.removeTranslator(translator)
    qtbot.waitUntil(lambda: editor.windowTitle() == "New contact")
