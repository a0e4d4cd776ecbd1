"""The vendor document's rules for a request: the period, its timestamps, flags and numbers."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from fmc_desktop.core.api.kyiv import WIRE_FORMAT, from_utc, to_utc

MAX_PERIOD = timedelta(days=7)
MAX_AGE = timedelta(days=30)

_WIRE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}")
# The forms the document shows (0…, 380…, +380…), other countries in E.164, and short codes.
_UKRAINIAN_RE = re.compile(r"0[0-9]{9}|380[0-9]{9}|\+380[0-9]{9}")
_INTERNATIONAL_RE = re.compile(r"\+(?!380)[1-9][0-9]{6,14}")
_SHORT_RE = re.compile(r"[0-9*#]{1,6}")


class BadRequest(Exception):
    """A 400 whose message names the parameter and the problem."""


def single(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    if values is None:
        return None
    if len(values) > 1:
        raise BadRequest(f"{name}: given more than once")
    return values[0]


def timestamp(params: dict[str, list[str]], name: str) -> datetime | None:
    text = single(params, name)
    if text is None:
        return None
    if not _WIRE_RE.fullmatch(text):
        raise BadRequest(f"{name}: invalid timestamp, expected YYYY-MM-DDTHH:MM:SS")
    try:
        value = datetime.strptime(text, WIRE_FORMAT)
    except ValueError:
        raise BadRequest(f"{name}: invalid timestamp, no such date or time") from None
    if not 1971 <= value.year <= 9998:  # keeps the date arithmetic below clear of overflow
        raise BadRequest(f"{name}: invalid timestamp, year out of range")
    return value


def flag(params: dict[str, list[str]], name: str) -> bool:
    value = single(params, name)
    if value is None:
        return False
    if value not in ("on", "off"):
        raise BadRequest(f"{name}: must be on or off")
    return value == "on"


def wall(instant: datetime) -> datetime:
    return from_utc(instant).replace(tzinfo=None)


def wire(wall: datetime) -> str:
    return wall.strftime(WIRE_FORMAT)


def _span_ok(start: datetime, end: datetime) -> bool:
    """Within 7 days by the wall clock AND in real hours (7 wall days across a clock change are
    169 or 167 hours). A `to` inside the repeated hour is read the later way round, because the
    answer includes calls from both of its readings."""
    return end - start <= MAX_PERIOD and to_utc(end, fold=1) - to_utc(start) <= MAX_PERIOD


def window(
    start: datetime | None, end: datetime | None, now: datetime
) -> tuple[datetime, datetime]:
    """The (from, to) wall-clock window the request asks for, or BadRequest."""
    now = now.replace(microsecond=0)
    now_wall = wall(now)
    if start is None and end is None:
        raise BadRequest("from or to is required")
    to_name = "to"
    if start is None:
        assert end is not None
        # from = to - 7 days: the widest window both readings of "7 days" allow.
        start = max(end - MAX_PERIOD, wall(to_utc(end, fold=1) - MAX_PERIOD))
        if not _span_ok(start, end):  # the instant fell in the repeated hour's first reading
            start += timedelta(hours=1)
    elif end is None:
        # to = min(from + 7 days, now)
        end = min(start + MAX_PERIOD, wall(to_utc(start) + MAX_PERIOD))
        if not _span_ok(start, end):
            end -= timedelta(hours=1)
        if to_utc(end) > now:
            end = now_wall
        to_name = "to (computed as min(from + 7 days, now))"
    if end < start:
        raise BadRequest(f"{to_name}: {wire(end)} is before from {wire(start)}")
    if not _span_ok(start, end):
        raise BadRequest("period: longer than 7 days")
    oldest = max(now_wall - MAX_AGE, wall(now - MAX_AGE))
    if start < oldest or to_utc(start) < now - MAX_AGE:
        raise BadRequest(
            f"from: {wire(start)} is older than 30 days (the oldest allowed now is {wire(oldest)})"
        )
    return start, end


def is_phone_number(text: str) -> bool:
    return any(r.fullmatch(text) for r in (_UKRAINIAN_RE, _INTERNATIONAL_RE, _SHORT_RE))
