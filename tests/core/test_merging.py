"""Calls fetched in several windows merged: one copy of each call, with every field any copy had."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import MappingProxyType

from fmc_desktop.core.api.kyiv import KYIV
from fmc_desktop.core.api.merging import call_identity, merge_records
from fmc_desktop.core.api.records import CallRecord


def _call(
    wall: datetime,
    calling: str,
    called: str,
    duration: int = 30,
    *,
    fold: int = 0,
    **fields: object,
) -> CallRecord:
    start = wall.replace(tzinfo=KYIV, fold=fold)
    end = (start.astimezone(UTC) + timedelta(seconds=duration)).astimezone(KYIV)
    return CallRecord(start, end, calling, called, duration, **fields)  # type: ignore[arg-type]


def test_merge_removes_duplicates_across_spellings_and_fills_missing_fields() -> None:
    wall = datetime(2026, 11, 10, 9, 0, 0)
    first = _call(wall, "0671234567", "+380441234567", extra=MappingProxyType({"a": "1"}))
    again = _call(
        wall,
        "+380671234567",
        "380441234567",
        calling_name="Олена",
        extra=MappingProxyType({"a": "other", "b": "2"}),
    )
    later = _call(wall + timedelta(minutes=5), "0671234567", "0501112233")

    merged = merge_records([[later, first], [again]])

    assert len(merged) == 2
    kept = merged[0]
    assert kept.calling_number == "0671234567"  # the first copy's spelling stays
    assert kept.calling_name == "Олена"  # filled from the later copy
    assert dict(kept.extra) == {"a": "1", "b": "2"}  # missing keys filled, present ones kept
    assert merged[1] == later


def test_merge_keeps_both_calls_of_the_repeated_hour_in_real_order() -> None:
    wall = datetime(2026, 10, 25, 3, 30, 0)  # happens twice in Kyiv
    second_reading = _call(wall, "0671234567", "0501112233", fold=1)
    first_reading = _call(wall, "0671234567", "0501112233", fold=0)
    before = _call(datetime(2026, 10, 25, 3, 45, 0), "0671234567", "0501112233", fold=0)

    merged = merge_records([[second_reading, before, first_reading]])

    assert merged == [first_reading, before, second_reading]
    assert call_identity(first_reading) != call_identity(second_reading)
