"""The problems of a contact import, said in the user's language.

The file readers in the core write each problem as an English sentence (the log keeps them so).
The contacts page shows them through here: every sentence the readers write is recognised and
said again through Qt's translation, and a refused number is explained the way the contact
editor explains it. A sentence this does not recognise is shown as the reader wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from PySide6.QtCore import QCoreApplication

from fmc_desktop.core.vcard import Rejected
from fmc_desktop.ui.contact_editor import number_problem


def _filled(template: str, *values: str) -> str:
    # Replaced from the last, so that %1 never eats the start of %10 and a value with "%2" in it
    # is not filled in again.
    for index in range(len(values), 0, -1):
        template = template.replace(f"%{index}", "\0" + str(index))
    for index, value in enumerate(values, start=1):
        template = template.replace("\0" + str(index), value)
    return template


_CARD: Final = re.compile(r"card (\d+) \(line (\d+)\)")
_ROW: Final = re.compile(r"row (\d+) \(line (\d+)\)")
_LINE: Final = re.compile(r"line (\d+)")

_SKIPPED_LINE: Final = re.compile(
    r"Line (\d+) was skipped: '(.*)' (?:is not a vCard property|is not text in (.+?))"
    r"(?:, and it breaks off line (\d+) before it, which was skipped too)?\. "
    r"The rest of the card \((.*)\) was imported(, without a phone number)?\.",
    re.DOTALL,
)
_NAME_LOST: Final = re.compile(
    r"The card cannot be read: its name is on line (\d+), and '(.*)' "
    r"(?:is not a vCard property|is not text in (.+?))\.",
    re.DOTALL,
)
_NAME_CUT: Final = re.compile(
    r"The card cannot be read: '(.*)' is not a vCard property, and it breaks off the card's "
    r"name on line (\d+)\.",
    re.DOTALL,
)
_NUMBER: Final = re.compile(
    r"The number was skipped: (.*?)(?: The contact (.*) came in without a phone number\.)?",
    re.DOTALL,
)
_WRITTEN: Final = re.compile(r" It is written '(.*)'\.$", re.DOTALL)
_QUOTED: Final = re.compile(r"'([^']*)'")
_FIELDS: Final = re.compile(
    r"The row has (\d+) fields but the header has (\d+): its columns cannot be told apart\."
)
_FIXED: Final[dict[str, Callable[[], str]]] = {
    "The card has no name, phone number or e-mail.": lambda: QCoreApplication.translate(
        "ImportReport", "The card has no name, phone number or e-mail."
    ),
    "The row has no name, phone number or e-mail.": lambda: QCoreApplication.translate(
        "ImportReport", "The row has no name, phone number or e-mail."
    ),
    "The card has no END:VCARD: the file is cut short.": lambda: QCoreApplication.translate(
        "ImportReport", "The card has no END:VCARD: the file is cut short."
    ),
    "Text outside any BEGIN:VCARD … END:VCARD was skipped.": lambda: QCoreApplication.translate(
        "ImportReport", "Text outside any BEGIN:VCARD … END:VCARD was skipped."
    ),
}


def problem_text(problem: Rejected) -> str:
    """One line of the report: where, and what happened, in the user's language."""
    return f"{location_text(problem.location)}: {reason_text(problem.reason)}"


def location_text(location: str) -> str:
    if found := _CARD.fullmatch(location):
        return _filled(
            QCoreApplication.translate("ImportReport", "card %1 (line %2)"), found[1], found[2]
        )
    if found := _ROW.fullmatch(location):
        return _filled(
            QCoreApplication.translate("ImportReport", "row %1 (line %2)"), found[1], found[2]
        )
    if found := _LINE.fullmatch(location):
        return _filled(QCoreApplication.translate("ImportReport", "line %1"), found[1])
    return location


def reason_text(reason: str) -> str:
    fixed = _FIXED.get(reason)
    if fixed is not None:
        return fixed()
    if found := _SKIPPED_LINE.fullmatch(reason):
        return _skipped_line(found)
    if found := _NAME_LOST.fullmatch(reason):
        line, shown, charset = found[1], found[2], found[3]
        why = _why(shown, charset)
        return _filled(
            QCoreApplication.translate(
                "ImportReport", "The card cannot be read: its name is on line %1, and %2"
            ),
            line,
            why,
        )
    if found := _NAME_CUT.fullmatch(reason):
        return _filled(
            QCoreApplication.translate(
                "ImportReport",
                "The card cannot be read: “%1” is not a vCard property, and it breaks off "
                "the card's name on line %2.",
            ),
            found[1],
            found[2],
        )
    if found := _NUMBER.fullmatch(reason):
        return _number(found[1], found[2])
    if found := _FIELDS.fullmatch(reason):
        return _filled(
            QCoreApplication.translate(
                "ImportReport",
                "The row has %1 fields but the header has %2: its columns cannot be told apart.",
            ),
            found[1],
            found[2],
        )
    return reason


def _why(shown: str, charset: str | None) -> str:
    if charset:
        return _filled(
            QCoreApplication.translate("ImportReport", "“%1” is not text in %2."), shown, charset
        )
    return _filled(
        QCoreApplication.translate("ImportReport", "“%1” is not a vCard property."), shown
    )


def _skipped_line(found: re.Match[str]) -> str:
    line, shown, charset, cut, name, without = found.groups()
    parts = [
        _filled(QCoreApplication.translate("ImportReport", "Line %1 was skipped:"), line),
        _why(shown, charset),
    ]
    if cut:
        parts.append(
            _filled(
                QCoreApplication.translate(
                    "ImportReport", "It breaks off line %1 before it, which was skipped too."
                ),
                cut,
            )
        )
    if without:
        parts.append(
            _filled(
                QCoreApplication.translate(
                    "ImportReport",
                    "The rest of the card (%1) was imported, without a phone number.",
                ),
                name,
            )
        )
    else:
        parts.append(
            _filled(
                QCoreApplication.translate(
                    "ImportReport", "The rest of the card (%1) was imported."
                ),
                name,
            )
        )
    return " ".join(parts)


def _number(why: str, name: str | None) -> str:
    written = _WRITTEN.search(why)
    quoted = _QUOTED.search(why)
    raw = written[1] if written else quoted[1] if quoted else None
    explained = number_problem(raw) if raw is not None else None
    if raw is None or explained is None:
        text = _filled(
            QCoreApplication.translate("ImportReport", "The number was skipped: %1"), why
        )
    else:
        text = _filled(
            QCoreApplication.translate("ImportReport", "The number “%1” was skipped: %2"),
            raw,
            explained,
        )
    if name:
        text += " " + _filled(
            QCoreApplication.translate(
                "ImportReport", "The contact %1 came in without a phone number."
            ),
            name,
        )
    return text
