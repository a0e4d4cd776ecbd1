"""The first run against the simulator: token typed and tested, numbers chosen, first sync done."""

from __future__ import annotations

import functools
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCollator, QLocale, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from fmc_desktop.core.api.client import FmcClient, HttpLimits
from fmc_desktop.core.api.clock import ManualClock
from fmc_desktop.core.api.errors import ErrorKind, FmcError
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.numbers.phone import canonical
from fmc_desktop.core.system.paths import AppPaths
from fmc_desktop.core.system.secrets import SERVICE, TokenSource, TokenStore
from fmc_desktop.core.system.settings import Settings, SettingsStore
from fmc_desktop.simulator import Fault, Simulator
from fmc_desktop.ui.settings.first_run.steps import PageId
from fmc_desktop.ui.settings.first_run.wizard import FirstRunWizard
from fmc_desktop.ui.settings.numbers_chooser import NumberEntry, company_numbers_in
from fmc_desktop.ui.shell.errors_text import Operation, kind_text
from fmc_desktop.ui.shell.workers import running_tasks
from tests.support.keyrings import MemoryKeyring

# Quick to fail: the retries of a real sync are not what these tests are about.
FAST = HttpLimits(connect_timeout=2, read_timeout=5, total_deadline=20, cdr_retries=0)


@pytest.fixture(autouse=True)
def no_task_left_behind(qtbot: QtBot) -> Iterator[None]:
    yield
    qtbot.waitUntil(lambda: not running_tasks(), timeout=10000)


def fast_clients(base_url: str, clock: ManualClock) -> Callable[[str], FmcClient]:
    return lambda token: FmcClient(base_url, token, clock=clock, limits=FAST)


def make_wizard(
    qtbot: QtBot, base_url: str, clock: ManualClock, *, timeout: float = 5.0
) -> FirstRunWizard:
    paths = AppPaths.resolve().ensure()
    wizard = FirstRunWizard(
        Settings(base_url=base_url),
        SettingsStore(paths.settings_file),
        TokenStore(base_url, timeout=timeout),
        paths.archive_file,
        clock=clock,
        client_factory=fast_clients(base_url, clock),
    )
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def files_containing(root: Path, secret: str) -> list[Path]:
    found = []
    for path in root.rglob("*"):
        if path.is_file() and secret.encode() in path.read_bytes():
            found.append(path)
    return found


def enter_token_and_test(qtbot: QtBot, wizard: FirstRunWizard, token: str) -> None:
    entry = wizard.token_entry
    entry.field.setFocus()
    QTest.keyClicks(entry.field, token)
    assert entry.test_button.isEnabled()
    with qtbot.waitSignal(entry.state_changed, timeout=5000):
        QTest.mouseClick(entry.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not entry.is_busy(), timeout=20000)


def test_first_run_end_to_end(
    qtbot: QtBot,
    simulator: Simulator,
    clock: ManualClock,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
) -> None:
    wizard = make_wizard(qtbot, simulator.base_url, clock)
    assert wizard.currentId() == PageId.WELCOME
    assert wizard.demo_button.isVisible()
    wizard.next()
    assert wizard.currentId() == PageId.TOKEN
    assert not wizard.token_page.isComplete()

    enter_token_and_test(qtbot, wizard, simulator.token)
    entry = wizard.token_entry
    qtbot.waitUntil(entry.is_ready, timeout=5000)
    assert entry.kept_in() is TokenSource.KEYRING
    assert wizard.outcome.token_source is TokenSource.KEYRING
    assert "works" in entry.status_label.text()
    assert list(memory_keyring.entries.values()) == [simulator.token]
    assert next(iter(memory_keyring.entries))[0] == SERVICE
    assert wizard.token_page.isComplete()
    assert simulator.requests_to("callstat.json")  # the test asked the server

    wizard.next()
    assert wizard.currentId() == PageId.NUMBERS
    page = wizard.numbers_page
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=20000)
    chooser = page.chooser
    listed = {item.text(2) for item in chooser.items()}
    names = {subscriber.name for subscriber in simulator.company.subscribers}
    assert listed
    assert listed <= names
    # Every number the address book named is offered as the company's, none as the user's own.
    assert set(chooser.company_numbers()) == set(chooser.numbers())
    assert chooser.own_numbers() == []
    assert not page.isComplete()
    assert page.need_own.isVisible()

    user = simulator.company.user
    chooser.set_mine(user.number)
    assert page.isComplete()
    assert page.call_as_number() == canonical(user.number)
    assert user.name in page.call_as.currentText()
    # A second own number typed by hand: then "call as" offers both.
    QTest.keyClicks(chooser.add_field, "+380 44 123 45 67")
    QTest.keyClick(chooser.add_field, Qt.Key.Key_Return)
    assert set(chooser.own_numbers()) == {canonical(user.number), "+380441234567"}
    assert page.call_as.count() == 2

    wizard.next()
    assert wizard.currentId() == PageId.SYNC
    qtbot.waitUntil(wizard.sync_page.isComplete, timeout=60000)
    assert wizard.outcome.sync_error is None
    synced = wizard.outcome.synced_calls
    assert synced > 100
    assert f"{synced:,}".replace(",", "") in wizard.sync_page.status.text().replace(",", "")
    wizard.button(wizard.WizardButton.FinishButton).click()
    assert wizard.result() == wizard.DialogCode.Accepted

    outcome = wizard.outcome
    assert outcome.demo is False
    assert outcome.settings is not None
    assert canonical(user.number) in outcome.settings.own_numbers
    assert outcome.settings.call_as == canonical(user.number)
    paths = AppPaths.resolve()
    saved = SettingsStore(paths.settings_file).load()
    assert saved.own_numbers == outcome.settings.own_numbers
    assert saved.company_numbers == outcome.settings.company_numbers
    with CallArchive(paths.archive_file) as archive:
        assert archive.stats().calls == synced
        assert archive.coverage()
    assert files_containing(tmp_path, simulator.token) == []


def test_a_rejected_token_says_both_causes(
    qtbot: QtBot, simulator: Simulator, clock: ManualClock, memory_keyring: MemoryKeyring
) -> None:
    wizard = make_wizard(qtbot, simulator.base_url, clock)
    wizard.next()
    wrong = "f" * 64
    assert wrong != simulator.token
    enter_token_and_test(qtbot, wizard, wrong)
    entry = wizard.token_entry
    assert isinstance(entry.last_error, FmcError)
    assert entry.last_error.kind is ErrorKind.TOKEN_REJECTED
    text = entry.status_label.text()
    assert text == kind_text(ErrorKind.TOKEN_REJECTED, Operation.CALL_HISTORY)
    assert "token is wrong" in text
    assert "Convergent" in text
    assert not entry.is_ready()
    assert not wizard.token_page.isComplete()
    assert memory_keyring.entries == {}


def test_an_unreachable_server_says_so(
    qtbot: QtBot, clock: ManualClock, memory_keyring: MemoryKeyring
) -> None:
    port = closed_port()
    wizard = make_wizard(qtbot, f"http://127.0.0.1:{port}", clock)
    wizard.next()
    enter_token_and_test(qtbot, wizard, "a" * 64)
    entry = wizard.token_entry
    assert isinstance(entry.last_error, FmcError)
    assert entry.last_error.kind is ErrorKind.NETWORK
    text = entry.status_label.text()
    assert text.startswith(f"Could not reach 127.0.0.1:{port}.")
    assert "network connection" in text
    assert not wizard.token_page.isComplete()
    assert memory_keyring.entries == {}


def test_a_server_error_during_the_test_is_explained(
    qtbot: QtBot, simulator: Simulator, clock: ManualClock
) -> None:
    wizard = make_wizard(qtbot, simulator.base_url, clock)
    wizard.next()
    simulator.inject(Fault.SERVER_ERROR, endpoint="cdr")
    enter_token_and_test(qtbot, wizard, simulator.token)
    assert wizard.token_entry.status_label.text() == kind_text(ErrorKind.SERVER_ERROR)
    # Testing again once the server is well gets through.
    with qtbot.waitSignal(wizard.token_entry.token_kept, timeout=20000):
        wizard.token_entry.test_button.click()


def test_the_token_field_checks_the_shape_as_it_is_typed(
    qtbot: QtBot, simulator: Simulator, clock: ManualClock
) -> None:
    wizard = make_wizard(qtbot, simulator.base_url, clock)
    wizard.next()
    entry = wizard.token_entry
    assert entry.field.echoMode() == entry.field.EchoMode.Password
    QTest.keyClicks(entry.field, "abc")
    assert entry.shape_label.text() == "3 of 64 characters so far."
    assert not entry.test_button.isEnabled()
    QTest.keyClicks(entry.field, "xyz")
    assert "other characters" in entry.shape_label.text()
    assert not entry.test_button.isEnabled()
    entry.field.setText(" " + "a" * 64 + "\n")  # pasted with the spaces around it
    assert entry.shape_ok()
    assert entry.test_button.isEnabled()
    entry.field.setText("a" * 65)
    assert entry.shape_label.text() == "65 characters: a token has exactly 64."
    entry.show_check.setChecked(True)
    assert entry.field.echoMode() == entry.field.EchoMode.Normal


def test_editing_a_tested_token_asks_for_a_new_test(
    qtbot: QtBot, simulator: Simulator, clock: ManualClock
) -> None:
    wizard = make_wizard(qtbot, simulator.base_url, clock)
    wizard.next()
    enter_token_and_test(qtbot, wizard, simulator.token)
    qtbot.waitUntil(wizard.token_entry.is_ready, timeout=5000)
    # Change the last character to one it is not: a random token ends in "0" one time in 16.
    last = "1" if simulator.token.endswith("0") else "0"
    wizard.token_entry.field.setText(simulator.token[:-1] + last)
    assert not wizard.token_entry.is_ready()
    assert not wizard.token_page.isComplete()


def test_try_the_demo_returns_at_once_and_saves_nothing(
    qtbot: QtBot, simulator: Simulator, clock: ManualClock, memory_keyring: MemoryKeyring
) -> None:
    wizard = make_wizard(qtbot, simulator.base_url, clock)
    with qtbot.waitSignal(wizard.demo_requested, timeout=3000):
        wizard.demo_button.click()
    assert wizard.result() == wizard.DialogCode.Accepted
    assert wizard.outcome.demo is True
    assert not AppPaths.resolve().settings_file.exists()
    assert memory_keyring.entries == {}


def test_the_demo_is_offered_only_before_setup_starts(
    qtbot: QtBot, simulator: Simulator, clock: ManualClock
) -> None:
    wizard = make_wizard(qtbot, simulator.base_url, clock)
    wizard.next()
    assert not wizard.demo_button.isVisible()
    wizard.back()
    assert wizard.demo_button.isVisible()


def test_a_failed_first_sync_can_be_retried_or_finished(
    qtbot: QtBot, simulator: Simulator, clock: ManualClock
) -> None:
    wizard = make_wizard(qtbot, simulator.base_url, clock)
    wizard.next()
    enter_token_and_test(qtbot, wizard, simulator.token)
    qtbot.waitUntil(wizard.token_entry.is_ready, timeout=5000)
    wizard.next()
    qtbot.waitUntil(lambda: not wizard.numbers_page.is_loading(), timeout=20000)
    wizard.numbers_page.chooser.set_mine(simulator.company.user.number)
    simulator.inject(Fault.SERVER_ERROR, endpoint="cdr", times=1)
    wizard.next()
    page = wizard.sync_page
    qtbot.waitUntil(page.isComplete, timeout=30000)
    assert wizard.outcome.sync_error is not None
    assert page.status.text() == kind_text(ErrorKind.SERVER_ERROR)
    assert page.retry_button.isVisible()
    page.retry_button.click()
    qtbot.waitUntil(lambda: page.isComplete() and not page.retry_button.isVisible(), timeout=60000)
    assert wizard.outcome.sync_error is None
    assert wizard.outcome.synced_calls > 0


def test_company_numbers_are_the_ones_the_address_book_names(simulator: Simulator) -> None:
    from fmc_desktop.core.api.client import FetchFlags

    with FmcClient(simulator.base_url, simulator.token, clock=simulator.clock) as client:
        now = simulator.clock.now()
        from datetime import timedelta

        records = client.fetch_period(
            now - timedelta(days=2), now, flags=FetchFlags(names=True, departments=True)
        ).records
    entries = company_numbers_in(records)
    by_number = {canonical(s.number): s for s in simulator.company.subscribers}
    assert entries
    for entry in entries:
        assert isinstance(entry, NumberEntry)
        subscriber = by_number[entry.number]
        assert entry.name == subscriber.name
        assert entry.department == subscriber.department
        assert entry.calls >= 1
    # In the alphabet's order (а б в г ґ …), not in code point order, which put І before А.
    collator = QCollator(QLocale("uk_UA"))
    in_uk = sorted((e.name for e in entries), key=functools.cmp_to_key(collator.compare))
    uk = QLocale(QLocale.Language.Ukrainian)
    previous = QLocale()
    QLocale.setDefault(uk)
    try:
        assert [e.name for e in company_numbers_in(records)] == in_uk
    finally:
        QLocale.setDefault(previous)


def test_every_control_of_the_wizard_has_an_accessible_name(
    qtbot: QtBot, simulator: Simulator, clock: ManualClock
) -> None:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QHeaderView,
        QLineEdit,
        QWidget,
    )

    wizard = make_wizard(qtbot, simulator.base_url, clock)
    kinds = wizard.WizardButton
    buttons = (
        kinds.BackButton,
        kinds.NextButton,
        kinds.CancelButton,
        kinds.FinishButton,
        kinds.CustomButton1,
    )
    controls = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView)
    nameless: list[str] = []
    for page in (wizard.welcome_page, wizard.token_page, wizard.numbers_page, wizard.sync_page):
        for widget in [*page.findChildren(QWidget), *(wizard.button(b) for b in buttons)]:
            parent = widget.parentWidget()
            inner = (
                isinstance(widget, QHeaderView)
                or isinstance(parent, (QLineEdit, QComboBox))
                or (
                    parent is not None
                    and parent.metaObject().className() == "QComboBoxPrivateContainer"
                )
            )
            if (
                isinstance(widget, controls)
                and not inner
                and not widget.isHidden()
                and not widget.accessibleName()
            ):
                nameless.append(f"{type(widget).__name__} {widget.objectName()!r}")
    assert sorted(set(nameless)) == []
