"""Reading a plain CSV call list a column at a time: the fast lane of an import.

Plain is what the portal, the API and our own export write: UTF-8, known field names, every row
as wide as the header, `YYYY-MM-DD HH:MM:SS` times and whole-second durations. Such a file of a
million calls is cut by bytes methods and numpy, in C, instead of a record at a time; anything
else is left to the one parser in `core.api.formats`, which reads it the same way.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from itertools import repeat
from operator import itemgetter
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from fmc_desktop.core.api.kyiv import KYIV, parse_naive, resolve_call
from fmc_desktop.core.api.records import KNOWN_FIELDS, OPTIONAL_FIELDS, REQUIRED_FIELDS
from fmc_desktop.core.archive.fields import CALL_FIELD_NAMES
from fmc_desktop.core.archive.spreadsheet import restore

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
