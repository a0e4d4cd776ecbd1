"""The sync engine against the simulator over real loopback HTTP, into a real archive file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from fmc_desktop.core.api.client import FetchFlags, FmcClient, HttpLimits
from fmc_desktop.core.api.clock import ManualClock
from fmc_desktop.core.api.errors import ExitCode, NoTokenError, ServerError, TokenRejectedError
from fmc_desktop.core.api.formats.fields import record_from_fields
from fmc_desktop.core.api.kyiv import KYIV, format_wire
from fmc_desktop.core.api.merging import call_identity
from fmc_desktop.core.api.windows import HISTORY_LIMIT, plan_windows
from fmc_desktop.core.archive.queries import CallQuery, Order
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.archive.sync import DEFAULT_OVERLAP, SyncEngine, SyncProgress, plan_sync
from fmc_desktop.simulator import Fault, Simulator

NO_RETRIES = HttpLimits(connect_timeout=2, read_timeout=5, total_deadline=20, cdr_retries=0)
FLAGS = FetchFlags(names=True, departments=True)
Identity = tuple[datetime, str, str, int]


@pytest.fixture
def archive(tmp_path: Path, clock: ManualClock) -> Iterator[CallArchive]:
    with CallArchive(tmp_path / "calls.sqlite3", clock=clock) as opened:
        yield opened


def engine_for(
    archive: CallArchive, simulator: Simulator, clock: ManualClock, **kw: object
) -> SyncEngine:
    def client() -> FmcClient:
        return FmcClient(simulator.base_url, simulator.token, clock=clock, limits=NO_RETRIES)

    return SyncEngine(archive, client, clock=clock, flags=FLAGS, **kw)  # type: ignore[arg-type]


def truth(simulator: Simulator, start: datetime, end: datetime) -> set[Identity]:
    return {
        call_identity(record_from_fields(fields)) for fields in simulator.calls_between(start, end)
    }


def stored(archive: CallArchive) -> list[Identity]:
    return [
        (c.record.start_utc, c.calling, c.called, c.record.duration)
        for c in archive.iter_calls(CallQuery(order=Order.OLDEST_FIRST))
    ]


def reach(now: datetime) -> datetime:
    return plan_windows(now - HISTORY_LIMIT, now, now).available_from


def cdr_params(simulator: Simulator) -> list[dict[str, str]]:
    return [r.params for r in simulator.requests_to("callstat.json")]


def test_the_first_sync_fetches_the_last_30_days_and_reports_as_it_goes(
    archive: CallArchive, simulator: Simulator, clock: ManualClock
) -> None:
    now = clock.now()
    progress: list[SyncProgress] = []
    report = engine_for(archive, simulator, clock).sync(on_progress=progress.append)

    assert report.error is None
    assert report.complete
    assert report.exit_code is ExitCode.OK
    assert report.windows_total == report.windows_done >= 5
    assert [p.window_index for p in progress] == list(range(1, report.windows_total + 1))
    assert {p.window_count for p in progress} == {report.windows_total}
    assert progress[-1].new_so_far < report.new

    expected = truth(simulator, reach(now), now)
    calls = stored(archive)
    assert len(calls) == len(set(calls)) == report.new == len(expected)
    assert set(calls) == expected
    assert archive.coverage() == report.covered == [(reach(now), now)]
    assert report.fetched[0][0] == reach(now)
    assert len(report.new_calls) == report.new
    assert report.initial
    assert archive.last_synced_at() == now
    params = cdr_params(simulator)
    assert all(p["names"] == "on" and p["departments"] == "on" for p in params)
    assert min(p["from"] for p in params) == format_wire(reach(now))
    named = archive.query_calls(CallQuery(search="продажі", limit=1))
    assert named


def test_the_next_sync_starts_at_the_newest_covered_instant_less_the_overlap(
    archive: CallArchive, simulator: Simulator, clock: ManualClock
) -> None:
    engine = engine_for(archive, simulator, clock)
    first_now = clock.now()
    first = engine.sync()
    clock.advance(timedelta(hours=3))
    before = len(cdr_params(simulator))
    second = engine.sync()

    assert second.complete
    assert not second.initial
    (request,) = cdr_params(simulator)[before:]
    assert request["from"] == format_wire(first_now - DEFAULT_OVERLAP)
    assert request["to"] == format_wire(clock.now())
    expected = truth(simulator, reach(first_now), clock.now())
    calls = stored(archive)
    assert len(calls) == len(set(calls))
    # Every call, including those still going on during the first sync.
    assert set(calls) == expected
    assert second.new == len(expected) - first.new > 0
    assert archive.coverage() == [(reach(first_now), clock.now())]


def test_a_server_error_in_the_third_window_keeps_the_first_two(
    archive: CallArchive, simulator: Simulator, clock: ManualClock
) -> None:
    now = clock.now()
    simulator.inject(Fault.SLOW, times=2, endpoint="cdr", delay=0)  # two windows go through
    simulator.inject(Fault.SERVER_ERROR, endpoint="cdr")
    engine = engine_for(archive, simulator, clock)
    report = engine.sync()

    assert isinstance(report.error, ServerError)
    assert report.windows_done == 2
    assert report.windows_total > 2
    assert report.exit_code is ExitCode.PARTIAL
    (kept,) = archive.coverage()
    assert kept == (reach(now), report.fetched[1][1])
    assert set(stored(archive)) == truth(simulator, *kept)

    again = engine.sync()
    assert again.complete
    calls = stored(archive)
    assert len(calls) == len(set(calls))
    assert set(calls) == truth(simulator, reach(now), now)
    assert archive.coverage() == [(reach(now), now)]
    # It went on from where it had stopped, not from the start.
    assert min(p["from"] for p in cdr_params(simulator)[3:]) >= format_wire(
        kept[1] - DEFAULT_OVERLAP
    )


def test_a_rejected_token_stops_automatic_syncs_until_a_new_token(
    archive: CallArchive, simulator: Simulator, clock: ManualClock
) -> None:
    simulator.inject(Fault.FORBIDDEN, endpoint="cdr")
    engine = engine_for(archive, simulator, clock)
    report = engine.sync(automatic=True)
    assert isinstance(report.error, TokenRejectedError)
    assert report.token_rejected
    assert report.exit_code is ExitCode.NO_TOKEN
    assert archive.is_token_rejected()

    requests = len(simulator.requests)
    for _ in range(3):
        skipped = engine.sync(automatic=True)
        assert skipped.skipped
        assert skipped.token_rejected
        assert "token" in skipped.error.message.lower()  # type: ignore[union-attr]
    assert len(simulator.requests) == requests  # the API was not asked again

    archive.clear_token_rejected()  # a new token was saved
    assert engine.sync(automatic=True).complete


def test_a_sync_the_user_asks_for_tries_a_rejected_token_again(
    archive: CallArchive, simulator: Simulator, clock: ManualClock
) -> None:
    archive.mark_token_rejected()
    report = engine_for(archive, simulator, clock).sync()
    assert report.complete
    assert not archive.is_token_rejected()  # it works again


def test_cancelling_between_windows_keeps_what_was_stored(
    archive: CallArchive, simulator: Simulator, clock: ManualClock
) -> None:
    now = clock.now()
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 2

    engine = engine_for(archive, simulator, clock)
    report = engine.sync(cancelled=cancelled)
    assert report.cancelled
    assert not report.complete
    assert report.windows_done == 2
    assert archive.coverage() == [(reach(now), report.fetched[1][1])]
    assert archive.last_synced_at() is None
    assert engine.sync().complete
    assert set(stored(archive)) == truth(simulator, reach(now), now)


def test_a_gap_past_the_apis_reach_is_reported_once_as_lost_days(
    archive: CallArchive, simulator: Simulator, clock: ManualClock
) -> None:
    now = clock.now()
    old_start, old_end = now - timedelta(days=45), now - timedelta(days=40)
    archive.add_calls([], covered=(old_start, old_end))  # a sync six weeks ago, then nothing
    engine = engine_for(archive, simulator, clock)
    report = engine.sync()

    assert report.complete
    assert report.lost == [(old_end, reach(now))]
    first_day = old_end.astimezone(KYIV).date()
    last_day = reach(now).astimezone(KYIV).date()
    assert report.lost_days[0] == first_day == date(2026, 10, 11)
    assert report.lost_days[-1] == last_day
    assert len(report.lost_days) == (last_day - first_day).days + 1
    assert archive.lost_periods() == [(old_end, reach(now))]
    assert report.fetched[0][0] == reach(now)
    assert archive.coverage() == [(old_start, old_end), (reach(now), now)]

    clock.advance(timedelta(hours=1))
    again = engine.sync()
    assert again.complete
    assert again.lost_days == []


def test_holes_the_api_can_still_fill_are_fetched(
    archive: CallArchive, simulator: Simulator, clock: ManualClock
) -> None:
    now = clock.now()
    start = reach(now)
    archive.add_calls([], covered=(start, now - timedelta(days=10)))
    archive.add_calls([], covered=(now - timedelta(days=5), now - timedelta(days=2)))
    plan = engine_for(archive, simulator, clock).plan()
    assert plan.targets == [
        (now - timedelta(days=10) - DEFAULT_OVERLAP, now - timedelta(days=5)),
        (now - timedelta(days=2) - DEFAULT_OVERLAP, now),
    ]
    assert plan.lost == []
    report = engine_for(archive, simulator, clock).sync()
    assert report.complete
    assert archive.coverage() == [(start, now)]
    assert set(stored(archive)) == truth(simulator, *plan.targets[0]) | truth(
        simulator, *plan.targets[1]
    )


def test_plan_sync_on_an_empty_archive_asks_for_the_apis_30_days() -> None:
    now = datetime(2026, 11, 20, 8, tzinfo=UTC)
    plan = plan_sync([], [], now)
    assert plan.targets == [(reach(now), now)]
    assert plan.windows[0].start == reach(now)
    assert plan.windows[-1].end == now
    assert plan.lost == []


def test_a_missing_token_is_reported_not_raised(archive: CallArchive, clock: ManualClock) -> None:
    def no_client() -> FmcClient:
        raise NoTokenError("No FMC token: run fmc-desktop login.")

    report = SyncEngine(archive, no_client, clock=clock, flags=FLAGS).sync()
    assert isinstance(report.error, NoTokenError)
    assert report.windows_done == 0
    assert report.exit_code is ExitCode.NO_TOKEN


def test_progress_counts_windows_from_one_and_the_new_calls_so_far(
    archive: CallArchive, simulator: Simulator, clock: ManualClock
) -> None:
    seen: list[tuple[int, int, int]] = []
    listener: Callable[[SyncProgress], None] = lambda p: seen.append(  # noqa: E731
        (p.window_index, p.window_count, p.new_so_far)
    )
    report = engine_for(archive, simulator, clock).sync(on_progress=listener)
    assert [s[0] for s in seen] == list(range(1, report.windows_total + 1))
    assert [s[2] for s in seen] == sorted(s[2] for s in seen)
    assert seen[0][2] == 0
