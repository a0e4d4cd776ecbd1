"""The dialog that adds a contact or edits one: a name, several numbers with labels, and the rest.

Numbers are checked as they are typed, with the same rules as the dial pad: a number that cannot
be dialled is marked with the reason and keeps Save off, since a contact is kept for calling. The
same number twice, or a number already in another contact, is only a warning: people do share a
desk phone.

An entry of the company's directory (source `pbx`) opens read-only. It is learnt from the names
the PBX sends with calls and refreshed at every sync, so an edit there would either be overwritten
or silently cut the entry off from the PBX. "Copy to my contacts" turns the dialog into a new
contact pre-filled from it; once saved, the user's copy is what search shows for those numbers,
and the company's entry stays as the PBX keeps it.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPen, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fmc_desktop.core.api.errors import FmcError, InvalidNumberError
from fmc_desktop.core.contacts.book import ContactBook
from fmc_desktop.core.contacts.contact import Contact, ContactNumber, ContactSource
from fmc_desktop.core.numbers.phone import (
    MAX_DIGITS,
    MIN_INTERNATIONAL_DIGITS,
    digits_of,
    display_stored_number,
    parse_number,
)
from fmc_desktop.ui.shell.banner import Banner, BannerLevel
from fmc_desktop.ui.shell.i18n import fill
from fmc_desktop.ui.shell.theme import error_colour, warning_colour

log = logging.getLogger(__name__)

# The labels offered in each number's list, stored in English as vCard and CSV files know them;
# the user may type any other word.
OFFERED_LABELS = ("mobile", "work", "home", "other")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+\Z")
_NUMBER_CHARS = frozenset("0123456789+-.()*#‐‑‒–—−")  # and spaces, as numbers.py allows


def label_text(label: str) -> str:
    """A stored label ("mobile", "work fax"…) in the user's language; the user's own words as is."""
    names = {
        "mobile": QCoreApplication.translate("ContactLabels", "mobile"),
        "work": QCoreApplication.translate("ContactLabels", "work"),
        "home": QCoreApplication.translate("ContactLabels", "home"),
        "other": QCoreApplication.translate("ContactLabels", "other"),
        "main": QCoreApplication.translate("ContactLabels", "main"),
        "fax": QCoreApplication.translate("ContactLabels", "fax"),
        "work fax": QCoreApplication.translate("ContactLabels", "work fax"),
        "home fax": QCoreApplication.translate("ContactLabels", "home fax"),
        "work mobile": QCoreApplication.translate("ContactLabels", "work mobile"),
        "pager": QCoreApplication.translate("ContactLabels", "pager"),
        # Outlook's phone columns, as its CSV export names them.
        "car": QCoreApplication.translate("ContactLabels", "car"),
        "callback": QCoreApplication.translate("ContactLabels", "callback"),
        "assistant": QCoreApplication.translate("ContactLabels", "assistant"),
        "radio": QCoreApplication.translate("ContactLabels", "radio"),
    }
    return names.get(label.strip().lower(), label)


def number_problem(text: str) -> str | None:
    """Why `text` cannot be dialled, in the user's language; None when it can.

    The core's reasons are English sentences for the command line; the usual ones are said again
    here so they can be translated, and anything rarer falls back to the core's own words.
    """
    try:
        parse_number(text)
    except InvalidNumberError as error:
        return _problem_sentence(text.strip(), error.message)
    return None


def _problem_sentence(text: str, fallback: str) -> str:
    if any(ch.isalpha() for ch in text):
        return QCoreApplication.translate("ContactEditor", "A phone number has no letters.")
    stray = next((ch for ch in text if ch not in _NUMBER_CHARS and not ch.isspace()), None)
    if stray is not None:
        return fill(
            QCoreApplication.translate("ContactEditor", "“%1” is not used in phone numbers."), stray
        )
    digits = digits_of(text)
    if not digits:
        return QCoreApplication.translate("ContactEditor", "A phone number needs digits.")
    compact = "".join(ch for ch in text if not ch.isspace())
    if "+" in compact[1:]:
        return QCoreApplication.translate(
            "ContactEditor", "“+” can only come first, before the country code."
        )
    if "*" in compact or "#" in compact:
        return fallback  # a malformed service code: rare enough for the core's own words
    if len(digits) > MAX_DIGITS:
        return fill(
            QCoreApplication.translate(
                "ContactEditor", "Too many digits: no phone number has more than %1."
            ),
            str(MAX_DIGITS),
        )
    international = compact.startswith("+") or compact.startswith("00")
    after_code = digits[2:] if compact.startswith("00") else digits
    if after_code.startswith("380") and (international or not digits.startswith("0")):
        return QCoreApplication.translate(
            "ContactEditor", "After 380 a Ukrainian number has 9 more digits: +380 67 123 45 67."
        )
    if international:
        if after_code.startswith("0"):
            return QCoreApplication.translate(
                "ContactEditor", "A country code never starts with 0."
            )
        if len(after_code) < MIN_INTERNATIONAL_DIGITS:
            return fill(
                QCoreApplication.translate(
                    "ContactEditor",
                    "An international number needs at least %1 digits with its country code.",
                ),
                str(MIN_INTERNATIONAL_DIGITS),
            )
        # libphonenumber knows each country's lengths: long enough in general is still too
        # short or too long for this country, or the code is none in use.
        return QCoreApplication.translate(
            "ContactEditor",
            "No number of this country code has that many digits: check the number.",
        )
    if digits.startswith("0"):
        return QCoreApplication.translate(
            "ContactEditor", "A Ukrainian number has 10 digits starting with 0: 067 123 45 67."
        )
    return QCoreApplication.translate(
        "ContactEditor",
        "A number this long needs a 0 in front (067 …) or + and a country code (+48 …).",
    )


def _line_icon(kind: str, colour: QColor, size: int = 16) -> QIcon:
    """A small drawn icon ("plus" or "minus"), so the row buttons look alike on every platform."""
    icon = QIcon()
    for scale in (1, 2):
        pixmap = QPixmap(size * scale, size * scale)
        pixmap.setDevicePixelRatio(scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(colour, 1.8)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        middle = size / 2
        painter.drawLine(round(size * 0.25), round(middle), round(size * 0.75), round(middle))
        if kind == "plus":
            painter.drawLine(round(middle), round(size * 0.25), round(middle), round(size * 0.75))
        painter.end()
        icon.addPixmap(pixmap)
    return icon


class Severity(Enum):
    OK = "ok"
    WARNING = "warning"  # worth a look, but saving is allowed
    ERROR = "error"  # keeps Save off


@dataclass(frozen=True, slots=True)
class Check:
    severity: Severity
    text: str = ""


class NumberRow(QWidget):
    """One number of the contact: the number, its label, a remove button, and what is wrong."""

    changed = Signal()
    remove_requested = Signal(object)  # this row

    def __init__(self, raw: str = "", label: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._check = Check(Severity.OK)
        self.number_edit = QLineEdit(raw, self)
        self.number_edit.setObjectName("contactNumberEdit")
        self.number_edit.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self.label_combo = QComboBox(self)
        self.label_combo.setObjectName("contactNumberLabel")
        self.label_combo.setEditable(True)
        self.label_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.label_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.label_combo.setMinimumContentsLength(9)
        for key in OFFERED_LABELS:
            self.label_combo.addItem(label_text(key), key)
        self._set_label(label)
        self.remove_button = QToolButton(self)
        self.remove_button.setObjectName("removeNumberButton")
        self.remove_button.setAutoRaise(True)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("contactNumberMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setVisible(False)

        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(6)
        layout.setVerticalSpacing(2)
        layout.addWidget(self.number_edit, 0, 0)
        layout.addWidget(self.label_combo, 0, 1)
        layout.addWidget(self.remove_button, 0, 2)
        layout.addWidget(self.message_label, 1, 0, 1, 3)
        layout.setColumnStretch(0, 3)
        layout.setColumnStretch(1, 2)

        self.number_edit.textChanged.connect(self._on_number_edit_text_changed)
        self.label_combo.currentTextChanged.connect(self._on_label_combo_text_changed)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.retranslate()

    # --- what it holds ------------------------------------------------------------------------

    def number(self) -> str:
        return self.number_edit.text().strip()

    def label(self) -> str:
        """The label to store: an offered one by its English key, the user's own word as typed."""
        text = self.label_combo.currentText().strip()
        for index in range(self.label_combo.count()):
            if self.label_combo.itemText(index).casefold() == text.casefold():
                return str(self.label_combo.itemData(index))
        return text

    def _set_label(self, label: str) -> None:
        index = self.label_combo.findData(label.strip().lower())
        if index >= 0:
            self.label_combo.setCurrentIndex(index)
        else:
            self.label_combo.setCurrentIndex(-1)
            self.label_combo.setEditText(label_text(label))
            line_edit = self.label_combo.lineEdit()
            if line_edit is not None:
                line_edit.setCursorPosition(0)

    def set_read_only(self, read_only: bool) -> None:
        self.number_edit.setReadOnly(read_only)
        self.label_combo.setEnabled(not read_only)
        self.label_combo.setVisible(not read_only or bool(self.label()))
        self.remove_button.setVisible(not read_only)

    # --- what is wrong with it ----------------------------------------------------------------

    def check(self) -> Check:
        return self._check

    def show_check(self, check: Check) -> None:
        self._check = check
        palette = self.palette()
        if check.severity is Severity.OK:
            self.message_label.setVisible(False)
            self.message_label.setText("")
            self.number_edit.setPalette(palette)
            self.number_edit.setAccessibleDescription("")
            return
        colour = (
            error_colour(palette) if check.severity is Severity.ERROR else warning_colour(palette)
        )
        label_palette = self.message_label.palette()
        label_palette.setColor(QPalette.ColorRole.WindowText, colour)
        self.message_label.setPalette(label_palette)
        self.message_label.setText(check.text)
        self.message_label.setVisible(True)
        field_palette = QPalette(palette)
        if check.severity is Severity.ERROR:
            base = palette.color(QPalette.ColorRole.Base)
            field_palette.setColor(
                QPalette.ColorRole.Base,
                QColor.fromRgbF(
                    base.redF() + (colour.redF() - base.redF()) * 0.12,
                    base.greenF() + (colour.greenF() - base.greenF()) * 0.12,
                    base.blueF() + (colour.blueF() - base.blueF()) * 0.12,
                ),
            )
            field_palette.setColor(QPalette.ColorRole.Highlight, colour)
        self.number_edit.setPalette(field_palette)
        self.number_edit.setAccessibleDescription(check.text)

    def retranslate(self) -> None:
        self.number_edit.setPlaceholderText(self.tr("Phone number"))
        self.number_edit.setAccessibleName(self.tr("Phone number"))
        self.number_edit.setToolTip(
            self.tr("The number written any way: 067 123 45 67, +380 67 123 45 67, an extension.")
        )
        current = self.label()
        self.label_combo.blockSignals(True)
        for index, key in enumerate(OFFERED_LABELS):
            self.label_combo.setItemText(index, label_text(key))
        self._set_label(current)
        self.label_combo.blockSignals(False)
        line_edit = self.label_combo.lineEdit()
        if line_edit is not None:
            line_edit.setPlaceholderText(self.tr("Label"))
        self.label_combo.setAccessibleName(self.tr("Label of the number"))
        self.label_combo.setToolTip(self.tr("Which phone this is: pick one or type your own word."))
        self.remove_button.setIcon(
            _line_icon("minus", self.palette().color(QPalette.ColorRole.Text))
        )
        self.remove_button.setAccessibleName(self.tr("Remove this number"))
        self.remove_button.setToolTip(self.tr("Remove this number"))
        self.message_label.setAccessibleName(self.tr("Number check"))

    @Slot(str)
    def _on_number_edit_text_changed(self, _text: str) -> None:
        self.changed.emit()

    @Slot(str)
    def _on_label_combo_text_changed(self, _text: str) -> None:
        self.changed.emit()

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        self.remove_requested.emit(self)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class Mode(Enum):
    NEW = "new"
    EDIT = "edit"
    VIEW_PBX = "view_pbx"  # a company directory entry, read-only
    COPY_PBX = "copy_pbx"  # a new contact started from a company directory entry


class ContactEditor(QDialog):
    """Add a contact (`contact=None`, maybe with a number and name to start from) or edit one.

    Save stores the contact through `book` and accepts the dialog; `saved(Contact)` carries the
    stored copy.
    """

    saved = Signal(object)

    def __init__(
        self,
        book: ContactBook,
        *,
        contact: Contact | None = None,
        number: str = "",
        name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("contactEditor")
        self._book = book
        self._contact = contact
        if contact is None:
            self._mode = Mode.NEW
        elif contact.source is ContactSource.PBX:
            self._mode = Mode.VIEW_PBX
        else:
            self._mode = Mode.EDIT

        self.banner = Banner(self)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("contactNameEdit")
        self.organisation_edit = QLineEdit(self)
        self.organisation_edit.setObjectName("contactOrganisationEdit")
        self.department_edit = QLineEdit(self)
        self.department_edit.setObjectName("contactDepartmentEdit")
        self.numbers_box = QWidget(self)
        self._numbers_layout = QVBoxLayout(self.numbers_box)
        self._numbers_layout.setContentsMargins(0, 0, 0, 0)
        self._numbers_layout.setSpacing(6)
        self.number_rows: list[NumberRow] = []
        self.add_number_button = QPushButton(self)
        self.add_number_button.setObjectName("addNumberButton")
        self.add_number_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self._numbers_layout.addWidget(self.add_number_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.email_edit = QLineEdit(self)
        self.email_edit.setObjectName("contactEmailEdit")
        self.email_edit.setInputMethodHints(Qt.InputMethodHint.ImhEmailCharactersOnly)
        self.email_message = QLabel(self)
        self.email_message.setObjectName("contactEmailMessage")
        self.email_message.setWordWrap(True)
        self.email_message.setVisible(False)
        self._email_box = email_box = QWidget(self)
        email_layout = QVBoxLayout(email_box)
        email_layout.setContentsMargins(0, 0, 0, 0)
        email_layout.setSpacing(2)
        email_layout.addWidget(self.email_edit)
        email_layout.addWidget(self.email_message)
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setObjectName("contactNoteEdit")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        line = self.fontMetrics().lineSpacing()
        self.note_edit.setFixedHeight(line * 3 + 14)
        self.favourite_check = QCheckBox(self)
        self.favourite_check.setObjectName("contactFavouriteCheck")

        self.buttons = QDialogButtonBox(self)
        # Buttons of our own rather than standard ones: the box re-sets a standard button's text
        # on a language change, after our own retranslate().
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("saveContactButton")
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("cancelContactButton")
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.copy_button = QPushButton(self)
        self.copy_button.setObjectName("copyToMyContactsButton")
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)

        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.name_label = QLabel(self)
        self.organisation_label = QLabel(self)
        self.department_label = QLabel(self)
        self.numbers_label = QLabel(self)
        self.email_label = QLabel(self)
        self.note_label = QLabel(self)
        for label, field in (
            (self.name_label, self.name_edit),
            (self.organisation_label, self.organisation_edit),
            (self.department_label, self.department_edit),
            (self.numbers_label, self.numbers_box),
            (self.email_label, email_box),
            (self.note_label, self.note_edit),
        ):
            label.setBuddy(field if field is not self.numbers_box else self.add_number_button)
            self.form.addRow(label, field)
        self.form.addRow("", self.favourite_check)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(12)
        layout.addWidget(self.banner)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.name_edit.textChanged.connect(self._on_field_changed)
        self.email_edit.textChanged.connect(self._on_field_changed)
        self.add_number_button.clicked.connect(self._on_add_number_button_clicked)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.cancel_button.clicked.connect(self.reject)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)

        self._fill(contact, number=number, name=name)
        self._apply_mode()
        self.retranslate()
        self._validate()
        self.setMinimumWidth(480)
        self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- the public API -----------------------------------------------------------------------

    @property
    def mode(self) -> Mode:
        return self._mode

    def is_read_only(self) -> bool:
        return self._mode is Mode.VIEW_PBX

    def add_number_row(self, raw: str = "", label: str = "") -> NumberRow:
        row = NumberRow(raw, label, self.numbers_box)
        row.changed.connect(self._on_field_changed)
        row.remove_requested.connect(self._on_row_remove_requested)
        row.set_read_only(self.is_read_only())
        self._numbers_layout.insertWidget(len(self.number_rows), row)
        self.number_rows.append(row)
        self._fix_tab_order()
        self._validate()
        return row

    def remove_number_row(self, row: NumberRow) -> None:
        """Take `row` out; the last row is emptied instead, so there is always a place to type."""
        if row not in self.number_rows:
            return
        if len(self.number_rows) == 1:
            row.number_edit.clear()
            row._set_label("")
            row.number_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        at = self.number_rows.index(row)
        self.number_rows.remove(row)
        self._numbers_layout.removeWidget(row)
        row.hide()
        row.deleteLater()
        self.number_rows[min(at, len(self.number_rows) - 1)].number_edit.setFocus(
            Qt.FocusReason.OtherFocusReason
        )
        self._fix_tab_order()
        self._validate()

    def can_save(self) -> bool:
        return self.save_button.isEnabled()

    def contact(self) -> Contact:
        """The contact as the dialog now describes it (not stored)."""
        numbers = []
        for row in self.number_rows:
            if not row.number():
                continue
            try:
                canonical = parse_number(row.number()).canonical
            except InvalidNumberError:
                canonical = ContactNumber.of(row.number()).canonical
            numbers.append(ContactNumber(row.number(), canonical, row.label()))
        base = self._contact
        keep_id = base is not None and self._mode is Mode.EDIT
        return Contact(
            id=base.id if keep_id and base is not None else None,
            name=" ".join(self.name_edit.text().split()),
            numbers=numbers,
            organisation=self.organisation_edit.text().strip(),
            department=self.department_edit.text().strip(),
            email=self.email_edit.text().strip(),
            note=self.note_edit.toPlainText().strip(),
            favourite=self.favourite_check.isChecked(),
            source=ContactSource.OWN,
        )

    def save(self) -> Contact | None:
        """Store the contact and accept the dialog; None (and the reason shown) if it cannot be."""
        if not self.can_save():
            return None
        wanted = self.contact()
        try:
            stored = self._book.update(wanted) if wanted.id is not None else self._book.add(wanted)
        except FmcError as error:
            log.warning("contact not saved: %s", error.message)
            self.banner.show_message(
                fill(self.tr("The contact was not saved: %1"), error.message),
                level=BannerLevel.ERROR,
            )
            return None
        self.saved.emit(stored)
        self.accept()
        return stored

    def copy_to_my_contacts(self) -> None:
        """Turn a company directory entry into a new contact of the user's, ready to save."""
        if self._mode is not Mode.VIEW_PBX:
            return
        self._mode = Mode.COPY_PBX
        self._apply_mode()
        self.retranslate()
        self._validate()
        self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- filling and modes --------------------------------------------------------------------

    def _fill(self, contact: Contact | None, *, number: str, name: str) -> None:
        if contact is None:
            self.name_edit.setText(name.strip())
            self.add_number_row(number.strip(), "")
            return
        self.name_edit.setText(contact.name)
        self.organisation_edit.setText(contact.organisation)
        self.department_edit.setText(contact.department)
        self.email_edit.setText(contact.email)
        self.note_edit.setPlainText(contact.note)
        self.favourite_check.setChecked(contact.favourite)
        for stored in contact.numbers or [ContactNumber("", "", "")]:
            self.add_number_row(stored.raw, stored.label)
        # Long names and departments show their beginning, not their end.
        for edit in (self.name_edit, self.organisation_edit, self.department_edit, self.email_edit):
            edit.setCursorPosition(0)

    def _apply_mode(self) -> None:
        read_only = self.is_read_only()
        for edit in (self.name_edit, self.organisation_edit, self.department_edit, self.email_edit):
            edit.setReadOnly(read_only)
        self.note_edit.setReadOnly(read_only)
        self.favourite_check.setEnabled(not read_only)
        self.add_number_button.setVisible(not read_only)
        for row in self.number_rows:
            row.set_read_only(read_only)
        self.save_button.setVisible(not read_only)
        self.copy_button.setVisible(read_only)
        # Read-only, an empty field says nothing: show only what the company's directory knows.
        for field, empty in (
            (self.organisation_edit, not self.organisation_edit.text()),
            (self._email_box, not self.email_edit.text()),
            (self.note_edit, not self.note_edit.toPlainText()),
            (self.favourite_check, False),
        ):
            self.form.setRowVisible(
                field, not (read_only and (empty or field is self.favourite_check))
            )
        if read_only:
            self.copy_button.setDefault(True)
        else:
            self.save_button.setDefault(True)

    def _fix_tab_order(self) -> None:
        chain: list[QWidget] = [self.name_edit, self.organisation_edit, self.department_edit]
        for row in self.number_rows:
            chain += [row.number_edit, row.label_combo, row.remove_button]
        chain += [self.add_number_button, self.email_edit, self.note_edit, self.favourite_check]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # --- checking -----------------------------------------------------------------------------

    def _validate(self) -> None:
        problems: list[str] = []
        if not " ".join(self.name_edit.text().split()):
            problems.append(self.tr("Type a name."))
        seen: dict[str, int] = {}
        own_id = self._contact.id if self._contact is not None else None
        for position, row in enumerate(self.number_rows, start=1):
            check = self._check_number(row, position, seen, own_id)
            if not self.is_read_only():
                row.show_check(check)
            if check.severity is Severity.ERROR:
                problems.append(fill(self.tr("Number %1: %2"), str(position), check.text))
        email = self.email_edit.text().strip()
        if email and not _EMAIL.match(email):
            text = self.tr("An email address is written like name@example.com.")
            self._show_email_problem(text)
            problems.append(text)
        else:
            self._show_email_problem("")
        self.save_button.setEnabled(not problems and not self.is_read_only())
        self.save_button.setToolTip(
            "\n".join(problems) if problems else self.tr("Save the contact")
        )

    def _check_number(
        self, row: NumberRow, position: int, seen: dict[str, int], own_id: int | None
    ) -> Check:
        text = row.number()
        if not text:
            return Check(Severity.OK)
        problem = number_problem(text)
        if problem is not None:
            return Check(Severity.ERROR, problem)
        canonical = parse_number(text).canonical
        first = seen.setdefault(canonical, position)
        if first != position:
            return Check(
                Severity.WARNING,
                fill(self.tr("The same number as number %1: it is saved once."), str(first)),
            )
        owner = self._book.find_by_number(canonical)
        if owner is not None and owner.id != own_id and owner.source is ContactSource.OWN:
            return Check(
                Severity.WARNING,
                fill(self.tr("%1 has this number too."), owner.name),
            )
        return Check(Severity.OK)

    def _show_email_problem(self, text: str) -> None:
        self.email_message.setVisible(bool(text))
        self.email_message.setText(text)
        palette = self.email_message.palette()
        palette.setColor(QPalette.ColorRole.WindowText, error_colour(self.palette()))
        self.email_message.setPalette(palette)
        self.email_edit.setAccessibleDescription(text)

    # --- slots --------------------------------------------------------------------------------

    @Slot()
    def _on_field_changed(self) -> None:
        self._validate()

    @Slot()
    def _on_add_number_button_clicked(self) -> None:
        row = self.add_number_row()
        row.number_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot(object)
    def _on_row_remove_requested(self, row: NumberRow) -> None:
        self.remove_number_row(row)

    @Slot()
    def _on_save_button_clicked(self) -> None:
        self.save()

    @Slot()
    def _on_copy_button_clicked(self) -> None:
        self.copy_to_my_contacts()

    # --- language -----------------------------------------------------------------------------

    def retranslate(self) -> None:
        titles: dict[Mode, Callable[[], str]] = {
            Mode.NEW: lambda: self.tr("New contact"),
            Mode.EDIT: lambda: self.tr("Edit contact"),
            Mode.VIEW_PBX: lambda: self.tr("Company directory entry"),
            Mode.COPY_PBX: lambda: self.tr("New contact"),
        }
        self.setWindowTitle(titles[self._mode]())
        self.name_label.setText(self.tr("&Name:"))
        self.organisation_label.setText(self.tr("&Organisation:"))
        self.department_label.setText(self.tr("&Department:"))
        self.numbers_label.setText(self.tr("N&umbers:"))
        self.email_label.setText(self.tr("&Email:"))
        self.note_label.setText(self.tr("No&te:"))
        self.name_edit.setPlaceholderText(self.tr("Required"))
        self.name_edit.setAccessibleName(self.tr("Name"))
        self.name_edit.setToolTip(self.tr("The name shown in the call history and in search."))
        self.organisation_edit.setAccessibleName(self.tr("Organisation"))
        self.organisation_edit.setToolTip(self.tr("The company or organisation."))
        self.department_edit.setAccessibleName(self.tr("Department"))
        self.department_edit.setToolTip(self.tr("The department; search finds it too."))
        self.numbers_box.setAccessibleName(self.tr("Numbers"))
        self.add_number_button.setText(self.tr("&Add a number"))
        self.add_number_button.setIcon(
            _line_icon("plus", self.palette().color(QPalette.ColorRole.ButtonText))
        )
        self.add_number_button.setAccessibleName(self.tr("Add a number"))
        self.add_number_button.setToolTip(self.tr("Add another number for this contact."))
        self.email_edit.setAccessibleName(self.tr("Email"))
        self.email_edit.setToolTip(self.tr("The email address, kept for export."))
        self.email_message.setAccessibleName(self.tr("Email check"))
        self.note_edit.setAccessibleName(self.tr("Note"))
        self.note_edit.setToolTip(self.tr("Anything worth remembering about this contact."))
        self.favourite_check.setText(self.tr("&Favourite"))
        self.favourite_check.setAccessibleName(self.tr("Favourite"))
        self.favourite_check.setToolTip(
            self.tr("Favourites come first in search and in the tray's Favourites menu.")
        )
        self.save_button.setText(self.tr("&Save"))
        self.save_button.setAccessibleName(self.tr("Save"))
        self.cancel_button.setText(self.tr("Close") if self.is_read_only() else self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.cancel_button.text())
        self.cancel_button.setToolTip(
            self.tr("Close without changing anything")
            if self.is_read_only()
            else self.tr("Close without saving")
        )
        self.copy_button.setText(self.tr("&Copy to my contacts"))
        self.copy_button.setAccessibleName(self.tr("Copy to my contacts"))
        self.copy_button.setToolTip(
            self.tr("Start a contact of your own from this entry, to add numbers, a note…")
        )
        self._show_mode_banner()
        for row in self.number_rows:
            row.retranslate()
        self._validate()

    def _show_mode_banner(self) -> None:
        if self._mode is Mode.VIEW_PBX:
            self.banner.show_message(
                self.tr(
                    "This entry comes from the company's directory and is kept up to date from "
                    "the PBX, so it cannot be changed here. Copy it to your contacts to add "
                    "numbers, an email or a note."
                ),
                level=BannerLevel.INFO,
                closable=False,
            )
        elif self._mode is Mode.COPY_PBX:
            self.banner.show_message(
                self.tr(
                    "A new contact of yours, copied from the company's directory. "
                    "Once saved, search shows your copy for these numbers."
                ),
                level=BannerLevel.INFO,
                closable=False,
            )
        elif self.banner.level() is not BannerLevel.ERROR:
            self.banner.clear()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(max(hint.width(), 560), hint.height())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Selected from its end, so that a long name shows its beginning and typing replaces it.
        length = len(self.name_edit.text())
        self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.name_edit.setSelection(length, -length)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def numbers_summary(numbers: Sequence[ContactNumber]) -> str:
    """The numbers on one line, each with its label: `067 123 45 67 (mobile), 1234`."""
    parts = []
    for number in numbers:
        shown = display_stored_number(number.raw, number.canonical)
        parts.append(f"{shown} ({label_text(number.label)})" if number.label else shown)
    return ", ".join(parts)
