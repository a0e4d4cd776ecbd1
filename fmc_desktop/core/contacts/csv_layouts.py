"""Contacts in CSV, as Google Contacts and Outlook (English or Russian titles) write them.

A file's layout is told by its header; each row is one contact. Exports are Google-style CSV and
keep every field a Contact has, so reading an export back gives the same contacts.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

from fmc_desktop.core.api.errors import InvalidNumberError, ParseError
from fmc_desktop.core.contacts.contact import Contact, ContactNumber
from fmc_desktop.core.contacts.file_problems import (
    FileProblem,
    NumberProblem,
    Place,
    PlaceKind,
    ProblemKind,
    ReadResult,
    Rejected,
    report_numbers,
)
from fmc_desktop.core.contacts.formats import (
    LABEL_TYPES,
    LINE_BREAK,
    ContactFileFormat,
    split_name,
)
from fmc_desktop.core.numbers.phone import parse_number

# Google's words for our labels (formats.LABEL_TYPES).
_GOOGLE_LABELS: Final[Mapping[str, str]] = {
    label: label.title() for label in LABEL_TYPES if label != "work mobile"
} | {"work mobile": "Work Mobile"}
_OUTLOOK_PHONES: Final[tuple[tuple[str, str], ...]] = (
    ("Mobile Phone", "mobile"),
    ("Business Phone", "work"),
    ("Business Phone 2", "work"),
    ("Home Phone", "home"),
    ("Home Phone 2", "home"),
    ("Primary Phone", "main"),
    ("Company Main Phone", "main"),
    ("Other Phone", "other"),
    ("Car Phone", "car"),
    ("Pager", "pager"),
    ("Business Fax", "work fax"),
    ("Home Fax", "home fax"),
    ("Other Fax", "fax"),
    ("Assistant's Phone", "assistant"),
    ("Callback", "callback"),
    ("Radio Phone", "radio"),
)

# The Russian edition of Outlook writes its CSV export with Russian column titles; these are the
# ones read here, under the English titles they stand for. Titles as the Russian Outlook's
# "Export to a file → Comma Separated Values" writes them.
_OUTLOOK_RUSSIAN_TITLES: Final[Mapping[str, str]] = {
    "Имя": "First Name",
    "Отчество": "Middle Name",
    "Фамилия": "Last Name",
    "Организация": "Company",
    "Отдел": "Department",
    "Заметки": "Notes",
    "Адрес эл. почты": "E-mail Address",
    "Адрес 2 эл. почты": "E-mail 2 Address",
    "Адрес 3 эл. почты": "E-mail 3 Address",
    "Тип эл. почты": "E-mail Type",
    "Тип 2 эл. почты": "E-mail 2 Type",
    "Тип 3 эл. почты": "E-mail 3 Type",
    "Телефон помощника": "Assistant's Phone",
    "Рабочий факс": "Business Fax",
    "Рабочий телефон": "Business Phone",
    "Телефон раб. 2": "Business Phone 2",
    "Обратный вызов": "Callback",
    "Телефон в машине": "Car Phone",
    "Основной телефон организации": "Company Main Phone",
    "Домашний факс": "Home Fax",
    "Домашний телефон": "Home Phone",
    "Телефон дом. 2": "Home Phone 2",
    "Телефон переносной": "Mobile Phone",
    "Другой факс": "Other Fax",
    "Другой телефон": "Other Phone",
    "Пейджер": "Pager",
    "Основной телефон": "Primary Phone",
    "Радиотелефон": "Radio Phone",
}


def _label_from_google(text: str) -> str:
    label = text.strip().removeprefix("*").strip()  # "* Mobile": the primary one
    return label.lower() if label.lower() in LABEL_TYPES else label


# --- reading ------------------------------------------------------------------------------------

_GOOGLE_PHONE: Final = re.compile(r"^Phone (\d+) - Value$")
_MULTI: Final = ":::"


def read_contacts_csv(text: str, *, name: str = "the file") -> ReadResult:
    """Rows of a Google Contacts or Outlook CSV, told apart by the header."""
    first_line = LINE_BREAK.split(text.lstrip("\ufeff"), maxsplit=1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
    try:
        header = [_OUTLOOK_RUSSIAN_TITLES.get(h.strip(), h.strip()) for h in next(reader)]
    except (StopIteration, csv.Error):
        raise ParseError(
            f"{name} has no header row, so it is not a contacts CSV.",
            problem=FileProblem.NO_HEADER,
            name=name,
        ) from None
    columns = {h: i for i, h in reversed(list(enumerate(header)))}  # the first of a name wins
    if any(_GOOGLE_PHONE.match(h) for h in header) or "Given Name" in columns:
        file_format = ContactFileFormat.GOOGLE_CSV
    elif any(h in columns for h, _ in _OUTLOOK_PHONES) or "E-mail Address" in columns:
        file_format = ContactFileFormat.OUTLOOK_CSV
    else:
        raise ParseError(
            f"{name} is a CSV file, but not one from Google Contacts or Outlook: its header has "
            "neither 'Phone 1 - Value' nor 'Mobile Phone'/'Business Phone'/'E-mail Address' "
            "(or Outlook's Russian titles). Export the contacts again from Google Contacts or "
            "Outlook, or as a vCard (.vcf).",
            header=header[:20],
            problem=FileProblem.NOT_CONTACTS_CSV,
            name=name,
        )
    contacts: list[Contact] = []
    rejected: list[Rejected] = []
    row_number = 1
    try:
        for row in reader:
            row_number += 1
            where = Place(PlaceKind.ROW, row_number, reader.line_num)
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
                rejected.append(
                    Rejected(
                        where,
                        ProblemKind.FIELDS_COUNT,
                        fields=len(row),
                        header_fields=len(header),
                    )
                )
                continue
            cells = _Cells(columns, row)
            if file_format is ContactFileFormat.GOOGLE_CSV:
                contact = _google_contact(cells, header, where, rejected)
            else:
                contact = _outlook_contact(cells, where, rejected)
            if contact is not None:
                contacts.append(contact)
    except csv.Error as error:
        rejected.append(
            Rejected(
                # The row the reader was in when it gave up: its number was not counted yet.
                Place(PlaceKind.ROW, row_number + 1, reader.line_num),
                ProblemKind.UNREADABLE_REST,
                error=str(error),
            )
        )
    return ReadResult(file_format, contacts, rejected)


class _Cells:
    def __init__(self, columns: Mapping[str, int], row: Sequence[str]) -> None:
        self._columns = columns
        self._row = row

    def get(self, *names: str) -> str:
        """The first non-empty cell among `names`."""
        for name in names:
            index = self._columns.get(name)
            if index is not None and index < len(self._row) and self._row[index].strip():
                return _uncell(self._row[index].strip())
        return ""


def _joined(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _csv_number(raw: str, label: str, problems: list[NumberProblem]) -> ContactNumber | None:
    try:
        parse_number(raw)
    except InvalidNumberError as error:
        problems.append(NumberProblem(ProblemKind.NUMBER_REFUSED, raw, error.message))
        return None
    return ContactNumber.of(raw, label)


def _google_contact(
    cells: _Cells, header: Sequence[str], where: Place, rejected: list[Rejected]
) -> Contact | None:
    numbers: list[ContactNumber] = []
    problems: list[NumberProblem] = []
    for column in header:
        match = _GOOGLE_PHONE.match(column)
        if match is None:
            continue
        k = match.group(1)
        label = _label_from_google(cells.get(f"Phone {k} - Label", f"Phone {k} - Type"))
        for raw in cells.get(column).split(_MULTI):
            if raw.strip():
                number = _csv_number(raw.strip(), label, problems)
                if number is not None:
                    numbers.append(number)
    email = cells.get("E-mail 1 - Value").split(_MULTI)[0].strip()
    organisation = cells.get("Organization 1 - Name", "Organization Name")
    name = cells.get("Name") or _joined(
        cells.get("First Name", "Given Name"),
        cells.get("Middle Name", "Additional Name"),
        cells.get("Last Name", "Family Name"),
    )
    groups = cells.get("Group Membership", "Labels").lower()
    return _csv_contact(
        name or cells.get("Nickname", "File As"),
        numbers,
        organisation,
        cells.get("Organization 1 - Department", "Organization Department"),
        email,
        cells.get("Notes"),
        favourite="starred" in {g.strip().lstrip("*").strip() for g in groups.split(_MULTI)},
        problems=problems,
        where=where,
        rejected=rejected,
    )


def _outlook_contact(cells: _Cells, where: Place, rejected: list[Rejected]) -> Contact | None:
    numbers: list[ContactNumber] = []
    problems: list[NumberProblem] = []
    for column, label in _OUTLOOK_PHONES:
        raw = cells.get(column)
        if raw:
            number = _csv_number(raw, label, problems)
            if number is not None:
                numbers.append(number)
    name = cells.get("Name", "Display Name") or _joined(
        cells.get("First Name"), cells.get("Middle Name"), cells.get("Last Name")
    )
    return _csv_contact(
        name,
        numbers,
        cells.get("Company"),
        cells.get("Department"),
        _outlook_email(cells),
        cells.get("Notes"),
        favourite=False,
        problems=problems,
        where=where,
        rejected=rejected,
    )


def _outlook_email(cells: _Cells) -> str:
    """The first Internet address: a contact from an Exchange address book has its Exchange
    directory path (`/o=ExchangeLabs/ou=…`, type EX) where the e-mail would be."""
    for address, kind in (
        ("E-mail Address", "E-mail Type"),
        ("E-mail 2 Address", "E-mail 2 Type"),
        ("E-mail 3 Address", "E-mail 3 Type"),
    ):
        value = cells.get(address)
        if value and cells.get(kind).upper() != "EX" and "@" in value:
            return value
    return ""


def _csv_contact(
    name: str,
    numbers: list[ContactNumber],
    organisation: str,
    department: str,
    email: str,
    note: str,
    *,
    favourite: bool,
    problems: list[NumberProblem],
    where: Place,
    rejected: list[Rejected],
) -> Contact | None:
    name = name or organisation or email or (numbers[0].raw if numbers else "")
    report_numbers(problems, name if not numbers else "", where, rejected)
    if not name:
        rejected.append(Rejected(where, ProblemKind.EMPTY_ROW))
        return None
    return Contact(
        name=" ".join(name.split()),
        numbers=numbers,
        organisation=organisation,
        department=department,
        email=email,
        note=note.replace("\r\n", "\n"),
        favourite=favourite,
    )


# --- writing ------------------------------------------------------------------------------------

GOOGLE_FIXED_COLUMNS: Final = (
    "Name",
    "Given Name",
    "Family Name",
    "Group Membership",
    "E-mail 1 - Type",
    "E-mail 1 - Value",
    "Organization 1 - Name",
    "Organization 1 - Department",
    "Notes",
)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """Text a spreadsheet will not run: a name from the PBX's address book starting with `=`
    would otherwise be a formula when the CSV is opened in Excel or LibreOffice."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _uncell(text: str) -> str:
    """The reverse of `_cell`, so an exported file imports back unchanged."""
    if text.startswith("'") and text[1:].startswith(_FORMULA_STARTS):
        return text[1:]
    return text


def write_google_csv(contacts: Iterable[Contact]) -> str:
    """The contacts as a Google Contacts CSV: one Phone k - Type/Value pair per number."""
    listed = list(contacts)
    phones = max((len(c.numbers) for c in listed), default=1) or 1
    header = list(GOOGLE_FIXED_COLUMNS)
    for k in range(1, phones + 1):
        header += [f"Phone {k} - Type", f"Phone {k} - Value"]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for contact in listed:
        given, family = split_name(contact.name)
        groups = "* myContacts" + (f" {_MULTI} * starred" if contact.favourite else "")
        row = [
            _cell(contact.name),
            _cell(given),
            _cell(family),
            groups,
            "* Other" if contact.email else "",
            _cell(contact.email),
            _cell(contact.organisation),
            _cell(contact.department),
            _cell(contact.note),
        ]
        for number in contact.numbers:
            row += [_GOOGLE_LABELS.get(number.label.casefold(), number.label), number.raw]
        row += [""] * (len(header) - len(row))
        writer.writerow(row)
    return buffer.getvalue()
