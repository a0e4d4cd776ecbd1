"""Quitting while a call request waits on a server that does not answer: the quit is quick, and
the dial is remembered as "outcome unknown" (the phone may ring)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import time
from pathlib import Path

from pytestqt.qtbot import QtBot

from fmc_desktop.core.api.client import FmcClient
from fmc_desktop.core.api.clock import ManualClock
from fmc_desktop.core.dialing.dial_log import DialLog, DialResult
from fmc_desktop.core.system.settings import Settings
from fmc_desktop.simulator import Fault, Simulator
from fmc_desktop.ui.dialing.flow import DialController


def test_quit_with_a_call_request_in_flight_is_quick_and_remembers_it(
    qtbot: QtBot, simulator: Simulator, clock: ManualClock, tmp_path: Path
) -> None:
    simulator.inject(Fault.SLOW, endpoint="originate", delay=60)
    settings = Settings(own_numbers=[simulator.company.user.number], confirm_before_dial=False)
    dial_log = DialLog(tmp_path / "dials.json", clock=clock)
    controller = DialController(
        client_factory=lambda: FmcClient(simulator.base_url, simulator.token, clock=clock),
        settings=lambda: settings,
        name_for=lambda _number: None,
        dial_log=dial_log,
        parent_widget=lambda: None,
    )
    controller.dial("0671234567")
    qtbot.waitUntil(lambda: len(simulator.requests_to("originate")) == 0 and controller.is_busy())
    # The request has reached the server, which now sits on it.
    deadline = time.monotonic() + 10
    while not simulator.originates and time.monotonic() < deadline:
        qtbot.wait(20)
    assert simulator.originates

    started = time.monotonic()
    assert controller.shutdown(2000)  # the thread ends: its request was cut, not waited for
    assert time.monotonic() - started < 1.5
    last = DialLog(tmp_path / "dials.json", clock=clock).last()
    assert last is not None
    assert last.number == "+380671234567"
    assert last.result is DialResult.UNKNOWN
    controller.deleteLater()
