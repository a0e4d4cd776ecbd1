"""What reading a contact file gives back: its contacts, and what it lost and why, as fields.

Each card, row, line or number a file loses becomes a `Rejected` with the fields its sentence
needs; the English sentence is made here (for the log and the command line), the GUI makes its
own translated one from the same fields. A file refused whole raises a ParseError whose
`problem` is a `FileProblem`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple, assert_never

from fmc_desktop.core.contacts.contact import Contact
from fmc_desktop.core.contacts.formats import ContactFileFormat


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


class NumberProblem(NamedTuple):
    kind: ProblemKind  # NUMBER_REFUSED or LINK_REFUSED
    written: str  # as the file has it
    error: str  # the parser's sentence


def report_numbers(
    problems: Sequence[NumberProblem], left_without: str, where: Place, rejected: list[Rejected]
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
