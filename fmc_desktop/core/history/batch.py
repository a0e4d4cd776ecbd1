"""Calls laid out per column, built on any thread: a CallBatch, with each party's text once.

Calls come in batches, built on a loading thread: from `CallRecord` objects, or straight from the
archive's SQL rows without a `CallRecord` per call. A row is the tuple `CallRow`::

    (call_id, start_epoch, end_epoch, duration,
     calling_number, called_number, calling_name, called_name,
     calling_department, called_department, extras_json)

`call_id` is the archive's id for the call (any int the caller wants back); the epochs are UTC
seconds; names, departments and `extras_json` may be None; `extras_json` is a JSON object of
every field the API sent beyond the known ones (None or "" for none).

A party is one (number, name, department) as the API wrote it; a company's history has a few
thousand of them behind a million calls, so text lives once per party, with its sort rank and
its pieces of search text. Extra fields are interned the same way: one dict per distinct set of
extras and an int32 index per call.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from operator import itemgetter
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

from fmc_desktop.core.api.errors import InvalidNumberError
from fmc_desktop.core.api.records import CallRecord, ExtraValue
from fmc_desktop.core.history.text import collation_key
from fmc_desktop.core.numbers.phone import PhoneNumber, canonical, parse_number
from fmc_desktop.core.search.matching import number_pieces, text_pieces, written_piece

logger = logging.getLogger(__name__)

CallRow: TypeAlias = tuple[
    int,  # call_id
    int,  # start_epoch (UTC seconds)
    int,  # end_epoch (UTC seconds)
    int,  # duration (seconds)
    str,  # calling_number
    str,  # called_number
    str | None,  # calling_name
    str | None,  # called_name
    str | None,  # calling_department
    str | None,  # called_department
    str | None,  # extras_json
]

Int32Array: TypeAlias = npt.NDArray[np.int32]
Int64Array: TypeAlias = npt.NDArray[np.int64]
Int8Array: TypeAlias = npt.NDArray[np.int8]
BoolArray: TypeAlias = npt.NDArray[np.bool_]
IntpArray: TypeAlias = npt.NDArray[np.intp]
PartyKey: TypeAlias = tuple[str, str | None, str | None]  # (number as written, name, department)
ExtrasKey: TypeAlias = object  # hashable: a JSON text or a tuple of (field, value) pairs


def _extra_value(value: object) -> ExtraValue:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    # Nested JSON is not what the API documents; keep it readable rather than drop it.
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _decode_extras_json(text: object) -> dict[str, ExtraValue]:
    if not text:
        return {}
    try:
        value = json.loads(str(text))
    except ValueError:
        logger.warning("a call's extra fields are not JSON; they are shown as one field")
        return {"extra": str(text)}
    if not isinstance(value, dict):
        return {"extra": _extra_value(value)}
    return {str(k): _extra_value(v) for k, v in value.items()}


def _decode_extras_items(key: object) -> dict[str, ExtraValue]:
    assert isinstance(key, tuple)
    return dict(key)


class Party:
    """What the table and the search need of one (number, name, department). Immutable."""

    __slots__ = (
        "canonical",
        "department",
        "department_key",
        "display",
        "display_key",
        "name",
        "number",
        "pieces",
    )

    def __init__(self, key: PartyKey) -> None:
        number, name, department = key
        self.number = number
        self.name = name
        self.department = department
        try:
            parsed: PhoneNumber | None = parse_number(number)
        except InvalidNumberError:
            parsed = None
        self.canonical = parsed.canonical if parsed else canonical(number)
        self.display = name or (parsed.display() if parsed else number.strip())
        self.display_key = collation_key(self.display)
        self.department_key = collation_key(department or "")
        # What this party adds to its number's search text: the archive's pieces, built alike.
        pieces = number_pieces(self.canonical)
        if number and number != self.canonical:
            pieces.append(written_piece(number))
        for text in (name, department):
            if text:
                pieces.extend(text_pieces(text))
        self.pieces = tuple(pieces)

    @classmethod
    def restored(
        cls,
        number: str,
        name: str | None,
        department: str | None,
        canonical: str,
        display: str,
        display_key: str,
        department_key: str,
        pieces: tuple[str, ...],
    ) -> Party:
        """A party as a snapshot kept it: parsing thousands of numbers again is what it saves."""
        party = cls.__new__(cls)
        party.number, party.name, party.department = number, name, department
        party.canonical, party.display, party.pieces = canonical, display, pieces
        party.display_key, party.department_key = display_key, department_key
        return party


# The same people appear in every batch; parsing each number once per process is enough.
_party = lru_cache(maxsize=1 << 16)(Party)


class CallBatch:
    """Calls laid out per column with their own party and extras tables; built on any thread."""

    __slots__ = (
        "call_ids",
        "called",
        "calling",
        "duration",
        "extras",
        "extras_table",
        "length",
        "parties",
        "start",
        "time_order",
    )

    def __init__(
        self,
        *,
        call_ids: Int64Array,
        start: Int64Array,
        length: Int32Array,
        duration: Int32Array,
        calling: Int32Array,
        called: Int32Array,
        extras: Int32Array,
        parties: list[Party],
        extras_table: list[dict[str, ExtraValue]],
    ) -> None:
        self.call_ids = call_ids
        self.start = start
        self.length = length
        self.duration = duration
        self.calling = calling
        self.called = called
        self.extras = extras
        self.parties = parties
        self.extras_table = extras_table
        # Sorted here, on the loading thread, so the GUI thread only merges.
        self.time_order: Int32Array = np.argsort(start, kind="stable").astype(np.int32)

    def __len__(self) -> int:
        return len(self.start)

    @classmethod
    def from_rows(cls, rows: Iterable[CallRow]) -> CallBatch:
        """A batch from the archive's rows (see the module's docstring for the tuple)."""
        rows = rows if isinstance(rows, list | tuple) else list(rows)
        if not rows:
            return cls.empty()
        if any(len(row) != 11 for row in (rows[0], rows[-1])):
            raise ValueError(f"a call row has 11 fields, not {len(rows[0])}")
        count = len(rows)

        def column(i: int) -> Iterator[Any]:
            # One field of every row, without building the transposed table: `zip(*rows)`
            # over a million rows costs seconds of allocation and garbage collection.
            return map(itemgetter(i), rows)

        def numbers(i: int, dtype: type[np.signedinteger[Any]]) -> npt.NDArray[Any]:
            return np.fromiter(column(i), dtype=dtype, count=count)

        start = numbers(1, np.int64)
        return cls._build(
            call_ids=numbers(0, np.int64),
            start=start,
            length=(numbers(2, np.int64) - start).astype(np.int32),
            duration=numbers(3, np.int32),
            calling_keys=zip(column(4), column(6), column(8)),  # noqa: B905 (same rows)
            called_keys=zip(column(5), column(7), column(9)),  # noqa: B905
            extras_keys=column(10),
            decode_extras=_decode_extras_json,
        )

    @classmethod
    def from_records(cls, records: Iterable[CallRecord], first_id: int = 0) -> CallBatch:
        """A batch from call records; their ids are `first_id`, `first_id + 1`, … in order."""
        records = records if isinstance(records, list | tuple) else list(records)
        if not records:
            return cls.empty()
        start = np.fromiter(
            (r.start_utc.timestamp() for r in records), dtype=np.float64, count=len(records)
        ).astype(np.int64)
        end = np.fromiter(
            (r.end.timestamp() for r in records), dtype=np.float64, count=len(records)
        ).astype(np.int64)
        return cls._build(
            call_ids=np.arange(first_id, first_id + len(records), dtype=np.int64),
            start=start,
            length=(end - start).astype(np.int32),
            duration=np.fromiter((r.duration for r in records), dtype=np.int32, count=len(records)),
            calling_keys=(
                (r.calling_number, r.calling_name, r.calling_department) for r in records
            ),
            called_keys=((r.called_number, r.called_name, r.called_department) for r in records),
            extras_keys=[tuple(r.extra.items()) if r.extra else () for r in records],
            decode_extras=_decode_extras_items,
        )

    @classmethod
    def empty(cls) -> CallBatch:
        return cls(
            call_ids=np.empty(0, np.int64),
            start=np.empty(0, np.int64),
            length=np.empty(0, np.int32),
            duration=np.empty(0, np.int32),
            calling=np.empty(0, np.int32),
            called=np.empty(0, np.int32),
            extras=np.empty(0, np.int32),
            parties=[],
            extras_table=[],
        )

    @classmethod
    def _build(
        cls,
        *,
        call_ids: Int64Array,
        start: Int64Array,
        length: Int32Array,
        duration: Int32Array,
        calling_keys: Iterable[PartyKey],
        called_keys: Iterable[PartyKey],
        extras_keys: Iterable[ExtrasKey],
        decode_extras: Callable[[object], dict[str, ExtraValue]],
    ) -> CallBatch:
        # Interning: a defaultdict whose default is its own length gives each new key the next
        # number, and mapping its __getitem__ keeps the whole loop in C (no Python frame per
        # call), which is the fastest interning CPython offers.
        count = len(start)
        party_ids: defaultdict[PartyKey, int] = defaultdict()
        party_ids.default_factory = party_ids.__len__
        calling = np.fromiter(map(party_ids.__getitem__, calling_keys), np.int32, count)
        called = np.fromiter(map(party_ids.__getitem__, called_keys), np.int32, count)
        extras_ids: defaultdict[object, int] = defaultdict()
        extras_ids.default_factory = extras_ids.__len__
        extras = np.fromiter(map(extras_ids.__getitem__, extras_keys), np.int32, count)
        return cls(
            call_ids=call_ids,
            start=start,
            length=length,
            duration=duration,
            calling=calling,
            called=called,
            extras=extras,
            # Parsing each number is the slow part of a party: it happens here, on the loading
            # thread, and the GUI thread's `extend` only looks parties up.
            parties=[_party(key) for key in party_ids],
            extras_table=[decode_extras(k) for k in extras_ids],
        )
