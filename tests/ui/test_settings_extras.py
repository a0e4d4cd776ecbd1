"""Settings for the quick check for missed calls and the global shortcut, through the dialog."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from fmc_desktop.core.system.settings import Settings
from fmc_desktop.ui.settings.pages.global_shortcut import GlobalShortcutGroup
from fmc_desktop.ui.settings.pages.quick_check import QuickCheckGroup


def test_the_quick_check_says_what_it_costs_and_never_goes_below_thirty_seconds(
    qtbot: QtBot,
) -> None:
    group = QuickCheckGroup()
    qtbot.addWidget(group)
    group.load(Settings())
    assert group.seconds.value() == 60
    assert "every 60 s" in group.note.text()
    assert "1,440 a day" in group.note.text() or "1440 a day" in group.note.text()
    group.seconds.setValue(10)
    assert group.seconds.value() == 30
    assert group.values() == {"quick_check_seconds": 30}
    group.seconds.setValue(0)
    assert group.seconds.text() == "Off"
    assert group.values() == {"quick_check_seconds": 0}
    assert group.note.text().startswith("Off")


def test_the_global_shortcut_round_trips_and_says_why_it_is_off(qtbot: QtBot) -> None:
    group = GlobalShortcutGroup()
    qtbot.addWidget(group)
    group.load(Settings())
    assert group.enabled.isChecked()
    assert group.values() == {"global_shortcut": "Ctrl+Alt+D"}
    group.keys.setKeySequence(QKeySequence("Ctrl+Shift+F9"))
    assert group.values() == {"global_shortcut": "Ctrl+Shift+F9"}
    group.keys.setKeySequence(QKeySequence("F9"))  # a plain key is refused
    assert group.values() == {"global_shortcut": ""}
    assert "Ctrl, Alt or Meta" in group.note.text()
    group.enabled.setChecked(False)
    group.keys.setKeySequence(QKeySequence("Ctrl+Alt+D"))
    assert group.values() == {"global_shortcut": ""}
    group.enabled.setChecked(True)
    group.set_problem("Global shortcuts are not available on this desktop (offscreen).")
    assert group.note.text() == (
        "Off here: Global shortcuts are not available on this desktop (offscreen)."
    )
    group.load(Settings(global_shortcut=""))
    assert not group.enabled.isChecked()
    assert not group.keys.isEnabled()
