"""Europe/Kyiv time as the API speaks it.

The API writes and reads naive wall-clock timestamps in Europe/Kyiv. Two traps live here:
the repeated autumn hour (03:00-04:00 happens twice) and the fact that two aware datetimes with
the same ZoneInfo compare by wall time, ignoring `fold`. So every comparison, sort and identity
in this project uses UTC instants; Kyiv datetimes are for display and for the wire.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def _kyiv_zone() -> ZoneInfo:
    try:
        return ZoneInfo("Europe/Kyiv")
    except ZoneInfoNotFoundError:  # databases older than 2022 only know the old spelling
        return ZoneInfo("Europe/Kiev")


KYIV = _kyiv_zone()
_combine = datetime.combine

WIRE_FORMAT = "%Y-%m-%dT%H:%M:%S"  # what the API's `from`/`to` parameters take
API_FORMAT = "%Y-%m-%d %H:%M:%S"  # what the API writes in its records


class TimestampError(ValueError):
    """A timestamp that is not `YYYY-MM-DD HH:MM:SS` (or with a `T`)."""


def parse_naive(text: str) -> datetime:
    """Parse `YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DDTHH:MM:SS` into a naive wall-clock datetime."""
    if len(text) != 19 or text[10] not in " T" or text[4] != "-" or text[7] != "-":
        raise TimestampError(f"not a timestamp of the form YYYY-MM-DD HH:MM:SS: {text!r}")
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise TimestampError(f"not a valid date and time: {text!r}") from None


@lru_cache(maxsize=4096)
def _hour_offsets(year: int, month: int, day: int, hour: int) -> tuple[timedelta, timedelta]:
    """UTC offsets of a Kyiv wall-clock hour read with fold=0 and fold=1.

    Kyiv's transitions fall on whole hours, so an hour's offsets hold for all of its minutes;
    caching per hour makes bulk parsing cheap.
    """
    probe = datetime(year, month, day, hour, 30)
    first = probe.replace(tzinfo=KYIV, fold=0).utcoffset()
    second = probe.replace(tzinfo=KYIV, fold=1).utcoffset()
    assert first is not None
    assert second is not None
    return first, second


def is_ambiguous(naive: datetime) -> bool:
    """True for a wall time inside the repeated autumn hour.

    Inside the skipped spring hour the two readings differ too, but the other way round (the
    earlier reading has the smaller offset): such a time is not repeated, just never shown.
    """
    first, second = _hour_offsets(naive.year, naive.month, naive.day, naive.hour)
    return first > second


def to_utc(naive: datetime, fold: int = 0) -> datetime:
    """The UTC instant of a Kyiv wall time (fold=1 picks the second reading of a repeated hour)."""
    first, second = _hour_offsets(naive.year, naive.month, naive.day, naive.hour)
    return (naive - (second if fold else first)).replace(tzinfo=UTC)


def from_utc(instant: datetime) -> datetime:
    """An aware Kyiv datetime (with the right fold) for a UTC instant."""
    return instant.astimezone(KYIV)


def localize(naive: datetime, fold: int = 0) -> datetime:
    return naive.replace(tzinfo=KYIV, fold=fold)


def resolve_call(start: datetime, end: datetime, duration: int) -> tuple[datetime, datetime]:
    """Aware Kyiv start and end of a call whose wall times may fall in the repeated hour.

    Of the possible readings, the pair whose real difference is closest to the duration wins (the
    vendor's own example is a second off, so exact equality is not required); where two pairs fit
    equally, the earlier instants are taken.
    """
    # This runs once per call in lists of 100k calls, hence the inlined checks and `combine`,
    # which is several times faster than `replace(tzinfo=...)` and gives the same datetime.
    start_first, start_second = _hour_offsets(start.year, start.month, start.day, start.hour)
    end_first, end_second = _hour_offsets(end.year, end.month, end.day, end.hour)
    # `first > second` is is_ambiguous(), inlined.
    if start_first <= start_second and end_first <= end_second:
        return _combine(start, start.time(), KYIV), _combine(end, end.time(), KYIV)
    start_folds = (0, 1) if start_first > start_second else (0,)
    end_folds = (0, 1) if end_first > end_second else (0,)
    best: tuple[float, datetime, datetime, int, int] | None = None
    for sf in start_folds:
        s_utc = to_utc(start, sf)
        for ef in end_folds:
            e_utc = to_utc(end, ef)
            misfit = abs((e_utc - s_utc).total_seconds() - duration)
            candidate = (misfit, s_utc, e_utc, sf, ef)
            if best is None or candidate[:3] < best[:3]:
                best = candidate
    assert best is not None
    _, _, _, sf, ef = best
    return start.replace(tzinfo=KYIV, fold=sf), end.replace(tzinfo=KYIV, fold=ef)


def format_wire(instant: datetime) -> str:
    """`YYYY-MM-DDTHH:MM:SS` in Kyiv time, for the API's `from` and `to`."""
    return instant.astimezone(KYIV).strftime(WIRE_FORMAT)


def format_api(instant: datetime) -> str:
    """`YYYY-MM-DD HH:MM:SS` in Kyiv time, as the API writes its records."""
    return instant.astimezone(KYIV).strftime(API_FORMAT)


def utc(instant: datetime) -> datetime:
    """The same instant in UTC; refuses naive datetimes, which would silently mean local time."""
    if instant.tzinfo is None:
        raise ValueError("a naive datetime has no instant; localize it first")
    return instant.astimezone(UTC)
