"""The running app routes a dial's outcome once: to the window while it has the focus, else to
the desktop's notification service (a private bus and the recording server of
tests/ui/test_notifications.py); the tray no longer posts a second copy."""

from __future__ import annotations

import time
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.end2end.test_link_handover import running_app, simulator  # noqa: F401 (fixtures)
from tests.ui.test_notifications import (  # noqa: F401 (fixtures)
    Server,
    _wait_for_calls,
    server,
    session_bus,
)


def test_the_app_says_a_dial_outcome_once_where_the_user_looks(
    qtbot: QtBot,
    running_app: Any,  # noqa: F811
    server: Server,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from fmc_desktop.ui.dialing.flow import DialOutcome, DialOutcomeKind

    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", server.address)
    desktop = running_app
    # The tray does not post dial outcomes on its own any more: that was the second copy.
    assert desktop.tray.notify_dial_outcomes is False

    desktop.window.bring_to_front()
    qtbot.waitUntil(desktop.window.isActiveWindow)
    failed = DialOutcome(DialOutcomeKind.SERVER, "Not dialled", "The PBX refused the call.")
    desktop.dialer.dial_finished.emit(failed)
    assert desktop.window.statusBar().currentMessage() == "The PBX refused the call."
    time.sleep(0.3)
    assert server.calls() == []  # focused: the window's status bar and banner only

    desktop.window.hide()
    ringing = DialOutcome(DialOutcomeKind.RINGING, "Calling", "Kyivstar is ringing your phone.")
    desktop.dialer.dial_finished.emit(ringing)
    (call,) = _wait_for_calls(server, 1)
    assert call["body"][3:5] == ["Calling", "Kyivstar is ringing your phone."]
    time.sleep(0.3)
    assert len(server.calls()) == 1  # once, not again through the tray
