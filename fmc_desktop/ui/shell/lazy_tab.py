"""A tab whose page is built the first time it is shown or asked for, not at start-up."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

if TYPE_CHECKING:
    from fmc_desktop.ui.shell.services import AppServices


class LazyTab(QWidget):
    """Holds the place of a page in a QTabWidget until `page()` builds it.

    Insights and Contacts are seldom the first thing a user looks at, and building them (and
    importing what they need: charts, contact files, vCards) cost the first paint of the history
    a good part of a second. The page fills this widget edge to edge, so it looks the same.
    """

    def __init__(self, build: Callable[[QWidget], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build: Callable[[QWidget], QWidget] | None = build
        self._page: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)

    def is_built(self) -> bool:
        return self._page is not None

    def page(self) -> QWidget:
        """The page, built now if it was not yet."""
        if self._page is None:
            assert self._build is not None
            build, self._build = self._build, None
            self._page = build(self)
            self._layout.addWidget(self._page)
        return self._page

    def showEvent(self, event: QShowEvent) -> None:  # Qt's own camelCase name
        self.page()
        super().showEvent(event)


def insights_page(parent: QWidget) -> QWidget:
    """The Insights page (charts drawn with QPainter, numpy figures)."""
    from fmc_desktop.ui.insights.view import InsightsView

    return InsightsView(parent)


def contacts_page(
    parent: QWidget, services: AppServices, call: Callable[[str, str], None]
) -> QWidget:
    """The Contacts page; `call(number, name)` when the user calls from it."""
    from fmc_desktop.ui.contacts.view import ContactsView

    view = ContactsView(services.contacts, services.directory, parent)
    view.call_requested.connect(call)
    return view
