"""Contact files as a whole: read a .vcf or .csv, import it into the book, export the book.

Reading tells the file's kind by its content (vCard 2.1, 3.0, 4.0, or CSV as Google or Outlook
write it); exports are vCard 4.0 and Google-style CSV, and keep every field a Contact has, so
reading an export back gives the same contacts.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from fmc_desktop.core.api.errors import FmcError, InvalidInputError, ParseError
from fmc_desktop.core.contacts.book import ContactBook
from fmc_desktop.core.contacts.contact import Contact
from fmc_desktop.core.contacts.csv_layouts import read_contacts_csv, write_google_csv
from fmc_desktop.core.contacts.file_problems import FileProblem, ReadResult, Rejected
from fmc_desktop.core.contacts.formats import ContactFileFormat
from fmc_desktop.core.contacts.vcard_reader import VCARD_BEGIN, read_vcards
from fmc_desktop.core.contacts.vcard_writer import write_vcards
from fmc_desktop.core.system.files import export_stream

_log = logging.getLogger(__name__)

MAX_FILE_BYTES: Final = 64 * 1024 * 1024  # far beyond any address book; stops a wrong file early


@dataclass(frozen=True, slots=True)
class ImportReport:
    format: ContactFileFormat
    added: int  # new contacts
    merged: int  # existing contacts that took in a card sharing one of their numbers
    rejected: list[Rejected]  # cards, rows or single numbers left out, and why


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
    if VCARD_BEGIN.search(text[:65536]):
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
