"""The first page of the first run: what the app needs, and where the token is found."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget, QWizardPage

from fmc_desktop.ui.settings.token_entry import PORTAL_URL


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
