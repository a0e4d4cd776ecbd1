"""The quick check for missed calls between syncs, on the Sync page: how often, and its cost."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLocale, Slot
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QSpinBox, QWidget

from fmc_desktop.core.archive.quick_check import MIN_INTERVAL_SECONDS, QUICK_SPAN
from fmc_desktop.core.system.settings import Settings
from fmc_desktop.ui.settings.widgets import note
from fmc_desktop.ui.shell.i18n import fill


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
        self.note = note(self, "quickCheckNote", selectable=False)
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
