"""Contacts in and out of files: vCard (2.1, 3.0, 4.0), and CSV as Google or Outlook write it.

vCard goes through `vobject`, which reads 3.0 and 4.0 alike (it does not check the version's
rules, and does not need to for the properties used here) and decodes 2.1's quoted-printable.
The file is cut into cards here first, so one broken card is reported and the rest still come in;
vobject alone stops at the first bad line.

What is read: FN (or N), TEL with its TYPE (or an Apple/Google `itemN.X-ABLABEL` custom label),
ORG (name; department), EMAIL, NOTE, and this app's own X-FMC-FAVOURITE. Other properties,
X- ones included, are ignored. Exports are vCard 4.0 and Google-style CSV, and keep every field a
Contact has; reading an export back gives the same contacts.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Final, NamedTuple

import vobject
from vobject.base import VObjectError, getLogicalLines

from fmc_desktop.core.contacts import Contact, ContactBook, ContactNumber, ContactSource
from fmc_desktop.core.errors import (
    FmcError,
    InvalidInputError,
    InvalidNumberError,
    ParseError,
)
from fmc_desktop.core.files import export_stream
from fmc_desktop.core.links import parse_link
from fmc_desktop.core.numbers import parse_number

_log = logging.getLogger(__name__)

MAX_FILE_BYTES: Final = 64 * 1024 * 1024  # far beyond any address book; stops a wrong file early
PRODID: Final = "-//fmc-desktop//Contacts//EN"


class ContactFileFormat(StrEnum):
    VCARD = "vcard"
    GOOGLE_CSV = "google_csv"
    OUTLOOK_CSV = "outlook_csv"


class Rejected(NamedTuple):
    location: str  # "card 3 (line 17)", "row 5"
    reason: str  # a sentence for the user


@dataclass(frozen=True, slots=True)
class ReadResult:
    format: ContactFileFormat
    contacts: list[Contact]
    rejected: list[Rejected]


@dataclass(frozen=True, slots=True)
class ImportReport:
    format: ContactFileFormat
    added: int  # new contacts
    merged: int  # existing contacts that took in a card sharing one of their numbers
    rejected: list[Rejected]  # cards, rows or single numbers left out, and why


# --- labels -------------------------------------------------------------------------------------

# Our label -> vCard TEL types. Anything else travels as an `itemN.X-ABLABEL`, as Apple and Google
# write custom labels, so a label with a comma or in Cyrillic comes back whole.
_LABEL_TYPES: Final[Mapping[str, tuple[str, ...]]] = {
    "mobile": ("cell",),
    "work": ("work",),
    "home": ("home",),
    "main": ("main",),
    "fax": ("fax",),
    "work fax": ("work", "fax"),
    "home fax": ("home", "fax"),
    "work mobile": ("work", "cell"),
    "pager": ("pager",),
    "other": ("other",),
}
# Types that say nothing about which phone it is.
_MEANINGLESS_TYPES: Final = frozenset({"voice", "pref", "internet", "x-internet", "text"})
# Google's words for the same labels.
_GOOGLE_LABELS: Final[Mapping[str, str]] = {
    label: label.title() for label in _LABEL_TYPES if label != "work mobile"
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


def _label_from_types(types: Iterable[str]) -> str:
    """Our label for a set of vCard TEL types: {cell, voice} -> mobile, {work, fax} -> work fax."""
    wanted = {t.strip().lower() for t in types if t.strip()} - _MEANINGLESS_TYPES
    if not wanted:
        return ""
    for label, label_types in _LABEL_TYPES.items():
        if wanted == set(label_types):
            return label
    if "cell" in wanted:
        return "mobile"
    if "fax" in wanted:
        return "fax"
    return " ".join(sorted(wanted))


def _label_from_apple(text: str) -> str:
    """Apple writes its own labels as `_$!<Mobile>!$_` and the user's as typed."""
    label = text.strip()
    if label.startswith("_$!<") and label.endswith(">!$_"):
        label = label[4:-4]
    return label.lower() if label.lower() in _LABEL_TYPES else label


def _label_from_google(text: str) -> str:
    label = text.strip().removeprefix("*").strip()  # "* Mobile": the primary one
    return label.lower() if label.lower() in _LABEL_TYPES else label


# --- reading ------------------------------------------------------------------------------------


def read_contact_file(path: Path) -> ReadResult:
    """Contacts from a .vcf or .csv file; ParseError if it is neither or cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ParseError(
                f"{path.name} is {size // (1024 * 1024)} MB: too big to be an address book.",
                path=str(path),
            )
        data = path.read_bytes()
    except OSError as error:
        raise ParseError(
            f"{path.name} cannot be read ({error.strerror or error}).", path=str(path)
        ) from None
    return read_contacts(data, name=path.name)


def read_contacts(data: bytes | str, *, name: str = "the file") -> ReadResult:
    """Contacts from the text of a vCard or CSV file, whichever it is."""
    text = data if isinstance(data, str) else _decode(data, name)
    if _VCARD_BEGIN.search(text[:65536]):
        return read_vcards(text)
    if not text.strip():
        raise ParseError(f"{name} is empty: there are no contacts in it.")
    return read_contacts_csv(text, name=name)


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Outlook's "Unicode" CSV export.
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
        try:
            # What Outlook and old phones write on a Ukrainian Windows.
            return data.decode("cp1251")
        except UnicodeDecodeError:
            pass
    raise ParseError(
        f"{name} is not text in UTF-8, UTF-16 or Windows-1251: it cannot be read as contacts."
    )


_VCARD_BEGIN: Final = re.compile(r"^[ \t]*BEGIN[ \t]*:[ \t]*VCARD[ \t\r]*$", re.IGNORECASE | re.M)
_VCARD_END: Final = re.compile(r"^[ \t]*END[ \t]*:[ \t]*VCARD[ \t]*$", re.IGNORECASE)
_LINE_BREAK: Final = re.compile(r"\r\n|\r|\n")


class _Block(NamedTuple):
    number: int  # 1-based, in file order
    line: int  # where BEGIN:VCARD is
    text: str | None  # None when the card never ends


# Pictures, sounds and keys: never used here, often huge, and a damaged one would make vobject
# refuse the whole card.
_UNUSED_BINARY: Final = re.compile(r"^(?:[\w-]+\.)?(?:PHOTO|LOGO|SOUND|KEY)[;:]", re.IGNORECASE)
_PROPERTY_START: Final = re.compile(r"^(?:[\w-]+\.)?[\w-]+[;:]")


def _without_binaries(lines: list[str]) -> list[str]:
    kept: list[str] = []
    skipping = False
    for line in lines:
        if skipping:
            # A folded line goes on with a space; vCard 2.1's base64 runs to a blank line.
            if line[:1] in (" ", "\t") or (line.strip() and not _PROPERTY_START.match(line)):
                continue
            skipping = False
        if _UNUSED_BINARY.match(line):
            skipping = True
            continue
        kept.append(line)
    return kept


def _blocks(text: str) -> Iterator[_Block | Rejected]:
    lines = _LINE_BREAK.split(text)
    current: list[str] | None = None
    start = 0
    count = 0
    stray: int | None = None
    for index, line in enumerate(lines, start=1):
        if _VCARD_BEGIN.match(line):
            if current is not None:
                yield _Block(count, start, None)
            count += 1
            current, start = [line], index
        elif current is None:
            if line.strip() and stray is None:
                stray = index
        elif _VCARD_END.match(line):
            current.append(line)
            yield _Block(count, start, "\r\n".join(_without_binaries(current)) + "\r\n")
            current = None
        else:
            current.append(line)
    if current is not None:
        yield _Block(count, start, None)
    if stray is not None:
        yield Rejected(f"line {stray}", "Text outside any BEGIN:VCARD … END:VCARD was skipped.")


def read_vcards(text: str) -> ReadResult:
    """Every card in a .vcf text; a card that cannot be read is listed, not fatal."""
    contacts: list[Contact] = []
    rejected: list[Rejected] = []
    for block in _blocks(text):
        if isinstance(block, Rejected):
            rejected.append(block)
            continue
        where = f"card {block.number} (line {block.line})"
        if block.text is None:
            rejected.append(Rejected(where, "The card has no END:VCARD: the file is cut short."))
            continue
        qp = "quoted-printable" in block.text.lower()
        bad = _first_malformed_line(block.text, qp)
        if bad is not None:
            shown = " ".join(bad.split())
            shown = shown if len(shown) <= 60 else shown[:59] + "…"
            rejected.append(
                Rejected(where, f"The card cannot be read: '{shown}' is not a vCard property.")
            )
            continue
        try:
            card = vobject.readOne(block.text, allowQP=qp)
        except (VObjectError, ValueError, LookupError) as error:
            rejected.append(Rejected(where, f"The card cannot be read: {_vobject_reason(error)}"))
            continue
        contact = _contact_from_card(card, where, rejected)
        if contact is not None:
            contacts.append(contact)
    if not contacts and not rejected:
        raise ParseError("There is no vCard in this file.")
    return ReadResult(ContactFileFormat.VCARD, contacts, rejected)


_NAME_CHARS: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_VALUE_STOPS: Final = frozenset('";:,=')


def _first_malformed_line(text: str, quoted_printable: bool) -> str | None:
    """The first property line of a card that is not `[group.]NAME(;PARAM[=value,…])*:value`.

    vobject matches lines with a regular expression that nests a repeat inside a repeat, and
    takes exponential time over a line that does not match (a damaged 2.1 line with many `=`
    and no `:` took minutes). Lines that pass this linear check match that expression on its
    first, greedy path, so vobject never sees one that could make it backtrack. The check is a
    little stricter than vobject: an unquoted parameter value may not contain `=`.
    """
    for line, _ in getLogicalLines(io.StringIO(text), quoted_printable):
        if not _well_formed(line):
            return str(line)
    return None


def _name_end(line: str, start: int) -> int:
    end = start
    while end < len(line) and line[end] in _NAME_CHARS:
        end += 1
    return end


def _well_formed(line: str) -> bool:
    length = len(line)
    at = _name_end(line, 0)
    if at == 0:
        return False
    if at < length and line[at] == ".":  # a group: item1.TEL
        start = at + 1
        at = _name_end(line, start)
        if at == start:
            return False
    while at < length and line[at] == ";":
        start = at + 1
        at = _name_end(line, start)
        if at == start:
            return False
        if at < length and line[at] == "=":
            while True:  # one or more values, comma-separated, each quoted or plain
                at += 1
                if at < length and line[at] == '"':
                    closing = line.find('"', at + 1)
                    if closing < 0:
                        return False
                    at = closing + 1
                else:
                    while at < length and line[at] not in _VALUE_STOPS:
                        at += 1
                if at < length and line[at] == ",":
                    continue
                break
    return at < length and line[at] == ":"


def _vobject_reason(error: Exception) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= 200 else text[:199] + "…"


def _contact_from_card(card: Any, where: str, rejected: list[Rejected]) -> Contact | None:
    contents: dict[str, list[Any]] = card.contents
    labels = {
        line.group.lower(): _label_from_apple(_text(line.value))
        for line in contents.get("x-ablabel", [])
        if line.group
    }
    numbers: list[ContactNumber] = []
    for line in contents.get("tel", []):
        number = _tel(line, labels, where, rejected)
        if number is not None:
            numbers.append(number)
    organisation, department = _org(contents.get("org", []))
    email = next((e for e in (_text(x.value) for x in contents.get("email", [])) if e), "")
    note = "\n".join(n for n in (_text(x.value) for x in contents.get("note", [])) if n)
    favourite = any(
        _text(x.value).strip().lower() in ("true", "1", "yes")
        for x in contents.get("x-fmc-favourite", [])
    )
    name = next((n for n in (_text(x.value) for x in contents.get("fn", [])) if n.strip()), "")
    if not name.strip():
        name = next((n for n in (_name_from_n(x.value) for x in contents.get("n", [])) if n), "")
    name = name.strip() or organisation or email or (numbers[0].raw if numbers else "")
    if not name:
        rejected.append(Rejected(where, "The card has no name, phone number or e-mail."))
        return None
    return Contact(
        name=" ".join(name.split()),
        numbers=numbers,
        organisation=organisation,
        department=department,
        email=email,
        note=note,
        favourite=favourite,
        source=ContactSource.OWN,
    )


def _tel(
    line: Any, labels: Mapping[str, str], where: str, rejected: list[Rejected]
) -> ContactNumber | None:
    value = _text(line.value).strip()
    params: dict[str, list[str]] = line.params
    types: list[str] = [
        part for value_ in params.get("TYPE", []) for part in str(value_).split(",")
    ]
    types += [str(p) for p in line.singletonparams]  # 2.1: TEL;CELL;WORK:…
    label = labels.get(line.group.lower(), "") if line.group else ""
    label = label or _label_from_types(types)
    if value.lower().startswith(("tel:", "callto:")):  # vCard 4.0's TEL;VALUE=uri:tel:+380…
        try:
            value = parse_link(value).number
        except FmcError as error:
            rejected.append(Rejected(where, f"The number '{value}' was skipped: {error.message}"))
            return None
    if not value:
        return None
    try:
        parse_number(value)
    except InvalidNumberError as error:
        rejected.append(Rejected(where, f"The number was skipped: {error.message}"))
        return None
    return ContactNumber.of(value, label)


def _org(lines: Sequence[Any]) -> tuple[str, str]:
    if not lines:
        return "", ""
    value = lines[0].value
    parts = [_text(p).strip() for p in value] if isinstance(value, list) else [_text(value)]
    parts = parts or [""]
    return parts[0].strip(), " / ".join(p for p in parts[1:] if p)


def _name_from_n(value: Any) -> str:
    pieces: list[str] = []
    for attribute in ("prefix", "given", "additional", "family", "suffix"):
        part = getattr(value, attribute, "")
        pieces.extend(part if isinstance(part, list) else [part])
    return " ".join(str(p).strip() for p in pieces if str(p).strip())


def _text(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return "" if value is None else str(value)


# --- CSV ----------------------------------------------------------------------------------------

_GOOGLE_PHONE: Final = re.compile(r"^Phone (\d+) - Value$")
_MULTI: Final = ":::"


def read_contacts_csv(text: str, *, name: str = "the file") -> ReadResult:
    """Rows of a Google Contacts or Outlook CSV, told apart by the header."""
    first_line = _LINE_BREAK.split(text.lstrip("\ufeff"), maxsplit=1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error):
        raise ParseError(f"{name} has no header row, so it is not a contacts CSV.") from None
    columns = {h: i for i, h in reversed(list(enumerate(header)))}  # the first of a name wins
    if any(_GOOGLE_PHONE.match(h) for h in header) or "Given Name" in columns:
        file_format = ContactFileFormat.GOOGLE_CSV
    elif any(h in columns for h, _ in _OUTLOOK_PHONES) or "E-mail Address" in columns:
        file_format = ContactFileFormat.OUTLOOK_CSV
    else:
        raise ParseError(
            f"{name} is a CSV file, but not one from Google Contacts or Outlook: its header has "
            "neither 'Phone 1 - Value' nor 'Mobile Phone'/'Business Phone'/'E-mail Address'.",
            header=header[:20],
        )
    contacts: list[Contact] = []
    rejected: list[Rejected] = []
    row_number = 1
    try:
        for row in reader:
            row_number += 1
            where = f"row {row_number} (line {reader.line_num})"
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
                rejected.append(
                    Rejected(
                        where,
                        f"The row has {len(row)} fields but the header has {len(header)}: "
                        "its columns cannot be told apart.",
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
                f"row {row_number} (line {reader.line_num})",
                f"The file cannot be read past this point ({error}).",
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


def _csv_number(raw: str, label: str, where: str, rejected: list[Rejected]) -> ContactNumber | None:
    try:
        parse_number(raw)
    except InvalidNumberError as error:
        rejected.append(Rejected(where, f"The number was skipped: {error.message}"))
        return None
    return ContactNumber.of(raw, label)


def _google_contact(
    cells: _Cells, header: Sequence[str], where: str, rejected: list[Rejected]
) -> Contact | None:
    numbers: list[ContactNumber] = []
    for column in header:
        match = _GOOGLE_PHONE.match(column)
        if match is None:
            continue
        k = match.group(1)
        label = _label_from_google(cells.get(f"Phone {k} - Label", f"Phone {k} - Type"))
        for raw in cells.get(column).split(_MULTI):
            if raw.strip():
                number = _csv_number(raw.strip(), label, where, rejected)
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
        where=where,
        rejected=rejected,
    )


def _outlook_contact(cells: _Cells, where: str, rejected: list[Rejected]) -> Contact | None:
    numbers: list[ContactNumber] = []
    for column, label in _OUTLOOK_PHONES:
        raw = cells.get(column)
        if raw:
            number = _csv_number(raw, label, where, rejected)
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
        cells.get("E-mail Address", "E-mail 2 Address", "E-mail 3 Address"),
        cells.get("Notes"),
        favourite=False,
        where=where,
        rejected=rejected,
    )


def _csv_contact(
    name: str,
    numbers: list[ContactNumber],
    organisation: str,
    department: str,
    email: str,
    note: str,
    *,
    favourite: bool,
    where: str,
    rejected: list[Rejected],
) -> Contact | None:
    name = name or organisation or email or (numbers[0].raw if numbers else "")
    if not name:
        rejected.append(Rejected(where, "The row has no name, phone number or e-mail."))
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


def _split_name(name: str) -> tuple[str, str]:
    """(given, family) for N and Google's columns: the last word is taken for the family name."""
    given, _, family = name.rpartition(" ")
    return (given, family) if given else (name, "")


def write_vcards(contacts: Iterable[Contact]) -> str:
    """The contacts as vCard 4.0 text, one card each, CRLF line ends, lines folded at 75 bytes."""
    out: list[str] = []
    for contact in contacts:
        card = vobject.vCard()
        card.add("version").value = "4.0"
        card.add("prodid").value = PRODID
        card.add("fn").value = contact.name
        given, family = _split_name(contact.name)
        card.add("n").value = vobject.vcard.Name(family=family, given=given)
        if contact.organisation or contact.department:
            org = [contact.organisation] + ([contact.department] if contact.department else [])
            card.add("org").value = org
        custom = 0
        for number in contact.numbers:
            types = _LABEL_TYPES.get(number.label.casefold())
            if types is not None or not number.label:
                line = card.add("tel")
                if types:
                    line.params["TYPE"] = list(types)
            else:
                custom += 1
                line = card.add("tel", group=f"item{custom}")
                card.add("x-ablabel", group=f"item{custom}").value = number.label
            line.value = number.raw
        if contact.email:
            card.add("email").value = contact.email
        if contact.note:
            card.add("note").value = contact.note
        if contact.favourite:
            card.add("x-fmc-favourite").value = "TRUE"
        out.append(str(card.serialize()))
    return "".join(out)


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
        given, family = _split_name(contact.name)
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


# --- files --------------------------------------------------------------------------------------


def import_contacts(book: ContactBook, path: Path) -> ImportReport:
    """Read `path` (.vcf or Google/Outlook .csv) into `book`, merging cards with known numbers.

    ParseError when the file as a whole cannot be used; a bad card, row or number only lands in
    `rejected`, and the good ones still come in.
    """
    result = read_contact_file(path)
    merged = book.merge_in(result.contacts)
    report = ImportReport(
        result.format, len(merged.added), len(merged.merged), list(result.rejected)
    )
    _log.info(
        "imported %s (%s): %d added, %d merged, %d rejected",
        path.name,
        result.format,
        report.added,
        report.merged,
        len(report.rejected),
    )
    return report


def export_contacts(
    contacts: Iterable[Contact], path: Path, file_format: ContactFileFormat | None = None
) -> int:
    """Write the contacts to `path` as vCard 4.0 (.vcf) or Google CSV (.csv); how many written.

    The file is written beside and then moved into place, so a failed export never leaves half a
    file where a good one was.
    """
    listed = list(contacts)
    if file_format is None:
        suffix = path.suffix.lower()
        if suffix in (".vcf", ".vcard"):
            file_format = ContactFileFormat.VCARD
        elif suffix == ".csv":
            file_format = ContactFileFormat.GOOGLE_CSV
        else:
            raise InvalidInputError(
                f"Contacts can be exported to .vcf (vCard) or .csv files, not '{path.suffix}'.",
                path=str(path),
            )
    if file_format is ContactFileFormat.VCARD:
        data = write_vcards(listed).encode("utf-8")
    elif file_format is ContactFileFormat.GOOGLE_CSV:
        # With a BOM, so that Excel on Windows shows Cyrillic instead of mojibake.
        data = write_google_csv(listed).encode("utf-8-sig")
    else:
        raise InvalidInputError("Contacts are exported as vCard or Google CSV, not Outlook CSV.")
    # Owner-only (an address book is personal data), whole or not at all, streamed into a FIFO.
    try:
        with export_stream(path) as stream:
            stream.write(data)
    except FmcError as error:
        raise type(error)(
            f"The contacts cannot be written to {path}: {error.message}", path=str(path)
        ) from None
    return len(listed)
