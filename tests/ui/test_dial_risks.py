"""The confirmation names the kind of number; an emergency number from outside is never dialled."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from fmc_desktop.ui.dialing.flow import DialOutcomeKind
from tests.ui.test_dialing import Harness


def test_a_british_link_with_the_trunk_zero_calls_the_right_number_once(
    qtbot: QtBot, harness: Harness
) -> None:
    harness.controller.handle_incoming_link("tel:+44%20(0)20%203369%203912")
    dialog = harness.dialog(qtbot)
    assert dialog.headline.text() == "Call +44 20 3369 3912?"
    assert "An international number" in dialog.warning.text()
    assert "(0)" not in dialog.warning.text()
    dialog.call_button.click()
    assert harness.wait_outcome(qtbot).kind is DialOutcomeKind.RINGING
    sent = [r.params["called_number"] for r in harness.simulator.requests_to("originate")]
    assert sent == ["+442033693912"]


@pytest.mark.parametrize("link", ["tel:112", "tel:103", "callto://101/"])
def test_an_emergency_number_from_a_link_is_refused(
    qtbot: QtBot, harness: Harness, link: str
) -> None:
    harness.controller.handle_incoming_link(link)
    outcome = harness.wait_outcome(qtbot)
    assert outcome.kind is DialOutcomeKind.INVALID
    assert "emergency number" in outcome.text
    assert harness.controller.pending_dialog() is None
    assert harness.originates() == 0


def test_an_emergency_number_on_the_clipboard_is_refused(qtbot: QtBot, harness: Harness) -> None:
    QGuiApplication.clipboard().setText("112")
    harness.controller.dial_clipboard()
    assert harness.wait_outcome(qtbot).kind is DialOutcomeKind.INVALID
    assert harness.originates() == 0


def test_the_companys_own_101_is_an_extension(qtbot: QtBot, harness: Harness) -> None:
    harness.settings.company_numbers = ["101"]
    harness.controller.handle_incoming_link("tel:101")
    dialog = harness.dialog(qtbot)
    assert "emergency" not in dialog.warning.text()
    dialog.reject()
    assert harness.wait_outcome(qtbot).kind is DialOutcomeKind.CANCELLED


def test_a_typed_emergency_number_is_confirmed_with_a_warning(
    qtbot: QtBot, harness: Harness
) -> None:
    assert not harness.settings.confirm_before_dial  # confirmed all the same
    harness.controller.dial("112")
    dialog = harness.dialog(qtbot)
    assert "An emergency services number" in dialog.warning.text()
    assert dialog.cancel_button.isDefault()  # Enter does not call
    dialog.reject()
    assert harness.wait_outcome(qtbot).kind is DialOutcomeKind.CANCELLED
    assert harness.originates() == 0


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("0900 123 456", "A premium-rate number"),
        ("+34 901 123 456", "A shared-cost number"),
        ("+881 6 123 45678", "A satellite phone number"),
        ("070 123 45 67", "in no range known to be in use"),
    ],
)
def test_a_costly_kind_of_number_is_named_and_confirmed(
    qtbot: QtBot, harness: Harness, typed: str, kind: str
) -> None:
    harness.controller.dial(typed)
    dialog = harness.dialog(qtbot)
    assert kind in dialog.warning.text()
    dialog.reject()
    assert harness.wait_outcome(qtbot).kind is DialOutcomeKind.CANCELLED


def test_a_pasted_extension_is_said_and_the_number_sent_alone(
    qtbot: QtBot, harness: Harness
) -> None:
    QGuiApplication.clipboard().setText("044 518 14 70 доб. 123")
    harness.controller.dial_clipboard()
    dialog = harness.dialog(qtbot)
    assert "Extension 123: dial it after you are connected." in dialog.how_label.text()
    assert "доб" not in dialog.warning.text() + dialog.headline.text()
    dialog.call_button.click()
    outcome = harness.wait_outcome(qtbot)
    assert outcome.kind is DialOutcomeKind.RINGING
    assert outcome.extension == "123"
    sent = [r.params["called_number"] for r in harness.simulator.requests_to("originate")]
    assert sent == ["+380445181470"]
