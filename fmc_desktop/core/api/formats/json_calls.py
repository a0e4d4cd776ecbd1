"""Call lists in JSON: the API's answer and this program's export, read whole or streamed."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Final

from fmc_desktop.core.api.errors import ParseError
from fmc_desktop.core.api.formats.fields import (
    MISSING,
    STREAM_BATCH,
    ParseResult,
    Readable,
    RejectedRow,
    record_from_fields,
    sentence,
)
from fmc_desktop.core.api.records import CallRecord

# A comma followed only by whitespace and a closing bracket. Whether it sits inside a string is
# decided separately, by counting quotes, so the scan stays in C for megabytes of calls.
_TRAILING_COMMA: Final = re.compile(r",(?=[ \t\r\n]*[}\]])")
_ESCAPED_CHARACTER: Final = re.compile(r"\\.", re.DOTALL)


def parse_json(data: bytes, source: str) -> ParseResult:
    text = _decode_utf8(data, source, "JSON")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as strict_error:
        document = _loads_without_trailing_commas(text, source, strict_error)
    except (ValueError, RecursionError) as error:
        raise _json_error(source, error) from None

    if isinstance(document, dict):
        calls = document.get("calls", MISSING)
        if calls is None:
            calls = []
        elif not isinstance(calls, list):
            if calls is MISSING:
                problem = 'has no "calls" list'
            else:
                problem = 'has a "calls" entry that is not a list'
            raise ParseError(f"{sentence(source)} {problem}.", source=source)
    elif isinstance(document, list):
        calls = document  # this program's own export: a bare array
    else:
        raise ParseError(f"{sentence(source)} is JSON but not a list of calls.", source=source)

    # json.loads turns a lone "\ud800" escape into text that cannot be saved or written back.
    check_unicode = "\\ud" in text or "\\uD" in text
    result = ParseResult()
    records, rejected = result.records, result.rejected
    for number, item in enumerate(calls, 1):
        if type(item) is not dict:
            kinds = {list: "a list", str: "text", bool: "true or false", type(None): "null"}
            kind = kinds.get(type(item), "a number")
            rejected.append(
                RejectedRow(
                    f"record {number}", f"the record is {kind}, not an object", {"value": item}
                )
            )
            continue
        try:
            if check_unicode and not _encodable(item):
                raise ValueError("the record contains text that is not valid Unicode")
            records.append(record_from_fields(item))
        except ValueError as error:
            rejected.append(RejectedRow(f"record {number}", str(error), item))
    return result


def _loads_without_trailing_commas(
    text: str, source: str, strict_error: json.JSONDecodeError
) -> object:
    tolerant, removed = _drop_trailing_commas(text)
    if not removed:
        raise _json_error(source, strict_error) from None
    try:
        return json.loads(tolerant)
    except json.JSONDecodeError as error:
        # Commas became spaces, so the error's line and column hold for the original text.
        raise _json_error(source, error) from None
    except (ValueError, RecursionError) as error:
        raise _json_error(source, error) from None


def _drop_trailing_commas(text: str) -> tuple[str, int]:
    """Blank out commas before `}` or `]` outside strings; returns the text and how many.

    Splitting at every candidate comma and counting quotes between them keeps the work in C: a
    comma is outside strings when the quotes before it pair up. Commas become spaces so that
    line and column numbers in a later error still point into the original text.
    """
    parts = _TRAILING_COMMA.split(text)
    if len(parts) == 1:
        return text, 0
    has_escapes = "\\" in text
    if not has_escapes and not any(part.count('"') & 1 for part in parts[:-1]):
        return " ".join(parts), len(parts) - 1
    pieces = [parts[0]]
    in_string = False
    removed = 0
    for before, after in itertools.pairwise(parts):
        if has_escapes and "\\" in before:
            before = _ESCAPED_CHARACTER.sub("", before)  # an escaped quote does not count
        if before.count('"') & 1:
            in_string = not in_string
        pieces.append("," if in_string else " ")
        removed += not in_string
        pieces.append(after)
    return "".join(pieces), removed


def _json_error(source: str, error: Exception) -> ParseError:
    if isinstance(error, json.JSONDecodeError):
        return ParseError(
            f"{sentence(source)} is not valid JSON (line {error.lineno}, "
            f"column {error.colno}): {error.msg}.",
            source=source,
            line=error.lineno,
            column=error.colno,
        )
    if isinstance(error, RecursionError):
        return ParseError(f"{sentence(source)} is JSON nested too deeply to read.", source=source)
    return ParseError(f"{sentence(source)} is not valid JSON: {error}.", source=source)


def _encodable(item: dict[str, object]) -> bool:
    try:
        json.dumps(item, ensure_ascii=False).encode("utf-8")
    except (UnicodeEncodeError, RecursionError, ValueError):
        return False
    return True


def _decode_utf8(data: bytes, source: str, what: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ParseError(
            f"{sentence(source)} is not UTF-8 text, as {what} must be "
            f"(bad byte at offset {error.start}).",
            source=source,
            offset=error.start,
        ) from None


_READ_PIECE: Final = 1 << 20
_JSON_HELD: Final = re.compile(rb"(?:\\+|,[ \t\r\n]*)\Z")
_JSON_TRAILING_COMMA: Final = re.compile(rb",(?=[ \t\r\n]*[}\]])")
_JSON_ESCAPE: Final = re.compile(rb"\\.", re.DOTALL)


class WithoutTrailingCommas:
    """A byte stream with every comma before `}` or `]` outside strings turned into a space.

    The vendor's own JSON example has such commas, which no JSON parser accepts. This is the
    same string-aware removal as `_drop_trailing_commas`, a megabyte at a time: whether a comma
    is inside a string is told by the parity of the unescaped quotes before it, carried from
    piece to piece. A piece's tail that could change meaning with what follows (a comma and
    blanks, a run of backslashes) is held back until the next piece.
    """

    def __init__(self, raw: Readable) -> None:
        self._raw = raw
        self._held = b""
        self._in_string = False
        self._done = False

    def read(self, size: int = -1, /) -> bytes:
        if size == 0:
            return b""
        while not self._done:
            chunk = self._raw.read(_READ_PIECE)
            data = self._held + chunk
            if not chunk:
                self._done = True
                self._held = b""
                return self._clean(data)
            held = _JSON_HELD.search(data)
            cut = len(data) if held is None else held.start()
            while cut > 0 and data[cut - 1] == 0x5C:  # a backslash escapes what was held
                cut -= 1
            self._held = data[cut:]
            if cut:
                return self._clean(data[:cut])
        return b""

    def _clean(self, data: bytes) -> bytes:
        parts = _JSON_TRAILING_COMMA.split(data)
        pieces = [parts[0]]
        for before, after in itertools.pairwise(parts):
            self._flip(before)
            pieces.append(b"," if self._in_string else b" ")
            pieces.append(after)
        self._flip(parts[-1])
        return b"".join(pieces)

    def _flip(self, part: bytes) -> None:
        if b"\\" in part:
            part = _JSON_ESCAPE.sub(b"", part)
        if part.count(b'"') & 1:
            self._in_string = not self._in_string


class _StreamRestart(Exception):
    """Strict JSON failed: read again through WithoutTrailingCommas."""


def stream_json_calls(
    open_file: Callable[[], Readable], source: str, batch: int = STREAM_BATCH
) -> Iterator[ParseResult]:
    """The calls of a JSON call list file, `batch` at a time; ParseError if it is not one.

    Read strictly with ijson (yajl in C); at a syntax error, read again from the start through
    WithoutTrailingCommas, skipping the calls already handed on, so that the vendor's sloppy
    JSON reads as before while memory stays bounded. Only a file that fails both ways is an
    error.
    """
    handed = 0
    for tolerant in (False, True):
        try:
            for result in _json_pass(open_file, source, batch, tolerant=tolerant, skip=handed):
                handed += len(result.records) + len(result.rejected)
                yield result
            return
        except _StreamRestart as strict_error:
            if tolerant:
                raise ParseError(
                    f"{sentence(source)} is not valid JSON: {strict_error}.", source=source
                ) from None
            first_error = strict_error
            continue
    raise ParseError(f"{sentence(source)} is not valid JSON: {first_error}.", source=source)


def _json_pass(
    open_file: Callable[[], Readable], source: str, batch: int, *, tolerant: bool, skip: int
) -> Iterator[ParseResult]:
    import ijson

    raw = open_file()
    head = raw.read(4096)
    first = head.removeprefix(b"\xef\xbb\xbf").lstrip()[:1]
    whole = _Prepended(head, raw)
    stream: Readable = WithoutTrailingCommas(whole) if tolerant else whole
    if first not in (b"[", b"{"):
        raise ParseError(f"{sentence(source)} is JSON but not a list of calls.", source=source)
    prefix = "item" if first == b"[" else "calls.item"
    # yajl (the C backend) turns a lone surrogate escape into "?"; the pure-Python backends
    # keep it as text that cannot be stored, so only they need each call checked.
    check_unicode = ijson.backend != "yajl2_c"
    result = ParseResult()
    number = 0
    try:
        for item in ijson.items(stream, prefix, use_float=True):
            number += 1
            if number <= skip:
                continue
            _add_json_item(result, number, item, check_unicode=check_unicode)
            if len(result.records) + len(result.rejected) >= batch:
                yield result
                result = ParseResult()
    except ijson.JSONError as error:
        raise _StreamRestart(_ijson_reason(error)) from None
    except RecursionError:
        raise ParseError(
            f"{sentence(source)} is JSON nested too deeply to read.", source=source
        ) from None
    except UnicodeDecodeError as error:
        raise ParseError(
            f"{sentence(source)} is not UTF-8 text, as JSON must be (bad byte at offset "
            f"{error.start}).",
            source=source,
        ) from None
    if number == 0 and prefix == "calls.item":
        _check_calls_entry(open_file(), source, tolerant)
    if result.records or result.rejected:
        yield result


def _ijson_reason(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0].rstrip(".") if text else type(error).__name__


class _Prepended:
    """`head`, already read from `rest`, followed by the rest of it."""

    def __init__(self, head: bytes, rest: Readable) -> None:
        self._head = head
        self._rest = rest

    def read(self, size: int = -1, /) -> bytes:
        if size == 0:  # ijson asks for nothing to tell bytes from text
            return b""
        if self._head:
            head, self._head = self._head, b""
            return head
        return self._rest.read(size)


def _check_calls_entry(stream: Readable, source: str, tolerant: bool) -> None:
    """An object with no calls in it: fine if it says `"calls": []` or null, else say why."""
    import ijson

    events = ijson.parse(WithoutTrailingCommas(stream) if tolerant else stream)
    try:
        for prefix, event, value in events:
            if prefix == "" and event == "map_key" and value == "calls":
                _, kind, _ = next(events)
                if kind in ("start_array", "null"):
                    return
                raise ParseError(
                    f'{sentence(source)} has a "calls" entry that is not a list.', source=source
                )
    except ijson.JSONError as error:
        raise _StreamRestart(_ijson_reason(error)) from None
    raise ParseError(f'{sentence(source)} has no "calls" list.', source=source)


def _add_json_item(result: ParseResult, number: int, item: object, *, check_unicode: bool) -> None:
    if type(item) is not dict:
        kinds = {list: "a list", str: "text", bool: "true or false", type(None): "null"}
        kind = kinds.get(type(item), "a number")
        result.rejected.append(
            RejectedRow(f"record {number}", f"the record is {kind}, not an object", {"value": item})
        )
        return
    try:
        if check_unicode and not _encodable(item):
            raise ValueError("the record contains text that is not valid Unicode")
        result.records.append(record_from_fields(item))
    except ValueError as error:
        result.rejected.append(RejectedRow(f"record {number}", str(error), item))


def write_json(records: Iterable[CallRecord]) -> bytes:
    """A JSON array of the calls with the API's field names, extras included."""
    rows = [record.to_api_dict() for record in records]
    return (json.dumps(rows, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
