"""The tray's menu and the quick-dial popup, tested where there is no tray (offscreen): every
entry dials through the one flow, and numbers from the clipboard are confirmed."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QAction, QGuiApplication, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon
from pytestqt.qtbot import QtBot

from fmc_desktop.core.api.client import FmcClient
from fmc_desktop.core.api.clock import ManualClock
from fmc_desktop.core.contacts.contact import Contact, ContactNumber
from fmc_desktop.core.contacts.directory import Directory
from fmc_desktop.core.dialing.dial_log import DialLog
from fmc_desktop.core.system.settings import Settings
from fmc_desktop.simulator import Simulator
from fmc_desktop.ui.dialing.flow import DialController, DialOutcome, DialOutcomeKind
from fmc_desktop.ui.dialing.quick_dial import QuickDialPopup, place_near
from fmc_desktop.ui.dialing.tray import TrayIcon, TrayState, _drawn_icon, icon_for_state

FAVOURITE = Contact(
    id=1,
    name="Olena & Co",
    numbers=[ContactNumber.of("0671234567", "mobile"), ContactNumber.of("0441234567", "work")],
    favourite=True,
)


class Setup:
    def __init__(self, simulator: Simulator, clock: ManualClock, folder: Path) -> None:
        self.simulator = simulator
        self.settings = Settings(
            own_numbers=[simulator.company.user.number], confirm_before_dial=False
        )
        self.dial_log = DialLog(folder / "dials.json", clock=clock)
        self.outcomes: list[DialOutcome] = []
        self.controller = DialController(
            lambda: FmcClient(simulator.base_url, simulator.token, clock=clock),
            lambda: self.settings,
            lambda _number: None,
            self.dial_log,
            lambda: None,
        )
        self.controller.dial_finished.connect(self.outcomes.append)
        self.directory = Directory(contacts=[FAVOURITE])
        self.tray = TrayIcon(
            self.controller, self.directory, self.dial_log, favourites=lambda: [FAVOURITE]
        )

    def called(self) -> list[str]:
        return [call.called_number for call in self.simulator.originates]


@pytest.fixture
def setup(
    qtbot: QtBot, simulator: Simulator, clock: ManualClock, tmp_path: Path
) -> Iterator[Setup]:
    made = Setup(simulator, clock, tmp_path)
    yield made
    made.tray.dispose()
    assert made.controller.shutdown(5000)
    QApplication.processEvents()
    left = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert left == []
    made.tray.deleteLater()
    made.controller.deleteLater()


def action_texts(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def wait_outcome(qtbot: QtBot, setup: Setup, count: int = 1) -> DialOutcome:
    qtbot.waitUntil(lambda: len(setup.outcomes) >= count, timeout=15_000)
    return setup.outcomes[count - 1]


def image(state: TrayState, missed: int = 0) -> QImage:
    return icon_for_state(state, missed).pixmap(QSize(32, 32)).toImage()


# --- the menu -------------------------------------------------------------------------------------


def test_the_menu_holds_every_entry_in_order(setup: Setup) -> None:
    assert not TrayIcon.available()  # offscreen: the menu is tested all the same
    assert not setup.tray.show()
    QGuiApplication.clipboard().clear()
    setup.tray.refresh_menus()
    assert action_texts(setup.tray.menu()) == [
        "&Quick dial…",
        "&Favourites",
        "&Recent calls",
        "Call the number on the clipboard",
        "Show &history",
        "&Sync now",
        "Q&uit",
    ]


@pytest.mark.parametrize(
    ("action_name", "signal_name"),
    [
        ("show_history_action", "show_window_requested"),
        ("sync_action", "sync_requested"),
        ("quit_action", "quit_requested"),
    ],
)
def test_window_sync_and_quit_entries_ask_the_host(
    qtbot: QtBot, setup: Setup, action_name: str, signal_name: str
) -> None:
    action: QAction = getattr(setup.tray, action_name)
    with qtbot.waitSignal(getattr(setup.tray, signal_name)):
        action.trigger()


def test_a_left_click_toggles_the_window(qtbot: QtBot, setup: Setup) -> None:
    with qtbot.waitSignal(setup.tray.toggle_window_requested):
        setup.tray.tray_icon().activated.emit(QSystemTrayIcon.ActivationReason.Trigger)


def test_a_favourite_is_called_through_the_flow(qtbot: QtBot, setup: Setup) -> None:
    setup.tray.refresh_menus()
    texts = action_texts(setup.tray.favourites_menu)
    # Each number of a person is its own line; the & of a name is not eaten as a shortcut.
    assert texts == [
        "Olena && Co (mobile) — 067 123 45 67",
        "Olena && Co (work) — 044 123 45 67",
    ]
    setup.tray.favourites_menu.actions()[0].trigger()
    outcome = wait_outcome(qtbot, setup)
    assert outcome.kind is DialOutcomeKind.RINGING
    assert outcome.name == "Olena & Co"
    assert setup.called() == ["+380671234567"]


def test_a_recent_call_goes_through_the_confirmation_when_the_settings_ask(
    qtbot: QtBot, setup: Setup
) -> None:
    setup.dial_log.record("0501112233", name="Ігор")
    setup.dial_log.record("0441234567")
    setup.tray.refresh_menus()
    assert action_texts(setup.tray.recent_menu) == ["044 123 45 67", "Ігор — 050 111 22 33"]

    setup.settings.confirm_before_dial = True
    setup.tray.recent_menu.actions()[1].trigger()
    qtbot.waitUntil(lambda: setup.controller.pending_dialog() is not None)
    dialog = setup.controller.pending_dialog()
    assert dialog is not None
    assert not dialog.from_outside  # the user picked it: Enter may call
    assert dialog.call_button.isDefault()
    dialog.accept()
    wait_outcome(qtbot, setup)
    assert setup.called() == ["+380501112233"]


def test_empty_submenus_say_so(setup: Setup) -> None:
    setup.tray._favourites = lambda: []
    setup.tray.refresh_menus()
    (favourites,) = setup.tray.favourites_menu.actions()
    (recent,) = setup.tray.recent_menu.actions()
    assert not favourites.isEnabled()
    assert not recent.isEnabled()


def test_the_clipboard_number_is_shown_and_confirmed(qtbot: QtBot, setup: Setup) -> None:
    QGuiApplication.clipboard().setText("tel:+380441111111")
    setup.tray.refresh_menus()
    action = setup.tray.clipboard_action
    assert action.isEnabled()
    assert action.text() == "Call 044 111 11 11 from the clipboard"

    action.trigger()
    qtbot.waitUntil(lambda: setup.controller.pending_dialog() is not None)
    dialog = setup.controller.pending_dialog()
    assert dialog is not None
    assert dialog.cancel_button.isDefault()
    QTest.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert wait_outcome(qtbot, setup).kind is DialOutcomeKind.CANCELLED
    assert setup.simulator.requests_to("originate") == []


def test_text_on_the_clipboard_that_is_no_number_cannot_be_called(setup: Setup) -> None:
    QGuiApplication.clipboard().setText("see you at 10")
    setup.tray.refresh_menus()
    assert not setup.tray.clipboard_action.isEnabled()


def test_call_entries_are_off_while_a_dial_is_in_flight(qtbot: QtBot, setup: Setup) -> None:
    setup.settings.confirm_before_dial = True
    setup.controller.dial("0671234567")
    assert not setup.tray.favourites_menu.isEnabled()
    assert not setup.tray.recent_menu.isEnabled()
    dialog = setup.controller.pending_dialog()
    assert dialog is not None
    dialog.reject()
    wait_outcome(qtbot, setup)
    assert setup.tray.favourites_menu.isEnabled()


# --- the icon -------------------------------------------------------------------------------------


def test_each_state_has_its_own_icon_and_the_badge_shows(setup: Setup) -> None:
    idle, syncing, error = (image(s) for s in TrayState)
    assert idle != syncing
    assert idle != error
    assert syncing != error
    assert image(TrayState.IDLE, 3) != idle

    setup.tray.set_state(TrayState.ERROR, "The token was rejected")
    assert setup.tray.state() is TrayState.ERROR
    assert "The token was rejected" in setup.tray.tooltip()
    assert setup.tray.tray_icon().icon().pixmap(QSize(32, 32)).toImage() == error

    setup.tray.set_missed_count(3)
    assert "3 calls to return" in setup.tray.tooltip()
    setup.tray.set_missed_count(1)
    assert "1 call to return" in setup.tray.tooltip()
    setup.tray.set_missed_count(0)
    assert "to return" not in setup.tray.tooltip()


def test_the_drawn_stand_in_icons_tell_the_states_apart() -> None:
    # Used where the packaged PNGs are missing (a bare source tree).
    drawn = [
        _drawn_icon(state, missed).pixmap(QSize(32, 32)).toImage()
        for state in TrayState
        for missed in (0, 2)
    ]
    assert len({image.cacheKey() for image in drawn}) == len(drawn)
    assert all(a != b for i, a in enumerate(drawn) for b in drawn[i + 1 :])


def test_without_a_tray_notifications_report_they_were_not_shown(setup: Setup) -> None:
    assert not setup.tray.notify("Calling Olena", "Kyivstar is ringing your phone")


# --- quick dial -----------------------------------------------------------------------------------


def test_quick_dial_opens_and_esc_closes_it(qtbot: QtBot, setup: Setup) -> None:
    setup.tray.quick_dial_action.trigger()
    popup = setup.tray.quick_dial_popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.isVisible()
    assert popup.search is not None
    qtbot.waitUntil(popup.isActiveWindow)
    assert popup.search.field.hasFocus()
    QTest.keyClick(popup.search.field, Qt.Key.Key_Escape)
    assert not popup.isVisible()


def test_quick_dial_calls_the_top_search_result(qtbot: QtBot, setup: Setup) -> None:
    popup = setup.tray.open_quick_dial()
    qtbot.waitUntil(popup.isVisible)
    assert popup.search is not None
    QTest.keyClicks(popup.search.field, "olena")
    QTest.keyClick(popup.search.field, Qt.Key.Key_Return)
    outcome = wait_outcome(qtbot, setup)
    assert outcome.kind is DialOutcomeKind.RINGING
    assert setup.called() == ["+380671234567"]
    # The sentence shows in the popup, and it gets out of the way by itself.
    assert popup.outcome_label.isVisible()
    assert popup.outcome_label.text() == outcome.text
    qtbot.waitUntil(lambda: not popup.isVisible(), timeout=5_000)


def test_quick_dial_pad_calls_through_the_flow_and_shows_a_failure(
    qtbot: QtBot, setup: Setup
) -> None:
    setup.settings.own_numbers = []
    popup = setup.tray.open_quick_dial()
    qtbot.waitUntil(popup.isVisible)
    QTest.keyClicks(popup.pad.field, "0441234567")
    QTest.mouseClick(popup.pad.call_button, Qt.MouseButton.LeftButton)
    outcome = wait_outcome(qtbot, setup)
    assert outcome.kind is DialOutcomeKind.NOT_READY
    assert popup.isVisible()  # a failure stays on screen to be read
    assert popup.outcome_label.text() == outcome.text
    popup.hide()


def test_quick_dial_without_a_directory_is_just_the_pad(qtbot: QtBot, setup: Setup) -> None:
    popup = QuickDialPopup(setup.controller)
    qtbot.addWidget(popup)
    assert popup.search is None
    popup.show_near(None)
    qtbot.waitUntil(popup.isActiveWindow)
    assert popup.pad.field.hasFocus()
    popup.close()


def test_the_popup_is_placed_beside_the_tray_inside_the_screen() -> None:
    screen = QRect(0, 0, 1920, 1080)
    size = QSize(540, 400)
    bottom_right = QRect(1880, 1050, 24, 24)  # a panel at the bottom: the popup goes above
    spot = place_near(size, bottom_right, screen)
    assert spot.y() + size.height() < bottom_right.top()
    assert spot.x() + size.width() <= screen.right()
    top_left = QRect(10, 4, 24, 24)  # a panel at the top: below it
    spot = place_near(size, top_left, screen)
    assert spot.y() > top_left.bottom()
    assert spot.x() >= screen.left()
