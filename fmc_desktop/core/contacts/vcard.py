"""Contacts in and out of files: vCard (2.1, 3.0, 4.0), and CSV as Google or Outlook write it.

vCard is read card by card and, within a card, property by property (see `_Card`): a line that
cannot be read costs that line, is listed in the import report, and the rest of the card still
comes in. Only a card whose name cannot be read is left out whole, as it would otherwise come in
under a number. The file is cut into cards first, so a card cut short does not stop the others.

What is read: FN (or N), TEL with its label (TYPE, an Apple/Google `itemN.X-ABLABEL`, Samsung's
`X-CUSTOM(…)` or a `TYPE=x-…` word), ORG (name; department), the preferred EMAIL, NOTE, Google's
`starred` category and this app's own X-FMC-FAVOURITE. Other properties (addresses, photos,
birthdays…) are not kept, and are not reported. Exports are vCard 4.0 and Google-style CSV, and
keep every field a Contact has; reading an export back gives the same contacts.
"""

from __future__ import annotations

import csv
import io
import logging
import quopri
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Final, NamedTuple, assert_never

import vobject

from fmc_desktop.core.api.errors import (
    FmcError,
    InvalidInputError,
    InvalidNumberError,
    ParseError,
)
from fmc_desktop.core.contacts.directory import Contact, ContactBook, ContactNumber, ContactSource
from fmc_desktop.core.dialing.links import parse_link
from fmc_desktop.core.numbers.phone import parse_number
from fmc_desktop.core.system.files import export_stream

_log = logging.getLogger(__name__)

MAX_FILE_BYTES: Final = 64 * 1024 * 1024  # far beyond any address book; stops a wrong file early
PRODID: Final = "-//fmc-desktop//Contacts//EN"


class ContactFileFormat(StrEnum):
    VCARD = "vcard"
    GOOGLE_CSV = "google_csv"
    OUTLOOK_CSV = "outlook_csv"


class PlaceKind(StrEnum):
    CARD = "card"  # a vCard, numbered in file order, with the line its BEGIN:VCARD is on
    ROW = "row"  # a CSV row, counting the header, with the line it starts on
    LINE = "line"  # a line of the file outside any card


@dataclass(frozen=True, slots=True)
class Place:
    kind: PlaceKind
    number: int  # the card's or row's number; the line's own for LINE
    line: int  # where it starts in the file

    def __str__(self) -> str:
        if self.kind is PlaceKind.LINE:
            return f"line {self.line}"
        return f"{self.kind} {self.number} (line {self.line})"


class ProblemKind(StrEnum):
    """What went wrong with a card, row, line or number of a contact file.

    Each has its English sentence here (`Rejected.reason`, for the log and the command line) and a
    translated one in the GUI's import report, both made from the same fields.
    """

    OUTSIDE_CARDS = "outside_cards"  # text that is not inside any BEGIN:VCARD … END:VCARD
    CARD_CUT_SHORT = "card_cut_short"  # a card without END:VCARD: the file ends or a card begins
    NAME_CUT = "name_cut"  # a line that is no property breaks off the card's only name
    NAME_LOST = "name_lost"  # the card's name line cannot be read
    LINE_SKIPPED = "line_skipped"  # one line of a card cannot be read; the rest came in
    NUMBER_REFUSED = "number_refused"  # the number parser refused a number
    LINK_REFUSED = "link_refused"  # a vCard 4.0 `tel:` value holds no number that can be called
    EMPTY_CARD = "empty_card"  # a card with no name, number or e-mail
    EMPTY_ROW = "empty_row"  # a CSV row with no name, number or e-mail
    FIELDS_COUNT = "fields_count"  # a CSV row with more fields than the header has
    UNREADABLE_REST = "unreadable_rest"  # the CSV reader gave up: the rest of the file is lost


@dataclass(frozen=True, slots=True)
class Rejected:
    """A card, row, line or number a contact file lost, and why, as fields rather than words.

    Only the fields its `problem` uses are set. `reason` is the English sentence made from them.
    """

    place: Place
    problem: ProblemKind
    line: int = 0  # the file line it is about: the line skipped, the card's name line
    broken_line: int = 0  # the property line a line that is no property broke off, 0 when none
    text: str = ""  # that line as written (shortened), or the number or link as written
    charset: str = ""  # the charset the line claims but is not text in; "" when not the problem
    contact: str = ""  # the name the rest of the card came in under
    without_number: bool = False  # ... and it came in with no phone number at all
    error: str = ""  # the number or link parser's (or the CSV reader's) own English sentence
    fields: int = 0  # FIELDS_COUNT: the row's fields ...
    header_fields: int = 0  # ... and the header's

    @property
    def location(self) -> str:
        return str(self.place)

    @property
    def reason(self) -> str:
        return _reason(self)

    def __iter__(self) -> Iterator[str]:
        # Read as the (where, why) pair of sentences it used to be: `where, why = rejected`.
        yield self.location
        yield self.reason


def _reason(problem: Rejected) -> str:
    """The English sentence for the log and the command line (the GUI makes its own)."""
    kind = problem.problem
    if kind is ProblemKind.OUTSIDE_CARDS:
        return "Text outside any BEGIN:VCARD … END:VCARD was skipped."
    if kind is ProblemKind.CARD_CUT_SHORT:
        return "The card has no END:VCARD: the file is cut short."
    if kind is ProblemKind.NAME_CUT:
        return (
            f"The card cannot be read: '{problem.text}' is not a vCard property, and it breaks "
            f"off the card's name on line {problem.broken_line}."
        )
    if kind is ProblemKind.NAME_LOST:
        return (
            f"The card cannot be read: its name is on line {problem.line}, and "
            f"{_damage_sentence(problem)}."
        )
    if kind is ProblemKind.LINE_SKIPPED:
        without = ", without a phone number" if problem.without_number else ""
        return (
            f"Line {problem.line} was skipped: {_damage_sentence(problem)}. "
            f"The rest of the card ({problem.contact}) was imported{without}."
        )
    if kind is ProblemKind.NUMBER_REFUSED or kind is ProblemKind.LINK_REFUSED:
        if kind is ProblemKind.LINK_REFUSED:
            reason = f"The number '{problem.text}' was skipped: {problem.error}"
        else:
            reason = f"The number was skipped: {problem.error}"
            if problem.text not in problem.error:
                reason += f" It is written '{problem.text}'."
        if problem.without_number:
            reason += f" The contact {problem.contact} came in without a phone number."
        return reason
    if kind is ProblemKind.EMPTY_CARD:
        return "The card has no name, phone number or e-mail."
    if kind is ProblemKind.EMPTY_ROW:
        return "The row has no name, phone number or e-mail."
    if kind is ProblemKind.FIELDS_COUNT:
        return (
            f"The row has {problem.fields} fields but the header has {problem.header_fields}: "
            "its columns cannot be told apart."
        )
    if kind is ProblemKind.UNREADABLE_REST:
        return f"The file cannot be read past this point ({problem.error})."
    assert_never(kind)


def _damage_sentence(problem: Rejected) -> str:
    why = f"is not text in {problem.charset}" if problem.charset else "is not a vCard property"
    if problem.broken_line:
        why += f", and it breaks off line {problem.broken_line} before it, which was skipped too"
    return f"'{problem.text}' {why}"


class FileProblem(StrEnum):
    """Why a whole file was refused: the `problem` detail of its ParseError, which also holds
    `name` (the file's) and the fields its sentence needs, so the GUI can say it in its language."""

    TOO_BIG = "too_big"  # megabytes
    UNREADABLE = "unreadable"  # reason: the system's own words
    EMPTY = "empty"
    NOT_TEXT = "not_text"  # in none of the encodings contact files come in
    NO_HEADER = "no_header"  # a CSV without even a header row
    NOT_CONTACTS_CSV = "not_contacts_csv"  # a CSV, but not Google's or Outlook's
    NO_VCARD = "no_vcard"


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
# Types that say nothing about which phone it is (2.1 writes encodings as bare types too).
_MEANINGLESS_TYPES: Final = frozenset(
    {"voice", "pref", "internet", "x-internet", "text", "quoted-printable", "base64", "8bit"}
)
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


def _label_from_types(types: Iterable[str]) -> str:
    """Our label for a set of vCard TEL types: {cell, voice} -> mobile, {work, fax} -> work fax.

    A user's own word comes as an `x-` type (`TYPE=x-Дача`, as Nextcloud and DAVx5 write it).
    """
    wanted = {t.strip().lower() for t in types if t.strip()} - _MEANINGLESS_TYPES
    own = [
        t.strip()[2:].strip()
        for t in types
        if t.strip().lower() in wanted and t.strip()[:2].lower() == "x-"
    ]
    if own and own[0]:
        return own[0]
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
        label = _APPLE_FAXES.get(label.lower(), label)
    return label.lower() if label.lower() in _LABEL_TYPES else label


# Apple's own names for the fax labels, written as one word.
_APPLE_FAXES: Final[Mapping[str, str]] = {
    "homefax": "home fax",
    "workfax": "work fax",
    "otherfax": "fax",
}


def _label_from_google(text: str) -> str:
    label = text.strip().removeprefix("*").strip()  # "* Mobile": the primary one
    return label.lower() if label.lower() in _LABEL_TYPES else label


# --- reading ------------------------------------------------------------------------------------


def read_contact_file(path: Path) -> ReadResult:
    """Contacts from a .vcf or .csv file; ParseError if it is neither or cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            megabytes = size // (1024 * 1024)
            raise ParseError(
                f"{path.name} is {megabytes} MB: too big to be an address book.",
                path=str(path),
                problem=FileProblem.TOO_BIG,
                name=path.name,
                megabytes=megabytes,
            )
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise ParseError(
            f"{path.name} cannot be read ({reason}).",
            path=str(path),
            problem=FileProblem.UNREADABLE,
            name=path.name,
            reason=reason,
        ) from None
    return read_contacts(data, name=path.name)


def read_contacts(data: bytes | str, *, name: str = "the file") -> ReadResult:
    """Contacts from the text of a vCard or CSV file, whichever it is."""
    text = data if isinstance(data, str) else _decode(data, name)
    if _VCARD_BEGIN.search(text[:65536]):
        return read_vcards(text)
    if not text.strip():
        raise ParseError(
            f"{name} is empty: there are no contacts in it.", problem=FileProblem.EMPTY, name=name
        )
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
        f"{name} is not text in UTF-8, UTF-16 or Windows-1251: it cannot be read as contacts.",
        problem=FileProblem.NOT_TEXT,
        name=name,
    )


_VCARD_BEGIN: Final = re.compile(
    r"^[ \t]*(?:[\w-]+\.)?BEGIN[ \t]*:[ \t]*VCARD[ \t\r]*$", re.IGNORECASE | re.M
)
_VCARD_END: Final = re.compile(r"^[ \t]*(?:[\w-]+\.)?END[ \t]*:[ \t]*VCARD[ \t]*$", re.IGNORECASE)
_LINE_BREAK: Final = re.compile(r"\r\n|\r|\n")

_NumberedLine = tuple[int, str]  # (line number in the file, its text)


class _Block(NamedTuple):
    number: int  # 1-based, in file order
    line: int  # where BEGIN:VCARD is
    lines: list[_NumberedLine] | None  # what is between BEGIN and END; None when it never ends


# Pictures, sounds and keys: never used here, often huge, and vCard 2.1 lets their base64 run on
# over unindented lines up to a blank one, which would otherwise read as broken properties.
_UNUSED_BINARY: Final = re.compile(r"^(?:[\w-]+\.)?(?:PHOTO|LOGO|SOUND|KEY)[;:]", re.IGNORECASE)
_PROPERTY_START: Final = re.compile(r"^(?:[\w-]+\.)?[\w-]+[;:]")


def _without_binaries(lines: list[_NumberedLine]) -> list[_NumberedLine]:
    kept: list[_NumberedLine] = []
    skipping = False
    for number, line in lines:
        if skipping:
            # A folded line goes on with a space; vCard 2.1's base64 runs to a blank line.
            if line[:1] in (" ", "\t") or (line.strip() and not _PROPERTY_START.match(line)):
                continue
            skipping = False
        if _UNUSED_BINARY.match(line):
            skipping = True
            continue
        kept.append((number, line))
    return kept


def _blocks(text: str) -> Iterator[_Block | Rejected]:
    lines = _LINE_BREAK.split(text)
    current: list[_NumberedLine] | None = None
    start = 0
    count = 0
    stray: int | None = None
    for index, line in enumerate(lines, start=1):
        if _VCARD_BEGIN.match(line):
            if current is not None:
                yield _Block(count, start, None)
            count += 1
            current, start = [], index
        elif current is None:
            if line.strip() and stray is None:
                stray = index
        elif _VCARD_END.match(line):
            yield _Block(count, start, _without_binaries(current))
            current = None
        else:
            current.append((index, line))
    if current is not None:
        yield _Block(count, start, None)
    if stray is not None:
        yield Rejected(Place(PlaceKind.LINE, stray, stray), ProblemKind.OUTSIDE_CARDS)


# vCard is read here line by line rather than through vobject, which reads a card whole and
# gives up on all of it at the first line it does not accept: Samsung's custom phone labels
# (`TEL;X-CUSTOM(CHARSET=UTF-8,ENCODING=QUOTED-PRINTABLE,=D0=94…):…`) and a `BEGIN` with a
# group cost the whole contact, and its line pattern backtracks for minutes over some damaged
# lines. Reading one property at a time, one odd line costs that line and is reported; the
# rules it needs (RFC 6350 §3.2 unfolding, 2.1's quoted-printable soft breaks and CHARSET, groups,
# `\,` `\;` `\n` escapes) are few. Writing still goes through vobject, which does it well.

_USED: Final = frozenset(
    {"FN", "N", "TEL", "EMAIL", "ORG", "NOTE", "X-ABLABEL", "CATEGORIES", "X-FMC-FAVOURITE"}
)
_NAMING: Final = frozenset({"FN", "N"})


class _Property(NamedTuple):
    line: int  # where it starts in the file
    group: str  # lower case; "" without one
    name: str  # upper case
    params: dict[str, list[str]]  # upper-case parameter names; values with quotes taken off
    types: list[str]  # TYPE values and vCard 2.1's bare ones (CELL, WORK), as written
    custom: str  # what Samsung writes in X-CUSTOM(…), "" when absent
    value: str  # after the ':', still escaped and encoded
    text: str  # the whole logical line, for the report


class _Unreadable(NamedTuple):
    line: int
    shown: str  # the start of the line, for the report
    claimed: str  # the property name it seems to carry (upper case), "" when none
    charset: str = ""  # the charset its value is not text in; "" when it is no property at all
    broken_line: int = 0  # the line before it, which it broke off; 0 when none
    lost: str = ""  # the property it cost (upper case): its own, or the one before it broke off


def _shown(text: str) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= 60 else one_line[:59] + "…"


def _logical_lines(lines: list[_NumberedLine]) -> Iterator[_NumberedLine]:
    """Physical lines joined back: folded ones (RFC 6350 §3.2) and 2.1's `=` soft breaks."""
    parts: list[str] = []
    start = 0
    quoted_printable = False
    for number, text in lines:
        if parts and quoted_printable and parts[-1].endswith("="):
            parts[-1] = parts[-1][:-1]
            parts.append(text)
            continue
        if parts and text[:1] in (" ", "\t"):
            parts.append(text[1:])
            continue
        if parts:
            yield start, "".join(parts)
            parts = []
        if not text.strip():
            continue
        parts, start = [text], number
        quoted_printable = "QUOTED-PRINTABLE" in text.partition(":")[0].upper()
    if parts:
        yield start, "".join(parts)


_NAME: Final = re.compile(r"[A-Za-z0-9_-]+")
_PARAMETER_STOP: Final = re.compile(r'[;:"(]')
_CUSTOM_PARAM: Final = re.compile(r"([A-Za-z0-9_-]+)\((.*)\)", re.DOTALL)


def _name_end(line: str, start: int) -> int:
    found = _NAME.match(line, start)
    return start if found is None else found.end()


def _claimed_name(text: str) -> str:
    """The property name a line starts with, if it starts like a property at all."""
    at = _name_end(text, 0)
    if 0 < at < len(text) and text[at] == ".":
        start = at + 1
        end = _name_end(text, start)
        return text[start:end].upper() if end > start else ""
    return text[:at].upper() if 0 < at < len(text) and text[at] in ";:" else ""


def _parameter_end(line: str, start: int) -> int:
    """Where the parameter starting at `start` ends: at `;` or `:` outside quotes and brackets."""
    at = start
    while (stop := _PARAMETER_STOP.search(line, at)) is not None:
        if stop.group() in ";:":
            return stop.start()
        closing = line.find('"' if stop.group() == '"' else ")", stop.end())
        if closing < 0:
            return len(line)
        at = closing + 1
    return len(line)


def _split_values(text: str) -> list[str]:
    """`a,"b,c",d` -> [a, b,c, d]: a parameter's values, quotes taken off."""
    values: list[str] = []
    current: list[str] = []
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            values.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    values.append("".join(current).strip())
    return [v for v in values if v]


def _parse_line(number: int, text: str) -> _Property | None:
    """`[group.]NAME(;param)*:value`, or None when the line is not shaped so. Linear time."""
    length = len(text)
    at = _name_end(text, 0)
    if at == 0:
        return None
    group, name = "", text[:at]
    if at < length and text[at] == ".":
        start = at + 1
        at = _name_end(text, start)
        if at == start:
            return None
        group, name = name, text[start:at]
    params: dict[str, list[str]] = {}
    types: list[str] = []
    custom = ""
    while at < length and text[at] == ";":
        start = at + 1
        at = _parameter_end(text, start)
        param = text[start:at].strip()
        if not param:
            continue
        bracketed = _CUSTOM_PARAM.fullmatch(param)
        key, equals, values = param.partition("=")
        if bracketed is not None and bracketed.group(1).upper() == "X-CUSTOM":
            custom = bracketed.group(2)
        elif equals and _NAME.fullmatch(key.strip()):
            found = _split_values(values)
            params.setdefault(key.strip().upper(), []).extend(found)
            if key.strip().upper() == "TYPE":
                types.extend(t for v in found for t in v.split(",") if t.strip())
        elif _NAME.fullmatch(param):
            types.append(param)  # vCard 2.1: TEL;CELL;PREF, EMAIL;INTERNET, …;QUOTED-PRINTABLE
        else:
            return None
    if at >= length or text[at] != ":":
        return None
    return _Property(
        number, group.lower(), name.upper(), params, types, custom, text[at + 1 :], text
    )


class _CharsetError(ValueError):
    pass


def _decode_quoted_printable(value: str, charset: str) -> str:
    try:
        raw = value.encode(charset)
    except (LookupError, UnicodeEncodeError):
        raw = value.encode("utf-8")  # 8-bit text left unencoded came from the file as it was
    data = quopri.decodestring(raw)
    for candidate in (charset, "utf-8", "cp1251"):
        try:
            return data.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    raise _CharsetError(charset)


def _is_quoted_printable(prop: _Property) -> bool:
    encodings = [e.upper() for e in prop.params.get("ENCODING", [])]
    return "QUOTED-PRINTABLE" in encodings or any(
        t.upper() == "QUOTED-PRINTABLE" for t in prop.types
    )


def _raw_value(prop: _Property) -> str:
    """The value with 2.1's quoted-printable undone, still escaped; _CharsetError if unreadable."""
    if not _is_quoted_printable(prop):
        return prop.value
    charset = (prop.params.get("CHARSET") or ["utf-8"])[0]
    return _decode_quoted_printable(prop.value, charset).replace("\r\n", "\n")


_ESCAPES: Final = {"n": "\n", "N": "\n", ",": ",", ";": ";", ":": ":", "\\": "\\"}


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    out: list[str] = []
    at = 0
    while at < len(text):
        char = text[at]
        if char == "\\" and at + 1 < len(text) and text[at + 1] in _ESCAPES:
            out.append(_ESCAPES[text[at + 1]])
            at += 2
            continue
        out.append(char)
        at += 1
    return "".join(out)


def _components(text: str) -> list[str]:
    """A structured value (N, ORG) cut at its unescaped `;`, each part unescaped."""
    parts: list[str] = []
    current: list[str] = []
    at = 0
    while at < len(text):
        char = text[at]
        if char == "\\" and at + 1 < len(text):
            current.append(text[at : at + 2])
            at += 2
            continue
        if char == ";":
            parts.append(_unescape("".join(current)))
            current = []
        else:
            current.append(char)
        at += 1
    parts.append(_unescape("".join(current)))
    return parts


class _Card:
    """The properties of one card this app uses, read one line at a time."""

    def __init__(self, lines: list[_NumberedLine]) -> None:
        self.properties: list[_Property] = []
        self.unreadable: list[_Unreadable] = []
        self.name_cut_at: tuple[int, _Unreadable] | None = None  # (FN/N line, what broke it)
        previous: _Property | None = None  # the line before, when it was a property
        for number, text in _logical_lines(lines):
            prop = _parse_line(number, text)
            before, previous = previous, prop
            if prop is not None:
                if prop.name in _USED:
                    self.properties.append(prop)
                continue
            claimed = _claimed_name(text)
            if claimed:
                if claimed in _USED:
                    self.unreadable.append(_Unreadable(number, _shown(text), claimed, lost=claimed))
                continue
            # Text that is no property at all: most likely the rest of the line before it, broken
            # by a line end that was not folded, so that line's value cannot be trusted either.
            damage = _Unreadable(number, _shown(text), "")
            if before is not None and self.properties and self.properties[-1] is before:
                self.properties.pop()
                if before.name in _NAMING and self.name_cut_at is None:
                    self.name_cut_at = (before.line, damage)
                damage = damage._replace(broken_line=before.line, lost=before.name)
            self.unreadable.append(damage)

    def values(self, name: str) -> Iterator[tuple[_Property, str]]:
        """(property, value with quoted-printable undone) of each readable `name` line."""
        for prop in self.properties:
            if prop.name != name:
                continue
            try:
                yield prop, _raw_value(prop)
            except _CharsetError as error:
                self.unreadable.append(
                    _Unreadable(prop.line, _shown(prop.text), name, str(error), lost=name)
                )

    def lost(self, names: frozenset[str]) -> _Unreadable | None:
        return next((u for u in self.unreadable if u.claimed in names), None)


def read_vcards(text: str) -> ReadResult:
    """Every card in a .vcf text; a card or line that cannot be read is listed, not fatal."""
    contacts: list[Contact] = []
    rejected: list[Rejected] = []
    for block in _blocks(text):
        if isinstance(block, Rejected):
            rejected.append(block)
            continue
        where = Place(PlaceKind.CARD, block.number, block.line)
        if block.lines is None:
            rejected.append(Rejected(where, ProblemKind.CARD_CUT_SHORT))
            continue
        contact = _contact_from_card(_Card(block.lines), where, rejected)
        if contact is not None:
            contacts.append(contact)
    if not contacts and not rejected:
        raise ParseError("There is no vCard in this file.", problem=FileProblem.NO_VCARD)
    return ReadResult(ContactFileFormat.VCARD, contacts, rejected)


def _contact_from_card(card: _Card, where: Place, rejected: list[Rejected]) -> Contact | None:
    labels = {
        prop.group: _label_from_apple(_unescape(value))
        for prop, value in card.values("X-ABLABEL")
        if prop.group
    }
    names = [n for n in (" ".join(_unescape(v).split()) for _, v in card.values("FN")) if n]
    if not names:
        names = [n for n in (_name_from_n(v) for _, v in card.values("N")) if n]
    organisation, department = _org([v for _, v in card.values("ORG")])
    email = _email(list(card.values("EMAIL")))
    note = "\n".join(n for n in (_unescape(v).strip() for _, v in card.values("NOTE")) if n)
    favourite = any(
        _unescape(v).strip().lower() in ("true", "1", "yes")
        for _, v in card.values("X-FMC-FAVOURITE")
    ) or any(
        "starred" in (c.strip().lower() for c in _unescape(v).split(","))
        for _, v in card.values("CATEGORIES")
    )
    tel_lines = list(card.values("TEL"))
    lost_name = card.lost(_NAMING)
    if not names and card.name_cut_at is not None:
        name_line, damage = card.name_cut_at
        rejected.append(
            Rejected(where, ProblemKind.NAME_CUT, text=damage.shown, broken_line=name_line)
        )
        return None
    if not names and lost_name is not None:
        rejected.append(
            Rejected(
                where,
                ProblemKind.NAME_LOST,
                line=lost_name.line,
                text=lost_name.shown,
                charset=lost_name.charset,
                broken_line=lost_name.broken_line,
            )
        )
        return None
    number_problems: list[_NumberProblem] = []
    numbers: list[ContactNumber] = []
    for prop, value in tel_lines:
        number = _tel(prop, value, labels, number_problems)
        if number is not None:
            numbers.append(number)
    name = names[0] if names else organisation or email or (numbers[0].raw if numbers else "")
    name = " ".join(name.split())
    if not name:
        _report_numbers(number_problems, "", where, rejected)
        rejected.append(Rejected(where, ProblemKind.EMPTY_CARD))
        return None
    for damage in card.unreadable:
        rejected.append(
            Rejected(
                where,
                ProblemKind.LINE_SKIPPED,
                line=damage.line,
                broken_line=damage.broken_line,
                text=damage.shown,
                charset=damage.charset,
                contact=name,
                without_number=damage.lost == "TEL" and not numbers,
            )
        )
    _report_numbers(number_problems, name if not numbers else "", where, rejected)
    return Contact(
        name=name,
        numbers=numbers,
        organisation=organisation,
        department=department,
        email=email,
        note=note,
        favourite=favourite,
        source=ContactSource.OWN,
    )


def _email(lines: list[tuple[_Property, str]]) -> str:
    """The preferred e-mail (TYPE=pref in 2.1/3.0, PREF=1 in 4.0), else the first."""
    found = [(prop, _unescape(value).strip()) for prop, value in lines]
    found = [(prop, value) for prop, value in found if value]
    for prop, value in found:
        if "PREF" in prop.params or any(t.lower() == "pref" for t in prop.types):
            return value
    return found[0][1] if found else ""


def _tel(
    prop: _Property, value: str, labels: Mapping[str, str], problems: list[_NumberProblem]
) -> ContactNumber | None:
    value = _unescape(value).strip()
    label = labels.get(prop.group, "") if prop.group else ""
    label = label or _label_from_custom(prop) or _label_from_types(prop.types)
    if value.lower().startswith(("tel:", "callto:")):  # vCard 4.0's TEL;VALUE=uri:tel:+380…
        try:
            value = parse_link(value).number
        except FmcError as error:
            problems.append(_NumberProblem(ProblemKind.LINK_REFUSED, value, error.message))
            return None
    if not value:
        return None
    try:
        parse_number(value)
    except InvalidNumberError as error:
        problems.append(_NumberProblem(ProblemKind.NUMBER_REFUSED, value, error.message))
        return None
    return ContactNumber.of(value, label)


class _NumberProblem(NamedTuple):
    kind: ProblemKind  # NUMBER_REFUSED or LINK_REFUSED
    written: str  # as the file has it
    error: str  # the parser's sentence


def _report_numbers(
    problems: Sequence[_NumberProblem], left_without: str, where: Place, rejected: list[Rejected]
) -> None:
    """The numbers a card or row lost; `left_without` names a contact that came in with none."""
    for index, problem in enumerate(problems):
        last = bool(left_without) and index == len(problems) - 1
        rejected.append(
            Rejected(
                where,
                problem.kind,
                text=problem.written.strip(),
                error=problem.error,
                contact=left_without if last else "",
                without_number=last,
            )
        )


def _label_from_custom(prop: _Property) -> str:
    """Samsung's own label: `X-CUSTOM(CHARSET=UTF-8,ENCODING=QUOTED-PRINTABLE,<label>)`."""
    if not prop.custom:
        return ""
    items = prop.custom.split(",")
    settings: dict[str, str] = {}
    while len(items) > 1:
        key, equals, setting = items[0].partition("=")
        if not equals or key.strip().upper() not in ("CHARSET", "ENCODING"):
            break
        settings[key.strip().upper()] = setting.strip()
        items.pop(0)
    label = ",".join(items)
    if settings.get("ENCODING", "").upper() == "QUOTED-PRINTABLE":
        # Should it not decode, the label as written is still better than none.
        with suppress(_CharsetError):
            label = _decode_quoted_printable(label, settings.get("CHARSET") or "utf-8")
    return label.strip()


def _org(values: Sequence[str]) -> tuple[str, str]:
    if not values:
        return "", ""
    parts = [p.strip() for p in _components(values[0])]
    return parts[0], " / ".join(p for p in parts[1:] if p)


def _name_from_n(value: str) -> str:
    """FN's stand-in from N's family;given;additional;prefix;suffix, in the order people say it."""
    parts = [*_components(value), "", "", "", "", ""][:5]
    family, given, additional, prefix, suffix = (p.replace(",", " ") for p in parts)
    return " ".join(" ".join((prefix, given, additional, family, suffix)).split())


# --- CSV ----------------------------------------------------------------------------------------

_GOOGLE_PHONE: Final = re.compile(r"^Phone (\d+) - Value$")
_MULTI: Final = ":::"


def read_contacts_csv(text: str, *, name: str = "the file") -> ReadResult:
    """Rows of a Google Contacts or Outlook CSV, told apart by the header."""
    first_line = _LINE_BREAK.split(text.lstrip("\ufeff"), maxsplit=1)[0]
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


def _csv_number(raw: str, label: str, problems: list[_NumberProblem]) -> ContactNumber | None:
    try:
        parse_number(raw)
    except InvalidNumberError as error:
        problems.append(_NumberProblem(ProblemKind.NUMBER_REFUSED, raw, error.message))
        return None
    return ContactNumber.of(raw, label)


def _google_contact(
    cells: _Cells, header: Sequence[str], where: Place, rejected: list[Rejected]
) -> Contact | None:
    numbers: list[ContactNumber] = []
    problems: list[_NumberProblem] = []
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
    problems: list[_NumberProblem] = []
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
    problems: list[_NumberProblem],
    where: Place,
    rejected: list[Rejected],
) -> Contact | None:
    name = name or organisation or email or (numbers[0].raw if numbers else "")
    _report_numbers(problems, name if not numbers else "", where, rejected)
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
