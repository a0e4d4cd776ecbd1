"""The numpy Insights equal the reference `compute_insights`, call for call.

Every test builds a real `CallHistory` from `CallRecord`s and compares
`insights_from_history(history, positions)` with `compute_insights` over
`history.records(positions)`: the same calls, in the same order, with the numbers the
history sees directions from.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fmc_desktop.core.api.kyiv import KYIV
from fmc_desktop.core.api.records import CallRecord
from fmc_desktop.core.history.batch import CallBatch
from fmc_desktop.core.history.columns import CallHistory
from fmc_desktop.core.history.filters import (
    AnsweredFilter,
    DirectionFilter,
    HistoryField,
    HistoryFilter,
    Scope,
    SortField,
)
from fmc_desktop.core.history.insights import (
    insights_from_history,
    kyiv_hours,
    prepare_insights,
)
from fmc_desktop.core.history.insights_oracle import InsightsData, compute_insights

OWN = ["0671111111", "+380 67 111 11 12"]
COLLEAGUES = ["0672222222", "380673333333", "+380674444444", "101"]
COMPANY = OWN + COLLEAGUES
# One outside number in several spellings, short and service codes, and what is no number.
OUTSIDERS = [
    "0501234567",
    "380501234567",
    "+380501234567",
    "+38 (050) 123-45-67",
    "0939876543",
    "+380939876543",
    "+48221234567",
    "4521",
    "*111#",
    "",
    "anonymous",
    "Unknown number",
]
SEVERAL_SPELLINGS = ["0501234567", "380501234567", "+380501234567", "+38 (050) 123-45-67"]
NAMES = [None, None, "", "Олена Петрівна", "Olena", "Іван", "ТОВ Ромашка"]
DEPARTMENTS = [None, None, "", "Продажі", "продажі", "Склад", "Бухгалтерія"]
DURATIONS = [0, 1, 29, 30, 59, 60, 179, 180, 599, 600, 1799, 1800, 7200]

# Kyiv's clock changes: 2024-10-27 04:00 EEST -> 03:00 EET, 2025-03-30 03:00 EET -> 04:00 EEST.
AUTUMN_CHANGE = int(datetime(2024, 10, 27, 1, tzinfo=UTC).timestamp())
SPRING_CHANGE = int(datetime(2025, 3, 30, 1, tzinfo=UTC).timestamp())
FIRST = int(datetime(2024, 10, 20, tzinfo=UTC).timestamp())
LAST = int(datetime(2025, 4, 6, tzinfo=UTC).timestamp())


def random_calls(count: int, seed: int) -> list[CallRecord]:
    """Calls in, out and between colleagues, many around the clock changes and midnights."""
    rng = random.Random(seed)
    calls: list[CallRecord] = []
    for _ in range(count):
        where = rng.random()
        if where < 0.2:
            start = AUTUMN_CHANGE + rng.randint(-3 * 3600, 3 * 3600)
        elif where < 0.4:
            start = SPRING_CHANGE + rng.randint(-3 * 3600, 3 * 3600)
        elif where < 0.5:
            # Around a Kyiv midnight (22:00 UTC in winter, 21:00 UTC in summer).
            day = rng.randrange(FIRST, LAST, 86400) // 86400 * 86400
            start = day + rng.choice((21, 22)) * 3600 + rng.randint(-900, 900)
        else:
            start = rng.randint(FIRST, LAST)
        kind = rng.random()
        if kind < 0.4:
            calling, called = rng.choice(OUTSIDERS), rng.choice(COMPANY)
        elif kind < 0.8:
            calling, called = rng.choice(COMPANY), rng.choice(OUTSIDERS)
        elif kind < 0.95:
            calling, called = rng.choice(COMPANY), rng.choice(COMPANY)
        else:
            calling, called = rng.choice(OUTSIDERS), rng.choice(OUTSIDERS)
        duration = rng.choice(DURATIONS) if rng.random() < 0.5 else rng.randint(0, 4000)
        if rng.random() < 0.3:
            duration = 0
        begin = datetime.fromtimestamp(start, KYIV)
        calls.append(
            CallRecord(
                start=begin,
                end=datetime.fromtimestamp(start + duration + rng.randint(0, 30), KYIV),
                calling_number=calling,
                called_number=called,
                duration=duration,
                calling_name=rng.choice(NAMES),
                called_name=rng.choice(NAMES),
                calling_department=rng.choice(DEPARTMENTS),
                called_department=rng.choice(DEPARTMENTS),
                extra={"calling_ownership": rng.choice(("company", "external"))}
                if rng.random() < 0.3
                else {},
            )
        )
    return calls


def history_of(
    calls: Sequence[CallRecord], own: Sequence[str] = OWN, batches: int = 3
) -> CallHistory:
    history = CallHistory(own_numbers=own, company_numbers=COLLEAGUES)
    step = max(1, -(-len(calls) // batches))
    for first in range(0, len(calls), step):
        history.extend(CallBatch.from_records(calls[first : first + step], first_id=first))
    return history


def reference(
    history: CallHistory,
    positions: Sequence[int] | np.ndarray,
    scope: Scope,
    *,
    top: int = 10,
    days: tuple[date, date] | None = None,
) -> InsightsData:
    """compute_insights over the same calls, seen from the numbers the history sees them from."""
    return compute_insights(
        history.records(positions),
        mine=sorted(history.own_numbers) if scope is Scope.MINE else (),
        company=sorted(history.company_numbers),
        top=top,
        days=days,
    )


def assert_same(history: CallHistory, positions: np.ndarray, scope: Scope, **kw: object) -> None:
    ours = insights_from_history(history, positions, scope=scope, **kw)  # type: ignore[arg-type]
    expected = reference(history, positions, scope, **kw)  # type: ignore[arg-type]
    for name in InsightsData.__dataclass_fields__:
        assert getattr(ours, name) == getattr(expected, name), name
    assert ours == expected


@pytest.fixture(scope="module")
def history() -> CallHistory:
    return history_of(random_calls(4000, seed=4))


def kyiv_epoch(year: int, month: int, day: int) -> int:
    return int(datetime(year, month, day, tzinfo=KYIV).timestamp())


FILTERS = [
    HistoryFilter(),
    HistoryFilter(direction=DirectionFilter.INCOMING),
    HistoryFilter(direction=DirectionFilter.OUTGOING, answered=AnsweredFilter.ANSWERED),
    HistoryFilter(direction=DirectionFilter.INTERNAL),
    HistoryFilter(answered=AnsweredFilter.UNANSWERED),
    HistoryFilter(text="олена"),
    HistoryFilter(text="050 123"),
    HistoryFilter(text="продажі"),
    HistoryFilter(start=kyiv_epoch(2024, 10, 26), end=kyiv_epoch(2024, 10, 29)),
    HistoryFilter(start=kyiv_epoch(2025, 3, 29), end=kyiv_epoch(2025, 3, 31), min_duration=30),
    HistoryFilter(text="nobody has this"),
]
SORTS: list[tuple[SortField, bool]] = [
    (HistoryField.TIME, True),
    (HistoryField.TIME, False),
    (HistoryField.DURATION, True),
    (HistoryField.OTHER_PARTY, False),
    (HistoryField.DEPARTMENT, True),
    ("calling_ownership", False),
]


@pytest.mark.parametrize("scope", list(Scope))
@pytest.mark.parametrize("flt", FILTERS, ids=range(len(FILTERS)))
def test_every_filter_gives_what_compute_insights_gives(
    history: CallHistory, scope: Scope, flt: HistoryFilter
) -> None:
    positions = history.select(replace(flt, scope=scope))
    assert_same(history, positions, scope)


@pytest.mark.parametrize(("field", "descending"), SORTS)
def test_the_order_of_the_calls_picks_the_same_names(
    history: CallHistory, field: SortField, descending: bool
) -> None:
    for scope in Scope:
        positions = history.select(HistoryFilter(scope=scope), field, descending)
        assert_same(history, positions, scope)


@pytest.mark.parametrize("top", [0, 1, 3, 10, 1000])
def test_top_lists_of_any_length(history: CallHistory, top: int) -> None:
    assert_same(history, history.select(HistoryFilter(scope=Scope.PBX)), Scope.PBX, top=top)


@pytest.mark.parametrize(
    "days",
    [
        (date(2024, 10, 1), date(2025, 4, 30)),  # quiet days on both sides
        (date(2024, 10, 26), date(2024, 10, 28)),  # calls outside still count elsewhere
        (date(2025, 3, 30), date(2025, 3, 30)),  # the 23-hour day alone
        (date(2030, 1, 1), date(2030, 1, 3)),  # no call in the period
    ],
)
def test_a_given_period_lists_its_days(history: CallHistory, days: tuple[date, date]) -> None:
    for scope in Scope:
        assert_same(history, history.select(HistoryFilter(scope=scope)), scope, days=days)


def test_a_period_that_ends_before_it_starts_is_refused(history: CallHistory) -> None:
    positions = history.select(HistoryFilter())
    backwards = (date(2025, 1, 2), date(2025, 1, 1))
    with pytest.raises(ValueError, match="period"):
        insights_from_history(history, positions, scope=Scope.MINE, days=backwards)
    with pytest.raises(ValueError, match="period"):
        insights_from_history(history, positions[:0], scope=Scope.MINE, days=backwards)


def test_no_calls(history: CallHistory) -> None:
    none = np.empty(0, dtype=np.int32)
    assert insights_from_history(history, none, scope=Scope.MINE) == InsightsData.empty()
    period = (date(2025, 1, 1), date(2025, 1, 7))
    assert_same(history, none, Scope.PBX, days=period)
    assert insights_from_history(CallHistory(), none, scope=Scope.PBX) == InsightsData.empty()


def test_any_subset_in_any_order_even_with_repeats(history: CallHistory) -> None:
    rng = np.random.default_rng(5)
    every = np.arange(len(history), dtype=np.int32)
    shuffled = rng.permutation(every)  # every call: read straight from the columns
    assert_same(history, shuffled, Scope.PBX)
    assert_same(history, shuffled[::-1].copy(), Scope.MINE)
    repeats = shuffled.copy()
    repeats[:100] = repeats[100]  # as many positions as calls, but not every call
    assert_same(history, repeats, Scope.PBX)
    assert_same(history, rng.choice(every, 700), Scope.MINE)


def test_a_history_that_grows_and_changes_its_numbers() -> None:
    calls = random_calls(3000, seed=11)
    history = CallHistory(own_numbers=OWN, company_numbers=COLLEAGUES)
    for first in range(0, len(calls), 1000):
        history.extend(CallBatch.from_records(calls[first : first + 1000], first_id=first))
        for scope in Scope:
            assert_same(history, history.select(HistoryFilter(scope=scope)), scope)
    history.set_numbers(["0672222222"], COMPANY)
    for scope in Scope:
        assert_same(history, history.select(HistoryFilter(scope=scope)), scope)


def test_without_own_numbers_my_calls_are_the_companys() -> None:
    history = history_of(random_calls(1500, seed=12), own=())
    for scope in Scope:
        assert_same(history, history.select(HistoryFilter(scope=scope)), scope)


def test_prepared_in_slices_then_the_same_figures() -> None:
    history = history_of(random_calls(2500, seed=13), batches=1)
    slices = 0
    while not prepare_insights(history, max_calls=300, max_parties=7):
        slices += 1
    assert slices > 5
    assert prepare_insights(history)
    assert_same(history, history.select(HistoryFilter(scope=Scope.PBX)), Scope.PBX)


def name_call(start: int, calling: str, called: str, name: str | None) -> CallRecord:
    return CallRecord(
        datetime.fromtimestamp(start, KYIV),
        datetime.fromtimestamp(start + 60, KYIV),
        calling,
        called,
        60,
        calling_name=name,
    )


def test_a_number_known_by_several_names_takes_the_one_compute_insights_takes() -> None:
    # Spellings first seen in this order: 050…, then +380…, then 380…; the last name each
    # spelling gave is what counts, and the last spelling with a name wins.
    t = FIRST
    calls = [
        name_call(t, "0501234567", OWN[0], "Олена"),
        name_call(t + 60, "+380501234567", OWN[0], "Olena P."),
        name_call(t + 120, "0501234567", OWN[0], "Олена Петрівна"),
        name_call(t + 180, "380501234567", OWN[0], None),
        name_call(t + 240, "+380501234567", OWN[0], ""),
        name_call(t + 300, "0939876543", OWN[0], "Іван"),
        name_call(t + 360, "0939876543", OWN[0], "Іван Іванович"),
        name_call(t + 420, OWN[1], "0939876543", None),
    ]
    history = history_of(calls, batches=2)
    for field, descending in SORTS[:-1]:  # these calls have no extra fields
        positions = history.select(HistoryFilter(scope=Scope.PBX), field, descending)
        assert_same(history, positions, Scope.PBX)
    every = np.arange(len(calls), dtype=np.int32)
    rng = np.random.default_rng(1)
    for _ in range(20):
        assert_same(history, rng.permutation(every), Scope.MINE)
    top = insights_from_history(history, every, scope=Scope.MINE).top_calling
    assert [(p.number, p.name) for p in top] == [
        ("+380501234567", "Olena P."),
        ("+380939876543", "Іван Іванович"),
    ]


calls_strategy = st.lists(
    st.builds(
        lambda start, duration, calling, called, names, departments: CallRecord(
            datetime.fromtimestamp(start, KYIV),
            datetime.fromtimestamp(start + max(duration, 0), KYIV),
            calling,
            called,
            duration,
            calling_name=names[0],
            called_name=names[1],
            calling_department=departments[0],
            called_department=departments[1],
        ),
        st.one_of(
            st.integers(AUTUMN_CHANGE - 7200, AUTUMN_CHANGE + 7200),
            st.integers(SPRING_CHANGE - 7200, SPRING_CHANGE + 7200),
            st.integers(FIRST, LAST),
        ),
        st.one_of(st.sampled_from(DURATIONS), st.integers(-5, 10_000)),
        st.sampled_from(COMPANY + OUTSIDERS),
        st.sampled_from(COMPANY + OUTSIDERS),
        st.tuples(st.sampled_from(NAMES), st.sampled_from(NAMES)),
        st.tuples(st.sampled_from(DEPARTMENTS), st.sampled_from(DEPARTMENTS)),
    ),
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(calls=calls_strategy, top=st.integers(0, 4), seed=st.integers(0, 2**16))
def test_any_few_calls(calls: list[CallRecord], top: int, seed: int) -> None:
    history = history_of(calls, batches=2)
    rng = np.random.default_rng(seed)
    positions = rng.permutation(len(history)).astype(np.int32)[: rng.integers(0, len(history) + 1)]
    for scope in Scope:
        assert_same(history, positions, scope, top=top)


def test_kyiv_hours_agree_with_zoneinfo_around_every_change_of_a_decade() -> None:
    epochs: list[int] = []
    for year in range(2019, 2031):
        for month, day in ((3, 25), (10, 25)):
            # The changes fall on the last Sundays of March and October, 01:00 UTC.
            base = int(datetime(year, month, day, tzinfo=UTC).timestamp())
            epochs += range(base, base + 8 * 86400, 599)
    rng = np.random.default_rng(3)
    epochs += rng.integers(0, 2**31, 5000).tolist()
    epochs += [0, -1, -86400 * 365]
    hours = kyiv_hours(np.array(epochs, dtype=np.int64))
    for epoch, hour in zip(epochs, hours.tolist(), strict=True):
        local = datetime.fromtimestamp(epoch, KYIV)
        assert (hour // 24, hour % 24) == ((local.date() - date(1970, 1, 1)).days, local.hour)


def test_the_days_of_the_clock_changes_have_23_and_25_hours() -> None:
    spring_day = kyiv_epoch(2025, 3, 30)
    autumn_day = kyiv_epoch(2024, 10, 27)
    starts = [spring_day + h * 3600 for h in range(23)] + [autumn_day + h * 3600 for h in range(25)]
    hours = kyiv_hours(np.array(starts, dtype=np.int64))
    spring, autumn = hours[:23] % 24, hours[23:] % 24
    assert sorted(set(spring.tolist())) == [h for h in range(24) if h != 3]
    assert autumn.tolist().count(3) == 2
    assert len(set((hours[:23] // 24).tolist())) == len(set((hours[23:] // 24).tolist())) == 1
    calls = [name_call(s, OWN[0], "0501234567", None) for s in starts]
    history = history_of(calls)
    data = insights_from_history(history, np.arange(len(calls)), scope=Scope.MINE)
    assert [(d.day, d.total) for d in data.per_day] == [
        (date(2024, 10, 27), 25),
        *[(date(2024, 10, 27) + timedelta(days=i), 0) for i in range(1, 154)],
        (date(2025, 3, 30), 23),
    ]
    assert_same(history, np.arange(len(calls)), Scope.MINE)


def test_calls_centuries_apart_and_before_kyiv_had_whole_hour_offsets() -> None:
    # Before 1924 Kyiv kept its local mean time, UTC+2:02:04; centuries of days between calls
    # get counters for the busy days only.
    starts = [
        int(datetime(1700, 6, 1, 21, 58, tzinfo=UTC).timestamp()),
        int(datetime(1700, 6, 1, 21, 57, tzinfo=UTC).timestamp()),
        int(datetime(1900, 1, 1, 12, tzinfo=UTC).timestamp()),
        AUTUMN_CHANGE,
        SPRING_CHANGE - 1,
    ]
    calls = [name_call(s, "0501234567", OWN[0], "Олена") for s in starts]
    history = history_of(calls)
    assert kyiv_hours(np.array(starts[:2], dtype=np.int64)).tolist() == [
        (date(1700, 6, 2) - date(1970, 1, 1)).days * 24,
        (date(1700, 6, 1) - date(1970, 1, 1)).days * 24 + 23,
    ]
    every = np.arange(len(calls), dtype=np.int32)
    assert_same(history, every, Scope.MINE, days=(date(2024, 10, 1), date(2025, 4, 1)))
    assert_same(history, every[:3], Scope.PBX)


def test_names_of_spellings_met_only_far_from_either_end() -> None:
    # Many calls between a spelling's first call and the last named one: the scans for them
    # go past their first slices.
    t = FIRST
    filler = [name_call(t + 10 + i, OWN[1], COLLEAGUES[i % 3], None) for i in range(20_000)]
    calls = [
        name_call(t, "+380501234567", OWN[0], "Olena P."),
        name_call(t + 1, "0501234567", OWN[0], None),
        *filler,
        name_call(t + 30_000, "0501234567", OWN[0], "Олена"),
        name_call(t + 30_001, "380501234567", OWN[0], None),
        name_call(t + 30_002, "0939876543", OWN[0], "Іван"),
        name_call(t + 30_003, "0939876543", OWN[0], "Іван Іванович"),
    ]
    history = history_of(calls, batches=2)
    for scope in Scope:
        for descending in (False, True):
            positions = history.select(HistoryFilter(scope=scope), HistoryField.TIME, descending)
            assert_same(history, positions, scope)
    every = np.arange(len(calls), dtype=np.int32)
    names = {
        p.number: p.name
        for p in insights_from_history(history, every, scope=Scope.MINE).top_calling
    }
    assert names["+380501234567"] == "Олена"
    names = {
        p.number: p.name
        for p in insights_from_history(history, every[::-1], scope=Scope.MINE).top_calling
    }
    assert names["+380501234567"] == "Olena P."
