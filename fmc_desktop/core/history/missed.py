"""Which missed calls are news worth a notification, and which are only history."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Final

from fmc_desktop.core.api.records import CallRecord
from fmc_desktop.core.numbers.phone import canonical

NOTIFY_WITHIN: Final = timedelta(hours=2)  # missed calls older than this are history, not news


def new_missed_calls(
    records: Sequence[CallRecord], own_numbers: Iterable[str], now: datetime
) -> list[CallRecord]:
    """Missed calls to the user's numbers that started within NOTIFY_WITHIN of `now`, in the
    order given: a first sync brings a month of history, and a notification about last week's
    missed calls would only be noise."""
    own = {canonical(n) for n in own_numbers}
    recent = now - NOTIFY_WITHIN
    return [
        r
        for r in records
        if r.duration == 0 and r.start_utc >= recent and canonical(r.called_number) in own
    ]
