"""The settings' General page: language, theme, the time zone of call times, and starting."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QLabel, QVBoxLayout, QWidget

from fmc_desktop.core.system import autostart
from fmc_desktop.core.system.settings import Settings
from fmc_desktop.ui.settings.widgets import form_layout, note, page_layout
from fmc_desktop.ui.shell import theme


class LooksSettingsPage(QWidget):
    def __init__(self, platform: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._platform = platform
        layout = page_layout(self)
        self.looks_group = QGroupBox(self)
        form = form_layout(self.looks_group)
        self.language_label = QLabel(self.looks_group)
        self.language = QComboBox(self.looks_group)
        self.language.setObjectName("language")
        for code in ("system", "uk", "en"):
            self.language.addItem("", code)
        self.language_label.setBuddy(self.language)
        form.addRow(self.language_label, self.language)
        self.theme_label = QLabel(self.looks_group)
        self.theme = QComboBox(self.looks_group)
        self.theme.setObjectName("theme")
        for name in theme.THEMES:
            self.theme.addItem("", name)
        self.theme_label.setBuddy(self.theme)
        form.addRow(self.theme_label, self.theme)
        self.time_zone_label = QLabel(self.looks_group)
        self.time_zone = QComboBox(self.looks_group)
        self.time_zone.setObjectName("timeZone")
        for zone in ("kyiv", "local"):
            self.time_zone.addItem("", zone)
        self.time_zone_label.setBuddy(self.time_zone)
        form.addRow(self.time_zone_label, self.time_zone)
        layout.addWidget(self.looks_group)

        self.start_group = QGroupBox(self)
        start = QVBoxLayout(self.start_group)
        start.setSpacing(6)
        self.minimised_check = QCheckBox(self.start_group)
        self.minimised_check.setObjectName("startMinimised")
        self.login_check = QCheckBox(self.start_group)
        self.login_check.setObjectName("startAtLogin")
        self.login_note = note(self.start_group, "startAtLoginNote")
        start.addWidget(self.minimised_check)
        start.addWidget(self.login_check)
        start.addWidget(self.login_note)
        layout.addWidget(self.start_group)
        layout.addStretch(1)
        self._retranslate()

    def autostart_supported(self) -> bool:
        return autostart.autostart_supported(self._platform)

    def load(self, settings: Settings) -> None:
        _select(self.language, settings.language)
        _select(self.theme, settings.theme if settings.theme in theme.THEMES else "system")
        _select(self.time_zone, settings.time_zone)
        self.minimised_check.setChecked(settings.start_minimised)
        if self.autostart_supported():
            self.login_check.setChecked(autostart.is_autostart_enabled(platform=self._platform))
        else:
            self.login_check.setChecked(settings.start_at_login)
        self.login_check.setEnabled(self.autostart_supported())

    def values(self) -> dict[str, object]:
        return {
            "language": str(self.language.currentData()),
            "theme": str(self.theme.currentData()),
            "time_zone": str(self.time_zone.currentData()),
            "start_minimised": self.minimised_check.isChecked(),
            "start_at_login": self.login_check.isChecked(),
        }

    def _retranslate(self) -> None:
        self.looks_group.setTitle(self.tr("Appearance"))
        self.language_label.setText(self.tr("&Language:"))
        self.language.setItemText(0, self.tr("As the system"))
        # Each language in its own name, as people look for it.
        self.language.setItemText(1, "Українська")
        self.language.setItemText(2, "English")
        self.language.setAccessibleName(self.tr("Language"))
        self.theme_label.setText(self.tr("&Theme:"))
        self.theme.setItemText(0, self.tr("As the system"))
        self.theme.setItemText(1, self.tr("Light"))
        self.theme.setItemText(2, self.tr("Dark"))
        self.theme.setAccessibleName(self.tr("Theme"))
        self.time_zone_label.setText(self.tr("Call &times in:"))
        self.time_zone.setItemText(0, self.tr("Kyiv time (the PBX's clock)"))
        self.time_zone.setItemText(1, self.tr("This computer's time zone"))
        self.time_zone.setAccessibleName(self.tr("Time zone for call times"))
        self.start_group.setTitle(self.tr("Starting"))
        self.minimised_check.setText(self.tr("Start minimised"))
        self.minimised_check.setAccessibleName(self.tr("Start minimised"))
        self.login_check.setText(self.tr("Start when I log in"))
        self.login_check.setAccessibleName(self.tr("Start when I log in"))
        if self.autostart_supported():
            self.login_note.setText(
                self.tr("Adds fmc-desktop to the programs your desktop starts at login.")
            )
        else:
            self.login_note.setText(
                self.tr(
                    "On this system the installer adds fmc-desktop to the programs started at "
                    "login; change it in the system's settings."
                )
            )
        self.login_note.setAccessibleName(self.tr("About starting at login"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


def _select(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))
