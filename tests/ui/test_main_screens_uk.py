"""The main screens in Ukrainian at the window's first-start size, with nothing cut off.

Ukrainian runs some 20-40% longer than English, so this is where a toolbar overflows or a tab
title gets an ellipsis. The main window is built as tests/ui/test_main_window.py builds it, filled
by one sync against the simulator; each screen is saved as a PNG (to the test's tmp_path, and to
$FMC_SCREENSHOTS when set) for a person to look at.
"""

from __future__ import annotations

import os
import re

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, QSize
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHeaderView,
    QMenu,
    QTabBar,
    QToolBar,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from fmc_desktop.core.contacts.contact import Contact, ContactNumber
from fmc_desktop.core.numbers.phone import canonical
from fmc_desktop.core.system.paths import AppPaths
from fmc_desktop.core.system.settings import Settings, SettingsStore
from fmc_desktop.ui.dialing.flow import DialController
from fmc_desktop.ui.history.model import Column
from fmc_desktop.ui.shell import i18n
from fmc_desktop.ui.shell.main_window import Tab
from tests.ui.test_i18n import clipped_texts, save_screenshot
from tests.ui.test_main_window import Window, _build, _close, _sync

DEFAULT_SIZE = QSize(1180, 720)  # MainWindow._restore_state's size for a first start
# A long name, organisation and department of one's own, on top of the company directory.
LONG_CONTACT = Contact(
    name="Олександра Костянтинівська-Шевчишина",
    organisation="ТОВ «Західукрбудпостачання»",
    department="Відділ роботи з ключовими клієнтами",
    numbers=[ContactNumber.of("+380671234567", "mobile"), ContactNumber.of("0441234567", "work")],
    favourite=True,
)


@pytest.fixture(autouse=True)
def english_afterwards(qapp: QApplication) -> Iterator[None]:
    yield
    i18n.install_translations(qapp, "en")


def _open_window(
    qtbot: QtBot, qapp: QApplication, simulator: Any, clock: Any, language: str
) -> Iterator[Window]:
    paths = AppPaths.resolve().ensure()
    user = canonical(simulator.company.user.number)
    SettingsStore(paths.settings_file).save(
        Settings(
            base_url=simulator.base_url,
            own_numbers=[user],
            call_as=user,
            company_numbers=[canonical(n) for n in simulator.company.numbers],
        )
    )
    # As the app starts: the language first, then the window.
    assert i18n.install_translations(qapp, language) == language
    w = _build(simulator, clock, paths, simulator.token)
    qtbot.addWidget(w.window)
    try:
        assert _sync(qtbot, w).error is None
        with qtbot.waitSignal(w.loader.finished, timeout=30_000):
            w.window.load_history()
        # What the app does after a sync: the company directory learns the PBX's names.
        w.services.contacts.learn_from_calls(w.services.archive.directory_entries())
        w.services.directory.set_call_activity(w.services.archive.call_activity())
        w.services.contacts.add(LONG_CONTACT)
        w.services.directory.reload()
        w.window.contacts_view.refresh()
        # The first-start size on a monitor of 1280x800 or more at 100%. Qt's offscreen test
        # screen is 800x800, where the window starts smaller to fit (test_fits_small_screens.py).
        w.window.resize(DEFAULT_SIZE)
        w.window.show()
        qtbot.waitExposed(w.window)
        yield w
    finally:
        _close(w)


@pytest.fixture
def window(qtbot: QtBot, qapp: QApplication, simulator: Any, clock: Any) -> Iterator[Window]:
    yield from _open_window(qtbot, qapp, simulator, clock, "uk")


@pytest.fixture
def english_window(
    qtbot: QtBot, qapp: QApplication, simulator: Any, clock: Any
) -> Iterator[Window]:
    yield from _open_window(qtbot, qapp, simulator, clock, "en")


def _tab_titles_cut(bar: QTabBar) -> list[str]:
    problems = []
    for index in range(bar.count()):
        if bar.tabRect(index).width() < bar.tabSizeHint(index).width():
            problems.append(f"tab {bar.tabText(index)!r} is elided")
        if bar.tabRect(index).right() > bar.width():
            problems.append(f"tab {bar.tabText(index)!r} is past the edge of the tab bar")
    return problems


def _toolbar_overflows(bar: QToolBar) -> list[str]:
    """An overflowing toolbar hides its last items behind a » button."""
    extension = bar.findChild(QToolButton, "qt_toolbar_ext_button")
    if extension is not None and extension.isVisible():
        return [f"toolbar {bar.objectName()!r} overflows: some items are behind its » button"]
    return []


def _headers_cut(root: QWidget) -> list[str]:
    problems = []
    for header in root.findChildren(QHeaderView):
        if not header.isVisible() or header.orientation().name != "Horizontal":
            continue
        model = header.model()
        for section in range(header.count()):
            if header.isSectionHidden(section) or header.sectionSize(section) == 0:
                continue
            need = header.sectionSizeFromContents(section).width()
            if header.sectionSize(section) < need and section != header.count() - 1:
                title = model.headerData(section, header.orientation())
                problems.append(f"column {title!r} is elided")
    return problems


def _mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def mnemonic_clashes(texts: list[str]) -> list[str]:
    """Alt+letter must reach one item of a menu: two items with the same & letter clash."""
    seen: dict[str, str] = {}
    clashes = []
    for text in texts:
        letter = _mnemonic(text)
        if letter is None:
            continue
        if letter in seen:
            clashes.append(f"{seen[letter]!r} and {text!r} share Alt+{letter}")
        seen[letter] = text
    return clashes


def screen_problems(root: QWidget) -> list[str]:
    problems = clipped_texts(root)
    for bar in root.findChildren(QTabBar):
        if bar.isVisible():
            problems.extend(_tab_titles_cut(bar))
    for toolbar in root.findChildren(QToolBar):
        if toolbar.isVisible():
            problems.extend(_toolbar_overflows(toolbar))
    problems.extend(_headers_cut(root))
    return problems


def test_the_main_screens_fit_in_ukrainian(
    qtbot: QtBot, window: Window, simulator: Any, tmp_path: Path
) -> None:
    main = window.window
    assert main.size() == DEFAULT_SIZE
    assert main.tabs.tabText(int(Tab.HISTORY)) == "Історія"
    assert main.count_label.text().endswith(("дзвінок", "дзвінки", "дзвінків"))
    problems: list[str] = []

    def look(widget: QWidget, name: str) -> None:
        QApplication.processEvents()
        save_screenshot(widget, tmp_path, f"main-{name}-uk")
        problems.extend(f"{name}: {problem}" for problem in screen_problems(widget))

    for tab, name in (
        (Tab.HISTORY, "1-history"),
        (Tab.CALLBACKS, "2-callbacks"),
        (Tab.INSIGHTS, "3-insights"),
        (Tab.CONTACTS, "4-contacts"),
    ):
        main.tabs.setCurrentIndex(int(tab))
        if tab is Tab.INSIGHTS:
            # The charts are computed over a few turns of the event loop; then laid out.
            shown = main.model.rowCount()

            def charted(shown: int = shown) -> bool:
                return main.insights_view.data().total == shown

            qtbot.waitUntil(charted, timeout=10_000)
            qtbot.wait(50)
        look(main, name)
        if tab is Tab.INSIGHTS:
            # The charts below the fold, as laid out at this width, for a look.
            content = main.insights_view.scroll_area.widget()
            save_screenshot(content, tmp_path, f"main-{name}-all-uk")
    main.tabs.setCurrentIndex(int(Tab.HISTORY))
    panel = main.findChild(QWidget, "dialPanel")
    assert panel is not None
    QTest.keyClicks(main.dial_panel.dial_pad.field, "067 12")  # not complete yet: the pad says so
    main.dial_panel.contact_search.field.insert("олек")  # keyClicks takes ASCII only
    qtbot.waitUntil(lambda: main.dial_panel.contact_search.model.rowCount() > 0, timeout=5_000)
    look(panel, "5-dial-panel")
    main.dial_panel.dial_pad.field.clear()
    main.dial_panel.contact_search.field.clear()

    # The confirmations: a call back from the app, then a link from a web page, the longest.
    dialer: DialController = window.dialer
    other = str(simulator.company.numbers[1])
    starts: list[tuple[str, Callable[[], None]]] = [
        ("6-confirm", lambda: dialer.dial(other, name=LONG_CONTACT.name)),
        ("7-confirm-link", lambda: dialer.handle_incoming_link("tel:+380441234567")),
    ]
    for name, start in starts:
        start()
        qtbot.waitUntil(lambda: dialer.pending_dialog() is not None, timeout=5_000)
        dialog: QDialog | None = dialer.pending_dialog()
        assert dialog is not None
        qtbot.waitExposed(dialog)
        look(dialog, name)
        dialog.reject()
        qtbot.waitUntil(lambda: dialer.pending_dialog() is None, timeout=5_000)
    assert simulator.requests_to("originate") == []
    assert problems == [], "\n".join(problems)


def test_the_ukrainian_menus_have_no_clashing_shortcut_letters(window: Window) -> None:
    main = window.window
    menus: list[QMenu] = [
        main.menus.file_menu,
        main.menus.call_menu,
        main.menus.view_menu,
        main.menus.help_menu,
    ]
    clashes = mnemonic_clashes([menu.title() for menu in menus])
    for menu in menus:
        clashes += mnemonic_clashes([a.text() for a in menu.actions() if not a.isSeparator()])
    assert "Файл" in menus[0].title()
    assert clashes == [], "\n".join(clashes)


def test_switching_to_ukrainian_retitles_and_redates_the_open_window(
    qtbot: QtBot, qapp: QApplication, english_window: Window, tmp_path: Path
) -> None:
    """Settings changes the language without a restart: the open window follows at once."""
    main = english_window.window
    time_column = int(Column.TIME)
    assert "/" in main.model.index(0, time_column).data()  # en_GB: 20/11/2026 09:46
    assert main.callbacks_view.tree.headerItem().text(0) == "Who"

    i18n.install_translations(qapp, "uk")
    qtbot.waitUntil(lambda: main.callbacks_view.tree.headerItem().text(0) == "Хто", timeout=3000)
    assert main.tabs.tabText(int(Tab.HISTORY)) == "Історія"
    assert "." in main.model.index(0, time_column).data()  # uk: 20.11.2026 09:46
    chart = main.insights_view.findChild(QWidget, "hourOfWeekChart")
    assert chart is not None
    assert chart.locale().language() == QLocale.Language.Ukrainian  # "пн", not "Mon"
    main.tabs.setCurrentIndex(int(Tab.INSIGHTS))
    qtbot.waitUntil(lambda: not main._insights_dirty, timeout=10_000)
    # The new texts are laid out over a few turns of the event loop (layout requests are posted
    # events, and a busy machine spreads them out): wait for the layout to settle, then look.
    try:
        qtbot.waitUntil(lambda: screen_problems(main) == [], timeout=3_000)
    finally:
        save_screenshot(main, tmp_path, "main-switched-to-uk")
    assert screen_problems(main) == []
