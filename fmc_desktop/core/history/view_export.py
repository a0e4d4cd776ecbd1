"""Exporting the calls a view shows, in the order shown: CSV, CSV for Excel, XLSX or JSON.

The window hands over the history it shows and the positions of the calls on screen; this runs
on a worker thread, so the window keeps answering while 200,000 calls are written. The history is
only ever appended to (a call's columns are never written again once loaded, see
`columns._Growable`), so reading the positions taken when the export began is safe while syncs
append more on the GUI thread.

The file is written through `files.export_stream`: owner-only, whole or not at all, never onto
the app's own files. Cancel and every failure leave nothing behind. The layout is the one
`formats.write_csv` and `formats.write_json` produce (tests compare the bytes), which is what the
importer reads; XLSX is for people, not for import.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
import numpy.typing as npt

from fmc_desktop.core.api.errors import ErrorKind, ExitCode, FmcError, InvalidInputError
from fmc_desktop.core.api.records import OPTIONAL_FIELDS, REQUIRED_FIELDS, CallRecord, ExtraValue
from fmc_desktop.core.archive.call_export import EXPORT_FORMATS, ExportFormat
from fmc_desktop.core.archive.spreadsheet import (
    XLSX_MAX_CALLS,
    neutralise,
    too_many_for_xlsx,
    write_xlsx,
)
from fmc_desktop.core.history.columns import CallHistory
from fmc_desktop.core.notes.export_columns import NOTE_COLUMNS, NoteCells
from fmc_desktop.core.system.files import export_stream, export_target

# Calls between two progress reports and cancel checks: a few ms of work each.
STEP: Final = 2000

# Where each optional field comes from: the calling or the called party, and which of its
# (number, name, department) it is.
_PARTY_FIELDS: Final = {
    "calling_name": ("calling", 1),
    "called_name": ("called", 1),
    "calling_department": ("calling", 2),
    "called_department": ("called", 2),
}


class ExportCancelled(FmcError):
    """The user stopped the export; nothing was written."""

    kind = ErrorKind.INVALID_INPUT
    exit_code = ExitCode.INTERRUPTED


@dataclass(frozen=True, slots=True)
class ExportProgress:
    done: int  # calls written so far
    total: int  # calls in the view


def export_view(
    history: CallHistory,
    rows: npt.NDArray[np.integer] | Sequence[int],
    path: Path,
    fmt: ExportFormat,
    protected: Sequence[Path] = (),
    *,
    on_progress: Callable[[ExportProgress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    notes: NoteCells | None = None,
) -> int:
    """Write the calls at `rows` of `history`, in that order, to `path` as `fmt`; how many.

    `notes` (`NoteCells.of(archive)`, None when the archive has no notes) adds each call's
    note columns to CSV and XLSX, as `fmc-desktop export` writes them.

    `on_progress` hears every STEP calls; `cancelled()` is asked as often, and True stops the
    export with ExportCancelled, the half-written file removed. `protected` are the app's own
    files (`files.app_data_places`), which an export never replaces.
    """
    if fmt not in EXPORT_FORMATS:
        raise InvalidInputError(f"Unknown export format {fmt!r}; use {', '.join(EXPORT_FORMATS)}.")
    positions = np.asarray(rows, dtype=np.int64)
    total = len(positions)
    if fmt == "xlsx" and total > XLSX_MAX_CALLS:
        raise too_many_for_xlsx(total)
    export_target(path, protected)  # refuse before the work, not after

    stopped = False

    def records() -> Iterator[CallRecord]:
        nonlocal stopped
        for start in range(0, total, STEP):
            if cancelled is not None and cancelled():
                # Ended like a short view, not by an exception thrown through the writer:
                # openpyxl's write-only sheet, interrupted, leaves its temporary file behind.
                stopped = True
                return
            for index in positions[start : start + STEP]:
                yield history.record(int(index))
            if on_progress is not None:
                on_progress(ExportProgress(min(start + STEP, total), total))

    with export_stream(path, protected) as stream:
        if fmt == "json":
            _write_json(records(), stream.write)
        elif fmt == "xlsx":
            columns = view_columns(history, positions)
            if notes is not None:
                columns.extend(NOTE_COLUMNS)
            write_xlsx((_api_dict(r, notes) for r in records()), columns, stream)
        else:
            excel = fmt == "excel-csv"
            if excel:
                stream.write(codecs.BOM_UTF8)
            columns = view_columns(history, positions)
            if notes is not None:
                columns.extend(NOTE_COLUMNS)
            _write_csv(records(), columns, excel, stream.write, notes)
        if stopped:  # raised inside: export_stream then removes the half-written file
            raise ExportCancelled("The export was cancelled; no file was written.")
    return total


def view_columns(history: CallHistory, rows: npt.NDArray[np.integer]) -> list[str]:
    """The CSV header of these calls, as `formats.csv_columns` makes it from their records:
    the required fields, the optional ones any of them has, then extras in first-seen order.

    Read from the parties and extras the calls share, not from every call: a view of a million
    calls has a few thousand of each.
    """
    columns = list(REQUIRED_FIELDS)
    sides = {"calling": history.calling[rows], "called": history.called[rows]}
    parties = {side: np.unique(ids) for side, ids in sides.items()}
    for name in OPTIONAL_FIELDS:
        side, place = _PARTY_FIELDS[name]
        if any(history.party(int(p))[place] is not None for p in parties[side]):
            columns.append(name)
    extras = history.extras[rows]
    _, first_rows = np.unique(extras, return_index=True)
    seen: dict[str, None] = {}
    for at in np.sort(first_rows):  # each extras set where the view first shows it
        for key in history.record(int(rows[at])).extra:
            seen.setdefault(key)
    columns.extend(seen)
    return columns


def _write_json(records: Iterator[CallRecord], write: Callable[[bytes], object]) -> None:
    # `json.dumps(rows, indent=2)` of the whole list, STEP calls at a time: one dumps per piece
    # (per call it was a third slower), its brackets cut so the pieces join into one array.
    first = True
    while piece := [record.to_api_dict() for record in itertools.islice(records, STEP)]:
        text = json.dumps(piece, ensure_ascii=False, indent=2)
        write((("[\n" if first else ",\n") + text[2:-2]).encode("utf-8"))
        first = False
    write(b"[]\n" if first else b"\n]\n")


def _write_csv(
    records: Iterator[CallRecord],
    columns: list[str],
    excel: bool,
    write: Callable[[bytes], object],
    notes: NoteCells | None = None,
) -> None:
    out = io.StringIO(newline="")
    delimiter = ";" if excel else ","
    writer = csv.writer(out, lineterminator="\n", delimiter=delimiter)
    # As in formats.write_csv: a reader also ends a line at a lone "\r", which the minimal
    # writer does not quote, so a row holding one is written fully quoted.
    quoting_writer = csv.writer(
        out, lineterminator="\n", delimiter=delimiter, quoting=csv.QUOTE_ALL
    )

    def put(row: list[str]) -> None:
        (quoting_writer if any("\r" in cell for cell in row) else writer).writerow(row)

    put([neutralise(name) for name in columns])
    for count, record in enumerate(records, 1):
        api = _api_dict(record, notes)
        put([neutralise(_csv_cell(api.get(name))) for name in columns])
        if count % STEP == 0:
            write(out.getvalue().encode("utf-8"))
            out.seek(0)
            out.truncate()
    write(out.getvalue().encode("utf-8"))


def _api_dict(record: CallRecord, notes: NoteCells | None) -> dict[str, ExtraValue]:
    api = record.to_api_dict()
    if notes is not None:
        start = int(record.start_utc.timestamp())
        api.update(notes.cells(start, record.calling_number, record.called_number, record.duration))
    return api


def _csv_cell(value: ExtraValue) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"  # JSON's spelling, not Python's
    return str(value)
