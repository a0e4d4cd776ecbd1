"""Idle detection for the quick check: the X server's own idle time, on a real X server."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from fmc_desktop.ui.shell.idle import IdleWatch, _x11_idle_seconds
from tests.ui.test_global_shortcut import needs_x, press
from tests.ui.test_global_shortcut import x_display as x_display


@needs_x
def test_the_x11_idle_time_counts_input_to_any_program(
    qtbot: QtBot, x_display: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISPLAY", x_display)
    idle = _x11_idle_seconds()
    assert idle is not None
    qtbot.waitUntil(lambda: (idle() or 0) >= 0.5, timeout=5000)
    before = idle()
    assert before is not None
    assert before >= 0.5
    press(x_display, "shift")
    after = idle()
    assert after is not None
    assert after < before
    idle.close()  # type: ignore[attr-defined]


def test_without_a_way_to_tell_the_user_is_never_away(qtbot: QtBot) -> None:
    watch = IdleWatch(after_seconds=0)  # offscreen: no X11, no desktop D-Bus
    assert watch.source == "none"
    assert watch.idle_seconds() is None
    assert not watch.is_away()
