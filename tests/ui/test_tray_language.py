"""The tray follows a language switched while the app runs, and names the app once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fmc_desktop.core.api.clock import ManualClock
from fmc_desktop.simulator import Simulator
from fmc_desktop.ui.dialing.tray import TrayState
from fmc_desktop.ui.shell import i18n
from tests.ui.test_tray import Setup, action_texts


@pytest.fixture
def tray_setup(
    qtbot: QtBot, qapp: QApplication, simulator: Simulator, clock: ManualClock, tmp_path: Path
) -> Iterator[Setup]:
    made = Setup(simulator, clock, tmp_path)
    yield made
    i18n.install_translations(qapp, "en")
    made.tray.dispose()
    assert made.controller.shutdown(5000)
    made.tray.deleteLater()
    made.controller.deleteLater()


def test_the_tray_menu_follows_a_language_switched_live(
    qtbot: QtBot, qapp: QApplication, tray_setup: Setup
) -> None:
    menu = tray_setup.tray.menu()
    i18n.install_translations(qapp, "en")
    qtbot.waitUntil(lambda: "Q&uit" in action_texts(menu))
    english = action_texts(menu)

    i18n.install_translations(qapp, "uk")
    qtbot.waitUntil(lambda: "Q&uit" not in action_texts(menu))
    ukrainian = action_texts(menu)
    assert all(text not in english for text in ukrainian)
    assert tray_setup.tray.favourites_menu.title() != "&Favourites"

    i18n.install_translations(qapp, "en")
    qtbot.waitUntil(lambda: action_texts(menu) == english)


def test_the_tooltip_names_the_app_once(tray_setup: Setup) -> None:
    tray = tray_setup.tray
    tray.set_state(TrayState.IDLE, "fmc-desktop")
    assert tray.tooltip().count("fmc-desktop") == 1
    tray.set_state(TrayState.IDLE)
    assert tray.tooltip() == "fmc-desktop"
