"""The first run: from nothing to a tested token, the user's numbers and a first sync.

The wizard's pages:

1. What the app needs, and where the token is found (with "Try the demo" instead).
2. The token: a password field with a live check of its shape, "Test connection" (a small
   call-history request, off the GUI thread), then keeping it in the keyring, or for this
   session only when there is no safe keyring.
3. The user's own numbers and the company's, offered from the numbers seen in the company's
   recent calls and named by its address book.
4. The first sync, with its progress.

`TokenEntry` and `NumberChooser` are also what the settings dialog uses to replace the token and
to change the numbers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QEvent, QLocale, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from fmc_desktop.core.api.client import FetchFlags
from fmc_desktop.core.api.clock import Clock, SystemClock
from fmc_desktop.core.api.errors import (
    FmcError,
    InvalidNumberError,
    KeyringTimeoutError,
    NoSafeKeyringError,
)
from fmc_desktop.core.api.factory import ClientFactory, clients_for, fetch_flags
from fmc_desktop.core.api.records import CallRecord
from fmc_desktop.core.api.token import TOKEN_RE
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.archive.sync import SyncEngine
from fmc_desktop.core.numbers.phone import canonical, display_number, parse_number
from fmc_desktop.core.system.logs import register_secret
from fmc_desktop.core.system.secrets import TokenSource, TokenStore
from fmc_desktop.core.system.settings import Settings, SettingsStore
from fmc_desktop.ui.contacts.collation import name_collator
from fmc_desktop.ui.shell.banner import Banner, BannerLevel
from fmc_desktop.ui.shell.errors_text import Operation, error_details, error_text
from fmc_desktop.ui.shell.screen_fit import fit_to_screen
from fmc_desktop.ui.shell.theme import error_colour, ok_colour
from fmc_desktop.ui.shell.workers import Progress, Task, run_in_thread, run_with_progress

log = logging.getLogger(__name__)

PORTAL_URL = "https://fmc.kyivstar.ua/api/webportal"
TOKEN_LENGTH = 64
# How far back the wizard looks for the company's numbers: long enough to see most people call.
DISCOVERY_SPAN = timedelta(days=7)
_HEX = frozenset("0123456789abcdefABCDEF")


# --- shared pieces -------------------------------------------------------------------------------


def set_text_colour(label: QLabel, colour: QColor | None) -> None:
    palette = label.palette()
    if colour is None:
        parent = label.parentWidget()
        base = parent.palette() if parent is not None else QPalette()
        palette.setColor(QPalette.ColorRole.WindowText, base.color(QPalette.ColorRole.WindowText))
    else:
        palette.setColor(QPalette.ColorRole.WindowText, colour)
    label.setPalette(palette)


# --- the token -----------------------------------------------------------------------------------


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


# --- numbers -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NumberEntry:
    """A number of the company, with what the address book says about it."""

    number: str  # canonical
    name: str = ""
    department: str = ""
    calls: int = 0


def company_numbers_in(records: Iterable[CallRecord]) -> list[NumberEntry]:
    """The numbers the PBX's address book names in these calls, most active first then by name.

    Only the company's own subscribers are in its address book, so a name marks a number of
    the company; the number of calls puts the people who phone most at the top.
    """
    found: dict[str, NumberEntry] = {}
    for record in records:
        for number, name, department in (
            (record.calling_number, record.calling_name, record.calling_department),
            (record.called_number, record.called_name, record.called_department),
        ):
            if not name or not name.strip():
                continue
            key = canonical(number)
            known = found.get(key)
            if known is None:
                found[key] = NumberEntry(key, name.strip(), (department or "").strip(), 1)
            else:
                found[key] = replace(
                    known,
                    calls=known.calls + 1,
                    department=known.department or (department or "").strip(),
                )
    collator = name_collator()
    return sorted(found.values(), key=lambda entry: (collator.sortKey(entry.name), entry.number))


class _Column:
    MINE = 0
    COMPANY = 1
    NAME = 2
    NUMBER = 3
    DEPARTMENT = 4


class NumberChooser(QWidget):
    """The company's numbers in a list: tick which are the user's own and which are the company's.

    `changed` whenever a tick or the list changes.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._updating = False
        self.filter_field = QLineEdit(self)
        self.filter_field.setObjectName("numberFilter")
        self.filter_field.setClearButtonEnabled(True)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("numberList")
        self.tree.setColumnCount(5)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setSortingEnabled(False)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(_Column.MINE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(_Column.COMPANY, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(_Column.NAME, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(_Column.NUMBER, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setColumnWidth(_Column.NAME, 200)
        self.add_field = QLineEdit(self)
        self.add_field.setObjectName("addNumber")
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("addNumberButton")
        self.add_button.setAutoDefault(False)
        self.add_problem = QLabel(self)
        self.add_problem.setWordWrap(True)
        self.add_problem.setVisible(False)

        self.filter_field.textChanged.connect(self._on_filter_field_text_changed)
        self.tree.itemChanged.connect(self._on_tree_item_changed)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.add_field.returnPressed.connect(self._on_add_button_clicked)
        self.add_field.textChanged.connect(self._on_add_field_text_changed)

        add_row = QHBoxLayout()
        add_row.setSpacing(8)
        add_row.addWidget(self.add_field, 1)
        add_row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.filter_field)
        layout.addWidget(self.tree, 1)
        layout.addLayout(add_row)
        layout.addWidget(self.add_problem)
        self._retranslate()
        self._on_add_field_text_changed("")

    # --- content --------------------------------------------------------------------------------

    def set_entries(
        self,
        entries: Iterable[NumberEntry],
        *,
        own: Iterable[str] = (),
        company: Iterable[str] | None = None,
    ) -> None:
        """Fill the list; `company` None ticks every number as the company's."""
        own_set = {canonical(number) for number in own}
        company_set = None if company is None else {canonical(number) for number in company}
        listed = {entry.number: entry for entry in entries}
        # Numbers chosen earlier stay listed even when the recent calls did not show them.
        for number in [*own_set, *(company_set or set())]:
            listed.setdefault(number, NumberEntry(number))
        self._updating = True
        try:
            self.tree.clear()
            collator = name_collator()
            ordered = sorted(
                listed.values(),
                key=lambda entry: (not entry.name, collator.sortKey(entry.name), entry.number),
            )
            for entry in ordered:
                in_company = company_set is None or entry.number in company_set
                self._add_item(entry, mine=entry.number in own_set, company=in_company)
        finally:
            self._updating = False
        self._apply_filter()
        self.changed.emit()

    def _add_item(self, entry: NumberEntry, *, mine: bool, company: bool) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree)
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )
        item.setData(_Column.NUMBER, Qt.ItemDataRole.UserRole, entry.number)
        item.setCheckState(_Column.MINE, Qt.CheckState.Checked if mine else Qt.CheckState.Unchecked)
        item.setCheckState(
            _Column.COMPANY, Qt.CheckState.Checked if company else Qt.CheckState.Unchecked
        )
        item.setText(_Column.NAME, entry.name)
        item.setText(_Column.NUMBER, display_number(entry.number))
        item.setText(_Column.DEPARTMENT, entry.department)
        self._describe_item(item)
        return item

    def _describe_item(self, item: QTreeWidgetItem) -> None:
        who = item.text(_Column.NAME) or item.text(_Column.NUMBER)
        item.setToolTip(_Column.MINE, self.tr("{who} is my number").format(who=who))
        item.setToolTip(_Column.COMPANY, self.tr("{who} is a company number").format(who=who))

    def items(self) -> list[QTreeWidgetItem]:
        found = (self.tree.topLevelItem(row) for row in range(self.tree.topLevelItemCount()))
        return [item for item in found if item is not None]

    def item_for(self, number: str) -> QTreeWidgetItem | None:
        key = canonical(number)
        for item in self.items():
            if item.data(_Column.NUMBER, Qt.ItemDataRole.UserRole) == key:
                return item
        return None

    def numbers(self) -> list[str]:
        """Every listed number (canonical), in list order."""
        return [str(item.data(_Column.NUMBER, Qt.ItemDataRole.UserRole)) for item in self.items()]

    def _checked(self, column: int) -> list[str]:
        return [
            str(item.data(_Column.NUMBER, Qt.ItemDataRole.UserRole))
            for item in self.items()
            if item.checkState(column) == Qt.CheckState.Checked
        ]

    def own_numbers(self) -> list[str]:
        return self._checked(_Column.MINE)

    def company_numbers(self) -> list[str]:
        return self._checked(_Column.COMPANY)

    def name_of(self, number: str) -> str:
        item = self.item_for(number)
        return item.text(_Column.NAME) if item is not None else ""

    def set_mine(self, number: str, mine: bool = True) -> None:
        item = self.item_for(number)
        if item is None:
            item = self._add_item(NumberEntry(canonical(number)), mine=mine, company=True)
        item.setCheckState(_Column.MINE, Qt.CheckState.Checked if mine else Qt.CheckState.Unchecked)

    def add_number(self, text: str) -> bool:
        """Add a number typed by hand, ticked as the user's own; False (and why) if not one."""
        try:
            number = parse_number(text).canonical
        except InvalidNumberError:
            self.add_problem.setText(self.tr("That is not a phone number."))
            set_text_colour(self.add_problem, error_colour(self.palette()))
            self.add_problem.setVisible(True)
            return False
        self.add_problem.setVisible(False)
        existing = self.item_for(number)
        if existing is None:
            existing = self._add_item(NumberEntry(number), mine=True, company=True)
        else:
            existing.setCheckState(_Column.MINE, Qt.CheckState.Checked)
        self.tree.scrollToItem(existing)
        self.tree.setCurrentItem(existing)
        self.add_field.clear()
        self.changed.emit()
        return True

    # --- slots ----------------------------------------------------------------------------------

    @Slot(QTreeWidgetItem, int)
    def _on_tree_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._updating:
            return
        if column == _Column.MINE and item.checkState(_Column.MINE) == Qt.CheckState.Checked:
            # The user's own number is a company number by definition.
            item.setCheckState(_Column.COMPANY, Qt.CheckState.Checked)
        self.changed.emit()

    @Slot(str)
    def _on_filter_field_text_changed(self, _text: str) -> None:
        self._apply_filter()

    def _apply_filter(self) -> None:
        needle = self.filter_field.text().strip().casefold()
        digits = "".join(ch for ch in needle if ch.isdigit())
        for item in self.items():
            if not needle:
                item.setHidden(False)
                continue
            number = str(item.data(_Column.NUMBER, Qt.ItemDataRole.UserRole))
            words = f"{item.text(_Column.NAME)} {item.text(_Column.DEPARTMENT)}".casefold()
            hit = needle in words or (
                bool(digits) and digits in "".join(filter(str.isdigit, number))
            )
            item.setHidden(not hit)

    @Slot()
    def _on_add_button_clicked(self) -> None:
        if self.add_field.text().strip():
            self.add_number(self.add_field.text())

    @Slot(str)
    def _on_add_field_text_changed(self, text: str) -> None:
        self.add_button.setEnabled(bool(text.strip()))
        self.add_problem.setVisible(False)

    # --- language -------------------------------------------------------------------------------

    def _retranslate(self) -> None:
        self.filter_field.setPlaceholderText(self.tr("Find by name, number or department"))
        self.filter_field.setAccessibleName(self.tr("Find a number"))
        self.tree.setHeaderLabels(
            [
                self.tr("Mine"),
                self.tr("Company"),
                self.tr("Name"),
                self.tr("Number"),
                self.tr("Department"),
            ]
        )
        self.tree.setAccessibleName(self.tr("Company numbers"))
        self.tree.setAccessibleDescription(
            self.tr("Tick your own numbers in the first column and the company's in the second.")
        )
        self.add_field.setPlaceholderText(self.tr("Another number of yours, e.g. 067 123 45 67"))
        self.add_field.setAccessibleName(self.tr("Number to add"))
        self.add_button.setText(self.tr("Add"))
        self.add_button.setAccessibleName(self.tr("Add the number"))
        self.add_problem.setAccessibleName(self.tr("Number check"))
        for item in self.items():
            self._describe_item(item)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


def discover_numbers(client_factory: ClientFactory, token: str, clock: Clock) -> list[NumberEntry]:
    """The company's numbers from the last days of its calls (runs on a worker thread)."""
    with client_factory(token) as client:
        now = clock.now()
        result = client.fetch_period(
            now - DISCOVERY_SPAN, now, flags=FetchFlags(names=True, departments=True)
        )
    return company_numbers_in(result.records)


# --- the wizard ----------------------------------------------------------------------------------


@dataclass
class FirstRunOutcome:
    """What the wizard ended with. `demo`: run on the simulator instead; nothing was saved."""

    demo: bool = False
    settings: Settings | None = None
    token_source: TokenSource | None = None
    synced_calls: int = 0
    sync_error: FmcError | None = None
    notes: list[str] = field(default_factory=list)


class PageId:
    WELCOME = 0
    TOKEN = 1
    NUMBERS = 2
    SYNC = 3


def _title_font(widget: QWidget) -> QFont:
    font = QFont(widget.font())
    font.setBold(True)
    return font


class WelcomePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body = QLabel(self)
        self.body.setObjectName("welcomeText")
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setOpenExternalLinks(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.steps = QLabel(self)
        self.steps.setObjectName("welcomeSteps")
        self.steps.setWordWrap(True)
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        self.steps.setOpenExternalLinks(True)
        self.steps.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.demo_note = QLabel(self)
        self.demo_note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        layout.addWidget(self.body)
        layout.addWidget(self.steps)
        layout.addStretch(1)
        layout.addWidget(self.demo_note)
        self._retranslate()

    def _retranslate(self) -> None:
        self.setTitle(self.tr("Welcome to fmc-desktop"))
        self.setSubTitle(
            self.tr(
                "Your calls at a glance, and dialling from the desktop, for Kyivstar Virtual "
                "Mobile PBX."
            )
        )
        self.body.setText(
            self.tr(
                "To read your company's calls and to place calls, the app needs the PBX's "
                "<b>FMC token</b>: a key of 64 characters that your PBX administrator can copy "
                "from the integration portal."
            )
        )
        self.steps.setText(
            self.tr(
                "<ol style='margin-left: -20px'>"
                '<li>Open the <a href="{url}">Virtual Mobile PBX integration portal</a> and '
                "sign in with the PBX administrator's login and password.</li>"
                "<li>Go to the <b>Settings</b> section (called <b>CRM Integration</b> in newer "
                "portals).</li>"
                "<li>Copy the <b>FMC token</b>, and paste it on the next page.</li>"
                "</ol>"
            ).format(url=PORTAL_URL)
        )
        self.body.setAccessibleName(self.tr("What the app needs"))
        self.steps.setAccessibleName(self.tr("Where to find the token"))
        self.demo_note.setText(
            self.tr(
                'No token at hand? "Try the demo" shows the app with a made-up company and its '
                "calls; nothing is sent anywhere."
            )
        )
        self.demo_note.setAccessibleName(self.tr("About the demo"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


class TokenPage(QWizardPage):
    def __init__(self, entry: TokenEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry = entry
        entry.setParent(self)
        self.hint = QLabel(self)
        self.hint.setObjectName("failedTestHint")
        self.hint.setWordWrap(True)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QVBoxLayout(self)
        layout.setSpacing(16)
        layout.addWidget(entry)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        entry.state_changed.connect(self.completeChanged)
        self._retranslate()

    def isComplete(self) -> bool:
        return self.entry.is_ready() and not self.entry.is_busy()

    def _retranslate(self) -> None:
        self.setTitle(self.tr("The FMC token"))
        self.setSubTitle(
            self.tr(
                "Paste the token, then test the connection. The token is kept in the "
                "system's keyring when there is one, never in a file."
            )
        )
        self.hint.setText(
            self.tr(
                "The same answer comes back for a wrong token and for numbers without the "
                '"Convergent" package: if the test fails although the token is right, ask '
                "your administrator about the package."
            )
        )
        self.hint.setAccessibleName(self.tr("About a failed test"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


class NumbersPage(QWizardPage):
    def __init__(
        self,
        entry: TokenEntry,
        client_factory: ClientFactory,
        clock: Clock,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._entry = entry
        self._client_factory = client_factory
        self._clock = clock
        self._task: Task | None = None
        self._loaded_for: str | None = None
        self._error: FmcError | None = None
        self._status_text: Callable[[], str] | None = None
        self.status = QLabel(self)
        self.status.setObjectName("numbersStatus")
        self.status.setWordWrap(True)
        self.retry_button = QPushButton(self)
        self.retry_button.setObjectName("retryNumbers")
        self.retry_button.setAutoDefault(False)
        self.retry_button.setVisible(False)
        self.chooser = NumberChooser(self)
        self.call_as_label = QLabel(self)
        self.call_as = QComboBox(self)
        self.call_as.setObjectName("callAs")
        self.call_as.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.call_as_label.setBuddy(self.call_as)
        self.need_own = QLabel(self)
        self.need_own.setWordWrap(True)

        self.retry_button.clicked.connect(self._on_retry_button_clicked)
        self.chooser.changed.connect(self._on_chooser_changed)

        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.retry_button)
        call_as_row = QHBoxLayout()
        call_as_row.addWidget(self.call_as_label)
        call_as_row.addWidget(self.call_as, 1)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addLayout(status_row)
        layout.addWidget(self.chooser, 1)
        layout.addLayout(call_as_row)
        layout.addWidget(self.need_own)
        self._retranslate()

    def initializePage(self) -> None:
        token = self._entry.token()
        if self._loaded_for != token:
            self.load(token)

    def load(self, token: str) -> None:
        if self._task is not None and self._task.is_running():
            return
        self._loaded_for = token
        self._error = None
        self.retry_button.setVisible(False)
        self._status_text = lambda: self.tr("Looking at the company's calls of the last 7 days…")
        self.status.setText(self._status_text())
        factory, clock = self._client_factory, self._clock
        self._task = run_in_thread(
            lambda: discover_numbers(factory, token, clock),
            self._on_numbers_found,
            self._on_numbers_failed,
            name="fmc-discover-numbers",
        )
        self.completeChanged.emit()

    def is_loading(self) -> bool:
        return self._task is not None and self._task.is_running()

    @Slot(object)
    def _on_numbers_found(self, entries: object) -> None:
        assert isinstance(entries, list)
        wizard = self.wizard()
        settings = wizard.settings if isinstance(wizard, FirstRunWizard) else Settings()
        company = settings.company_numbers or None
        self.chooser.set_entries(entries, own=settings.own_numbers, company=company)
        count = len(entries)

        def text() -> str:
            if count:
                return self.tr(
                    "Numbers named in the company's recent calls: {count}. Tick yours; the "
                    "company's are ticked already."
                ).format(count=QLocale().toString(count))
            return self.tr(
                "The recent calls name no numbers. Add your number below; names appear after "
                "the first sync."
            )

        self._status_text = text
        self.status.setText(text())
        self._task = None
        self.completeChanged.emit()

    @Slot(object)
    def _on_numbers_failed(self, error: object) -> None:
        assert isinstance(error, BaseException)
        self._task = None
        self._error = error if isinstance(error, FmcError) else None
        self._status_text = lambda: self.tr(
            "The company's numbers could not be read: {reason} You can add your number by hand."
        ).format(reason=error_text(error))
        self.status.setText(self._status_text())
        self.retry_button.setVisible(True)
        self.completeChanged.emit()

    @Slot()
    def _on_retry_button_clicked(self) -> None:
        self.load(self._entry.token())

    @Slot()
    def _on_chooser_changed(self) -> None:
        current = self.call_as.currentData()
        self.call_as.clear()
        for number in self.chooser.own_numbers():
            name = self.chooser.name_of(number)
            shown = display_number(number)
            self.call_as.addItem(f"{shown} — {name}" if name else shown, number)
        index = self.call_as.findData(current)
        self.call_as.setCurrentIndex(max(index, 0))
        self.call_as.setEnabled(self.call_as.count() > 1)
        self.need_own.setVisible(not self.chooser.own_numbers())
        self.completeChanged.emit()

    def call_as_number(self) -> str | None:
        data = self.call_as.currentData()
        return str(data) if data else None

    def isComplete(self) -> bool:
        return bool(self.chooser.own_numbers()) and not self.is_loading()

    def validatePage(self) -> bool:
        wizard = self.wizard()
        if isinstance(wizard, FirstRunWizard):
            return wizard.save_numbers(
                self.chooser.own_numbers(), self.chooser.company_numbers(), self.call_as_number()
            )
        return True

    def _retranslate(self) -> None:
        self.setTitle(self.tr("Your numbers"))
        self.setSubTitle(
            self.tr(
                "Tick the numbers that are yours, for your calls and for dialling, and the "
                "company's, for the whole PBX view."
            )
        )
        self.retry_button.setText(self.tr("Try again"))
        self.retry_button.setAccessibleName(self.tr("Read the numbers again"))
        self.call_as_label.setText(self.tr("&Call as:"))
        self.call_as.setAccessibleName(self.tr("Call as"))
        self.call_as.setToolTip(self.tr("The number the PBX rings first when you dial"))
        self.status.setAccessibleName(self.tr("Numbers status"))
        self.need_own.setText(
            self.tr("Tick at least one number as yours, or add it below the list.")
        )
        self.need_own.setAccessibleName(self.tr("What is missing"))
        if self._status_text is not None:
            self.status.setText(self._status_text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


class SyncPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._task: Task | None = None
        self._done = False
        self._text: Callable[[], str] = lambda: ""
        self.status = QLabel(self)
        self.status.setObjectName("syncStatus")
        self.status.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("syncProgress")
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.retry_button = QPushButton(self)
        self.retry_button.setObjectName("retrySync")
        self.retry_button.setAutoDefault(False)
        self.retry_button.setVisible(False)
        self.retry_button.clicked.connect(self._on_retry_button_clicked)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.retry_button)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.detail)
        layout.addLayout(row)
        layout.addStretch(1)
        self._retranslate()

    def initializePage(self) -> None:
        if not self._done:
            self.start()

    def start(self) -> None:
        wizard = self.wizard()
        if not isinstance(wizard, FirstRunWizard) or self.is_running():
            return
        self._done = False
        self.retry_button.setVisible(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self._text = lambda: self.tr("Fetching the calls of the last 30 days…")
        self.status.setText(self._text())
        self.detail.setText("")
        self._task = run_with_progress(
            wizard.first_sync_job(),
            self._on_sync_done,
            self._on_sync_failed,
            self._on_sync_progressed,
            name="fmc-first-sync",
        )
        self.completeChanged.emit()

    def is_running(self) -> bool:
        return self._task is not None and self._task.is_running()

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    @Slot(object)
    def _on_sync_progressed(self, progress: object) -> None:
        index = int(getattr(progress, "window_index", 0))
        count = int(getattr(progress, "window_count", 0))
        new = int(getattr(progress, "new_so_far", 0))
        if count:
            self.progress.setRange(0, count)
            self.progress.setValue(index - 1)
        self._text = lambda: self.tr("Fetching part {index} of {count}…").format(
            index=index, count=count
        )
        self.status.setText(self._text())
        self.detail.setText(
            self.tr("New calls so far: {count}").format(count=QLocale().toString(new))
        )

    @Slot(object)
    def _on_sync_done(self, report: object) -> None:
        self._task = None
        self._done = True
        wizard = self.wizard()
        new = int(getattr(report, "new", 0))
        error = getattr(report, "error", None)
        if isinstance(wizard, FirstRunWizard):
            wizard.outcome.synced_calls = new
            wizard.outcome.sync_error = error if isinstance(error, FmcError) else None
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        if isinstance(error, FmcError):
            self._show_failure(error)
        else:
            self._text = lambda: self.tr("Done. Calls in your archive: {count}.").format(
                count=QLocale().toString(new)
            )
            self.status.setText(self._text())
            self.detail.setText(
                self.tr("From now on the app brings the history up to date by itself.")
            )
        self.completeChanged.emit()

    @Slot(object)
    def _on_sync_failed(self, error: object) -> None:
        self._task = None
        self._done = True
        assert isinstance(error, BaseException)
        wizard = self.wizard()
        if isinstance(wizard, FirstRunWizard) and isinstance(error, FmcError):
            wizard.outcome.sync_error = error
        self._show_failure(error)
        self.completeChanged.emit()

    def _show_failure(self, error: BaseException) -> None:
        self.progress.setVisible(False)
        self._text = lambda: error_text(error)
        self.status.setText(self._text())
        self.detail.setText(
            self.tr("Your settings are saved. You can finish now: the app tries again by itself.")
        )
        self.retry_button.setVisible(True)

    @Slot()
    def _on_retry_button_clicked(self) -> None:
        self.start()

    def isComplete(self) -> bool:
        return self._done and not self.is_running()

    def _retranslate(self) -> None:
        self.setTitle(self.tr("The first sync"))
        self.setSubTitle(
            self.tr(
                "The app copies the calls the PBX keeps (the last 30 days) into an archive "
                "on this computer, which keeps them for as long as you like."
            )
        )
        self.retry_button.setText(self.tr("Try again"))
        self.retry_button.setAccessibleName(self.tr("Try the sync again"))
        self.progress.setAccessibleName(self.tr("Sync progress"))
        self.status.setAccessibleName(self.tr("Sync status"))
        self.detail.setAccessibleName(self.tr("Sync details"))
        self.status.setText(self._text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


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
