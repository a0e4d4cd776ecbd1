"""The last look before a call: whom, from which of the user's phones, and where the number is from.

Every dial from outside the app (a `tel:` link, the clipboard) passes through here, because any web
page can fire a link and calls cost money; for those, Cancel is the default button, so a stray
Enter never places the call. When the user has several numbers of their own and has not chosen
one in Settings, the same dialog asks which to call from.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from enum import StrEnum

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Slot
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from fmc_desktop.core.numbers.phone import PhoneNumber
from fmc_desktop.core.numbers.risks import CONFIRM_ALWAYS, Risk
from fmc_desktop.ui.dialing.dial_pad import _draw_icon
from fmc_desktop.ui.shell.banner import Banner, BannerLevel

AVATAR_SIZE = 56


class Origin(StrEnum):
    """Where the number to call came from."""

    APP = "app"  # typed, picked from contacts or the history: the user chose it here
    LINK = "link"  # a tel: or callto: link from a browser or another program
    CLIPBOARD = "clipboard"
    OUTSIDE = "outside"  # from outside the app, by some other way (a command-line argument)


# Soft, distinct hues for initials; a person keeps their colour because it comes from the name.
_AVATAR_HUES = (210, 160, 30, 280, 340, 190, 100, 0, 250, 50)


def _initials(name: str) -> str:
    words = [w for w in name.replace("-", " ").split() if w[:1].isalpha()]
    return "".join(w[0] for w in words[:2]).upper()


def avatar(name: str | None, size: int, palette: QPalette) -> QPixmap:
    """A round badge with the person's initials, or a handset for a number nobody is known by."""
    scale = 2.0
    pixmap = QPixmap(round(size * scale), round(size * scale))
    pixmap.setDevicePixelRatio(scale)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    dark = palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5
    initials = _initials(name or "")
    if initials:
        digest = hashlib.sha256((name or "").encode("utf-8")).digest()
        hue = _AVATAR_HUES[digest[0] % len(_AVATAR_HUES)]
        colour = QColor.fromHsl(hue, 110, 95 if dark else 120)
    else:
        colour = QColor(38, 137, 58) if dark else QColor(46, 160, 67)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawEllipse(QRectF(0, 0, size, size))
    if initials:
        font = QFont(painter.font())
        font.setPixelSize(round(size * 0.38))
        font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(font)
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, initials)
    else:
        inner = round(size * 0.5)
        handset = _draw_icon(inner, QColor(255, 255, 255), "phone").pixmap(QSize(inner, inner))
        offset = (size - inner) / 2
        painter.drawPixmap(QRectF(offset, offset, inner, inner), handset, QRectF(handset.rect()))
    painter.end()
    return pixmap


class ConfirmDialDialog(QDialog):
    """Asks "Call …?" and, with several own numbers, which one to call from.

    `call_as()` is the chosen own number once the dialog is accepted. `call_button` and
    `cancel_button` are there for keyboard focus and for tests.
    """

    def __init__(
        self,
        number: PhoneNumber,
        *,
        name: str | None = None,
        call_as_choices: Sequence[PhoneNumber] = (),
        call_as: PhoneNumber | None = None,
        from_outside: bool = False,
        origin: Origin = Origin.APP,
        link: str | None = None,
        extension: str | None = None,
        risks: Sequence[Risk] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("confirmDialDialog")
        self.number = number
        self.name = name
        self.from_outside = from_outside
        self.origin = origin
        # Kept for the log's sake only: the dialog never shows the raw link, which a web page
        # can fill with text made to look like a different number or a reassuring sentence.
        self.link = link
        self.extension = extension
        self.risks = tuple(risks)
        choices = list(call_as_choices)
        if call_as is not None and call_as not in choices:
            choices.insert(0, call_as)
        if not choices:
            raise ValueError("the dialog needs at least one number to call from")
        self._choices = choices

        self.avatar_label = QLabel(self)
        self.avatar_label.setFixedSize(AVATAR_SIZE, AVATAR_SIZE)
        self.headline = QLabel(self)
        self.headline.setObjectName("confirmHeadline")
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.headline.setWordWrap(True)
        headline_font = QFont(self.font())
        headline_font.setPointSizeF(max(self.font().pointSizeF(), 9.0) * 1.35)
        headline_font.setWeight(QFont.Weight.DemiBold)
        self.headline.setFont(headline_font)
        self.number_label = QLabel(self)
        self.number_label.setObjectName("confirmNumber")
        self.number_label.setTextFormat(Qt.TextFormat.PlainText)
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        number_font = QFont(self.font())
        number_font.setPointSizeF(max(self.font().pointSizeF(), 9.0) * 1.15)
        self.number_label.setFont(number_font)

        who = QVBoxLayout()
        who.setSpacing(2)
        who.addStretch(1)
        who.addWidget(self.headline)
        who.addWidget(self.number_label)
        who.addStretch(1)
        top = QHBoxLayout()
        top.setSpacing(14)
        top.addWidget(self.avatar_label, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(who, 1)

        self.warning = Banner(self)
        self.warning.setObjectName("outsideWarning")
        self.warning.close_button.setVisible(False)

        self.call_as_combo = QComboBox(self)
        self.call_as_combo.setObjectName("callAsCombo")
        for choice in choices:
            self.call_as_combo.addItem(choice.display(), choice.canonical)
        chosen = choices.index(call_as) if call_as is not None else 0
        self.call_as_combo.setCurrentIndex(chosen)
        self.call_as_label = QLabel(self)
        self.call_as_label.setObjectName("callAsLabel")
        self.call_as_label.setTextFormat(Qt.TextFormat.PlainText)
        self.call_as_label.setBuddy(self.call_as_combo)
        self.how_label = QLabel(self)
        self.how_label.setObjectName("howItWorks")
        self.how_label.setWordWrap(True)
        self.how_label.setTextFormat(Qt.TextFormat.PlainText)
        self.how_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.call_as_label, self.call_as_combo)
        # One number to call from is not a choice: say which it is, without a one-item list.
        self.call_as_combo.setVisible(len(choices) > 1)
        self.call_as_label.setVisible(len(choices) > 1)

        self.waiting_label = QLabel(self)
        self.waiting_label.setObjectName("waitingLinks")
        self.waiting_label.setTextFormat(Qt.TextFormat.PlainText)
        self.waiting_label.setWordWrap(True)
        self.waiting_label.setVisible(False)
        self._waiting = 0

        self.buttons = QDialogButtonBox(self)
        self.call_button = QPushButton(self)
        self.call_button.setObjectName("confirmCallButton")
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("confirmCancelButton")
        self.buttons.addButton(self.call_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(14)
        layout.addLayout(top)
        layout.addWidget(self.warning)
        layout.addLayout(form)
        layout.addWidget(self.how_label)
        layout.addWidget(self.waiting_label)
        layout.addSpacing(4)
        layout.addWidget(self.buttons)

        # From outside, Enter must not call: the number was chosen by someone else. Nor for a
        # number whose kind is worth a second look (premium, satellite, emergency…).
        risky = any(risk in CONFIRM_ALWAYS for risk in self.risks)
        default = self.cancel_button if from_outside or risky else self.call_button
        for button in (self.call_button, self.cancel_button):
            button.setAutoDefault(button is default)
            button.setDefault(button is default)
        self.call_as_combo.currentIndexChanged.connect(self._on_call_as_combo_index_changed)
        self._retranslate()
        self._apply_palette()
        self.setMinimumWidth(420)
        self.setSizeGripEnabled(False)
        default.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_waiting(self, count: int) -> None:
        """Say how many more links wait for their own confirmation after this one."""
        self._waiting = max(0, count)
        self._retranslate()

    def call_as(self) -> PhoneNumber:
        """The user's own number the PBX rings first."""
        return self._choices[max(0, self.call_as_combo.currentIndex())]

    @Slot(int)
    def _on_call_as_combo_index_changed(self, _index: int) -> None:
        self._retranslate()

    def _retranslate(self) -> None:
        shown = self.number.display()
        self.setWindowTitle(self.tr("Confirm the call"))
        if self.name:
            self.headline.setText(self.tr("Call {name}?").format(name=self.name))
            self.number_label.setText(shown)
            self.number_label.setVisible(True)
        else:
            self.headline.setText(self.tr("Call {number}?").format(number=shown))
            self.number_label.setVisible(False)
        self.avatar_label.setAccessibleName(self.name or shown)
        lines = [self._risk_text(risk) for risk in self.risks]
        if self.from_outside:
            if self.origin is Origin.LINK:
                lines.append(self.tr("This number came from a link."))
            elif self.origin is Origin.CLIPBOARD:
                lines.append(self.tr("This number came from the clipboard."))
            else:
                lines.append(self.tr("This number came from outside the app."))
            lines.append(self.tr("Calls cost money: check the number before you call."))
        if lines:
            self.warning.show_message("\n".join(lines), level=BannerLevel.WARNING, closable=False)
        else:
            self.warning.setVisible(False)
        self.call_as_label.setText(self.tr("Call &from:"))
        self.call_as_combo.setAccessibleName(self.tr("Your number to call from"))
        # No-break spaces: a wrapped line must not split the number ("097 803 60" / "90").
        mine = self.call_as().display().replace(" ", "\u00a0")
        how = self.tr("Kyivstar first rings your phone {mine}; answer it to be connected.").format(
            mine=mine
        )
        if self.extension:
            # The API's originate has no extension parameter: only the number is sent.
            how += " " + self.tr("Extension {extension}: dial it after you are connected.").format(
                extension=self.extension
            )
        self.how_label.setText(how)
        # The button names the number it calls: with links waiting, several dialogs come one
        # after another, and a click must never call a number other than the one read.
        self.call_button.setText(self.tr("&Call {number}").format(number=shown))
        self.cancel_button.setText(self.tr("Cancel"))
        self.call_button.setAccessibleName(self.tr("Call {number}").format(number=shown))
        if self._waiting:
            self.waiting_label.setText(
                self.tr("Links waiting to be confirmed after this one: {count}").format(
                    count=self._waiting
                )
            )
        self.waiting_label.setVisible(bool(self._waiting))
        self.cancel_button.setAccessibleName(self.tr("Cancel the call"))

    def _risk_text(self, risk: Risk) -> str:
        """The kind of number, said plainly."""
        texts = {
            Risk.INTERNATIONAL: self.tr("An international number: calls abroad cost more."),
            Risk.PREMIUM_RATE: self.tr(
                "A premium-rate number: calls to it are charged at a high rate."
            ),
            Risk.SHARED_COST: self.tr("A shared-cost number: calls to it may cost extra."),
            Risk.SATELLITE: self.tr("A satellite phone number: calls to it are very expensive."),
            Risk.EMERGENCY: self.tr("An emergency services number: call it only in an emergency."),
            Risk.UNKNOWN_RANGE: self.tr(
                "This number is in no range known to be in use: check it before you call."
            ),
        }
        return texts[risk]

    def _apply_palette(self) -> None:
        palette = self.palette()
        self.avatar_label.setPixmap(avatar(self.name, AVATAR_SIZE, palette))
        muted = QColor(palette.color(QPalette.ColorRole.WindowText))
        muted.setAlphaF(0.7)
        for label in (self.number_label, self.how_label):
            label_palette = label.palette()
            label_palette.setColor(QPalette.ColorRole.WindowText, muted)
            label.setPalette(label_palette)
        # The Call button is green, as on every phone.
        dark = palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5
        green = QColor(38, 137, 58) if dark else QColor(46, 160, 67)
        button_palette = self.call_button.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            button_palette.setColor(group, QPalette.ColorRole.Button, green)
            button_palette.setColor(group, QPalette.ColorRole.ButtonText, QColor(255, 255, 255))
        self.call_button.setPalette(button_palette)
        icon = _draw_icon(16, QColor(255, 255, 255), "phone")
        self.call_button.setIcon(icon)
        metrics = QFontMetricsF(self.call_button.font())
        self.call_button.setMinimumWidth(
            round(metrics.horizontalAdvance(self.call_button.text()) + 56)
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        elif event.type() == QEvent.Type.PaletteChange:
            self._apply_palette()
        super().changeEvent(event)
