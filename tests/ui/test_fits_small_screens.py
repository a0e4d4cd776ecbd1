"""Every window and dialog fits a small laptop screen at a high scale, in both languages.

A 1280x800 screen at 150% leaves 853x533 logical pixels and a 1366x768 one at 125% leaves
1093x614: common office laptops. Each case runs in a process of its own on Qt's offscreen
platform, given that screen through its configuration file and scaled with QT_SCALE_FACTOR,
as the user's desktop would scale it.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect
from pytestqt.qtbot import QtBot

from fmc_desktop.core.system.paths import AppPaths
from tests.conftest import PYTHON, cli_env

# What the window manager adds above and around a window (see screen_fit.FRAME).
TITLE_BAR = 32
BORDERS = 8

SCREENS = [
    pytest.param(1280, 800, "1.5", "en", id="1280x800@150%-en"),
    pytest.param(1280, 800, "1.5", "uk", id="1280x800@150%-uk"),
    pytest.param(1366, 768, "1.25", "en", id="1366x768@125%-en"),
    pytest.param(1366, 768, "1.25", "uk", id="1366x768@125%-uk"),
]


def window_sizes(tmp_path: Path, width: int, height: int, scale: str, language: str) -> dict:
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps(
            {"screens": [{"name": "laptop", "x": 0, "y": 0, "width": width, "height": height}]}
        ),
        encoding="utf-8",
    )
    env = cli_env(
        tmp_path / "home",
        QT_QPA_PLATFORM=f"offscreen:configfile={config}",
        QT_SCALE_FACTOR=scale,
    )
    done = subprocess.run(
        [PYTHON, "-m", "tests.ui.window_sizes", language],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize(("width", "height", "scale", "language"), SCREENS)
def test_every_window_fits_the_screen_with_its_frame(
    tmp_path: Path, width: int, height: int, scale: str, language: str
) -> None:
    sizes = window_sizes(tmp_path, width, height, scale, language)
    free_width, free_height = sizes.pop("screen")
    assert abs(free_width - width / float(scale)) < 1  # the scale really applied
    assert len(sizes) >= 7
    too_big = {
        name: info
        for name, info in sizes.items()
        if max(info["size"][0], info["minimum"][0]) + BORDERS > free_width
        or max(info["size"][1], info["minimum"][1]) + TITLE_BAR > free_height
    }
    assert too_big == {}, f"larger than {free_width}x{free_height}"
    clipped = {name: info["clipped"] for name, info in sizes.items() if info["clipped"]}
    assert clipped == {}


# --- a saved geometry ----------------------------------------------------------------------------


@pytest.fixture
def saved_paths(simulator: Any) -> AppPaths:
    from tests.ui.test_main_window import paths as make_paths

    return make_paths.__wrapped__(simulator)  # type: ignore[attr-defined]


def _window_with_saved_geometry(
    qtbot: QtBot, simulator: Any, clock: Any, paths: AppPaths, geometry: QRect
) -> Any:
    """A window saved at `geometry` in a previous run, then opened again."""
    from tests.ui.test_main_window import _build, _close

    first = _build(simulator, clock, paths, simulator.token)
    qtbot.addWidget(first.window)
    first.window.setGeometry(geometry)
    first.window.show()
    _close(first)
    second = _build(simulator, clock, paths, simulator.token)
    qtbot.addWidget(second.window)
    second.window.show()
    return second


def test_a_saved_geometry_that_fits_is_restored(
    qtbot: QtBot, simulator: Any, clock: Any, saved_paths: AppPaths
) -> None:
    from tests.ui.test_main_window import _close

    w = _window_with_saved_geometry(qtbot, simulator, clock, saved_paths, QRect(40, 60, 700, 500))
    try:
        assert w.window.geometry() == QRect(40, 60, 700, 500)
    finally:
        _close(w)


@pytest.mark.parametrize(
    "geometry",
    [QRect(0, 40, 1600, 1000), QRect(2200, 100, 700, 500)],
    ids=["saved on a bigger screen", "saved on a monitor since unplugged"],
)
def test_a_saved_geometry_that_does_not_fit_is_not_restored(
    qtbot: QtBot, simulator: Any, clock: Any, saved_paths: AppPaths, geometry: QRect
) -> None:
    from tests.ui.test_main_window import _close

    w = _window_with_saved_geometry(qtbot, simulator, clock, saved_paths, geometry)
    try:
        screen = w.window.screen().availableGeometry()
        assert screen.contains(w.window.geometry())
        assert w.window.height() + TITLE_BAR <= screen.height()
    finally:
        _close(w)
