"""The quick check for missed calls: its schedule, and one small request against the simulator."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fmc_desktop.core.api.client import FetchFlags, FmcClient, HttpLimits
from fmc_desktop.core.api.clock import ManualClock
from fmc_desktop.core.api.kyiv import parse_naive, to_utc
from fmc_desktop.core.archive.quick_check import (
    MIN_INTERVAL_SECONDS,
    QUICK_SPAN,
    QuickCheckSchedule,
    clamp_interval,
)
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.archive.sync import SyncEngine
from fmc_desktop.simulator import Fault, Simulator

NO_RETRIES = HttpLimits(connect_timeout=2, read_timeout=5, total_deadline=20, cdr_retries=0)


def test_the_interval_is_never_shorter_than_thirty_seconds() -> None:
    assert clamp_interval(5) == MIN_INTERVAL_SECONDS == 30
    assert clamp_interval(0) == 0
    assert clamp_interval(-1) == 0
    assert QuickCheckSchedule(interval_seconds=1).next_delay() == 30


def test_failures_double_the_wait_up_to_the_normal_sync_and_a_success_resets_it() -> None:
    schedule = QuickCheckSchedule(interval_seconds=60, ceiling_seconds=300)
    delays = [schedule.next_delay()]
    for _ in range(5):
        schedule.failed()
        delays.append(schedule.next_delay())
    assert delays == [60, 120, 240, 300, 300, 300]
    schedule.succeeded()
    assert schedule.next_delay() == 60


def test_a_quick_check_as_rare_as_the_sync_is_off() -> None:
    assert not QuickCheckSchedule(interval_seconds=300, ceiling_seconds=300).enabled
    assert not QuickCheckSchedule(interval_seconds=0, ceiling_seconds=300).enabled
    assert QuickCheckSchedule(interval_seconds=60, ceiling_seconds=300).enabled


@given(
    interval=st.integers(-10, 10_000),
    ceiling=st.integers(60, 24 * 3600),
    failures=st.integers(0, 10_000),
)
def test_the_delay_stays_between_the_floor_and_the_sync_interval(
    interval: int, ceiling: int, failures: int
) -> None:
    schedule = QuickCheckSchedule(interval, ceiling, failures)
    assert MIN_INTERVAL_SECONDS <= schedule.next_delay() <= max(ceiling, MIN_INTERVAL_SECONDS)


# --- against the simulator ----------------------------------------------------------------------


@pytest.fixture
def archive(tmp_path: Path, clock: ManualClock) -> Iterator[CallArchive]:
    with CallArchive(tmp_path / "calls.sqlite3", clock=clock) as opened:
        yield opened


@pytest.fixture
def engine(archive: CallArchive, simulator: Simulator, clock: ManualClock) -> SyncEngine:
    def client() -> FmcClient:
        return FmcClient(simulator.base_url, simulator.token, clock=clock, limits=NO_RETRIES)

    return SyncEngine(archive, client, clock=clock, flags=FetchFlags(names=True))


def test_a_quick_check_asks_once_for_the_last_minutes_and_stores_their_calls(
    engine: SyncEngine, archive: CallArchive, simulator: Simulator, clock: ManualClock
) -> None:
    assert engine.sync().complete
    before = len(simulator.requests_to("callstat.json"))
    clock.advance(timedelta(hours=3))  # the simulated company goes on calling meanwhile
    report = engine.quick_check()
    requests = simulator.requests_to("callstat.json")[before:]
    assert len(requests) == 1
    asked_from = to_utc(parse_naive(requests[0].params["from"]))
    asked_to = to_utc(parse_naive(requests[0].params["to"]))
    assert asked_to - asked_from <= QUICK_SPAN + timedelta(seconds=1)
    assert asked_to >= clock.now() - timedelta(seconds=1)
    assert report.complete
    truth = simulator.calls_between(clock.now() - QUICK_SPAN, clock.now())
    assert report.new + report.known == len(truth)
    assert [r.start_utc for r in report.new_calls] == sorted(r.start_utc for r in report.new_calls)
    # The hours between the sync and the quick check are still fetched by the next sync.
    after = engine.sync()
    assert after.complete
    assert after.fetched[0][0] < clock.now() - QUICK_SPAN


def test_no_quick_check_before_the_first_sync(engine: SyncEngine, simulator: Simulator) -> None:
    report = engine.quick_check()
    assert report.skipped
    assert simulator.requests_to("callstat.json") == []
    assert engine.plan().windows  # the first sync still brings the month


def test_a_failed_quick_check_reports_its_error_and_keeps_the_archive(
    engine: SyncEngine, archive: CallArchive, simulator: Simulator, clock: ManualClock
) -> None:
    assert engine.sync().complete
    coverage = archive.coverage()
    clock.advance(timedelta(minutes=5))
    simulator.inject(Fault.SERVER_ERROR, endpoint="cdr")
    report = engine.quick_check()
    assert report.error is not None
    assert archive.coverage() == coverage
