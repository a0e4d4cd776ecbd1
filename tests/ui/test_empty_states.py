"""An empty call table says why: no sync yet, the server unreachable, or filters that match none."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from fmc_desktop.core.system.paths import AppPaths
from fmc_desktop.simulator import Fault
from fmc_desktop.ui.history.empty_state import EmptyKind
from tests.ui.test_main_window import Window, _build, _close
from tests.ui.test_main_window import paths as paths


@pytest.fixture
def ui(qtbot: QtBot, simulator: Any, clock: Any, paths: AppPaths) -> Iterator[Window]:
    w = _build(simulator, clock, paths, simulator.token)
    qtbot.addWidget(w.window)
    w.window.show()
    yield w
    _close(w)


def _load(qtbot: QtBot, ui: Window) -> None:
    with qtbot.waitSignal(ui.loader.finished, timeout=30_000):
        ui.window.load_history()


def test_nothing_synced_yet_offers_a_sync(qtbot: QtBot, ui: Window) -> None:
    _load(qtbot, ui)
    empty = ui.window.empty_state
    assert empty.isVisible()
    assert empty.kind is EmptyKind.NOT_SYNCED
    assert empty.title.text() == "No calls yet"
    assert empty.accessibleName() == "No calls yet"
    with qtbot.waitSignal(ui.sync.finished, timeout=60_000):
        empty.button.click()
    _load(qtbot, ui)
    assert not empty.isVisible()


def test_an_unreachable_server_says_when_a_sync_last_worked(
    qtbot: QtBot, ui: Window, simulator: Any
) -> None:
    _load(qtbot, ui)
    simulator.inject(Fault.DROP, endpoint="cdr", times=100)
    with qtbot.waitSignal(ui.sync.finished, timeout=60_000) as done:
        assert ui.sync.sync_now()
    assert done.args[0].error is not None
    empty = ui.window.empty_state
    assert empty.kind is EmptyKind.UNREACHABLE
    assert "cannot be reached" in empty.title.text()
    assert "No sync has worked yet." in empty.text.text()
    assert empty.button.text() == "Try again"


def test_filters_that_match_nothing_are_named_and_cleared(qtbot: QtBot, ui: Window) -> None:
    with qtbot.waitSignal(ui.sync.finished, timeout=60_000):
        assert ui.sync.sync_now()
    _load(qtbot, ui)
    window = ui.window
    assert not window.empty_state.isVisible()
    window.filter_bar.search_edit.setText("nobody-called-this")
    empty = window.empty_state
    assert empty.isVisible()
    assert empty.kind is EmptyKind.NO_MATCHES
    assert "search: nobody-called-this" in empty.text.text()
    assert "Last 30 days" in empty.text.text()
    empty.button.click()
    assert window.filter_bar.search_edit.text() == ""
    assert window.model.rowCount() > 0
    assert not empty.isVisible()
