"""Compact mode: a small window that stays on top, for dialling while other work fills the screen.

About 260x420, like MicroSIP's: a number field with Call, then Contacts (search), Favourites and
Recent (the last calls of the user's numbers from the archive, missed ones in red; the calls
made from the app when the archive has none) as tabs. Every call goes through the DialController
with this window as the confirmation's parent, the same flow as the main window. Where it was is
remembered in the settings and restored only where it still fits on a screen (a laptop taken
off its second monitor must not open it out of sight).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QDate,
    QDateTime,
    QEvent,
    QLocale,
    QRect,
    QSize,
    Qt,
    QTime,
    Signal,
    Slot,
)
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fmc_desktop.core.api.kyiv import KYIV
from fmc_desktop.core.archive.fields import canonical_set
from fmc_desktop.core.archive.queries import CallQuery, Direction
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.contacts.contact import Contact
from fmc_desktop.core.contacts.directory import Directory
from fmc_desktop.core.dialing.dial_log import DialLog
from fmc_desktop.core.numbers.phone import display_number
from fmc_desktop.ui.contacts.search_box import ContactSearch
from fmc_desktop.ui.dialing.flow import DialController
from fmc_desktop.ui.shell import icons
from fmc_desktop.ui.shell.theme import error_colour

log = logging.getLogger(__name__)

COMPACT_SIZE = QSize(260, 420)
_NUMBER_ROLE = Qt.ItemDataRole.UserRole
_NAME_ROLE = Qt.ItemDataRole.UserRole + 1
RECENT_MAX = 20


@dataclass(frozen=True)
class RecentCall:
    """A row of Recent: the other party, when (as shown), and how it went."""

    number: str
    name: str
    when: str
    incoming: bool
    missed: bool


def recent_calls(archive: CallArchive, own_numbers: Iterable[str]) -> list[RecentCall]:
    """Recent: the newest calls of the user's numbers, from the archive (one small query)."""
    own = canonical_set(own_numbers)
    if not own:
        return []
    rows = []
    for stored in archive.query_calls(CallQuery(numbers=own, limit=RECENT_MAX)):
        record = stored.record
        incoming = stored.direction(own) is Direction.INCOMING
        number = record.calling_number if incoming else record.called_number
        name = (record.calling_name if incoming else record.called_name) or ""
        local = record.start_utc.astimezone(KYIV)
        when = QLocale().toString(
            QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute)),
            QLocale.FormatType.ShortFormat,
        )
        missed = incoming and not record.duration
        rows.append(RecentCall(number, name, when, incoming, missed))
    return rows


def fits_screens(rect: QRect, screens: Sequence[QRect]) -> bool:
    """True when `rect` lies wholly on one of the screens' available areas."""
    return any(screen.contains(rect) for screen in screens)


def restored_geometry(saved: object, screens: Sequence[QRect]) -> QRect | None:
    """The saved [x, y, width, height], if it is one and still fits on a screen."""
    if not (isinstance(saved, list) and len(saved) == 4 and all(isinstance(v, int) for v in saved)):
        return None
    rect = QRect(*saved)
    if rect.width() < 160 or rect.height() < 200 or not fits_screens(rect, screens):
        return None
    return rect


class _CallList(QListWidget):
    """A list whose rows are numbers to call: Enter or a double click calls."""

    call_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.itemActivated.connect(self._on_self_item_activated)

    def add_entry(self, text: str, number: str, name: str) -> None:
        item = QListWidgetItem(text, self)
        item.setData(_NUMBER_ROLE, number)
        item.setData(_NAME_ROLE, name)
        item.setToolTip(display_number(number))

    def add_empty(self, text: str) -> None:
        item = QListWidgetItem(text, self)
        item.setFlags(Qt.ItemFlag.NoItemFlags)

    @Slot(QListWidgetItem)
    def _on_self_item_activated(self, item: QListWidgetItem) -> None:
        number = item.data(_NUMBER_ROLE)
        if number:
            self.call_requested.emit(str(number), str(item.data(_NAME_ROLE) or ""))

    def focusInEvent(self, event: Any) -> None:
        if self.currentRow() < 0 and self.count() and self.item(0).flags():
            self.setCurrentRow(0)  # show where Enter will act
        super().focusInEvent(event)


class CompactWindow(QWidget):
    """The compact window. `full_window_requested`: the user wants the main window back."""

    full_window_requested = Signal()

    def __init__(
        self,
        dialer: DialController,
        directory: Directory,
        dial_log: DialLog,
        favourites: Callable[[], Sequence[Contact]],
        ui_state: Callable[[], dict[str, object]],
        parent: QWidget | None = None,
        *,
        last_calls: Callable[[], Sequence[RecentCall]] = lambda: (),
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("compactWindow")
        self.setWindowIcon(icons.app_icon())
        self._dialer = dialer
        self._dial_log = dial_log
        self._favourites = favourites
        self._ui_state = ui_state
        self._last_calls = last_calls

        self.number_field = QLineEdit(self)
        self.number_field.setObjectName("compactNumber")
        self.number_field.setClearButtonEnabled(True)
        self.number_field.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        # An icon alone: "Подзвонити" in words would leave the number field no room at 260 px.
        self.call_button = QToolButton(self)
        self.call_button.setObjectName("compactCallButton")
        self.call_button.setIcon(icons.icon("call"))
        self.call_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.call_button.setMinimumSize(32, 28)
        self.full_button = QToolButton(self)
        self.full_button.setObjectName("compactFullWindowButton")
        self.full_button.setAutoRaise(True)
        top = QHBoxLayout()
        top.setSpacing(4)
        top.addWidget(self.number_field, 1)
        top.addWidget(self.call_button)
        top.addWidget(self.full_button)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("compactTabs")
        self.tabs.setDocumentMode(True)
        self.search = ContactSearch(directory, self.tabs)
        self.favourites_list = _CallList(self.tabs)
        self.favourites_list.setObjectName("compactFavourites")
        self.recent_list = _CallList(self.tabs)
        self.recent_list.setObjectName("compactRecent")
        self.tabs.addTab(self.search, "")
        self.tabs.addTab(self.favourites_list, "")
        self.tabs.addTab(self.recent_list, "")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.setTabOrder(self.number_field, self.call_button)
        self.setTabOrder(self.call_button, self.full_button)
        self.setTabOrder(self.full_button, self.tabs)

        self.number_field.returnPressed.connect(self._on_call_button_clicked)
        self.call_button.clicked.connect(self._on_call_button_clicked)
        self.full_button.clicked.connect(self.full_window_requested)
        self.search.call_requested.connect(self._dial)
        self.favourites_list.call_requested.connect(self._dial)
        self.recent_list.call_requested.connect(self._dial)
        dialer.busy_changed.connect(self._on_dialer_busy_changed)
        dialer.dial_finished.connect(lambda _outcome: self.refresh())
        QShortcut(QKeySequence("Ctrl+F"), self, self._on_find_shortcut_activated)
        self._retranslate()
        self.resize(COMPACT_SIZE)

    # --- placing --------------------------------------------------------------------------------

    def place(self) -> None:
        """Where it was last time when that still fits a screen; else the primary's corner."""
        screens = [s.availableGeometry() for s in QGuiApplication.screens()]
        rect = restored_geometry(self._ui_state().get("compact_geometry"), screens)
        if rect is not None:
            self.setGeometry(rect)
            return
        self.resize(COMPACT_SIZE)
        primary = QGuiApplication.primaryScreen()
        if primary is not None:
            area = primary.availableGeometry()
            self.move(area.right() - COMPACT_SIZE.width() - 24, area.top() + 48)

    def remember_place(self) -> None:
        rect = self.geometry()
        self._ui_state()["compact_geometry"] = [rect.x(), rect.y(), rect.width(), rect.height()]

    # --- content --------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.favourites_list.clear()
        try:
            contacts = list(self._favourites())
        except Exception:  # the window must open even when the contacts cannot be read
            log.exception("The favourites could not be read")
            contacts = []
        for contact in contacts:
            for number in contact.numbers:
                written = number.raw or number.canonical
                self.favourites_list.add_entry(
                    f"{contact.name} — {display_number(written)}", written, contact.name
                )
        if not self.favourites_list.count():
            self.favourites_list.add_empty(self.tr("No favourites yet"))
        self.recent_list.clear()
        try:
            calls = list(self._last_calls())
        except Exception:  # the archive is unreadable: the dial log still has something
            log.exception("The last calls could not be read")
            calls = []
        missed_colour = error_colour(self.palette())
        for call in calls:
            shown = display_number(call.number)
            arrow = "\u2199" if call.incoming else "\u2197"  # ↙ in, ↗ out, as the history's icons
            self.recent_list.add_entry(
                f"{arrow} {call.name or shown}  {call.when}", call.number, call.name
            )
            if call.missed:
                self.recent_list.item(self.recent_list.count() - 1).setForeground(missed_colour)
        try:
            dials = [] if calls else self._dial_log.recent(RECENT_MAX)
        except Exception:
            log.exception("The recent dials could not be read")
            dials = []
        for dial in dials:
            shown = display_number(dial.number)
            text = f"{dial.name} — {shown}" if dial.name else shown
            self.recent_list.add_entry(text, dial.number, dial.name or "")
        if not dials and not calls:
            self.recent_list.add_empty(self.tr("No calls made from this app yet"))
        self.search.refresh()

    # --- dialling -------------------------------------------------------------------------------

    @Slot()
    def _on_call_button_clicked(self) -> None:
        text = self.number_field.text().strip()
        if text:
            self._dial(text, "")

    @Slot(str, str)
    def _dial(self, number: str, name: str) -> None:
        self._dialer.dial(number, name=name or None, parent=self)

    @Slot(bool)
    def _on_dialer_busy_changed(self, busy: bool) -> None:
        self.call_button.setEnabled(not busy)
        self.search.set_busy(busy)

    @Slot()
    def _on_find_shortcut_activated(self) -> None:
        self.tabs.setCurrentWidget(self.search)
        self.search.field.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # --- events ---------------------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:
        self.refresh()
        super().showEvent(event)
        self.number_field.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.number_field.clear()
            self.number_field.setFocus()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closing the small window brings the big one back: the app never vanishes from sight.
        self.remember_place()
        event.accept()
        self.full_window_requested.emit()

    def moveEvent(self, event: Any) -> None:
        if self.isVisible():
            self.remember_place()
        super().moveEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("fmc-desktop"))
        self.number_field.setPlaceholderText(self.tr("Number to call"))
        self.number_field.setAccessibleName(self.tr("Number to call"))
        self.call_button.setText(self.tr("Call"))
        self.call_button.setToolTip(self.tr("Call the number typed"))
        self.call_button.setAccessibleName(self.tr("Call the number typed"))
        self.full_button.setText("\u2922")  # ⤢, "enlarge": a sign, the same in every language
        self.full_button.setToolTip(self.tr("Back to the full window"))
        self.full_button.setAccessibleName(self.tr("Back to the full window"))
        self.tabs.setTabText(0, self.tr("Contacts"))
        self.tabs.setTabText(1, self.tr("Favourites"))
        self.tabs.setTabText(2, self.tr("Recent"))
        self.tabs.tabBar().setAccessibleName(self.tr("Lists"))
        self.favourites_list.setAccessibleName(self.tr("Favourites"))
        self.recent_list.setAccessibleName(self.tr("Recent calls"))
