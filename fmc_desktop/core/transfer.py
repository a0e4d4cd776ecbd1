"""Call lists in and out of the archive as files: the portal's exports, the API's answers, ours.

Import reads CSV, JSON or XML with the same parsers as the client, so a file is read exactly as
the API's answer would be. Each file is its own transaction and its own line in the report: one
unreadable file does not stop the others, and a rejected row does not stop its file.

Export writes the API's own field names and formats (`YYYY-MM-DD HH:MM:SS` Kyiv time, numbers as
the API wrote them, every extra field), so exporting and importing again changes nothing. It
streams in chunks: a million calls never sit in memory at once.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from operator import itemgetter, methodcaller
from pathlib import Path
from typing import Any, BinaryIO, Final, Literal, overload

from fmc_desktop.core.archive import (
    CALL_FIELD_NAMES,
    AddResult,
    CallArchive,
    CallQuery,
    Order,
    paused_garbage_collector,
)
from fmc_desktop.core.errors import ExitCode, FmcError, InvalidInputError, ParseError
from fmc_desktop.core.formats import Format, RejectedRow, detect_format, parse_calls
from fmc_desktop.core.kyiv import KYIV, parse_naive, resolve_call, to_utc
from fmc_desktop.core.records import (
    KNOWN_FIELDS,
    OPTIONAL_FIELDS,
    REQUIRED_FIELDS,
    ExtraValue,
)

_log = logging.getLogger(__name__)

ExportFormat = Literal["csv", "json"]
EXPORT_FORMATS: Final[tuple[ExportFormat, ...]] = ("csv", "json")
_CHUNK: Final = 20_000


@dataclass
class FileImport:
    """One file's outcome. `error` is set when the file could not be read at all."""

    path: Path
    format: Format | None = None
    new: int = 0
    known: int = 0
    updated: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    error: FmcError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and not self.rejected


@dataclass
class ImportReport:
    files: list[FileImport] = field(default_factory=list)

    @property
    def new(self) -> int:
        return sum(f.new for f in self.files)

    @property
    def known(self) -> int:
        return sum(f.known for f in self.files)

    @property
    def updated(self) -> int:
        return sum(f.updated for f in self.files)

    @property
    def rejected(self) -> int:
        return sum(len(f.rejected) for f in self.files)

    @property
    def failed_files(self) -> list[FileImport]:
        return [f for f in self.files if f.error is not None]

    @property
    def exit_code(self) -> ExitCode:
        """0 when everything was read; 1 when some rows or files were not (the rest is kept);
        the error's own code when no file could be read at all."""
        if self.files and all(f.error is not None for f in self.files):
            error = self.files[0].error
            assert error is not None
            return error.exit_code
        if self.rejected or self.failed_files:
            return ExitCode.PARTIAL
        return ExitCode.OK


def import_files(
    archive: CallArchive,
    paths: Iterable[Path],
    *,
    on_file: Callable[[FileImport], None] | None = None,
) -> ImportReport:
    """Import each file in turn; `on_file` hears about each as it is done."""
    report = ImportReport()
    for path in paths:
        outcome = import_file(archive, Path(path))
        report.files.append(outcome)
        if on_file is not None:
            on_file(outcome)
    return report


def import_file(archive: CallArchive, path: Path) -> FileImport:
    """One file: parse, store in one transaction, report. Archive failures raise (they are not
    the file's fault, and the next file would meet them too)."""
    outcome = FileImport(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        outcome.error = InvalidInputError(
            f"{path} cannot be read ({error.strerror or error}).", path=str(path)
        )
        return outcome
    try:
        fmt = detect_format(data, path.name)
        outcome.format = fmt
        added: AddResult
        with paused_garbage_collector():
            columns = simple_csv_columns(data) if fmt == "csv" else None
            if columns is not None:
                del data
                added = archive.add_columns(columns)
            else:
                parsed = parse_calls(data, fmt, source=str(path))
                del data
                added = archive.add_calls(parsed.records)
                outcome.rejected = parsed.rejected
    except ParseError as error:
        outcome.error = error
        return outcome
    outcome.new, outcome.known, outcome.updated = added.new, added.known, added.updated
    _log.info(
        "imported %s: %d new, %d known, %d rejected",
        path,
        added.new,
        added.known,
        len(outcome.rejected),
    )
    return outcome


# --- the fast lane for plain CSV -----------------------------------------------------------------

_KNOWN: Final = frozenset(KNOWN_FIELDS)
# Keyed by the text after the hour, so a lookup also checks the separators and the length.
_MINUTES_SECONDS: Final = {f":{m:02d}:{s:02d}": m * 60 + s for m in range(60) for s in range(60)}
# The base of an hour whose calls are read one by one: far below any real instant.
_AMBIGUOUS: Final = -(10**15)
_CSV_DELIMITERS: Final = (";", ",", "\t")


class _Hours(dict[str, int]):
    """Kyiv wall-clock hours (`YYYY-MM-DD HH`) to their UTC epoch, worked out on first use."""

    def __missing__(self, prefix: str) -> int:
        base = _hour_base(prefix)
        if base is None:
            raise KeyError(prefix)
        self[prefix] = base
        return base


def _hour_base(prefix: str) -> int | None:
    """UTC epoch of the Kyiv wall-clock hour `YYYY-MM-DD HH` (or with a T); _AMBIGUOUS for an
    hour of a clock change; None when it is not such a text."""
    if (
        len(prefix) != 13
        or not prefix.isascii()
        or prefix[4] != "-"
        or prefix[7] != "-"
        or prefix[10] not in " T"
        or not (prefix[:4] + prefix[5:7] + prefix[8:10] + prefix[11:13]).isdigit()
    ):
        return None
    try:
        naive = datetime.fromisoformat(prefix[:10]).replace(hour=int(prefix[11:13]))
    except ValueError:
        return None
    # The repeated autumn hour, and the skipped spring one: a wall time there has two readings,
    # and resolve_call picks one per call, from the call's other end and its duration.
    probe = naive.replace(minute=30, tzinfo=KYIV)
    if probe.utcoffset() != probe.replace(fold=1).utcoffset():
        return _AMBIGUOUS
    return int(to_utc(naive).timestamp())


def _texts(column: list[str]) -> list[str | None]:
    stripped = list(map(str.strip, column))
    return [text or None for text in stripped]


def _split_without_quotes(
    body: str, delimiter: str, header: list[str]
) -> dict[str, list[str]] | None:
    """The columns of a CSV body that has no quotes at all; None if it has some, and no columns
    at all if a row is not as wide as the header.

    Without quotes a delimiter always separates cells and a line end always ends a row, so the
    whole body is cut by a handful of str methods in C; csv.reader would build a list per row.
    (A lone carriage return is a line end to csv.reader; such a body goes that way instead.)
    """
    if '"' in body:
        return None
    flat = body.replace("\r\n", "\n")
    if "\r" in flat:
        return None
    lines = flat.split("\n")
    if lines and not lines[-1]:
        lines.pop()
    if "" in lines:
        lines = [line for line in lines if line]  # blank lines, which the parser skips too
    width = len(header)
    if any(count != width - 1 for count in map(methodcaller("count", delimiter), lines)):
        return {}  # a row of another width: not plain
    cells = delimiter.join(lines).split(delimiter) if lines else []
    return {name: cells[i::width] for i, name in enumerate(header)}


def simple_csv_columns(data: bytes) -> list[Sequence[Any]] | None:
    """The calls of a plain CSV call list as the archive's ten columns (see CallFields); None
    when the file is anything but plain, and then formats.parse_calls must read it.

    Plain means: UTF-8, a header of known field names only (no extras, no quotes), every row as
    wide as the header, timestamps exactly `YYYY-MM-DD HH:MM:SS`, whole-number durations. That is
    what the portal, the API and our own export write, and the one case worth reading a million
    calls a column at a time, in C, instead of a record at a time. Whatever it accepts it reads
    exactly as parse_calls does (a test holds the two side by side, the repeated autumn hour
    included); at the first thing it does not accept it gives up, so a file with a bad row is
    read, and its rejections reported, by the one parser.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    end_of_header = text.find("\n")
    header_line = (text if end_of_header < 0 else text[:end_of_header]).rstrip("\r")
    if not header_line.strip() or '"' in header_line:
        return None
    # The same choice as the parser's: the delimiter that finds the most required names.
    best, best_score = ",", (-1, -1)
    for candidate in _CSV_DELIMITERS:
        cells = header_line.split(candidate)
        names = {cell.strip().strip("\ufeff").strip() for cell in cells}
        score = (sum(1 for name in REQUIRED_FIELDS if name in names), len(cells))
        if score > best_score:
            best, best_score = candidate, score
    header = [cell.strip().strip("\ufeff").strip() for cell in header_line.split(best)]
    if len(set(header)) != len(header) or not set(REQUIRED_FIELDS) <= set(header) <= _KNOWN:
        return None
    body = "" if end_of_header < 0 else text[end_of_header + 1 :]
    width = len(header)
    columns = _split_without_quotes(body, best, header)
    if columns == {}:
        return None
    if columns is None:
        try:
            rows = list(csv.reader(io.StringIO(body, newline=""), delimiter=best))
        except csv.Error:
            return None
        if not all(rows):
            rows = [row for row in rows if row]  # blank lines, which the parser skips too
        if any(len(row) != width for row in rows):
            return None
        # One column at a time through itemgetter: zip(*rows) over a million rows is several
        # times slower (it juggles a million iterators at once).
        columns = {name: list(map(itemgetter(i), rows)) for i, name in enumerate(header)}
    if not columns[header[0]]:
        return [[] for _ in CALL_FIELD_NAMES]
    start_texts, end_texts = columns[REQUIRED_FIELDS[0]], columns[REQUIRED_FIELDS[1]]

    hours, rest = _Hours(), _MINUTES_SECONDS
    try:
        starts = [hours[t[:13]] + rest[t[13:]] for t in start_texts]
        ends = [hours[t[:13]] + rest[t[13:]] for t in end_texts]
    except KeyError:
        return None

    duration_texts = columns[REQUIRED_FIELDS[4]]
    joined = "".join(duration_texts)
    if not (joined.isdigit() and joined.isascii() and all(duration_texts)):
        duration_texts = list(map(str.strip, duration_texts))  # spaces around some
        joined = "".join(duration_texts)
        if not (joined.isdigit() and joined.isascii() and all(duration_texts)):
            return None
    if max(map(len, duration_texts)) > 18:
        return None
    durations = list(map(int, duration_texts))

    if _AMBIGUOUS in hours.values():
        # Clock-change hours: which reading each call was depends on the other end of the call
        # and its duration, decided as the parser decides it.
        for i, (start, end) in enumerate(zip(starts, ends, strict=True)):
            if start < _AMBIGUOUS // 2 or end < _AMBIGUOUS // 2:
                begin, finish = resolve_call(
                    parse_naive(start_texts[i]), parse_naive(end_texts[i]), durations[i]
                )
                starts[i], ends[i] = int(begin.timestamp()), int(finish.timestamp())

    missing: list[None] = [None] * len(starts)
    optional = [_texts(columns[name]) if name in columns else missing for name in OPTIONAL_FIELDS]
    return [
        starts,
        ends,
        durations,
        list(map(str.strip, columns[REQUIRED_FIELDS[2]])),
        list(map(str.strip, columns[REQUIRED_FIELDS[3]])),
        *optional,
        missing,
    ]


# --- export -------------------------------------------------------------------------------------


def _api_time(epoch: int, cache: dict[int, int]) -> str:
    """`YYYY-MM-DD HH:MM:SS` Kyiv time; the offset is looked up once per UTC hour."""
    hour = epoch // 3600
    offset = cache.get(hour)
    if offset is None:
        moment = datetime.fromtimestamp(hour * 3600, UTC).astimezone(KYIV)
        delta = moment.utcoffset()
        offset = cache[hour] = int(delta.total_seconds()) if delta is not None else 0
    return _wall_text(epoch + offset)


_EPOCH: Final = datetime(1970, 1, 1)


def _wall_text(seconds: int) -> str:
    return (_EPOCH + timedelta(seconds=seconds)).strftime("%Y-%m-%d %H:%M:%S")


def _api_dicts(archive: CallArchive, query: CallQuery) -> Iterator[dict[str, ExtraValue]]:
    """The selected calls as the API writes them, field order as in CallRecord.to_api_dict."""
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
            yield out


def _csv_columns(archive: CallArchive, query: CallQuery) -> list[str]:
    """Required fields, the optional ones any selected call has, then extras as first seen."""
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
    """Write the calls `query` selects, oldest first, to `stream` as CSV (UTF-8, comma, header)
    or JSON (an array of objects); returns how many were written. The query's order, limit and
    offset do not apply: an export is the whole selection, in time order.

    The layout matches `formats.write_csv` / `write_json`, which is what the importer reads.
    """
    if fmt not in EXPORT_FORMATS:
        raise InvalidInputError(f"Unknown export format {fmt!r}; use csv or json.")
    query = replace(query, order=Order.OLDEST_FIRST, limit=None, offset=0)
    count = 0
    if fmt == "csv":
        columns = _csv_columns(archive, query)
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for record in _api_dicts(archive, query):
            writer.writerow([_csv_cell(record.get(name)) for name in columns])
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
