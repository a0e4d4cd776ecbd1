"""The settings' Advanced page: the API server's address and the proxy to reach it through."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlsplit

from PySide6.QtCore import QEvent, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from fmc_desktop.core.api.errors import InsecureUrlError
from fmc_desktop.core.system.settings import DEFAULT_BASE_URL, Settings, check_base_url
from fmc_desktop.ui.settings.widgets import form_layout, note, page_layout, set_text_colour
from fmc_desktop.ui.shell.errors_text import error_text
from fmc_desktop.ui.shell.theme import error_colour

_PROXY_MODES = ("system", "none", "manual")


def _proxy_problem_kind(url: str) -> str | None:
    """Why a manual proxy address cannot be used: "empty", "shape", "password", or None."""
    cleaned = url.strip()
    if not cleaned:
        return "empty"
    parts = urlsplit(cleaned)
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return "shape"
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return "shape"
    if parts.password:
        return "password"
    return None


class ServerSettingsPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = page_layout(self)
        self.server_group = QGroupBox(self)
        form = form_layout(self.server_group)
        self.base_url_label = QLabel(self.server_group)
        self.base_url = QLineEdit(self.server_group)
        self.base_url.setObjectName("baseUrl")
        self.base_url_label.setBuddy(self.base_url)
        self.default_url_button = QPushButton(self.server_group)
        self.default_url_button.setObjectName("defaultBaseUrl")
        self.default_url_button.setAutoDefault(False)
        self.default_url_button.clicked.connect(self._on_default_url_button_clicked)
        url_row = QHBoxLayout()
        url_row.addWidget(self.base_url, 1)
        url_row.addWidget(self.default_url_button)
        form.addRow(self.base_url_label, url_row)
        self.base_url_problem = note(self.server_group, "baseUrlProblem")
        self.base_url_problem.setVisible(False)
        form.addRow(self.base_url_problem)
        self.base_url_note = note(self.server_group, "baseUrlNote")
        form.addRow(self.base_url_note)
        self.base_url.textChanged.connect(self._on_base_url_text_changed)
        layout.addWidget(self.server_group)

        self.proxy_group = QGroupBox(self)
        proxy = QVBoxLayout(self.proxy_group)
        proxy.setSpacing(6)
        self.proxy_system = QRadioButton(self.proxy_group)
        self.proxy_system.setObjectName("proxySystem")
        self.proxy_none = QRadioButton(self.proxy_group)
        self.proxy_none.setObjectName("proxyNone")
        self.proxy_manual = QRadioButton(self.proxy_group)
        self.proxy_manual.setObjectName("proxyManual")
        self.proxy_buttons = QButtonGroup(self)
        for index, button in enumerate((self.proxy_system, self.proxy_none, self.proxy_manual)):
            self.proxy_buttons.addButton(button, index)
        self.proxy_url = QLineEdit(self.proxy_group)
        self.proxy_url.setObjectName("proxyUrl")
        self.proxy_url.setPlaceholderText("http://proxy.example.com:3128")
        self.proxy_problem = note(self.proxy_group, "proxyProblem")
        self.proxy_problem.setVisible(False)
        self.proxy_buttons.idToggled.connect(self._on_proxy_buttons_id_toggled)
        self.proxy_url.textChanged.connect(self._on_proxy_url_text_changed)
        manual_row = QHBoxLayout()
        manual_row.addWidget(self.proxy_manual)
        manual_row.addWidget(self.proxy_url, 1)
        proxy.addWidget(self.proxy_system)
        proxy.addWidget(self.proxy_none)
        proxy.addLayout(manual_row)
        proxy.addWidget(self.proxy_problem)
        layout.addWidget(self.proxy_group)
        layout.addStretch(1)
        self._retranslate()

    # --- settings <-> controls ------------------------------------------------------------------

    def load(self, settings: Settings) -> None:
        self.base_url.setText(settings.base_url)
        mode = {mode: index for index, mode in enumerate(_PROXY_MODES)}.get(settings.proxy_mode, 0)
        self.proxy_buttons.button(mode).setChecked(True)
        self.proxy_url.setText(settings.proxy_url)
        self.proxy_url.setEnabled(mode == 2)

    def values(self) -> dict[str, object]:
        return {
            "base_url": self.base_url.text().strip(),
            "proxy_mode": _PROXY_MODES[max(self.proxy_buttons.checkedId(), 0)],
            "proxy_url": self.proxy_url.text().strip(),
        }

    def field_with_problem(self) -> QWidget | None:
        """The field that cannot be saved as it is, with why shown below it; None when none."""
        try:
            check_base_url(self.base_url.text().strip())
        except InsecureUrlError:
            self._show_base_url_problem(force=True)
            return self.base_url
        if self.proxy_manual.isChecked() and self._proxy_problem_text() is not None:
            self._show_proxy_problem(force=True)
            return self.proxy_url
        return None

    @staticmethod
    def checked(settings: Settings) -> Settings:
        """`settings` with the server address in its checked form and an unused bad proxy
        address dropped (raises InsecureUrlError: ask `field_with_problem` first)."""
        base_url = check_base_url(settings.base_url)
        proxy_url = settings.proxy_url
        if settings.proxy_mode != "manual" and _proxy_problem_kind(proxy_url) is not None:
            proxy_url = ""
        return replace(settings, base_url=base_url, proxy_url=proxy_url)

    # --- the server address ---------------------------------------------------------------------

    @Slot()
    def _on_default_url_button_clicked(self) -> None:
        self.base_url.setText(DEFAULT_BASE_URL)

    @Slot(str)
    def _on_base_url_text_changed(self, _text: str) -> None:
        self._show_base_url_problem(force=False)

    def _show_base_url_problem(self, *, force: bool) -> None:
        text = self.base_url.text().strip()
        try:
            check_base_url(text)
        except InsecureUrlError as error:
            if force or text:
                self.base_url_problem.setText(error_text(error))
                self._colour_problem(self.base_url_problem)
                self.base_url_problem.setVisible(True)
                return
        self.base_url_problem.setVisible(False)

    # --- the proxy ------------------------------------------------------------------------------

    def _proxy_problem_text(self) -> str | None:
        kind = _proxy_problem_kind(self.proxy_url.text())
        if kind == "empty":
            return self.tr("Enter the proxy's address, such as http://proxy.example.com:3128.")
        if kind == "shape":
            return self.tr(
                "The proxy address must be a full http:// or https:// address, such as "
                "http://proxy.example.com:3128."
            )
        if kind == "password":
            return self.tr(
                "A proxy password cannot be kept in the settings file, which is not a safe place "
                "for secrets. Use a proxy that does not need one, or the system's proxy settings."
            )
        return None

    def _show_proxy_problem(self, *, force: bool) -> None:
        problem = self._proxy_problem_text() if self.proxy_manual.isChecked() else None
        if problem and (force or self.proxy_url.text().strip()):
            self.proxy_problem.setText(problem)
            self._colour_problem(self.proxy_problem)
            self.proxy_problem.setVisible(True)
        else:
            self.proxy_problem.setVisible(False)

    def _colour_problem(self, label: QLabel) -> None:
        set_text_colour(label, error_colour(self.palette()))

    @Slot(int, bool)
    def _on_proxy_buttons_id_toggled(self, button_id: int, checked: bool) -> None:
        if checked:
            self.proxy_url.setEnabled(button_id == 2)
            self._show_proxy_problem(force=False)

    @Slot(str)
    def _on_proxy_url_text_changed(self, _text: str) -> None:
        self._show_proxy_problem(force=False)

    # --- language -------------------------------------------------------------------------------

    def _retranslate(self) -> None:
        self.server_group.setTitle(self.tr("Server"))
        self.base_url_label.setText(self.tr("&Address:"))
        self.base_url.setAccessibleName(self.tr("Server address"))
        self.default_url_button.setText(self.tr("Default"))
        self.default_url_button.setAccessibleName(self.tr("Use the default server address"))
        self.base_url_problem.setAccessibleName(self.tr("Server address check"))
        self.base_url_note.setText(
            self.tr(
                "Change it only for tests or when Kyivstar moves the API. Each address has its "
                "own saved token."
            )
        )
        self.base_url_note.setAccessibleName(self.tr("About the server address"))
        self._show_base_url_problem(force=False)
        self.proxy_group.setTitle(self.tr("Proxy"))
        self.proxy_system.setText(self.tr("Use the system's proxy settings"))
        self.proxy_system.setAccessibleName(self.tr("Use the system's proxy settings"))
        self.proxy_none.setText(self.tr("No proxy"))
        self.proxy_none.setAccessibleName(self.tr("No proxy"))
        self.proxy_manual.setText(self.tr("This proxy:"))
        self.proxy_manual.setAccessibleName(self.tr("Use this proxy"))
        self.proxy_url.setAccessibleName(self.tr("Proxy address"))
        self.proxy_problem.setAccessibleName(self.tr("Proxy address check"))
        self._show_proxy_problem(force=False)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
