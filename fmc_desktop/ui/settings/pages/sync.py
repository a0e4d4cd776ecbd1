"""The settings' Sync page: how often to sync, the quick check, and what to fetch with calls."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel, QSpinBox, QVBoxLayout, QWidget

from fmc_desktop.core.system.settings import MAX_SYNC_INTERVAL_MINUTES, Settings
from fmc_desktop.ui.settings.pages.quick_check import QuickCheckGroup
from fmc_desktop.ui.settings.widgets import form_layout, note, page_layout


class SyncSettingsPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = page_layout(self)
        self.sync_group = QGroupBox(self)
        form = form_layout(self.sync_group)
        self.interval_label = QLabel(self.sync_group)
        self.interval = QSpinBox(self.sync_group)
        self.interval.setObjectName("syncInterval")
        self.interval.setRange(1, MAX_SYNC_INTERVAL_MINUTES)
        self.interval_label.setBuddy(self.interval)
        form.addRow(self.interval_label, self.interval)
        self.interval_note = note(self.sync_group, "intervalNote")
        form.addRow(self.interval_note)
        layout.addWidget(self.sync_group)
        self.quick_group = QuickCheckGroup(self)
        layout.addWidget(self.quick_group)

        self.flags_group = QGroupBox(self)
        flags = QVBoxLayout(self.flags_group)
        flags.setSpacing(6)
        self.names_check = QCheckBox(self.flags_group)
        self.names_check.setObjectName("fetchNames")
        self.departments_check = QCheckBox(self.flags_group)
        self.departments_check.setObjectName("fetchDepartments")
        self.ownership_check = QCheckBox(self.flags_group)
        self.ownership_check.setObjectName("fetchOwnership")
        self.flags_note = note(self.flags_group, "flagsNote")
        for widget in (self.names_check, self.departments_check, self.ownership_check):
            flags.addWidget(widget)
        flags.addWidget(self.flags_note)
        layout.addWidget(self.flags_group)
        layout.addStretch(1)
        self._retranslate()

    def load(self, settings: Settings) -> None:
        self.interval.setValue(settings.sync_interval_minutes)
        self.quick_group.load(settings)
        self.names_check.setChecked(settings.fetch_names)
        self.departments_check.setChecked(settings.fetch_departments)
        self.ownership_check.setChecked(settings.fetch_ownership)

    def values(self) -> dict[str, object]:
        return {
            "sync_interval_minutes": self.interval.value(),
            **self.quick_group.values(),
            "fetch_names": self.names_check.isChecked(),
            "fetch_departments": self.departments_check.isChecked(),
            "fetch_ownership": self.ownership_check.isChecked(),
        }

    def _retranslate(self) -> None:
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

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
