"""The settings dialog: every control to the settings file and back, the token's safekeeping
when the keyring refuses, the login autostart entry, and the local data."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from PySide6.QtCore import QDate, QObject, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from fmc_desktop.core.api.client import FmcClient, HttpLimits
from fmc_desktop.core.api.clock import ManualClock
from fmc_desktop.core.api.errors import ErrorKind
from fmc_desktop.core.api.kyiv import KYIV
from fmc_desktop.core.api.records import CallRecord
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.system import autostart
from fmc_desktop.core.system.paths import AppPaths
from fmc_desktop.core.system.secrets import TokenSource, TokenStore
from fmc_desktop.core.system.settings import Settings, SettingsStore
from fmc_desktop.simulator import Simulator
from fmc_desktop.ui.settings.dialog import Section, SettingsDialog
from fmc_desktop.ui.settings.token_entry import TokenDialog
from fmc_desktop.ui.shell import i18n, theme
from fmc_desktop.ui.shell.errors_text import kind_text
from fmc_desktop.ui.shell.workers import running_tasks
from tests.core.test_local_data import fill_local_data
from tests.support.keyrings import HangingKeyring, LockedKeyring, MemoryKeyring

FAST = HttpLimits(connect_timeout=2, read_timeout=5, total_deadline=20, cdr_retries=0)
KEYRING_TIMEOUT = 0.3


# --- keyrings that refuse ------------------------------------------------------------------------


class PlaintextKeyring(MemoryKeyring):
    """Stands for keyrings.alt's plain-text file: refused by name, whatever it would do."""

    __module__ = "keyrings.alt.file"
    priority = -1


@pytest.fixture
def hanging_keyring() -> Iterator[HangingKeyring]:
    release = threading.Event()
    backend = HangingKeyring(release)
    yield backend
    release.set()  # the keyring's own waiting threads end with the test


# name: (the kind of error shown, whether it says "locked")
REFUSALS: dict[str, tuple[ErrorKind, bool]] = {
    "fail": (ErrorKind.NO_SAFE_KEYRING, False),
    "null": (ErrorKind.NO_SAFE_KEYRING, False),
    "plaintext": (ErrorKind.NO_SAFE_KEYRING, False),
    "locked": (ErrorKind.NO_SAFE_KEYRING, True),
    "hanging": (ErrorKind.KEYRING_TIMEOUT, False),
}


def refusing_keyring(name: str, hanging: HangingKeyring) -> KeyringBackend:
    backends: dict[str, Callable[[], KeyringBackend]] = {
        "fail": fail.Keyring,  # no keyring at all: every call raises NoKeyringError
        "null": null.Keyring,  # PYTHON_KEYRING_BACKEND=...null.Keyring: keeps nothing, says None
        "plaintext": PlaintextKeyring,
        "locked": LockedKeyring,
        "hanging": lambda: hanging,
    }
    return backends[name]()


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def no_task_left_behind(qtbot: QtBot) -> Iterator[None]:
    yield
    qtbot.waitUntil(lambda: not running_tasks(), timeout=10000)


@pytest.fixture(autouse=True)
def english_and_system_theme(qapp: QApplication) -> Iterator[None]:
    """The language and theme are the application's: put them back for the next test."""
    i18n.install_translations(qapp, "en")
    yield
    i18n.install_translations(qapp, "en")
    theme.apply_theme(qapp, "system")


@pytest.fixture
def paths() -> AppPaths:
    return AppPaths.resolve().ensure()


def open_dialog(
    qtbot: QtBot,
    paths: AppPaths,
    settings: Settings,
    *,
    clock: ManualClock,
    token_store: TokenStore | None = None,
    archive: CallArchive | None = None,
    platform: str = "linux",
) -> SettingsDialog:
    store = token_store or TokenStore(settings.base_url, timeout=KEYRING_TIMEOUT)
    dialog = SettingsDialog(
        settings,
        SettingsStore(paths.settings_file),
        store,
        paths,
        archive=archive,
        clock=clock,
        platform=platform,
        client_factory=lambda token: FmcClient(settings.base_url, token, clock=clock, limits=FAST),
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.token_page.token_state() is not None, timeout=5000)
    return dialog


def files_containing(root: Path, secret: str) -> list[Path]:
    return [
        path for path in root.rglob("*") if path.is_file() and secret.encode() in path.read_bytes()
    ]


# --- every control round-trips -------------------------------------------------------------------


def test_every_control_round_trips_to_the_settings_and_the_file(
    qtbot: QtBot, paths: AppPaths, clock: ManualClock, tmp_path: Path
) -> None:
    start = Settings(
        own_numbers=["+380671234567"],
        company_numbers=["+380671234567", "+380501112233"],
        call_as="+380671234567",
    )
    dialog = open_dialog(qtbot, paths, start, clock=clock)
    # The controls show what was given.
    assert dialog.numbers_page.chooser.own_numbers() == ["+380671234567"]
    assert set(dialog.numbers_page.chooser.company_numbers()) == {"+380671234567", "+380501112233"}
    assert dialog.numbers_page.confirm_check.isChecked()
    assert dialog.sync_page.interval.value() == 5
    assert dialog.sync_page.names_check.isChecked()
    assert dialog.sync_page.departments_check.isChecked()
    assert not dialog.sync_page.ownership_check.isChecked()
    assert dialog.looks_page.language.currentData() == "system"
    assert dialog.looks_page.theme.currentData() == "system"
    assert dialog.server_page.proxy_system.isChecked()

    dialog.numbers_page.chooser.add_number("044 111 22 33")
    dialog.numbers_page.chooser.set_mine("+380501112233")
    dialog.numbers_page.call_as.setCurrentIndex(
        dialog.numbers_page.call_as.findData("+380441112233")
    )
    dialog.numbers_page.confirm_check.setChecked(False)
    dialog.sync_page.interval.setValue(42)
    dialog.sync_page.names_check.setChecked(False)
    dialog.sync_page.departments_check.setChecked(False)
    dialog.sync_page.ownership_check.setChecked(True)
    dialog.looks_page.language.setCurrentIndex(dialog.looks_page.language.findData("en"))
    dialog.looks_page.theme.setCurrentIndex(dialog.looks_page.theme.findData("dark"))
    dialog.looks_page.time_zone.setCurrentIndex(dialog.looks_page.time_zone.findData("local"))
    dialog.looks_page.minimised_check.setChecked(True)
    dialog.looks_page.login_check.setChecked(True)
    dialog.server_page.base_url.setText("https://api.example.com/")
    dialog.server_page.proxy_manual.setChecked(True)
    dialog.server_page.proxy_url.setText("http://proxy.example.com:3128")

    with qtbot.waitSignal(dialog.settings_changed, timeout=3000) as changed:
        dialog.apply_button.click()
    expected = Settings(
        own_numbers=["+380671234567", "+380501112233", "+380441112233"],
        company_numbers=["+380671234567", "+380501112233", "+380441112233"],
        call_as="+380441112233",
        confirm_before_dial=False,
        sync_interval_minutes=42,
        fetch_names=False,
        fetch_departments=False,
        fetch_ownership=True,
        language="en",
        theme="dark",
        time_zone="local",
        start_minimised=True,
        start_at_login=True,
        base_url="https://api.example.com",
        proxy_mode="manual",
        proxy_url="http://proxy.example.com:3128",
    )
    emitted = changed.args[0]
    assert isinstance(emitted, Settings)
    assert sorted(emitted.own_numbers) == sorted(expected.own_numbers)
    emitted.own_numbers.sort()
    emitted.company_numbers.sort()
    expected.own_numbers.sort()
    expected.company_numbers.sort()
    assert emitted == expected
    saved = SettingsStore(paths.settings_file).load()
    saved.own_numbers.sort()
    saved.company_numbers.sort()
    assert saved == expected
    assert sorted(dialog.settings().own_numbers) == expected.own_numbers
    # Applied live: the theme and the login entry.
    assert theme.is_dark(QApplication.palette())
    assert autostart.is_autostart_enabled()

    # A new dialog over the saved file shows the same values.
    again = open_dialog(qtbot, paths, SettingsStore(paths.settings_file).load(), clock=clock)
    collected = again.collected()
    collected.own_numbers.sort()
    collected.company_numbers.sort()
    assert collected == expected


def test_ok_applies_and_closes_cancel_changes_nothing(
    qtbot: QtBot, paths: AppPaths, clock: ManualClock
) -> None:
    dialog = open_dialog(qtbot, paths, Settings(), clock=clock)
    dialog.sync_page.interval.setValue(9)
    dialog.reject()
    assert not paths.settings_file.exists()

    dialog = open_dialog(qtbot, paths, Settings(), clock=clock)
    dialog.sync_page.interval.setValue(11)
    with qtbot.waitSignal(dialog.settings_changed, timeout=3000):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert not dialog.isVisible()
    assert SettingsStore(paths.settings_file).load().sync_interval_minutes == 11


def test_an_insecure_server_address_is_refused_with_its_sentence(
    qtbot: QtBot, paths: AppPaths, clock: ManualClock
) -> None:
    dialog = open_dialog(qtbot, paths, Settings(), clock=clock)
    dialog.server_page.base_url.setText("http://api.example.com")
    assert not dialog.server_page.base_url_problem.isHidden()
    assert dialog.server_page.base_url_problem.text() == kind_text(ErrorKind.INSECURE_URL)
    assert dialog.apply() is False
    assert dialog.sections.currentRow() == Section.ADVANCED
    assert not paths.settings_file.exists()
    dialog.server_page.default_url_button.click()
    assert dialog.server_page.base_url_problem.isHidden()
    assert dialog.apply() is True


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("", "Enter the proxy's address"),
        ("proxy.example.com:3128", "full http://"),
        ("http://user:secret@proxy.example.com:3128", "proxy password"),
    ],
)
def test_a_manual_proxy_needs_a_usable_address(
    qtbot: QtBot, paths: AppPaths, clock: ManualClock, address: str, problem: str
) -> None:
    dialog = open_dialog(qtbot, paths, Settings(), clock=clock)
    dialog.server_page.proxy_manual.setChecked(True)
    dialog.server_page.proxy_url.setText(address)
    assert dialog.apply() is False
    assert problem in dialog.server_page.proxy_problem.text()
    assert not dialog.server_page.proxy_problem.isHidden()
    assert not paths.settings_file.exists()
    dialog.server_page.proxy_none.setChecked(True)
    assert not dialog.server_page.proxy_url.isEnabled()
    assert dialog.apply() is True
    assert SettingsStore(paths.settings_file).load().proxy_mode == "none"


def test_the_language_changes_at_once(
    qtbot: QtBot, paths: AppPaths, clock: ManualClock, qapp: QApplication
) -> None:
    dialog = open_dialog(qtbot, paths, Settings(language="en"), clock=clock)
    assert dialog.windowTitle() == "Settings"
    dialog.looks_page.language.setCurrentIndex(dialog.looks_page.language.findData("uk"))
    assert dialog.apply()
    qtbot.waitUntil(lambda: dialog.windowTitle() == "Налаштування", timeout=3000)
    assert dialog.token_page.replace_token_button.text() == "Замінити токен…"
    assert i18n.current_language() == "uk"
    dialog.looks_page.language.setCurrentIndex(dialog.looks_page.language.findData("en"))
    assert dialog.apply()
    qtbot.waitUntil(lambda: dialog.windowTitle() == "Settings", timeout=3000)


def test_the_theme_changes_at_once_and_back_to_the_systems(
    qtbot: QtBot, paths: AppPaths, clock: ManualClock, qapp: QApplication
) -> None:
    system_window = QApplication.palette().color(QPalette.ColorRole.Window)
    dialog = open_dialog(qtbot, paths, Settings(), clock=clock)
    for name, dark in (("dark", True), ("light", False)):
        dialog.looks_page.theme.setCurrentIndex(dialog.looks_page.theme.findData(name))
        assert dialog.apply()
        assert theme.is_dark(QApplication.palette()) is dark
        assert qapp.style().name().lower() == "fusion"
    dialog.looks_page.theme.setCurrentIndex(dialog.looks_page.theme.findData("system"))
    assert dialog.apply()
    assert QApplication.palette().color(QPalette.ColorRole.Window) == system_window


# --- start at login ------------------------------------------------------------------------------


def test_start_at_login_writes_and_removes_the_autostart_entry(
    qtbot: QtBot, paths: AppPaths, clock: ManualClock, tmp_path: Path
) -> None:
    entry = tmp_path / "xdg-config" / "autostart" / "io.github.fmc_desktop.FmcDesktop.desktop"
    dialog = open_dialog(qtbot, paths, Settings(), clock=clock)
    assert dialog.looks_page.login_check.isEnabled()
    assert not dialog.looks_page.login_check.isChecked()
    dialog.looks_page.login_check.setChecked(True)
    assert dialog.apply()
    assert entry.is_file()
    assert "Exec=" in entry.read_text("utf-8")
    assert SettingsStore(paths.settings_file).load().start_at_login is True

    # The file is what counts: a dialog opened later shows it ticked.
    assert open_dialog(qtbot, paths, Settings(), clock=clock).looks_page.login_check.isChecked()
    dialog.looks_page.login_check.setChecked(False)
    assert dialog.apply()
    assert not entry.exists()
    assert SettingsStore(paths.settings_file).load().start_at_login is False


def test_start_at_login_on_macos_is_a_launch_agent(
    qtbot: QtBot, paths: AppPaths, clock: ManualClock, tmp_path: Path
) -> None:
    """The switch works on macOS too (a LaunchAgent); on Windows it is the installer's Run value
    (tests/core/test_autostart.py, as this machine has no registry)."""
    agent = tmp_path / "user-home" / "Library" / "LaunchAgents"
    dialog = open_dialog(qtbot, paths, Settings(), clock=clock, platform="darwin")
    assert dialog.looks_page.login_check.isEnabled()
    dialog.looks_page.login_check.setChecked(True)
    assert dialog.apply()
    assert [p.name for p in agent.iterdir()] == ["io.github.fmc-desktop.FmcDesktop.plist"]
    assert not (tmp_path / "xdg-config" / "autostart").exists()
    dialog.looks_page.login_check.setChecked(False)
    assert dialog.apply()
    assert list(agent.iterdir()) == []


# --- the token -----------------------------------------------------------------------------------


def test_the_token_section_says_which_store_holds_it(
    qtbot: QtBot, paths: AppPaths, clock: ManualClock, memory_keyring: MemoryKeyring
) -> None:
    settings = Settings()
    empty = open_dialog(qtbot, paths, settings, clock=clock)
    assert empty.token_page.token_status.text() == "No token is saved."
    assert not empty.token_page.remove_token_button.isEnabled()
    assert empty.token_page.replace_token_button.isEnabled()

    store = TokenStore(settings.base_url, timeout=KEYRING_TIMEOUT)
    store.save("ab" * 32)
    saved = open_dialog(qtbot, paths, settings, clock=clock, token_store=store)
    assert saved.token_page.token_status.text().startswith("A token is saved in ")
    assert saved.token_page.remove_token_button.isEnabled()
    assert not saved.banner.isVisible()

    with qtbot.waitSignal(saved.token_changed, timeout=5000):
        saved.token_page.remove_token()
    qtbot.waitUntil(
        lambda: saved.token_page.token_status.text() == "No token is saved.", timeout=5000
    )
    assert memory_keyring.entries == {}


def test_a_token_from_the_environment_is_named_as_such(
    qtbot: QtBot, paths: AppPaths, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FMC_TOKEN", "cd" * 32)
    dialog = open_dialog(qtbot, paths, Settings(), clock=clock)
    assert "FMC_TOKEN" in dialog.token_page.token_status.text()
    assert not dialog.token_page.remove_token_button.isEnabled()


def test_replacing_the_token_tests_it_and_saves_it_in_the_keyring(
    qtbot: QtBot,
    paths: AppPaths,
    clock: ManualClock,
    simulator: Simulator,
    memory_keyring: MemoryKeyring,
) -> None:
    dialog = open_dialog(qtbot, paths, Settings(base_url=simulator.base_url), clock=clock)
    token_dialog = dialog.token_page.make_token_dialog()
    qtbot.addWidget(token_dialog)
    token_dialog.show()
    ok = token_dialog.buttons.button(token_dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    token_dialog.entry.field.setText(simulator.token)
    with qtbot.waitSignal(token_dialog.entry.token_kept, timeout=20000) as kept:
        token_dialog.entry.test_button.click()
    assert kept.args == [TokenSource.KEYRING.value]
    assert ok.isEnabled()
    with qtbot.waitSignal(dialog.token_changed, timeout=5000):
        ok.click()
    qtbot.waitUntil(
        lambda: dialog.token_page.token_status.text().startswith("A token is saved"), timeout=5000
    )
    assert list(memory_keyring.entries.values()) == [simulator.token]


@pytest.mark.parametrize("refusal", sorted(REFUSALS))
def test_a_keyring_that_refuses_offers_a_session_only_token(
    qtbot: QtBot,
    paths: AppPaths,
    clock: ManualClock,
    simulator: Simulator,
    tmp_path: Path,
    hanging_keyring: HangingKeyring,
    refusal: str,
) -> None:
    kind, locked = REFUSALS[refusal]
    keyring.set_keyring(refusing_keyring(refusal, hanging_keyring))
    settings = Settings(base_url=simulator.base_url)
    store = TokenStore(settings.base_url, timeout=KEYRING_TIMEOUT)
    dialog = open_dialog(qtbot, paths, settings, clock=clock, token_store=store)

    # Reading the token already fails; the dialog says why and offers to enter one.
    details = {"locked": True} if locked else {}
    sentence = kind_text(kind, details=details)
    assert dialog.banner.isVisible()
    assert dialog.banner.text() == sentence
    assert sentence in dialog.token_page.token_status.text()

    token_dialog: TokenDialog = dialog.token_page.make_token_dialog()
    qtbot.addWidget(token_dialog)
    token_dialog.show()
    entry = token_dialog.entry
    entry.field.setText(simulator.token)
    entry.test_button.click()
    qtbot.waitUntil(lambda: entry.keyring_banner.isVisible(), timeout=20000)
    assert entry.keyring_banner.text() == sentence
    assert "session only" in entry.keyring_banner.action_button.text()
    assert not entry.is_ready()
    assert not token_dialog.buttons.button(token_dialog.buttons.StandardButton.Ok).isEnabled()

    with qtbot.waitSignal(entry.token_kept, timeout=3000) as kept:
        entry.keyring_banner.action_button.click()
    assert kept.args == [TokenSource.SESSION.value]
    assert entry.kept_in() is TokenSource.SESSION
    found = store.find()
    assert found is not None
    assert found.source is TokenSource.SESSION
    with qtbot.waitSignal(dialog.token_changed, timeout=3000):
        token_dialog.buttons.button(token_dialog.buttons.StandardButton.Ok).click()

    # The settings dialog now shows the session-only banner.
    qtbot.waitUntil(
        lambda: dialog.token_page.token_status.text().startswith(
            "A token is kept for this session only"
        ),
        timeout=5000,
    )
    assert dialog.banner.isVisible()
    assert dialog.banner.level().value == "warning"
    assert "session only" in dialog.banner.text()
    assert dialog.apply()
    # Nothing in the data, config, cache or log folders (nor anywhere under the test's home)
    # holds the token.
    assert files_containing(tmp_path, simulator.token) == []


# --- the local data ------------------------------------------------------------------------------


def _call(day: datetime, number: str) -> CallRecord:
    start = day.astimezone(KYIV)
    return CallRecord(start, start + timedelta(seconds=30), number, "0671234567", 30)


def test_forget_calls_older_than_a_day(qtbot: QtBot, paths: AppPaths, clock: ManualClock) -> None:
    with CallArchive(paths.archive_file, clock=clock) as archive:
        archive.add_calls(
            [
                _call(datetime(2026, 3, 1, 10, tzinfo=UTC), "0501111111"),
                _call(datetime(2026, 5, 31, 20, 59, tzinfo=UTC), "0502222222"),  # 23:59 Kyiv
                _call(datetime(2026, 6, 1, 9, tzinfo=UTC), "0503333333"),
            ]
        )
        dialog = open_dialog(qtbot, paths, Settings(), clock=clock, archive=archive)
        qtbot.waitUntil(
            lambda: "calls in the archive: 3" in dialog.data_page.size_value.text(), timeout=5000
        )
        dialog.data_page.forget_date.setDate(QDate(2026, 6, 1))
        assert dialog.data_page.forget_cutoff() == datetime(2026, 6, 1, tzinfo=KYIV)
        with qtbot.waitSignal(dialog.calls_forgotten, timeout=5000) as forgotten:
            dialog.data_page.forget_calls()
        assert forgotten.args == [2]
        assert archive.stats().calls == 1
        assert dialog.data_page.data_result.text() == "Calls forgotten: 2."
        qtbot.waitUntil(
            lambda: "calls in the archive: 1" in dialog.data_page.size_value.text(), timeout=5000
        )


def test_forgetting_asks_first(qtbot: QtBot, paths: AppPaths, clock: ManualClock) -> None:
    dialog = open_dialog(qtbot, paths, Settings(), clock=clock)
    answered: list[str] = []

    def answer_cancel() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        answered.append(box.text())
        box.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(0, answer_cancel)
    dialog.data_page.forget_button.click()
    assert answered
    assert "cannot be fetched from the PBX again" in answered[0]
    assert dialog.data_page.data_result.isHidden()


def test_delete_all_local_data_keeps_the_demo_the_lock_and_the_token(
    qtbot: QtBot, paths: AppPaths, clock: ManualClock, memory_keyring: MemoryKeyring
) -> None:
    made = fill_local_data(paths)
    demo = AppPaths.resolve(demo=True)
    demo_files = fill_local_data(demo)
    lock = paths.data / "instance.lock"
    lock.write_text("1234", "utf-8")
    store = TokenStore(Settings().base_url, timeout=KEYRING_TIMEOUT)
    store.save("ab" * 32)

    dialog = open_dialog(qtbot, paths, Settings(), clock=clock, token_store=store)
    answered: list[str] = []

    def confirm() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        answered.append(box.text())
        assert box.checkBox() is not None
        assert not box.checkBox().isChecked()
        delete = next(
            button
            for button in box.findChildren(QPushButton)
            if button.text() == "Delete everything"
        )
        delete.click()

    QTimer.singleShot(0, confirm)
    with qtbot.waitSignal(dialog.local_data_deleted, timeout=5000):
        dialog.data_page.delete_button.click()
    assert answered
    assert "cannot be undone" in answered[0]
    assert [path for path in made if path.exists()] == []
    assert all(path.exists() for path in demo_files)
    assert lock.exists()
    assert store.find() is not None  # the token stays unless asked
    assert dialog.data_page.data_result.text() == "All local data of this computer is deleted."


def test_delete_all_local_data_can_remove_the_token_too(
    qtbot: QtBot, paths: AppPaths, clock: ManualClock, memory_keyring: MemoryKeyring
) -> None:
    fill_local_data(paths)
    store = TokenStore(Settings().base_url, timeout=KEYRING_TIMEOUT)
    store.save("ab" * 32)
    dialog = open_dialog(qtbot, paths, Settings(), clock=clock, token_store=store)
    with qtbot.waitSignal(dialog.local_data_deleted, timeout=5000):
        dialog.data_page.delete_all_data(remove_token=True)
    assert memory_keyring.entries == {}
    qtbot.waitUntil(
        lambda: dialog.token_page.token_status.text() == "No token is saved.", timeout=5000
    )


# --- looks and accessibility ---------------------------------------------------------------------


def test_every_control_has_an_accessible_name(
    qtbot: QtBot, paths: AppPaths, clock: ManualClock
) -> None:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QHeaderView,
        QLineEdit,
    )

    dialog = open_dialog(qtbot, paths, Settings(), clock=clock)
    controls = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)

    def part_of_another_control(widget: QWidget) -> bool:
        # The pieces Qt builds inside a control: a combo's popup list, a field's clear button,
        # a spin box's editor, a list's header.
        parent = widget.parentWidget()
        return (
            isinstance(widget, QHeaderView)
            or isinstance(parent, (QLineEdit, QAbstractSpinBox, QComboBox))
            or (
                parent is not None
                and parent.metaObject().className() == "QComboBoxPrivateContainer"
            )
        )

    nameless = [
        f"{type(widget).__name__} {widget.objectName()!r}"
        for widget in dialog.findChildren(QWidget)
        if isinstance(widget, controls)
        and not widget.accessibleName()
        and not widget.isHidden()
        and not part_of_another_control(widget)
    ]
    assert nameless == [], "\n".join(nameless)


class _UrlCatcher(QObject):
    """Stands in for the desktop's file manager: QDesktopServices hands it the URLs to open."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[QUrl] = []

    @Slot(QUrl)
    def open_url(self, url: QUrl) -> None:
        self.opened.append(url)


def test_open_log_folder_and_data_folder_go_to_the_desktop(
    qtbot: QtBot, paths: AppPaths, clock: ManualClock
) -> None:
    catcher = _UrlCatcher()
    # PySide6's stub asks for bytes, but the binding refuses them and takes the name as str.
    QDesktopServices.setUrlHandler("file", catcher, "open_url")  # type: ignore[arg-type]
    try:
        dialog = open_dialog(qtbot, paths, Settings(), clock=clock)
        dialog.sections.setCurrentRow(Section.DATA)
        dialog.data_page.open_log_button.click()
        dialog.data_page.open_data_button.click()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [url.toLocalFile() for url in catcher.opened] == [str(paths.logs), str(paths.data)]
    assert dialog.data_page.log_path.text() == str(paths.logs)
    assert dialog.data_page.folder_path.text() == str(paths.data)


def test_numbers_saved_in_any_spelling_are_shown_and_kept(
    qtbot: QtBot, paths: AppPaths, clock: ManualClock
) -> None:
    # The command line's demo writes national numbers; the dialog works in canonical ones.
    settings = Settings(
        own_numbers=["0671234567", "0501112233"],
        call_as="0501112233",
        company_numbers=["0671234567", "0501112233"],
    )
    dialog = open_dialog(qtbot, paths, settings, clock=clock)
    assert dialog.numbers_page.call_as.currentData() == "+380501112233"
    assert dialog.apply()
    saved = SettingsStore(paths.settings_file).load()
    assert saved.call_as == "+380501112233"
    assert sorted(saved.own_numbers) == ["+380501112233", "+380671234567"]


def test_the_demo_keeps_its_own_token(qtbot: QtBot, paths: AppPaths, clock: ManualClock) -> None:
    store = TokenStore(Settings().base_url, timeout=KEYRING_TIMEOUT)
    store.set_session_token("ab" * 32)
    dialog = SettingsDialog(
        Settings(), SettingsStore(paths.settings_file), store, paths, clock=clock, demo=True
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.token_page.token_state() is not None, timeout=5000)
    assert dialog.token_page.token_status.text() == "The demo uses the simulator's own token."
    assert not dialog.token_page.replace_token_button.isEnabled()
    assert not dialog.token_page.remove_token_button.isEnabled()
    assert not dialog.banner.isVisible()
