"""The dialing flow against the simulator: one click is one call, every outcome has its sentence,
and a number from outside is never dialled without the user saying yes."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import socket
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from fmc_desktop.core.api.client import FmcClient
from fmc_desktop.core.api.clock import ManualClock
from fmc_desktop.core.api.errors import NoTokenError
from fmc_desktop.core.dialing.dial_log import DialLog, DialResult
from fmc_desktop.core.system.settings import Settings
from fmc_desktop.simulator import Fault, Simulator
from fmc_desktop.ui.dialing.confirm_dial import ConfirmDialDialog, Origin
from fmc_desktop.ui.dialing.dial_pad import DialPad
from fmc_desktop.ui.dialing.flow import DialController, DialOutcome, DialOutcomeKind

OUTSIDE_NUMBER = "+380441111111"
OLENA = "Олена Петренко"
OLENA_NUMBER = "0671234567"
UNKNOWN_SENTENCE = "Outcome unknown: check your phone and the call history before trying again."


class Harness:
    """A DialController on the simulator, with the settings and names a test can change."""

    def __init__(self, simulator: Simulator, clock: ManualClock, folder: Path) -> None:
        self.simulator = simulator
        self.settings = Settings(
            own_numbers=[simulator.company.user.number], confirm_before_dial=False
        )
        self.names: dict[str, str] = {"+380671234567": OLENA}
        self.base_url = simulator.base_url
        self.dial_log = DialLog(folder / "dials.json", clock=clock)
        self.outcomes: list[DialOutcome] = []
        self.busy: list[bool] = []
        self.controller = DialController(
            client_factory=lambda: FmcClient(self.base_url, simulator.token, clock=clock),
            settings=lambda: self.settings,
            name_for=self.names.get,
            dial_log=self.dial_log,
            parent_widget=lambda: None,
        )
        self.controller.dial_finished.connect(self.outcomes.append)
        self.controller.busy_changed.connect(self.busy.append)

    def originates(self) -> int:
        return len(self.simulator.requests_to("originate"))

    def wait_outcome(self, qtbot: QtBot, count: int = 1) -> DialOutcome:
        qtbot.waitUntil(lambda: len(self.outcomes) >= count, timeout=15_000)
        return self.outcomes[count - 1]

    def dialog(self, qtbot: QtBot) -> ConfirmDialDialog:
        qtbot.waitUntil(lambda: self.controller.pending_dialog() is not None)
        dialog = self.controller.pending_dialog()
        assert dialog is not None
        return dialog


def visible_top_levels() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- one click, one call --------------------------------------------------------------------------


def test_a_click_on_call_rings_the_users_phone_once(
    qtbot: QtBot, harness: Harness, pad: DialPad
) -> None:
    QTest.keyClicks(pad.field, OLENA_NUMBER)
    QTest.mouseClick(pad.call_button, Qt.MouseButton.LeftButton)

    outcome = harness.wait_outcome(qtbot)
    assert outcome.kind is DialOutcomeKind.RINGING
    mine = harness.simulator.company.user.number
    shown_mine = f"{mine[:3]} {mine[3:6]} {mine[6:8]} {mine[8:]}"
    assert outcome.text == (
        f"Kyivstar is ringing your phone {shown_mine}. Answer it to be connected to {OLENA}."
    )
    assert harness.originates() == 1
    placed = harness.simulator.originates[0]
    assert placed.called_number == "+380671234567"
    assert placed.calling_number == "+380" + mine[1:]
    assert harness.busy == [True, False]
    assert pad.call_button.isEnabled()


def test_a_fast_double_click_is_one_call(qtbot: QtBot, harness: Harness, pad: DialPad) -> None:
    QTest.keyClicks(pad.field, OLENA_NUMBER)
    QTest.mouseClick(pad.call_button, Qt.MouseButton.LeftButton)
    QTest.mouseClick(pad.call_button, Qt.MouseButton.LeftButton)
    QTest.mouseDClick(pad.call_button, Qt.MouseButton.LeftButton)

    harness.wait_outcome(qtbot)
    # A second call would answer after the first: it is given the time to.
    with qtbot.assertNotEmitted(harness.controller.dial_finished, wait=300):
        QApplication.processEvents()
    assert harness.busy == [True, False]  # a second dial would have been busy again
    assert harness.originates() == 1
    assert len(harness.outcomes) == 1


def test_the_call_button_is_off_while_the_request_is_in_flight(
    qtbot: QtBot, harness: Harness, pad: DialPad
) -> None:
    # The server takes its time: the Call button must stay off all along.
    harness.simulator.inject(Fault.SLOW, endpoint="originate", delay=0.5)
    QTest.keyClicks(pad.field, OLENA_NUMBER)
    QTest.mouseClick(pad.call_button, Qt.MouseButton.LeftButton)
    assert pad.is_busy()
    assert not pad.call_button.isEnabled()
    QTest.keyClick(pad.field, Qt.Key.Key_Return)
    harness.wait_outcome(qtbot)
    assert pad.call_button.isEnabled()
    assert harness.originates() == 1


def test_a_second_dial_while_busy_is_ignored(qtbot: QtBot, harness: Harness) -> None:
    harness.controller.dial(OLENA_NUMBER)
    harness.controller.dial(OLENA_NUMBER)
    harness.controller.dial("0501234567")
    harness.wait_outcome(qtbot)
    with qtbot.assertNotEmitted(harness.controller.dial_finished, wait=300):
        QApplication.processEvents()
    assert harness.originates() == 1
    assert len(harness.outcomes) == 1


# --- every outcome in words -------------------------------------------------------------------


def test_a_rejected_call_names_both_causes(qtbot: QtBot, harness: Harness) -> None:
    harness.simulator.inject(Fault.FORBIDDEN, endpoint="originate")
    harness.controller.dial(OLENA_NUMBER)
    outcome = harness.wait_outcome(qtbot)
    assert outcome.kind is DialOutcomeKind.REJECTED
    assert "token" in outcome.text
    assert "API FMC" in outcome.text
    mine = harness.simulator.company.user.number
    assert f"{mine[:3]} {mine[3:6]}" in outcome.text  # the user's number, as they write it
    assert harness.originates() == 1
    assert harness.simulator.originates == []


def test_calling_from_a_number_without_api_fmc_is_told_the_same_way(
    qtbot: QtBot, harness: Harness
) -> None:
    harness.settings.own_numbers = ["0509998877"]  # not one of the company's numbers: 403
    harness.controller.dial(OLENA_NUMBER)
    outcome = harness.wait_outcome(qtbot)
    assert outcome.kind is DialOutcomeKind.REJECTED
    assert "050 999 88 77" in outcome.text
    assert "API FMC" in outcome.text


def test_a_server_error_is_reported_and_not_retried(qtbot: QtBot, harness: Harness) -> None:
    harness.simulator.inject(Fault.SERVER_ERROR, endpoint="originate")
    harness.controller.dial(OLENA_NUMBER)
    outcome = harness.wait_outcome(qtbot)
    assert outcome.kind is DialOutcomeKind.SERVER
    assert "server" in outcome.text
    assert harness.originates() == 1
    assert len(harness.dial_log) == 0


def test_a_number_the_pbx_does_not_accept_is_told(qtbot: QtBot, harness: Harness) -> None:
    # Seven digits pass as an extension here; the PBX takes short numbers of up to six.
    harness.controller.dial("1234567")
    outcome = harness.wait_outcome(qtbot)
    assert outcome.kind is DialOutcomeKind.INVALID
    assert "did not accept" in outcome.text
    assert harness.originates() == 1


def test_a_dropped_connection_is_outcome_unknown_and_never_redialled(
    qtbot: QtBot, harness: Harness
) -> None:
    harness.simulator.inject(Fault.DROP, endpoint="originate")
    harness.controller.dial(OLENA_NUMBER)
    outcome = harness.wait_outcome(qtbot)
    assert outcome.kind is DialOutcomeKind.UNKNOWN
    assert UNKNOWN_SENTENCE in outcome.text
    assert harness.originates() == 1
    assert len(harness.simulator.originates) == 1  # the PBX did ring before the answer was lost
    # It may have rung, so it is there to redial by hand, marked as unknown.
    last = harness.dial_log.last()
    assert last is not None
    assert last.result is DialResult.UNKNOWN


def test_no_network_says_so_and_nothing_was_dialled(qtbot: QtBot, harness: Harness) -> None:
    harness.base_url = f"http://127.0.0.1:{closed_port()}"
    harness.controller.dial(OLENA_NUMBER)
    outcome = harness.wait_outcome(qtbot)
    assert outcome.kind is DialOutcomeKind.NETWORK
    assert "Could not reach" in outcome.text
    assert "Nothing was dialled" in outcome.text
    assert harness.originates() == 0


def test_the_token_never_shows_in_an_outcome(qtbot: QtBot, harness: Harness) -> None:
    harness.simulator.inject(Fault.DROP, endpoint="originate")
    harness.controller.dial(OLENA_NUMBER)
    outcome = harness.wait_outcome(qtbot)
    token = harness.simulator.token
    assert token not in outcome.text
    assert token not in outcome.details
    assert token not in repr(outcome.error)


def test_text_that_is_not_a_number_is_refused_before_anything_is_sent(
    qtbot: QtBot, harness: Harness
) -> None:
    with qtbot.assertNotEmitted(harness.controller.busy_changed):
        harness.controller.dial("call mum")
        outcome = harness.wait_outcome(qtbot)
    assert outcome.kind is DialOutcomeKind.INVALID
    assert outcome.text
    assert harness.busy == []
    assert harness.originates() == 0


def test_without_an_own_number_the_user_is_sent_to_settings(qtbot: QtBot, harness: Harness) -> None:
    harness.settings.own_numbers = []
    harness.controller.dial(OLENA_NUMBER)
    outcome = harness.wait_outcome(qtbot)
    assert outcome.kind is DialOutcomeKind.NOT_READY
    assert "Settings" in outcome.text
    assert harness.originates() == 0


def test_without_a_token_the_user_is_sent_to_settings(
    qtbot: QtBot, simulator: Simulator, clock: ManualClock, tmp_path: Path
) -> None:
    def no_token() -> FmcClient:
        raise NoTokenError("No FMC token is set.")

    outcomes: list[DialOutcome] = []
    controller = DialController(
        no_token,
        lambda: Settings(own_numbers=["0671112233"], confirm_before_dial=False),
        lambda _n: None,
        DialLog(tmp_path / "dials.json"),
        lambda: None,
    )
    controller.dial_finished.connect(outcomes.append)
    try:
        controller.dial(OLENA_NUMBER)
        qtbot.waitUntil(lambda: bool(outcomes))
    finally:
        assert controller.shutdown()
    assert outcomes[0].kind is DialOutcomeKind.NOT_READY
    assert "token" in outcomes[0].text
    assert simulator.requests_to("originate") == []


# --- confirmation ---------------------------------------------------------------------------------


def test_an_outside_number_is_confirmed_even_when_confirmation_is_off(
    qtbot: QtBot, harness: Harness
) -> None:
    assert not harness.settings.confirm_before_dial
    harness.controller.dial(OUTSIDE_NUMBER, from_outside=True)
    dialog = harness.dialog(qtbot)
    assert dialog in visible_top_levels()
    assert harness.controller.is_busy()
    # Enter must not place a call somebody else chose: Cancel is the default button.
    assert dialog.cancel_button.isDefault()
    assert not dialog.call_button.isDefault()
    assert harness.originates() == 0

    QTest.mouseClick(dialog.call_button, Qt.MouseButton.LeftButton)
    outcome = harness.wait_outcome(qtbot)
    assert outcome.kind is DialOutcomeKind.RINGING
    assert outcome.from_outside
    assert harness.simulator.originates[0].called_number == OUTSIDE_NUMBER


def test_cancel_at_the_confirmation_dials_nothing(qtbot: QtBot, harness: Harness) -> None:
    harness.controller.dial(OUTSIDE_NUMBER, from_outside=True)
    dialog = harness.dialog(qtbot)
    QTest.keyClick(dialog, Qt.Key.Key_Return)  # the default: Cancel
    outcome = harness.wait_outcome(qtbot)
    assert outcome.kind is DialOutcomeKind.CANCELLED
    assert harness.controller.pending_dialog() is None
    assert not harness.controller.is_busy()
    assert harness.originates() == 0
    assert len(harness.dial_log) == 0


def test_the_setting_asks_before_every_call(qtbot: QtBot, harness: Harness) -> None:
    harness.settings.confirm_before_dial = True
    harness.controller.dial(OLENA_NUMBER)
    dialog = harness.dialog(qtbot)
    assert dialog.call_button.isDefault()  # the user's own choice: Enter calls
    assert dialog.headline.text() == f"Call {OLENA}?"
    assert harness.originates() == 0
    dialog.accept()
    assert harness.wait_outcome(qtbot).kind is DialOutcomeKind.RINGING
    assert harness.originates() == 1


def test_a_tel_link_is_confirmed_then_called(qtbot: QtBot, harness: Harness) -> None:
    link = "tel:+380-44-111-11-11;ext=12"
    harness.controller.handle_incoming_link(link)
    dialog = harness.dialog(qtbot)
    assert dialog.origin is Origin.LINK
    # Only the normalised number is shown: a link's text can be made to mislead.
    assert link not in dialog.warning.text()
    assert "This number came from a link." in dialog.warning.text()
    assert "Extension 12: dial it after you are connected." in dialog.how_label.text()
    # Found the way a user would see it, too: a window on the screen.
    assert any(isinstance(w, ConfirmDialDialog) for w in visible_top_levels())
    dialog.call_button.click()
    outcome = harness.wait_outcome(qtbot)
    assert outcome.kind is DialOutcomeKind.RINGING
    assert outcome.extension == "12"
    assert harness.simulator.originates[0].called_number == OUTSIDE_NUMBER


def test_a_link_without_a_number_is_refused(qtbot: QtBot, harness: Harness) -> None:
    harness.controller.handle_incoming_link("tel:0800FLOWERS")
    outcome = harness.wait_outcome(qtbot)
    assert outcome.kind is DialOutcomeKind.INVALID
    assert "link" in outcome.text
    assert harness.controller.pending_dialog() is None
    assert harness.originates() == 0


def test_the_clipboard_number_is_confirmed(qtbot: QtBot, harness: Harness) -> None:
    QGuiApplication.clipboard().setText("+38 (044) 111-11-11")
    harness.controller.dial_clipboard()
    dialog = harness.dialog(qtbot)
    assert dialog.origin is Origin.CLIPBOARD
    assert dialog.cancel_button.isDefault()
    dialog.reject()
    assert harness.wait_outcome(qtbot).kind is DialOutcomeKind.CANCELLED
    assert harness.originates() == 0


def test_with_several_own_numbers_the_user_picks_one(qtbot: QtBot, harness: Harness) -> None:
    company = harness.simulator.company
    first, second = company.subscribers[0].number, company.subscribers[1].number
    harness.settings.own_numbers = [first, second]
    harness.controller.dial(OLENA_NUMBER)  # confirmation is off, but there is a choice to make
    dialog = harness.dialog(qtbot)
    assert dialog.call_as_combo.isVisibleTo(dialog)
    assert dialog.call_as_combo.count() == 2
    dialog.call_as_combo.setCurrentIndex(1)
    dialog.accept()
    harness.wait_outcome(qtbot)
    assert harness.simulator.originates[0].calling_number == "+380" + second[1:]


def test_the_chosen_call_as_number_needs_no_question(qtbot: QtBot, harness: Harness) -> None:
    company = harness.simulator.company
    first, second = company.subscribers[0].number, company.subscribers[1].number
    harness.settings.own_numbers = [first, second]
    harness.settings.call_as = second
    harness.controller.dial(OLENA_NUMBER)
    assert harness.controller.pending_dialog() is None
    harness.wait_outcome(qtbot)
    assert harness.simulator.originates[0].calling_number == "+380" + second[1:]


def test_a_second_link_while_the_first_is_asked_about_is_ignored(
    qtbot: QtBot, harness: Harness
) -> None:
    harness.controller.handle_incoming_link("tel:+380441111111")
    first = harness.dialog(qtbot)
    harness.controller.handle_incoming_link("tel:+380442222222")
    assert harness.controller.pending_dialog() is first
    first.reject()
    harness.wait_outcome(qtbot)
    assert harness.originates() == 0


# --- remembered dials -----------------------------------------------------------------------------


def test_successful_dials_are_remembered_and_redial_goes_through_the_flow(
    qtbot: QtBot, harness: Harness
) -> None:
    harness.controller.dial(OLENA_NUMBER)
    harness.wait_outcome(qtbot)
    last = harness.dial_log.last()
    assert last is not None
    assert (last.number, last.name, last.result) == ("+380671234567", OLENA, DialResult.RINGING)

    harness.settings.confirm_before_dial = True
    assert harness.controller.redial()
    dialog = harness.dialog(qtbot)
    assert dialog.name == OLENA
    dialog.accept()
    harness.wait_outcome(qtbot, 2)
    assert harness.originates() == 2
