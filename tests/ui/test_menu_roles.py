"""macOS puts About, Settings and Quit into the application menu by their menu role."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from tests.ui.test_main_window import Window, paths, ui  # noqa: F401 (fixtures)


def test_about_settings_and_quit_carry_their_menu_roles(qtbot: QtBot, ui: Window) -> None:  # noqa: F811
    window: Any = ui.window
    assert window.menus.about_action.menuRole() == QAction.MenuRole.AboutRole
    assert window.menus.settings_action.menuRole() == QAction.MenuRole.PreferencesRole
    assert window.menus.quit_action.menuRole() == QAction.MenuRole.QuitRole
    # No other action is moved by its text ("Settings…", "About…" heuristics).
    others = [
        action
        for action in window.findChildren(QAction)
        if action
        not in (window.menus.about_action, window.menus.settings_action, window.menus.quit_action)
        and action.parent() is window
    ]
    assert others
    assert all(a.menuRole() == QAction.MenuRole.NoRole for a in others), [
        a.objectName() for a in others if a.menuRole() != QAction.MenuRole.NoRole
    ]
