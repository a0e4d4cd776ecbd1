"""Contact files as phones and address books really export them: the corpus in
tests/data/contacts/ (where each shape comes from: its README.md), read by one parametrised test
against expected.json, and the import report's sentences for what could not be read."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fmc_desktop.core.contacts.book import ContactBook
from fmc_desktop.core.contacts.contact import Contact
from fmc_desktop.core.contacts.contact_files import (
    import_contacts,
    read_contact_file,
    read_contacts,
)
from fmc_desktop.core.contacts.file_problems import Place, PlaceKind, ProblemKind, Rejected

CORPUS = Path(__file__).resolve().parent.parent / "data" / "contacts"
EXPECTED: dict[str, dict[str, Any]] = json.loads(
    (CORPUS / "expected.json").read_text(encoding="utf-8")
)


def matches(pattern: str, text: str) -> bool:
    """`*` stands for any text: the number parser's own sentences are not pinned down here."""
    pieces = pattern.split("*")
    if len(pieces) == 1:
        return text == pattern
    if not text.startswith(pieces[0]) or not text.endswith(pieces[-1]):
        return False
    at = len(pieces[0])
    for piece in pieces[1:-1]:
        found = text.find(piece, at)
        if found < 0:
            return False
        at = found + len(piece)
    return at <= len(text) - len(pieces[-1])


def as_expected(contact: Contact) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "name": contact.name,
        "numbers": [[n.canonical, n.label] for n in contact.numbers],
        "email": contact.email,
        "organisation": contact.organisation,
        "department": contact.department,
        "note": contact.note,
        "favourite": contact.favourite,
    }
    defaults: dict[str, Any] = {
        "email": "",
        "organisation": "",
        "department": "",
        "note": "",
        "favourite": False,
    }
    return {k: v for k, v in fields.items() if k not in defaults or v != defaults[k]}


def test_every_file_of_the_corpus_has_expectations_and_a_source() -> None:
    files = {p.name for p in CORPUS.iterdir() if p.suffix in (".vcf", ".csv")}
    assert files == set(EXPECTED)
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in files)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_world_exports_read_as_expected(name: str) -> None:
    expected = EXPECTED[name]
    result = read_contact_file(CORPUS / name)
    assert str(result.format) == expected["format"]
    assert [as_expected(c) for c in result.contacts] == expected["contacts"]
    skipped = [(r.location, r.reason) for r in result.rejected]
    assert len(skipped) == len(expected["skipped"]), skipped
    for (where, reason), (want_where, pattern) in zip(skipped, expected["skipped"], strict=True):
        assert where == want_where
        assert matches(pattern, reason), reason


def test_a_samsung_custom_label_costs_nothing() -> None:
    # vobject refused the X-CUSTOM(…) parameter, and with it the whole card.
    text = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:;Оксана;;;\r\nFN:Оксана\r\n"
        "TEL;CELL:0671234567\r\n"
        "TEL;X-CUSTOM(CHARSET=UTF-8,ENCODING=QUOTED-PRINTABLE,=D0=94=D0=B0=D1=87=D0=B0):"
        "0501234567\r\n"
        "EMAIL;HOME:oksana@example.com\r\nEND:VCARD\r\n"
    )
    result = read_contacts(text)
    assert result.rejected == []
    (oksana,) = result.contacts
    assert (oksana.name, oksana.email) == ("Оксана", "oksana@example.com")
    assert [(n.canonical, n.label) for n in oksana.numbers] == [
        ("+380671234567", "mobile"),
        ("+380501234567", "Дача"),
    ]


def test_begin_and_end_may_carry_a_group() -> None:
    text = "x.BEGIN:VCARD\nx.VERSION:3.0\nx.FN:Group Card\nx.TEL:0671234567\nx.END:VCARD\n"
    (card,) = read_contacts(text).contacts
    assert card.name == "Group Card"


def test_unfolding_soft_breaks_charsets_and_escapes() -> None:
    text = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\n"
        "FN:Дуже Довге\r\n  Ім'я\r\n"  # folded: CRLF and one space go, the second space stays
        "NOTE:кома\\, крапка з комою\\; рядок\\nі ще\\\\\r\n"
        "ORG:Фірма\\; з крапкою з комою;Відділ\r\n"
        "TEL:0671234567\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        "FN;CHARSET=KOI8-U;ENCODING=QUOTED-PRINTABLE:=E7=C1=CE=CE=C1\r\n"
        "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:=D1=80=D1=8F=D0=B4=D0=BE=D0=BA 1=0D=0A=\r\n"
        "=D1=80=D1=8F=D0=B4=D0=BE=D0=BA 2\r\n"
        "TEL;CELL:0501234567\r\nEND:VCARD\r\n"
    )
    first, second = read_contacts(text).contacts
    assert first.name == "Дуже Довге Ім'я"
    assert first.note == "кома, крапка з комою; рядок\nі ще\\"
    assert (first.organisation, first.department) == ("Фірма; з крапкою з комою", "Відділ")
    assert second.name == "Ганна"
    assert second.note == "рядок 1\nрядок 2"


def test_one_odd_line_costs_that_line_and_is_reported() -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Тарас\n"
        'TEL;TYPE="HOME";0442223344\n'  # its ':' became ';' (seen in Nextcloud exports)
        "TEL;TYPE=CELL:0671234567\n"
        "EMAIL:taras@example.com\nEND:VCARD\n"
    )
    result = read_contacts(text)
    (taras,) = result.contacts
    assert [n.canonical for n in taras.numbers] == ["+380671234567"]
    assert taras.email == "taras@example.com"
    assert [(r.location, r.reason) for r in result.rejected] == [
        (
            "card 1 (line 1)",
            "Line 4 was skipped: 'TEL;TYPE=\"HOME\";0442223344' is not a vCard property. "
            "The rest of the card (Тарас) was imported.",
        )
    ]


def test_text_that_is_no_property_breaks_off_the_line_before_it() -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Марко\nTEL:067 123\n45 67\nTEL:0501234567\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Петро\nПетренко\nTEL:0931234567\nEND:VCARD\n"
    )
    result = read_contacts(text)
    (marko,) = result.contacts
    assert [n.canonical for n in marko.numbers] == ["+380501234567"]
    assert [(r.location, r.reason) for r in result.rejected] == [
        (
            "card 1 (line 1)",
            "Line 5 was skipped: '45 67' is not a vCard property, and it breaks off line 4 "
            "before it, which was skipped too. The rest of the card (Марко) was imported.",
        ),
        (
            "card 2 (line 8)",
            "The card cannot be read: 'Петренко' is not a vCard property, and it breaks off "
            "the card's name on line 10.",
        ),
    ]


def test_a_card_whose_only_number_line_is_broken_says_it_came_in_without_one() -> None:
    text = 'BEGIN:VCARD\nVERSION:4.0\nFN:Ганна\nTEL;TYPE="HOME";+380442223344\nEND:VCARD\n'
    result = read_contacts(text)
    assert [(c.name, c.numbers) for c in result.contacts] == [("Ганна", [])]
    assert [r.reason for r in result.rejected] == [
        "Line 4 was skipped: 'TEL;TYPE=\"HOME\";+380442223344' is not a vCard property. "
        "The rest of the card (Ганна) was imported, without a phone number."
    ]


def test_broken_text_after_a_property_not_kept_costs_no_other_line() -> None:
    text = "BEGIN:VCARD\nVERSION:3.0\nFN:Марко\nADR:;;вул. Довга\n12\nTEL:0671234567\nEND:VCARD\n"
    result = read_contacts(text)
    (marko,) = result.contacts
    assert (marko.name, [n.canonical for n in marko.numbers]) == ("Марко", ["+380671234567"])
    assert [r.reason for r in result.rejected] == [
        "Line 5 was skipped: '12' is not a vCard property. The rest of the card (Марко) was "
        "imported."
    ]


def test_a_card_whose_only_number_is_refused_says_it_came_in_without_one(
    tmp_path: Path,
) -> None:
    path = tmp_path / "one.vcf"
    path.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ірина Бондар\nTEL:067 123 45\nEND:VCARD\n", encoding="utf-8"
    )
    book = ContactBook(sqlite3.connect(tmp_path / "book.sqlite3"))
    report = import_contacts(book, path)
    assert (report.added, report.merged) == (1, 0)
    ((where, reason),) = report.rejected
    assert where == "card 1 (line 1)"
    assert matches(
        "The number was skipped: *'067 123 45'* "
        "The contact Ірина Бондар came in without a phone number.",
        reason,
    )


def test_the_preferred_email_is_kept() -> None:
    text = (
        "BEGIN:VCARD\nVERSION:4.0\nFN:A\nEMAIL;TYPE=work:first@example.com\n"
        "EMAIL;PREF=1:chosen@example.com\nEND:VCARD\n"
    )
    (card,) = read_contacts(text).contacts
    assert card.email == "chosen@example.com"


def test_outlook_csv_with_russian_titles_is_recognised() -> None:
    text = (
        '"Имя","Фамилия","Телефон переносной","Адрес эл. почты"\n'
        '"Ольга","Кравець","0671234567",""\n'
    )
    result = read_contacts(text.encode("cp1251"))
    (olha,) = result.contacts
    assert olha.name == "Ольга Кравець"
    assert [(n.canonical, n.label) for n in olha.numbers] == [("+380671234567", "mobile")]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(';:,."=()\\ \tаTELFNX-0167\r\n'), max_size=40)))
def test_no_card_content_makes_the_reader_fail(lines: list[str]) -> None:
    text = "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Олена\r\n" + "\r\n".join(lines) + "\r\nEND:VCARD\r\n"
    result = read_contacts(text)
    assert len(result.contacts) + len(result.rejected) >= 1


def test_a_long_damaged_line_is_read_in_linear_time() -> None:
    line = "TEL;" + '"(;=' * 50_000 + "QUOTED-PRINTABLE=D0" * 10_000
    started = time.perf_counter()
    result = read_contacts(f"BEGIN:VCARD\nFN:Олена\n{line}\nTEL:0671234567\nEND:VCARD\n")
    assert time.perf_counter() - started < 2.0
    (olena,) = result.contacts
    assert [n.canonical for n in olena.numbers] == ["+380671234567"]
    assert "is not a vCard property" in result.rejected[0].reason


def test_a_csv_row_whose_only_number_is_refused_says_it_came_in_without_one() -> None:
    text = "Name,Phone 1 - Type,Phone 1 - Value\nПоганий Номер,Mobile,067 123 45\n"
    result = read_contacts(text)
    assert [(c.name, c.numbers) for c in result.contacts] == [("Поганий Номер", [])]
    ((where, reason),) = result.rejected
    assert where == "row 2 (line 2)"
    assert matches(
        "The number was skipped: *'067 123 45'* "
        "The contact Поганий Номер came in without a phone number.",
        reason,
    )


def test_a_card_left_out_for_having_nothing_still_names_its_refused_number() -> None:
    result = read_contacts("BEGIN:VCARD\nVERSION:3.0\nTEL:067 123 45\nEND:VCARD\n")
    assert result.contacts == []
    assert [r.reason.split(":")[0] for r in result.rejected] == [
        "The number was skipped",
        "The card has no name, phone number or e-mail.",
    ]
    assert "'067 123 45'" in result.rejected[0].reason


def test_each_problem_carries_its_kind_and_fields_not_only_a_sentence() -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Марко\nTEL:067 123\n45 67\nTEL:067 123 45\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:2.1\nFN:Олег\nNOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=98\n"
        "TEL:0501112233\nEND:VCARD\n"
    )
    skipped, refused, charset = read_contacts(text).rejected
    assert skipped == Rejected(
        Place(PlaceKind.CARD, 1, 1),
        ProblemKind.LINE_SKIPPED,
        line=5,
        broken_line=4,
        text="45 67",
        contact="Марко",
        without_number=True,
    )
    assert (refused.problem, refused.text, refused.contact, refused.without_number) == (
        ProblemKind.NUMBER_REFUSED,
        "067 123 45",
        "Марко",
        True,
    )
    assert refused.error
    assert "It is written" not in refused.error
    assert (charset.place, charset.problem, charset.line, charset.charset) == (
        Place(PlaceKind.CARD, 2, 8),
        ProblemKind.LINE_SKIPPED,
        11,
        "UTF-8",
    )
    assert charset.reason == (
        "Line 11 was skipped: 'NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=98' is not text in "
        "UTF-8. The rest of the card (Олег) was imported."
    )


def test_a_tel_link_that_holds_no_number_is_its_own_kind_of_problem() -> None:
    text = "BEGIN:VCARD\nVERSION:4.0\nFN:Лідія\nTEL;VALUE=uri:tel:+380-67-ABC\nEND:VCARD\n"
    ((where, reason),) = rejected = read_contacts(text).rejected
    assert (rejected[0].problem, rejected[0].text) == (ProblemKind.LINK_REFUSED, "tel:+380-67-ABC")
    assert where == "card 1 (line 1)"
    assert reason.startswith("The number 'tel:+380-67-ABC' was skipped: This link ")
    assert reason.endswith(" The contact Лідія came in without a phone number.")


def test_a_csv_the_reader_gives_up_on_names_the_row_it_was_reading() -> None:
    # Python's csv module refuses a field over 128 KiB: the rows before it still come in.
    text = "Name,Phone 1 - Value\nДобрий,0671234567\nA," + "x" * 140_000 + "\nB,0501234567\n"
    result = read_contacts(text)
    assert [c.name for c in result.contacts] == ["Добрий"]
    (problem,) = result.rejected
    assert (problem.place, problem.problem) == (
        Place(PlaceKind.ROW, 3, 3),
        ProblemKind.UNREADABLE_REST,
    )
    assert problem.reason == (
        "The file cannot be read past this point (field larger than field limit (131072))."
    )
