"""The settings' Numbers page: the user's own numbers and the company's, and how to dial."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QLocale, QSignalBlocker, Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fmc_desktop.core.api.clock import Clock
from fmc_desktop.core.api.errors import NoTokenError
from fmc_desktop.core.api.factory import ClientFactory
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.numbers.phone import canonical, display_number
from fmc_desktop.core.system.secrets import TokenStore
from fmc_desktop.core.system.settings import Settings
from fmc_desktop.ui.settings.numbers_chooser import NumberChooser, NumberEntry, discover_numbers
from fmc_desktop.ui.settings.pages.global_shortcut import GlobalShortcutGroup
from fmc_desktop.ui.settings.widgets import TaskList, form_layout, note, page_layout
from fmc_desktop.ui.shell.errors_text import error_text
from fmc_desktop.ui.shell.workers import run_in_thread


class NumbersSettingsPage(QWidget):
    """Which numbers are the user's and the company's, the number to call as, and confirming."""

    def __init__(
        self,
        token_store: TokenStore,
        client_factory: Callable[[], ClientFactory],
        clock: Clock,
        tasks: TaskList,
        *,
        archive: CallArchive | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._token_store = token_store
        self._client_factory = client_factory
        self._clock = clock
        self._tasks = tasks
        self._archive = archive
        self._call_as_setting: str | None = None
        self._numbers_message: Callable[[], str] | None = None

        layout = page_layout(self)
        self.numbers_group = QGroupBox(self)
        group_layout = QVBoxLayout(self.numbers_group)
        group_layout.setSpacing(8)
        top = QHBoxLayout()
        self.numbers_status = note(self.numbers_group, "numbersStatus")
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

        self.dialling_group = QGroupBox(self)
        form = form_layout(self.dialling_group)
        self.call_as_label = QLabel(self.dialling_group)
        self.call_as = QComboBox(self.dialling_group)
        self.call_as.setObjectName("callAs")
        self.call_as_label.setBuddy(self.call_as)
        form.addRow(self.call_as_label, self.call_as)
        self.confirm_check = QCheckBox(self.dialling_group)
        self.confirm_check.setObjectName("confirmBeforeDialling")
        form.addRow(self.confirm_check)
        self.confirm_note = note(self.dialling_group, "confirmNote")
        form.addRow(self.confirm_note)
        layout.addWidget(self.dialling_group)
        self.shortcut_group = GlobalShortcutGroup(self)
        layout.addWidget(self.shortcut_group)
        self._retranslate()

    # --- settings <-> controls ------------------------------------------------------------------

    def load(self, settings: Settings) -> None:
        self._call_as_setting = settings.call_as
        self.chooser.set_entries(
            [], own=settings.own_numbers, company=settings.company_numbers or []
        )
        self._fill_call_as(settings.call_as)
        self.confirm_check.setChecked(settings.confirm_before_dial)
        self.shortcut_group.load(settings)

    def values(self) -> dict[str, object]:
        own = self.chooser.own_numbers()
        call_as = self.call_as.currentData()
        return {
            "own_numbers": own,
            "call_as": str(call_as) if call_as in own else (own[0] if own else None),
            "company_numbers": self.chooser.company_numbers(),
            "confirm_before_dial": self.confirm_check.isChecked(),
            **self.shortcut_group.values(),
        }

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

    # --- names and finding numbers --------------------------------------------------------------

    def load_names(self) -> None:
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

        self._tasks.track(run_in_thread(names, self._on_names_loaded))

    @Slot(object)
    def _on_names_loaded(self, names: object) -> None:
        assert isinstance(names, dict)
        own, company = self.chooser.own_numbers(), self.chooser.company_numbers()
        current = self.call_as.currentData()
        entries = [
            NumberEntry(number, names.get(number, "")) for number in dict.fromkeys([*own, *company])
        ]
        self.chooser.set_entries(entries, own=own, company=company)
        self._fill_call_as(str(current) if current else self._call_as_setting)

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
        self._tasks.track(run_in_thread(find, self._on_numbers_found, self._on_numbers_failed))

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

    # --- language -------------------------------------------------------------------------------

    def _retranslate(self) -> None:
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

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
