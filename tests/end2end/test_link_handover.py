"""A tel: link clicked while the app runs: a second process hands it over, the first confirms it.

The first instance runs inside the test (pytest-qt); the second is the real program started as
a process, as xdg-open would start it.
"""

from __future__ import annotations

import argparse
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from fmc_desktop.core.numbers.phone import canonical
from fmc_desktop.core.system.paths import AppPaths
from fmc_desktop.core.system.settings import Settings, SettingsStore
from tests.conftest import PYTHON, cli_env


@pytest.fixture
def simulator(live_simulator: Any) -> Any:
    """The app runs on the system clock, so its simulator does too."""
    return live_simulator


@pytest.fixture
def running_app(
    qtbot: QtBot, simulator: Any, isolated_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Any]:
    from PySide6.QtWidgets import QApplication

    from fmc_desktop.ui.shell.app import DesktopApp, build_services
    from fmc_desktop.ui.shell.single_instance import SingleInstance

    monkeypatch.setenv("FMC_TOKEN", simulator.token)
    paths = AppPaths.resolve().ensure()
    user = canonical(simulator.company.user.number)
    SettingsStore(paths.settings_file).save(
        Settings(
            base_url=simulator.base_url,
            own_numbers=[user],
            call_as=user,
            company_numbers=[canonical(n) for n in simulator.company.numbers],
            sync_interval_minutes=60,
        )
    )
    instance = SingleInstance(paths.data)
    assert instance.acquire()
    services, notes = build_services(argparse.Namespace(demo=False, base_url=None), paths)
    assert notes == []
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    desktop = DesktopApp(services, instance, app)
    desktop.start()
    yield desktop
    desktop.shutdown()


def test_a_link_from_a_second_process_is_confirmed_then_dialled_once(
    qtbot: QtBot, running_app: Any, simulator: Any, isolated_environment: Path
) -> None:
    desktop = running_app
    second = subprocess.run(
        [PYTHON, "-m", "fmc_desktop", "tel:+38-044-111-11-11"],
        env=cli_env(isolated_environment),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert second.returncode == 0, second.stderr
    qtbot.waitUntil(lambda: desktop.dialer.pending_dialog() is not None, timeout=10_000)
    dialog = desktop.dialer.pending_dialog()
    # Nothing is dialled before the user confirms: a web page cannot place a paid call.
    assert simulator.requests_to("originate") == []
    assert "044 111 11 11" in dialog.windowTitle() + " ".join(
        label.text() for label in dialog.findChildren(type(desktop.window.dial_panel.title))
    )
    dialog.accept()
    qtbot.waitUntil(lambda: len(simulator.originates) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: not desktop.dialer.is_busy(), timeout=10_000)
    assert len(simulator.requests_to("originate")) == 1
    assert simulator.originates[0].called_number == "+380441111111"


def test_a_second_plain_start_brings_the_window_forward(
    qtbot: QtBot, running_app: Any, isolated_environment: Path
) -> None:
    desktop = running_app
    desktop.window.hide()
    second = subprocess.run(
        [PYTHON, "-m", "fmc_desktop"],
        env=cli_env(isolated_environment),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert second.returncode == 0, second.stderr
    qtbot.waitUntil(desktop.window.isVisible, timeout=10_000)
