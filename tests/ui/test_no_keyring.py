"""No keyring on the computer: the token is kept for the session, and the user is told once."""

from __future__ import annotations

import keyring
from keyring.backends import fail
from pytestqt.qtbot import QtBot

from fmc_desktop.core.api.client import FmcClient
from fmc_desktop.core.api.clock import ManualClock
from fmc_desktop.core.system.secrets import TokenSource, TokenStore
from fmc_desktop.simulator import Simulator
from fmc_desktop.ui.settings.token_entry import TokenEntry
from fmc_desktop.ui.shell.theme import ok_colour
from tests.ui.test_settings_dialog import FAST, KEYRING_TIMEOUT


def test_without_a_keyring_the_entry_says_once_and_plainly_how_the_token_is_kept(
    qtbot: QtBot, clock: ManualClock, simulator: Simulator
) -> None:
    keyring.set_keyring(fail.Keyring())
    store = TokenStore(simulator.base_url, timeout=KEYRING_TIMEOUT)
    entry = TokenEntry(
        store, lambda token: FmcClient(simulator.base_url, token, clock=clock, limits=FAST)
    )
    qtbot.addWidget(entry)
    entry.show()
    entry.field.setText(simulator.token)
    entry.test_button.click()
    qtbot.waitUntil(lambda: entry.keyring_banner.isVisible(), timeout=20000)
    # The banner says why and what to do; no green "it works" line beside it says otherwise.
    assert entry.status_label.isHidden() or "could not be saved" not in entry.status_label.text()

    with qtbot.waitSignal(entry.token_kept, timeout=3000):
        entry.keyring_banner.action_button.click()
    assert entry.kept_in() is TokenSource.SESSION
    assert entry.keyring_banner.isHidden()
    status = entry.status_label.text()
    assert "session only" in status
    assert "keyring" in status.lower()  # how to fix it
    colour = entry.status_label.palette().color(entry.status_label.foregroundRole())
    assert colour != ok_colour(entry.palette())  # not green: nothing is fine about it
