"""Two groups of Settings with a page of their own in this file: the quick check for missed
calls (what it costs) and the global shortcut (and why it is off where it cannot work)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLocale, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from fmc_desktop.core.archive.quick_check import MIN_INTERVAL_SECONDS, QUICK_SPAN
from fmc_desktop.core.system.settings import Settings
from fmc_desktop.ui.dialing.global_shortcut import DEFAULT_SHORTCUT, split_sequence
from fmc_desktop.ui.shell.i18n import fill


def _note(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


class QuickCheckGroup(QGroupBox):
    """How often to look for missed calls between syncs, and what that costs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quickCheckGroup")
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.seconds = QSpinBox(self)
        self.seconds.setObjectName("quickCheckSeconds")
        # 0 shows as "Off"; between it and 30 s nothing is allowed.
        self.seconds.setRange(MIN_INTERVAL_SECONDS - 30, 3600)
        self.seconds.setSingleStep(30)
        self.label = QLabel(self)
        self.label.setBuddy(self.seconds)
        form.addRow(self.label, self.seconds)
        self.note = _note(self, "quickCheckNote")
        form.addRow(self.note)
        self.seconds.valueChanged.connect(self._on_seconds_value_changed)
        self._retranslate()

    def load(self, settings: Settings) -> None:
        self.seconds.setValue(settings.quick_check_seconds)
        self._retranslate()

    def values(self) -> dict[str, object]:
        value = self.seconds.value()
        return {"quick_check_seconds": value if value >= MIN_INTERVAL_SECONDS else 0}

    @Slot(int)
    def _on_seconds_value_changed(self, value: int) -> None:
        if 0 < value < MIN_INTERVAL_SECONDS:  # typed: never more often than 30 s
            self.seconds.setValue(MIN_INTERVAL_SECONDS)
            return
        self._update_note()

    def _update_note(self) -> None:
        value = self.seconds.value()
        if value <= 0:
            self.note.setText(
                self.tr("Off: missed calls show with the next sync, every few minutes.")
            )
            return
        per_day = QLocale().toString(86_400 // value)
        self.note.setText(
            fill(
                self.tr(
                    "One small request for the last %1 minutes every %2 s (up to %3 a day) while "
                    "you are at the computer: a missed call shows within about a minute. It pauses "
                    "while the computer is idle or locked, waits longer after errors, and never "
                    "asks more often than the sync interval allows."
                ),
                str(int(QUICK_SPAN.total_seconds() // 60)),
                str(value),
                per_day,
            )
        )

    def _retranslate(self) -> None:
        self.setTitle(self.tr("Missed calls sooner"))
        self.label.setText(self.tr("Check for &missed calls every:"))
        self.seconds.setSuffix(self.tr(" s"))
        self.seconds.setSpecialValueText(self.tr("Off"))
        self.seconds.setAccessibleName(self.tr("Seconds between checks for missed calls"))
        self.note.setAccessibleName(self.tr("What the check for missed calls costs"))
        self._update_note()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


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
        self.note = _note(self, "globalShortcutNote")
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
