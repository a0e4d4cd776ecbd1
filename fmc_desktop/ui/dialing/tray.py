"""The tray icon: dialing from anywhere on the desktop, and the app's state at a glance.

Its menu: Quick dial, Favourites, Recent calls, "Call the number on the clipboard", Show history,
Sync now, Quit. A left click shows or hides the window. The icon changes while a sync runs and
when it fails, and carries a badge with the count of calls to return.

Some desktops have no tray (GNOME without the AppIndicator extension, plain X servers): then
`available()` is False, the icon is never shown, and the host must not hide its window into it.
The menu is built either way, so it can be tested anywhere.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from enum import StrEnum
from functools import partial

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QGuiApplication,
    QIcon,
    QPainter,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from fmc_desktop.core.contacts.contact import Contact
from fmc_desktop.core.contacts.directory import Directory
from fmc_desktop.core.dialing.dial_log import DialLog
from fmc_desktop.core.dialing.links import is_link, parse_link
from fmc_desktop.core.numbers.phone import PhoneNumber, display_number, parse_number
from fmc_desktop.ui.dialing.dial_pad import _draw_icon
from fmc_desktop.ui.dialing.flow import DialController, DialOutcome, DialOutcomeKind
from fmc_desktop.ui.dialing.quick_dial import QuickDialPopup
from fmc_desktop.ui.shell import icons

log = logging.getLogger(__name__)

MENU_ITEMS_MAX = 10
NOTIFICATION_MS = 8000


class TrayState(StrEnum):
    IDLE = "idle"
    SYNCING = "syncing"
    ERROR = "error"


_STATE_COLOURS = {
    TrayState.IDLE: QColor(0x1F, 0x6F, 0xC5),
    TrayState.SYNCING: QColor(0x1F, 0x6F, 0xC5),
    TrayState.ERROR: QColor(0xB0, 0x24, 0x2E),
}


def _draw_state_mark(painter: QPainter, state: TrayState, size: float) -> None:
    """The small sign in the lower right corner: circling arrows for a sync, ! for a failure."""
    radius = size * 0.22
    centre = QPointF(size - radius - 1, size - radius - 1)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(255, 255, 255))
    painter.drawEllipse(centre, radius + size * 0.03, radius + size * 0.03)
    colour = _STATE_COLOURS[state]
    painter.setBrush(colour)
    painter.drawEllipse(centre, radius, radius)
    pen = QPen(QColor(255, 255, 255), max(1.5, size * 0.05))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if state is TrayState.SYNCING:
        inner = radius * 0.55
        arc = QRectF(centre.x() - inner, centre.y() - inner, inner * 2, inner * 2)
        painter.drawArc(arc, 30 * 16, 240 * 16)
        # The arrow head at the arc's open end.
        tip = QPointF(centre.x() + inner * 0.87, centre.y() - inner * 0.5)
        painter.drawLine(tip, QPointF(tip.x(), tip.y() - inner * 0.7))
        painter.drawLine(tip, QPointF(tip.x() - inner * 0.7, tip.y()))
    else:
        painter.drawLine(
            QPointF(centre.x(), centre.y() - radius * 0.5),
            QPointF(centre.x(), centre.y() + radius * 0.1),
        )
        painter.drawPoint(QPointF(centre.x(), centre.y() + radius * 0.5))


def _draw_badge(painter: QPainter, count: int, size: float) -> None:
    """A red disc with the number of calls to return, in the upper right corner."""
    text = icons.badge_text(count)
    font = QFont(painter.font())
    font.setPixelSize(max(6, round(size * 0.3)))
    font.setWeight(QFont.Weight.Bold)
    painter.setFont(font)
    height = size * 0.44
    width = max(height, painter.fontMetrics().horizontalAdvance(text) + size * 0.14)
    rect = QRectF(size - width, 0, width, height)
    painter.setPen(QPen(QColor(255, 255, 255), max(1.0, size * 0.03)))
    painter.setBrush(QColor(0xE0, 0x1B, 0x24))
    painter.drawRoundedRect(rect, height / 2, height / 2)
    painter.setPen(QColor(255, 255, 255))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


def _base_pixmap(state: TrayState, size: int) -> QPixmap:
    """A blue disc with a white handset (red when failing): the stand-in for the shipped PNGs."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_STATE_COLOURS[state])
    inset = size * 0.04
    painter.drawEllipse(QRectF(inset, inset, size - 2 * inset, size - 2 * inset))
    inner = round(size * 0.56)
    handset = _draw_icon(inner, QColor(255, 255, 255), "phone").pixmap(QSize(inner, inner))
    offset = (size - inner) / 2
    painter.drawPixmap(QRectF(offset, offset, inner, inner), handset, QRectF(handset.rect()))
    painter.end()
    return pixmap


def _drawn_icon(state: TrayState, missed: int) -> QIcon:
    icon = QIcon()
    for size in (16, 22, 24, 32, 48, 64):
        pixmap = _base_pixmap(state, size)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if state is not TrayState.IDLE:
            _draw_state_mark(painter, state, float(size))
        if missed > 0:
            _draw_badge(painter, missed, float(size))
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def icon_for_state(state: TrayState | str, missed: int = 0) -> QIcon:
    """The tray icon for a state, with a badge for `missed` calls to return.

    The one place that decides what the tray looks like: the packaged icons (ui.icons), or,
    where those files are missing (a bare source tree), icons drawn here.
    """
    state = TrayState(state)
    shipped = icons.tray_icon(state.value, missed)
    if not shipped.isNull():
        return shipped
    return _drawn_icon(state, missed)


def _escape(text: str) -> str:
    """Menu text shows `&` as a shortcut mark: a company named "Smith & Co" keeps its `&`."""
    return text.replace("&", "&&")


class TrayIcon(QObject):
    """The tray icon and its menu, dialing through `controller`.

    `favourites()` lists the contacts for the Favourites menu (e.g. ContactBook.favourites);
    `directory` feeds the quick-dial popup's search. Both are optional.
    """

    show_window_requested = Signal()
    toggle_window_requested = Signal()
    sync_requested = Signal()
    quit_requested = Signal()

    def __init__(
        self,
        controller: DialController,
        directory: Directory | None = None,
        dial_log: DialLog | None = None,
        *,
        favourites: Callable[[], Sequence[Contact]] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._directory = directory
        self._dial_log = dial_log if dial_log is not None else controller.dial_log
        self._favourites = favourites
        self._state = TrayState.IDLE
        self._status = ""
        self._missed = 0
        self._popup: QuickDialPopup | None = None
        self.notify_dial_outcomes = True

        self._menu = QMenu()
        self._menu.setObjectName("trayMenu")
        self.quick_dial_action = QAction(self)
        self.quick_dial_action.setObjectName("quickDialAction")
        self.quick_dial_action.triggered.connect(self._on_quick_dial_action_triggered)
        self.favourites_menu = QMenu(self._menu)
        self.favourites_menu.setObjectName("favouritesMenu")
        self.recent_menu = QMenu(self._menu)
        self.recent_menu.setObjectName("recentMenu")
        self.clipboard_action = QAction(self)
        self.clipboard_action.setObjectName("clipboardCallAction")
        self.clipboard_action.triggered.connect(self._on_clipboard_action_triggered)
        self.show_history_action = QAction(self)
        self.show_history_action.setObjectName("showHistoryAction")
        self.show_history_action.triggered.connect(self.show_window_requested)
        self.sync_action = QAction(self)
        self.sync_action.setObjectName("syncAction")
        self.sync_action.triggered.connect(self.sync_requested)
        self.quit_action = QAction(self)
        self.quit_action.setObjectName("quitAction")
        self.quit_action.triggered.connect(self.quit_requested)

        self._menu.addAction(self.quick_dial_action)
        self._menu.addMenu(self.favourites_menu)
        self._menu.addMenu(self.recent_menu)
        self._menu.addAction(self.clipboard_action)
        self._menu.addSeparator()
        self._menu.addAction(self.show_history_action)
        self._menu.addAction(self.sync_action)
        self._menu.addSeparator()
        self._menu.addAction(self.quit_action)
        self._menu.aboutToShow.connect(self.refresh_menus)
        # The tray icon is no widget, so a language switched in Settings reaches it through its
        # menu, which is a top-level widget and gets LanguageChange like the windows do.
        self._menu.installEventFilter(self)

        self._tray = QSystemTrayIcon(self)
        self._tray.setContextMenu(self._menu)
        self._tray.activated.connect(self._on_tray_activated)
        controller.busy_changed.connect(self._on_controller_busy_changed)
        controller.dial_finished.connect(self._on_controller_dial_finished)
        self._retranslate()
        self._update_icon()
        self.refresh_menus()

    # --- the public API -------------------------------------------------------------------------

    @staticmethod
    def available() -> bool:
        """True when the desktop has a tray to show the icon in."""
        return bool(QSystemTrayIcon.isSystemTrayAvailable())

    def show(self) -> bool:
        """Show the icon; False (and nothing shown) when there is no tray."""
        if not self.available():
            return False
        self._tray.show()
        return True

    def hide(self) -> None:
        self._tray.hide()

    def is_visible(self) -> bool:
        return bool(self._tray.isVisible())

    def menu(self) -> QMenu:
        return self._menu

    def tray_icon(self) -> QSystemTrayIcon:
        return self._tray

    def state(self) -> TrayState:
        return self._state

    def tooltip(self) -> str:
        return self._tray.toolTip()

    def set_state(self, state: TrayState | str, tooltip: str = "") -> None:
        """Idle, syncing or error, with a sentence for the tooltip ("Last synced at 10:42")."""
        self._state = TrayState(state)
        self._status = tooltip
        self._update_icon()

    def set_missed_count(self, count: int) -> None:
        """Calls to return: a badge on the icon and a line in the tooltip."""
        self._missed = max(0, count)
        self._update_icon()

    def missed_count(self) -> int:
        return self._missed

    def notify(
        self,
        title: str,
        text: str,
        icon: QSystemTrayIcon.MessageIcon = QSystemTrayIcon.MessageIcon.Information,
    ) -> bool:
        """A desktop notification from the tray icon; False when there is nowhere to show it."""
        if not self._tray.isVisible() or not QSystemTrayIcon.supportsMessages():
            return False
        self._tray.showMessage(title, text, icon, NOTIFICATION_MS)
        return True

    def open_quick_dial(self) -> QuickDialPopup:
        """Show the quick-dial popup by the icon (or the pointer, when the tray has no place)."""
        popup = self.quick_dial_popup()
        geometry = self._tray.geometry()
        popup.show_near(geometry if geometry.isValid() and not geometry.isEmpty() else None)
        return popup

    def quick_dial_popup(self) -> QuickDialPopup:
        if self._popup is None:
            self._popup = QuickDialPopup(self._controller, self._directory)
        return self._popup

    def refresh_menus(self) -> None:
        """Rebuild Favourites and Recent calls, and read the clipboard (done as the menu opens)."""
        self._fill_favourites()
        self._fill_recent()
        self._update_clipboard_action()

    def dispose(self) -> None:
        """Hide the icon and close the popup: for quitting."""
        self._tray.hide()
        if self._popup is not None:
            self._popup.close()
            self._popup.deleteLater()
            self._popup = None
        self._menu.deleteLater()

    # --- the menus ------------------------------------------------------------------------------

    def _fill_favourites(self) -> None:
        menu = self.favourites_menu
        menu.clear()
        contacts: Sequence[Contact] = ()
        if self._favourites is not None:
            try:
                contacts = self._favourites()
            except Exception:  # a menu must open even when the contacts cannot be read
                log.exception("The favourites could not be read")
        count = 0
        for contact in contacts:
            many = len(contact.numbers) > 1
            for number in contact.numbers:
                if count >= MENU_ITEMS_MAX * 2:
                    break
                label = f" ({number.label})" if many and number.label else ""
                action = menu.addAction(
                    _escape(
                        f"{contact.name}{label} — {display_number(number.raw or number.canonical)}"
                    )
                )
                action.triggered.connect(
                    partial(self._call_back, number.raw or number.canonical, contact.name)
                )
                count += 1
        if not count:
            empty = menu.addAction(self.tr("No favourites yet"))
            empty.setEnabled(False)
        menu.setEnabled(not self._controller.is_busy())

    def _fill_recent(self) -> None:
        menu = self.recent_menu
        menu.clear()
        dials = []
        try:
            dials = self._dial_log.recent(MENU_ITEMS_MAX)
        except Exception:
            log.exception("The recent dials could not be read")
        for dial in dials:
            shown = display_number(dial.number)
            text = f"{dial.name} — {shown}" if dial.name else shown
            action = menu.addAction(_escape(text))
            action.triggered.connect(partial(self._call_back, dial.number, dial.name))
        if not dials:
            empty = menu.addAction(self.tr("No calls made from this app yet"))
            empty.setEnabled(False)
        menu.setEnabled(not self._controller.is_busy())

    def _clipboard_number(self) -> PhoneNumber | None:
        text = QGuiApplication.clipboard().text().strip()
        if not text or len(text) > 200:
            return None
        try:
            return parse_number(parse_link(text).number if is_link(text) else text)
        except Exception:
            return None

    def _update_clipboard_action(self) -> None:
        number = self._clipboard_number()
        if number is None:
            self.clipboard_action.setText(self.tr("Call the number on the clipboard"))
            self.clipboard_action.setEnabled(False)
        else:
            self.clipboard_action.setText(
                self.tr("Call {number} from the clipboard").format(number=number.display())
            )
            self.clipboard_action.setEnabled(not self._controller.is_busy())

    def _call_back(self, number: str, name: str | None, _checked: bool = False) -> None:
        self._controller.dial(number, name=name or None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._menu and event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self.refresh_menus()
        return super().eventFilter(watched, event)

    # --- looks ----------------------------------------------------------------------------------

    def _update_icon(self) -> None:
        self._tray.setIcon(icon_for_state(self._state, self._missed))
        lines = ["fmc-desktop"]
        if self._status and self._status not in lines:  # the app's name once
            lines.append(self._status)
        elif self._state is TrayState.SYNCING:
            lines.append(self.tr("Syncing the call history…"))
        if self._missed == 1:
            lines.append(self.tr("1 call to return"))
        elif self._missed:
            lines.append(self.tr("%n calls to return", "", self._missed))
        self._tray.setToolTip("\n".join(lines))

    def _retranslate(self) -> None:
        self.quick_dial_action.setText(self.tr("&Quick dial…"))
        self.favourites_menu.setTitle(self.tr("&Favourites"))
        self.recent_menu.setTitle(self.tr("&Recent calls"))
        self.show_history_action.setText(self.tr("Show &history"))
        self.sync_action.setText(self.tr("&Sync now"))
        self.quit_action.setText(self.tr("Q&uit"))
        self._update_clipboard_action()
        self._update_icon()

    # --- slots ----------------------------------------------------------------------------------

    @Slot(QSystemTrayIcon.ActivationReason)
    def _on_tray_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.toggle_window_requested.emit()
        elif reason == QSystemTrayIcon.ActivationReason.MiddleClick:
            self.open_quick_dial()

    @Slot()
    def _on_quick_dial_action_triggered(self) -> None:
        self.open_quick_dial()

    @Slot()
    def _on_clipboard_action_triggered(self) -> None:
        self._controller.dial_clipboard()

    @Slot(bool)
    def _on_controller_busy_changed(self, busy: bool) -> None:
        # One call at a time: the menu's call entries are off while one is placed.
        for menu in (self.favourites_menu, self.recent_menu):
            menu.setEnabled(not busy)
        self.clipboard_action.setEnabled(not busy and self._clipboard_number() is not None)

    @Slot(object)
    def _on_controller_dial_finished(self, outcome: DialOutcome) -> None:
        if not self.notify_dial_outcomes or outcome.kind is DialOutcomeKind.CANCELLED:
            return
        icon = (
            QSystemTrayIcon.MessageIcon.Information
            if outcome.ok
            else QSystemTrayIcon.MessageIcon.Warning
        )
        self.notify(outcome.title, outcome.text, icon)
