"""Screen readers and the keyboard: every control has a name, and the keys reach everything.

The accessible-name test walks the widget tree of each screen a user meets (the main window on
each of its tabs, Settings, the first-run wizard on each page, the call confirmation) and fails
on any interactive widget a screen reader would announce without a name.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QTabBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from fmc_desktop.core.numbers.phone import parse_number
from fmc_desktop.core.system.paths import AppPaths
from fmc_desktop.core.system.secrets import TokenStore
from fmc_desktop.core.system.settings import Settings, SettingsStore
from tests.ui.test_main_window import Window, _build, _close
from tests.ui.test_main_window import paths as paths

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QTabBar)


def _part_of_another_control(widget: QWidget) -> bool:
    # The pieces Qt builds inside a control: a combo's popup list, a field's clear button, a spin
    # box's editor, a table's header, a tab bar's scroll arrows, a toolbar's extension button.
    parent = widget.parentWidget()
    return (
        isinstance(widget, QHeaderView)
        or isinstance(parent, (QLineEdit, QAbstractSpinBox, QComboBox, QTabBar))
        or widget.objectName() == "qt_toolbar_ext_button"
        or (parent is not None and parent.metaObject().className() == "QComboBoxPrivateContainer")
    )


def nameless_controls(root: QWidget) -> list[str]:
    """The visible interactive widgets under `root` with no accessible name of their own."""
    return [
        f"{type(widget).__name__} {widget.objectName()!r} in {type(widget.parentWidget()).__name__}"
        for widget in root.findChildren(QWidget)
        if isinstance(widget, CONTROLS)
        and widget.isVisibleTo(root)
        and not widget.accessibleName()
        and not _part_of_another_control(widget)
    ]


@pytest.fixture
def ui(qtbot: QtBot, simulator: Any, clock: Any, paths: AppPaths) -> Iterator[Window]:
    w = _build(simulator, clock, paths, simulator.token)
    qtbot.addWidget(w.window)
    w.window.show()
    qtbot.waitExposed(w.window)
    yield w
    _close(w)


def test_every_control_of_the_main_window_has_a_name_on_every_tab(ui: Window) -> None:
    window = ui.window
    found: list[str] = []
    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
        QApplication.processEvents()
        found += [f"tab {tab}: {item}" for item in nameless_controls(window)]
    window.filter_bar.period_combo.setCurrentIndex(
        window.filter_bar.period_combo.findData(5)
    )  # the custom range
    found += nameless_controls(window)
    assert sorted(set(found)) == [], "\n".join(sorted(set(found)))


def test_every_control_of_the_wizard_has_a_name_on_every_page(
    qtbot: QtBot, simulator: Any, clock: Any
) -> None:
    from fmc_desktop.ui.settings.first_run.wizard import FirstRunWizard

    paths = AppPaths.resolve().ensure()
    wizard = FirstRunWizard(
        Settings(base_url=simulator.base_url),
        SettingsStore(paths.settings_file),
        TokenStore(simulator.base_url, timeout=5),
        paths.archive_file,
        clock=clock,
    )
    qtbot.addWidget(wizard)
    wizard.show()
    found: list[str] = []
    for page_id in wizard.pageIds():
        page = wizard.page(page_id)
        page.show()
        found += [f"page {page_id}: {item}" for item in nameless_controls(page)]
    assert found == []
    wizard.reject()


def test_every_control_of_the_confirmation_has_a_name(qtbot: QtBot) -> None:
    from fmc_desktop.ui.dialing.confirm_dial import ConfirmDialDialog, Origin

    own = [parse_number("+380671234567"), parse_number("+380501234567")]
    dialog = ConfirmDialDialog(
        parse_number("+380441234567"),
        name="Олена",
        call_as_choices=own,
        from_outside=True,
        origin=Origin.CLIPBOARD,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert nameless_controls(dialog) == []
    dialog.reject()


# --- the keyboard ------------------------------------------------------------------------------


def _tab_chain(start: QWidget, stops: int) -> list[QWidget]:
    chain: list[QWidget] = []
    focused = QApplication.focusWidget()
    for _ in range(stops):
        assert focused is not None, f"nothing has the focus after {chain}"
        QTest.keyClick(focused, Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        assert focused is not None, f"nothing has the focus after {chain}"
        chain.append(focused)
    return chain


def test_tab_reaches_whole_pbx_and_a_custom_range_takes_two_stops(qtbot: QtBot, ui: Window) -> None:
    window = ui.window
    # Wide enough for the whole toolbar: the offscreen screen is 800 px wide, and the window now
    # opens no wider than its screen, which would fold the last filters into the overflow menu.
    window.resize(1180, 720)
    window.activateWindow()
    window.filter_bar.period_combo.setCurrentIndex(window.filter_bar.period_combo.findData(5))
    window.filter_bar.period_combo.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: window.filter_bar.period_combo.hasFocus())
    QApplication.processEvents()
    assert window.filter_bar.from_edit.isVisible(), window.width()
    chain = _tab_chain(window.filter_bar.period_combo, 8)
    expected = [
        window.filter_bar.from_edit,
        window.filter_bar.to_edit,
        window.filter_bar.search_edit,
        window.filter_bar.direction_combo,
        window.filter_bar.answered_combo,
        window.filter_bar.mine_button,
        window.filter_bar.pbx_button,
    ]
    assert chain[: len(expected)] == expected
    # Shift+Tab comes back the same way, a date range again in two stops.
    window.filter_bar.search_edit.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(window.filter_bar.search_edit, Qt.Key.Key_Backtab)
    focused = QApplication.focusWidget()
    assert focused is window.filter_bar.to_edit
    QTest.keyClick(focused, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is window.filter_bar.from_edit


def test_down_from_the_search_box_enters_the_results_and_enter_calls(
    qtbot: QtBot, ui: Window
) -> None:
    window = ui.window
    with qtbot.waitSignal(ui.sync.finished, timeout=60_000):
        assert ui.sync.sync_now()
    with qtbot.waitSignal(ui.loader.finished, timeout=30_000):
        window.load_history()
    window.activateWindow()
    window.filter_bar.search_edit.setFocus()
    qtbot.waitUntil(window.filter_bar.search_edit.hasFocus)
    QTest.keyClick(window.filter_bar.search_edit, Qt.Key.Key_Down)
    table = window.history_view
    assert table.hasFocus()
    assert table.currentIndex().row() == 0
    assert table.selectionModel().isRowSelected(0)
    QTest.keyClick(table, Qt.Key.Key_Down)
    assert table.currentIndex().row() == 1
    with qtbot.waitSignal(table.call_back_requested) as called:
        QTest.keyClick(table, Qt.Key.Key_Return)
    assert called.args[0]
    # Up from the first row goes back to the search box, as in a browser's address bar.
    QTest.keyClick(table, Qt.Key.Key_Up)
    QTest.keyClick(table, Qt.Key.Key_Up)
    assert window.filter_bar.search_edit.hasFocus()
    # Up from the search box lands on the last result.
    QTest.keyClick(window.filter_bar.search_edit, Qt.Key.Key_Up)
    assert table.hasFocus()
    assert table.currentIndex().row() == window.model.rowCount() - 1


def test_the_history_table_shows_where_the_focus_is(qtbot: QtBot, ui: Window) -> None:
    with qtbot.waitSignal(ui.sync.finished, timeout=60_000):
        assert ui.sync.sync_now()
    with qtbot.waitSignal(ui.loader.finished, timeout=30_000):
        ui.window.load_history()
    table = ui.window.history_view
    ui.window.activateWindow()
    table.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(table.hasFocus)
    # Tabbing into the table marks a row at once, so the user sees where the keys will act.
    assert table.currentIndex().isValid()
    assert table.selectionModel().isRowSelected(table.currentIndex().row())


def test_f1_lists_every_shortcut_of_the_window(qtbot: QtBot, ui: Window) -> None:
    from fmc_desktop.ui.shell.shortcuts_help import ShortcutsDialog, window_shortcuts

    window = ui.window
    rows = window_shortcuts(window)
    keys = {key for _, joined in rows for key in joined.split(", ")}
    for action in (window.menus.sync_action, window.menus.dial_action, window.menus.find_action):
        assert action.shortcut().toString() in keys
    assert "F1" in keys
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.menus.help_shortcuts_action.trigger()
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, ShortcutsDialog)]
    assert dialogs
    assert dialogs[0].isVisible()
    assert dialogs[0].table.rowCount() >= len(rows)
    assert dialogs[0].table.accessibleName()
    assert nameless_controls(dialogs[0]) == []
    dialogs[0].close()


def test_the_filters_show_only_on_the_tabs_they_filter(qtbot: QtBot, ui: Window) -> None:
    from fmc_desktop.ui.shell.main_window import Tab

    window = ui.window
    filters = [
        window.filter_bar.period_combo,
        window.filter_bar.search_edit,
        window.filter_bar.direction_combo,
        window.filter_bar.pbx_button,
    ]
    for tab, shown in (
        (Tab.HISTORY, True),
        (Tab.CALLBACKS, False),
        (Tab.INSIGHTS, True),
        (Tab.CONTACTS, False),
    ):
        window.tabs.setCurrentIndex(int(tab))
        QApplication.processEvents()  # the toolbar lays itself out again on the next turn
        assert [w.isVisibleTo(window) for w in filters] == [shown] * len(filters), tab
    # Contacts has one search box: its own.
    searches = [
        w
        for w in window.findChildren(QLineEdit)
        if w.isVisibleTo(window) and "search" in w.objectName().lower()
    ]
    assert len(searches) == 1, [w.objectName() for w in searches]
    assert window.contacts_view.isAncestorOf(searches[0])
    window.tabs.setCurrentIndex(int(Tab.HISTORY))
    assert window.dial_panel.contact_search.isVisibleTo(window)
    # The custom range comes back with its tab.
    window.filter_bar.period_combo.setCurrentIndex(window.filter_bar.period_combo.findData(5))
    window.tabs.setCurrentIndex(int(Tab.CONTACTS))
    QApplication.processEvents()
    assert not window.filter_bar.from_edit.isVisibleTo(window)
    window.tabs.setCurrentIndex(int(Tab.HISTORY))
    QApplication.processEvents()
    assert window.filter_bar.from_edit.isVisibleTo(window)
