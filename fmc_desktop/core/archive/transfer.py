"""Call lists in and out of the archive as files: the portal's exports, the API's answers, ours.

Import reads CSV, JSON or XML with the same parsers as the client, so a file is read exactly as
the API's answer would be. Each file is its own transaction and its own line in the report: one
unreadable file does not stop the others, and a rejected row does not stop its file.

Export writes the API's own field names and formats (`YYYY-MM-DD HH:MM:SS` Kyiv time, numbers as
the API wrote them, every extra field), so exporting and importing again changes nothing. It
streams in chunks: a million calls never sit in memory at once.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import logging
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO, Final, Literal, overload

import numpy as np
import numpy.typing as npt

from fmc_desktop.core.api.errors import ErrorKind, ExitCode, FmcError, InvalidInputError, ParseError
from fmc_desktop.core.api.formats.csv_calls import (
    csv_columns,
    csv_encoding,
    parse_csv_text,
    write_csv,
)
from fmc_desktop.core.api.formats.fields import Format, ParseResult, RejectedRow
from fmc_desktop.core.api.formats.json_calls import stream_json_calls, write_json
from fmc_desktop.core.api.formats.reading import detect_format
from fmc_desktop.core.api.formats.xml_calls import stream_xml_calls
from fmc_desktop.core.api.kyiv import KYIV, parse_naive, resolve_call
from fmc_desktop.core.api.records import (
    KNOWN_FIELDS,
    OPTIONAL_FIELDS,
    REQUIRED_FIELDS,
    CallRecord,
    ExtraValue,
)
from fmc_desktop.core.archive.spreadsheet import (
    XLSX_MAX_CALLS,
    neutralise,
    restore,
    too_many_for_xlsx,
    write_xlsx,
)
from fmc_desktop.core.archive.store import (
    CALL_FIELD_NAMES,
    CallArchive,
    CallQuery,
    Order,
    paused_garbage_collector,
)
from fmc_desktop.core.system.files import export_stream, export_target

_log = logging.getLogger(__name__)

ExportFormat = Literal["csv", "excel-csv", "json", "xlsx"]
EXPORT_FORMATS: Final[tuple[ExportFormat, ...]] = ("csv", "excel-csv", "json", "xlsx")
_CHUNK: Final = 20_000


# A file is read a piece at a time, so memory stays bounded whatever its size; the cap keeps an
# import to minutes, and a larger file is almost surely not a call list (1 GiB is ~3M calls).
MAX_IMPORT_BYTES: Final = 1 << 30
# A CSV file up to this size is one piece, one bulk insert: a year of a 300-person company
# (1M calls, 116 MB) is stored in one go as before, at a 373 MB peak. Pieces of an unsorted file
# overlap in time and each later one checks the stored calls one by one (32 MB pieces took
# three times as long), so only larger files are cut, into _LARGE_FILE_PIECE: a 128 MB piece
# peaked at 1.2 GB, and memory matters more than speed there.
_SEGMENT_BYTES: Final = 128 << 20
_LARGE_FILE_PIECE: Final = 16 << 20
# A call is a few hundred bytes: a line (or quoted field) longer than this is not a call list,
# and reading it whole would cost its size in memory.
MAX_LINE_BYTES: Final = 16 << 20
_READ_BYTES: Final = 8 << 20


@dataclass
class FileImport:
    """One file's outcome. `error` is set when the file could not be read at all, or not past a
    point (then the calls before it are stored and counted)."""

    path: Path
    format: Format | None = None
    new: int = 0
    known: int = 0
    updated: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    error: FmcError | None = None
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None and not self.rejected and not self.cancelled

    @property
    def stored(self) -> int:
        return self.new + self.known + self.updated


@dataclass(frozen=True)
class ImportProgress:
    """How far an import is: bytes of the current file read, and calls stored so far."""

    path: Path
    file_number: int
    file_count: int
    bytes_read: int
    bytes_total: int
    calls: int


class ImportCancelled(FmcError):
    kind = ErrorKind.INVALID_INPUT
    exit_code = ExitCode.INTERRUPTED


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
    def cancelled(self) -> bool:
        return any(f.cancelled for f in self.files)

    @property
    def exit_code(self) -> ExitCode:
        """0 when everything was read; 1 when some rows or files were not (the rest is kept);
        2 when nothing could be imported from any file (unreadable, empty, refused, no calls).
        """
        if self.cancelled:
            return ExitCode.INTERRUPTED
        if self.files and all(f.error is not None and not f.stored for f in self.files):
            return ExitCode.USAGE
        if self.rejected or self.failed_files:
            return ExitCode.PARTIAL
        return ExitCode.OK


def import_files(
    archive: CallArchive,
    paths: Iterable[Path],
    *,
    on_file: Callable[[FileImport], None] | None = None,
    on_progress: Callable[[ImportProgress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportReport:
    """Import each file in turn; `on_file` hears about each as it is done, `on_progress` as it
    goes. `cancelled()` is asked between pieces: when it says so, the import stops there (the
    pieces stored so far stay, as a later import would find them anyway)."""
    report = ImportReport()
    listed = [Path(p) for p in paths]
    for number, path in enumerate(listed, 1):
        tick = None
        if on_progress is not None:
            tick = _progress_of(on_progress, path, number, len(listed))
        outcome = import_file(archive, path, on_progress=tick, cancelled=cancelled)
        report.files.append(outcome)
        if on_file is not None:
            on_file(outcome)
        if outcome.cancelled:
            break
    return report


def _progress_of(
    on_progress: Callable[[ImportProgress], None], path: Path, number: int, count: int
) -> Callable[[int, int, int], None]:
    def tick(read: int, total: int, calls: int) -> None:
        on_progress(ImportProgress(path, number, count, read, total, calls))

    return tick


class _Counting:
    """A file being read, and how many bytes of it so far (for progress)."""

    def __init__(self, file: BinaryIO) -> None:
        self._file = file
        self.done = 0

    def read(self, size: int = -1, /) -> bytes:
        data = self._file.read(size)
        self.done += len(data)
        return data


def _open_regular(path: Path) -> tuple[BinaryIO, int]:
    """The file opened for reading and its size; InvalidInputError for anything but a regular
    file. O_NONBLOCK: opening a FIFO must not wait for a writer before we can refuse it."""
    shown = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        raise InvalidInputError(
            f"{shown} cannot be read ({error.strerror or error}).", path=shown
        ) from None
    found = os.fstat(fd)
    if not stat.S_ISREG(found.st_mode):
        os.close(fd)
        what = (
            "a folder" if stat.S_ISDIR(found.st_mode) else "not a regular file (a pipe or a device)"
        )
        raise InvalidInputError(
            f"{shown} is {what}; import a saved CSV, JSON or XML file.", path=shown
        )
    if found.st_size > MAX_IMPORT_BYTES:
        os.close(fd)
        raise InvalidInputError(
            f"{shown} is {found.st_size / (1 << 30):.1f} GiB; files up to 1 GiB are imported "
            "(about 3 million calls): split it, e.g. by month.",
            path=shown,
        )
    if found.st_size == 0:
        os.close(fd)
        raise InvalidInputError(f"{shown} is empty: there are no calls in it.", path=shown)
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return os.fdopen(fd, "rb"), found.st_size


def import_file(
    archive: CallArchive,
    path: Path,
    *,
    on_progress: Callable[[int, int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    piece_bytes: int | None = None,
) -> FileImport:
    """One file: read it a piece at a time, store each piece in one transaction, report.

    Archive failures raise (they are not the file's fault, and the next file would meet them
    too). A file that cannot be read past some point keeps the calls stored before it, and says
    so in its error.
    """
    outcome = FileImport(path)
    with ExitStack() as files:
        try:
            first, size = _open_regular(path)
        except InvalidInputError as error:
            outcome.error = error
            return outcome
        files.enter_context(first)
        counter = _Counting(first)

        def reopen() -> _Counting:
            again, _ = _open_regular(path)
            files.enter_context(again)
            counter.__init__(again)  # type: ignore[misc]
            return counter

        def store(columns: list[Sequence[Any]] | None, parsed: ParseResult | None) -> None:
            if cancelled is not None and cancelled():
                raise ImportCancelled(f"The import of {path} was cancelled.", path=str(path))
            with paused_garbage_collector():
                if columns is not None:
                    added = archive.add_columns(columns)
                else:
                    assert parsed is not None
                    added = archive.add_calls(parsed.records)
                    outcome.rejected.extend(parsed.rejected)
            outcome.new += added.new
            outcome.known += added.known
            outcome.updated += added.updated
            if on_progress is not None:
                on_progress(counter.done, size, outcome.stored)

        try:
            head = first.read(4096)
            counter.done = len(head)
            fmt = detect_format(head, path.name)
            outcome.format = fmt
            if fmt == "csv":
                if piece_bytes is None:
                    piece_bytes = _SEGMENT_BYTES if size <= _SEGMENT_BYTES else _LARGE_FILE_PIECE
                _import_csv(head, counter, str(path), store, piece_bytes)
            elif fmt == "json":
                for result in stream_json_calls(reopen, str(path)):
                    store(None, result)
            else:
                for result in stream_xml_calls(reopen(), str(path)):
                    store(None, result)
        except ImportCancelled:
            outcome.cancelled = True
            return outcome
        except (ParseError, InvalidInputError) as error:
            if outcome.stored:
                error = type(error)(
                    f"{error.message} The {outcome.stored} calls before that point were imported.",
                    **error.details,
                )
            outcome.error = error
            return outcome
    if not outcome.stored:
        rejected = len(outcome.rejected)
        outcome.error = InvalidInputError(
            f"{path} has no calls that could be read"
            + (f": all {rejected} were rejected." if rejected else ".")
            + " Nothing was imported from it.",
            path=str(path),
        )
        return outcome
    _log.info(
        "imported %s: %d new, %d known, %d rejected",
        path,
        outcome.new,
        outcome.known,
        len(outcome.rejected),
    )
    return outcome


def _import_csv(
    head: bytes,
    raw: _Counting,
    source: str,
    store: Callable[[list[Sequence[Any]] | None, ParseResult | None], None],
    piece_bytes: int,
) -> None:
    """A CSV file in pieces of whole rows, each read by the fast lane or by the parser, with
    the header line put in front of every piece after the first."""
    wide = csv_encoding(head)
    read: Callable[[int], bytes]
    raw_head = head
    if wide is not None:
        read = _utf8_of(head, raw, wide, source)
        raw_head = b""
    else:
        read = raw.read
    header = b""
    encoding = ""
    del head
    for box, first_line in _csv_pieces(raw_head, read, source, piece_bytes):
        piece = box.pop()
        nul = piece.find(b"\x00")
        if nul >= 0:
            line = first_line + piece.count(b"\n", 0, nul)
            raise ParseError(
                f"{source} has a NUL byte on line {line}: it is not a text call list (or it is "
                "damaged), and guessing what the field meant could store wrong calls.",
                source=source,
                line=line,
            )
        if not encoding:
            encoding = _byte_encoding(piece)
            header = _header_line(piece)
            data = piece
            offset = 0
        else:
            data = header + piece
            offset = first_line - 2
        del piece
        columns = simple_csv_columns(data) if encoding == "utf-8" else None
        if columns is not None:
            del data
            store(columns, None)
            continue
        try:
            text = data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
        except UnicodeDecodeError as error:
            raise ParseError(
                f"{source} is not UTF-8 text after line {first_line} (bad byte at offset "
                f"{error.start - len(header) if offset else error.start} of that part), though "
                "it starts as UTF-8; save it again as UTF-8.",
                source=source,
            ) from None
        del data
        parsed = parse_csv_text(text, source)
        del text
        if offset:
            parsed.rejected[:] = [_moved(row, offset) for row in parsed.rejected]
        store(None, parsed)


def _byte_encoding(piece: bytes) -> str:
    try:
        piece.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # A cut through a character at the end of a piece is not a decoding error.
        if error.start < len(piece) - 3:
            return "cp1251"  # Excel on a Ukrainian Windows still saves CSV in Windows-1251
    return "utf-8"


def _header_line(piece: bytes) -> bytes:
    """The first non-blank line of the file, BOM off, line end "\\n"."""
    for line in piece.removeprefix(b"\xef\xbb\xbf").split(b"\n"):
        if line.strip():
            return line.rstrip(b"\r") + b"\n"
    return b""


_LINE: Final = re.compile(r"line (\d+)")


def _moved(row: RejectedRow, offset: int) -> RejectedRow:
    """A rejected row of a later piece, its line counted from the start of the file."""
    match = _LINE.fullmatch(row.location)
    if match is None:
        return row
    return RejectedRow(f"line {int(match.group(1)) + offset}", row.reason, row.raw)


def _utf8_of(head: bytes, raw: _Counting, encoding: str, source: str) -> Callable[[int], bytes]:
    """A read function giving UTF-16 text as UTF-8, so the pieces below are cut the same way."""
    decoder = codecs.getincrementaldecoder(encoding)()
    pending = [head]

    def read(size: int) -> bytes:
        data = pending.pop() if pending else raw.read(size)
        try:
            return decoder.decode(data, final=not data).encode("utf-8")
        except UnicodeDecodeError as error:
            raise ParseError(
                f"{source} is not valid UTF-16 text (bad bytes near offset "
                f"{raw.done - len(data) + error.start}).",
                source=source,
            ) from None

    return read


def _csv_pieces(
    head: bytes, read: Callable[[int], bytes], source: str, piece_bytes: int = _SEGMENT_BYTES
) -> Iterator[tuple[list[bytes], int]]:
    """The file in pieces of whole rows (each alone in a list), with the number of its first
    line.

    A piece ends at a line end outside quotes (the quotes before it pair up), so a quoted field
    with a line break stays whole. The file is read a few megabytes at a time, and a line longer
    than MAX_LINE_BYTES is refused as soon as it is that long, not read any further.
    """
    chunks = [head]
    held = len(head)
    since_line_end = len(head) - head.rfind(b"\n") - 1
    line = 1
    step = min(piece_bytes, _READ_BYTES)
    while True:
        chunk = read(step)
        if chunk:
            chunks.append(chunk)
            held += len(chunk)
            end = chunk.rfind(b"\n")
            since_line_end = since_line_end + len(chunk) if end < 0 else len(chunk) - end - 1
            if since_line_end > MAX_LINE_BYTES:
                raise _too_long(source, line + sum(c.count(b"\n") for c in chunks))
            if held < piece_bytes:
                continue
        buffer = b"".join(chunks)
        chunks.clear()
        if not chunk:
            if buffer.strip():
                box = [buffer]
                del buffer
                yield box, line
            return
        cut = _row_boundary(buffer)
        if cut is None:
            if held > piece_bytes + MAX_LINE_BYTES:
                raise _too_long(source, line)
            chunks.append(buffer)
            continue
        piece, rest = buffer[:cut], buffer[cut:]
        del buffer
        chunks, held = [rest], len(rest)
        lines = piece.count(b"\n")
        # Handed over in a list the reader empties: a piece is as big as the file, and this
        # frame must not keep it alive while the calls in it are stored.
        box = [piece]
        del piece
        yield box, line
        line += lines


def _too_long(source: str, line: int) -> ParseError:
    return ParseError(
        f"{source} has a line longer than {MAX_LINE_BYTES >> 20} MB at line {line} (or a quote "
        "that is never closed); a call takes a few hundred bytes, so this is not a call list. "
        "Nothing more was read.",
        source=source,
        line=line,
    )


def _row_boundary(buffer: bytes) -> int | None:
    end = buffer.rfind(b"\n")
    while end >= 0:
        if not buffer.count(b'"', 0, end) & 1:
            return end + 1
        end = buffer.rfind(b"\n", 0, buffer.rfind(b'"', 0, end))
    return None


# --- the fast lane for plain CSV -----------------------------------------------------------------

_KNOWN: Final = frozenset(KNOWN_FIELDS)
# Keyed by the text after the hour, so a lookup also checks the separators and the length.
_MINUTES_SECONDS: Final = {f":{m:02d}:{s:02d}": m * 60 + s for m in range(60) for s in range(60)}
# The base of an hour whose calls are read one by one: far below any real instant.
_AMBIGUOUS: Final = -(10**15)
_CSV_DELIMITERS: Final = (";", ",", "\t")
_EPOCH: Final = datetime(1970, 1, 1)
_SECOND: Final = timedelta(seconds=1)
# The file is cut and read about this many bytes at a time: the cells of a piece are some
# hundred thousand short-lived objects, and the next piece reuses their memory. Cut in one go, a
# million calls are nine million strings at once (1.5 GB, a second of page faults alone).
_PIECE_BYTES: Final = 1 << 20
_ROWS_PER_PIECE: Final = 10_000  # the same for rows that csv.reader has already cut
# Ends each row in place of its line end while the cells are cut: it never occurs in a plain
# file (checked), so a count of it proves every row as wide as the header.
_ROW_END: Final = b"\x00"


class _NotPlain(Exception):
    """Something the fast lane does not read exactly as the parser: leave the file to it."""


class _Hours(dict[str, int]):
    """Kyiv wall-clock hours (`YYYY-MM-DD HH`) to their UTC epoch, worked out on first use."""

    def __missing__(self, prefix: str) -> int:
        base = _hour_base(prefix)
        if base is None:
            raise KeyError(prefix)
        self[prefix] = base
        return base


# The cells are cut as bytes, which is cheaper than text, and decoded where they are distinct:
# a million calls come with some tens of thousands of numbers, a few hundred names and
# departments and a thousand durations. Every call shares the result (one object, not a million
# copies of it). A cell is UTF-8 exactly when the whole file is: the separators are ASCII, and
# no character's bytes include an ASCII byte.


class _Numbers(dict[bytes, str]):
    def __missing__(self, cell: bytes) -> str:
        number = self[cell] = restore(cell.decode("utf-8")).strip()
        return number


class _Texts(dict[bytes, str | None]):
    def __missing__(self, cell: bytes) -> str | None:
        text = self[cell] = restore(cell.decode("utf-8")).strip() or None
        return text


class _Durations(dict[bytes, int]):
    def __missing__(self, cell: bytes) -> int:
        # Whole seconds in ASCII digits, spaces around allowed; no sign, no fraction, no
        # other script's digits, nothing past 18 digits: the parser's own rule, or stricter.
        text = cell.decode("utf-8").strip()
        if not (text.isdigit() and text.isascii() and len(text) <= 18):
            raise KeyError(cell)
        seconds = self[cell] = int(text)
        return seconds


# Where the digits of `YYYY-MM-DD HH:MM:SS` are, and the separators between them.
_DIGITS: Final = np.array([0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18])
_SEPARATORS: Final = ((4, b"-"), (7, b"-"), (13, b":"), (16, b":"))
_HOUR_DIGITS: Final = np.array([10**k for k in range(9, -1, -1)], dtype=np.int64)


def _time_fields(
    cells: list[bytes],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]] | None:
    """For cells that all look like `YYYY-MM-DD HH:MM:SS` (or with a T), a number per
    date-and-hour and the seconds into the hour; None if any does not.

    The date and the hour are left to _hour_base (one cell per distinct hour), so this checks
    the shape, and the minutes and seconds, for a whole column at once in numpy: about half
    the time of two lookups per cell.
    """
    joined = b"".join(cells)
    if not cells or len(joined) != 19 * len(cells) or min(map(len, cells)) != 19:
        return None
    chars = np.frombuffer(joined, dtype=np.uint8).reshape(len(cells), 19)
    digits = chars[:, _DIGITS] - np.uint8(ord("0"))  # anything below "0" wraps past 9
    if (digits > 9).any():
        return None
    shape = (chars[:, 10] == ord(" ")) | (chars[:, 10] == ord("T"))
    for column, separator in _SEPARATORS:
        shape &= chars[:, column] == separator[0]
    if not shape.all():
        return None
    wide = digits.astype(np.int64)
    minutes = wide[:, 10] * 10 + wide[:, 11]
    seconds = wide[:, 12] * 10 + wide[:, 13]
    if (minutes > 59).any() or (seconds > 59).any():
        return None
    return wide[:, :10] @ _HOUR_DIGITS, minutes * 60 + seconds


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
    offset = probe.utcoffset()
    if offset is None or offset != probe.replace(fold=1).utcoffset():
        return _AMBIGUOUS
    return (naive - offset - _EPOCH) // _SECOND  # kyiv.to_utc, as whole seconds


class _ColumnReader:
    """The cells of a plain call list, a piece at a time, into the archive's ten columns."""

    def __init__(self, header: list[str]) -> None:
        where = {name: i for i, name in enumerate(header)}
        self._required = [where[name] for name in REQUIRED_FIELDS]
        self._optional = [where.get(name) for name in OPTIONAL_FIELDS]
        self._hours = _Hours()
        self._numbers = _Numbers()
        self._texts = _Texts()
        self._durations = _Durations()
        self.columns: list[list[Any]] = [[] for _ in CALL_FIELD_NAMES]

    def add(self, cells: Sequence[list[bytes]]) -> None:
        """Read one piece, given as its columns of cells in header order; _NotPlain if a cell
        is not what the parser would read the same way (UnicodeDecodeError if not UTF-8)."""
        start_cells, end_cells, calling, called, duration_cells = map(
            cells.__getitem__, self._required
        )
        try:
            starts = self._instants(start_cells)
            ends = self._instants(end_cells)
            durations = list(map(self._durations.__getitem__, duration_cells))
        except KeyError:
            raise _NotPlain from None
        if starts and min(min(starts), min(ends)) < _AMBIGUOUS // 2:
            # Clock-change hours: which reading each call was depends on the other end of the
            # call and its duration, decided as the parser decides it.
            for i, (start, end) in enumerate(zip(starts, ends, strict=True)):
                if start < _AMBIGUOUS // 2 or end < _AMBIGUOUS // 2:
                    begin, finish = resolve_call(
                        parse_naive(start_cells[i].decode()),
                        parse_naive(end_cells[i].decode()),
                        durations[i],
                    )
                    starts[i], ends[i] = int(begin.timestamp()), int(finish.timestamp())
        out = self.columns
        out[0].extend(starts)
        out[1].extend(ends)
        out[2].extend(durations)
        out[3].extend(map(self._numbers.__getitem__, calling))
        out[4].extend(map(self._numbers.__getitem__, called))
        for column, index in zip(out[5:9], self._optional, strict=True):
            if index is None:
                column.extend(repeat(None, len(starts)))
            else:
                column.extend(map(self._texts.__getitem__, cells[index]))
        out[9].extend(repeat(None, len(starts)))

    def _instants(self, cells: list[bytes]) -> list[int]:
        """UTC epoch seconds of Kyiv wall times `YYYY-MM-DD HH:MM:SS`, each hour of a clock
        change counted from _AMBIGUOUS; KeyError for a cell that is not such a time."""
        hours = self._hours
        fields = _time_fields(cells)
        if fields is None:  # not all plain times: one by one, to the first bad one
            rest = _MINUTES_SECONDS
            return [hours[t[:13]] + rest[t[13:]] for t in map(bytes.decode, cells)]
        hour_keys, seconds = fields
        # One cell of each hour stands for all of them (they differ at most by " " or "T").
        _, first, where = np.unique(hour_keys, return_index=True, return_inverse=True)
        bases = np.array([hours[cells[i][:13].decode()] for i in first.tolist()], dtype=np.int64)
        instants: list[int] = (bases[where] + seconds).tolist()
        return instants


def _cut_lines(piece: bytes, delimiter: bytes, width: int) -> list[list[bytes]]:
    """The columns of whole lines of a CSV body that has no quotes, no carriage return and no
    _ROW_END; _NotPlain if a row is not as wide as the header. Blank lines are skipped, as the
    parser skips them.

    Without quotes a delimiter always separates cells and a line end always ends a row, so the
    piece is cut by a handful of bytes methods in C; csv.reader would build a list per row.
    """
    if not piece.endswith(b"\n"):
        piece += b"\n"
    if piece.startswith(b"\n") or b"\n\n" in piece:
        piece = b"".join(line + b"\n" for line in piece.split(b"\n") if line)
    rows = piece.count(b"\n")
    cells = piece.replace(b"\n", _ROW_END + delimiter).split(delimiter)
    # Each row now ends with _ROW_END at the end of a cell. If the last column holds one per
    # row, and there are as many cells as rows times columns, then every row has exactly as
    # many cells as the header: a longer row would put its end in another column.
    if len(cells) != rows * width + 1:
        raise _NotPlain
    cells.pop()  # what follows the last row's end
    ends = b"".join(cells[width - 1 :: width])
    if ends.count(_ROW_END) != rows:
        raise _NotPlain
    columns = [cells[i::width] for i in range(width - 1)]
    last = ends.split(_ROW_END)
    last.pop()
    columns.append(last)
    return columns


def _pieces(data: bytes, start: int) -> Iterator[bytes]:
    """data[start:] in pieces of whole lines, each line ending in a bare line feed."""
    size = len(data)
    while start < size:
        end = data.find(b"\n", start + _PIECE_BYTES)
        end = size if end < 0 else end + 1
        piece = data[start:end]
        yield piece.replace(b"\r\n", b"\n") if b"\r" in piece else piece
        start = end


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
    end_of_header = data.find(b"\n")
    try:
        header_text = (data if end_of_header < 0 else data[:end_of_header]).decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    header_line = header_text.rstrip("\r")
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
    width = len(header)
    reader = _ColumnReader(header)
    try:
        if end_of_header >= 0:
            for piece in _pieces(data, end_of_header + 1):
                if b'"' in piece or b"\r" in piece or _ROW_END in piece:
                    # Quotes, or a lone carriage return (a line end to csv.reader): the whole
                    # body goes through csv.reader instead.
                    reader = _ColumnReader(header)
                    for columns in _csv_columns_of(data[end_of_header + 1 :], best, width):
                        reader.add(columns)
                    break
                reader.add(_cut_lines(piece, best.encode(), width))
    except (UnicodeDecodeError, csv.Error, _NotPlain):
        return None
    return list(reader.columns)


def _csv_columns_of(body: bytes, delimiter: str, width: int) -> Iterator[list[list[bytes]]]:
    """The columns of a body cut by csv.reader, some thousands of rows at a time."""
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline=""), delimiter=delimiter))
    if not all(rows):
        rows = [row for row in rows if row]  # blank lines, which the parser skips too
    if any(len(row) != width for row in rows):
        raise _NotPlain
    for first in range(0, len(rows), _ROWS_PER_PIECE):
        piece = rows[first : first + _ROWS_PER_PIECE]
        # One column at a time through itemgetter: zip(*rows) over many rows is several times
        # slower (it juggles an iterator per row at once).
        yield [list(map(str.encode, map(itemgetter(i), piece))) for i in range(width)]


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
    if fmt == "xlsx":
        total = archive.count_calls(query)
        if total > XLSX_MAX_CALLS:
            raise too_many_for_xlsx(total)
        return write_xlsx(_api_dicts(archive, query), _csv_columns(archive, query), stream)
    if fmt in ("csv", "excel-csv"):
        excel = fmt == "excel-csv"
        columns = _csv_columns(archive, query)
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\n", delimiter=";" if excel else ",")
        writer.writerow([neutralise(name) for name in columns])
        if excel:
            stream.write(codecs.BOM_UTF8)
        for record in _api_dicts(archive, query):
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


def write_records_file(
    records: Sequence[CallRecord], path: Path, fmt: ExportFormat, protected: Iterable[Path] = ()
) -> int:
    """Calls already in memory (the GUI's view, in the order shown) to the file `path`, through
    `files.export_stream`: owner-only, whole or not at all, never onto the app's own files."""
    if fmt not in EXPORT_FORMATS:
        raise InvalidInputError(f"Unknown export format {fmt!r}; use {', '.join(EXPORT_FORMATS)}.")
    if fmt == "xlsx" and len(records) > XLSX_MAX_CALLS:
        raise too_many_for_xlsx(len(records))
    export_target(path, protected)  # refuse before the work, not after
    with export_stream(path, protected) as stream:
        if fmt == "json":
            stream.write(write_json(records))
        elif fmt == "xlsx":
            write_xlsx((r.to_api_dict() for r in records), csv_columns(records), stream)
        else:
            stream.write(write_csv(records, excel=fmt == "excel-csv"))
    return len(records)
