"""The first run's token page: paste the token, test it, keep it."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget, QWizardPage

from fmc_desktop.ui.settings.token_entry import TokenEntry


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
