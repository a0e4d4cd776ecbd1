"""Quick dial: a small window by the tray icon with the contact search and the dial pad.

It opens where the user's eyes are (by the tray icon, else by the mouse pointer), takes the
keyboard at once (type a name and press Enter, or type a number), closes on Esc, and gets out of
the way once the phone rings. Every call goes through the DialController like any other.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, QTimer, Slot
from PySide6.QtGui import (
    QCursor,
    QFont,
    QGuiApplication,
    QHideEvent,
    QKeyEvent,
    QPalette,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fmc_desktop.core.contacts.directory import Directory
from fmc_desktop.ui.contacts.search_box import ContactSearch
from fmc_desktop.ui.dialing.dial_pad import DialPad
from fmc_desktop.ui.dialing.flow import DialController, DialOutcome, DialOutcomeKind
from fmc_desktop.ui.shell.banner import _cross_icon
from fmc_desktop.ui.shell.theme import error_colour

# How long the "ringing" sentence stays before the popup hides itself.
HIDE_AFTER_RINGING_MS = 2500
SCREEN_MARGIN = 8


def place_near(size: QSize, anchor: QRect | None, available: QRect) -> QPoint:
    """Where a window of `size` goes: beside `anchor` (the tray icon), inside `available`.

    Above a tray at the bottom of the screen, below one at the top; with no anchor (no tray, or
    one that does not tell its place), `anchor` is the mouse pointer's position.
    """
    if anchor is None or anchor.isEmpty():
        pointer = QCursor.pos()
        anchor = QRect(pointer, QSize(1, 1))
    room_below = available.bottom() - anchor.bottom()
    room_above = anchor.top() - available.top()
    if room_below >= size.height() + SCREEN_MARGIN or room_below >= room_above:
        y = anchor.bottom() + SCREEN_MARGIN
    else:
        y = anchor.top() - SCREEN_MARGIN - size.height()
    x = anchor.center().x() - size.width() // 2
    x = max(
        available.left() + SCREEN_MARGIN, min(x, available.right() - SCREEN_MARGIN - size.width())
    )
    y = max(
        available.top() + SCREEN_MARGIN, min(y, available.bottom() - SCREEN_MARGIN - size.height())
    )
    return QPoint(x, y)


class QuickDialPopup(QFrame):
    """The dial pad and, with a directory, the contact search, in one small frameless window."""

    def __init__(
        self,
        controller: DialController,
        directory: Directory | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("quickDialPopup")
        self.setWindowFlags(
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
        )
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFrameShadow(QFrame.Shadow.Plain)
        self.setLineWidth(1)
        self._controller = controller

        self.title_label = QLabel(self)
        self.title_label.setObjectName("quickDialTitle")
        title_font = QFont(self.font())
        title_font.setWeight(QFont.Weight.DemiBold)
        self.title_label.setFont(title_font)
        self.close_button = QToolButton(self)
        self.close_button.setObjectName("quickDialClose")
        self.close_button.setAutoRaise(True)
        self.close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.close_button.clicked.connect(self.hide)
        header = QHBoxLayout()
        header.setContentsMargins(12, 8, 6, 0)
        header.addWidget(self.title_label, 1)
        header.addWidget(self.close_button)

        self.search: ContactSearch | None = None
        body = QHBoxLayout()
        body.setContentsMargins(12, 4, 0, 0)  # the pad brings its own margins
        body.setSpacing(0)
        if directory is not None:
            self.search = ContactSearch(directory, self)
            self.search.setMinimumWidth(250)
            self.search.setContentsMargins(0, 12, 0, 12)
            self.search.call_requested.connect(self._on_search_call_requested)
            controller.busy_changed.connect(self.search.set_busy)
            body.addWidget(self.search, 1)
            separator = QFrame(self)
            separator.setFrameShape(QFrame.Shape.VLine)
            separator.setFrameShadow(QFrame.Shadow.Plain)
            body.addSpacing(10)
            body.addWidget(separator)
        self.pad = DialPad(self)
        controller.attach_dial_pad(self.pad)
        body.addWidget(self.pad, 0 if directory is not None else 1)
        if self.search is not None:
            # Both fields on one line, of one height: the popup reads as one form.
            self.search.field.setMinimumHeight(self.pad.field.minimumHeight())

        self.outcome_label = QLabel(self)
        self.outcome_label.setObjectName("quickDialOutcome")
        self.outcome_label.setWordWrap(True)
        self.outcome_label.setTextFormat(Qt.TextFormat.PlainText)
        self.outcome_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outcome_label.setVisible(False)
        self.outcome_label.setContentsMargins(12, 0, 12, 10)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addLayout(body, 1)
        layout.addWidget(self.outcome_label)

        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.setInterval(HIDE_AFTER_RINGING_MS)
        self._hide_timer.timeout.connect(self.hide)
        controller.dial_finished.connect(self._on_controller_dial_finished)
        self._retranslate()
        self._apply_palette()

    # --- the public API -------------------------------------------------------------------------

    def show_near(self, anchor: QRect | None = None) -> None:
        """Show beside `anchor` (the tray icon's geometry), else by the pointer, and take focus."""
        self.adjustSize()
        screen = QGuiApplication.screenAt(anchor.center() if anchor else QCursor.pos())
        if screen is None:
            screen = QGuiApplication.primaryScreen()
        if screen is not None:
            self.move(
                place_near(
                    self.sizeHint().expandedTo(self.size()), anchor, screen.availableGeometry()
                )
            )
        self.show()
        self.raise_()
        self.activateWindow()

    def focus_input(self) -> None:
        target: QWidget = self.search.field if self.search is not None else self.pad.field
        target.setFocus(Qt.FocusReason.PopupFocusReason)

    # --- events ---------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            event.accept()
            return
        super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._hide_timer.stop()
        self.outcome_label.setVisible(False)
        self.focus_input()

    def hideEvent(self, event: QHideEvent) -> None:
        self._hide_timer.stop()
        super().hideEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        elif event.type() == QEvent.Type.PaletteChange:
            self._apply_palette()
        elif (
            event.type() == QEvent.Type.ActivationChange
            and self.isVisible()
            and not self.isActiveWindow()
            and not self._controller.is_busy()
        ):
            # The user went elsewhere: a popup does not linger on top. While a dial runs, the
            # confirmation has the focus and the popup stays, to show how the dial went.
            self.hide()
        super().changeEvent(event)

    # --- slots ----------------------------------------------------------------------------------

    @Slot(str, str)
    def _on_search_call_requested(self, number: str, name: str) -> None:
        self._controller.dial(number, name=name or None, parent=self)

    @Slot(object)
    def _on_controller_dial_finished(self, outcome: DialOutcome) -> None:
        if not self.isVisible() or outcome.kind is DialOutcomeKind.CANCELLED:
            return
        self.outcome_label.setText(outcome.text)
        self._colour_outcome(ok=outcome.ok)
        self.outcome_label.setVisible(True)
        if outcome.ok:
            self.pad.clear()
            if self.search is not None:
                self.search.set_query("")
            self._hide_timer.start()

    def _colour_outcome(self, *, ok: bool) -> None:
        palette = self.outcome_label.palette()
        base = self.palette().color(QPalette.ColorRole.WindowText)
        if not ok:
            base = error_colour(self.palette())
        palette.setColor(QPalette.ColorRole.WindowText, base)
        self.outcome_label.setPalette(palette)

    def _apply_palette(self) -> None:
        self.close_button.setIcon(
            _cross_icon(self.palette().color(QPalette.ColorRole.WindowText), 14)
        )

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Quick dial"))
        self.title_label.setText(self.tr("Quick dial"))
        self.close_button.setToolTip(self.tr("Close (Esc)"))
        self.close_button.setAccessibleName(self.tr("Close"))
