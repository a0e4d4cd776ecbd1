"""Every problem a contact import reports is said in the user's language on the contacts page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QApplication

from fmc_desktop.core.api.errors import ParseError
from fmc_desktop.core.contacts.contact_files import MAX_FILE_BYTES, read_contact_file, read_contacts
from fmc_desktop.core.contacts.file_problems import (
    FileProblem,
    Place,
    PlaceKind,
    ProblemKind,
    Rejected,
)
from fmc_desktop.core.contacts.vcard_reader import read_vcards
from fmc_desktop.ui.contacts.import_report import SAID, file_problem_text, problem_text
from fmc_desktop.ui.shell import i18n

CORPUS = Path(__file__).resolve().parent.parent / "data" / "contacts"

# One of each sentence the readers write, each from a file shaped to cause it.
SAMPLES = (
    "junk\nBEGIN:VCARD\nVERSION:3.0\nFN:Марко\nADR:;;вул. Довга\n12\nTEL:067 123\n45 67\n"
    'TEL;TYPE="HOME";0442223344\nTEL:0501234567\nEND:VCARD\n'
    "BEGIN:VCARD\nVERSION:3.0\nFN:Петро\nПетренко\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE=D0=9E\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:3.0\nFN:Ірина\nTEL:067 ABC\nTEL:067 123 45\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:3.0\nFN:Ганна\nTEL;TYPE=cell;0671234567\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:3.0\nNOTE:nobody\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:2.1\nFN:Олег\nNOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=98\n"
    "TEL:0501112233\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:4.0\nFN:Лідія\nTEL;VALUE=uri:tel:+380-67-ABC\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:3.0\nFN:Обрізана\n",
    "Name,Phone 1 - Type,Phone 1 - Value\n"
    "Зайві Поля,Mobile,0501112244,oops\n"
    "Поганий Номер,Mobile,067 123 45\n"
    ",,\n"
    ",Mobile,12345678901234567890\n",
    # Python's csv module gives up on a field over 128 KiB.
    "Name,Phone 1 - Value\nДовгий,0671234567\nA," + "x" * 140_000 + "\n",
)


def every_problem() -> list[Rejected]:
    problems = [p for text in SAMPLES for p in read_contacts(text).rejected]
    for path in sorted(CORPUS.iterdir()):
        if path.suffix in (".vcf", ".csv"):
            problems.extend(read_contact_file(path).rejected)
    return problems


@pytest.fixture
def ukrainian(qapp: QApplication) -> Iterator[None]:
    translator = QTranslator()
    assert translator.load(str(i18n.catalogue_file("uk")))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


def test_the_samples_cover_every_kind_of_problem() -> None:
    kinds = {re.sub(r"[\d']|'.*?'", "", p.reason)[:25] for p in every_problem()}
    assert len(kinds) >= 10, kinds


@pytest.mark.usefixtures("ukrainian")
def test_every_problem_is_said_in_ukrainian() -> None:
    english = re.compile(r"\b(?:was|the|is|has|not|card|row|line|number|skipped)\b")
    problems = every_problem()
    shown = [problem_text(p) for p in problems]
    # What is quoted from the file (its lines, names, numbers) stays as written.
    left = [
        english.findall(re.sub(r"“[^”]*”|'[^']*'|\([^)]*\)", "", text.split(": ", 1)[1]))
        for text in shown
    ]
    assert [(text, words) for text, words in zip(shown, left, strict=True) if words] == []
    assert shown[0].startswith("картка ") or shown[0].startswith("рядок ")


@pytest.mark.usefixtures("ukrainian")
def test_a_refused_number_is_explained_as_the_editor_explains_it() -> None:
    (problem,) = read_contacts(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ірина Бондар\nTEL:067 123 45\nEND:VCARD\n"
    ).rejected
    assert problem_text(problem) == (
        "картка 1 (рядок 1): Номер «067 123 45» пропущено: Український номер має 10 цифр і "
        "починається з 0: 067 123 45 67. Контакт Ірина Бондар імпортовано без номера телефону."
    )


def test_the_samples_hold_every_kind_of_problem_there_is() -> None:
    # A new kind of problem needs a sample above, and so a Ukrainian sentence (the test above).
    assert {p.problem for p in every_problem()} == set(ProblemKind)


def test_every_kind_of_problem_has_its_own_sentence() -> None:
    assert set(SAID) == set(ProblemKind)


@pytest.mark.usefixtures("ukrainian")
@pytest.mark.parametrize("kind", list(ProblemKind))
def test_every_kind_of_problem_is_translated(kind: ProblemKind) -> None:
    problem = Rejected(
        Place(PlaceKind.CARD, 2, 7),
        kind,
        line=9,
        broken_line=8,
        text="TEL;X",
        contact="Ганна",
        without_number=True,
        error="Some English words from a parser",
        fields=5,
        header_fields=3,
    )
    shown = problem_text(problem)
    english = re.compile(r"\b(?:was|the|is|has|not|card|row|line|number|skipped|cannot)\b")
    said = shown.split(": ", 1)[1]
    assert english.findall(re.sub(r"“[^”]*”|\([^)]*\)", "", said.replace(problem.error, ""))) == []
    assert shown.startswith("картка 2 (рядок 7): ")


def test_the_sentences_are_made_from_the_fields_not_from_the_english_text(
    qapp: QApplication,
) -> None:
    (problem,) = read_contacts(
        'BEGIN:VCARD\nVERSION:3.0\nFN:Тарас\nTEL;TYPE="HOME";0442223344\nEND:VCARD\n'
    ).rejected
    assert problem_text(problem) == (
        'card 1 (line 1): Line 4 was skipped: “TEL;TYPE="HOME";0442223344” is not a vCard '
        "property. The rest of the card (Тарас) was imported, without a phone number."
    )
    (link,) = read_contacts(
        "BEGIN:VCARD\nVERSION:4.0\nFN:Лідія\nTEL;VALUE=uri:tel:+380-67-ABC\nEND:VCARD\n"
    ).rejected
    assert problem_text(link) == (
        "card 1 (line 1): The number “tel:+380-67-ABC” was skipped: This link does not hold a "
        "phone number that can be called. The contact Лідія came in without a phone number."
    )


@pytest.mark.usefixtures("ukrainian")
def test_a_csv_the_reader_gives_up_on_is_said_in_ukrainian() -> None:
    (problem,) = read_contacts(SAMPLES[-1]).rejected
    assert problem_text(problem) == (
        "запис 3 (рядок 3): Далі цього місця файл прочитати неможливо "
        "(field larger than field limit (131072))."
    )


def refusals(folder: Path) -> list[ParseError]:
    """One of each way a whole file is refused, each from a real file shaped to cause it."""
    big = folder / "big.vcf"
    with big.open("wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)  # sparse: the size is what is refused
    files = {
        "big.vcf": None,
        "folder.vcf": None,
        "empty.csv": b"  \n",
        "cp.csv": b"\x98\x98\n",
        "long.csv": b"x" * 140_000 + b"\n",
        "notes.csv": b"Title,Text\nHello,world\n",
    }
    (folder / "folder.vcf").mkdir()
    errors: list[ParseError] = []
    for name, data in files.items():
        if data is not None:
            (folder / name).write_bytes(data)
        with pytest.raises(ParseError) as refused:
            read_contact_file(folder / name)
        errors.append(refused.value)
    with pytest.raises(ParseError) as refused:
        read_vcards("")
    return [*errors, refused.value]


def test_every_way_a_file_is_refused_is_covered(tmp_path: Path) -> None:
    problems = [error.details["problem"] for error in refusals(tmp_path)]
    assert set(problems) == set(FileProblem)


@pytest.mark.usefixtures("qapp")
def test_a_refused_file_reads_in_english_as_the_core_says_it(tmp_path: Path) -> None:
    for error in refusals(tmp_path):
        assert file_problem_text(error) == error.message


@pytest.mark.usefixtures("ukrainian")
def test_a_refused_file_is_said_in_ukrainian(tmp_path: Path) -> None:
    english = re.compile(r"\b(?:was|the|is|has|not|no|row|file|read|cannot|contacts)\b")
    errors = refusals(tmp_path)
    for error in errors:
        shown = file_problem_text(error)
        system = str(error.details.get("reason", ""))
        assert english.findall(re.sub(r"«[^»]*»", "", shown.replace(system, ""))) == [], shown
    (notes,) = [e for e in errors if "notes.csv" in e.message]
    assert file_problem_text(notes).startswith("notes.csv — CSV-файл, але не з Google Контактів")


@pytest.mark.usefixtures("qapp")
def test_an_error_that_is_no_file_problem_keeps_its_words() -> None:
    assert file_problem_text(ParseError("Something else.")) == "Something else."
