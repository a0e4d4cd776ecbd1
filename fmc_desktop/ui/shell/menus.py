"""The main window's menus and their actions: File, Call, View and Help, with their shortcuts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from fmc_desktop.ui.shell import icons


class WindowMenus(QObject):
    """Every action of the main window's menu bar, and the menus that hold them.

    The actions belong to the window (their shortcuts work wherever it has the focus, and the
    F1 list finds them there); the window connects them to what they do.
    """

    def __init__(self, window: QMainWindow, tab_count: int) -> None:
        super().__init__(window)
        self._window = window

        def action(name: str, icon: str | None = None, shortcut: Any = None) -> QAction:
            made = QAction(window)
            made.setObjectName(name)
            # macOS moves actions into the application menu by their text unless told
            # otherwise; only About, Settings and Quit belong there (set below).
            made.setMenuRole(QAction.MenuRole.NoRole)
            if icon:
                made.setIcon(icons.icon(icon))
            if shortcut is not None:
                made.setShortcut(QKeySequence(shortcut))
            return made

        self.sync_action = action("syncAction", "sync", QKeySequence.StandardKey.Refresh)
        self.sync_action.setShortcuts([QKeySequence("F5"), QKeySequence("Ctrl+R")])
        self.export_action = action("exportAction", "export", "Ctrl+E")
        self.import_calls_action = action("importCallsAction")
        self.import_contacts_action = action("importContactsAction", "contacts")
        self.export_contacts_action = action("exportContactsAction")
        self.settings_action = action("settingsAction", "settings", "Ctrl+,")
        self.quit_action = action("quitAction", None, QKeySequence.StandardKey.Quit)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.find_action = action("findAction", "search", QKeySequence.StandardKey.Find)
        self.dial_action = action("dialAction", "dial", "Ctrl+D")
        self.redial_action = action("redialAction", None, "Ctrl+Shift+D")
        self.clipboard_action = action("clipboardDialAction", None, "Ctrl+Shift+V")
        self.kyiv_time_action = action("kyivTimeAction")
        self.kyiv_time_action.setCheckable(True)
        self.compact_action = action("compactAction", None, "Ctrl+Shift+M")
        self.compact_action.setCheckable(True)
        self.about_action = action("aboutAction")
        # On macOS these three go to the application menu, where users look for them.
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.help_shortcuts_action = action("shortcutsAction", None, "F1")
        self.help_shortcuts_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.tab_actions = [
            action(f"tab{i}Action", None, f"Ctrl+{i + 1}") for i in range(tab_count)
        ]
        # Not in a menu of their own, or not only: the window takes their keys itself.
        for shortcut in (*self.tab_actions, self.find_action, self.dial_action):
            window.addAction(shortcut)

        bar = window.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addAction(self.export_action)
        self.file_menu.addAction(self.import_calls_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.import_contacts_action)
        self.file_menu.addAction(self.export_contacts_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.settings_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.call_menu = bar.addMenu("")
        self.call_menu.addAction(self.dial_action)
        self.call_menu.addAction(self.redial_action)
        self.call_menu.addAction(self.clipboard_action)
        self.view_menu = bar.addMenu("")
        for tab in self.tab_actions:
            self.view_menu.addAction(tab)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.find_action)
        self.view_menu.addAction(self.kyiv_time_action)
        self.view_menu.addAction(self.compact_action)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.sync_action)
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.help_shortcuts_action)
        self.help_menu.addAction(self.about_action)

    def set_compact_checked(self, on: bool) -> None:
        """Tick or untick Compact window without asking for the switch again."""
        self.compact_action.blockSignals(True)
        self.compact_action.setChecked(on)
        self.compact_action.blockSignals(False)

    def retranslate(self) -> None:
        self.sync_action.setText(self.tr("Sync now"))
        self.sync_action.setToolTip(self.tr("Fetch new calls from Kyivstar now (F5)"))
        self.export_action.setText(self.tr("&Export this view…"))
        self.import_calls_action.setText(self.tr("&Import calls…"))
        self.import_contacts_action.setText(self.tr("Import &contacts…"))
        self.export_contacts_action.setText(self.tr("Export c&ontacts…"))
        self.settings_action.setText(self.tr("&Settings…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.find_action.setText(self.tr("&Search calls"))
        self.dial_action.setText(self.tr("&Dial a number"))
        self.redial_action.setText(self.tr("&Redial"))
        self.clipboard_action.setText(self.tr("Call the number on the &clipboard"))
        self.kyiv_time_action.setText(self.tr("Show times in &Kyiv time"))
        self.compact_action.setText(self.tr("Co&mpact window"))
        self.about_action.setText(self.tr("&About fmc-desktop"))
        self.help_shortcuts_action.setText(self.tr("&Keyboard shortcuts"))
        tab_names = [
            self.tr("&History"),
            self.tr("&To call back"),
            self.tr("&Insights"),
            self.tr("C&ontacts"),
        ]
        for tab, name in zip(self.tab_actions, tab_names, strict=True):
            tab.setText(name)
        self.file_menu.setTitle(self.tr("&File"))
        self.call_menu.setTitle(self.tr("&Call"))
        self.view_menu.setTitle(self.tr("&View"))
        self.help_menu.setTitle(self.tr("&Help"))
