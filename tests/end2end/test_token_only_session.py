"""Set up on a computer without a keyring: the next start asks for the token, not the setup."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from fmc_desktop.core.numbers.phone import canonical
from fmc_desktop.core.system.paths import AppPaths
from fmc_desktop.core.system.settings import Settings, SettingsStore
from tests.support.keyrings import MemoryKeyring


def test_a_start_with_settings_but_no_token_asks_for_the_token_alone(
    qtbot: QtBot, live_simulator: Any, isolated_environment: Path, memory_keyring: MemoryKeyring
) -> None:
    from fmc_desktop.ui.shell.app import DesktopApp, build_services
    from fmc_desktop.ui.shell.single_instance import SingleInstance

    simulator = live_simulator
    paths = AppPaths.resolve().ensure()
    user = canonical(simulator.company.user.number)
    SettingsStore(paths.settings_file).save(
        Settings(base_url=simulator.base_url, own_numbers=[user], call_as=user)
    )
    instance = SingleInstance(paths.data)
    assert instance.acquire()
    services, _notes = build_services(argparse.Namespace(demo=False, base_url=None), paths)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    desktop = DesktopApp(services, instance, app)
    asked: list[str] = []

    def answer() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QDialog):
            asked.append(modal.objectName())
            modal.reject()
        else:
            QTimer.singleShot(50, answer)

    QTimer.singleShot(50, answer)
    desktop.start()
    try:
        qtbot.waitUntil(lambda: bool(asked), timeout=20_000)
        assert asked == ["tokenDialog"]  # not the setup wizard
        qtbot.waitUntil(lambda: desktop.window.banner.isVisible(), timeout=5_000)
        assert "token" in desktop.window.banner.text()
    finally:
        desktop.shutdown()
