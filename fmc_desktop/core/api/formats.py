"""The API's three call-list formats (CSV, JSON, XML): reading them into CallRecords and back.

One record type for all three formats, so the same calls give equal records whichever format they
came in. Reading is forgiving where the vendor is known to be sloppy (trailing commas in its own
JSON example, a BOM or Windows-1251 in CSV, any tag names in XML) and strict where a mistake would
corrupt data (a duration must be a whole number, a timestamp must be a real Kyiv wall time).

A payload that cannot be read at all is a ParseError; a single malformed call is set aside as a
RejectedRow with where it was and why, and never costs the good calls around it.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePath
from types import MappingProxyType
from typing import Final, Literal, Protocol, cast
from xml.etree.ElementTree import Element, tostring
from xml.etree.ElementTree import ParseError as XmlSyntaxError

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree

from fmc_desktop.core.api.errors import ParseError
from fmc_desktop.core.api.kyiv import TimestampError, parse_naive, resolve_call
from fmc_desktop.core.api.records import (
    CALLED,
    CALLING,
    DURATION,
    END,
    KNOWN_FIELDS,
    OPTIONAL_FIELDS,
    REQUIRED_FIELDS,
    START,
    CallRecord,
    ExtraValue,
)
from fmc_desktop.core.archive.spreadsheet import has_marks, neutralise, restore

Format = Literal["json", "csv", "xml"]
FORMATS: Final[tuple[Format, ...]] = ("json", "csv", "xml")

_KNOWN: Final = frozenset(KNOWN_FIELDS)
_CALLING_NAME, _CALLED_NAME, _CALLING_DEPARTMENT, _CALLED_DEPARTMENT = OPTIONAL_FIELDS
# A duration must fit a 64-bit integer, as SQLite stores it.
_MAX_DURATION: Final = 2**63 - 1
# E.164 numbers have at most 15 digits; anything this long given as a JSON number is not a phone.
_MAX_NUMBER: Final = 10**20
_CSV_DELIMITERS: Final = (";", ",", "\t")


@dataclass(frozen=True, slots=True)
class RejectedRow:
    """A call that could not be read, with where it was ("line 7", "record 3") and why."""

    location: str
    reason: str
    raw: Mapping[str, object]


@dataclass(slots=True)
class ParseResult:
    records: list[CallRecord] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)


class _Missing:
    """Marks a field that is absent, as opposed to present but empty or null."""


_MISSING: Final = _Missing()


# ----------------------------------------------------------------------------------------------
# One call from its fields


def record_from_fields(fields: Mapping[str, object]) -> CallRecord:
    """A CallRecord from the API's field names and values, every unknown field kept in `extra`.

    An unknown field with empty text counts as absent: CSV cannot tell the two apart, and the same
    calls must give equal records in every format. Raises ValueError whose text is a plain reason
    (e.g. "duration is missing").
    """
    # Checking the keys as a set is far cheaper than building the extras for every call.
    extra: dict[str, ExtraValue] | None = None
    if not fields.keys() <= _KNOWN:
        extra = {}
        for name, value in fields.items():
            if name in _KNOWN or (isinstance(value, str) and not value):
                continue
            extra[name] = _extra_value(name, value)
    get = fields.get
    return _make_record(
        get(START, _MISSING),
        get(END, _MISSING),
        get(CALLING, _MISSING),
        get(CALLED, _MISSING),
        get(DURATION, _MISSING),
        get(_CALLING_NAME),
        get(_CALLED_NAME),
        get(_CALLING_DEPARTMENT),
        get(_CALLED_DEPARTMENT),
        extra,
    )


def _make_record(
    start: object,
    end: object,
    calling: object,
    called: object,
    duration: object,
    calling_name: object,
    called_name: object,
    calling_department: object,
    called_department: object,
    extra: Mapping[str, ExtraValue] | None,
) -> CallRecord:
    # Each field has a fast path for the common case (text, or a JSON int for the duration) and
    # a slow, thorough one for everything else; the fast paths are what keep 100k calls cheap.
    start_naive = _timestamp(START, start)
    end_naive = _timestamp(END, end)
    calling_number = calling.strip() if type(calling) is str else _number(CALLING, calling)
    called_number = called.strip() if type(called) is str else _number(CALLED, called)
    seconds = (
        duration
        if type(duration) is int and 0 <= duration <= _MAX_DURATION
        else _duration(duration)
    )
    calling_name_ = (
        (calling_name.strip() or None)
        if type(calling_name) is str
        else (None if calling_name is None else _optional(_CALLING_NAME, calling_name))
    )
    called_name_ = (
        (called_name.strip() or None)
        if type(called_name) is str
        else (None if called_name is None else _optional(_CALLED_NAME, called_name))
    )
    calling_department_ = (
        (calling_department.strip() or None)
        if type(calling_department) is str
        else (
            None
            if calling_department is None
            else _optional(_CALLING_DEPARTMENT, calling_department)
        )
    )
    called_department_ = (
        (called_department.strip() or None)
        if type(called_department) is str
        else (
            None if called_department is None else _optional(_CALLED_DEPARTMENT, called_department)
        )
    )
    try:
        start_kyiv, end_kyiv = resolve_call(start_naive, end_naive, seconds)
        if extra:
            # Read-only like the rest of the record (and like CallRecord's empty default).
            return CallRecord(
                start_kyiv,
                end_kyiv,
                calling_number,
                called_number,
                seconds,
                calling_name_,
                called_name_,
                calling_department_,
                called_department_,
                MappingProxyType(extra),
            )
        return CallRecord(
            start_kyiv,
            end_kyiv,
            calling_number,
            called_number,
            seconds,
            calling_name_,
            called_name_,
            calling_department_,
            called_department_,
        )
    except OverflowError:
        # Year 1 or 9999 wall times have no UTC instant inside datetime's range.
        raise ValueError(
            f"{START} or {END} is outside the dates this program can handle: "
            f"{_show(start)} to {_show(end)}"
        ) from None


def _show(value: object) -> str:
    """A short repr of a bad value for a message: a megabyte of junk must not fill the screen."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _timestamp(name: str, value: object) -> datetime:
    if type(value) is not str:
        if value is _MISSING:
            raise ValueError(f"{name} is missing")
        if not isinstance(value, str):
            raise ValueError(f"{name} is not a date and time: {_show(value)}")
    text = value
    try:
        moment = parse_naive(text)
    except TimestampError:
        stripped = text.strip()
        if not stripped:
            raise ValueError(f"{name} is empty") from None
        try:
            moment = parse_naive(stripped)
        except TimestampError:
            moment = None
    # fromisoformat also takes an offset or a fraction that fit in 19 characters; the API never
    # sends either, and a silently dropped offset would shift the call.
    if moment is None or moment.tzinfo is not None or moment.microsecond:
        raise ValueError(f"{name} is not a date and time like 2024-05-03 14:25:00: {_show(text)}")
    return moment


def _number(name: str, value: object) -> str:
    kind = type(value)
    if kind is str:
        return cast(str, value).strip()
    if kind is int:
        number = cast(int, value)
        if 0 <= number < _MAX_NUMBER:
            return str(number)
    elif kind is float:
        real = cast(float, value)
        if real.is_integer() and 0 <= real < _MAX_NUMBER:
            return str(int(real))
    elif value is None:
        return ""  # a hidden caller: the call happened, the number is unknown
    elif value is _MISSING:
        raise ValueError(f"{name} is missing")
    elif isinstance(value, str):
        return str(value).strip()
    raise ValueError(f"{name} is not a phone number: {_show(value)}")


def _duration(value: object) -> int:
    kind = type(value)
    if kind is int:
        seconds = cast(int, value)
    elif isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit()):
            if text.startswith("-") and text[1:].isascii() and text[1:].isdigit():
                raise ValueError(f"{DURATION} is negative: {_show(value)}")
            if not text:
                raise ValueError(f"{DURATION} is empty")
            raise ValueError(f"{DURATION} is not a whole number: {_show(value)}")
        if len(text) > 19:
            raise ValueError(f"{DURATION} is too large: {_show(value)}")
        seconds = int(text)
    elif kind is float and cast(float, value).is_integer():
        seconds = int(cast(float, value))
    elif value is _MISSING:
        raise ValueError(f"{DURATION} is missing")
    else:
        raise ValueError(f"{DURATION} is not a whole number: {_show(value)}")
    if seconds < 0:
        raise ValueError(f"{DURATION} is negative: {seconds}")
    if seconds > _MAX_DURATION:
        raise ValueError(f"{DURATION} is too large: {_show(value)}")
    return seconds


def _optional(name: str, value: object) -> str | None:
    kind = type(value)
    if kind is str:
        return cast(str, value).strip() or None
    if value is None:
        return None
    if kind is int or kind is float:
        return str(value)
    if isinstance(value, str):
        return str(value).strip() or None
    raise ValueError(f"{name} is not text: {_show(value)}")


def _extra_value(name: str, value: object) -> ExtraValue:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    # A nested value has no place in a flat record; keeping its JSON text keeps the data.
    try:
        return json.dumps(value, ensure_ascii=False, default=repr)
    except (RecursionError, ValueError):
        raise ValueError(f"{name} is nested too deeply to keep") from None


# ----------------------------------------------------------------------------------------------
# Whole payloads


def parse_calls(data: bytes, fmt: Format, *, source: str = "the response") -> ParseResult:
    """Read a call list in the given format.

    Raises ParseError when the payload as a whole cannot be read; a malformed call goes into
    `rejected` with its location and the reason.
    """
    if fmt == "json":
        return _parse_json(data, source)
    if fmt == "csv":
        return _parse_csv(data, source)
    if fmt == "xml":
        return _parse_xml(data, source)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def detect_format(data: bytes, filename: str | None = None) -> Format:
    """The format of a call list: by the file name's extension, else by looking at the content."""
    if filename:
        suffix = PurePath(filename).suffix.lower().lstrip(".")
        if suffix in FORMATS:
            return suffix
    head = data[:4096]
    wide = csv_encoding(head)
    if wide is not None:
        head = head[: len(head) // 2 * 2].decode(wide, errors="replace").encode("utf-8")
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if head[:1] in (b"{", b"["):
        return "json"
    if head[:1] == b"<":
        return "xml"
    first_line = head.split(b"\n", 1)[0]
    if any(name.encode("ascii") in first_line for name in REQUIRED_FIELDS):
        return "csv"
    what = filename or "the data"
    raise ParseError(f"Cannot tell whether {what} is CSV, JSON or XML.", source=what)


def _sentence(source: str) -> str:
    """`source` at the start of a sentence: "the response" -> "The response", file names as is."""
    return "T" + source[1:] if source.startswith("the ") else source


# JSON --------------------------------------------------------------------------------------------

# A comma followed only by whitespace and a closing bracket. Whether it sits inside a string is
# decided separately, by counting quotes, so the scan stays in C for megabytes of calls.
_TRAILING_COMMA: Final = re.compile(r",(?=[ \t\r\n]*[}\]])")
_ESCAPED_CHARACTER: Final = re.compile(r"\\.", re.DOTALL)


def _parse_json(data: bytes, source: str) -> ParseResult:
    text = _decode_utf8(data, source, "JSON")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as strict_error:
        document = _loads_without_trailing_commas(text, source, strict_error)
    except (ValueError, RecursionError) as error:
        raise _json_error(source, error) from None

    if isinstance(document, dict):
        calls = document.get("calls", _MISSING)
        if calls is None:
            calls = []
        elif not isinstance(calls, list):
            if calls is _MISSING:
                problem = 'has no "calls" list'
            else:
                problem = 'has a "calls" entry that is not a list'
            raise ParseError(f"{_sentence(source)} {problem}.", source=source)
    elif isinstance(document, list):
        calls = document  # this program's own export: a bare array
    else:
        raise ParseError(f"{_sentence(source)} is JSON but not a list of calls.", source=source)

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
            f"{_sentence(source)} is not valid JSON (line {error.lineno}, "
            f"column {error.colno}): {error.msg}.",
            source=source,
            line=error.lineno,
            column=error.colno,
        )
    if isinstance(error, RecursionError):
        return ParseError(f"{_sentence(source)} is JSON nested too deeply to read.", source=source)
    return ParseError(f"{_sentence(source)} is not valid JSON: {error}.", source=source)


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
            f"{_sentence(source)} is not UTF-8 text, as {what} must be "
            f"(bad byte at offset {error.start}).",
            source=source,
            offset=error.start,
        ) from None


# CSV ---------------------------------------------------------------------------------------------


def _parse_csv(data: bytes, source: str) -> ParseResult:
    return parse_csv_text(_decode_csv(data, source), source)


def parse_csv_text(text: str, source: str) -> ParseResult:
    """_parse_csv on text already decoded (the importer decodes a file piece by piece)."""
    marked = has_marks(text)
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    result = ParseResult()
    records, rejected = result.records, result.rejected
    try:
        header: list[str] | None = None
        header_line = 0
        line_after = 0  # the physical line the previous row ended on
        for row in reader:
            line = line_after + 1
            line_after = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if header is None:
                header = [_clean_header(restore(name)) for name in row]
                header_line = line
                break
        if header is None:
            return result  # no header and no rows: a period without calls
        named = [name for name in header if name]
        if len(set(named)) != len(named):
            twice = sorted({name for name in named if named.count(name) > 1})
            raise ParseError(
                f"{_sentence(source)} has two columns named {', '.join(twice)} (header on line "
                f"{header_line}); which one holds the calls' values is not clear. Remove or "
                "rename one and import it again.",
                source=source,
                line=header_line,
            )
        missing = [name for name in REQUIRED_FIELDS if name not in header]
        if missing:
            raise ParseError(
                f"{_sentence(source)} is CSV without the column"
                f"{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                f"(header on line {header_line}).",
                source=source,
                line=header_line,
                missing=missing,
            )
        width = len(header)
        # Last column of a name wins, as it would in a dict built from the row.
        index = {name: i for i, name in enumerate(header)}
        i_start, i_end, i_calling, i_called, i_duration = (index[n] for n in REQUIRED_FIELDS)
        i_cn, i_dn, i_cd, i_dd = (index.get(n) for n in OPTIONAL_FIELDS)
        extras = [(name, i) for i, name in enumerate(header) if name not in _KNOWN]

        for row in reader:
            line = line_after + 1
            line_after = reader.line_num
            if marked:
                row = [restore(cell) for cell in row]
            if len(row) != width:
                if not row or not any(cell.strip() for cell in row):
                    continue
                raw: dict[str, object] = dict(zip(header, row, strict=False))
                if len(row) > width:
                    raw["(extra cells)"] = row[width:]
                rejected.append(
                    RejectedRow(
                        f"line {line}",
                        f"the row has {len(row)} fields but the header has {width}",
                        raw,
                    )
                )
                continue
            try:
                records.append(
                    _make_record(
                        row[i_start],
                        row[i_end],
                        row[i_calling],
                        row[i_called],
                        row[i_duration],
                        None if i_cn is None else row[i_cn],
                        None if i_dn is None else row[i_dn],
                        None if i_cd is None else row[i_cd],
                        None if i_dd is None else row[i_dd],
                        # An empty cell is how CSV says "absent": keep only filled ones.
                        {name: row[i] for name, i in extras if row[i]} if extras else None,
                    )
                )
            except ValueError as error:
                if not any(cell.strip() for cell in row):
                    continue  # a row of bare delimiters: blank
                rejected.append(
                    RejectedRow(f"line {line}", str(error), dict(zip(header, row, strict=True)))
                )
    except csv.Error as error:
        line = reader.line_num
        raise ParseError(
            f"{_sentence(source)} is not valid CSV (line {line}): {error}.",
            source=source,
            line=line,
        ) from None
    return result


def csv_encoding(head: bytes) -> str | None:
    """UTF-16 by its byte-order mark (Excel's "Unicode text", LibreOffice's UTF-16 CSV), or by
    the zero bytes of ASCII text in it; None for the byte-wide encodings."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = head[:200]
    if len(sample) >= 8 and sample[1::2].count(0) == len(sample[1::2]) and 0 not in sample[::2]:
        return "utf-16-le"
    if len(sample) >= 8 and sample[::2].count(0) == len(sample[::2]) and 0 not in sample[1::2]:
        return "utf-16-be"
    return None


def _decode_csv(data: bytes, source: str) -> str:
    wide = csv_encoding(data[:200])
    if wide is not None:
        try:
            return data.decode(wide)
        except UnicodeDecodeError as error:
            raise ParseError(
                f"{_sentence(source)} is not valid UTF-16 text (bad bytes at offset "
                f"{error.start}).",
                source=source,
                offset=error.start,
            ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Excel on a Ukrainian Windows still saves CSV in Windows-1251.
        return data.decode("cp1251")
    except UnicodeDecodeError as error:
        raise ParseError(
            f"{_sentence(source)} is neither UTF-8 nor Windows-1251 text "
            f"(bad byte at offset {error.start}).",
            source=source,
            offset=error.start,
        ) from None


def _clean_header(name: str) -> str:
    return name.strip().strip("\ufeff").strip()


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first non-blank line into the most required column names."""
    first_line = ""
    for candidate_line in io.StringIO(text, newline=""):
        if candidate_line.strip():
            first_line = candidate_line
            break
    best = ","
    best_score = (-1, -1)
    for delimiter in _CSV_DELIMITERS:
        try:
            cells = next(csv.reader([first_line], delimiter=delimiter), [])
        except csv.Error:
            continue
        names = {_clean_header(cell) for cell in cells}
        score = (sum(1 for name in REQUIRED_FIELDS if name in names), len(cells))
        if score > best_score:
            best, best_score = delimiter, score
    return best


# XML ---------------------------------------------------------------------------------------------


def _xml_error(error: Exception, source: str) -> ParseError:
    """One sentence for what stopped an XML read, the whole-text one or the streaming one."""
    if isinstance(error, XmlSyntaxError):
        line, column = getattr(error, "position", (0, 0))
        reason = str(error).split(":", 1)[0]
        return ParseError(
            f"{_sentence(source)} is not valid XML (line {line}, column {column + 1}): {reason}.",
            source=source,
            line=line,
            column=column + 1,
        )
    if isinstance(error, DefusedXmlException):  # a ValueError too: asked first
        return ParseError(
            f"{_sentence(source)} is XML that declares entities or external references, "
            "which this program refuses to read for safety.",
            source=source,
        )
    return ParseError(f"{_sentence(source)} is not readable XML: {error}.", source=source)


def _parse_xml(data: bytes, source: str) -> ParseResult:
    try:
        root = SafeElementTree.fromstring(data)
    except (XmlSyntaxError, ValueError, LookupError) as error:
        raise _xml_error(error, source) from None

    result = ParseResult()
    records, rejected = result.records, result.rejected
    for number, fields in enumerate(_xml_calls(root), 1):
        if fields is None:
            rejected.append(RejectedRow(f"record {number}", "the record has no fields", {}))
            continue
        try:
            records.append(record_from_fields(fields))
        except ValueError as error:
            rejected.append(RejectedRow(f"record {number}", str(error), fields))
    return result


def _local_name(tag: object) -> str | None:
    if not isinstance(tag, str):
        return None  # a comment or processing instruction
    return tag.rpartition("}")[2]


def _xml_fields(element: Element) -> dict[str, str]:
    fields = {_local_name(name) or name: value for name, value in element.attrib.items()}
    for child in element:
        name = _local_name(child.tag)
        if name is None:
            continue
        if len(child):
            # A field with structure of its own (ownership=on is undocumented): keep its markup.
            inner = "".join(tostring(part, encoding="unicode") for part in child)
            fields[name] = (child.text or "") + inner
        else:
            fields[name] = child.text or ""
    return fields


def _xml_calls(root: Element) -> list[dict[str, str] | None]:
    """The fields of each call, in document order; None for a call element with no fields.

    A call is an element whose children are leaves (`<call><duration>14</duration>...`), or whose
    attributes are the fields (`<call duration="14" .../>`). Either must name at least one known
    field, so wrappers like `<meta><count>3</count></meta>` are not mistaken for calls. What the
    root and the wrappers are called does not matter.
    """
    if _is_call(root):
        return [_xml_fields(root)]
    calls: list[dict[str, str] | None] = []
    # An explicit stack: a hostile document may nest deeper than Python's recursion limit.
    stack = [_xml_children(root)]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
            continue
        child, is_call, call_tags = item
        if is_call:
            calls.append(_xml_fields(child))
        elif len(child):
            stack.append(_xml_children(child))
        elif child.tag in call_tags and not child.attrib and not (child.text or "").strip():
            calls.append(None)  # `<call/>` among calls: an empty record, worth reporting
    return calls


def _xml_children(element: Element) -> Iterator[tuple[Element, bool, set[object]]]:
    children = list(element)
    flags = [_is_call(child) for child in children]
    call_tags: set[object] = {
        child.tag for child, flag in zip(children, flags, strict=True) if flag
    }
    return zip(children, flags, itertools.repeat(call_tags))


def _is_call(element: Element) -> bool:
    """Whether an element is one call: it names a known field in a leaf child or an attribute.

    A child with children of its own is allowed (kept as markup) unless it names known fields
    itself: then this element is a wrapper around calls, not a call.
    """
    named = False
    for child in element:
        if len(child):
            for grandchild in child:
                if _local_name(grandchild.tag) in _KNOWN:
                    return False
        elif not named and _local_name(child.tag) in _KNOWN:
            named = True
    if named:
        return True
    return any(_local_name(name) in _KNOWN for name in element.attrib)


# ----------------------------------------------------------------------------------------------
# Files, streamed: a gigabyte of calls never sits in memory at once


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


# Calls handed on at a time by the streaming readers: big enough for the archive's bulk insert,
# small enough that their records stay some tens of megabytes. Measured on a 1 GiB JSON file
# (2.9M calls): the peak grows with the archive by each batch's passing work, 381 MB with
# 50,000 and 308 MB with 20,000 after 700,000 calls, at the same speed.
STREAM_BATCH: Final = 20_000
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
                    f"{_sentence(source)} is not valid JSON: {strict_error}.", source=source
                ) from None
            first_error = strict_error
            continue
    raise ParseError(f"{_sentence(source)} is not valid JSON: {first_error}.", source=source)


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
        raise ParseError(f"{_sentence(source)} is JSON but not a list of calls.", source=source)
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
            f"{_sentence(source)} is JSON nested too deeply to read.", source=source
        ) from None
    except UnicodeDecodeError as error:
        raise ParseError(
            f"{_sentence(source)} is not UTF-8 text, as JSON must be (bad byte at offset "
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
                    f'{_sentence(source)} has a "calls" entry that is not a list.', source=source
                )
    except ijson.JSONError as error:
        raise _StreamRestart(_ijson_reason(error)) from None
    raise ParseError(f'{_sentence(source)} has no "calls" list.', source=source)


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


def stream_xml_calls(
    stream: Readable, source: str, batch: int = STREAM_BATCH
) -> Iterator[ParseResult]:
    """The calls of an XML call list file, `batch` at a time, read with defusedxml's iterparse.

    The same calls as `_xml_calls` finds in a whole document: a call is judged when its end tag
    is read (its fields are complete then), handed on and dropped from the tree, so memory holds
    one call and the wrappers around it, not the file.
    """
    result = ParseResult()
    number = 0
    open_elements: list[Element] = []
    # Elements that held calls are wrappers, whatever remains in them.
    wrappers: set[int] = set()
    # `<call/>` among calls is an empty record: found when a sibling shows the tag is a call's.
    call_tags: dict[int, set[object]] = {}
    empties: dict[int, list[object]] = {}

    def emit(fields: dict[str, str] | None) -> None:
        nonlocal number
        number += 1
        if fields is None:
            result.rejected.append(RejectedRow(f"record {number}", "the record has no fields", {}))
            return
        try:
            result.records.append(record_from_fields(fields))
        except ValueError as error:
            result.rejected.append(RejectedRow(f"record {number}", str(error), fields))

    try:
        for event, element in SafeElementTree.iterparse(stream, events=("start", "end")):
            if event == "start":
                open_elements.append(element)
                continue
            open_elements.pop()
            parent = open_elements[-1] if open_elements else None
            key = id(element)
            if key in wrappers:
                wrappers.discard(key)
                call_tags.pop(key, None)
                empties.pop(key, None)
                if parent is not None:
                    wrappers.add(id(parent))
                    del parent[-1]
            elif _is_call(element):
                if parent is not None:
                    parent_key = id(parent)
                    tags = call_tags.setdefault(parent_key, set())
                    if element.tag not in tags:
                        tags.add(element.tag)
                        waiting = empties.get(parent_key, [])
                        for _ in range(waiting.count(element.tag)):
                            emit(None)
                        if waiting:
                            empties[parent_key] = [t for t in waiting if t != element.tag]
                    wrappers.add(parent_key)
                emit(_xml_fields(element))
                if parent is not None:
                    del parent[-1]
            elif (
                parent is not None
                and not len(element)
                and not element.attrib
                and not (element.text or "").strip()
            ):
                parent_key = id(parent)
                if element.tag in call_tags.get(parent_key, ()):
                    emit(None)
                    del parent[-1]
                else:
                    empties.setdefault(parent_key, []).append(element.tag)
            if len(result.records) + len(result.rejected) >= batch:
                yield result
                result = ParseResult()
    except (XmlSyntaxError, ValueError, LookupError) as error:
        raise _xml_error(error, source) from None
    if result.records or result.rejected:
        yield result


# ----------------------------------------------------------------------------------------------
# Writing


def csv_columns(records: Sequence[CallRecord]) -> list[str]:
    """Required fields, then the optional ones any record has, then extras in first-seen order."""
    columns = list(REQUIRED_FIELDS)
    columns.extend(
        name for name in OPTIONAL_FIELDS if any(getattr(r, name) is not None for r in records)
    )
    seen: dict[str, None] = {}
    for record in records:
        for name in record.extra:
            seen.setdefault(name)
    columns.extend(seen)
    return columns


def write_json(records: Iterable[CallRecord]) -> bytes:
    """A JSON array of the calls with the API's field names, extras included."""
    rows = [record.to_api_dict() for record in records]
    return (json.dumps(rows, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_csv(records: Iterable[CallRecord], *, excel: bool = False) -> bytes:
    """Comma-separated, UTF-8 without BOM, "\\n" line ends; header as `csv_columns` gives it.

    Cells a spreadsheet would run as a formula are neutralised (see `spreadsheet.neutralise`);
    the reader restores them. `excel`: a BOM and `;`, as Excel in Ukrainian locales expects.
    """
    materialised = list(records)
    columns = csv_columns(materialised)
    out = io.StringIO(newline="")
    delimiter = ";" if excel else ","
    writer = csv.writer(out, lineterminator="\n", delimiter=delimiter)
    # The minimal writer quotes only the characters of its own line end, yet a reader also ends
    # a line at a lone "\r": a row holding one is written fully quoted.
    quoting_writer = csv.writer(
        out, lineterminator="\n", delimiter=delimiter, quoting=csv.QUOTE_ALL
    )
    apis = (record.to_api_dict() for record in materialised)
    rows = ([neutralise(_csv_cell(api.get(name))) for name in columns] for api in apis)
    for row in itertools.chain([[neutralise(name) for name in columns]], rows):
        (quoting_writer if any("\r" in cell for cell in row) else writer).writerow(row)
    return out.getvalue().encode("utf-8-sig" if excel else "utf-8")


def _csv_cell(value: ExtraValue) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"  # JSON's spelling, not Python's
    return str(value)
