"""The problems of a contact import, said in the user's language.

The file readers in the core report each problem as a kind and its fields (`Rejected`), and make
the English sentence for the log and the command line from them. The contacts page makes its
sentence from the same fields here, through Qt's translation, so that a change of the core's
wording cannot leave the report untranslated. A refused number is explained the way the contact
editor explains it. A file refused whole is said here too, from its error's details.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Final

from PySide6.QtCore import QCoreApplication

from fmc_desktop.core.api.errors import FmcError
from fmc_desktop.core.contacts.file_problems import (
    FileProblem,
    Place,
    PlaceKind,
    ProblemKind,
    Rejected,
)
from fmc_desktop.ui.contacts.editor import number_problem
from fmc_desktop.ui.shell.i18n import fill


def problem_text(problem: Rejected) -> str:
    """One line of the report: where, and what happened, in the user's language."""
    return f"{location_text(problem.place)}: {reason_text(problem)}"


def location_text(place: Place) -> str:
    if place.kind is PlaceKind.CARD:
        return fill(
            QCoreApplication.translate("ImportReport", "card %1 (line %2)"),
            place.number,
            place.line,
        )
    if place.kind is PlaceKind.ROW:
        return fill(
            QCoreApplication.translate("ImportReport", "row %1 (line %2)"), place.number, place.line
        )
    return fill(QCoreApplication.translate("ImportReport", "line %1"), place.line)


def reason_text(problem: Rejected) -> str:
    """What happened, in the user's language, made from the problem's fields."""
    return SAID[problem.problem](problem)


def _outside_cards(_problem: Rejected) -> str:
    return QCoreApplication.translate(
        "ImportReport", "Text outside any BEGIN:VCARD … END:VCARD was skipped."
    )


def _card_cut_short(_problem: Rejected) -> str:
    return QCoreApplication.translate(
        "ImportReport", "The card has no END:VCARD: the file is cut short."
    )


def _empty_card(_problem: Rejected) -> str:
    return QCoreApplication.translate(
        "ImportReport", "The card has no name, phone number or e-mail."
    )


def _empty_row(_problem: Rejected) -> str:
    return QCoreApplication.translate(
        "ImportReport", "The row has no name, phone number or e-mail."
    )


def _name_cut(problem: Rejected) -> str:
    return fill(
        QCoreApplication.translate(
            "ImportReport",
            "The card cannot be read: “%1” is not a vCard property, and it breaks off "
            "the card's name on line %2.",
        ),
        problem.text,
        problem.broken_line,
    )


def _name_lost(problem: Rejected) -> str:
    return " ".join(
        [
            fill(
                QCoreApplication.translate(
                    "ImportReport", "The card cannot be read: its name is on line %1, and %2"
                ),
                problem.line,
                _why(problem),
            ),
            *_broken_off(problem),
        ]
    )


def _line_skipped(problem: Rejected) -> str:
    if problem.without_number:
        rest = QCoreApplication.translate(
            "ImportReport", "The rest of the card (%1) was imported, without a phone number."
        )
    else:
        rest = QCoreApplication.translate("ImportReport", "The rest of the card (%1) was imported.")
    return " ".join(
        [
            fill(QCoreApplication.translate("ImportReport", "Line %1 was skipped:"), problem.line),
            _why(problem),
            *_broken_off(problem),
            fill(rest, problem.contact),
        ]
    )


def _why(problem: Rejected) -> str:
    if problem.charset:
        return fill(
            QCoreApplication.translate("ImportReport", "“%1” is not text in %2."),
            problem.text,
            problem.charset,
        )
    return fill(
        QCoreApplication.translate("ImportReport", "“%1” is not a vCard property."), problem.text
    )


def _broken_off(problem: Rejected) -> list[str]:
    if not problem.broken_line:
        return []
    return [
        fill(
            QCoreApplication.translate(
                "ImportReport", "It breaks off line %1 before it, which was skipped too."
            ),
            problem.broken_line,
        )
    ]


def _number_refused(problem: Rejected) -> str:
    # The parser's own sentence is English; the editor's explanation of the same text is not.
    explained = number_problem(problem.text) or problem.error
    return _with_contact(
        problem,
        fill(
            QCoreApplication.translate("ImportReport", "The number “%1” was skipped: %2"),
            problem.text,
            explained,
        ),
    )


def _link_refused(problem: Rejected) -> str:
    return _with_contact(
        problem,
        fill(
            QCoreApplication.translate("ImportReport", "The number “%1” was skipped: %2"),
            problem.text,
            QCoreApplication.translate(
                "ImportReport", "This link does not hold a phone number that can be called."
            ),
        ),
    )


def _with_contact(problem: Rejected, text: str) -> str:
    if not problem.without_number:
        return text
    return (
        text
        + " "
        + fill(
            QCoreApplication.translate(
                "ImportReport", "The contact %1 came in without a phone number."
            ),
            problem.contact,
        )
    )


def _fields_count(problem: Rejected) -> str:
    return fill(
        QCoreApplication.translate(
            "ImportReport",
            "The row has %1 fields but the header has %2: its columns cannot be told apart.",
        ),
        problem.fields,
        problem.header_fields,
    )


def _unreadable_rest(problem: Rejected) -> str:
    # Python's csv module says what it stumbled on in English only; in brackets it does no harm.
    return fill(
        QCoreApplication.translate("ImportReport", "The file cannot be read past this point (%1)."),
        problem.error,
    )


# Every kind of problem has its sentence here; a test checks that none is missing.
SAID: Final[Mapping[ProblemKind, Callable[[Rejected], str]]] = {
    ProblemKind.OUTSIDE_CARDS: _outside_cards,
    ProblemKind.CARD_CUT_SHORT: _card_cut_short,
    ProblemKind.NAME_CUT: _name_cut,
    ProblemKind.NAME_LOST: _name_lost,
    ProblemKind.LINE_SKIPPED: _line_skipped,
    ProblemKind.NUMBER_REFUSED: _number_refused,
    ProblemKind.LINK_REFUSED: _link_refused,
    ProblemKind.EMPTY_CARD: _empty_card,
    ProblemKind.EMPTY_ROW: _empty_row,
    ProblemKind.FIELDS_COUNT: _fields_count,
    ProblemKind.UNREADABLE_REST: _unreadable_rest,
}


def file_problem_text(error: FmcError) -> str:
    """Why a contact file was refused whole, in the user's language; the error's own words when
    it is not one of the readers' (FileProblem)."""
    try:
        problem = FileProblem(str(error.details.get("problem")))
    except ValueError:
        return error.message
    name = str(error.details.get("name", ""))
    if problem is FileProblem.TOO_BIG:
        return fill(
            QCoreApplication.translate(
                "ImportReport", "%1 is %2 MB: too big to be an address book."
            ),
            name,
            error.details.get("megabytes", ""),
        )
    if problem is FileProblem.UNREADABLE:
        # The system's reason ("Permission denied") comes in its own words, in brackets.
        return fill(
            QCoreApplication.translate("ImportReport", "%1 cannot be read (%2)."),
            name,
            error.details.get("reason", ""),
        )
    if problem is FileProblem.EMPTY:
        return fill(
            QCoreApplication.translate("ImportReport", "%1 is empty: there are no contacts in it."),
            name,
        )
    if problem is FileProblem.NOT_TEXT:
        return fill(
            QCoreApplication.translate(
                "ImportReport",
                "%1 is not text in UTF-8, UTF-16 or Windows-1251: it cannot be read as contacts.",
            ),
            name,
        )
    if problem is FileProblem.NO_HEADER:
        return fill(
            QCoreApplication.translate(
                "ImportReport", "%1 has no header row, so it is not a contacts CSV."
            ),
            name,
        )
    if problem is FileProblem.NOT_CONTACTS_CSV:
        return fill(
            QCoreApplication.translate(
                "ImportReport",
                "%1 is a CSV file, but not one from Google Contacts or Outlook: its header has "
                "neither 'Phone 1 - Value' nor 'Mobile Phone'/'Business Phone'/'E-mail Address' "
                "(or Outlook's Russian titles). Export the contacts again from Google Contacts "
                "or Outlook, or as a vCard (.vcf).",
            ),
            name,
        )
    return QCoreApplication.translate("ImportReport", "There is no vCard in this file.")
