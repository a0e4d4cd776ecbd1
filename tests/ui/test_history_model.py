"""The call history table: the column store and the model over it, against brute force.

Every filter and sort is compared with a plain Python answer over the same records, written here
independently of the store, so the vectorised code is checked against what a reader expects.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # belongs in tests/conftest.py

import functools
import html
import json
import random
import re
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
import pytest
from PySide6.QtCore import QLocale, QModelIndex, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QHeaderView, QTableView
from pytestqt.qtbot import QtBot

from fmc_desktop.core.api.kyiv import KYIV, from_utc
from fmc_desktop.core.api.records import CallRecord, ExtraValue
from fmc_desktop.core.history.batch import CallBatch, CallRow
from fmc_desktop.core.history.columns import CallHistory
from fmc_desktop.core.history.filters import (
    AnsweredFilter,
    Direction,
    DirectionFilter,
    HistoryField,
    HistoryFilter,
    Scope,
)
from fmc_desktop.core.history.text import collation_key, format_duration
from fmc_desktop.core.numbers.phone import canonical
from fmc_desktop.core.search.matching import (
    Term,
    number_pieces,
    query_terms,
    text_pieces,
    written_piece,
)
from fmc_desktop.ui.history.model import (
    FIXED_COLUMNS,
    Column,
    HistoryModel,
    Role,
    _missed_color,
    direction_icon,
)

if TYPE_CHECKING:  # importing it needs pytest-qt's plugin to have chosen the Qt binding
    from pytestqt.modeltest import ModelTester

# The user's two numbers, each written in several ways across the records.
MY_NUMBERS = ("0671112233", "+380 67 111 22 44")
MY_SPELLINGS = ("0671112233", "380671112233", "+380671112233", "+380671112244", "0671112244")
COLLEAGUES = (
    ("0501234567", "Олена Петренко", "Продажі"),
    ("380631112233", "Ivan Koval", "Support"),
    ("0442223344", "Ґанна Їжакевич", "Бухгалтерія"),
    ("0935556677", "Мар'яна Бойко", "Продажі"),
)
COMPANY_NUMBERS = (*MY_NUMBERS, *(c[0] for c in COLLEAGUES))
OUTSIDERS: tuple[tuple[str, str | None], ...] = (
    ("0679998877", "Olena Smith"),
    ("+380931234567", None),
    ("380501119900", "Андрій Шевчук"),
    ("0445551122", None),
    ("+48221234567", "Jan Kowalski"),
    ("101", None),  # a short service number
    ("0661230000", "Марʼяна Левченко"),  # the modifier-letter apostrophe
)
EXTRAS: tuple[dict[str, ExtraValue], ...] = (
    {},
    {"calling_ownership": "true", "called_ownership": "false"},
    {"calling_ownership": "false", "called_ownership": "true", "cost": 1.5},
    {"cost": 12},
)
# The autumn hour that happens twice in Kyiv in 2026: 03:00-04:00 on 25 October.
FIRST_0330 = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 03:30 EEST
SECOND_0330 = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 03:30 EET


def make_records(count: int, seed: int = 4) -> list[CallRecord]:
    """Calls of every kind: mine, colleagues', unanswered, long, tied, in the repeated hour."""
    rng = random.Random(seed)
    base = datetime(2026, 11, 1, 6, 0, tzinfo=UTC)
    records: list[CallRecord] = []
    for i in range(count):
        if i % 17 == 0:
            start = FIRST_0330 if i % 2 else SECOND_0330
        elif i % 11 == 0 and records:
            start = records[-1].start_utc  # ties: same start as the previous call
        else:
            start = base + timedelta(seconds=rng.randrange(20 * 86400))
        answered = rng.random() > 0.3
        duration = rng.choice((5, 42, 42, 600, 3725)) if answered else 0
        mine = (rng.choice(MY_SPELLINGS), "Я Сам" if rng.random() < 0.5 else None, "Керівництво")
        colleague = rng.choice(COLLEAGUES)
        outsider = (*rng.choice(OUTSIDERS), None)
        kind = rng.randrange(7)
        pairs = {
            0: (mine, outsider),  # I call out
            1: (outsider, mine),  # someone calls me
            2: (mine, colleague),  # I call a colleague
            3: (colleague, mine),
            4: (colleague, outsider),  # not my call at all
            5: (outsider, colleague),
            6: (mine, ("+380671112244", None, None)),  # from one of my phones to the other
        }
        (a_number, a_name, a_dept), (b_number, b_name, b_dept) = pairs[kind]
        records.append(
            CallRecord(
                start=start.astimezone(KYIV),
                end=(start + timedelta(seconds=duration + rng.choice((0, 1)))).astimezone(KYIV),
                calling_number=a_number,
                called_number=b_number,
                duration=duration,
                calling_name=a_name,
                called_name=b_name,
                calling_department=a_dept,
                called_department=b_dept,
                extra=MappingProxyType(dict(rng.choice(EXTRAS))),
            )
        )
    return records


def rows_of(records: Sequence[CallRecord], first_id: int = 0) -> list[CallRow]:
    """The archive's row tuples for `records`."""
    return [
        (
            first_id + i,
            int(r.start_utc.timestamp()),
            int(r.end.timestamp()),
            r.duration,
            r.calling_number,
            r.called_number,
            r.calling_name,
            r.called_name,
            r.calling_department,
            r.called_department,
            json.dumps(dict(r.extra)) if r.extra else None,
        )
        for i, r in enumerate(records)
    ]


# ---------------------------------------------------------------------- the reference answers


@functools.cache
def ref_canonical(number: str) -> str:
    return canonical(number)


def ref_direction(record: CallRecord, numbers: frozenset[str]) -> Direction:
    ours_calling = ref_canonical(record.calling_number) in numbers
    ours_called = ref_canonical(record.called_number) in numbers
    if ours_calling and ours_called:
        return Direction.INTERNAL
    if ours_calling:
        return Direction.OUTGOING
    if ours_called:
        return Direction.INCOMING
    return Direction.OTHER


@functools.cache
def ref_perspective(scope: Scope) -> frozenset[str]:
    mine = frozenset(canonical(n) for n in MY_NUMBERS)
    if scope is Scope.MINE:
        return mine
    return mine | frozenset(canonical(n) for n in COMPANY_NUMBERS)


def ref_number_pieces(records: Sequence[CallRecord]) -> dict[str, list[str]]:
    """Per number (canonical), every piece of search text any call of the set gives it.

    Search is per number, as in the archive: a name given with a number in one call finds
    every call of that number.
    """
    pieces: dict[str, list[str]] = {}
    for record in records:
        sides = (
            (record.calling_number, record.calling_name, record.calling_department),
            (record.called_number, record.called_name, record.called_department),
        )
        for number, name, department in sides:
            key = canonical(number)
            bucket = pieces.setdefault(key, list(number_pieces(key)))
            bucket.append(written_piece(number))
            for text in (name, department):
                if text:
                    bucket.extend(text_pieces(text))
    return pieces


def ref_term_found(term: Term, pieces: list[str]) -> bool:
    return any(a in piece for a in term.alternatives for piece in pieces)


def ref_matches(
    record: CallRecord, flt: HistoryFilter, pieces: dict[str, list[str]] | None = None
) -> bool:
    direction = ref_direction(record, ref_perspective(flt.scope))
    start = int(record.start_utc.timestamp())
    sides = [record.calling_number, record.called_number]
    if pieces is None:
        pieces = ref_number_pieces([record])
    checks = [
        flt.scope is Scope.PBX or direction is not Direction.OTHER,
        flt.direction is DirectionFilter.ALL or flt.direction.value == direction.value,
        flt.answered is AnsweredFilter.ALL
        or (flt.answered is AnsweredFilter.ANSWERED) == (record.duration > 0),
        flt.start is None or start >= flt.start,
        flt.end is None or start < flt.end,
        record.duration >= flt.min_duration,
        all(
            any(ref_term_found(term, pieces[canonical(n)]) for n in sides)
            for term in query_terms(flt.text)
        ),
    ]
    return all(checks)


def ref_sides(record: CallRecord, scope: Scope) -> tuple[tuple[str, str | None, str | None], ...]:
    """(our subscriber, the other party) as (number, name, department)."""
    calling = (record.calling_number, record.calling_name, record.calling_department)
    called = (record.called_number, record.called_name, record.called_department)
    if ref_direction(record, ref_perspective(scope)) is Direction.INCOMING:
        return called, calling
    return calling, called


@functools.cache
def ref_shown(party: tuple[str, str | None, str | None]) -> str:
    from fmc_desktop.core.numbers.phone import display_number

    return party[1] or display_number(party[0])


def ref_sort_key(record: CallRecord, column: int, scope: Scope, extras: list[str]) -> Any:
    direction = ref_direction(record, ref_perspective(scope))
    if column == Column.DIRECTION:
        missed = direction is Direction.INCOMING and record.duration == 0
        return 4 if missed else int(direction)
    if column == Column.TIME:
        return record.start_utc
    if column == Column.DURATION:
        return record.duration
    ours, other = ref_sides(record, scope)
    if column == Column.OTHER_PARTY:
        return collation_key(ref_shown(other))
    if column == Column.SUBSCRIBER:
        return collation_key(ref_shown(ours))
    if column == Column.DEPARTMENT:  # the other party's in My calls, ours in the whole PBX
        return collation_key((other if scope is Scope.MINE else ours)[2] or "")
    value = record.extra.get(extras[column - FIXED_COLUMNS])
    if value is None:
        return (0, 0.0, "")
    if isinstance(value, int | float):
        return (1, float(value), "")
    return (2, 0.0, collation_key(str(value)))


def ref_rows(
    records: Sequence[CallRecord],
    flt: HistoryFilter,
    column: int = Column.TIME,
    descending: bool = True,
    extras: list[str] | None = None,
) -> list[int]:
    """Positions of the records `flt` lets through, ordered by (column, start, position)."""
    pieces = ref_number_pieces(records)
    chosen = [i for i, r in enumerate(records) if ref_matches(r, flt, pieces)]

    def key(i: int) -> tuple[Any, datetime, int]:
        record = records[i]
        return (ref_sort_key(record, column, flt.scope, extras or []), record.start_utc, i)

    return sorted(chosen, key=key, reverse=descending)


# ----------------------------------------------------------------------------------- fixtures

RECORDS = make_records(360)


def model_rows(model: HistoryModel) -> list[int]:
    return [int(model.data(model.index(r, 0), Role.CALL_INDEX)) for r in range(model.rowCount())]


@pytest.fixture
def model(qapp: QApplication) -> Iterator[HistoryModel]:
    history = CallHistory(MY_NUMBERS, COMPANY_NUMBERS)
    history.extend(CallBatch.from_records(RECORDS))
    model = HistoryModel(history)
    model.set_locale(QLocale("uk_UA"))
    yield model
    model.deleteLater()


def checked(qtmodeltester: ModelTester, model: HistoryModel) -> HistoryModel:
    """Qt's own model tester, kept attached: it checks every later change as it happens.

    Its findings arrive as Qt warnings (category qt.modeltest), which pytest-qt turns into a
    failure; `assert_no_model_warnings` also catches any other warning the updates caused.
    """
    qtmodeltester.check(model)
    return model


def assert_no_model_warnings(qtlog: Any) -> None:
    problems = [
        r.message for r in qtlog.records if r.type_name in ("QtWarningMsg", "QtCriticalMsg")
    ]
    assert not problems, problems


# ------------------------------------------------------------------------------------- tests


def test_qt_model_tester_after_filling_and_every_kind_of_update(
    model: HistoryModel, qtmodeltester: ModelTester, qtlog: Any
) -> None:
    checked(qtmodeltester, model)
    model.set_filter(HistoryFilter(text="олена"))
    model.sort(Column.DURATION, Qt.SortOrder.AscendingOrder)
    model.set_filter(HistoryFilter(scope=Scope.PBX, answered=AnsweredFilter.UNANSWERED))
    model.sort(FIXED_COLUMNS, Qt.SortOrder.DescendingOrder)  # an extra field's column
    model.append_calls(CallBatch.from_records(make_records(40, seed=9), first_id=1000))
    model.append_calls(CallBatch.from_rows([_row_with_extra(5000, "queue", "sales")]))
    model.set_numbers(["0501234567"], COMPANY_NUMBERS)
    model.set_time_zone("local")
    model.set_filter(HistoryFilter(text="zzzz-nothing"))
    assert model.rowCount() == 0
    model.set_filter(HistoryFilter())
    reloaded = CallHistory(MY_NUMBERS, COMPANY_NUMBERS)
    reloaded.extend(CallBatch.from_records(RECORDS[:30]))
    model.set_history(reloaded)
    assert model.rowCount() == len(ref_rows(RECORDS[:30], HistoryFilter()))
    assert model.extra_columns == reloaded.extra_fields
    assert_no_model_warnings(qtlog)


def test_python_model_tester_checks_layout_changes_keep_persistent_indexes(
    qapp: QApplication, qtmodeltester: ModelTester
) -> None:
    # pytest-qt's own tester re-reads the whole model on every signal: a small one will do.
    model = HistoryModel(CallHistory(MY_NUMBERS, COMPANY_NUMBERS))
    model.append_calls(CallBatch.from_records(RECORDS[:80]))
    qtmodeltester.check(model, force_py=True)
    model.sort(Column.OTHER_PARTY, Qt.SortOrder.AscendingOrder)
    model.set_filter(HistoryFilter(text="067"))
    model.set_filter(HistoryFilter(scope=Scope.PBX))
    model.append_calls(CallBatch.from_records(make_records(30, seed=3), first_id=500))


def test_an_empty_history_is_a_valid_empty_table(
    qapp: QApplication, qtmodeltester: ModelTester, qtlog: Any
) -> None:
    model = checked(qtmodeltester, HistoryModel(CallHistory(MY_NUMBERS, COMPANY_NUMBERS)))
    assert (model.rowCount(), model.columnCount()) == (0, FIXED_COLUMNS)
    model.set_filter(HistoryFilter(text="0"))
    model.append_calls(CallBatch.from_records(RECORDS[:10]))
    assert model.rowCount() == len(ref_rows(RECORDS[:10], HistoryFilter(text="0"))) > 0
    assert_no_model_warnings(qtlog)


FILTERS = [
    HistoryFilter(),
    HistoryFilter(scope=Scope.PBX),
    HistoryFilter(direction=DirectionFilter.INCOMING),
    HistoryFilter(direction=DirectionFilter.OUTGOING, scope=Scope.PBX),
    HistoryFilter(direction=DirectionFilter.INTERNAL, scope=Scope.PBX),
    HistoryFilter(direction=DirectionFilter.INTERNAL),
    HistoryFilter(answered=AnsweredFilter.UNANSWERED),
    HistoryFilter(answered=AnsweredFilter.ANSWERED, min_duration=600, scope=Scope.PBX),
    HistoryFilter(
        start=int(datetime(2026, 11, 5, tzinfo=UTC).timestamp()),
        end=int(datetime(2026, 11, 12, tzinfo=UTC).timestamp()),
    ),
    HistoryFilter(start=int(SECOND_0330.timestamp()), end=int(SECOND_0330.timestamp()) + 1),
    HistoryFilter(text="олена"),
    HistoryFilter(text="ОЛЕНА", scope=Scope.PBX),
    HistoryFilter(text="olena", scope=Scope.PBX),  # Olena Smith, and Олена in Latin letters
    HistoryFilter(text="mariana bojko", scope=Scope.PBX),  # Бойко by sound: Polish-style j
    HistoryFilter(text="mariana boiko", scope=Scope.PBX),
    HistoryFilter(text="ґанна", scope=Scope.PBX),
    HistoryFilter(text="Мар’яна", scope=Scope.PBX),  # finds ' and ʼ spellings alike
    HistoryFilter(text="продажі"),
    HistoryFilter(text="067 111 22 33"),
    HistoryFilter(text="+380 67 111"),
    HistoryFilter(text="380501119900", scope=Scope.PBX),
    HistoryFilter(text="0501119900", scope=Scope.PBX),
    HistoryFilter(text="(093) 123-45", scope=Scope.PBX),
    HistoryFilter(text="101", scope=Scope.PBX),
    HistoryFilter(text="support ivan", scope=Scope.PBX),
    HistoryFilter(text="ivan 0671112233"),
    HistoryFilter(text="1.5", scope=Scope.PBX),  # digits 15; extra fields are not searched
    HistoryFilter(text="nobody-at-all"),
    HistoryFilter(text="   "),
    HistoryFilter(
        text="продажі",
        scope=Scope.PBX,
        direction=DirectionFilter.INCOMING,
        answered=AnsweredFilter.ANSWERED,
        min_duration=42,
    ),
]


@pytest.mark.parametrize("flt", FILTERS, ids=repr)
def test_filters_select_exactly_the_calls_brute_force_selects(
    model: HistoryModel, flt: HistoryFilter
) -> None:
    model.set_filter(flt)
    assert model_rows(model) == ref_rows(RECORDS, flt)


def test_every_filter_was_tested_on_a_non_trivial_answer() -> None:
    sizes = [len(ref_rows(RECORDS, flt)) for flt in FILTERS]
    # Apart from the whole PBX unfiltered and the two searches meant to find nothing, each
    # filter keeps some calls and drops some.
    assert sum(0 < size < len(RECORDS) for size in sizes) == len(FILTERS) - 3


@pytest.mark.parametrize("scope", list(Scope))
@pytest.mark.parametrize("descending", [False, True])
def test_sort_by_every_column_matches_brute_force_and_is_stable(
    model: HistoryModel, scope: Scope, descending: bool
) -> None:
    model.set_filter(HistoryFilter(scope=scope))
    order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
    extras = model.extra_columns
    assert extras  # the records carry extra fields: their columns sort too
    for column in range(model.columnCount()):
        model.sort(column, order)
        expected = ref_rows(RECORDS, HistoryFilter(scope=scope), column, descending, extras)
        assert model_rows(model) == expected, f"column {column}"


def test_sort_then_filter_then_append_keeps_the_order(model: HistoryModel) -> None:
    model.sort(Column.DURATION, Qt.SortOrder.AscendingOrder)
    model.set_filter(HistoryFilter(text="олена"))
    more = make_records(50, seed=11)
    model.append_calls(CallBatch.from_records(more, first_id=len(RECORDS)))
    everything = RECORDS + more
    assert model_rows(model) == ref_rows(
        everything, HistoryFilter(text="олена"), Column.DURATION, descending=False
    )


def test_ukrainian_names_sort_in_alphabetical_order() -> None:
    names = ["Яна", "Іван", "Євген", "Ґанна", "Гліб", "Їжак", "Андрій", "иван", "Zoe", "adam"]
    assert sorted(names, key=collation_key) == [
        "adam",
        "Zoe",
        "Андрій",
        "Гліб",
        "Ґанна",
        "Євген",
        "иван",
        "Іван",
        "Їжак",
        "Яна",
    ]


def test_direction_seen_from_my_numbers_and_from_the_whole_pbx(model: HistoryModel) -> None:
    me, other_me = "0671112233", "+380671112244"
    colleague, outsider = "0501234567", "0679998877"
    cases = [
        # (calling, called, duration, my view, PBX view)
        (me, outsider, 10, Direction.OUTGOING, Direction.OUTGOING),
        (outsider, "380671112233", 0, Direction.INCOMING, Direction.INCOMING),
        (me, colleague, 10, Direction.OUTGOING, Direction.INTERNAL),
        (colleague, me, 10, Direction.INCOMING, Direction.INTERNAL),
        (colleague, outsider, 10, None, Direction.OUTGOING),  # not my call
        (me, other_me, 10, Direction.INTERNAL, Direction.INTERNAL),
    ]
    start = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    records = [
        CallRecord(
            start=(start + timedelta(minutes=i)).astimezone(KYIV),
            end=(start + timedelta(minutes=i, seconds=d)).astimezone(KYIV),
            calling_number=a,
            called_number=b,
            duration=d,
        )
        for i, (a, b, d, _, _) in enumerate(cases)
    ]
    small = HistoryModel(CallHistory(MY_NUMBERS, COMPANY_NUMBERS))
    small.append_calls(CallBatch.from_records(records))
    small.sort(Column.TIME, Qt.SortOrder.AscendingOrder)
    mine = [(a, b, d, want) for a, b, d, want, _ in cases if want is not None]
    assert [small.data(small.index(r, 0), Role.DIRECTION) for r in range(small.rowCount())] == [
        want for *_, want in mine
    ]
    missed = [small.data(small.index(r, 0), Role.MISSED) for r in range(small.rowCount())]
    assert missed == [False, True, False, False, False]
    # The other party is whoever is not us: the caller on incoming calls.
    assert small.data(small.index(1, 0), Role.OTHER_NUMBER) == outsider
    assert small.data(small.index(0, 0), Role.OTHER_NUMBER) == outsider
    small.set_filter(HistoryFilter(scope=Scope.PBX))
    assert [small.data(small.index(r, 0), Role.DIRECTION) for r in range(small.rowCount())] == [
        pbx for *_, pbx in cases
    ]
    assert small.data(small.index(4, Column.SUBSCRIBER)) == "050 123 45 67"


def test_without_own_numbers_my_calls_are_the_whole_pbx(qapp: QApplication) -> None:
    model = HistoryModel(CallHistory((), COMPANY_NUMBERS))
    model.append_calls(CallBatch.from_records(RECORDS))
    everything = model.rowCount()
    model.set_filter(HistoryFilter(scope=Scope.PBX))
    assert model.rowCount() == everything == len(RECORDS)


def test_cells_show_time_in_kyiv_or_local_time_duration_and_names(model: HistoryModel) -> None:
    model.sort(Column.TIME, Qt.SortOrder.AscendingOrder)
    for row in range(model.rowCount()):
        record = model.record(row)
        kyiv = record.start_utc.astimezone(KYIV)
        assert model.data(model.index(row, Column.TIME)) == kyiv.strftime("%d.%m.%Y %H:%M")
        assert model.data(model.index(row, Column.DURATION)) == format_duration(record.duration)
        other = model.data(model.index(row, Column.OTHER_PARTY))
        assert (
            other in (record.calling_name, record.called_name)
            or other[0].isdigit()
            or (other.startswith("+"))
        )
    model.set_time_zone("local")
    record = model.record(0)
    local = datetime.fromtimestamp(record.start_utc.timestamp())
    assert model.data(model.index(0, Column.TIME)) == local.strftime("%d.%m.%Y %H:%M")
    with pytest.raises(ValueError, match="kyiv"):
        model.set_time_zone("Europe/Kyiv")  # type: ignore[arg-type]


def test_durations_read_as_minutes_and_hours() -> None:
    assert [format_duration(s) for s in (0, 5, 42, 600, 3599, 3600, 3725, 90061)] == [
        "0:00",
        "0:05",
        "0:42",
        "10:00",
        "59:59",
        "1:00:00",
        "1:02:05",
        "25:01:01",
    ]


def test_both_readings_of_the_repeated_autumn_hour_stay_apart(model: HistoryModel) -> None:
    model.set_filter(HistoryFilter(scope=Scope.PBX))
    model.sort(Column.TIME, Qt.SortOrder.AscendingOrder)
    starts = [model.record(r).start_utc for r in range(model.rowCount())]
    assert starts == sorted(starts)
    assert FIRST_0330 in starts
    assert SECOND_0330 in starts
    times = {
        model.data(model.index(starts.index(t), Column.TIME)) for t in (FIRST_0330, SECOND_0330)
    }
    assert times == {"25.10.2026 03:30"}  # the same wall time, twice, in its real order


def test_every_record_comes_back_whole(model: HistoryModel) -> None:
    model.set_filter(HistoryFilter(scope=Scope.PBX))
    for row in range(model.rowCount()):
        index = model.data(model.index(row, 0), Role.CALL_INDEX)
        record = model.data(model.index(row, 0), Role.RECORD)
        assert record == RECORDS[index]
        assert record.start.fold == RECORDS[index].start.fold
        assert model.data(model.index(row, 0), Role.CALL_ID) == index
        assert model.data(model.index(row, 0), Role.ANSWERED) is (record.duration > 0)


def test_rows_from_the_archive_make_the_same_history_as_records() -> None:
    from_rows = CallHistory(MY_NUMBERS, COMPANY_NUMBERS)
    from_rows.extend(CallBatch.from_rows(rows_of(RECORDS, first_id=100)))
    from_records = CallHistory(MY_NUMBERS, COMPANY_NUMBERS)
    from_records.extend(CallBatch.from_records(RECORDS))
    assert [from_rows.record(i) for i in range(len(RECORDS))] == RECORDS
    assert [from_rows.call_id(i) for i in range(3)] == [100, 101, 102]
    for flt in FILTERS[:12]:
        assert np.array_equal(from_rows.select(flt), from_records.select(flt))
    assert from_rows.extra_fields == from_records.extra_fields


def test_rows_with_broken_extras_keep_the_text() -> None:
    rows: list[CallRow] = [
        (1, 1_795_000_000, 1_795_000_010, 10, "0671112233", "101", None, None, None, None, "{bad"),
        (2, 1_795_000_100, 1_795_000_100, 0, "101", "0671112233", None, None, None, None, "[1]"),
        (3, 1_795_000_200, 1_795_000_200, 0, "101", "0671112233", None, None, None, None, ""),
    ]
    history = CallHistory(MY_NUMBERS)
    history.extend(CallBatch.from_rows(rows))
    assert history.record(0).extra == {"extra": "{bad"}
    assert history.record(1).extra == {"extra": "[1]"}
    assert history.record(2).extra == {}
    with pytest.raises(ValueError, match="11 fields"):
        CallBatch.from_rows([(1, 2, 3)])  # type: ignore[list-item]


def test_extra_fields_get_columns_named_after_them(model: HistoryModel, qtbot: QtBot) -> None:
    assert model.extra_columns == ["calling_ownership", "called_ownership", "cost"]
    names = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert names[FIXED_COLUMNS:] == model.extra_columns
    # The direction column shows icons: its title is in the tooltip and for screen readers.
    assert names[0] == ""
    tooltip = Qt.ItemDataRole.ToolTipRole
    assert model.headerData(0, Qt.Orientation.Horizontal, tooltip) == "Direction"
    assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.AccessibleTextRole) == (
        "Direction"
    )
    names[0] = model.headerData(0, Qt.Orientation.Horizontal, tooltip)
    assert names[: len(Column)] == [
        "Direction",
        "Date and time",
        "Duration",
        "Other party",
        "Our subscriber",
        "Department",
    ]
    with qtbot.waitSignal(model.columnsInserted) as inserted:
        model.append_calls(CallBatch.from_rows([_row_with_extra(9000, "queue", "sales")]))
    assert inserted.args[1:] == [FIXED_COLUMNS + 3, FIXED_COLUMNS + 3]
    row = model.row_of_call(len(RECORDS))
    assert model.data(model.index(row, FIXED_COLUMNS + 3)) == "sales"
    cost_row = next(r for r in range(model.rowCount()) if model.record(r).extra.get("cost") == 12)
    assert model.data(model.index(cost_row, FIXED_COLUMNS + 2)) == "12"


def test_tooltips_show_every_field_of_the_record(model: HistoryModel) -> None:
    model.set_filter(HistoryFilter(scope=Scope.PBX))
    for row in range(0, model.rowCount(), 7):
        record = model.record(row)
        tip = model.data(model.index(row, Column.OTHER_PARTY), Qt.ItemDataRole.ToolTipRole)
        text = html.unescape(re.sub(r"<[^>]+>", "", tip))
        values = [record.calling_number, record.called_number, f"{record.duration} s"]
        values += [v for v in (record.calling_name, record.called_name) if v]
        values += [v for v in (record.calling_department, record.called_department) if v]
        values += [f"{k}: {v}" for k, v in record.extra.items()]
        values += [record.start.strftime("%H:%M:%S"), record.end.strftime("%H:%M:%S")]
        for value in values:
            assert value in text, (value, text)
        assert tip == model.data(model.index(row, Column.DIRECTION), Qt.ItemDataRole.ToolTipRole)


def test_a_name_with_markup_is_shown_as_text(qapp: QApplication) -> None:
    model = HistoryModel(CallHistory(MY_NUMBERS))
    model.append_calls(CallBatch.from_rows([_row_with_extra(1, "note", "<b>x</b>", "<i>Eve</i>")]))
    tip = model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert "&lt;i&gt;Eve&lt;/i&gt;" in tip
    assert "<i>" not in tip
    assert model.data(model.index(0, Column.OTHER_PARTY)) == "<i>Eve</i>"


def test_unanswered_incoming_calls_stand_out_in_light_and_dark_palettes(
    model: HistoryModel,
) -> None:
    rows = range(model.rowCount())
    missed = [r for r in rows if model.data(model.index(r, 0), Role.MISSED)]
    plain = [r for r in rows if not model.data(model.index(r, 0), Role.MISSED)]
    assert missed
    assert plain
    fg, font = Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole
    assert model.data(model.index(plain[0], Column.TIME), fg) is None
    assert model.data(model.index(plain[0], Column.TIME), font) is None
    assert model.data(model.index(missed[0], Column.TIME), font).bold()
    for r in missed:
        record = model.record(r)
        assert record.duration == 0
        assert canonical(record.called_number) in ref_perspective(Scope.MINE)

    light = _missed_color(QColor("black"))
    dark = _missed_color(QColor("white"))
    assert light.red() > light.green()
    assert dark.red() > dark.green()
    assert dark.lightness() > light.lightness() + 60
    app_palette = QGuiApplication.palette()
    try:
        for text in (QColor("black"), QColor("white")):
            palette = QPalette(app_palette)
            palette.setColor(QPalette.ColorRole.Text, text)
            QGuiApplication.setPalette(palette)
            brush = model.data(model.index(missed[0], Column.TIME), fg)
            assert brush.color() == _missed_color(text)
    finally:
        QGuiApplication.setPalette(app_palette)


def test_direction_icons_are_drawn_distinct(model: HistoryModel) -> None:
    icons = [
        direction_icon(Direction.INCOMING, False),
        direction_icon(Direction.INCOMING, True),
        direction_icon(Direction.OUTGOING, False),
        direction_icon(Direction.INTERNAL, False),
    ]
    images = []
    for icon in icons:
        assert icon is not None
        assert not icon.isNull()
        images.append(icon.pixmap(16, 16).toImage())
    assert all(a != b for i, a in enumerate(images) for b in images[i + 1 :])
    assert direction_icon(Direction.INCOMING, False) is icons[0]  # drawn once
    assert direction_icon(Direction.OTHER, False) is None
    deco = model.data(model.index(0, Column.DIRECTION), Qt.ItemDataRole.DecorationRole)
    assert deco is not None
    assert model.data(model.index(0, Column.TIME), Qt.ItemDataRole.DecorationRole) is None
    spoken = model.data(model.index(0, Column.DIRECTION), Qt.ItemDataRole.AccessibleTextRole)
    assert spoken in ("Incoming", "Missed", "Outgoing", "Internal")


def test_durations_are_right_aligned(model: HistoryModel) -> None:
    align = Qt.ItemDataRole.TextAlignmentRole
    assert model.data(model.index(0, Column.DURATION), align) & Qt.AlignmentFlag.AlignRight
    assert model.data(model.index(0, Column.TIME), align) is None
    header = model.headerData(Column.DURATION, Qt.Orientation.Horizontal, align)
    assert header & Qt.AlignmentFlag.AlignRight


def test_sort_keys_follow_the_sorted_column(model: HistoryModel) -> None:
    model.sort(Column.DURATION, Qt.SortOrder.AscendingOrder)
    keys = [model.data(model.index(r, Column.DURATION), Role.SORT_KEY) for r in range(20)]
    assert keys == sorted(keys)
    assert all(isinstance(k, int) for k in keys)


def _make_view(qtbot: QtBot, model: HistoryModel) -> QTableView:
    view = QTableView()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.setModel(model)
    qtbot.addWidget(view)
    view.resize(900, 400)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_a_view_keeps_its_selection_through_filters_and_sorts(
    model: HistoryModel, qtbot: QtBot
) -> None:
    view = _make_view(qtbot, model)
    target = next(
        r
        for r in range(model.rowCount())
        if "олена" in model.data(model.index(r, Column.OTHER_PARTY)).casefold()
    )
    call = model.call_index(target)
    view.selectRow(target)
    model.set_filter(HistoryFilter(text="олена"))
    model.sort(Column.DURATION, Qt.SortOrder.AscendingOrder)
    selected = view.selectionModel().selectedRows()
    assert [model.call_index(i.row()) for i in selected] == [call]
    assert model.call_index(view.currentIndex().row()) == call
    assert view.verticalHeader().count() == model.rowCount()
    model.set_filter(HistoryFilter(text="nobody-at-all"))
    assert view.selectionModel().selectedRows() == []
    assert not view.currentIndex().isValid()


def test_calls_loaded_later_are_inserted_without_moving_the_view(
    qapp: QApplication, qtbot: QtBot
) -> None:
    # The archive's newest page, then everything older: rows join at the bottom.
    ordered = sorted(RECORDS, key=lambda r: r.start_utc)
    first_page, rest = ordered[-50:], ordered[:-50]
    model = HistoryModel(CallHistory(MY_NUMBERS, COMPANY_NUMBERS))
    model.set_filter(HistoryFilter(scope=Scope.PBX))
    view = _make_view(qtbot, model)
    model.append_calls(CallBatch.from_records(first_page))
    view.selectRow(3)
    selected_call = model.call_index(3)
    with qtbot.waitSignal(model.rowsInserted) as at_bottom:
        model.append_calls(CallBatch.from_records(rest, first_id=50))
    assert at_bottom.args[1:] == [50, len(RECORDS) - 1]
    assert model.call_index(view.selectionModel().selectedRows()[0].row()) == selected_call
    # A sync brings newer calls: with newest first they join at the top.
    later = [
        CallRecord(
            start=datetime(2026, 12, 1, 9, m, tzinfo=UTC).astimezone(KYIV),
            end=datetime(2026, 12, 1, 9, m, 30, tzinfo=UTC).astimezone(KYIV),
            calling_number="0679998877",
            called_number="0671112233",
            duration=30,
        )
        for m in range(3)
    ]
    with qtbot.waitSignal(model.rowsInserted) as at_top:
        model.append_calls(CallBatch.from_records(later, first_id=1000))
    assert at_top.args[1:] == [0, 2]
    assert model.call_index(view.selectionModel().selectedRows()[0].row()) == selected_call
    assert [model.data(model.index(r, 0), Role.CALL_ID) for r in range(3)] == [1002, 1001, 1000]


def test_matches_changed_reports_the_count(model: HistoryModel, qtbot: QtBot) -> None:
    expected = len(ref_rows(RECORDS, HistoryFilter(text="олена")))
    with qtbot.waitSignal(model.matches_changed) as changed:
        model.set_search_text("олена")
    assert changed.args == [expected]
    assert model.rowCount() == expected


@pytest.mark.parametrize("typed", ["067–123", "067—12", "067/123", "067.123", "(067) 123-4"])
def test_the_search_box_takes_a_number_with_any_separator(
    qapp: QApplication, qtbot: QtBot, typed: str
) -> None:
    """What `fmc-desktop history --search` found and the window did not: dashes and slashes."""
    start = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    calls = [
        CallRecord(from_utc(start), from_utc(start), "0671234567", "0671112233", 0),
        CallRecord(from_utc(start), from_utc(start), "0501234567", "0671112233", 0),
    ]
    history = CallHistory(MY_NUMBERS, COMPANY_NUMBERS)
    history.extend(CallBatch.from_records(calls))
    model = HistoryModel(history)
    try:
        with qtbot.waitSignal(model.matches_changed) as changed:
            model.set_search_text(typed)
        assert changed.args == [1]
        assert model.data(model.index(0, Column.OTHER_PARTY), Qt.ItemDataRole.DisplayRole) == (
            "067 123 45 67"
        )
    finally:
        model.deleteLater()


def test_a_store_built_on_another_thread_is_plain_data() -> None:
    import threading

    batches: list[CallBatch] = []
    worker = threading.Thread(target=lambda: batches.append(CallBatch.from_records(RECORDS)))
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive()
    history = CallHistory(MY_NUMBERS, COMPANY_NUMBERS)
    assert history.extend(batches[0]) == range(len(RECORDS))
    assert history.extend(CallBatch.empty()) == range(len(RECORDS), len(RECORDS))


@pytest.mark.parametrize("pages", [1, 3, 7])
def test_history_built_in_any_number_of_batches_answers_alike(pages: int) -> None:
    whole = CallHistory(MY_NUMBERS, COMPANY_NUMBERS)
    whole.extend(CallBatch.from_records(RECORDS))
    paged = CallHistory(MY_NUMBERS, COMPANY_NUMBERS)
    size = -(-len(RECORDS) // pages)
    fields = (HistoryField.OTHER_PARTY, HistoryField.DURATION, HistoryField.DIRECTION, "cost")
    for first in range(0, len(RECORDS), size):
        paged.extend(CallBatch.from_records(RECORDS[first : first + size], first_id=first))
        for field in fields:  # sorted while loading: later batches are merged into the order
            paged.select(HistoryFilter(scope=Scope.PBX), field)
    for flt in FILTERS:
        for field in (HistoryField.TIME, *fields):
            assert np.array_equal(whole.select(flt, field), paged.select(flt, field))


def test_batches_meeting_at_the_same_second_keep_arrival_order() -> None:
    """Older pages are appended cheaply only when strictly older; a tie goes through a merge."""
    start = 1_795_000_000

    def rows(first_id: int, starts: list[int]) -> list[CallRow]:
        return [
            (first_id + i, s, s + 5, 5, "0671112233", "0501234567", None, None, None, None, None)
            for i, s in enumerate(starts)
        ]

    pages = [
        rows(0, [start + 30, start + 20, start + 10]),  # the newest page
        rows(3, [start + 10, start + 5]),  # meets the first page at start + 10
        rows(5, [start + 1, start]),  # strictly older
        rows(7, [start + 40, start + 20]),  # a sync: newer calls, one tied in the middle
    ]
    history = CallHistory(MY_NUMBERS, COMPANY_NUMBERS)
    history.reserve(9)
    for page in pages:
        history.extend(CallBatch.from_rows(page))
    everything = [row for page in pages for row in page]
    expected = sorted(range(len(everything)), key=lambda i: (everything[i][1], i))
    assert history.order(HistoryField.TIME).tolist() == expected
    assert history.select(HistoryFilter(), descending=True).tolist() == expected[::-1]


def _row_with_extra(call_id: int, name: str, value: str, caller_name: str | None = None) -> CallRow:
    return (
        call_id,
        1_795_000_000 + call_id,
        1_795_000_060 + call_id,
        60,
        "0679998877",
        "0671112233",
        caller_name,
        None,
        None,
        None,
        json.dumps({name: value}),
    )


def test_the_row_index_helpers_agree(model: HistoryModel) -> None:
    calls = model.visible_calls()
    assert len(calls) == model.rowCount()
    with pytest.raises(ValueError, match="read-only"):
        calls[0] = 1  # it may be the history's own cached order
    assert model.row_of_call(int(calls[5])) == 5
    assert model.row_of_call(10**9) == -1
    assert model.data(QModelIndex()) is None
    assert model.data(model.index(0, 0), Qt.ItemDataRole.SizeHintRole) is None
