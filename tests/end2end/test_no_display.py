"""Started where there is no graphical display (an SSH session, a server, a container)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import PYTHON, cli_env


def _no_display_env(home: Path) -> dict[str, str]:
    env = cli_env(home)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    return env


@pytest.mark.parametrize("args", [[], ["tel:+380441234567"]], ids=["plain start", "a tel: link"])
def test_without_a_display_says_so_in_one_line_and_points_at_the_command_line(
    tmp_path: Path, args: list[str]
) -> None:
    done = subprocess.run(
        [PYTHON, "-m", "fmc_desktop", *args],
        env=_no_display_env(tmp_path / "home"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "no graphical display was found" in lines[0]
    assert "fmc-desktop --help" in lines[0]
    assert "reinstalling" not in done.stderr
    assert done.stdout == ""


def test_the_command_line_still_works_without_a_display(tmp_path: Path) -> None:
    done = subprocess.run(
        [PYTHON, "-m", "fmc_desktop", "--help"],
        env=_no_display_env(tmp_path / "home"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert "usage" in done.stdout.lower()


@pytest.mark.parametrize(
    ("environ", "missing"),
    [
        ({}, True),
        ({"DISPLAY": ":0"}, False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, False),
        ({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}, True),
        ({"QT_QPA_PLATFORM": "wayland", "DISPLAY": ":0"}, True),
        ({"QT_QPA_PLATFORM": "offscreen"}, False),
    ],
)
def test_which_environments_lack_a_display(environ: dict[str, str], missing: bool) -> None:
    from fmc_desktop.ui.shell.app import display_missing

    assert display_missing(environ, platform="linux") is missing
    assert display_missing(environ, platform="win32") is False
