"""The settings dialog: the token, the user's numbers, sync, looks, the local data, and the server.

Apply (or OK) writes the settings file, applies the language and the theme at once, writes or
removes the login autostart entry, and emits `settings_changed` with the new settings; the main
window re-reads what it uses from them. Everything that may block (the keyring, the archive, the
network, sizing the data folder) runs off the GUI thread.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from PySide6.QtCore import QDate, QEvent, QLocale, QSignalBlocker, QSize, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fmc_desktop.core.api.clock import Clock, SystemClock
from fmc_desktop.core.api.errors import FmcError, InsecureUrlError, NoTokenError
from fmc_desktop.core.api.factory import ClientFactory, clients_for
from fmc_desktop.core.api.kyiv import KYIV
from fmc_desktop.core.archive.backup import BackupStore
from fmc_desktop.core.archive.store import ArchiveStats, CallArchive
from fmc_desktop.core.numbers.phone import canonical, display_number
from fmc_desktop.core.system import autostart
from fmc_desktop.core.system.paths import DEMO_FOLDER, AppPaths
from fmc_desktop.core.system.secrets import FoundToken, TokenSource, TokenStore
from fmc_desktop.core.system.settings import (
    DEFAULT_BASE_URL,
    MAX_SYNC_INTERVAL_MINUTES,
    Settings,
    SettingsStore,
    check_base_url,
)
from fmc_desktop.ui.settings.extras import GlobalShortcutGroup, QuickCheckGroup
from fmc_desktop.ui.settings.numbers_chooser import NumberChooser, NumberEntry, discover_numbers
from fmc_desktop.ui.settings.token_entry import TokenDialog
from fmc_desktop.ui.settings.widgets import set_text_colour
from fmc_desktop.ui.shell import i18n, theme
from fmc_desktop.ui.shell.banner import Banner, BannerLevel
from fmc_desktop.ui.shell.errors_text import error_details, error_text
from fmc_desktop.ui.shell.screen_fit import fit_to_screen
from fmc_desktop.ui.shell.theme import error_colour
from fmc_desktop.ui.shell.workers import Task, run_in_thread

log = logging.getLogger(__name__)

# Never deleted with the local data: a running app holds it (see ui/single_instance.py).
_KEEP_FILES = frozenset({"instance.lock"})


class Section:
    CONNECTION = 0
    NUMBERS = 1
    SYNC = 2
    GENERAL = 3
    DATA = 4
    ADVANCED = 5


@dataclass(frozen=True)
class TokenState:
    """What the token store said: where the token is, or why it could not be read."""

    found: FoundToken | None
    backend: str = ""
    error: BaseException | None = None


@dataclass(frozen=True)
class DataUsage:
    folder_bytes: int
    stats: ArchiveStats | None
    backups: int = 0
    backup_bytes: int = 0
    newest_backup: datetime | None = None


# --- the local data, without Qt's help ---------------------------------------------------------


def folder_size(folder: Path, *, skip: frozenset[str] = frozenset()) -> int:
    total = 0
    for root, dirs, files in os.walk(folder):
        if Path(root) == folder:
            dirs[:] = [name for name in dirs if name not in skip]
        for name in files:
            try:
                total += (Path(root) / name).stat().st_size
            except OSError:
                continue
    return total


def _close_log_files_in(folder: Path) -> None:
    """Close the log handlers writing into `folder`; they reopen a fresh file on the next line."""
    resolved = folder.resolve()
    for handler in list(logging.getLogger().handlers):
        if not isinstance(handler, logging.FileHandler):
            continue
        if Path(handler.baseFilename).resolve().parent == resolved:
            handler.close()


def delete_local_data(paths: AppPaths, *, demo: bool) -> list[Path]:
    """Delete the archive, settings, cache and logs of this mode; returns what could not go.

    The real mode's folders hold the demo's as a subfolder, which is the demo's to delete.
    """
    skip = frozenset() if demo else frozenset({DEMO_FOLDER})
    _close_log_files_in(paths.logs)
    left: list[Path] = []
    for folder in (paths.data, paths.config, paths.cache, paths.logs):
        if not folder.is_dir():
            continue
        for child in folder.iterdir():
            if child.name in skip or child.name in _KEEP_FILES:
                continue
            try:
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child)
                else:
                    child.unlink()
            except OSError:
                log.warning("Could not delete %s", child, exc_info=True)
                left.append(child)
    log.info("Local data deleted (%s mode)", "demo" if demo else "normal")
    return left


def format_size(size: int, locale: QLocale | None = None) -> str:
    chosen = locale if locale is not None else QLocale()
    return chosen.formattedDataSize(size, 1, QLocale.DataSizeFormat.DataSizeSIFormat)


def _proxy_problem_kind(url: str) -> str | None:
    """Why a manual proxy address cannot be used: "empty", "shape", "password", or None."""
    cleaned = url.strip()
    if not cleaned:
        return "empty"
    parts = urlsplit(cleaned)
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return "shape"
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return "shape"
    if parts.password:
        return "password"
    return None


# --- the dialog ----------------------------------------------------------------------------------


class SettingsDialog(QDialog):
    """All the settings. `settings_changed(Settings)` after each successful Apply or OK.

    `token_changed` after the token was replaced or removed (the app asks the token store
    again); `calls_forgotten(count)` after "Forget calls older than…"; `local_data_deleted`
    after "Delete all local data" (the app should close its archive and start afresh).
    """

    settings_changed = Signal(object)
    token_changed = Signal()
    calls_forgotten = Signal(int)
    local_data_deleted = Signal()

    def __init__(
        self,
        settings: Settings,
        settings_store: SettingsStore,
        token_store: TokenStore,
        paths: AppPaths,
        *,
        archive: CallArchive | None = None,
        clock: Clock | None = None,
        demo: bool = False,
        platform: str | None = None,
        client_factory: ClientFactory | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self._settings = replace(settings)
        self._settings_store = settings_store
        self._token_store = token_store
        self._paths = paths
        self._archive = archive
        self._clock: Clock = clock if clock is not None else SystemClock()
        self._demo = demo
        self._given_client_factory = client_factory
        self._platform = platform if platform is not None else sys.platform
        self._token_state: TokenState | None = None
        self._tasks: list[Task] = []
        self._usage: DataUsage | None = None
        self._data_message: Callable[[], str] | None = None
        self._numbers_message: Callable[[], str] | None = None
        self._banner_message: Callable[[], tuple[str, BannerLevel, str | None]] | None = None
        self._banner_action: Callable[[], None] | None = None

        self.banner = Banner(self)
        self.banner.setObjectName("settingsBanner")
        self.banner.action_triggered.connect(self._on_banner_action_triggered)
        self.sections = QListWidget(self)
        self.sections.setObjectName("settingsSections")
        self.sections.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sections.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.sections.setStyleSheet("QListWidget#settingsSections::item { padding: 6px 10px; }")
        self.stack = QStackedWidget(self)
        for _ in range(6):
            QListWidgetItem(self.sections)
        self.stack.addWidget(self._wrap(self._build_connection()))
        self.stack.addWidget(self._wrap(self._build_numbers()))
        self.stack.addWidget(self._wrap(self._build_sync()))
        self.stack.addWidget(self._wrap(self._build_general()))
        self.stack.addWidget(self._wrap(self._build_data()))
        self.stack.addWidget(self._wrap(self._build_advanced()))
        self.sections.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.Apply,
            self,
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setObjectName("applyButton")
        self.apply_button.clicked.connect(self._on_apply_button_clicked)

        body = QHBoxLayout()
        body.setSpacing(12)
        body.addWidget(self.sections)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 14, 14, 12)
        layout.setSpacing(10)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)

        self._load(self._settings)
        self._retranslate()
        self.sections.setCurrentRow(Section.CONNECTION)
        fit_to_screen(self, QSize(860, 600))
        self.refresh_token_state()
        self.refresh_data_usage()
        self._load_names()

    # --- building -------------------------------------------------------------------------------

    def _wrap(self, page: QWidget) -> QScrollArea:
        # A scroll area, so a small screen or a large font never cuts a section off.
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setWidget(page)
        return area

    @staticmethod
    def _page_layout(page: QWidget) -> QVBoxLayout:
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(12)
        return layout

    @staticmethod
    def _note(parent: QWidget, name: str) -> QLabel:
        label = QLabel(parent)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    @staticmethod
    def _path_field(parent: QWidget, name: str, path: Path) -> QLineEdit:
        # A read-only field: a long path scrolls instead of being cut, and copies whole.
        field = QLineEdit(str(path), parent)
        field.setObjectName(name)
        field.setReadOnly(True)
        field.setCursorPosition(0)
        field.setToolTip(str(path))
        return field

    @staticmethod
    def _form(group: QWidget) -> QFormLayout:
        form = QFormLayout(group)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        return form

    def _build_connection(self) -> QWidget:
        page = QWidget(self)
        layout = self._page_layout(page)
        self.token_group = QGroupBox(page)
        group_layout = QVBoxLayout(self.token_group)
        group_layout.setSpacing(8)
        self.token_status = self._note(self.token_group, "tokenStatus")
        self.replace_token_button = QPushButton(self.token_group)
        self.replace_token_button.setObjectName("replaceToken")
        self.replace_token_button.setAutoDefault(False)
        self.remove_token_button = QPushButton(self.token_group)
        self.remove_token_button.setObjectName("removeToken")
        self.remove_token_button.setAutoDefault(False)
        self.replace_token_button.clicked.connect(self._on_replace_token_button_clicked)
        self.remove_token_button.clicked.connect(self._on_remove_token_button_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.replace_token_button)
        buttons.addWidget(self.remove_token_button)
        buttons.addStretch(1)
        self.token_note = self._note(self.token_group, "tokenNote")
        group_layout.addWidget(self.token_status)
        group_layout.addLayout(buttons)
        group_layout.addWidget(self.token_note)
        layout.addWidget(self.token_group)
        layout.addStretch(1)
        return page

    def _build_numbers(self) -> QWidget:
        page = QWidget(self)
        layout = self._page_layout(page)
        self.numbers_group = QGroupBox(page)
        group_layout = QVBoxLayout(self.numbers_group)
        group_layout.setSpacing(8)
        top = QHBoxLayout()
        self.numbers_status = self._note(self.numbers_group, "numbersStatus")
        self.find_numbers_button = QPushButton(self.numbers_group)
        self.find_numbers_button.setObjectName("findNumbers")
        self.find_numbers_button.setAutoDefault(False)
        self.find_numbers_button.clicked.connect(self._on_find_numbers_button_clicked)
        top.addWidget(self.numbers_status, 1)
        top.addWidget(self.find_numbers_button, 0, Qt.AlignmentFlag.AlignTop)
        self.chooser = NumberChooser(self.numbers_group)
        self.chooser.setMinimumHeight(240)
        self.chooser.changed.connect(self._on_chooser_changed)
        group_layout.addLayout(top)
        group_layout.addWidget(self.chooser, 1)
        layout.addWidget(self.numbers_group, 1)

        self.dialling_group = QGroupBox(page)
        form = self._form(self.dialling_group)
        self.call_as_label = QLabel(self.dialling_group)
        self.call_as = QComboBox(self.dialling_group)
        self.call_as.setObjectName("callAs")
        self.call_as_label.setBuddy(self.call_as)
        form.addRow(self.call_as_label, self.call_as)
        self.confirm_check = QCheckBox(self.dialling_group)
        self.confirm_check.setObjectName("confirmBeforeDialling")
        form.addRow(self.confirm_check)
        self.confirm_note = self._note(self.dialling_group, "confirmNote")
        form.addRow(self.confirm_note)
        layout.addWidget(self.dialling_group)
        self.shortcut_group = GlobalShortcutGroup(page)
        layout.addWidget(self.shortcut_group)
        return page

    def _build_sync(self) -> QWidget:
        page = QWidget(self)
        layout = self._page_layout(page)
        self.sync_group = QGroupBox(page)
        form = self._form(self.sync_group)
        self.interval_label = QLabel(self.sync_group)
        self.interval = QSpinBox(self.sync_group)
        self.interval.setObjectName("syncInterval")
        self.interval.setRange(1, MAX_SYNC_INTERVAL_MINUTES)
        self.interval_label.setBuddy(self.interval)
        form.addRow(self.interval_label, self.interval)
        self.interval_note = self._note(self.sync_group, "intervalNote")
        form.addRow(self.interval_note)
        layout.addWidget(self.sync_group)
        self.quick_group = QuickCheckGroup(page)
        layout.addWidget(self.quick_group)

        self.flags_group = QGroupBox(page)
        flags = QVBoxLayout(self.flags_group)
        flags.setSpacing(6)
        self.names_check = QCheckBox(self.flags_group)
        self.names_check.setObjectName("fetchNames")
        self.departments_check = QCheckBox(self.flags_group)
        self.departments_check.setObjectName("fetchDepartments")
        self.ownership_check = QCheckBox(self.flags_group)
        self.ownership_check.setObjectName("fetchOwnership")
        self.flags_note = self._note(self.flags_group, "flagsNote")
        for widget in (self.names_check, self.departments_check, self.ownership_check):
            flags.addWidget(widget)
        flags.addWidget(self.flags_note)
        layout.addWidget(self.flags_group)
        layout.addStretch(1)
        return page

    def _build_general(self) -> QWidget:
        page = QWidget(self)
        layout = self._page_layout(page)
        self.looks_group = QGroupBox(page)
        form = self._form(self.looks_group)
        self.language_label = QLabel(self.looks_group)
        self.language = QComboBox(self.looks_group)
        self.language.setObjectName("language")
        for code in ("system", "uk", "en"):
            self.language.addItem("", code)
        self.language_label.setBuddy(self.language)
        form.addRow(self.language_label, self.language)
        self.theme_label = QLabel(self.looks_group)
        self.theme = QComboBox(self.looks_group)
        self.theme.setObjectName("theme")
        for name in theme.THEMES:
            self.theme.addItem("", name)
        self.theme_label.setBuddy(self.theme)
        form.addRow(self.theme_label, self.theme)
        self.time_zone_label = QLabel(self.looks_group)
        self.time_zone = QComboBox(self.looks_group)
        self.time_zone.setObjectName("timeZone")
        for zone in ("kyiv", "local"):
            self.time_zone.addItem("", zone)
        self.time_zone_label.setBuddy(self.time_zone)
        form.addRow(self.time_zone_label, self.time_zone)
        layout.addWidget(self.looks_group)

        self.start_group = QGroupBox(page)
        start = QVBoxLayout(self.start_group)
        start.setSpacing(6)
        self.minimised_check = QCheckBox(self.start_group)
        self.minimised_check.setObjectName("startMinimised")
        self.login_check = QCheckBox(self.start_group)
        self.login_check.setObjectName("startAtLogin")
        self.login_note = self._note(self.start_group, "startAtLoginNote")
        start.addWidget(self.minimised_check)
        start.addWidget(self.login_check)
        start.addWidget(self.login_note)
        layout.addWidget(self.start_group)
        layout.addStretch(1)
        return page

    def _build_data(self) -> QWidget:
        page = QWidget(self)
        layout = self._page_layout(page)
        self.folder_group = QGroupBox(page)
        form = self._form(self.folder_group)
        self.folder_label = QLabel(self.folder_group)
        self.folder_path = self._path_field(self.folder_group, "dataFolder", self._paths.data)
        self.open_data_button = QPushButton(self.folder_group)
        self.open_data_button.setObjectName("openDataFolder")
        self.open_data_button.setAutoDefault(False)
        self.open_data_button.clicked.connect(self._on_open_data_button_clicked)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_path, 1)
        folder_row.addWidget(self.open_data_button)
        form.addRow(self.folder_label, folder_row)
        self.size_label = QLabel(self.folder_group)
        self.size_value = QLabel(self.folder_group)
        self.size_value.setObjectName("dataSize")
        self.size_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.size_label, self.size_value)
        self.backups_label = QLabel(self.folder_group)
        self.backups_value = QLabel(self.folder_group)
        self.backups_value.setObjectName("backups")
        self.backups_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.backups_label, self.backups_value)
        self.log_label = QLabel(self.folder_group)
        self.log_path = self._path_field(self.folder_group, "logFolder", self._paths.logs)
        self.open_log_button = QPushButton(self.folder_group)
        self.open_log_button.setObjectName("openLogFolder")
        self.open_log_button.setAutoDefault(False)
        self.open_log_button.clicked.connect(self._on_open_log_button_clicked)
        log_row = QHBoxLayout()
        log_row.addWidget(self.log_path, 1)
        log_row.addWidget(self.open_log_button)
        form.addRow(self.log_label, log_row)
        layout.addWidget(self.folder_group)

        self.forget_group = QGroupBox(page)
        forget = QVBoxLayout(self.forget_group)
        forget.setSpacing(8)
        row = QHBoxLayout()
        self.forget_label = QLabel(self.forget_group)
        self.forget_date = QDateEdit(self.forget_group)
        self.forget_date.setObjectName("forgetBefore")
        self.forget_date.setCalendarPopup(True)
        today = self._clock.now().astimezone(KYIV).date()
        self.forget_date.setMaximumDate(QDate(today.year, today.month, today.day))
        start = today.replace(day=1)
        self.forget_date.setDate(QDate(start.year - 1, start.month, 1))
        self.forget_label.setBuddy(self.forget_date)
        self.forget_button = QPushButton(self.forget_group)
        self.forget_button.setObjectName("forgetCalls")
        self.forget_button.setAutoDefault(False)
        self.forget_button.clicked.connect(self._on_forget_button_clicked)
        row.addWidget(self.forget_label)
        row.addWidget(self.forget_date)
        row.addWidget(self.forget_button)
        row.addStretch(1)
        self.forget_note = self._note(self.forget_group, "forgetNote")
        forget.addLayout(row)
        forget.addWidget(self.forget_note)
        layout.addWidget(self.forget_group)

        self.delete_group = QGroupBox(page)
        delete = QVBoxLayout(self.delete_group)
        delete.setSpacing(8)
        self.delete_note = self._note(self.delete_group, "deleteNote")
        self.delete_button = QPushButton(self.delete_group)
        self.delete_button.setObjectName("deleteAllData")
        self.delete_button.setAutoDefault(False)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        delete_row = QHBoxLayout()
        delete_row.addWidget(self.delete_button)
        delete_row.addStretch(1)
        delete.addWidget(self.delete_note)
        delete.addLayout(delete_row)
        layout.addWidget(self.delete_group)
        self.data_result = self._note(page, "dataResult")
        self.data_result.setVisible(False)
        layout.addWidget(self.data_result)
        layout.addStretch(1)
        return page

    def _build_advanced(self) -> QWidget:
        page = QWidget(self)
        layout = self._page_layout(page)
        self.server_group = QGroupBox(page)
        form = self._form(self.server_group)
        self.base_url_label = QLabel(self.server_group)
        self.base_url = QLineEdit(self.server_group)
        self.base_url.setObjectName("baseUrl")
        self.base_url_label.setBuddy(self.base_url)
        self.default_url_button = QPushButton(self.server_group)
        self.default_url_button.setObjectName("defaultBaseUrl")
        self.default_url_button.setAutoDefault(False)
        self.default_url_button.clicked.connect(self._on_default_url_button_clicked)
        url_row = QHBoxLayout()
        url_row.addWidget(self.base_url, 1)
        url_row.addWidget(self.default_url_button)
        form.addRow(self.base_url_label, url_row)
        self.base_url_problem = self._note(self.server_group, "baseUrlProblem")
        self.base_url_problem.setVisible(False)
        form.addRow(self.base_url_problem)
        self.base_url_note = self._note(self.server_group, "baseUrlNote")
        form.addRow(self.base_url_note)
        self.base_url.textChanged.connect(self._on_base_url_text_changed)
        layout.addWidget(self.server_group)

        self.proxy_group = QGroupBox(page)
        proxy = QVBoxLayout(self.proxy_group)
        proxy.setSpacing(6)
        self.proxy_system = QRadioButton(self.proxy_group)
        self.proxy_system.setObjectName("proxySystem")
        self.proxy_none = QRadioButton(self.proxy_group)
        self.proxy_none.setObjectName("proxyNone")
        self.proxy_manual = QRadioButton(self.proxy_group)
        self.proxy_manual.setObjectName("proxyManual")
        self.proxy_buttons = QButtonGroup(self)
        for index, button in enumerate((self.proxy_system, self.proxy_none, self.proxy_manual)):
            self.proxy_buttons.addButton(button, index)
        self.proxy_url = QLineEdit(self.proxy_group)
        self.proxy_url.setObjectName("proxyUrl")
        self.proxy_url.setPlaceholderText("http://proxy.example.com:3128")
        self.proxy_problem = self._note(self.proxy_group, "proxyProblem")
        self.proxy_problem.setVisible(False)
        self.proxy_buttons.idToggled.connect(self._on_proxy_buttons_id_toggled)
        self.proxy_url.textChanged.connect(self._on_proxy_url_text_changed)
        manual_row = QHBoxLayout()
        manual_row.addWidget(self.proxy_manual)
        manual_row.addWidget(self.proxy_url, 1)
        proxy.addWidget(self.proxy_system)
        proxy.addWidget(self.proxy_none)
        proxy.addLayout(manual_row)
        proxy.addWidget(self.proxy_problem)
        layout.addWidget(self.proxy_group)
        layout.addStretch(1)
        return page

    # --- settings <-> controls --------------------------------------------------------------------

    def _load(self, settings: Settings) -> None:
        self.chooser.set_entries(
            [], own=settings.own_numbers, company=settings.company_numbers or []
        )
        self._fill_call_as(settings.call_as)
        self.confirm_check.setChecked(settings.confirm_before_dial)
        self.interval.setValue(settings.sync_interval_minutes)
        self.quick_group.load(settings)
        self.shortcut_group.load(settings)
        self.names_check.setChecked(settings.fetch_names)
        self.departments_check.setChecked(settings.fetch_departments)
        self.ownership_check.setChecked(settings.fetch_ownership)
        self._select(self.language, settings.language)
        self._select(self.theme, settings.theme if settings.theme in theme.THEMES else "system")
        self._select(self.time_zone, settings.time_zone)
        self.minimised_check.setChecked(settings.start_minimised)
        if self.autostart_supported():
            self.login_check.setChecked(autostart.is_autostart_enabled(platform=self._platform))
        else:
            self.login_check.setChecked(settings.start_at_login)
        self.login_check.setEnabled(self.autostart_supported())
        self.base_url.setText(settings.base_url)
        mode = {"system": 0, "none": 1, "manual": 2}.get(settings.proxy_mode, 0)
        self.proxy_buttons.button(mode).setChecked(True)
        self.proxy_url.setText(settings.proxy_url)
        self.proxy_url.setEnabled(mode == 2)

    @staticmethod
    def _select(combo: QComboBox, value: str) -> None:
        index = combo.findData(value)
        combo.setCurrentIndex(max(index, 0))

    def _fill_call_as(self, wanted: str | None) -> None:
        with QSignalBlocker(self.call_as):
            self.call_as.clear()
            for number in self.chooser.own_numbers():
                name = self.chooser.name_of(number)
                shown = display_number(number)
                self.call_as.addItem(f"{shown} — {name}" if name else shown, number)
            index = self.call_as.findData(canonical(wanted)) if wanted else -1
            self.call_as.setCurrentIndex(max(index, 0))
        self.call_as.setEnabled(self.call_as.count() > 0)

    def _client_factory(self) -> ClientFactory:
        """Clients for the applied settings' server and proxy (or the one given)."""
        if self._given_client_factory is not None:
            return self._given_client_factory
        return clients_for(self._settings, self._clock)

    def autostart_supported(self) -> bool:
        return autostart.autostart_supported(self._platform)

    def settings(self) -> Settings:
        """The settings as last applied (or as given, before any Apply)."""
        return replace(self._settings)

    def collected(self) -> Settings:
        """The settings as the controls show them now (not yet checked or saved)."""
        own = self.chooser.own_numbers()
        call_as = self.call_as.currentData()
        mode = ("system", "none", "manual")[max(self.proxy_buttons.checkedId(), 0)]
        return replace(
            self._settings,
            own_numbers=own,
            call_as=str(call_as) if call_as in own else (own[0] if own else None),
            company_numbers=self.chooser.company_numbers(),
            confirm_before_dial=self.confirm_check.isChecked(),
            sync_interval_minutes=self.interval.value(),
            **self.quick_group.values(),  # type: ignore[arg-type]
            **self.shortcut_group.values(),  # type: ignore[arg-type]
            fetch_names=self.names_check.isChecked(),
            fetch_departments=self.departments_check.isChecked(),
            fetch_ownership=self.ownership_check.isChecked(),
            language=str(self.language.currentData()),
            theme=str(self.theme.currentData()),
            time_zone=str(self.time_zone.currentData()),
            start_minimised=self.minimised_check.isChecked(),
            start_at_login=self.login_check.isChecked(),
            base_url=self.base_url.text().strip(),
            proxy_mode=mode,
            proxy_url=self.proxy_url.text().strip(),
        )

    # --- applying -------------------------------------------------------------------------------

    def apply(self) -> bool:
        """Check, save and apply the settings; False (and why, shown) when they cannot be."""
        new = self.collected()
        try:
            new.base_url = check_base_url(new.base_url)
        except InsecureUrlError:
            self._show_base_url_problem(force=True)
            self.sections.setCurrentRow(Section.ADVANCED)
            self.base_url.setFocus()
            return False
        if new.proxy_mode == "manual" and self._proxy_problem_text() is not None:
            self._show_proxy_problem(force=True)
            self.sections.setCurrentRow(Section.ADVANCED)
            self.proxy_url.setFocus()
            return False
        if new.proxy_mode != "manual":
            new.proxy_url = new.proxy_url if _proxy_problem_kind(new.proxy_url) is None else ""
        try:
            self._settings_store.save(new)
        except (OSError, ValueError, FmcError) as error:
            log.warning("Could not save the settings: %s", error_details(error))
            reason = str(getattr(error, "strerror", "") or error_details(error))
            self._show_banner(
                lambda: (
                    self.tr("The settings could not be saved: {reason}").format(reason=reason),
                    BannerLevel.ERROR,
                    None,
                ),
                None,
            )
            return False
        old = self._settings
        self._settings = replace(new)
        self._apply_autostart(new)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            if new.theme != old.theme or theme.current_theme() != new.theme:
                theme.apply_theme(app, new.theme)
            if new.language != old.language:
                i18n.install_translations(app, new.language)
        if self._banner_message is not None and self.banner.level() is BannerLevel.ERROR:
            self._clear_banner()
        self.settings_changed.emit(replace(new))
        return True

    def _apply_autostart(self, new: Settings) -> None:
        if not self.autostart_supported():
            return
        try:
            if new.start_at_login:
                autostart.enable_autostart(platform=self._platform)
            else:
                autostart.disable_autostart(platform=self._platform)
        except OSError as error:
            log.warning("Could not change the autostart entry: %s", error)
            reason = error.strerror or str(error)
            self._show_banner(
                lambda: (
                    self.tr("The login start could not be changed: {reason}").format(reason=reason),
                    BannerLevel.ERROR,
                    None,
                ),
                None,
            )

    @Slot()
    def _on_apply_button_clicked(self) -> None:
        self.apply()

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if self.apply():
            self.accept()

    def done(self, result: int) -> None:
        for task in self._tasks:
            task.cancel()
        super().done(result)

    # --- banner ---------------------------------------------------------------------------------

    def _show_banner(
        self,
        message: Callable[[], tuple[str, BannerLevel, str | None]],
        action: Callable[[], None] | None,
    ) -> None:
        self._banner_message = message
        self._banner_action = action
        text, level, action_text = message()
        self.banner.show_message(text, level=level, action_text=action_text)

    def _clear_banner(self) -> None:
        self._banner_message = None
        self._banner_action = None
        self.banner.clear()

    @Slot()
    def _on_banner_action_triggered(self) -> None:
        if self._banner_action is not None:
            self._banner_action()

    # --- the token ------------------------------------------------------------------------------

    def _track(self, task: Task) -> Task:
        self._tasks = [known for known in self._tasks if known.is_running()]
        self._tasks.append(task)
        return task

    def refresh_token_state(self) -> None:
        """Ask the token store where the token is (off the GUI thread: the keyring may hang)."""
        self.token_status.setText(self.tr("Looking for the token…"))
        self.replace_token_button.setEnabled(False)
        self.remove_token_button.setEnabled(False)
        store = self._token_store

        def look() -> TokenState:
            try:
                found = store.find()
            except FmcError as error:
                return TokenState(None, error=error)
            backend = store.backend_name() if found and found.source is TokenSource.KEYRING else ""
            return TokenState(found, backend)

        self._track(run_in_thread(look, self._on_token_state_found, self._on_token_state_failed))

    @Slot(object)
    def _on_token_state_found(self, state: object) -> None:
        assert isinstance(state, TokenState)
        self._token_state = state
        self._show_token_state()

    @Slot(object)
    def _on_token_state_failed(self, error: object) -> None:
        assert isinstance(error, BaseException)
        self._token_state = TokenState(None, error=error)
        self._show_token_state()

    def token_state(self) -> TokenState | None:
        return self._token_state

    def _show_token_state(self) -> None:
        state = self._token_state
        if state is None:
            return
        self.replace_token_button.setEnabled(not self._demo)
        found = state.found
        self.remove_token_button.setEnabled(
            not self._demo and found is not None and found.source is not TokenSource.ENVIRONMENT
        )
        if self._demo:
            self.token_status.setText(self.tr("The demo uses the simulator's own token."))
        elif state.error is not None:
            self.token_status.setText(
                self.tr("The token could not be read. {reason}").format(
                    reason=error_text(state.error)
                )
            )
        elif found is None:
            self.token_status.setText(self.tr("No token is saved."))
        elif found.source is TokenSource.KEYRING:
            self.token_status.setText(
                self.tr("A token is saved in {keyring}.").format(keyring=state.backend)
            )
        elif found.source is TokenSource.SESSION:
            self.token_status.setText(
                self.tr("A token is kept for this session only; it is not saved anywhere.")
            )
        else:
            self.token_status.setText(
                self.tr(
                    "The token comes from the FMC_TOKEN environment variable, which overrides "
                    "a saved token while it is set."
                )
            )
        if found is not None and found.source is TokenSource.SESSION and not self._demo:
            self._show_banner(
                lambda: (
                    self.tr(
                        "The token is kept for this session only: there was no secure keyring "
                        "to save it in, so it will be asked for again at the next start."
                    ),
                    BannerLevel.WARNING,
                    self.tr("Save in the keyring"),
                ),
                self.save_session_token,
            )
        elif state.error is not None and not self._demo:
            error = state.error
            self._show_banner(
                lambda: (error_text(error), BannerLevel.WARNING, self.tr("Enter a token…")),
                self.replace_token,
            )
        elif self._banner_message is not None and self.banner.level() is not BannerLevel.ERROR:
            self._clear_banner()

    def save_session_token(self) -> None:
        """Try the keyring again with the token kept for this session."""
        store = self._token_store

        def save() -> None:
            found = store.find()
            if found is not None and found.source is TokenSource.SESSION:
                store.save(found.token)

        self._track(run_in_thread(save, self._on_session_saved, self._on_session_save_failed))

    @Slot(object)
    def _on_session_saved(self, _result: object) -> None:
        self.refresh_token_state()
        self.token_changed.emit()

    @Slot(object)
    def _on_session_save_failed(self, error: object) -> None:
        assert isinstance(error, BaseException)
        self._show_banner(
            lambda: (error_text(error), BannerLevel.WARNING, self.tr("Save in the keyring")),
            self.save_session_token,
        )

    @Slot()
    def _on_replace_token_button_clicked(self) -> None:
        self.replace_token()

    def make_token_dialog(self) -> TokenDialog:
        """The "Replace token…" dialog (not shown): for the button and for tests."""
        dialog = TokenDialog(self._token_store, self._client_factory(), self)
        dialog.accepted.connect(self._on_token_dialog_accepted)
        return dialog

    def replace_token(self) -> None:
        dialog = self.make_token_dialog()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    @Slot()
    def _on_token_dialog_accepted(self) -> None:
        self.refresh_token_state()
        self.token_changed.emit()

    @Slot()
    def _on_remove_token_button_clicked(self) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Remove the token"),
            self.tr(
                "Remove the FMC token from this computer? The app cannot sync or dial until a "
                "token is entered again."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.remove_token()

    def remove_token(self) -> None:
        self.remove_token_button.setEnabled(False)
        self._track(
            run_in_thread(self._token_store.delete, self._on_token_removed, self._on_token_failed)
        )

    @Slot(object)
    def _on_token_removed(self, _removed: object) -> None:
        self.refresh_token_state()
        self.token_changed.emit()

    @Slot(object)
    def _on_token_failed(self, error: object) -> None:
        assert isinstance(error, BaseException)
        self._show_banner(lambda: (error_text(error), BannerLevel.ERROR, None), None)
        self._show_token_state()

    # --- numbers --------------------------------------------------------------------------------

    def _load_names(self) -> None:
        """Names for the listed numbers from the archive (what the PBX's address book said)."""
        archive = self._archive
        numbers = self.chooser.numbers()
        if archive is None or not numbers:
            return

        def names() -> dict[str, str]:
            found: dict[str, str] = {}
            for number in numbers:
                name = archive.name_of(number)
                if name:
                    found[number] = name
            return found

        self._track(run_in_thread(names, self._on_names_loaded))

    @Slot(object)
    def _on_names_loaded(self, names: object) -> None:
        assert isinstance(names, dict)
        own, company = self.chooser.own_numbers(), self.chooser.company_numbers()
        current = self.call_as.currentData()
        entries = [
            NumberEntry(number, names.get(number, "")) for number in dict.fromkeys([*own, *company])
        ]
        self.chooser.set_entries(entries, own=own, company=company)
        self._fill_call_as(str(current) if current else self._settings.call_as)

    @Slot()
    def _on_chooser_changed(self) -> None:
        self._fill_call_as(self.call_as.currentData())

    @Slot()
    def _on_find_numbers_button_clicked(self) -> None:
        self.find_numbers()

    def find_numbers(self) -> None:
        """Offer the numbers seen in the company's recent calls, as the first run did."""
        store = self._token_store
        factory = self._client_factory()
        clock = self._clock

        def find() -> list[NumberEntry]:
            found = store.find()
            if found is None:
                raise NoTokenError("No FMC token is set.")
            return discover_numbers(factory, found.token, clock)

        self.find_numbers_button.setEnabled(False)
        self._numbers_message = lambda: self.tr(
            "Looking at the company's calls of the last 7 days…"
        )
        self.numbers_status.setText(self._numbers_message())
        self._track(run_in_thread(find, self._on_numbers_found, self._on_numbers_failed))

    @Slot(object)
    def _on_numbers_found(self, entries: object) -> None:
        assert isinstance(entries, list)
        self.find_numbers_button.setEnabled(True)
        own, company = self.chooser.own_numbers(), self.chooser.company_numbers()
        known = {entry.number for entry in entries}
        # New numbers of the company are offered ticked; earlier choices stay as they were.
        company_now = company + [number for number in known if number not in company]
        self.chooser.set_entries(entries, own=own, company=company_now)
        count = len(entries)
        self._numbers_message = lambda: self.tr(
            "Numbers named in the company's recent calls: {count}."
        ).format(count=QLocale().toString(count))
        self.numbers_status.setText(self._numbers_message())

    @Slot(object)
    def _on_numbers_failed(self, error: object) -> None:
        assert isinstance(error, BaseException)
        self.find_numbers_button.setEnabled(True)
        self._numbers_message = lambda: error_text(error)
        self.numbers_status.setText(self._numbers_message())

    # --- data -----------------------------------------------------------------------------------

    def refresh_data_usage(self) -> None:
        archive = self._archive
        paths, demo = self._paths, self._demo

        def measure() -> DataUsage:
            skip = frozenset() if demo else frozenset({DEMO_FOLDER})
            size = folder_size(paths.data, skip=skip)
            stats = archive.stats() if archive is not None else None
            backups = BackupStore.beside(paths.archive_file).backups()
            return DataUsage(
                size,
                stats,
                backups=len(backups),
                backup_bytes=sum(b.size for b in backups),
                newest_backup=backups[0].made if backups else None,
            )

        self._track(run_in_thread(measure, self._on_usage_measured))

    @Slot(object)
    def _on_usage_measured(self, usage: object) -> None:
        assert isinstance(usage, DataUsage)
        self._usage = usage
        self._show_usage()

    def _show_usage(self) -> None:
        usage = self._usage
        if usage is None:
            self.size_value.setText(self.tr("Measuring…"))
            return
        locale = QLocale()
        size = format_size(usage.folder_bytes, locale)
        if usage.stats is not None:
            self.size_value.setText(
                self.tr("{size}; calls in the archive: {count}").format(
                    size=size, count=locale.toString(usage.stats.calls)
                )
            )
        else:
            self.size_value.setText(size)
        if usage.newest_backup is not None:
            when = usage.newest_backup.astimezone(KYIV).strftime("%Y-%m-%d %H:%M")
            self.backups_value.setText(
                self.tr("{count}, the newest from {when}, {size} in all").format(
                    count=locale.toString(usage.backups),
                    when=when,
                    size=format_size(usage.backup_bytes, locale),
                )
            )
        else:
            self.backups_value.setText(self.tr("None yet (one a day, the last seven kept)"))

    @Slot()
    def _on_open_data_button_clicked(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._paths.data)))

    @Slot()
    def _on_open_log_button_clicked(self) -> None:
        self._paths.logs.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._paths.logs)))

    def forget_cutoff(self) -> datetime:
        """The start (Kyiv midnight) of the chosen day: calls before it are forgotten."""
        chosen = self.forget_date.date()
        return datetime(chosen.year(), chosen.month(), chosen.day(), tzinfo=KYIV)

    @Slot()
    def _on_forget_button_clicked(self) -> None:
        day = QLocale().toString(self.forget_date.date(), QLocale.FormatType.LongFormat)
        answer = QMessageBox.warning(
            self,
            self.tr("Forget old calls"),
            self.tr(
                "Delete every call before {day} from the archive on this computer? Calls older "
                "than 30 days cannot be fetched from the PBX again."
            ).format(day=day),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.forget_calls()

    def forget_calls(self) -> None:
        cutoff = self.forget_cutoff()
        archive, path, clock = self._archive, self._paths.archive_file, self._clock

        def forget() -> int:
            if archive is not None:
                return archive.forget_before(cutoff)
            if not path.exists():
                return 0
            with CallArchive(path, clock=clock) as opened:
                return opened.forget_before(cutoff)

        self.forget_button.setEnabled(False)
        self._track(run_in_thread(forget, self._on_calls_forgotten, self._on_data_failed))

    @Slot(object)
    def _on_calls_forgotten(self, count: object) -> None:
        gone = int(count) if isinstance(count, int) else 0
        self.forget_button.setEnabled(True)
        self._set_data_message(
            lambda: self.tr("Calls forgotten: {count}.").format(count=QLocale().toString(gone))
        )
        self.refresh_data_usage()
        self.calls_forgotten.emit(gone)

    @Slot(object)
    def _on_data_failed(self, error: object) -> None:
        assert isinstance(error, BaseException)
        self.forget_button.setEnabled(True)
        self.delete_button.setEnabled(True)
        self._set_data_message(lambda: error_text(error))

    def _set_data_message(self, message: Callable[[], str]) -> None:
        self._data_message = message
        self.data_result.setText(message())
        self.data_result.setVisible(True)

    @Slot()
    def _on_delete_button_clicked(self) -> None:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Delete all local data"))
        box.setText(
            self.tr(
                "Delete the call archive, the settings, the cache and the logs from this "
                "computer? This cannot be undone."
            )
        )
        also_token = QCheckBox(self.tr("Also remove the token from the keyring"), box)
        also_token.setAccessibleName(self.tr("Also remove the token from the keyring"))
        box.setCheckBox(also_token)
        delete = box.addButton(self.tr("Delete everything"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is delete:
            self.delete_all_data(remove_token=also_token.isChecked())

    def delete_all_data(self, *, remove_token: bool = False) -> None:
        archive, paths, demo, store = self._archive, self._paths, self._demo, self._token_store

        def delete() -> list[Path]:
            if archive is not None:
                archive.close()
            left = delete_local_data(paths, demo=demo)
            if remove_token and not demo:
                store.delete()
            return left

        self.delete_button.setEnabled(False)
        self._track(run_in_thread(delete, self._on_data_deleted, self._on_data_failed))

    @Slot(object)
    def _on_data_deleted(self, left: object) -> None:
        self.delete_button.setEnabled(True)
        remaining = len(left) if isinstance(left, list) else 0
        if remaining:
            self._set_data_message(
                lambda: self.tr(
                    "Local data deleted, except files still in use: {count}. The log names them."
                ).format(count=remaining)
            )
        else:
            self._set_data_message(lambda: self.tr("All local data of this computer is deleted."))
        self._archive = None
        self.refresh_data_usage()
        self.refresh_token_state()
        self.local_data_deleted.emit()

    # --- advanced -------------------------------------------------------------------------------

    @Slot()
    def _on_default_url_button_clicked(self) -> None:
        self.base_url.setText(DEFAULT_BASE_URL)

    @Slot(str)
    def _on_base_url_text_changed(self, _text: str) -> None:
        self._show_base_url_problem(force=False)

    def _show_base_url_problem(self, *, force: bool) -> None:
        text = self.base_url.text().strip()
        try:
            check_base_url(text)
        except InsecureUrlError as error:
            if force or text:
                self.base_url_problem.setText(error_text(error))
                self._colour_problem(self.base_url_problem)
                self.base_url_problem.setVisible(True)
                return
        self.base_url_problem.setVisible(False)

    def _proxy_problem_text(self) -> str | None:
        kind = _proxy_problem_kind(self.proxy_url.text())
        if kind == "empty":
            return self.tr("Enter the proxy's address, such as http://proxy.example.com:3128.")
        if kind == "shape":
            return self.tr(
                "The proxy address must be a full http:// or https:// address, such as "
                "http://proxy.example.com:3128."
            )
        if kind == "password":
            return self.tr(
                "A proxy password cannot be kept in the settings file, which is not a safe place "
                "for secrets. Use a proxy that does not need one, or the system's proxy settings."
            )
        return None

    def _show_proxy_problem(self, *, force: bool) -> None:
        problem = self._proxy_problem_text() if self.proxy_manual.isChecked() else None
        if problem and (force or self.proxy_url.text().strip()):
            self.proxy_problem.setText(problem)
            self._colour_problem(self.proxy_problem)
            self.proxy_problem.setVisible(True)
        else:
            self.proxy_problem.setVisible(False)

    def _colour_problem(self, label: QLabel) -> None:
        set_text_colour(label, error_colour(self.palette()))

    @Slot(int, bool)
    def _on_proxy_buttons_id_toggled(self, button_id: int, checked: bool) -> None:
        if checked:
            self.proxy_url.setEnabled(button_id == 2)
            self._show_proxy_problem(force=False)

    @Slot(str)
    def _on_proxy_url_text_changed(self, _text: str) -> None:
        self._show_proxy_problem(force=False)

    # --- language -------------------------------------------------------------------------------

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        titles = (
            self.tr("Connection"),
            self.tr("Numbers"),
            self.tr("Sync"),
            self.tr("General"),
            self.tr("Data"),
            self.tr("Advanced"),
        )
        for row, title in enumerate(titles):
            item = self.sections.item(row)
            if item is not None:
                item.setText(title)
        self.sections.setAccessibleName(self.tr("Settings sections"))
        width = max(self.sections.fontMetrics().horizontalAdvance(title) for title in titles)
        self.sections.setFixedWidth(width + 20 + 2 * self.sections.frameWidth() + 12)
        self.stack.setAccessibleName(self.tr("Settings"))

        self.token_group.setTitle(self.tr("FMC token"))
        self.replace_token_button.setText(self.tr("Replace token…"))
        self.replace_token_button.setAccessibleName(self.tr("Replace the token"))
        self.remove_token_button.setText(self.tr("Remove token"))
        self.remove_token_button.setAccessibleName(self.tr("Remove the token"))
        self.token_status.setAccessibleName(self.tr("Where the token is kept"))
        self.token_note.setText(
            self.tr(
                "The token is kept in the system's keyring (such as GNOME Keyring, KWallet, "
                "the macOS Keychain or the Windows Credential Manager), never in a file."
            )
        )
        self.token_note.setAccessibleName(self.tr("About the token"))
        self._show_token_state()

        self.numbers_group.setTitle(self.tr("Your numbers and the company's"))
        self.find_numbers_button.setText(self.tr("Find in recent calls"))
        self.find_numbers_button.setAccessibleName(
            self.tr("Find the company's numbers in its recent calls")
        )
        self.numbers_status.setAccessibleName(self.tr("Numbers status"))
        if self._numbers_message is not None:
            self.numbers_status.setText(self._numbers_message())
        else:
            self.numbers_status.setText(
                self.tr(
                    "Your own numbers are the ones you call from; the company's make up the "
                    "whole PBX view."
                )
            )
        self.dialling_group.setTitle(self.tr("Dialling"))
        self.call_as_label.setText(self.tr("&Call as:"))
        self.call_as.setAccessibleName(self.tr("Call as"))
        self.call_as.setToolTip(self.tr("The number the PBX rings first when you dial"))
        self.confirm_check.setText(self.tr("Ask before dialling a number"))
        self.confirm_check.setAccessibleName(self.tr("Ask before dialling a number"))
        self.confirm_note.setText(
            self.tr(
                "Numbers that come from outside the app (a link on a web page, the clipboard) "
                "are always confirmed, whatever this says: a web page must not be able to "
                "place a paid call."
            )
        )
        self.confirm_note.setAccessibleName(self.tr("About confirming"))

        self.sync_group.setTitle(self.tr("Automatic sync"))
        self.interval_label.setText(self.tr("Sync &every:"))
        self.interval.setSuffix(self.tr(" min"))
        self.interval.setAccessibleName(self.tr("Minutes between automatic syncs"))
        self.interval_note.setText(
            self.tr(
                "The PBX keeps calls for 30 days; the archive on this computer keeps them for good."
            )
        )
        self.interval_note.setAccessibleName(self.tr("About the sync"))
        self.flags_group.setTitle(self.tr("With each call, also fetch"))
        self.names_check.setText(self.tr("Names from the PBX's address book"))
        self.names_check.setAccessibleName(self.tr("Fetch names"))
        self.departments_check.setText(self.tr("Departments from the address book"))
        self.departments_check.setAccessibleName(self.tr("Fetch departments"))
        self.ownership_check.setText(self.tr("Whether each number belongs to the company"))
        self.ownership_check.setAccessibleName(self.tr("Fetch ownership"))
        self.flags_note.setText(
            self.tr("Calls fetched before a change keep what they were fetched with.")
        )
        self.flags_note.setAccessibleName(self.tr("About the extra fields"))

        self.looks_group.setTitle(self.tr("Appearance"))
        self.language_label.setText(self.tr("&Language:"))
        self.language.setItemText(0, self.tr("As the system"))
        # Each language in its own name, as people look for it.
        self.language.setItemText(1, "Українська")
        self.language.setItemText(2, "English")
        self.language.setAccessibleName(self.tr("Language"))
        self.theme_label.setText(self.tr("&Theme:"))
        self.theme.setItemText(0, self.tr("As the system"))
        self.theme.setItemText(1, self.tr("Light"))
        self.theme.setItemText(2, self.tr("Dark"))
        self.theme.setAccessibleName(self.tr("Theme"))
        self.time_zone_label.setText(self.tr("Call &times in:"))
        self.time_zone.setItemText(0, self.tr("Kyiv time (the PBX's clock)"))
        self.time_zone.setItemText(1, self.tr("This computer's time zone"))
        self.time_zone.setAccessibleName(self.tr("Time zone for call times"))
        self.start_group.setTitle(self.tr("Starting"))
        self.minimised_check.setText(self.tr("Start minimised"))
        self.minimised_check.setAccessibleName(self.tr("Start minimised"))
        self.login_check.setText(self.tr("Start when I log in"))
        self.login_check.setAccessibleName(self.tr("Start when I log in"))
        if self.autostart_supported():
            self.login_note.setText(
                self.tr("Adds fmc-desktop to the programs your desktop starts at login.")
            )
        else:
            self.login_note.setText(
                self.tr(
                    "On this system the installer adds fmc-desktop to the programs started at "
                    "login; change it in the system's settings."
                )
            )
        self.login_note.setAccessibleName(self.tr("About starting at login"))

        self.folder_group.setTitle(self.tr("On this computer"))
        self.folder_label.setText(self.tr("Data folder:"))
        self.folder_path.setAccessibleName(self.tr("Data folder"))
        self.open_data_button.setText(self.tr("Open folder"))
        self.open_data_button.setAccessibleName(self.tr("Open the data folder"))
        self.size_label.setText(self.tr("Size:"))
        self.size_value.setAccessibleName(self.tr("Size of the data"))
        self.backups_label.setText(self.tr("Backups:"))
        self.backups_value.setAccessibleName(self.tr("Backups of the call archive"))
        self._show_usage()
        self.log_label.setText(self.tr("Logs:"))
        self.log_path.setAccessibleName(self.tr("Log folder"))
        self.open_log_button.setText(self.tr("Open log folder"))
        self.open_log_button.setAccessibleName(self.tr("Open log folder"))
        # One width for both, so the two path fields line up.
        for button in (self.open_data_button, self.open_log_button):
            button.setMinimumWidth(0)
        width = max(
            self.open_data_button.sizeHint().width(), self.open_log_button.sizeHint().width()
        )
        for button in (self.open_data_button, self.open_log_button):
            button.setMinimumWidth(width)
        self.forget_group.setTitle(self.tr("Forget old calls"))
        self.forget_label.setText(self.tr("Forget calls &before:"))
        self.forget_date.setAccessibleName(self.tr("Forget calls before this day"))
        # The locale's short date, with the year in full: "01.11.25" reads as a day too easily.
        short = QLocale().dateFormat(QLocale.FormatType.ShortFormat)
        if "yyyy" not in short:
            short = short.replace("yy", "yyyy")
        self.forget_date.setDisplayFormat(short)
        self.forget_button.setText(self.tr("Forget…"))
        self.forget_button.setAccessibleName(self.tr("Forget old calls"))
        self.forget_note.setText(
            self.tr("The calls are deleted from the archive on this computer only.")
        )
        self.forget_note.setAccessibleName(self.tr("About forgetting calls"))
        self.delete_group.setTitle(self.tr("Delete all local data"))
        self.delete_note.setText(
            self.tr(
                "Deletes the call archive, the settings, the cache and the logs of this "
                "computer. The token stays in the keyring unless you ask to remove it too."
            )
        )
        self.delete_note.setAccessibleName(self.tr("About deleting the data"))
        self.delete_button.setText(self.tr("Delete all local data…"))
        self.delete_button.setAccessibleName(self.tr("Delete all local data"))
        self.data_result.setAccessibleName(self.tr("Result"))
        if self._data_message is not None:
            self.data_result.setText(self._data_message())

        self.server_group.setTitle(self.tr("Server"))
        self.base_url_label.setText(self.tr("&Address:"))
        self.base_url.setAccessibleName(self.tr("Server address"))
        self.default_url_button.setText(self.tr("Default"))
        self.default_url_button.setAccessibleName(self.tr("Use the default server address"))
        self.base_url_problem.setAccessibleName(self.tr("Server address check"))
        self.base_url_note.setText(
            self.tr(
                "Change it only for tests or when Kyivstar moves the API. Each address has its "
                "own saved token."
            )
        )
        self.base_url_note.setAccessibleName(self.tr("About the server address"))
        self._show_base_url_problem(force=False)
        self.proxy_group.setTitle(self.tr("Proxy"))
        self.proxy_system.setText(self.tr("Use the system's proxy settings"))
        self.proxy_system.setAccessibleName(self.tr("Use the system's proxy settings"))
        self.proxy_none.setText(self.tr("No proxy"))
        self.proxy_none.setAccessibleName(self.tr("No proxy"))
        self.proxy_manual.setText(self.tr("This proxy:"))
        self.proxy_manual.setAccessibleName(self.tr("Use this proxy"))
        self.proxy_url.setAccessibleName(self.tr("Proxy address"))
        self.proxy_problem.setAccessibleName(self.tr("Proxy address check"))
        self._show_proxy_problem(force=False)

        for which, name in (
            (QDialogButtonBox.StandardButton.Ok, self.tr("OK")),
            (QDialogButtonBox.StandardButton.Cancel, self.tr("Cancel")),
            (QDialogButtonBox.StandardButton.Apply, self.tr("Apply")),
        ):
            self.buttons.button(which).setAccessibleName(name)
        if self._banner_message is not None:
            text, level, action_text = self._banner_message()
            self.banner.show_message(text, level=level, action_text=action_text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
