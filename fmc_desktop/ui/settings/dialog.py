"""The settings dialog: the frame that lists the pages, and applies and saves what they show.

Each page has a module of its own in `pages/`: the token, the numbers, sync, looks, the local
data, and the server. Apply (or OK) writes the settings file, applies the language and the theme
at once, writes or removes the login autostart entry, and emits `settings_changed` with the new
settings; the main window re-reads what it uses from them. Everything that may block (the
keyring, the archive, the network, sizing the data folder) runs off the GUI thread.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import replace

from PySide6.QtCore import QEvent, QSize, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fmc_desktop.core.api.clock import Clock, SystemClock
from fmc_desktop.core.api.errors import FmcError
from fmc_desktop.core.api.factory import ClientFactory, clients_for
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.system import autostart
from fmc_desktop.core.system.paths import AppPaths
from fmc_desktop.core.system.secrets import TokenStore
from fmc_desktop.core.system.settings import Settings, SettingsStore
from fmc_desktop.ui.settings.pages.local_data import LocalDataPage
from fmc_desktop.ui.settings.pages.looks import LooksSettingsPage
from fmc_desktop.ui.settings.pages.numbers import NumbersSettingsPage
from fmc_desktop.ui.settings.pages.server import ServerSettingsPage
from fmc_desktop.ui.settings.pages.sync import SyncSettingsPage
from fmc_desktop.ui.settings.pages.token import TokenSettingsPage
from fmc_desktop.ui.settings.widgets import BannerMessages, TaskList
from fmc_desktop.ui.shell import i18n, theme
from fmc_desktop.ui.shell.banner import Banner, BannerLevel
from fmc_desktop.ui.shell.errors_text import error_details
from fmc_desktop.ui.shell.screen_fit import fit_to_screen

log = logging.getLogger(__name__)


class Section:
    CONNECTION = 0
    NUMBERS = 1
    SYNC = 2
    GENERAL = 3
    DATA = 4
    ADVANCED = 5


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
        self._clock: Clock = clock if clock is not None else SystemClock()
        self._given_client_factory = client_factory
        self._platform = platform if platform is not None else sys.platform
        self._tasks = TaskList()

        self.banner = Banner(self)
        self.banner.setObjectName("settingsBanner")
        self.messages = BannerMessages(self.banner)
        self.sections = QListWidget(self)
        self.sections.setObjectName("settingsSections")
        self.sections.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sections.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.sections.setStyleSheet("QListWidget#settingsSections::item { padding: 6px 10px; }")
        self.stack = QStackedWidget(self)

        self.token_page = TokenSettingsPage(
            token_store, self._client_factory, self._tasks, self.messages, demo=demo
        )
        self.numbers_page = NumbersSettingsPage(
            token_store, self._client_factory, self._clock, self._tasks, archive=archive
        )
        self.sync_page = SyncSettingsPage()
        self.looks_page = LooksSettingsPage(self._platform)
        self.data_page = LocalDataPage(
            paths, token_store, self._clock, self._tasks, archive=archive, demo=demo
        )
        self.server_page = ServerSettingsPage()
        # In the order of `Section`.
        pages = (
            self.token_page,
            self.numbers_page,
            self.sync_page,
            self.looks_page,
            self.data_page,
            self.server_page,
        )
        for page in pages:
            QListWidgetItem(self.sections)
            self.stack.addWidget(self._wrap(page))
        self.sections.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.token_page.token_changed.connect(self.token_changed)
        self.data_page.calls_forgotten.connect(self.calls_forgotten)
        self.data_page.local_data_deleted.connect(self._on_data_page_local_data_deleted)

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
        self.token_page.refresh_token_state()
        self.data_page.refresh_data_usage()
        self.numbers_page.load_names()

    def _wrap(self, page: QWidget) -> QScrollArea:
        # A scroll area, so a small screen or a large font never cuts a section off.
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setWidget(page)
        return area

    # --- settings <-> pages ---------------------------------------------------------------------

    def _load(self, settings: Settings) -> None:
        self.numbers_page.load(settings)
        self.sync_page.load(settings)
        self.looks_page.load(settings)
        self.server_page.load(settings)

    def _client_factory(self) -> ClientFactory:
        """Clients for the applied settings' server and proxy (or the one given)."""
        if self._given_client_factory is not None:
            return self._given_client_factory
        return clients_for(self._settings, self._clock)

    def settings(self) -> Settings:
        """The settings as last applied (or as given, before any Apply)."""
        return replace(self._settings)

    def collected(self) -> Settings:
        """The settings as the pages show them now (not yet checked or saved)."""
        return replace(
            self._settings,
            **self.numbers_page.values(),  # type: ignore[arg-type]
            **self.sync_page.values(),  # type: ignore[arg-type]
            **self.looks_page.values(),  # type: ignore[arg-type]
            **self.server_page.values(),  # type: ignore[arg-type]
        )

    # --- applying -------------------------------------------------------------------------------

    def apply(self) -> bool:
        """Check, save and apply the settings; False (and why, shown) when they cannot be."""
        problem = self.server_page.field_with_problem()
        if problem is not None:
            self.sections.setCurrentRow(Section.ADVANCED)
            problem.setFocus()
            return False
        new = self.server_page.checked(self.collected())
        try:
            self._settings_store.save(new)
        except (OSError, ValueError, FmcError) as error:
            log.warning("Could not save the settings: %s", error_details(error))
            reason = str(getattr(error, "strerror", "") or error_details(error))
            self.messages.show(
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
        self.messages.clear_error()
        self.settings_changed.emit(replace(new))
        return True

    def _apply_autostart(self, new: Settings) -> None:
        if not self.looks_page.autostart_supported():
            return
        try:
            if new.start_at_login:
                autostart.enable_autostart(platform=self._platform)
            else:
                autostart.disable_autostart(platform=self._platform)
        except OSError as error:
            log.warning("Could not change the autostart entry: %s", error)
            reason = error.strerror or str(error)
            self.messages.show(
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

    @Slot()
    def _on_data_page_local_data_deleted(self) -> None:
        self.token_page.refresh_token_state()
        self.local_data_deleted.emit()

    def done(self, result: int) -> None:
        self._tasks.cancel_all()
        super().done(result)

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
        for which, name in (
            (QDialogButtonBox.StandardButton.Ok, self.tr("OK")),
            (QDialogButtonBox.StandardButton.Cancel, self.tr("Cancel")),
            (QDialogButtonBox.StandardButton.Apply, self.tr("Apply")),
        ):
            self.buttons.button(which).setAccessibleName(name)
        self.messages.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
