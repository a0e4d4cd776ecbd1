"""The dial pad: a number field with live grouping, the twelve phone keys, Backspace and Call.

It only collects a number: `call_requested` carries the canonical number, and whoever owns the pad
runs the dialing flow and calls `set_busy` while the request is in flight. The same widget sits in
the main window and in the tray's quick-dial popup.
"""

from __future__ import annotations

import logging
import time
from enum import Enum

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QDropEvent,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fmc_desktop.core.api.errors import FmcError, InvalidNumberError
from fmc_desktop.core.dialing.links import is_link, parse_link
from fmc_desktop.core.numbers.phone import NumberKind, format_typing, parse_number
from fmc_desktop.ui.shell.theme import error_colour

log = logging.getLogger(__name__)

DIAL_CHARACTERS = frozenset("0123456789*#+")
# What people write between digits; pasted text loses these. Dashes include the typographic
# ones web pages and word processors produce.
_PASTE_SEPARATORS = frozenset(" \t\r\n\u00a0\u202f-.()/‐‑‒–—−")
# How long the 0 key must be held to type + instead, as on a phone.
LONG_PRESS_MS = 600

# The keys in phone order: digit, the letters printed under it, and the spoken name's source.
KEYS: tuple[tuple[str, str], ...] = (
    ("1", ""),
    ("2", "ABC"),
    ("3", "DEF"),
    ("4", "GHI"),
    ("5", "JKL"),
    ("6", "MNO"),
    ("7", "PQRS"),
    ("8", "TUV"),
    ("9", "WXYZ"),
    ("*", ""),
    ("0", "+"),
    ("#", ""),
)
_KEY_OBJECT_NAMES = {"*": "star", "#": "hash"}


class _Validity(Enum):
    EMPTY = "empty"
    VALID = "valid"
    INCOMPLETE = "incomplete"  # on its way to a valid number: marked only once the user calls
    INVALID = "invalid"  # no digits added can make it valid: marked at once


def _dial_characters(text: str) -> str:
    return "".join(ch for ch in text if ch in DIAL_CHARACTERS)


def _mix(a: QColor, b: QColor, amount: float) -> QColor:
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * amount,
        a.greenF() + (b.greenF() - a.greenF()) * amount,
        a.blueF() + (b.blueF() - a.blueF()) * amount,
    )


def _draw_icon(size: int, colour: QColor, draw: str) -> QIcon:
    """A small line icon in the palette's colour, drawn so it matches any theme."""
    icon = QIcon()
    for scale in (1.0, 2.0):
        pixmap = QPixmap(round(size * scale), round(size * scale))
        pixmap.setDevicePixelRatio(scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(colour, max(1.5, size / 12))
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        s = float(size)
        if draw == "backspace":
            # A key cap pointing left with a cross in it: the backspace key on every phone.
            path = QPainterPath()
            path.moveTo(s * 0.06, s * 0.5)
            path.lineTo(s * 0.32, s * 0.2)
            path.lineTo(s * 0.92, s * 0.2)
            path.lineTo(s * 0.92, s * 0.8)
            path.lineTo(s * 0.32, s * 0.8)
            path.closeSubpath()
            painter.drawPath(path)
            painter.drawLine(QPointF(s * 0.48, s * 0.36), QPointF(s * 0.74, s * 0.64))
            painter.drawLine(QPointF(s * 0.74, s * 0.36), QPointF(s * 0.48, s * 0.64))
        elif draw == "phone":
            # A handset, filled: the one shape everybody reads as "call".
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            path = QPainterPath()
            path.moveTo(s * 0.20, s * 0.10)
            path.cubicTo(s * 0.26, s * 0.08, s * 0.32, s * 0.12, s * 0.36, s * 0.20)
            path.lineTo(s * 0.42, s * 0.32)
            path.cubicTo(s * 0.44, s * 0.38, s * 0.42, s * 0.42, s * 0.36, s * 0.46)
            path.cubicTo(s * 0.40, s * 0.56, s * 0.46, s * 0.62, s * 0.54, s * 0.66)
            path.cubicTo(s * 0.58, s * 0.60, s * 0.62, s * 0.58, s * 0.68, s * 0.60)
            path.lineTo(s * 0.80, s * 0.66)
            path.cubicTo(s * 0.88, s * 0.70, s * 0.92, s * 0.76, s * 0.90, s * 0.82)
            path.lineTo(s * 0.84, s * 0.88)
            path.cubicTo(s * 0.76, s * 0.96, s * 0.58, s * 0.92, s * 0.40, s * 0.76)
            path.cubicTo(s * 0.20, s * 0.58, s * 0.06, s * 0.36, s * 0.12, s * 0.18)
            path.closeSubpath()
            painter.drawPath(path)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


class DialKey(QPushButton):
    """One phone key: the digit large, the letters small under it.

    `typed` carries the character to type. The 0 key types + on a long press or a right click,
    as phones do.
    """

    typed = Signal(str)

    def __init__(self, digit: str, letters: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.digit = digit
        self.letters = letters
        self._long_pressed = False
        self._long_press = QTimer(self)
        self._long_press.setSingleShot(True)
        self._long_press.setInterval(LONG_PRESS_MS)
        self._long_press.timeout.connect(self._on_long_press_timeout)
        # The keys never take focus, so clicking one leaves the cursor where it was in the field.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAutoRepeat(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.clicked.connect(self._on_clicked)

    @property
    def alternative(self) -> str | None:
        """What a long press or right click types instead of the digit."""
        return "+" if self.digit == "0" else None

    def _fonts(self) -> tuple[QFont, QFont]:
        digit_font = QFont(self.font())
        digit_font.setPointSizeF(max(self.font().pointSizeF(), 9.0) * 1.7)
        letters_font = QFont(self.font())
        letters_font.setPointSizeF(max(self.font().pointSizeF() * 0.72, 7.0))
        letters_font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 110)
        return digit_font, letters_font

    def sizeHint(self) -> QSize:
        digit_font, letters_font = self._fonts()
        digit = QFontMetricsF(digit_font)
        letters = QFontMetricsF(letters_font)
        # Every key is measured on the widest content any key has, so all twelve come out equal.
        width = max(digit.horizontalAdvance("0"), letters.horizontalAdvance("WXYZ")) + 36
        height = digit.height() + letters.height() + 14
        return QSize(round(max(width, height * 1.3)), round(height))

    def minimumSizeHint(self) -> QSize:
        # Small enough for the tray's quick-dial popup, still large enough to hit and to read.
        hint = self.sizeHint()
        return QSize(round(hint.height() * 1.1), hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)

        digit_font, letters_font = self._fonts()
        digit_metrics = QFontMetricsF(digit_font)
        letters_metrics = QFontMetricsF(letters_font)
        group = QPalette.ColorGroup.Active if self.isEnabled() else QPalette.ColorGroup.Disabled
        text_colour = self.palette().color(group, QPalette.ColorRole.ButtonText)
        # The digits line up across a row whether or not a key has letters.
        block = digit_metrics.height() + letters_metrics.height() * 0.9
        top = (self.height() - block) / 2
        shift = 1.0 if self.isDown() else 0.0
        painter.setPen(text_colour)
        digit_rect = QRectF(0, top + shift, self.width(), digit_metrics.height())
        if self.digit == "*":
            # An asterisk sits high and small in most fonts; bring it to the digits' size and line.
            star_font = QFont(digit_font)
            star_font.setPointSizeF(digit_font.pointSizeF() * 1.4)
            painter.setFont(star_font)
            digit_rect.translate(0, digit_metrics.height() * 0.22)
        else:
            painter.setFont(digit_font)
        painter.drawText(digit_rect, Qt.AlignmentFlag.AlignCenter, self.digit)
        if self.letters:
            faded = QColor(text_colour)
            faded.setAlphaF(0.62)
            painter.setPen(faded)
            if self.letters == "+":
                # A lone plus in the letters' small font is a speck.
                letters_font.setPointSizeF(letters_font.pointSizeF() * 1.35)
            painter.setFont(letters_font)
            letters_rect = QRectF(
                0,
                top + digit_metrics.height() * 0.9 + shift,
                self.width(),
                letters_metrics.height(),
            )
            painter.drawText(letters_rect, Qt.AlignmentFlag.AlignCenter, self.letters)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.RightButton and self.alternative:
            self.typed.emit(self.alternative)
            event.accept()
            return
        self._long_pressed = False
        if self.alternative and event.button() == Qt.MouseButton.LeftButton:
            self._long_press.start()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._long_press.stop()
        super().mouseReleaseEvent(event)

    @Slot()
    def _on_long_press_timeout(self) -> None:
        if self.isDown() and self.alternative:
            self._long_pressed = True
            self.typed.emit(self.alternative)

    @Slot()
    def _on_clicked(self) -> None:
        if self._long_pressed:
            self._long_pressed = False  # the press already typed its alternative
            return
        self.typed.emit(self.digit)


class _DialField(QLineEdit):
    """The number field; pasting goes through the pad, so a number written any way is cleaned.

    The number is shown large, and the font shrinks (never below the normal size) rather than let
    a long international number scroll out of sight.
    """

    paste_requested = Signal()
    backspace_requested = Signal()
    dropped = Signal()  # text dragged in from elsewhere: the pad marks the number "from outside"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._large_point_size = max(self.font().pointSizeF(), 9.0) * 1.5
        self._normal_point_size = max(self.font().pointSizeF(), 9.0)
        large = QFont(self.font())
        large.setPointSizeF(self._large_point_size)
        self.setFont(large)
        self.setMinimumHeight(round(QFontMetricsF(large).height() + 16))
        # A whole number fits at the normal size, beside the "not valid" mark.
        normal = QFont(large)
        normal.setPointSizeF(self._normal_point_size)
        width = QFontMetricsF(normal).horizontalAdvance("+380 67 123 45 67 0")
        self.setMinimumWidth(round(width + 56))
        self.textChanged.connect(self._fit_font)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        # Room for a whole international number in the large font.
        large = QFont(self.font())
        large.setPointSizeF(self._large_point_size)
        width = QFontMetricsF(large).horizontalAdvance("+380 67 123 45 67") + 56
        return QSize(max(hint.width(), round(width)), hint.height())

    @Slot()
    def _fit_font(self) -> None:
        trailing = sum(1 for action in self.actions() if action.isVisible()) * (
            self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize) + 10
        )
        available = self.width() - 20 - 2 * trailing
        font = QFont(self.font())
        size = self._large_point_size
        font.setPointSizeF(size)
        text = self.text() or self.placeholderText()
        while size > self._normal_point_size:
            if QFontMetricsF(font).horizontalAdvance(text) <= available:
                break
            size = max(self._normal_point_size, size - 0.5)
            font.setPointSizeF(size)
        if font.pointSizeF() != self.font().pointSizeF():
            self.setFont(font)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_font()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste_requested.emit()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Backspace and not self.hasSelectedText():
            self.backspace_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.dropped.emit()
        super().dropEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu()
        for action in menu.actions():
            if action.objectName() == "edit-paste":
                action.triggered.disconnect()
                action.triggered.connect(self.paste_requested.emit)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())


def _foreign_as_called(cleaned: str) -> str:
    """A pasted foreign number in the form it will be called: `+44 (0)20 …` pastes as `+4420…`,
    so the field never shows a trunk 0 that is not dialled. Ukrainian numbers stay as written."""
    try:
        number = parse_number(cleaned)
    except FmcError:
        return cleaned
    return number.canonical if number.kind is NumberKind.INTERNATIONAL else cleaned


class DialPad(QWidget):
    """Type, click or paste a number; Enter or Call asks for it to be dialled.

    `number()` is what was typed, without the grouping spaces; `call_requested` carries the
    canonical form, and only ever for a valid number while the pad is not busy.
    """

    call_requested = Signal(str)
    number_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._busy = False
        self._number = ""
        # A number that came by paste, drop, link, the clipboard or selected text: confirmed
        # before dialling whatever the settings say, until the field is cleared.
        self._from_outside = False
        self._last_request = float("-inf")
        self._reformatting = False
        self._state = _Validity.EMPTY
        self._problem = ""
        self._mark_shown = False

        self.field = _DialField(self)
        self.field.setObjectName("dialField")
        self.field.setClearButtonEnabled(False)
        self.field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.field.setMaxLength(64)
        self.field.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self._invalid_action = QAction(self)
        self.field.addAction(self._invalid_action, QLineEdit.ActionPosition.TrailingPosition)
        self._invalid_action.setVisible(False)

        self.backspace_button = QToolButton(self)
        self.backspace_button.setObjectName("backspaceButton")
        self.backspace_button.setAutoRaise(True)
        self.backspace_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.backspace_button.setIconSize(QSize(24, 24))
        self.backspace_button.setAutoRepeat(True)
        self.backspace_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.backspace_button.setMinimumWidth(40)
        self.backspace_button.clicked.connect(self._on_backspace_button_clicked)

        self.message_label = QLabel(self)
        self.message_label.setObjectName("dialMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        policy = self.message_label.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.message_label.setSizePolicy(policy)
        self.message_label.setMinimumHeight(round(QFontMetricsF(self.font()).height()) + 2)

        self.keys: dict[str, DialKey] = {}
        grid = QGridLayout()
        grid.setSpacing(8)
        for index, (digit, letters) in enumerate(KEYS):
            key = DialKey(digit, letters, self)
            key.setObjectName("key_" + _KEY_OBJECT_NAMES.get(digit, digit))
            key.typed.connect(self._type)
            grid.addWidget(key, index // 3, index % 3)
            self.keys[digit] = key

        self.call_button = QPushButton(self)
        self.call_button.setObjectName("callButton")
        self.call_button.setAutoDefault(False)
        self.call_button.setIconSize(QSize(20, 20))
        self.call_button.setMinimumHeight(44)
        self.call_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.call_button.clicked.connect(self._on_call_button_clicked)

        field_row = QHBoxLayout()
        field_row.setSpacing(4)
        field_row.addWidget(self.field, 1)
        field_row.addWidget(self.backspace_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)
        layout.addLayout(field_row)
        layout.addWidget(self.message_label)
        layout.addLayout(grid, 1)
        layout.addSpacing(4)
        layout.addWidget(self.call_button)

        self.setFocusProxy(self.field)
        self.field.textEdited.connect(self._on_field_text_edited)
        self.field.returnPressed.connect(self._on_field_return_pressed)
        self.field.paste_requested.connect(self.paste)
        self.field.dropped.connect(self._on_field_dropped)
        self.field.backspace_requested.connect(self.backspace)

        self._retranslate()
        self._apply_palette()
        self._refresh()

    # --- the public API ------------------------------------------------------------------------

    def number(self) -> str:
        """The number as typed, without the spaces the field adds for grouping."""
        return self._number

    def set_number(self, text: str, *, from_outside: bool = True) -> None:
        """Show a number written any way, or a tel:/callto: link; a bad one is marked at once.

        The text comes from outside the pad (a link, selected text) unless `from_outside` is
        False, so a call from it is confirmed.
        """
        cleaned = self._clean_pasted(text)
        # Never salvage digits from text that is not a number: `tel:0800FLOWERS` must not become
        # a callable 0800.
        self._set_field(cleaned or "", len(cleaned or ""))
        if cleaned and from_outside:
            self._set_from_outside(True)
        if cleaned is None and text.strip():
            self._show_problem(self.tr("Not a valid phone number."), text.strip()[:80])
        else:
            self._show_mark_if_not_valid()

    def clear(self) -> None:
        self._set_field("", 0)

    def set_busy(self, busy: bool) -> None:
        """While a dial is in flight the Call control is off, so a double click is one call."""
        self._busy = busy
        self._refresh()

    def is_busy(self) -> bool:
        return self._busy

    def can_call(self) -> bool:
        return self._state is _Validity.VALID and not self._busy

    def is_from_outside(self) -> bool:
        """True when the number came by paste, drop, link, the clipboard or selected text."""
        return self._from_outside

    def _set_from_outside(self, value: bool) -> None:
        if value != self._from_outside:
            self._from_outside = value
            self._retranslate()  # the field's tooltip says so

    # --- editing --------------------------------------------------------------------------------

    @Slot()
    def paste(self) -> None:
        """Insert the clipboard's number at the cursor, its separators removed."""
        text = QGuiApplication.clipboard().text()
        cleaned = self._clean_pasted(text)
        if cleaned is None:
            self._show_problem(
                self.tr("The clipboard does not hold a phone number."),
                text.strip()[:80],
            )
            return
        self._insert(cleaned)
        self._set_from_outside(bool(self._number))
        self._show_mark_if_not_valid()

    @Slot()
    def _on_field_dropped(self) -> None:
        self._set_from_outside(True)

    @Slot()
    def backspace(self) -> None:
        """Delete the selection, or the dial character before the cursor (not just a space)."""
        if self.field.hasSelectedText():
            self.field.del_()
            self._on_field_text_edited(self.field.text())
            return
        text = self.field.text()
        cursor = self.field.cursorPosition()
        before = _dial_characters(text[:cursor])
        if not before:
            return
        self._set_field(before[:-1] + _dial_characters(text[cursor:]), len(before) - 1)

    @Slot(str)
    def _type(self, characters: str) -> None:
        self._insert(characters)
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _insert(self, characters: str) -> None:
        text = self.field.text()
        start, end = self.field.cursorPosition(), self.field.cursorPosition()
        if self.field.hasSelectedText():
            start = self.field.selectionStart()
            end = start + len(self.field.selectedText())
        before = _dial_characters(text[:start]) + characters
        self._set_field(before + _dial_characters(text[end:]), len(before))

    def _clean_pasted(self, text: str) -> str | None:
        """The dial characters of pasted text, or None when it is not a number at all."""
        stripped = text.strip()
        if is_link(stripped):
            try:
                link = parse_link(stripped)
            except FmcError:
                return None
            return _foreign_as_called(link.number) + (
                f"#{link.extension}" if link.extension else ""
            )
        cleaned = "".join(ch for ch in stripped if ch not in _PASTE_SEPARATORS)
        if not cleaned or any(ch not in DIAL_CHARACTERS for ch in cleaned):
            # `044 518 14 70 доб. 123`: the field holds an extension as `#123`, which the
            # confirmation then names as the extension to dial once connected.
            try:
                number = parse_number(stripped)
            except FmcError:
                return None
            if number.extension is None:
                return None
            return f"{number.canonical}#{number.extension}"
        return _foreign_as_called(cleaned)

    @Slot(str)
    def _on_field_text_edited(self, text: str) -> None:
        if self._reformatting:
            return
        # Whatever the edit was (typing, a middle-click paste, a drop), keep only dial characters.
        cursor = len(_dial_characters(text[: self.field.cursorPosition()]))
        added = len(_dial_characters(text)) - len(self._number)
        if added > 1:
            # Typing adds one character per edit; more at once is a middle-click paste of the
            # selected text or a drop: the number came from outside.
            self._set_from_outside(True)
        self._set_field(_dial_characters(text), cursor)

    def _set_field(self, number: str, cursor: int) -> None:
        """Show `number` grouped, with the cursor after its `cursor`-th dial character."""
        try:
            shown = format_typing(number)
        except Exception:  # grouping is cosmetic; never lose what the user typed over it
            log.exception("Could not group %r", number)
            shown = number
        if _dial_characters(shown) != number:
            shown = number
        self._reformatting = True
        try:
            if self.field.text() != shown:
                self.field.setText(shown)
            position = 0
            seen = 0
            while seen < cursor and position < len(shown):
                if shown[position] in DIAL_CHARACTERS:
                    seen += 1
                position += 1
            self.field.setCursorPosition(position)
        finally:
            self._reformatting = False
        changed = number != self._number
        self._number = number
        if not number:
            self._set_from_outside(False)
        self._mark_shown = False
        self._refresh()
        if changed:
            self.number_changed.emit(number)

    # --- calling --------------------------------------------------------------------------------

    @Slot()
    def _on_field_return_pressed(self) -> None:
        self._request_call()

    @Slot()
    def _on_call_button_clicked(self) -> None:
        self._request_call()

    @Slot()
    def _on_backspace_button_clicked(self) -> None:
        self.backspace()
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _request_call(self) -> None:
        if self._busy:
            return
        if self._state is not _Validity.VALID:
            self._show_mark_if_not_valid()
            return
        # A double click (or Enter and a click) arrives before the owner can call set_busy:
        # two requests within the double-click interval are one call.
        now = time.monotonic()
        if (now - self._last_request) * 1000 < QApplication.doubleClickInterval():
            return
        self._last_request = now
        self.call_requested.emit(parse_number(self._number).canonical)

    # --- validity and looks ---------------------------------------------------------------------

    def _classify(self) -> tuple[_Validity, str]:
        """How valid the number is, and the reason when it is not."""
        if not self._number:
            return _Validity.EMPTY, ""
        try:
            parse_number(self._number)
        except InvalidNumberError as error:
            reason = error.message
        else:
            return _Validity.VALID, ""
        # A number on its way to being a valid one is only unfinished, not wrong.
        if self._number.isascii() and "#" not in self._number and "*" not in self._number:
            for filler in ("1", "0"):
                for count in range(1, 16):
                    try:
                        parse_number(self._number + filler * count)
                    except InvalidNumberError:
                        continue
                    return _Validity.INCOMPLETE, reason
        return _Validity.INVALID, reason

    def _refresh(self) -> None:
        self._state, self._problem = self._classify()
        if self._state is _Validity.INVALID:
            self._show_problem(self.tr("Not a valid phone number."), self._problem)
        elif self._mark_shown and self._state is _Validity.INCOMPLETE:
            self._show_problem(self.tr("The number is not complete yet."), self._problem)
        else:
            self._hide_problem()
        self.call_button.setEnabled(self.can_call())
        self.backspace_button.setEnabled(bool(self._number))
        if self._busy:
            self.call_button.setText(self.tr("Calling…"))
        else:
            self.call_button.setText(self.tr("Call"))

    def _show_mark_if_not_valid(self) -> None:
        if self._state in (_Validity.INCOMPLETE, _Validity.INVALID):
            self._mark_shown = True
            self._refresh()

    def _show_problem(self, headline: str, detail: str) -> None:
        self.message_label.setText(headline)
        self.message_label.setToolTip(detail)
        self.message_label.setVisible(True)
        self._invalid_action.setVisible(True)
        self.field._fit_font()
        self._invalid_action.setToolTip(detail or headline)
        self.field.setProperty("invalid", True)
        self.field.setAccessibleDescription(f"{headline} {detail}".strip())
        self._apply_field_palette()

    def _hide_problem(self) -> None:
        self.message_label.setVisible(False)
        self.message_label.setText("")
        self.message_label.setToolTip("")
        self._invalid_action.setVisible(False)
        self.field._fit_font()
        self.field.setProperty("invalid", False)
        self.field.setAccessibleDescription("")
        self._apply_field_palette()

    def is_marked_invalid(self) -> bool:
        """True while the field shows the "not a valid number" mark."""
        return bool(self.field.property("invalid"))

    def _apply_palette(self) -> None:
        palette = self.palette()
        error = error_colour(palette, QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.ButtonText)
        self.backspace_button.setIcon(_draw_icon(24, text, "backspace"))
        self._apply_call_button_palette()
        self._invalid_action.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning, None, self)
        )
        label_palette = self.message_label.palette()
        label_palette.setColor(QPalette.ColorRole.WindowText, error)
        self.message_label.setPalette(label_palette)
        self._apply_field_palette()

    def _apply_call_button_palette(self) -> None:
        """The Call button is green, the colour of "call" on every phone; grey while it is off."""
        palette = self.palette()
        green = QColor(46, 160, 67)
        if palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5:
            green = QColor(38, 137, 58)
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Button, green)
            palette.setColor(group, QPalette.ColorRole.ButtonText, QColor(255, 255, 255))
        self.call_button.setPalette(palette)
        icon = _draw_icon(20, QColor(255, 255, 255), "phone")
        disabled = _draw_icon(
            20, palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText), "phone"
        )
        for size in (20, 40):
            icon.addPixmap(disabled.pixmap(size), QIcon.Mode.Disabled)
        self.call_button.setIcon(icon)

    def _apply_field_palette(self) -> None:
        palette = self.palette()
        if self.field.property("invalid"):
            error = error_colour(palette, QPalette.ColorRole.Base)
            base = palette.color(QPalette.ColorRole.Base)
            palette.setColor(QPalette.ColorRole.Base, _mix(base, error, 0.14))
            # Fusion and most styles draw the focus frame in the highlight colour.
            palette.setColor(QPalette.ColorRole.Highlight, error)
        self.field.setPalette(palette)

    def _retranslate(self) -> None:
        self.field.setPlaceholderText(self.tr("Number"))
        self.field.setAccessibleName(self.tr("Phone number"))
        if self._from_outside:
            self.field.setToolTip(
                self.tr(
                    "This number came from outside the app: you will be asked before it is "
                    "dialled. Clear the field to type your own."
                )
            )
        else:
            self.field.setToolTip(
                self.tr("Type or paste a number written any way; press Enter to call.")
            )
        self.backspace_button.setAccessibleName(self.tr("Delete"))
        self.backspace_button.setToolTip(self.tr("Delete the last digit (Backspace)"))
        self.message_label.setAccessibleName(self.tr("Number check"))
        self.call_button.setAccessibleName(self.tr("Call"))
        self.call_button.setToolTip(self.tr("Call this number (Enter)"))
        self._invalid_action.setText(self.tr("Not a valid phone number"))
        spoken = {"*": self.tr("Star"), "#": self.tr("Hash")}
        for digit, key in self.keys.items():
            key.setAccessibleName(spoken.get(digit, digit))
            if digit == "0":
                key.setToolTip(self.tr("0; hold or right-click for +"))
                key.setAccessibleDescription(self.tr("Hold or right-click to type +"))
            elif key.letters:
                key.setToolTip(
                    self.tr("{digit} ({letters})").format(digit=digit, letters=key.letters)
                )
                key.setAccessibleDescription(key.letters)
            else:
                key.setToolTip(spoken.get(digit, digit))

    # --- events ---------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Keys pressed anywhere on the pad (a focused button) still reach the number."""
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
        elif event.key() == Qt.Key.Key_Backspace:
            self.backspace()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._request_call()
        elif event.text() and all(ch in DIAL_CHARACTERS for ch in event.text()):
            self.field.setFocus(Qt.FocusReason.OtherFocusReason)
            self._insert(event.text())
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._refresh()
        elif event.type() == QEvent.Type.PaletteChange:
            self._apply_palette()
        super().changeEvent(event)
