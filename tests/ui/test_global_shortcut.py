"""Dial the selected text from any program: a real X server (Xvfb), a real key press (xdotool).

The grab is tested on X11 only: the Windows hotkey and the Wayland portal cannot run here, so
their key translation is what is tested of them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fmc_desktop.core.api.clock import ManualClock
from fmc_desktop.simulator import Simulator
from fmc_desktop.ui.dialing.global_shortcut import (
    MOD_ALT,
    MOD_CONTROL,
    MOD_NOREPEAT,
    MOD_SHIFT,
    MOD_WIN,
    GlobalShortcut,
    SelectionDialer,
    X11Grab,
    portal_trigger,
    split_sequence,
    windows_hotkey,
)
from tests.ui.test_dialing import Harness

needs_x = pytest.mark.skipif(
    shutil.which("Xvfb") is None or shutil.which("xdotool") is None,
    reason="needs Xvfb and xdotool",
)


@pytest.fixture
def x_display() -> Iterator[str]:
    """A private X server, gone after the test. Xvfb picks a free display number itself and
    tells it through -displayfd: picking one here could race with other X servers starting.
    -noreset: by default an X server resets when its last client leaves, and refuses the
    connections that arrive meanwhile; a desktop always has clients, this one may not."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [
            "Xvfb",
            "-displayfd",
            str(write_end),
            "-noreset",
            "-nolisten",
            "tcp",
            "-screen",
            "0",
            "800x600x24",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(write_end,),
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end, "rb") as pipe:
            number = pipe.readline().strip().decode()
        assert number.isdigit(), "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


def press(display: str, keys: str) -> None:
    subprocess.run(
        ["xdotool", "key", keys], env={**os.environ, "DISPLAY": display}, check=True, timeout=10
    )


@needs_x
def test_the_shortcut_fires_while_another_program_has_the_focus(
    qtbot: QtBot, x_display: str
) -> None:
    shortcut = GlobalShortcut(display=x_display)
    assert shortcut.start("Ctrl+Alt+D") is None
    try:
        with qtbot.waitSignal(shortcut.activated, timeout=5000):
            press(x_display, "ctrl+alt+d")
        # With Num Lock on, the same keys still count.
        press(x_display, "Num_Lock")
        with qtbot.waitSignal(shortcut.activated, timeout=5000):
            press(x_display, "ctrl+alt+d")
        press(x_display, "Num_Lock")
        # Other keys do not.
        with qtbot.assertNotEmitted(shortcut.activated, wait=300):
            press(x_display, "ctrl+d")
    finally:
        shortcut.stop()


@needs_x
def test_keys_another_program_holds_are_refused_with_a_sentence(x_display: str) -> None:
    first = X11Grab(x_display)
    assert first.start("Ctrl+Alt+D") is None
    second = X11Grab(x_display)
    try:
        assert second.start("Ctrl+Alt+D") == "Another program already uses Ctrl+Alt+D."
    finally:
        second.stop()
        first.stop()
    # Released: now it can be had.
    third = X11Grab(x_display)
    assert third.start("Ctrl+Alt+D") is None
    third.stop()


@needs_x
def test_the_selected_number_is_confirmed_before_it_is_dialled(
    qtbot: QtBot, x_display: str, simulator: Simulator, clock: ManualClock, tmp_path: Path
) -> None:
    harness = Harness(simulator, clock, tmp_path)
    shortcut = GlobalShortcut(display=x_display)
    SelectionDialer(shortcut, harness.controller, shortcut)
    assert shortcut.start("Ctrl+Alt+D") is None
    try:
        # Offscreen Qt has no primary selection: the clipboard stands in, as on Windows.
        QApplication.clipboard().setText("Передзвоніть, будь ласка: 067 123 45 67 (Олена)")
        press(x_display, "ctrl+alt+d")
        dialog = harness.dialog(qtbot)
        assert dialog.isVisible()
        assert dialog.from_outside
        assert dialog.number.canonical == "+380671234567"
        assert dialog.cancel_button.isDefault()  # confirm_before_dial is off, and still asked
        dialog.reject()
        qtbot.waitUntil(lambda: bool(harness.outcomes))
        assert harness.originates() == 0
    finally:
        shortcut.stop()
        assert harness.controller.shutdown(5000)


def test_a_selection_without_a_number_says_so(
    qtbot: QtBot, simulator: Simulator, clock: ManualClock, tmp_path: Path
) -> None:
    harness = Harness(simulator, clock, tmp_path)
    shortcut = GlobalShortcut()
    SelectionDialer(shortcut, harness.controller, shortcut)
    QApplication.clipboard().setText("Order 2026-12-07, total 1500 UAH")
    shortcut.activated.emit()
    outcome = harness.wait_outcome(qtbot)
    assert outcome.title == "Not a phone number"
    assert harness.originates() == 0
    assert harness.controller.shutdown(5000)


def test_a_global_shortcut_needs_a_modifier() -> None:
    assert split_sequence("Ctrl+Alt+D") == (frozenset({"Ctrl", "Alt"}), "D")
    assert split_sequence("D") is None
    assert split_sequence("Shift+D") is None  # would steal capital D from every program
    assert split_sequence("Ctrl+D, Ctrl+E") is None


def test_the_windows_hotkey_codes() -> None:
    assert windows_hotkey("Ctrl+Alt+D") == (MOD_NOREPEAT | MOD_CONTROL | MOD_ALT, 0x44)
    assert windows_hotkey("Meta+Shift+F9") == (MOD_NOREPEAT | MOD_WIN | MOD_SHIFT, 0x78)
    assert windows_hotkey("Ctrl+Alt+7") == (MOD_NOREPEAT | MOD_CONTROL | MOD_ALT, 0x37)
    assert windows_hotkey("Q") is None


def test_the_portal_trigger_follows_the_xdg_shortcut_format() -> None:
    assert portal_trigger("Ctrl+Alt+D") == "CTRL+ALT+d"
    assert portal_trigger("Meta+Shift+F9") == "SHIFT+LOGO+F9"


def test_where_no_way_exists_it_says_why(qtbot: QtBot) -> None:
    shortcut = GlobalShortcut()  # offscreen: neither X11 nor Wayland nor Windows
    problem = shortcut.start("Ctrl+Alt+D")
    assert problem == "Global shortcuts are not available on this desktop (offscreen)."
    assert shortcut.start("") is None  # off is always possible
