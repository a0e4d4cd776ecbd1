"""Importing call files into the archive: the portal's exports, the API's answers, ours.

CSV, JSON and XML are read with the same parsers as the client, so a file is read exactly as the
API's answer would be. Each file is its own line in the report: one unreadable file does not stop
the others, and a rejected row does not stop its file. A file is read and stored a piece at a
time, each piece one transaction, so memory stays bounded and a failure keeps what came before.
"""

from __future__ import annotations

import codecs
import logging
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Final

from fmc_desktop.core.api.errors import ErrorKind, ExitCode, FmcError, InvalidInputError, ParseError
from fmc_desktop.core.api.formats.csv_calls import csv_encoding, parse_csv_text
from fmc_desktop.core.api.formats.fields import Format, ParseResult, RejectedRow
from fmc_desktop.core.api.formats.json_calls import stream_json_calls
from fmc_desktop.core.api.formats.reading import detect_format
from fmc_desktop.core.api.formats.xml_calls import stream_xml_calls
from fmc_desktop.core.archive.plain_csv import simple_csv_columns
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.archive.writing import paused_garbage_collector
from fmc_desktop.core.notes.export_columns import restore_notes
from fmc_desktop.core.notes.file_fields import columns_without_own_fields, without_own_fields

_log = logging.getLogger(__name__)

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

        store = _PieceStore(archive, outcome, counter, size, on_progress, cancelled)
        try:
            head = first.read(4096)
            counter.done = len(head)
            fmt = detect_format(head, path.name)
            outcome.format = fmt
            if fmt == "csv":
                if piece_bytes is None:
                    piece_bytes = _csv_piece_bytes(size)
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
            outcome.error = _stopped_after(error, outcome.stored)
            return outcome
    if not outcome.stored:
        outcome.error = _nothing_readable(path, len(outcome.rejected))
        return outcome
    _log.info(
        "imported %s: %d new, %d known, %d rejected",
        path,
        outcome.new,
        outcome.known,
        len(outcome.rejected),
    )
    return outcome


class _PieceStore:
    """Stores each piece read from one file in one transaction, and counts it in the outcome."""

    def __init__(
        self,
        archive: CallArchive,
        outcome: FileImport,
        counter: _Counting,
        size: int,
        on_progress: Callable[[int, int, int], None] | None,
        cancelled: Callable[[], bool] | None,
    ) -> None:
        self._archive = archive
        self._outcome = outcome
        self._counter = counter
        self._size = size
        self._on_progress = on_progress
        self._cancelled = cancelled

    def __call__(self, columns: list[Sequence[Any]] | None, parsed: ParseResult | None) -> None:
        """Store a piece: columns from the CSV fast lane, or what a parser made of the file."""
        outcome = self._outcome
        if self._cancelled is not None and self._cancelled():
            path = outcome.path
            raise ImportCancelled(f"The import of {path} was cancelled.", path=str(path))
        with paused_garbage_collector():
            # The app's own fields (`call`, `fmc_note`, ...) of its exports are not the call's.
            if columns is not None:
                columns, notes = columns_without_own_fields(columns)
                added = self._archive.add_columns(columns)
            else:
                assert parsed is not None
                records, notes = without_own_fields(parsed.records)
                added = self._archive.add_calls(records)
                outcome.rejected.extend(parsed.rejected)
            restore_notes(self._archive, notes)
        outcome.new += added.new
        outcome.known += added.known
        outcome.updated += added.updated
        if self._on_progress is not None:
            self._on_progress(self._counter.done, self._size, outcome.stored)


def _csv_piece_bytes(size: int) -> int:
    """How much of a CSV file of `size` bytes is read and stored at a time."""
    return _SEGMENT_BYTES if size <= _SEGMENT_BYTES else _LARGE_FILE_PIECE


def _stopped_after(error: ParseError | InvalidInputError, stored: int) -> FmcError:
    """The error that stopped a file, saying that the calls read before it were kept."""
    if not stored:
        return error
    return type(error)(
        f"{error.message} The {stored} calls before that point were imported.",
        **error.details,
    )


def _nothing_readable(path: Path, rejected: int) -> InvalidInputError:
    return InvalidInputError(
        f"{path} has no calls that could be read"
        + (f": all {rejected} were rejected." if rejected else ".")
        + " Nothing was imported from it.",
        path=str(path),
    )


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
