"""Typing, testing and keeping the FMC token: the entry field and the "Replace token" dialog."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from fmc_desktop.core.api.errors import FmcError, KeyringTimeoutError, NoSafeKeyringError
from fmc_desktop.core.api.factory import ClientFactory
from fmc_desktop.core.api.token import TOKEN_RE
from fmc_desktop.core.system.logs import register_secret
from fmc_desktop.core.system.secrets import TokenSource, TokenStore
from fmc_desktop.ui.settings.widgets import set_text_colour
from fmc_desktop.ui.shell.banner import Banner, BannerLevel
from fmc_desktop.ui.shell.errors_text import Operation, error_details, error_text
from fmc_desktop.ui.shell.theme import error_colour, ok_colour
from fmc_desktop.ui.shell.workers import Task, run_in_thread

log = logging.getLogger(__name__)

PORTAL_URL = "https://fmc.kyivstar.ua/api/webportal"
TOKEN_LENGTH = 64
_HEX = frozenset("0123456789abcdefABCDEF")


class TokenEntry(QWidget):
    """Type or paste the token, test it, and keep it.

    After a successful test the token is saved in the keyring; when there is no safe keyring the
    reason is shown with an offer to keep it for this session only. `token_kept(source)` says
    where it went (a TokenSource value); `state_changed` whenever `is_ready()` may have changed.
    """

    token_kept = Signal(str)
    state_changed = Signal()

    def __init__(
        self,
        token_store: TokenStore,
        client_factory: ClientFactory,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._token_store = token_store
        self._client_factory = client_factory
        self._task: Task | None = None
        self._busy = False
        self._tested_token: str | None = None
        self._kept: TokenSource | None = None
        self._backend = ""
        self._status: tuple[str, Callable[[], str]] | None = None
        self._keyring_error: FmcError | None = None
        self.last_error: BaseException | None = None

        self.label = QLabel(self)
        self.field = QLineEdit(self)
        self.field.setObjectName("tokenField")
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setMaxLength(256)
        self.field.setClearButtonEnabled(True)
        self.field.setInputMethodHints(
            Qt.InputMethodHint.ImhSensitiveData
            | Qt.InputMethodHint.ImhNoPredictiveText
            | Qt.InputMethodHint.ImhNoAutoUppercase
        )
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.field.setFont(mono)
        self.label.setBuddy(self.field)
        self.show_check = QCheckBox(self)
        self.show_check.setObjectName("showToken")
        self.shape_label = QLabel(self)
        self.shape_label.setObjectName("tokenShape")
        self.shape_label.setWordWrap(True)
        self.test_button = QPushButton(self)
        self.test_button.setObjectName("testConnection")
        self.test_button.setDefault(False)
        self.test_button.setAutoDefault(False)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("connectionStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.keyring_banner = Banner(self)
        self.keyring_banner.setObjectName("keyringBanner")

        self.field.textChanged.connect(self._on_field_text_changed)
        self.show_check.toggled.connect(self._on_show_check_toggled)
        self.test_button.clicked.connect(self._on_test_button_clicked)
        self.field.returnPressed.connect(self._on_field_return_pressed)
        self.keyring_banner.action_triggered.connect(self._on_keyring_banner_action_triggered)

        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.field, 1)
        row.addWidget(self.test_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.label)
        layout.addLayout(row)
        layout.addWidget(self.show_check)
        layout.addWidget(self.shape_label)
        layout.addSpacing(4)
        layout.addWidget(self.status_label)
        layout.addWidget(self.keyring_banner)
        self._retranslate()
        self._refresh()

    # --- state ----------------------------------------------------------------------------------

    def token(self) -> str:
        return self.field.text().strip()

    def shape_ok(self) -> bool:
        return TOKEN_RE.match(self.token()) is not None

    def is_ready(self) -> bool:
        """Tested and kept (in the keyring or for this session)."""
        return self._kept is not None and self._tested_token == self.token()

    def kept_in(self) -> TokenSource | None:
        return self._kept if self.is_ready() else None

    def is_busy(self) -> bool:
        return self._busy

    # --- shape ----------------------------------------------------------------------------------

    def _shape_text(self) -> tuple[str, bool | None]:
        """What the shape check says, and whether that is good (None: neutral)."""
        text = self.token()
        if not text:
            return self.tr("The token is 64 characters long: digits 0-9 and letters a-f."), None
        if any(ch not in _HEX for ch in text):
            return (
                self.tr(
                    "A token has only digits 0-9 and letters a-f; this text has other characters. "
                    "Copy the token again."
                ),
                False,
            )
        if len(text) < TOKEN_LENGTH:
            return self.tr("{count} of 64 characters so far.").format(count=len(text)), None
        if len(text) > TOKEN_LENGTH:
            return (
                self.tr("{count} characters: a token has exactly 64.").format(count=len(text)),
                False,
            )
        return self.tr("The token has the right shape. Test the connection next."), True

    def _refresh(self) -> None:
        text, good = self._shape_text()
        self.shape_label.setText(text)
        if good is False:
            set_text_colour(self.shape_label, error_colour(self.palette()))
        elif good:
            set_text_colour(self.shape_label, ok_colour(self.palette()))
        else:
            set_text_colour(self.shape_label, None)
        self.test_button.setEnabled(self.shape_ok() and not self._busy)
        self.field.setReadOnly(self._busy)
        if self._busy:
            self.test_button.setText(self.tr("Testing…"))
        else:
            self.test_button.setText(self.tr("Test connection"))
        self._show_status()

    def _set_status(self, kind: str, make_text: Callable[[], str]) -> None:
        """Kept as a function, so the sentence is made again in a new language."""
        self._status = (kind, make_text)
        self._show_status()

    def _show_status(self) -> None:
        if self._status is None:
            self.status_label.setText("")
            self.status_label.setVisible(False)
            return
        kind, make_text = self._status
        self.status_label.setText(make_text())
        self.status_label.setAccessibleName(self.status_label.text())
        colour = {
            "error": error_colour(self.palette()),
            "ok": ok_colour(self.palette()),
        }.get(kind)
        set_text_colour(self.status_label, colour)
        self.status_label.setVisible(True)

    @Slot(str)
    def _on_field_text_changed(self, _text: str) -> None:
        if self._tested_token is not None and self.token() != self._tested_token:
            self._tested_token = None
            self._kept = None
            self._status = None
            self.keyring_banner.clear()
            self.state_changed.emit()
        self._refresh()

    @Slot(bool)
    def _on_show_check_toggled(self, shown: bool) -> None:
        self.field.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)

    @Slot()
    def _on_field_return_pressed(self) -> None:
        if self.test_button.isEnabled():
            self.test_connection()

    @Slot()
    def _on_test_button_clicked(self) -> None:
        self.test_connection()

    # --- testing and keeping ---------------------------------------------------------------------

    def test_connection(self) -> None:
        """Ask the server for a few minutes of calls with this token, off the GUI thread."""
        if self._busy or not self.shape_ok():
            return
        token = self.token()
        register_secret(token)
        factory = self._client_factory
        self._busy = True
        self._tested_token = None
        self._kept = None
        self.keyring_banner.clear()
        self._set_status("", lambda: self.tr("Testing the connection…"))
        self._refresh()
        self.state_changed.emit()

        def check() -> str:
            with factory(token) as client:
                client.check_token()
            return token

        self._task = run_in_thread(
            check, self._on_check_succeeded, self._on_check_failed, name="fmc-token-check"
        )

    @Slot(object)
    def _on_check_succeeded(self, token: object) -> None:
        if token != self.token():
            self._busy = False
            self._refresh()
            return
        self._tested_token = str(token)
        self._set_status("", lambda: self.tr("The token works. Saving it in the keyring…"))
        store = self._token_store
        cleaned = str(token)

        def save() -> str:
            store.save(cleaned)
            return store.backend_name()

        self._task = run_in_thread(
            save, self._on_save_succeeded, self._on_save_failed, name="fmc-token-save"
        )

    @Slot(object)
    def _on_check_failed(self, error: object) -> None:
        self._busy = False
        self._task = None
        assert isinstance(error, BaseException)
        log.info("Connection test failed: %s", error_details(error))
        self.last_error = error
        self._set_status("error", lambda: error_text(error, Operation.CALL_HISTORY))
        self._refresh()
        self.state_changed.emit()

    @Slot(object)
    def _on_save_succeeded(self, backend: object) -> None:
        self._busy = False
        self._task = None
        self._backend = str(backend)
        self._kept = TokenSource.KEYRING
        self._set_status(
            "ok",
            lambda: self.tr("The token works, and it is saved in {keyring}.").format(
                keyring=self._backend
            ),
        )
        self._refresh()
        self.state_changed.emit()
        self.token_kept.emit(TokenSource.KEYRING.value)

    @Slot(object)
    def _on_save_failed(self, error: object) -> None:
        self._busy = False
        self._task = None
        assert isinstance(error, BaseException)
        if isinstance(error, (NoSafeKeyringError, KeyringTimeoutError)):
            # The banner says it all, once: why the token cannot be saved and what to do.
            self._status = None
            self._show_status()
            self._offer_session(error)
        else:
            self._set_status(
                "error", lambda: self.tr("The token works, but it could not be saved.")
            )
            self._keyring_error = None
            self.keyring_banner.show_message(
                error_text(error), level=BannerLevel.ERROR, action_text=None
            )
        self._refresh()
        self.state_changed.emit()

    def _offer_session(self, error: FmcError) -> None:
        self._keyring_error = error
        self.keyring_banner.show_message(
            error_text(error),
            level=BannerLevel.WARNING,
            action_text=self.tr("Keep for this session only"),
            closable=False,
        )

    @Slot()
    def _on_keyring_banner_action_triggered(self) -> None:
        self.keep_for_session()

    def keep_for_session(self) -> None:
        """Keep the tested token in memory only (no keyring call: nothing can block)."""
        if self._tested_token is None or self._tested_token != self.token():
            return
        self._token_store.set_session_token(self._tested_token)
        self._kept = TokenSource.SESSION
        self.keyring_banner.clear()
        self._set_status(
            "",
            lambda: self.tr(
                "The token works. It is kept for this session only and will be asked for "
                "again at the next start; to keep it, install or unlock a keyring such as "
                "GNOME Keyring or KWallet."
            ),
        )
        self._refresh()
        self.state_changed.emit()
        self.token_kept.emit(TokenSource.SESSION.value)

    # --- language -------------------------------------------------------------------------------

    def _retranslate(self) -> None:
        self.label.setText(self.tr("FMC &token:"))
        self.field.setAccessibleName(self.tr("FMC token"))
        self.field.setPlaceholderText(self.tr("Paste the 64-character token"))
        self.show_check.setText(self.tr("Show the token"))
        self.show_check.setAccessibleName(self.tr("Show the token"))
        self.test_button.setAccessibleName(self.tr("Test connection"))
        self.test_button.setToolTip(
            self.tr("Ask the FMC server for the last few minutes of calls with this token.")
        )
        self.shape_label.setAccessibleName(self.tr("Token check"))
        self.status_label.setAccessibleName(self.tr("Connection test result"))
        keyring_error = self._keyring_error
        if self._kept is None and not self.keyring_banner.isHidden() and keyring_error:
            self._offer_session(keyring_error)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._refresh()
        elif event.type() == QEvent.Type.PaletteChange:
            self._refresh()
        super().changeEvent(event)


class TokenDialog(QDialog):
    """ "Replace token…" from the settings: a TokenEntry with OK once the token is kept."""

    def __init__(
        self,
        token_store: TokenStore,
        client_factory: ClientFactory,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tokenDialog")
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setOpenExternalLinks(True)
        self.intro.setTextFormat(Qt.TextFormat.RichText)
        self.entry = TokenEntry(token_store, client_factory, self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.entry.state_changed.connect(self._on_entry_state_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 14)
        layout.setSpacing(12)
        layout.addWidget(self.intro)
        layout.addWidget(self.entry)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(620)
        self._retranslate()
        self._on_entry_state_changed()

    @Slot()
    def _on_entry_state_changed(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.entry.is_ready())

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Replace the FMC token"))
        self.intro.setText(
            self.tr(
                'Copy the token from the "Settings" section of the <a href="{url}">Virtual '
                "Mobile PBX integration portal</a>, paste it here and test the connection."
            ).format(url=PORTAL_URL)
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setAccessibleName(self.tr("OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(
            self.tr("Cancel")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
