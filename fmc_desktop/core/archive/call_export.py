"""Exporting calls to files: the archive's selection, or the calls a view shows.

Export writes the API's own field names and formats (`YYYY-MM-DD HH:MM:SS` Kyiv time, numbers as
the API wrote them, every extra field), so exporting and importing again changes nothing. It
streams in chunks: a million calls never sit in memory at once.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import BinaryIO, Final, Literal, overload

from fmc_desktop.core.api.errors import InvalidInputError
from fmc_desktop.core.api.kyiv import KYIV
from fmc_desktop.core.api.records import OPTIONAL_FIELDS, REQUIRED_FIELDS, ExtraValue
from fmc_desktop.core.archive.queries import CallQuery, Order
from fmc_desktop.core.archive.spreadsheet import (
    XLSX_MAX_CALLS,
    neutralise,
    too_many_for_xlsx,
    write_xlsx,
)
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.notes.export_columns import NOTE_COLUMNS, NoteCells

ExportFormat = Literal["csv", "excel-csv", "json", "xlsx"]
EXPORT_FORMATS: Final[tuple[ExportFormat, ...]] = ("csv", "excel-csv", "json", "xlsx")
_CHUNK: Final = 20_000
_EPOCH: Final = datetime(1970, 1, 1)


def _api_time(epoch: int, cache: dict[int, int]) -> str:
    """`YYYY-MM-DD HH:MM:SS` Kyiv time; the offset is looked up once per UTC hour."""
    hour = epoch // 3600
    offset = cache.get(hour)
    if offset is None:
        moment = datetime.fromtimestamp(hour * 3600, UTC).astimezone(KYIV)
        delta = moment.utcoffset()
        offset = cache[hour] = int(delta.total_seconds()) if delta is not None else 0
    return _wall_text(epoch + offset)


def _wall_text(seconds: int) -> str:
    return (_EPOCH + timedelta(seconds=seconds)).strftime("%Y-%m-%d %H:%M:%S")


def _api_dicts(
    archive: CallArchive, query: CallQuery, notes: NoteCells | None = None
) -> Iterator[dict[str, ExtraValue]]:
    """The selected calls as the API writes them, field order as in CallRecord.to_api_dict;
    with `notes`, each call's note columns after its fields."""
    cache: dict[int, int] = {}
    start_name, end_name, calling_name, called_name, duration_name = REQUIRED_FIELDS
    for rows in archive.iter_rows(query, chunk=_CHUNK):
        for row in rows:
            out: dict[str, ExtraValue] = {
                start_name: _api_time(row[1], cache),
                end_name: _api_time(row[2], cache),
                calling_name: row[4],
                called_name: row[5],
                duration_name: row[3],
            }
            for name, value in zip(OPTIONAL_FIELDS, row[6:10], strict=True):
                if value is not None:
                    out[name] = value
            if row[10]:
                extra = json.loads(row[10])
                if isinstance(extra, dict):
                    out.update(extra)
            if notes is not None:
                out.update(notes.cells(row[1], row[4], row[5], row[3]))
            yield out


def _csv_columns(
    archive: CallArchive, query: CallQuery, notes: NoteCells | None = None
) -> list[str]:
    """Required fields, the optional ones any selected call has, then extras as first seen,
    then (with `notes`) the note columns."""
    present: set[str] = set()
    extras: dict[str, None] = {}
    for rows in archive.iter_rows(query, chunk=_CHUNK):
        for row in rows:
            for name, value in zip(OPTIONAL_FIELDS, row[6:10], strict=True):
                if value is not None:
                    present.add(name)
            if row[10]:
                extra = json.loads(row[10])
                if isinstance(extra, dict):
                    for key in extra:
                        extras.setdefault(key)
    columns = list(REQUIRED_FIELDS)
    columns.extend(name for name in OPTIONAL_FIELDS if name in present)
    columns.extend(extras)
    if notes is not None:
        columns.extend(NOTE_COLUMNS)
    return columns


def _csv_cell(value: ExtraValue) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_export(
    archive: CallArchive, query: CallQuery, fmt: ExportFormat, stream: BinaryIO
) -> int:
    """Write the calls `query` selects, oldest first, to `stream` as CSV (UTF-8, comma, header),
    Excel's CSV (a BOM and `;`), JSON (an array of objects) or XLSX (for people, not for
    import); returns how many were written. CSV cells a spreadsheet would run as formulas are
    neutralised (`spreadsheet.neutralise`), and the importer restores them. The query's order,
    limit and offset do not apply: an export is the whole selection, in time order.

    The layout matches `formats.write_csv` / `write_json`, which is what the importer reads.
    """
    if fmt not in EXPORT_FORMATS:
        raise InvalidInputError(f"Unknown export format {fmt!r}; use {', '.join(EXPORT_FORMATS)}.")
    query = replace(query, order=Order.OLDEST_FIRST, limit=None, offset=0)
    count = 0
    # CSV and XLSX carry each call's note and tags (export_columns); JSON stays the API's
    # own list, the notes' history going to its own file (`note export`).
    notes = NoteCells.of(archive) if fmt != "json" else None
    if fmt == "xlsx":
        total = archive.count_calls(query)
        if total > XLSX_MAX_CALLS:
            raise too_many_for_xlsx(total)
        return write_xlsx(
            _api_dicts(archive, query, notes), _csv_columns(archive, query, notes), stream
        )
    if fmt in ("csv", "excel-csv"):
        excel = fmt == "excel-csv"
        columns = _csv_columns(archive, query, notes)
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\n", delimiter=";" if excel else ",")
        writer.writerow([neutralise(name) for name in columns])
        if excel:
            stream.write(codecs.BOM_UTF8)
        for record in _api_dicts(archive, query, notes):
            writer.writerow([neutralise(_csv_cell(record.get(name))) for name in columns])
            count += 1
            if count % _CHUNK == 0:
                stream.write(buffer.getvalue().encode("utf-8"))
                buffer.seek(0)
                buffer.truncate()
        stream.write(buffer.getvalue().encode("utf-8"))
        return count
    pieces: list[str] = []
    stream.write(b"[")
    for record in _api_dicts(archive, query):
        pieces.append(("\n  " if count == 0 else ",\n  ") + json.dumps(record, ensure_ascii=False))
        count += 1
        if count % _CHUNK == 0:
            stream.write("".join(pieces).encode("utf-8"))
            pieces.clear()
    pieces.append("\n]\n" if count else "]\n")
    stream.write("".join(pieces).encode("utf-8"))
    return count


@overload
def export_calls(
    archive: CallArchive,
    query: CallQuery | None = None,
    fmt: ExportFormat = "csv",
    stream: None = None,
) -> bytes: ...


@overload
def export_calls(
    archive: CallArchive, query: CallQuery | None, fmt: ExportFormat, stream: BinaryIO
) -> int: ...


def export_calls(
    archive: CallArchive,
    query: CallQuery | None = None,
    fmt: ExportFormat = "csv",
    stream: BinaryIO | None = None,
) -> bytes | int:
    """The export of the calls `query` selects (all without one): written to `stream` in chunks,
    returning how many calls, or returned as bytes when no stream is given."""
    selection = query if query is not None else CallQuery()
    if stream is not None:
        return write_export(archive, selection, fmt, stream)
    buffer = io.BytesIO()
    write_export(archive, selection, fmt, buffer)
    return buffer.getvalue()
