"""Call lists for spreadsheets: CSV that Excel cannot run as formulas, and XLSX for people.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and, after a tab or a carriage
return, the same) as a formula: a caller name like `=HYPERLINK(...)` from the PBX would become a
link or a command in the accountant's Excel. CSV cells that start so are written with a leading
`'` (the OWASP "CSV injection" advice), which Excel shows as text and hides; `+380...` numbers
are left as they are (Excel reads them as a number, not a formula). The importer takes the `'`
off again, so an export imports back to the same calls.

XLSX is written with openpyxl in write-only mode (rows stream to disk, a million calls never sit
in memory): numbers as text so leading zeros survive, start and end as real date-times in Kyiv
time, durations as durations, the header frozen and filtered. It is for reading, not for import.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import BinaryIO, Final

from fmc_desktop.core.api.errors import InvalidInputError
from fmc_desktop.core.api.records import CALLED, CALLING, DURATION, END, START, ExtraValue

# One sheet holds 1,048,576 rows; the header takes one.
XLSX_MAX_CALLS: Final = 1_048_575
_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
_MARK: Final = "'"
_NUMBER_FIELDS: Final = frozenset({CALLING, CALLED})
_TIME_FIELDS: Final = frozenset({START, END})
# Widths in characters, roughly what each column's values need.
_WIDTHS: Final = {START: 20, END: 20, CALLING: 16, CALLED: 16, DURATION: 10}
_DEFAULT_WIDTH: Final = 18


def neutralise(cell: str) -> str:
    """`cell` as a spreadsheet shows it as text: a leading `'` before a formula's first sign.

    A value that already starts with marks before such a sign (`'=` typed by a person) gets one
    more, so that `restore`, which takes exactly one off, gives it back as it was.
    """
    if cell.startswith(_FORMULA_STARTS) and not (cell[0] == "+" and cell[1:].isdigit()):
        return _MARK + cell
    if cell.startswith(_MARK) and cell.lstrip(_MARK).startswith(_FORMULA_STARTS):
        return _MARK + cell
    return cell


def restore(cell: str) -> str:
    """The value `neutralise` was given (a cell without its mark is returned as it is)."""
    if cell.startswith(_MARK) and cell.lstrip(_MARK).startswith(_FORMULA_STARTS):
        return cell[1:]
    return cell


def has_marks(text: str) -> bool:
    """Whether a CSV text may hold neutralised cells (the reader restores only then)."""
    return any(_MARK + sign in text for sign in _FORMULA_STARTS)


def too_many_for_xlsx(count: int) -> InvalidInputError:
    return InvalidInputError(
        f"{count:,} calls do not fit one Excel sheet, which holds {XLSX_MAX_CALLS:,}; pick a "
        "shorter period or export as CSV."
    )


def write_xlsx(
    rows: Iterable[Mapping[str, ExtraValue]], columns: Sequence[str], stream: BinaryIO
) -> int:
    """The calls as one worksheet, header first; returns how many calls were written.

    `rows` are the API's fields of each call (times as `YYYY-MM-DD HH:MM:SS`, Kyiv). More than
    XLSX_MAX_CALLS is an InvalidInputError, raised before anything reaches `stream`.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Calls")
    sheet.freeze_panes = "A2"
    for index, name in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(name, _DEFAULT_WIDTH)
    bold = Font(bold=True)
    header = []
    for name in columns:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    kinds = [_kind(name) for name in columns]
    for row in rows:
        count += 1
        if count > XLSX_MAX_CALLS:
            raise too_many_for_xlsx(count)
        sheet.append(
            [_cell(sheet, kind, row.get(name)) for name, kind in zip(columns, kinds, strict=True)]
        )
    last = get_column_letter(max(len(columns), 1))
    sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    book.save(stream)
    return count


def _kind(name: str) -> str:
    if name in _TIME_FIELDS:
        return "time"
    if name in _NUMBER_FIELDS:
        return "number"
    if name == DURATION:
        return "duration"
    return "text"


def _cell(sheet: object, kind: str, value: ExtraValue) -> object:
    from openpyxl.cell import WriteOnlyCell

    if value is None:
        return None
    if kind == "time" and isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=datetime.fromisoformat(value))
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
        return cell
    if kind == "duration" and isinstance(value, int):
        cell = WriteOnlyCell(sheet, value=timedelta(seconds=value))
        cell.number_format = "[h]:mm:ss"
        return cell
    if kind == "number" or isinstance(value, str):
        # Text, explicitly: Excel would drop the leading 0 of 0671234567 from a number, and a
        # caller's name is never a formula in a typed text cell.
        cell = WriteOnlyCell(sheet, value=str(value))
        cell.data_type = "s"
        cell.number_format = "@"
        return cell
    return value
