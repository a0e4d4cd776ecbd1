"""The contact directory: the book in SQLite, learning from calls, search, and contact files."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from fmc_desktop.core.api.clock import ManualClock
from fmc_desktop.core.api.errors import InvalidInputError, ParseError
from fmc_desktop.core.contacts.book import (
    CHANGE_LOG_LENGTH,
    SCHEMA_STATEMENTS,
    BookCopy,
    ContactBook,
    ensure_schema,
)
from fmc_desktop.core.contacts.contact import (
    Contact,
    ContactNumber,
    ContactSource,
    visible_contacts,
)
from fmc_desktop.core.contacts.contact_files import export_contacts, import_contacts, read_contacts
from fmc_desktop.core.contacts.csv_layouts import write_google_csv
from fmc_desktop.core.contacts.directory import Directory, Match, Quality
from fmc_desktop.core.contacts.formats import ContactFileFormat
from fmc_desktop.core.contacts.vcard_writer import write_vcards
from fmc_desktop.core.search.matching import latin_key, loose_key, script_key

DAY = 86_400


@pytest.fixture
def connection(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """A real database file, opened the way the archive opens its own."""
    db = sqlite3.connect(tmp_path / "archive.sqlite3", isolation_level=None)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA journal_mode = WAL")
    yield db
    db.close()


@pytest.fixture
def book(connection: sqlite3.Connection) -> ContactBook:
    return ContactBook(connection)


def person(name: str, *numbers: str, **fields: Any) -> Contact:
    return Contact(name=name, numbers=[ContactNumber.of(n) for n in numbers], **fields)


def names(matches: list[Match]) -> list[str | None]:
    return [m.contact.name if m.contact else None for m in matches]


def same_fields(contact: Contact) -> tuple[object, ...]:
    """Everything a file keeps: not the id, and not where the entry came from."""
    return (
        contact.name,
        [(n.raw, n.canonical, n.label) for n in contact.numbers],
        contact.organisation,
        contact.department,
        contact.email,
        contact.note,
        contact.favourite,
    )


# --- the schema ---------------------------------------------------------------------------------


def test_schema_can_run_inside_the_archives_migration_transaction(
    connection: sqlite3.Connection,
) -> None:
    connection.execute("BEGIN IMMEDIATE")
    ensure_schema(connection)
    ensure_schema(connection)  # idempotent
    connection.execute("ROLLBACK")
    assert connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    ContactBook.ensure_schema(connection)
    tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    assert {"contacts", "contact_numbers"} <= tables
    assert all("IF NOT EXISTS" in statement for statement in SCHEMA_STATEMENTS)


def test_a_plain_connection_works_too(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "plain.sqlite3")  # Python's default transaction handling
    book = ContactBook(db)
    stored = book.add(person("Олена Петренко", "067 123 45 67"))
    db.close()
    reopened = sqlite3.connect(tmp_path / "plain.sqlite3")
    assert ContactBook(reopened).get(stored.id or 0) == stored
    reopened.close()


def test_writes_join_a_transaction_the_caller_already_has(
    connection: sqlite3.Connection, book: ContactBook
) -> None:
    connection.execute("BEGIN")
    book.add(person("Іван Франко", "0501112233"))
    connection.execute("ROLLBACK")
    assert book.all() == []


# --- the book -----------------------------------------------------------------------------------


def test_add_get_update_delete(book: ContactBook) -> None:
    stored = book.add(
        Contact(
            name="  Олена   Петренко ",
            numbers=[
                ContactNumber.of("+38 (067) 123-45-67", "mobile"),
                ContactNumber.of("044 111 11 11", "work"),
            ],
            organisation="Київстар",
            department="Відділ продажів",
            email="olena@example.com",
            note="Дзвонити після 10:00",
        )
    )
    assert stored.id is not None
    assert stored.name == "Олена Петренко"
    assert [n.canonical for n in stored.numbers] == ["+380671234567", "+380441111111"]
    assert book.get(stored.id) == stored

    edited = replace(
        stored,
        numbers=[ContactNumber.of("0441111111", "reception"), ContactNumber.of("0931112233")],
        department="Бухгалтерія",
    )
    book.update(edited)
    again = book.get(stored.id)
    assert again is not None
    assert [(n.raw, n.label) for n in again.numbers] == [
        ("0441111111", "reception"),
        ("0931112233", ""),
    ]
    assert again.department == "Бухгалтерія"

    assert book.delete(stored.id)
    assert book.get(stored.id) is None
    assert not book.delete(stored.id)


def test_numbers_keep_their_order_and_one_phone_is_kept_once(book: ContactBook) -> None:
    stored = book.add(person("A", "0501112233", "067 123 45 67", "+380501112233", "101"))
    assert [n.raw for n in stored.numbers] == ["0501112233", "067 123 45 67", "101"]


def test_the_book_refuses_what_it_cannot_store(book: ContactBook) -> None:
    with pytest.raises(InvalidInputError, match="needs a name"):
        book.add(person("   ", "0501112233"))
    with pytest.raises(InvalidInputError, match="no digits"):
        book.add(Contact(name="X", numbers=[ContactNumber.of("ABC")]))
    with pytest.raises(InvalidInputError, match="not been saved"):
        book.update(person("Y"))
    with pytest.raises(InvalidInputError, match="no longer exists"):
        book.update(replace(person("Y"), id=999))
    with pytest.raises(InvalidInputError, match="no longer exists"):
        book.set_favourite(999)


def test_favourites(book: ContactBook) -> None:
    a = book.add(person("Богдан", "0501112233"))
    b = book.add(person("Андрій", "0501112244"))
    book.set_favourite(a.id or 0)
    book.set_favourite(b.id or 0)
    assert [c.name for c in book.favourites()] == ["Андрій", "Богдан"]
    book.set_favourite(a.id or 0, False)
    assert [c.name for c in book.favourites()] == ["Андрій"]
    assert book.get(b.id or 0) == replace(b, favourite=True)


def test_find_by_number_in_any_spelling_prefers_own_contacts(book: ContactBook) -> None:
    book.learn_from_calls([("0671234567", "Олена П. (PBX)", "Продажі")])
    assert (found := book.find_by_number("+380 67 123 45 67")) is not None
    assert found.source is ContactSource.PBX
    own = book.add(person("Олена Петренко", "380671234567"))
    assert book.find_by_number("067-123-45-67") == own
    assert book.find_by_number("0999999999") is None


def test_the_change_log_names_what_changed(book: ContactBook) -> None:
    start = book.revision
    a = book.add(person("A", "0501112233"))
    b = book.add(person("B", "0501112244"))
    book.delete(a.id or 0)
    assert book.changes_since(start) == frozenset({a.id or 0, b.id or 0})
    assert book.changes_since(book.revision) == frozenset()
    assert book.changes_since(-100) is None


def test_a_book_copy_follows_every_change(book: ContactBook) -> None:
    a = book.add(person("A", "0501112233"))
    copy = BookCopy(book)
    assert copy.revision is None
    first = copy.contacts()
    assert set(first) == {a.id}
    assert copy.contacts() is first  # nothing changed: nothing read again
    b = book.add(person("B", "0501112244"))
    book.update(replace(a, name="A. Petrenko"))
    assert {c.name for c in copy.contacts().values()} == {"A. Petrenko", "B"}
    book.delete(b.id or 0)
    assert list(copy.contacts()) == [a.id]
    assert copy.revision == book.revision
    # More writes than the change log keeps: the copy reads the whole book again.
    added = [book.add(person(f"C{i}", f"05022200{i:02d}")) for i in range(CHANGE_LOG_LENGTH + 1)]
    assert set(copy.contacts()) == {a.id} | {c.id for c in added}


# --- learning from calls ------------------------------------------------------------------------


def test_learn_builds_the_pbx_directory_with_every_number_a_person_used(
    book: ContactBook,
) -> None:
    report = book.learn_from_calls(
        [
            ("0671234567", "Олена Петренко", "Продажі"),
            ("+380441111111", "Олена Петренко", "Продажі"),
            ("380671234567", "Олена Петренко", "Продажі"),  # the same phone again
            ("0502223344", "Іван Франко", None),
            ("0939999999", None, None),  # no name: nothing to learn
            ("0939999998", "", "Склад"),
        ]
    )
    assert (report.added, report.updated, report.removed) == (2, 0, 0)
    entries = {c.name: c for c in book.all()}
    assert set(entries) == {"Олена Петренко", "Іван Франко"}
    olena = entries["Олена Петренко"]
    assert olena.source is ContactSource.PBX
    assert olena.department == "Продажі"
    assert [n.canonical for n in olena.numbers] == ["+380671234567", "+380441111111"]


def test_learn_refreshes_departments_and_follows_a_number_to_its_new_owner(
    book: ContactBook,
) -> None:
    book.learn_from_calls(
        [("0671234567", "Олена Петренко", ""), ("0501112233", "Петро Мельник", "Склад")]
    )
    petro = book.find_by_number("0501112233")
    assert petro is not None
    book.set_favourite(petro.id or 0)

    report = book.learn_from_calls(
        [
            ("0671234567", "Олена Петренко", "Продажі"),  # now with her department
            ("0501112233", "Марія Коваль", "Склад"),  # Petro's phone went to Maria
        ]
    )
    assert (report.added, report.updated, report.removed) == (1, 1, 1)
    entries = {c.name: c for c in book.all()}
    assert set(entries) == {"Олена Петренко", "Марія Коваль"}
    assert entries["Олена Петренко"].department == "Продажі"
    assert entries["Марія Коваль"].numbers[0].canonical == "+380501112233"
    assert not entries["Марія Коваль"].favourite

    assert book.learn_from_calls([("0671234567", "Олена Петренко", "Продажі")]).added == 0


def test_learning_never_touches_the_users_own_contacts(book: ContactBook) -> None:
    mine = book.add(
        person("Мама", "0671234567", note="дзвонити ввечері", favourite=True, department="")
    )
    book.learn_from_calls(
        [("0671234567", "Олена Петренко", "Продажі"), ("0671234567", "Хтось Інший", "Склад")]
    )
    assert book.all() == [mine]

    # An edited PBX entry becomes the user's own, and stays as the user wrote it.
    book.learn_from_calls([("0501112233", "Іван Франко", "Склад")])
    ivan = book.find_by_number("0501112233")
    assert ivan is not None
    book.update(replace(ivan, name="Іван Якович", note="бухгалтер"))
    book.learn_from_calls([("0501112233", "Франко Іван", "Бухгалтерія")])
    kept = book.get(ivan.id or 0)
    assert kept is not None
    assert (kept.name, kept.department, kept.source) == ("Іван Якович", "Склад", "own")
    assert len(book.all()) == 2


# --- search -------------------------------------------------------------------------------------


@pytest.fixture
def directory(book: ContactBook, clock: ManualClock) -> Directory:
    for contact in (
        person("Олена Петренко", "+380671234567", department="Відділ продажів"),
        person("Olena Smith", "+48 22 123 45 67", organisation="Acme"),
        person("Андрій Юрченко", "0501112233", department="Бухгалтерія"),
        person("Yuliia Kovalenko", "0661234000"),
        person("Мар'яна Зґурська", "0731112299"),
        person("Zoë Müller", "+49 30 1234567"),
        person("Приймальня", "101"),
    ):
        book.add(contact)
    return Directory(book, clock=clock)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("olena", ["Olena Smith", "Олена Петренко"]),
        ("OLENA", ["Olena Smith", "Олена Петренко"]),
        ("petrenko", ["Олена Петренко"]),
        ("petr", ["Олена Петренко"]),
        ("Олена", ["Olena Smith", "Олена Петренко"]),
        ("олена петр", ["Олена Петренко"]),
        ("петренко олена", ["Олена Петренко"]),
        ("prodazh", ["Олена Петренко"]),
        ("продаж", ["Олена Петренко"]),
        ("бух", ["Андрій Юрченко"]),
        ("buhgalteria", ["Андрій Юрченко"]),  # loosely: Russian-style g for г, h for х
        ("qwerty", []),
        ("yurchenko", ["Андрій Юрченко"]),
        ("юрч", ["Андрій Юрченко"]),
        ("Юлія", ["Yuliia Kovalenko"]),  # through the loose spelling: yuliia
        ("mariana", ["Мар'яна Зґурська"]),
        ("марʼяна", ["Мар'яна Зґурська"]),  # another apostrophe
        ("zgurska", ["Мар'яна Зґурська"]),
        ("zoe", ["Zoë Müller"]),
        ("MULLER", ["Zoë Müller"]),
        ("acme", ["Olena Smith"]),
        ("nobody", []),
        ("", []),
    ],
)
def test_search_across_alphabets_cases_and_accents(
    directory: Directory, query: str, expected: list[str]
) -> None:
    assert sorted(n or "" for n in names(directory.search(query))) == sorted(expected)


@pytest.mark.parametrize(
    ("query", "expected_name", "expected_number"),
    [
        ("4567", "Олена Петренко", "+380671234567"),
        ("067 123", "Олена Петренко", "+380671234567"),
        ("067-123-45", "Олена Петренко", "+380671234567"),
        ("+38 (067) 123", "Олена Петренко", "+380671234567"),
        ("380671", "Олена Петренко", "+380671234567"),
        ("80671234567", "Олена Петренко", "+380671234567"),
        ("0501112233", "Андрій Юрченко", "+380501112233"),
        ("30 1234", "Zoë Müller", "+49301234567"),
    ],
)
def test_digits_in_any_format_find_any_part_of_a_number(
    directory: Directory, query: str, expected_name: str, expected_number: str
) -> None:
    matches = [m for m in directory.search(query) if m.contact is not None]
    assert expected_name in names(matches)
    hit = next(m for m in matches if m.contact and m.contact.name == expected_name)
    assert hit.number is not None
    assert hit.number.canonical == expected_number


def test_a_typed_number_that_is_in_the_book_comes_first_with_its_contact(
    directory: Directory,
) -> None:
    first = directory.search("+380 50 111 22 33")[0]
    assert first.contact is not None
    assert first.contact.name == "Андрій Юрченко"
    assert first.quality is Quality.EXACT_NUMBER


def test_a_full_number_nobody_has_comes_first_and_a_short_code_last(
    directory: Directory,
) -> None:
    top = directory.search("093 123 45 67")[0]
    assert top.contact is None
    assert top.number is not None
    assert top.number.canonical == "+380931234567"
    assert top.phone is not None
    assert top.phone.display() == "093 123 45 67"

    matches = directory.search("12")
    assert matches[-1].contact is None
    assert matches[-1].number is not None
    assert matches[-1].number.canonical == "12"
    assert all(m.contact is not None for m in matches[:-1])

    # An extension that is in the book is that contact, not a bare number.
    assert names(directory.search("101")) == ["Приймальня"]


def test_ranking_favourites_then_calls_then_fit_then_name(
    book: ContactBook, clock: ManualClock
) -> None:
    now = clock.now().timestamp()
    often = book.add(person("Олена Часто", "0670000001"))
    recent = book.add(person("Олена Нещодавно", "0670000002"))
    book.add(person("Олена Ніколи", "0670000003"))
    book.add(person("Бориславолена", "0670000004"))  # 'olena' inside a word
    book.add(person("Аліна Олена", "0670000005"))
    favourite = book.add(person("Олена Улюблена", "0670000006", favourite=True))
    directory = Directory(book, clock=clock)
    directory.set_call_activity(
        {
            "0670000001": (60, now - 40 * DAY),  # many calls, long ago
            "+380670000002": (2, now - 3600),  # two calls, an hour ago
            "0670000006": (1, now - 300 * DAY),
        }
    )
    assert names(directory.search("olena")) == [
        favourite.name,
        often.name,
        recent.name,
        "Аліна Олена",  # never called: word starts first, then name order
        "Олена Ніколи",
        "Бориславолена",
    ]
    scores = [m.score for m in directory.search("olena")]
    assert scores == sorted(scores, reverse=True)


def test_recent_calls_outrank_old_ones_and_fade_as_time_passes(
    book: ContactBook, clock: ManualClock
) -> None:
    now = clock.now().timestamp()
    book.add(person("Олена Давно", "0670000001"))
    book.add(person("Олена Сьогодні", "0670000002"))
    directory = Directory(book, clock=clock)
    directory.set_call_activity({"0670000001": (50, now - 60 * DAY), "0670000002": (10, now - 600)})
    assert names(directory.search("olena")) == ["Олена Сьогодні", "Олена Давно"]
    clock.advance(timedelta(days=90))  # no new calls: fifty old ones now weigh more than ten
    assert names(directory.search("olena")) == ["Олена Давно", "Олена Сьогодні"]


def test_loose_matches_follow_every_exact_match(book: ContactBook, clock: ManualClock) -> None:
    book.add(person("Yuliia Bondar", "0670000001", favourite=True))
    book.add(person("Julian Hart", "0670000002"))
    directory = Directory(book, clock=clock)
    matches = directory.search("julia")
    assert names(matches) == ["Julian Hart", "Yuliia Bondar"]
    assert [m.quality for m in matches] == [Quality.WORD_START, Quality.LOOSE]


def test_the_directory_follows_the_book(book: ContactBook, clock: ManualClock) -> None:
    directory = Directory(book, clock=clock)
    assert directory.search("olena") == []
    olena = book.add(person("Олена Петренко", "0671234567"))
    assert names(directory.search("olena")) == ["Олена Петренко"]
    book.update(replace(olena, name="Олена Коваль"))
    assert names(directory.search("koval")) == ["Олена Коваль"]
    assert directory.search("petrenko") == []
    book.delete(olena.id or 0)
    assert directory.search("olena") == []
    assert len(directory) == 0


def test_an_own_contact_hides_the_pbx_entry_for_its_number(
    book: ContactBook, clock: ManualClock
) -> None:
    book.learn_from_calls(
        [("0671234567", "Олена Петренко", "Продажі"), ("0441111111", "Олена Петренко", "Продажі")]
    )
    book.add(person("Мама", "0671234567"))
    directory = Directory(book, clock=clock)
    (olena,) = directory.search("petrenko")
    assert olena.contact is not None
    assert [n.canonical for n in olena.contact.numbers] == ["+380441111111"]
    assert names(directory.search("4567")) == ["Мама", None]  # and the extension 4567


def test_visible_contacts_let_an_own_number_hide_the_pbx_copy_only() -> None:
    # The one rule search and the contacts page share: what the user wrote wins, number by number.
    mine = person("Мама", "067 123 45 67")
    both = person("Олена Петренко", "0671234567", "0441111111", source=ContactSource.PBX)
    only_mine = person("Стара Олена", "+380671234567", source=ContactSource.PBX)
    other = person("Іван", "0501112233", source=ContactSource.PBX)
    shown = visible_contacts([both, mine, only_mine, other])
    assert [c.name for c in shown] == ["Олена Петренко", "Мама", "Іван"]
    assert [n.canonical for n in shown[0].numbers] == ["+380441111111"]
    assert shown[1] is mine
    assert shown[2] is other
    assert len(both.numbers) == 2  # the stored entry itself is left whole


def test_search_respects_the_limit(book: ContactBook, clock: ManualClock) -> None:
    book.merge_in(person(f"Олена {i:03d}", f"0670000{i:03d}") for i in range(100))
    directory = Directory(book, clock=clock)
    assert len(directory.search("olena", limit=7)) == 7
    assert names(directory.search("olena", limit=3)) == ["Олена 000", "Олена 001", "Олена 002"]
    assert len(directory.search("067", limit=5)) == 5


def test_contact_for_a_number(book: ContactBook, clock: ManualClock) -> None:
    book.learn_from_calls([("0671234567", "Петренко О.", ""), ("0501112233", "Іван", "")])
    mine = book.add(person("Олена Петренко", "+380671234567"))
    directory = Directory(book, clock=clock)
    assert directory.contact_for("067 123 45 67") == mine
    found = directory.contact_for("380501112233")
    assert found is not None
    assert found.name == "Іван"
    assert directory.contact_for("0939999999") is None


def test_a_directory_over_a_plain_list(clock: ManualClock) -> None:
    directory = Directory(contacts=[person("Тарас Шевченко", "0501112233")], clock=clock)
    assert names(directory.search("shevch")) == ["Тарас Шевченко"]


def test_search_keys() -> None:
    assert latin_key("Олена Петренко-Зґурська") == "olena petrenko zgurska"
    assert latin_key("Мар’яна Щербак") == "mariana shcherbak"
    assert latin_key("Zoë Łukasz O'Brien") == "zoe lukasz obrien"
    assert script_key("Йосип Їжак") == "иосип іжак"
    assert loose_key("yuliia") == loose_key("julia")
    assert loose_key("yevhen") == loose_key("evgen")
    assert loose_key("serhii") == loose_key("sergiy")


# --- vCard --------------------------------------------------------------------------------------

VCARD_3 = (
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "FN:Олена Петренко\r\n"
    "N:Петренко;Олена;;;\r\n"
    "TEL;TYPE=CELL:+380 67 123 45 67\r\n"
    "item1.TEL:044 111 11 11\r\n"
    "item1.X-ABLabel:Приймальня\r\n"
    "TEL;TYPE=WORK,VOICE:+380442222222\r\n"
    "item2.TEL:0443333333\r\n"
    "item2.X-ABLabel:_$!<Main>!$_\r\n"
    "ORG:Київстар;Відділ продажів\r\n"
    "EMAIL;TYPE=INTERNET:olena@example.com\r\n"
    "NOTE:Дуже довга примітка\\, яку розбито на кілька рядків\\, як це роблять тел\r\n"
    " ефони\\nі другий рядок\r\n"
    "X-SOCIALPROFILE:whatever\r\n"
    "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD  (damaged: cut short)\r\n"
    " AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "N:Франко;Іван;Якович;;\r\n"
    "TEL:0501112233\r\n"
    "END:VCARD\r\n"
)

VCARD_4 = (
    "BEGIN:VCARD\n"
    "VERSION:4.0\n"
    "FN:Юлія Коваленко\n"
    'TEL;VALUE=uri;TYPE="cell,voice":tel:+380-66-123-40-00\n'
    "TEL;VALUE=uri;TYPE=home:tel:+380442223344;ext=12\n"
    "ORG:ТОВ «Ромашка»\n"
    "END:VCARD\n"
)

# What old Android phones export: version 2.1, Cyrillic in quoted-printable, soft line breaks.
VCARD_21 = (
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=9F=D0=B5=D1=82=D1=80=D0=B5=D0=BD=D0=BA=D0=BE;"
    "=D0=9E=D0=BB=D0=B5=D0=BD=D0=B0;;;\r\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:"
    "=D0=9E=D0=BB=D0=B5=D0=BD=D0=B0 =D0=9F=D0=B5=D1=82=\r\n"
    "=D1=80=D0=B5=D0=BD=D0=BA=D0=BE\r\n"
    "TEL;CELL;PREF:+380671234567\r\n"
    "TEL;WORK;FAX:0441111111\r\n"
    "END:VCARD\r\n"
)


def test_vcard_3_import(book: ContactBook, tmp_path: Path) -> None:
    path = tmp_path / "contacts.vcf"
    path.write_bytes(VCARD_3.encode("utf-8"))
    report = import_contacts(book, path)
    assert (report.format, report.added, report.merged, report.rejected) == (
        ContactFileFormat.VCARD,
        2,
        0,
        [],
    )
    ivan, olena = sorted(book.all(), key=lambda c: c.name)
    assert same_fields(olena) == (
        "Олена Петренко",
        [
            ("+380 67 123 45 67", "+380671234567", "mobile"),
            ("044 111 11 11", "+380441111111", "Приймальня"),
            ("+380442222222", "+380442222222", "work"),
            ("0443333333", "+380443333333", "main"),
        ],
        "Київстар",
        "Відділ продажів",
        "olena@example.com",
        "Дуже довга примітка, яку розбито на кілька рядків, як це роблять телефони\nі другий рядок",
        False,
    )
    assert ivan.name == "Іван Якович Франко"  # from N, as the card has no FN


def test_vcard_4_import(tmp_path: Path) -> None:
    result = read_contacts(VCARD_4.encode("utf-8"))
    (julia,) = result.contacts
    assert julia.name == "Юлія Коваленко"
    assert julia.organisation == "ТОВ «Ромашка»"
    assert [(n.canonical, n.label) for n in julia.numbers] == [
        ("+380661234000", "mobile"),
        ("+380442223344", "home"),
    ]


def test_vcard_21_quoted_printable(tmp_path: Path) -> None:
    (olena,) = read_contacts(VCARD_21.encode("utf-8")).contacts
    assert olena.name == "Олена Петренко"
    assert [(n.canonical, n.label) for n in olena.numbers] == [
        ("+380671234567", "mobile"),
        ("+380441111111", "work fax"),
    ]


def test_windows_1251_files_are_read() -> None:
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ґанна Їжакевич\r\nTEL:0501112233\r\nEND:VCARD\r\n"
    (card,) = read_contacts(text.encode("cp1251")).contacts
    assert card.name == "Ґанна Їжакевич"


def test_malformed_vcards_are_reported_and_the_good_ones_kept() -> None:
    text = (
        "junk before the first card\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Добра Перша\nTEL:0501112233\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Зламана\nthis line is not a property\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Погані Номери\nTEL:067 ABC\nTEL:+380 67 123 45 6\n"
        "TEL:0671234567\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nNOTE:no name and no number\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Обрізана\nTEL:0501112244\n"
    )
    result = read_contacts(text)
    assert [c.name for c in result.contacts] == ["Добра Перша", "Погані Номери"]
    assert [n.canonical for n in result.contacts[1].numbers] == ["+380671234567"]
    reasons = {(r.location, r.reason.split(":")[0]) for r in result.rejected}
    assert reasons == {
        ("card 2 (line 7)", "The card cannot be read"),
        ("card 3 (line 12)", "The number was skipped"),
        ("card 4 (line 19)", "The card has no name, phone number or e-mail."),
        ("card 5 (line 23)", "The card has no END"),
        ("line 1", "Text outside any BEGIN"),
    }
    number_reasons = [r.reason for r in result.rejected if r.location.startswith("card 3")]
    assert any("contains letters" in r for r in number_reasons)
    assert any("after 380 it needs 9 digits" in r for r in number_reasons)


def test_a_damaged_line_that_makes_vobject_backtrack_is_refused_at_once() -> None:
    # Found by fuzzing: with its ':' lost, vobject's line pattern took minutes over this card.
    damaged = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE=D0=9E=D0=BB=D0=B5=D0=BD=D0=B0 "
        + "=D0=9F=D0=B5=D1=82" * 8
        + "=\r\n=D1=80=D0=B5=D0=BD=D0=BA=D0=BE\r\nTEL:0501112233\r\nEND:VCARD\r\n"
    )
    result = read_contacts(damaged + VCARD_3)
    assert [c.name for c in result.contacts] == ["Олена Петренко", "Іван Якович Франко"]
    ((where, reason),) = result.rejected
    assert where == "card 1 (line 1)"
    assert "is not a vCard property" in reason


# --- CSV ----------------------------------------------------------------------------------------

GOOGLE_CSV = (
    "Name,Given Name,Family Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value,"
    "Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value,"
    "Organization 1 - Name,Organization 1 - Department,Notes\r\n"
    "Олена Петренко,Олена,Петренко,* myContacts ::: * starred,* Home,olena@example.com,"
    "Mobile,+380 67 123 45 67 ::: 050-111-22-33,Work,044 111 11 11,Київстар,Продажі,"
    '"Рядок 1\r\nРядок 2"\r\n'
    "Іван Франко,,,* myContacts,,,* Mobile,0501112244,,,,,\r\n"
)

# Google's current export: First/Last Name, Labels, Phone k - Label, Organization Name.
GOOGLE_CSV_NEW = (
    "First Name,Middle Name,Last Name,Organization Name,Organization Department,Notes,Labels,"
    "E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value\n"
    "Юлія,,Коваленко,ТОВ Ромашка,Склад,,* starred ::: * myContacts,,,Reception,0661234000\n"
)

OUTLOOK_CSV = (
    '"First Name","Middle Name","Last Name","Company","Department","Business Phone",'
    '"Home Phone","Mobile Phone","E-mail Address","Notes"\r\n'
    '"Тарас","Григорович","Шевченко","Кобзар","Поезія","044 111 11 11","","+380671234567",'
    '"taras@example.com","Заповіт"\r\n'
)


def test_google_csv_import(book: ContactBook, tmp_path: Path) -> None:
    path = tmp_path / "google.csv"
    path.write_bytes(GOOGLE_CSV.encode("utf-8-sig"))
    report = import_contacts(book, path)
    assert (report.format, report.added, report.rejected) == (
        ContactFileFormat.GOOGLE_CSV,
        2,
        [],
    )
    ivan, olena = sorted(book.all(), key=lambda c: c.name)
    assert same_fields(olena) == (
        "Олена Петренко",
        [
            ("+380 67 123 45 67", "+380671234567", "mobile"),
            ("050-111-22-33", "+380501112233", "mobile"),
            ("044 111 11 11", "+380441111111", "work"),
        ],
        "Київстар",
        "Продажі",
        "olena@example.com",
        "Рядок 1\nРядок 2",
        True,
    )
    assert [(n.canonical, n.label) for n in ivan.numbers] == [("+380501112244", "mobile")]
    assert not ivan.favourite


def test_google_csv_in_the_newer_layout() -> None:
    result = read_contacts(GOOGLE_CSV_NEW)
    assert result.format is ContactFileFormat.GOOGLE_CSV
    (julia,) = result.contacts
    assert (julia.name, julia.organisation, julia.department, julia.favourite) == (
        "Юлія Коваленко",
        "ТОВ Ромашка",
        "Склад",
        True,
    )
    assert [(n.canonical, n.label) for n in julia.numbers] == [("+380661234000", "Reception")]


@pytest.mark.parametrize("encoding", ["cp1251", "utf-16", "utf-8-sig"])
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_outlook_csv_import(encoding: str, delimiter: str) -> None:
    text = OUTLOOK_CSV.replace('","', f'"{delimiter}"')
    result = read_contacts(text.encode(encoding))
    assert result.format is ContactFileFormat.OUTLOOK_CSV
    (taras,) = result.contacts
    assert same_fields(taras) == (
        "Тарас Григорович Шевченко",
        [("+380671234567", "+380671234567", "mobile"), ("044 111 11 11", "+380441111111", "work")],
        "Кобзар",
        "Поезія",
        "taras@example.com",
        "Заповіт",
        False,
    )


def test_malformed_csv_rows_are_reported_and_the_good_ones_kept() -> None:
    text = (
        "Name,Phone 1 - Type,Phone 1 - Value\n"
        "Добрий,Mobile,0501112233\n"
        "Зайві Поля,Mobile,0501112244,oops,more\n"
        "Поганий Номер,Mobile,12345678901234567890\n"
        ",,\n"
        "Останній,,0671234567\n"
    )
    result = read_contacts(text)
    assert [c.name for c in result.contacts] == ["Добрий", "Поганий Номер", "Останній"]
    assert result.contacts[1].numbers == []
    assert [(r.location, r.reason.split(":")[0]) for r in result.rejected] == [
        ("row 3 (line 3)", "The row has 5 fields but the header has 3"),
        ("row 4 (line 4)", "The number was skipped"),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"a,b,c\n1,2,3\n", "not one from Google Contacts or Outlook"),
        (b"\x81\x98\xff\x00garbage", "not text in UTF-8"),
    ],
)
def test_files_that_are_not_contacts_say_so(data: bytes, message: str, tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_bytes(data)
    with pytest.raises(ParseError, match=message):
        import_contacts(ContactBook(sqlite3.connect(":memory:")), path)


def test_a_missing_file_is_a_parse_error(book: ContactBook, tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="cannot be read"):
        import_contacts(book, tmp_path / "nope.vcf")


# --- merging and round trips --------------------------------------------------------------------


def test_an_imported_card_with_a_known_number_merges(book: ContactBook, tmp_path: Path) -> None:
    mine = book.add(person("Олена", "0671234567", note="моя примітка"))
    path = tmp_path / "contacts.vcf"
    path.write_text(VCARD_3, encoding="utf-8")
    report = import_contacts(book, path)
    assert (report.added, report.merged) == (1, 1)
    merged = book.get(mine.id or 0)
    assert merged is not None
    assert merged.name == "Олена"  # the user's own name stays
    assert merged.note == "моя примітка"  # so does what they wrote
    assert merged.organisation == "Київстар"  # and what was missing is filled in
    assert [n.canonical for n in merged.numbers] == [
        "+380671234567",
        "+380441111111",
        "+380442222222",
        "+380443333333",
    ]
    assert merged.numbers[0].label == "mobile"

    again = import_contacts(book, path)  # importing twice adds nothing
    assert (again.added, again.merged) == (0, 2)
    assert len(book.all()) == 2


def test_an_imported_card_takes_over_a_pbx_entry(book: ContactBook, tmp_path: Path) -> None:
    book.learn_from_calls([("0671234567", "Петренко О.", "Продажі")])
    path = tmp_path / "contacts.vcf"
    path.write_text(VCARD_3, encoding="utf-8")
    import_contacts(book, path)
    found = book.find_by_number("0671234567")
    assert found is not None
    assert (found.name, found.source, found.department) == (
        "Олена Петренко",
        ContactSource.OWN,
        "Продажі",
    )


def test_two_cards_of_one_file_with_a_shared_number_become_one(book: ContactBook) -> None:
    report = book.merge_in(
        [person("Олена", "0671234567"), person("Олена П.", "0671234567", "0441111111")]
    )
    assert (len(report.added), len(report.merged)) == (1, 0)
    (olena,) = book.all()
    assert len(olena.numbers) == 2


EVERY_FIELD = [
    Contact(
        name="Олена Петренко-Зґурська",
        numbers=[
            ContactNumber.of("+38 (067) 123-45-67", "mobile"),
            ContactNumber.of("044 111 11 11", "Приймальня, 2 поверх; дзвонити"),
            ContactNumber.of("0442222222", "work fax"),
            ContactNumber.of("+48 22 123 45 67", "home"),
            ContactNumber.of("101", ""),
        ],
        organisation="ТОВ «Ромашка», Київ",
        department="Відділ; продажів",
        email="olena@example.com",
        note='Примітка з комою, крапкою з комою; "лапками"\nі другим рядком \\ та слешем',
        favourite=True,
    ),
    Contact(name="Zoë", numbers=[ContactNumber.of("0501112233", "work")]),
    Contact(name="Без номера", email="nobody@example.com"),
    Contact(name="Тільки Відділ", department="Склад", numbers=[ContactNumber.of("0671112233")]),
]


@pytest.mark.parametrize("suffix", [".vcf", ".csv"])
def test_round_trips_keep_every_field(tmp_path: Path, suffix: str) -> None:
    source = ContactBook(sqlite3.connect(":memory:"))
    for contact in EVERY_FIELD:
        source.add(contact)
    path = tmp_path / f"export{suffix}"
    assert export_contacts(source.all(), path) == len(EVERY_FIELD)
    assert not list(tmp_path.glob("*.partial"))

    target = ContactBook(sqlite3.connect(":memory:"))
    report = import_contacts(target, path)
    assert (report.added, report.merged, report.rejected) == (len(EVERY_FIELD), 0, [])
    assert [same_fields(c) for c in target.all()] == [same_fields(c) for c in source.all()]


def test_exported_vcards_are_version_4_and_readable_line_by_line() -> None:
    text = write_vcards(EVERY_FIELD[:1])
    lines = text.split("\r\n")
    assert lines[:2] == ["BEGIN:VCARD", "VERSION:4.0"]
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert "TEL;TYPE=cell:+38 (067) 123-45-67" in lines
    assert "X-FMC-FAVOURITE:TRUE" in lines


def test_exported_csv_has_google_headers() -> None:
    header = write_google_csv(EVERY_FIELD).splitlines()[0].split(",")
    assert header[:3] == ["Name", "Given Name", "Family Name"]
    assert "Phone 5 - Value" in header
    assert "Organization 1 - Department" in header


def test_export_refuses_an_unknown_kind_of_file_and_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match=r"\.vcf \(vCard\) or \.csv"):
        export_contacts(EVERY_FIELD, tmp_path / "contacts.txt")
    with pytest.raises(InvalidInputError, match="cannot be written"):
        export_contacts(EVERY_FIELD, tmp_path / "missing" / "contacts.vcf")


def test_a_csv_export_cannot_run_formulas_and_still_imports_back(tmp_path: Path) -> None:
    from fmc_desktop.core.contacts.contact_files import export_contacts, import_contacts

    book = ContactBook(sqlite3.connect(tmp_path / "a.sqlite3"))
    book.add(
        Contact(
            name='=HYPERLINK("http://x")', numbers=[ContactNumber.of("0671234567")], note="@SUM(1)"
        )
    )
    target = tmp_path / "out.csv"
    export_contacts(book.all(), target)
    text = target.read_text("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert "'@SUM" in text
    other = ContactBook(sqlite3.connect(tmp_path / "b.sqlite3"))
    import_contacts(other, target)
    (back,) = other.all()
    assert back.name == '=HYPERLINK("http://x")'
    assert back.note == "@SUM(1)"


def test_a_contacts_export_is_owner_only_and_streams_into_a_fifo(tmp_path: Path) -> None:
    import os
    import stat
    import threading

    target = tmp_path / "contacts.vcf"
    target.write_text("old")
    target.chmod(0o644)
    export_contacts(EVERY_FIELD, target)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    fifo = tmp_path / "contacts-pipe.vcf"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    export_contacts(EVERY_FIELD, fifo)
    reader.join(10)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert received[0].startswith(b"BEGIN:VCARD")
