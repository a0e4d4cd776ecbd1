"""What every call-list format shares: one call's fields made a CallRecord, and the rows set aside.

One record type for all three formats, so the same calls give equal records whichever format they
came in. Reading is forgiving where the vendor is known to be sloppy (trailing commas in its own
JSON example, a BOM or Windows-1251 in CSV, any tag names in XML) and strict where a mistake would
corrupt data (a duration must be a whole number, a timestamp must be a real Kyiv wall time).

A payload that cannot be read at all is a ParseError; a single malformed call is set aside as a
RejectedRow with where it was and why, and never costs the good calls around it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Final, Literal, Protocol, cast

from fmc_desktop.core.api.kyiv import TimestampError, parse_naive, resolve_call
from fmc_desktop.core.api.records import (
    CALLED,
    CALLING,
    DURATION,
    END,
    KNOWN_FIELDS,
    OPTIONAL_FIELDS,
    START,
    CallRecord,
    ExtraValue,
)

Format = Literal["json", "csv", "xml"]
FORMATS: Final[tuple[Format, ...]] = ("json", "csv", "xml")

KNOWN: Final = frozenset(KNOWN_FIELDS)
_CALLING_NAME, _CALLED_NAME, _CALLING_DEPARTMENT, _CALLED_DEPARTMENT = OPTIONAL_FIELDS
# A duration must fit a 64-bit integer, as SQLite stores it.
_MAX_DURATION: Final = 2**63 - 1
# E.164 numbers have at most 15 digits; anything this long given as a JSON number is not a phone.
_MAX_NUMBER: Final = 10**20


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


MISSING: Final = _Missing()


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
    if not fields.keys() <= KNOWN:
        extra = {}
        for name, value in fields.items():
            if name in KNOWN or (isinstance(value, str) and not value):
                continue
            extra[name] = _extra_value(name, value)
    get = fields.get
    return make_record(
        get(START, MISSING),
        get(END, MISSING),
        get(CALLING, MISSING),
        get(CALLED, MISSING),
        get(DURATION, MISSING),
        get(_CALLING_NAME),
        get(_CALLED_NAME),
        get(_CALLING_DEPARTMENT),
        get(_CALLED_DEPARTMENT),
        extra,
    )


def make_record(
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
        if value is MISSING:
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
    elif value is MISSING:
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
    elif value is MISSING:
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


def sentence(source: str) -> str:
    """`source` at the start of a sentence: "the response" -> "The response", file names as is."""
    return "T" + source[1:] if source.startswith("the ") else source


# ----------------------------------------------------------------------------------------------
# Files, streamed: a gigabyte of calls never sits in memory at once


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


# Calls handed on at a time by the streaming readers: big enough for the archive's bulk insert,
# small enough that their records stay some tens of megabytes. Measured on a 1 GiB JSON file
# (2.9M calls): the peak grows with the archive by each batch's passing work, 381 MB with
# 50,000 and 308 MB with 20,000 after 700,000 calls, at the same speed.
STREAM_BATCH: Final = 20_000
