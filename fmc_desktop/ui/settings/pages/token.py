"""The settings' Connection page: where the FMC token is kept, replacing and removing it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QMessageBox, QPushButton, QVBoxLayout, QWidget

from fmc_desktop.core.api.errors import FmcError
from fmc_desktop.core.api.factory import ClientFactory
from fmc_desktop.core.system.secrets import FoundToken, TokenSource, TokenStore
from fmc_desktop.ui.settings.token_entry import TokenDialog
from fmc_desktop.ui.settings.widgets import BannerMessages, TaskList, note, page_layout
from fmc_desktop.ui.shell.banner import BannerLevel
from fmc_desktop.ui.shell.errors_text import error_text
from fmc_desktop.ui.shell.workers import run_in_thread


@dataclass(frozen=True)
class TokenState:
    """What the token store said: where the token is, or why it could not be read."""

    found: FoundToken | None
    backend: str = ""
    error: BaseException | None = None


class TokenSettingsPage(QWidget):
    """Where the token is, with "Replace token…" and "Remove token".

    `token_changed` after the token was replaced, removed or moved into the keyring.
    """

    token_changed = Signal()

    def __init__(
        self,
        token_store: TokenStore,
        client_factory: Callable[[], ClientFactory],
        tasks: TaskList,
        banner: BannerMessages,
        *,
        demo: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._token_store = token_store
        self._client_factory = client_factory
        self._tasks = tasks
        self._banner = banner
        self._demo = demo
        self._token_state: TokenState | None = None

        layout = page_layout(self)
        self.token_group = QGroupBox(self)
        group_layout = QVBoxLayout(self.token_group)
        group_layout.setSpacing(8)
        self.token_status = note(self.token_group, "tokenStatus")
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
        self.token_note = note(self.token_group, "tokenNote")
        group_layout.addWidget(self.token_status)
        group_layout.addLayout(buttons)
        group_layout.addWidget(self.token_note)
        layout.addWidget(self.token_group)
        layout.addStretch(1)
        self._retranslate()

    # --- where the token is ----------------------------------------------------------------------

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

        self._tasks.track(
            run_in_thread(look, self._on_token_state_found, self._on_token_state_failed)
        )

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
            self._banner.show(
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
            self._banner.show(
                lambda: (error_text(error), BannerLevel.WARNING, self.tr("Enter a token…")),
                self.replace_token,
            )
        else:
            self._banner.clear_warning()

    # --- changing it ----------------------------------------------------------------------------

    def save_session_token(self) -> None:
        """Try the keyring again with the token kept for this session."""
        store = self._token_store

        def save() -> None:
            found = store.find()
            if found is not None and found.source is TokenSource.SESSION:
                store.save(found.token)

        self._tasks.track(run_in_thread(save, self._on_session_saved, self._on_session_save_failed))

    @Slot(object)
    def _on_session_saved(self, _result: object) -> None:
        self.refresh_token_state()
        self.token_changed.emit()

    @Slot(object)
    def _on_session_save_failed(self, error: object) -> None:
        assert isinstance(error, BaseException)
        self._banner.show(
            lambda: (error_text(error), BannerLevel.WARNING, self.tr("Save in the keyring")),
            self.save_session_token,
        )

    @Slot()
    def _on_replace_token_button_clicked(self) -> None:
        self.replace_token()

    def make_token_dialog(self) -> TokenDialog:
        """The "Replace token…" dialog (not shown): for the button and for tests."""
        dialog = TokenDialog(self._token_store, self._client_factory(), self.window())
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
            self.window(),
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
        self._tasks.track(
            run_in_thread(self._token_store.delete, self._on_token_removed, self._on_token_failed)
        )

    @Slot(object)
    def _on_token_removed(self, _removed: object) -> None:
        self.refresh_token_state()
        self.token_changed.emit()

    @Slot(object)
    def _on_token_failed(self, error: object) -> None:
        assert isinstance(error, BaseException)
        self._banner.show(lambda: (error_text(error), BannerLevel.ERROR, None), None)
        self._show_token_state()

    # --- language -------------------------------------------------------------------------------

    def _retranslate(self) -> None:
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

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
