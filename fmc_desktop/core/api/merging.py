"""Calls fetched in several windows made one list: each call once, with every field any copy had."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from types import MappingProxyType
from typing import Any

from fmc_desktop.core.api.records import OPTIONAL_FIELDS, CallRecord, ExtraValue
from fmc_desktop.core.numbers.phone import canonical


def call_identity(record: CallRecord) -> tuple[datetime, str, str, int]:
    """What makes two records the same call, whichever window, format or spelling they came in.

    The start as a UTC instant (two Kyiv wall times in the repeated hour compare equal although
    an hour apart) and the numbers in canonical form (`067…` and `+38067…` are one phone).
    """
    return (
        record.start_utc,
        canonical(record.calling_number),
        canonical(record.called_number),
        record.duration,
    )


def merge_records(batches: Iterable[Iterable[CallRecord]]) -> list[CallRecord]:
    """All calls of `batches` once each, in chronological order.

    Adjacent windows share their boundary second, so a call starting on it comes twice; where
    one copy has a name, department or extra field the other lacks, the merged call has it.
    """
    merged: dict[tuple[datetime, str, str, int], CallRecord] = {}
    for batch in batches:
        for record in batch:
            identity = call_identity(record)
            earlier = merged.get(identity)
            merged[identity] = record if earlier is None else _fill_missing(earlier, record)
    return [merged[identity] for identity in sorted(merged)]


def _fill_missing(kept: CallRecord, later: CallRecord) -> CallRecord:
    changes: dict[str, Any] = {
        name: getattr(later, name)
        for name in OPTIONAL_FIELDS
        if getattr(kept, name) is None and getattr(later, name) is not None
    }
    missing = {
        key: value
        for key, value in later.extra.items()
        if value is not None and kept.extra.get(key) is None
    }
    if missing:
        extra: dict[str, ExtraValue] = dict(kept.extra)
        extra.update(missing)
        changes["extra"] = MappingProxyType(extra)
    return replace(kept, **changes) if changes else kept
