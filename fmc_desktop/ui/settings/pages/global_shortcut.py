"""The desktop-wide keys that dial the selected text, on the Numbers page, and why they are off."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QKeySequenceEdit,
    QLineEdit,
    QWidget,
)

from fmc_desktop.core.system.settings import Settings
from fmc_desktop.ui.dialing.global_shortcut import DEFAULT_SHORTCUT, split_sequence
from fmc_desktop.ui.settings.widgets import note
from fmc_desktop.ui.shell.i18n import fill


class GlobalShortcutGroup(QGroupBox):
    """The keys that dial the selected text from any program; why they are off, if they are."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("globalShortcutGroup")
        form = QFormLayout(self)
        self.enabled = QCheckBox(self)
        self.enabled.setObjectName("globalShortcutEnabled")
        self.keys = QKeySequenceEdit(self)
        self.keys.setObjectName("globalShortcutKeys")
        self.keys.setMaximumSequenceLength(1)
        self.keys.setClearButtonEnabled(True)
        form.addRow(self.enabled, self.keys)
        self.note = note(self, "globalShortcutNote", selectable=False)
        form.addRow(self.note)
        self.problem: str | None = None
        self.enabled.toggled.connect(self.keys.setEnabled)
        self.keys.keySequenceChanged.connect(self._on_keys_key_sequence_changed)
        self._retranslate()

    def load(self, settings: Settings) -> None:
        text = settings.global_shortcut
        self.enabled.setChecked(bool(text))
        self.keys.setEnabled(bool(text))
        self.keys.setKeySequence(QKeySequence(text or DEFAULT_SHORTCUT))
        self._update_note()

    def values(self) -> dict[str, object]:
        text = self.keys.keySequence().toString(QKeySequence.SequenceFormat.PortableText)
        usable = self.enabled.isChecked() and split_sequence(text) is not None
        return {"global_shortcut": text if usable else ""}

    def set_problem(self, problem: str | None) -> None:
        """Why the shortcut is not working on this desktop (None: it works)."""
        self.problem = problem
        self._update_note()

    @Slot(QKeySequence)
    def _on_keys_key_sequence_changed(self, _keys: QKeySequence) -> None:
        self._update_note()

    def _update_note(self) -> None:
        text = self.keys.keySequence().toString(QKeySequence.SequenceFormat.PortableText)
        if self.enabled.isChecked() and split_sequence(text) is None:
            self.note.setText(
                self.tr(
                    "Choose keys with Ctrl, Alt or Meta: a plain key would be taken from "
                    "every program."
                )
            )
        elif self.problem:
            self.note.setText(fill(self.tr("Off here: %1"), self.problem))
        else:
            self.note.setText(
                self.tr(
                    "Select a phone number in any program (a web page, an e-mail, a document) "
                    "and press these keys: the number is found in the selection (or on the "
                    "clipboard) and always shown for confirmation before it is dialled."
                )
            )

    def _retranslate(self) -> None:
        self.setTitle(self.tr("Dial from any program"))
        self.enabled.setText(self.tr("Dial the selected &text with:"))
        self.enabled.setAccessibleName(self.tr("Use a global shortcut to dial the selected text"))
        self.keys.setAccessibleName(self.tr("Keys that dial the selected text"))
        # The edit's own field is what takes the focus and what a screen reader announces.
        for inner in self.keys.findChildren(QLineEdit):
            inner.setAccessibleName(self.keys.accessibleName())
        self.note.setAccessibleName(self.tr("About dialling the selected text"))
        self._update_note()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
