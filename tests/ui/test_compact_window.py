"""Compact mode: the small always-on-top window, its place, and dialling from it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fmc_desktop.core.contacts.contact import Contact, ContactNumber
from fmc_desktop.core.system.paths import AppPaths
from fmc_desktop.ui.dialing.compact_window import (
    COMPACT_SIZE,
    fits_screens,
    recent_calls,
    restored_geometry,
)
from tests.ui.test_accessibility import nameless_controls
from tests.ui.test_main_window import Window, _build, _close
from tests.ui.test_main_window import paths as paths

SCREENS = [QRect(0, 0, 1920, 1040), QRect(1920, 0, 1280, 1024)]


def test_a_saved_place_is_used_only_where_it_fits_a_screen() -> None:
    assert fits_screens(QRect(1700, 100, 260, 420), SCREENS) is False  # across two screens
    assert fits_screens(QRect(2000, 100, 260, 420), SCREENS)
    assert restored_geometry([2000, 100, 260, 420], SCREENS) == QRect(2000, 100, 260, 420)
    # The second monitor is gone: the place on it is not used.
    assert restored_geometry([2000, 100, 260, 420], SCREENS[:1]) is None
    assert restored_geometry([10, 10, 20, 20], SCREENS) is None  # too small to use
    assert restored_geometry("10,10,260,420", SCREENS) is None
    assert restored_geometry([10, 10, 260], SCREENS) is None


@pytest.fixture
def ui(qtbot: QtBot, simulator: Any, clock: Any, paths: AppPaths) -> Iterator[Window]:
    w = _build(simulator, clock, paths, simulator.token)
    qtbot.addWidget(w.window)
    w.window.show()
    qtbot.waitExposed(w.window)
    yield w
    _close(w)


def test_view_compact_swaps_the_windows_and_back(qtbot: QtBot, ui: Window) -> None:
    window = ui.window
    window.menus.compact_action.trigger()
    compact = window.compact
    assert compact is not None
    qtbot.waitExposed(compact)
    assert compact.isVisible()
    assert not window.isVisible()
    assert compact.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert compact.size() == COMPACT_SIZE
    assert nameless_controls(compact) == []
    compact.full_button.click()
    assert window.isVisible()
    assert not compact.isVisible()
    assert not window.menus.compact_action.isChecked()


def test_it_remembers_its_place(qtbot: QtBot, ui: Window) -> None:
    window = ui.window
    window.show_compact()
    compact = window.compact
    assert compact is not None
    qtbot.waitExposed(compact)
    compact.setGeometry(QRect(120, 140, 270, 430))
    window.show_full()
    assert ui.services.settings.ui_state["compact_geometry"] == [120, 140, 270, 430]
    # A new start reads it from the file.
    saved = type(ui.services.settings_store)(ui.services.settings_store.path).load()
    assert saved.ui_state["compact_geometry"] == [120, 140, 270, 430]
    window.show_compact()
    assert compact.geometry() == QRect(120, 140, 270, 430)
    window.show_full()
    # A place off every screen is not used.
    ui.services.settings.ui_state["compact_geometry"] = [50_000, 50_000, 260, 420]
    window.show_compact()
    screen = QApplication.primaryScreen().availableGeometry()
    assert screen.contains(compact.geometry())
    window.show_full()


def test_dialling_from_it_is_confirmed_over_it(qtbot: QtBot, ui: Window) -> None:
    ui.services.contacts.add(
        Contact(name="Олена", numbers=[ContactNumber.of("0671234567")], favourite=True)
    )
    window = ui.window
    window.show_compact()
    compact = window.compact
    assert compact is not None
    qtbot.waitExposed(compact)
    compact.tabs.setCurrentWidget(compact.favourites_list)
    assert compact.favourites_list.count() == 1
    assert "Олена" in compact.favourites_list.item(0).text()
    compact.number_field.setFocus()
    QTest.keyClicks(compact.number_field, "0441234567")
    QTest.keyClick(compact.number_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ui.dialer.pending_dialog() is not None)
    dialog = ui.dialer.pending_dialog()
    assert dialog.parentWidget() is compact
    assert not window.isVisible()  # the big window stays out of the way
    dialog.reject()
    qtbot.waitUntil(lambda: not ui.dialer.is_busy())
    window.show_full()


def test_recent_shows_the_last_calls_with_the_missed_ones_marked(qtbot: QtBot, ui: Window) -> None:
    window = ui.window
    window.show_compact()
    compact = window.compact
    assert compact is not None
    # Nothing synced yet and nothing dialled: it says so.
    assert compact.recent_list.count() == 1
    assert compact.recent_list.item(0).text() == "No calls made from this app yet"
    window.show_full()
    with qtbot.waitSignal(ui.sync.finished, timeout=60_000):
        assert ui.sync.sync_now()
    window.show_compact()
    rows = [compact.recent_list.item(i) for i in range(compact.recent_list.count())]
    assert len(rows) == 20
    calls = recent_calls(ui.services.archive, ui.services.settings.own_numbers)
    assert [r.data(Qt.ItemDataRole.UserRole) for r in rows] == [c.number for c in calls]
    missed = [r for r, c in zip(rows, calls, strict=True) if c.missed]
    answered = [r for r, c in zip(rows, calls, strict=True) if not c.missed]
    assert missed
    assert answered
    assert {r.foreground().color().name() for r in missed} == {"#c01c28"}
    assert "#c01c28" not in {r.foreground().color().name() for r in answered}
    window.show_full()
