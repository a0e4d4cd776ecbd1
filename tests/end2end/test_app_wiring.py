"""The running app wires the quick check, compact mode's tray entry and the global shortcut."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from tests.end2end.test_link_handover import running_app as running_app
from tests.end2end.test_link_handover import simulator as simulator


def test_the_app_starts_the_quick_check_beside_the_sync(running_app: Any) -> None:
    delay = running_app.sync.quick_delay_ms()
    assert delay is not None
    assert abs(delay - 60_000) <= 3_000  # the default: every 60 s


def test_compact_mode_is_in_the_tray_menu(qtbot: QtBot, running_app: Any) -> None:
    menu = running_app.tray.menu()
    assert running_app.window.menus.compact_action in menu.actions()
    running_app.window.menus.compact_action.trigger()
    assert running_app.window.compact is not None
    assert running_app.window.compact.isVisible()
    running_app.window.menus.compact_action.trigger()
    assert not running_app.window.compact.isVisible()


def test_where_the_global_shortcut_cannot_work_settings_say_why(running_app: Any) -> None:
    # The tests run offscreen: neither X11 nor Wayland nor Windows.
    assert running_app.global_shortcut.problem == (
        "Global shortcuts are not available on this desktop (offscreen)."
    )
    assert running_app.window.extra_shortcuts == []
