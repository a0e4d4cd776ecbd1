"""The call record: one call as the API reported it, every field kept."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import MappingProxyType

from fmc_desktop.core.api.kyiv import format_api

# The documented fields, in the order the API's example writes them.
START, END, CALLING, CALLED, DURATION = (
    "start_timestamp",
    "end_timestamp",
    "calling_number",
    "called_number",
    "duration",
)
REQUIRED_FIELDS: tuple[str, ...] = (START, END, CALLING, CALLED, DURATION)
# Known from public clients of the same API: names=on and departments=on add these.
OPTIONAL_FIELDS: tuple[str, ...] = (
    "calling_name",
    "called_name",
    "calling_department",
    "called_department",
)
KNOWN_FIELDS: tuple[str, ...] = REQUIRED_FIELDS + OPTIONAL_FIELDS

# What an unknown field may hold: whatever scalar the API sent (JSON keeps its type; CSV and XML
# give text).
ExtraValue = str | int | float | bool | None

_EMPTY: Mapping[str, ExtraValue] = MappingProxyType({})


@dataclass(frozen=True, slots=True, eq=True)
class CallRecord:
    """One call. `start`/`end` are aware Europe/Kyiv datetimes with `fold` resolved.

    Compare and sort by `start_utc`, never by `start`: aware datetimes in one zone compare by
    wall time, which is wrong inside the repeated autumn hour.
    """

    start: datetime
    end: datetime
    calling_number: str
    called_number: str
    duration: int
    calling_name: str | None = None
    called_name: str | None = None
    calling_department: str | None = None
    called_department: str | None = None
    # Every field the API sent that this version does not know, in the order it came.
    # A factory because dataclasses refuse an unhashable default (the read-only empty mapping).
    extra: Mapping[str, ExtraValue] = field(default_factory=lambda: _EMPTY, compare=True)
    start_utc: datetime = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("a call's start and end must be timezone-aware")
        object.__setattr__(self, "start_utc", self.start.astimezone(UTC))

    @property
    def end_utc(self) -> datetime:
        return self.end.astimezone(UTC)

    @property
    def answered(self) -> bool:
        return self.duration > 0

    def to_api_dict(self) -> dict[str, ExtraValue]:
        """The record with the API's own field names and formats, extras included."""
        out: dict[str, ExtraValue] = {
            START: format_api(self.start_utc),
            END: format_api(self.end_utc),
            CALLING: self.calling_number,
            CALLED: self.called_number,
            DURATION: self.duration,
        }
        for name in OPTIONAL_FIELDS:
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        out.update(self.extra)
        return out


def sort_key(record: CallRecord) -> tuple[datetime, str, str, int]:
    """Chronological order by real instant; ties broken stably by the other identity fields."""
    return (record.start_utc, record.calling_number, record.called_number, record.duration)
