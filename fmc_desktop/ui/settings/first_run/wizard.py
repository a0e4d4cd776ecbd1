"""The first run: from nothing to a tested token, the user's numbers and a first sync.

The wizard's pages:

1. What the app needs, and where the token is found (with "Try the demo" instead).
2. The token: a password field with a live check of its shape, "Test connection" (a small
   call-history request, off the GUI thread), then keeping it in the keyring, or for this
   session only when there is no safe keyring.
3. The user's own numbers and the company's, offered from the numbers seen in the company's
   recent calls and named by its address book.
4. The first sync, with its progress.

Each page has a module of its own beside this one; `TokenEntry` and `NumberChooser`, which the
settings dialog uses too, live in `ui/settings/`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Signal, Slot
from PySide6.QtWidgets import QDialog, QWidget, QWizard

from fmc_desktop.core.api.clock import Clock, SystemClock
from fmc_desktop.core.api.errors import FmcError
from fmc_desktop.core.api.factory import ClientFactory, clients_for, fetch_flags
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.archive.sync import SyncEngine
from fmc_desktop.core.system.secrets import TokenSource, TokenStore
from fmc_desktop.core.system.settings import Settings, SettingsStore
from fmc_desktop.ui.settings.first_run.numbers_page import NumbersPage
from fmc_desktop.ui.settings.first_run.steps import FirstRunOutcome, PageId
from fmc_desktop.ui.settings.first_run.sync_page import SyncPage
from fmc_desktop.ui.settings.first_run.token_page import TokenPage
from fmc_desktop.ui.settings.first_run.welcome_page import WelcomePage
from fmc_desktop.ui.settings.token_entry import TokenEntry
from fmc_desktop.ui.shell.screen_fit import fit_to_screen
from fmc_desktop.ui.shell.workers import Progress

log = logging.getLogger(__name__)


class FirstRunWizard(QWizard):
    """The first run. After `exec()`, `outcome` says what happened (`outcome.demo`: run the demo).

    The token is kept (keyring or session) through `token_store`, which the app goes on using;
    the settings are saved through `settings_store` before the first sync starts.
    """

    demo_requested = Signal()

    def __init__(
        self,
        settings: Settings,
        settings_store: SettingsStore,
        token_store: TokenStore,
        archive_path: Path,
        *,
        clock: Clock | None = None,
        client_factory: ClientFactory | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunWizard")
        self.settings = replace(settings)
        self.outcome = FirstRunOutcome()
        self._settings_store = settings_store
        self._token_store = token_store
        self._archive_path = archive_path
        self._clock: Clock = clock if clock is not None else SystemClock()
        self._client_factory = client_factory or clients_for(self.settings, self._clock)

        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self._lay_out_buttons(with_demo=True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.token_entry = TokenEntry(token_store, self._client_factory)
        self.welcome_page = WelcomePage()
        self.token_page = TokenPage(self.token_entry)
        self.numbers_page = NumbersPage(self.token_entry, self._client_factory, self._clock)
        self.sync_page = SyncPage()
        self.setPage(PageId.WELCOME, self.welcome_page)
        self.setPage(PageId.TOKEN, self.token_page)
        self.setPage(PageId.NUMBERS, self.numbers_page)
        self.setPage(PageId.SYNC, self.sync_page)
        self.setStartId(PageId.WELCOME)
        self.demo_button = self.button(QWizard.WizardButton.CustomButton1)
        self.demo_button.setObjectName("tryDemo")
        self.customButtonClicked.connect(self._on_custom_button_clicked)
        self.currentIdChanged.connect(self._on_current_id_changed)
        self.token_entry.token_kept.connect(self._on_token_entry_token_kept)
        fit_to_screen(self, QSize(700, 520))
        self._retranslate()

    # --- steps ----------------------------------------------------------------------------------

    def save_numbers(self, own: list[str], company: list[str], call_as: str | None) -> bool:
        self.settings.own_numbers = list(own)
        self.settings.company_numbers = list(company)
        self.settings.call_as = call_as or (own[0] if own else None)
        try:
            self._settings_store.save(self.settings)
        except (OSError, ValueError, FmcError) as error:
            log.warning("Could not save the settings: %s", error)
            self.outcome.notes.append(str(error))
            # Not a reason to stop the first run: the app keeps them in memory and tries later.
        self.outcome.settings = replace(self.settings)
        return True

    def first_sync_job(self) -> Callable[[Progress], object]:
        """The first sync, as a job for a worker thread (it opens and closes its own archive)."""
        token = self.token_entry.token()
        factory = self._client_factory
        clock = self._clock
        path = self._archive_path
        flags = fetch_flags(self.settings)

        def job(progress: Progress) -> object:
            path.parent.mkdir(parents=True, exist_ok=True)
            with CallArchive(path, clock=clock) as archive:
                engine = SyncEngine(archive, lambda: factory(token), clock=clock, flags=flags)
                return engine.sync(on_progress=progress.report, cancelled=progress.cancelled)

        return job

    # --- slots ----------------------------------------------------------------------------------

    @Slot(str)
    def _on_token_entry_token_kept(self, source: str) -> None:
        self.outcome.token_source = TokenSource(source)

    @Slot(int)
    def _on_custom_button_clicked(self, which: int) -> None:
        if which == QWizard.WizardButton.CustomButton1.value:
            self.outcome = FirstRunOutcome(demo=True)
            self.demo_requested.emit()
            self.accept()

    def _lay_out_buttons(self, *, with_demo: bool) -> None:
        # The demo sits apart, on the left: an alternative to the steps, not one of them.
        layout = [
            QWizard.WizardButton.Stretch,
            QWizard.WizardButton.BackButton,
            QWizard.WizardButton.NextButton,
            QWizard.WizardButton.FinishButton,
            QWizard.WizardButton.CancelButton,
        ]
        self.setButtonLayout([QWizard.WizardButton.CustomButton1, *layout] if with_demo else layout)

    @Slot(int)
    def _on_current_id_changed(self, page: int) -> None:
        # The demo is an alternative to entering a token, not an exit from the middle of setup.
        self._lay_out_buttons(with_demo=page in (PageId.WELCOME, -1))

    def done(self, result: int) -> None:
        if result == QDialog.DialogCode.Accepted and not self.outcome.demo:
            self.outcome.settings = replace(self.settings)
        self.sync_page.cancel()
        super().done(result)

    # --- language -------------------------------------------------------------------------------

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Set up fmc-desktop"))
        self.setButtonText(QWizard.WizardButton.CustomButton1, self.tr("Try the demo"))
        self.demo_button.setAccessibleName(self.tr("Try the demo"))
        self.demo_button.setToolTip(self.tr("Run the app on a made-up company, without a token"))
        for which, name in (
            (QWizard.WizardButton.NextButton, self.tr("Next")),
            (QWizard.WizardButton.BackButton, self.tr("Back")),
            (QWizard.WizardButton.CancelButton, self.tr("Cancel")),
            (QWizard.WizardButton.FinishButton, self.tr("Finish")),
        ):
            self.button(which).setAccessibleName(name)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
