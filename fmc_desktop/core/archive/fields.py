"""A call as the archive stores it: its fields in a row, its id and instants, its extra fields.

Every module of the archive and the number migration read and write calls in these shapes, so
they live apart from all of them (the migration runs inside the opening of the file).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Final, TypeAlias

from fmc_desktop.core.api.kyiv import KYIV
from fmc_desktop.core.api.records import CallRecord, ExtraValue
from fmc_desktop.core.numbers.phone import canonical

# calls.id is start_utc * SLOTS_PER_SECOND + n, n counting calls that start in the same second.
SLOTS_PER_SECOND: Final = 4096  # a PBX is nowhere near it

# A call as the archive stores it, without a CallRecord: (start, end (UTC epoch seconds),
# duration, calling_number, called_number (as written), calling_name, called_name,
# calling_department, called_department, extras as a JSON object or None).
CallFields: TypeAlias = tuple[
    int, int, int, str, str, str | None, str | None, str | None, str | None, str | None
]
CALL_FIELD_NAMES: Final = (
    "start",
    "end",
    "duration",
    "calling_number",
    "called_number",
    "calling_name",
    "called_name",
    "calling_department",
    "called_department",
    "extra",
)
# The same with the archive's id in front: what the GUI's column store loads
# (fmc_desktop.core.history.columns.CallRow).
CallRow: TypeAlias = tuple[
    int, int, int, int, str, str, str | None, str | None, str | None, str | None, str | None
]


def canonical_set(numbers: Iterable[str]) -> frozenset[str]:
    return frozenset(canonical(n) for n in numbers if n.strip())


def epoch_floor(instant: datetime) -> int:
    if instant.tzinfo is None:
        raise ValueError("the archive needs aware datetimes")
    return math.floor(instant.timestamp())


def epoch_ceil(instant: datetime) -> int:
    if instant.tzinfo is None:
        raise ValueError("the archive needs aware datetimes")
    return math.ceil(instant.timestamp())


def utc_of(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def kyiv_of(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, KYIV)


def first_id(second: int) -> int:
    return second * SLOTS_PER_SECOND


def extra_json(extra: Mapping[str, ExtraValue]) -> str | None:
    return json.dumps(dict(extra), ensure_ascii=False) if extra else None


def extra_map(text: str | None) -> Mapping[str, ExtraValue]:
    if not text:
        return MappingProxyType({})
    value = json.loads(text)
    return MappingProxyType(value if isinstance(value, dict) else {})


def merged_extra(old: str | None, new: str | None) -> str | None:
    """The stored extras with the fields it lacked (or had empty) filled in; None: no change."""
    if not new:
        return None
    current = dict(extra_map(old))
    changed = False
    for key, value in extra_map(new).items():
        if value is not None and current.get(key) is None:
            current[key] = value
            changed = True
    return json.dumps(current, ensure_ascii=False) if changed else None


def call_fields(record: CallRecord) -> CallFields:
    """A record as the archive stores it (see CallFields)."""
    return (
        int(record.start_utc.timestamp()),
        int(record.end.timestamp()),
        record.duration,
        record.calling_number,
        record.called_number,
        record.calling_name,
        record.called_name,
        record.calling_department,
        record.called_department,
        extra_json(record.extra),
    )


def fast_canonical(written: str) -> str:
    """numbers.canonical, with a shortcut for the three spellings the API and exports use.

    A million-call import meets tens of thousands of distinct numbers; the full parser takes
    about ten microseconds each, the shortcut one. A test holds the two equal.
    """
    if written.isascii():
        size = len(written)
        if size == 10 and written[0] == "0" and written[1] != "0" and written.isdigit():
            return "+380" + written[1:]
        if size == 13 and written[:4] == "+380" and written[4] != "0" and written[1:].isdigit():
            return written
        if size == 12 and written[:3] == "380" and written[3] != "0" and written.isdigit():
            return "+" + written
    return canonical(written)
