"""A favourite is a named contact: the one who has the number, or a new one named by the user."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from fmc_desktop.core.contacts.book import ContactBook
from fmc_desktop.core.contacts.contact import Contact, ContactNumber
from fmc_desktop.core.contacts.directory import Directory
from fmc_desktop.core.contacts.favourites import make_favourite, suggested_name


@pytest.fixture
def book(tmp_path: Path) -> Iterator[ContactBook]:
    db = sqlite3.connect(tmp_path / "archive.sqlite3", isolation_level=None)
    db.execute("PRAGMA foreign_keys = ON")
    yield ContactBook(db)
    db.close()


def never_asked() -> str:
    raise AssertionError("a contact has the number: no name should be asked for")


def test_a_known_number_makes_its_contact_a_favourite_without_asking(book: ContactBook) -> None:
    olena = book.add(Contact(name="Олена", numbers=[ContactNumber.of("0671234567")]))
    made = make_favourite(book, "+380 67 123 45 67", never_asked)
    assert made is not None
    assert made.id == olena.id
    assert made.favourite
    assert [c.name for c in book.favourites()] == ["Олена"]
    assert len(book.all()) == 1


def test_an_unknown_number_becomes_a_contact_under_the_name_given(book: ContactBook) -> None:
    made = make_favourite(book, "+380441234500", lambda: "  Бухгалтерія ")
    assert made is not None
    assert made.name == "Бухгалтерія"
    found = book.find_by_number("0441234500")
    assert found is not None
    assert found.favourite
    assert [n.canonical for n in found.numbers] == ["+380441234500"]


def test_no_name_adds_nothing(book: ContactBook) -> None:
    assert make_favourite(book, "+380441234500", lambda: "") is None
    assert make_favourite(book, "+380441234500", lambda: "   ") is None
    assert book.find_by_number("+380441234500") is None
    assert book.favourites() == []


def test_the_name_offered_is_the_calls_own_then_the_address_books(book: ContactBook) -> None:
    book.add(Contact(name="Юлія Кравченко", numbers=[ContactNumber.of("0671112299")]))
    directory = Directory(book)
    assert suggested_name("+380671112299", "Юля (PBX)", directory) == "Юля (PBX)"
    assert suggested_name("+380671112299", None, directory) == "Юлія Кравченко"
    assert suggested_name("+380671112299", "", directory) == "Юлія Кравченко"
    assert suggested_name("+380931112299", None, directory) == ""
