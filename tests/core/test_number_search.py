"""Typing in the search box: what earlier keystrokes found never changes what a search finds.

The table remembers, per term, which numbers and calls it found, and reads only those numbers
for a term that extends one. Each case types into one `CallHistory` and compares every answer
with a fresh `CallHistory` over the same calls that never searched before.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from fmc_desktop.core.api.kyiv import from_utc
from fmc_desktop.core.api.records import CallRecord
from fmc_desktop.core.history.batch import CallBatch
from fmc_desktop.core.history.columns import CallHistory
from fmc_desktop.core.history.filters import HistoryField, HistoryFilter, Scope

START = datetime(2026, 11, 2, 7, 0, tzinfo=UTC)
NAMES = (
    "Олена Коваль",
    "Олег Бондар",
    "Оленка",
    "Olena Smith",
    "Алла Олійник",
    "Ілля",
    None,
)
DEPARTMENTS = ("Склад", "Продажі", None)
STAFF = ("0671112233", "0671112244")
# Letters and digits the names and numbers share, so that most typed queries find something.
KEYS = ("о", "л", "е", "н", "а", "к", " ", "0", "5", "6", "7", "1", "O", "l", "x")


def _records(count: int, seed: int, numbers: int = 40, names_from: int = 0) -> list[CallRecord]:
    rng = random.Random(seed)
    records = []
    for i in range(count):
        begin = START + timedelta(minutes=7 * i + rng.randrange(5))
        number = rng.randrange(numbers)
        outsider = f"050{number:07d}"
        # Most numbers go by one name, so a name finds some calls and not others.
        name = NAMES[(number + names_from) % len(NAMES)] if rng.random() < 0.8 else None
        ours = rng.choice(STAFF)
        calling, called = (outsider, ours) if rng.random() < 0.5 else (ours, outsider)
        records.append(
            CallRecord(
                from_utc(begin),
                from_utc(begin + timedelta(seconds=30)),
                calling,
                called,
                rng.choice((0, 30)),
                name if calling == outsider else None,
                name if called == outsider else None,
                rng.choice(DEPARTMENTS),
                None,
            )
        )
    return records


def _history(*batches: list[CallRecord]) -> CallHistory:
    history = CallHistory(STAFF[:1], STAFF)
    first = 0
    for records in batches:
        history.extend(CallBatch.from_records(records, first_id=first))
        first += len(records)
    return history


def _found(history: CallHistory, text: str) -> list[int]:
    flt = HistoryFilter(text=text, scope=Scope.PBX)
    return history.select(flt, HistoryField.TIME, descending=True).tolist()


FIRST = _records(240, seed=1)
LATER = _records(60, seed=2, numbers=80, names_from=3)  # new numbers, and new names for known ones


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(KEYS), max_size=7).map("".join), max_size=5))
def test_typing_finds_what_a_fresh_search_finds(queries: list[str]) -> None:
    typed = _history(FIRST)
    for query in queries:
        # A letter at a time, then back a letter at a time, as a user types and corrects.
        steps = [query[:i] for i in range(1, len(query) + 1)]
        for text in steps + steps[::-1]:
            assert _found(typed, text) == _found(_history(FIRST), text), text


def test_calls_loaded_between_keystrokes_are_found() -> None:
    typed = _history(FIRST)
    for text in ("о", "ол", "оле"):
        _found(typed, text)
    typed.extend(CallBatch.from_records(LATER, first_id=len(FIRST)))
    fresh = _history(FIRST, LATER)
    for text in ("олен", "оле", "олена", "0", "050"):
        found = _found(typed, text)
        assert found == _found(fresh, text), text
    assert any(i >= len(FIRST) for i in _found(typed, "олен"))


def test_the_names_find_some_calls_and_not_others() -> None:
    history = _history(FIRST)
    for text in ("олен", "оле ко", "олег", "ілля"):
        assert 0 < len(_found(history, text)) < len(FIRST), text


def test_a_term_every_call_holds_selects_every_call_in_order() -> None:
    history = _history(FIRST)
    everything = _found(history, "")
    assert _found(history, "0") == everything
    assert _found(history, "067") == everything  # every call has one of the staff's numbers
    assert _found(history, "067 1") == everything


def test_the_found_calls_are_not_changed_by_later_searches() -> None:
    history = _history(FIRST)
    flt = HistoryFilter(text="оле", scope=Scope.PBX)
    first = history.select(flt).copy()
    for text in ("оле ко", "олег", "оле 5", "x"):
        _found(history, text)
    assert np.array_equal(history.select(flt), first)
