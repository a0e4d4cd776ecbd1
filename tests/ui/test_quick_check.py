"""The quick check's timer in the sync controller, against the simulator over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from fmc_desktop.core.system.paths import AppPaths
from fmc_desktop.core.system.secrets import TokenStore
from fmc_desktop.core.system.settings import Settings, SettingsStore
from fmc_desktop.simulator import Fault


@pytest.fixture
def services(simulator: Any, clock: Any) -> Iterator[Any]:
    from fmc_desktop.ui.shell.services import AppServices

    paths = AppPaths.resolve().ensure()
    store = SettingsStore(paths.settings_file)
    store.save(Settings(base_url=simulator.base_url))
    opened = AppServices.open(
        paths,
        store,
        store.load(),
        simulator.base_url,
        clock,
        token_store=TokenStore(simulator.base_url),
        demo_token=simulator.token,
    )
    yield opened
    opened.close()


@pytest.fixture
def away() -> list[bool]:
    return [False]


@pytest.fixture
def controller(qtbot: QtBot, services: Any, away: list[bool]) -> Iterator[Any]:
    from fmc_desktop.ui.archive.sync_controller import SyncController

    sync = SyncController(services.sync_engine_factory(), away=lambda: away[0])
    yield sync
    assert sync.shutdown()


def near(remaining_ms: int | None, expected_ms: int) -> bool:
    # A coarse Qt timer may fire up to 5 % late, and remainingTime() says so.
    return remaining_ms is not None and abs(remaining_ms - expected_ms) <= expected_ms * 0.05


def _sync(qtbot: QtBot, controller: Any) -> Any:
    with qtbot.waitSignal(controller.finished, timeout=60_000) as blocker:
        assert controller.sync_now()
    return blocker.args[0]


def test_the_quick_check_runs_every_minute_beside_the_sync(controller: Any) -> None:
    controller.set_interval(5)
    assert controller.quick_delay_ms() is None  # off until set
    controller.set_quick_interval(60)
    assert near(controller.quick_delay_ms(), 60_000)
    controller.set_quick_interval(10)  # never more often than every 30 s
    assert near(controller.quick_delay_ms(), 30_000)
    controller.set_quick_interval(0)
    assert controller.quick_delay_ms() is None
    controller.set_interval(0)  # no automatic sync: no automatic check either
    controller.set_quick_interval(60)
    assert controller.quick_delay_ms() is None


def test_new_missed_calls_come_as_a_sync_report_and_failures_back_off(
    qtbot: QtBot, controller: Any, simulator: Any, clock: Any
) -> None:
    controller.set_interval(5)
    controller.set_quick_interval(60)
    assert _sync(qtbot, controller).complete
    clock.advance(timedelta(hours=2))
    before = len(simulator.requests_to("callstat.json"))
    with qtbot.waitSignal(controller.quick_checked, timeout=30_000) as checked:
        controller.check_if_due()
    report = checked.args[0]
    assert report.complete
    assert len(simulator.requests_to("callstat.json")) == before + 1
    assert near(controller.quick_delay_ms(), 60_000)
    # Enough for every retry the client makes within a check.
    simulator.inject(Fault.SERVER_ERROR, endpoint="cdr", times=50)
    for expected in (120_000, 240_000):
        with qtbot.waitSignal(controller.quick_checked, timeout=30_000) as checked:
            controller.check_if_due()
        assert checked.args[0].error is not None
        assert near(controller.quick_delay_ms(), expected)
    simulator.clear_faults()
    with qtbot.waitSignal(controller.quick_checked, timeout=30_000):
        controller.check_if_due()
    assert near(controller.quick_delay_ms(), 60_000)


def test_new_calls_found_by_a_quick_check_reach_the_window_as_a_sync(
    qtbot: QtBot, controller: Any, simulator: Any, clock: Any
) -> None:
    controller.set_interval(5)
    controller.set_quick_interval(60)
    _sync(qtbot, controller)
    finished: list[Any] = []
    controller.finished.connect(finished.append)
    # Busy hours: the simulated company surely makes a call in ten minutes within these.
    for _ in range(24):
        clock.advance(timedelta(minutes=10))
        with qtbot.waitSignal(controller.quick_checked, timeout=30_000) as checked:
            controller.check_if_due()
        if checked.args[0].new:
            break
    report = checked.args[0]
    assert report.new
    # Sent as `finished` too, which the window and the missed-call notifications listen to.
    assert finished == [report]


def test_no_check_while_the_user_is_away(
    qtbot: QtBot, controller: Any, simulator: Any, away: list[bool]
) -> None:
    controller.set_interval(5)
    controller.set_quick_interval(60)
    _sync(qtbot, controller)
    before = len(simulator.requests_to("callstat.json"))
    away[0] = True
    with qtbot.assertNotEmitted(controller.quick_checked, wait=300):
        controller.check_if_due()
    assert len(simulator.requests_to("callstat.json")) == before
    assert controller.quick_delay_ms() is not None  # it looks again later


def test_a_sync_asked_for_during_a_quick_check_follows_it(qtbot: QtBot, controller: Any) -> None:
    controller.set_interval(5)
    _sync(qtbot, controller)
    assert controller.quick_check_now()
    with qtbot.waitSignal(controller.started, timeout=30_000):
        assert controller.sync_now(automatic=False)
    qtbot.waitSignal(controller.finished, timeout=60_000).wait()


def test_a_sync_cut_by_quitting_reports_to_nobody_and_starts_no_timer(
    qtbot: QtBot, controller: Any, simulator: Any
) -> None:
    controller.set_interval(5)
    controller.set_quick_interval(60)
    # Slow enough that quitting comes while the first request is in flight.
    simulator.inject(Fault.SLOW, endpoint="cdr", delay=1.0)
    with (
        qtbot.assertNotEmitted(controller.finished, wait=300),
        qtbot.assertNotEmitted(controller.failed),
    ):
        assert controller.sync_now()
        qtbot.waitUntil(lambda: bool(simulator.requests_to("callstat.json")), timeout=10_000)
        assert controller.shutdown()
    # What the cut sync still reported came after: the check's timer stays off.
    assert controller.quick_delay_ms() is None
