"""The contacts page: the user's contacts and the company's directory, searched as you type.

The list is the directory as search sees it. With an empty search box it is every entry in name
order, favourites first; with text it is `Directory.search` over the whole book, so the table
finds what the quick-dial search finds (either alphabet, any part of a number, departments) and
in the same order. Where one of the user's own contacts has a number, the company's entry for
that number steps back, exactly as in search: what the user wrote wins.

Enter or a double click calls the row's number (the one that matched the search, else the first);
a single click never dials, whatever the platform's click setting, since calls cost money.
"""

from __future__ import annotations

import logging
from enum import IntEnum
from pathlib import Path

from PySide6.QtCore import (
    QCollatorSortKey,
    QEvent,
    QModelIndex,
    QObject,
    QPoint,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QGuiApplication,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fmc_desktop.core.api.errors import FmcError
from fmc_desktop.core.contacts.book import BookCopy, ContactBook
from fmc_desktop.core.contacts.contact import (
    Contact,
    ContactNumber,
    ContactSource,
    visible_contacts,
)
from fmc_desktop.core.contacts.contact_files import ImportReport
from fmc_desktop.core.contacts.directory import Directory
from fmc_desktop.core.numbers.phone import display_stored_number
from fmc_desktop.ui.contacts.collation import name_collator
from fmc_desktop.ui.contacts.contacts_model import (
    Column,
    ContactRow,
    ContactsModel,
    dialable,
    star_icon,
)
from fmc_desktop.ui.contacts.editor import ContactEditor, label_text
from fmc_desktop.ui.contacts.import_export import ContactsImportExport
from fmc_desktop.ui.shell import icons
from fmc_desktop.ui.shell.banner import Banner, BannerLevel
from fmc_desktop.ui.shell.i18n import fill

log = logging.getLogger(__name__)


class ContactFilter(IntEnum):
    ALL = 0
    FAVOURITES = 1
    MINE = 2  # the user's own contacts
    PBX = 3  # the company's directory


# --- the widgets --------------------------------------------------------------------------------


class _ContactTable(QTableView):
    """The table; Enter asks for a call (it never starts an edit: nothing here is edited)."""

    call_key_pressed = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:
        # The department takes about a quarter; names and numbers stretch over the rest.
        width = event.size().width()
        self.horizontalHeader().resizeSection(
            Column.DEPARTMENT, max(100, min(240, round(width * 0.24)))
        )
        super().resizeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & ~(
            Qt.KeyboardModifier.KeypadModifier
        ):
            self.call_key_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class _SearchField(QLineEdit):
    """Down moves into the table, so the keyboard goes search → pick → Enter."""

    down_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.down_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class ContactsView(QWidget):
    """Search, browse, add, edit, delete, favour, import, export and call contacts.

    `call_requested(number, name)` asks the app's one dialling flow to call `number` (canonical);
    `contacts_changed()` after anything here changed the book.
    """

    call_requested = Signal(str, str)
    contacts_changed = Signal()

    def __init__(
        self, book: ContactBook, directory: Directory, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("contactsView")
        self._book = book
        self._directory = directory
        self._filter = ContactFilter.ALL
        self._loaded_revision: int | None = None
        self._stored = BookCopy(book)
        self._browse: tuple[int, list[ContactRow]] | None = None
        self._collator = name_collator()
        self._name_keys: dict[str, QCollatorSortKey] = {}
        self.editor: ContactEditor | None = None  # the editor opened last, while it is open
        self.confirmation: QMessageBox | None = None  # the delete question, while it is asked
        self.context_menu: QMenu | None = None

        self._build_actions()
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("contactsToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.setIconSize(QSize(20, 20))
        for action in (self.new_action, self.edit_action, self.delete_action):
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.favourite_action)
        self.toolbar.addAction(self.call_action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.import_action)
        self.toolbar.addAction(self.export_action)
        self.call_menu = QMenu(self)
        self.call_menu.setObjectName("callNumberMenu")

        self.search_edit = _SearchField(self)
        self.search_edit.setObjectName("contactsSearch")
        self.search_edit.setClearButtonEnabled(True)
        self._search_icon = self.search_edit.addAction(
            QIcon(), QLineEdit.ActionPosition.LeadingPosition
        )
        self.filter_combo = QComboBox(self)
        self.filter_combo.setObjectName("contactsFilter")
        self.filter_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for choice in ContactFilter:
            self.filter_combo.addItem("", int(choice))

        self.banner = Banner(self)
        self.transfer = ContactsImportExport(book, self.banner, self)
        self.model = ContactsModel(self)
        self.table = _ContactTable(self)
        self.table.setObjectName("contactsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 12)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(Column.FAVOURITE, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(Column.FAVOURITE, 30)
        # Names and numbers share what the department leaves (_ContactTable.resizeEvent).
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.NUMBERS, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.DEPARTMENT, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(Column.DEPARTMENT, 200)
        self.table.addAction(self.delete_action)
        self.table.addAction(self.edit_action)
        self.addAction(self.new_action)

        self.hint = QLabel(self)
        self.hint.setObjectName("contactsHint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setMargin(24)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.hint)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("contactsCount")

        search_row = QHBoxLayout()
        search_row.setSpacing(8)
        search_row.addWidget(self.search_edit, 1)
        search_row.addWidget(self.filter_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 6)
        layout.setSpacing(6)
        layout.addWidget(self.toolbar)
        layout.addLayout(search_row)
        layout.addWidget(self.banner)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.count_label)

        self.setFocusProxy(self.search_edit)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.search_edit.returnPressed.connect(self._on_search_edit_return_pressed)
        self.search_edit.down_pressed.connect(self._on_search_edit_down_pressed)
        self.filter_combo.currentIndexChanged.connect(self._on_filter_combo_current_index_changed)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.call_key_pressed.connect(self._on_table_call_key_pressed)
        self.table.customContextMenuRequested.connect(self._on_table_context_menu_requested)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self.transfer.imported.connect(self._on_transfer_imported)

        self.retranslate()
        self._apply_icons()
        # Listed when first shown (showEvent): a page that is never opened never reads the book.

    def _build_actions(self) -> None:
        def action(name: str, shortcut: QKeySequence | None = None) -> QAction:
            made = QAction(self)
            made.setObjectName(name)
            if shortcut is not None:
                made.setShortcut(shortcut)
            return made

        self.new_action = action("newContactAction", QKeySequence("Ctrl+N"))
        self.new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.edit_action = action("editContactAction", QKeySequence("F2"))
        self.edit_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        # Only where the table has the focus: Delete in the search box deletes a letter.
        self.delete_action = action(
            "deleteContactAction", QKeySequence(QKeySequence.StandardKey.Delete)
        )
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.favourite_action = action("favouriteContactAction")
        self.favourite_action.setCheckable(True)
        self.call_action = action("callContactAction")
        self.copy_number_action = action("copyNumberAction")
        self.import_action = action("importContactsAction")
        self.export_action = action("exportContactsAction")

        self.new_action.triggered.connect(self._on_new_action_triggered)
        self.edit_action.triggered.connect(self._on_edit_action_triggered)
        self.delete_action.triggered.connect(self._on_delete_action_triggered)
        self.favourite_action.triggered.connect(self._on_favourite_action_triggered)
        self.call_action.triggered.connect(self._on_call_action_triggered)
        self.copy_number_action.triggered.connect(self._on_copy_number_action_triggered)
        self.import_action.triggered.connect(self._on_import_action_triggered)
        self.export_action.triggered.connect(self._on_export_action_triggered)

    # --- the public API -----------------------------------------------------------------------

    def refresh(self) -> None:
        """List again: after the book changed elsewhere (a sync, an import from the menu)."""
        current = self.current_contact()
        current_id = current.id if current is not None else None
        rows = self._rows_for(self.search_edit.text().strip())
        self.model.set_rows(rows)
        self._loaded_revision = self._book.revision
        row = self.model.row_of(current_id) if current_id is not None else -1
        if row < 0 and rows:
            row = 0
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, Column.NAME))
            self.table.scrollTo(self.model.index(row, Column.NAME))
        self._update_hint()
        self._update_actions()

    def set_query(self, text: str) -> None:
        self.search_edit.setText(text)  # lists again through textChanged

    def query(self) -> str:
        return self.search_edit.text()

    def set_filter(self, choice: ContactFilter) -> None:
        self.filter_combo.setCurrentIndex(self.filter_combo.findData(int(choice)))

    def filter(self) -> ContactFilter:
        return self._filter

    def rows(self) -> list[ContactRow]:
        return self.model.rows()

    def current_row(self) -> ContactRow | None:
        index = self.table.currentIndex()
        return self.model.row_data(index.row()) if index.isValid() else None

    def current_contact(self) -> Contact | None:
        row = self.current_row()
        return row.contact if row is not None else None

    def select_contact(self, contact_id: int) -> bool:
        row = self.model.row_of(contact_id)
        if row < 0:
            return False
        self.table.setCurrentIndex(self.model.index(row, Column.NAME))
        return True

    def new_contact(self, number: str = "", name: str = "") -> ContactEditor:
        """Open the editor for a new contact; the list follows when it is saved."""
        return self._open_editor(None, number=number, name=name)

    def edit_current(self) -> ContactEditor | None:
        """Open the current contact (read-only for a company directory entry)."""
        current = self.current_contact()
        if current is None or current.id is None:
            return None
        # The stored copy: the listed one may show a PBX entry with some numbers held back.
        stored = self._book.get(current.id)
        if stored is None:
            self.refresh()
            return None
        return self._open_editor(stored)

    def delete_current(self) -> QMessageBox | None:
        """Ask whether to delete the current contact; it goes if the user says Delete."""
        current = self.current_contact()
        if current is None or current.id is None:
            return None
        box = QMessageBox(self)
        box.setObjectName("deleteContactQuestion")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Delete contact"))
        box.setText(fill(self.tr("Delete %1?"), current.name))
        if current.source is ContactSource.PBX:
            box.setInformativeText(
                self.tr(
                    "This entry is from the company's directory: it comes back if the PBX names "
                    "this person in a later call."
                )
            )
        else:
            box.setInformativeText(self.tr("This cannot be undone."))
        delete_button = box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        delete_button.setObjectName("confirmDeleteButton")
        delete_button.setAccessibleName(self.tr("Delete"))
        cancel_button = box.addButton(QMessageBox.StandardButton.Cancel)
        cancel_button.setAccessibleName(self.tr("Cancel"))
        box.setDefaultButton(cancel_button)
        box.setEscapeButton(cancel_button)
        contact_id = current.id

        def answered() -> None:
            if box.clickedButton() is delete_button:
                self._delete(contact_id)
            self.confirmation = None

        box.finished.connect(answered)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.confirmation = box
        box.open()
        return box

    def set_current_favourite(self, favourite: bool) -> None:
        current = self.current_contact()
        if current is None or current.id is None:
            return
        try:
            self._book.set_favourite(current.id, favourite)
        except FmcError as error:
            self._show_error(error.message)
        self._changed()

    def call_current(self, number: str | None = None) -> bool:
        """Ask to call the current contact (`number`, canonical, or the row's); False if none."""
        row = self.current_row()
        if row is None:
            return False
        wanted = number if number is not None else row.call_number
        if not wanted:
            return False
        self.call_requested.emit(wanted, row.contact.name)
        return True

    def import_from(self, path: Path) -> ImportReport | None:
        """Import a .vcf or .csv file into the book and say what came in; None if it could not."""
        return self.transfer.import_from(path)

    def export_to(self, path: Path) -> int | None:
        """Write the contacts the filter shows (not only the search's) to a .vcf or .csv file."""
        return self.transfer.export_to(self._exported(), path)

    # --- listing ------------------------------------------------------------------------------

    def _rows_for(self, query: str) -> list[ContactRow]:
        if not query:
            return self._filtered(self._browse_rows())
        # The whole book, in search's own order: the table is the search, not a page of it.
        limit = len(self._directory) + 1
        rows = [
            ContactRow(match.contact, match.number)
            for match in self._directory.search(query, limit)
            if match.contact is not None and match.contact.id is not None
        ]
        return self._filtered(rows)

    def _browse_rows(self) -> list[ContactRow]:
        revision = self._book.revision
        if self._browse is None or self._browse[0] != revision:
            contacts = visible_contacts(self._stored.contacts().values())
            contacts.sort(key=lambda c: (not c.favourite, self._name_key(c.name), c.id or 0))
            rows = [ContactRow(c, c.numbers[0] if c.numbers else None) for c in contacts]
            self._browse = (revision, rows)
        return self._browse[1]

    def _name_key(self, name: str) -> QCollatorSortKey:
        key = self._name_keys.get(name)
        if key is None:
            key = self._name_keys[name] = self._collator.sortKey(name)
        return key

    def _filtered(self, rows: list[ContactRow]) -> list[ContactRow]:
        if self._filter is ContactFilter.FAVOURITES:
            return [r for r in rows if r.contact.favourite]
        if self._filter is ContactFilter.MINE:
            return [r for r in rows if r.contact.source is ContactSource.OWN]
        if self._filter is ContactFilter.PBX:
            return [r for r in rows if r.contact.source is ContactSource.PBX]
        return rows

    def _update_hint(self) -> None:
        count = self.model.rowCount()
        query = self.search_edit.text().strip()
        if count:
            self.pages.setCurrentWidget(self.table)
        else:
            if query:
                text = fill(self.tr("Nobody matches “%1”."), query)
            elif self._filter is ContactFilter.FAVOURITES:
                text = self.tr(
                    "No favourites yet. Pick a contact and press Favourite to keep it on top."
                )
            elif self._filter is ContactFilter.PBX:
                text = self.tr(
                    "The company's directory is empty. It fills in from the names the PBX sends "
                    "with your calls."
                )
            else:
                text = self.tr("No contacts yet. Add one with New, or import a vCard or CSV file.")
            self.hint.setText(text)
            self.pages.setCurrentWidget(self.hint)
        self.count_label.setText(fill(self.tr("Contacts listed: %1"), str(count)))
        self.hint.setAccessibleName(self.hint.text())

    def _update_actions(self) -> None:
        row = self.current_row()
        contact = row.contact if row is not None else None
        has = contact is not None
        from_pbx = contact is not None and contact.source is ContactSource.PBX
        self.edit_action.setEnabled(has)
        self.delete_action.setEnabled(has)
        self.favourite_action.setEnabled(has)
        self.favourite_action.setChecked(bool(contact is not None and contact.favourite))
        self.call_action.setEnabled(bool(row is not None and row.call_number))
        self.copy_number_action.setEnabled(bool(row is not None and row.call_number))
        self.edit_action.setText(self.tr("&Open") if from_pbx else self.tr("&Edit"))
        self.edit_action.setToolTip(
            self.tr("Open this entry of the company's directory (F2)")
            if from_pbx
            else self.tr("Edit the contact (F2)")
        )
        self._rebuild_call_menu(row)
        self._name_toolbar_buttons()
        self._fit_toolbar()

    def _rebuild_call_menu(self, row: ContactRow | None) -> None:
        self.call_menu.clear()
        numbers = [n for n in (row.contact.numbers if row is not None else []) if dialable(n)]
        button = self.toolbar.widgetForAction(self.call_action)
        if not isinstance(button, QToolButton):
            return
        if len(numbers) < 2:
            button.setMenu(None)  # type: ignore[arg-type]
            button.setPopupMode(QToolButton.ToolButtonPopupMode.DelayedPopup)
            return
        for number in numbers:
            self.call_menu.addAction(self._call_number_action(number, self.call_menu))
        button.setMenu(self.call_menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)

    def _call_number_action(self, number: ContactNumber, parent: QObject) -> QAction:
        shown = display_stored_number(number.raw, number.canonical)
        text = f"{shown} ({label_text(number.label)})" if number.label else shown
        made = QAction(fill(self.tr("Call %1"), text), parent)
        made.setIcon(self.call_action.icon())
        made.setData(dialable(number))
        made.triggered.connect(self._on_call_number_action_triggered)
        return made

    # --- changing the book --------------------------------------------------------------------

    def _open_editor(
        self, contact: Contact | None, *, number: str = "", name: str = ""
    ) -> ContactEditor:
        editor = ContactEditor(self._book, contact=contact, number=number, name=name, parent=self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(self._on_editor_saved)
        editor.finished.connect(self._on_editor_finished)
        self.editor = editor
        editor.open()
        return editor

    def _delete(self, contact_id: int) -> None:
        try:
            self._book.delete(contact_id)
        except FmcError as error:
            self._show_error(error.message)
        self._changed()

    def _changed(self) -> None:
        self.refresh()
        self.contacts_changed.emit()

    def _show_error(self, text: str) -> None:
        self.banner.show_message(text, level=BannerLevel.ERROR)

    # --- slots --------------------------------------------------------------------------------

    @Slot(str)
    def _on_search_edit_text_changed(self, _text: str) -> None:
        self.refresh()

    @Slot()
    def _on_search_edit_return_pressed(self) -> None:
        self.call_current()

    @Slot()
    def _on_search_edit_down_pressed(self) -> None:
        if self.model.rowCount():
            self.table.setFocus(Qt.FocusReason.TabFocusReason)
            if not self.table.currentIndex().isValid():
                self.table.setCurrentIndex(self.model.index(0, Column.NAME))

    @Slot(int)
    def _on_filter_combo_current_index_changed(self, index: int) -> None:
        data = self.filter_combo.itemData(index)
        self._filter = ContactFilter(int(data)) if data is not None else ContactFilter.ALL
        self.refresh()

    @Slot(QModelIndex)
    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.table.setCurrentIndex(index)
            self.call_current()

    @Slot()
    def _on_table_call_key_pressed(self) -> None:
        self.call_current()

    @Slot(QPoint)
    def _on_table_context_menu_requested(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if index.isValid():
            self.table.setCurrentIndex(index)
        menu = self.build_context_menu()
        menu.popup(self.table.viewport().mapToGlobal(position))

    def build_context_menu(self) -> QMenu:
        """The right-click menu for the current row: the toolbar's actions, and each number."""
        menu = QMenu(self)
        menu.setObjectName("contactsContextMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        row = self.current_row()
        if row is not None:
            numbers = [n for n in row.contact.numbers if dialable(n)]
            if len(numbers) > 1:
                for number in numbers:
                    menu.addAction(self._call_number_action(number, menu))
            else:
                menu.addAction(self.call_action)
            menu.addAction(self.copy_number_action)
            menu.addSeparator()
            menu.addAction(self.edit_action)
            menu.addAction(self.favourite_action)
            menu.addAction(self.delete_action)
            menu.addSeparator()
        menu.addAction(self.new_action)
        self.context_menu = menu
        return menu

    @Slot(QModelIndex, QModelIndex)
    def _on_table_current_row_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_actions()

    @Slot()
    def _on_new_action_triggered(self) -> None:
        self.new_contact()

    @Slot()
    def _on_edit_action_triggered(self) -> None:
        self.edit_current()

    @Slot()
    def _on_delete_action_triggered(self) -> None:
        self.delete_current()

    @Slot(bool)
    def _on_favourite_action_triggered(self, checked: bool) -> None:
        self.set_current_favourite(checked)

    @Slot()
    def _on_call_action_triggered(self) -> None:
        self.call_current()

    @Slot()
    def _on_call_number_action_triggered(self) -> None:
        sender = self.sender()
        if isinstance(sender, QAction):
            self.call_current(str(sender.data() or ""))

    @Slot()
    def _on_copy_number_action_triggered(self) -> None:
        row = self.current_row()
        if row is not None and row.call_number:
            QGuiApplication.clipboard().setText(row.call_number)

    @Slot()
    def _on_import_action_triggered(self) -> None:
        self.transfer.choose_file_to_import()

    @Slot()
    def _on_export_action_triggered(self) -> None:
        self.transfer.choose_file_to_export(self._exported(), self._export_title())

    @Slot()
    def _on_transfer_imported(self) -> None:
        self._changed()

    def _exported(self) -> list[Contact]:
        return [row.contact for row in self._filtered(self._browse_rows())]

    def _export_title(self) -> str:
        titles = {
            ContactFilter.ALL: self.tr("Export all contacts"),
            ContactFilter.FAVOURITES: self.tr("Export favourites"),
            ContactFilter.MINE: self.tr("Export my contacts"),
            ContactFilter.PBX: self.tr("Export the company's directory"),
        }
        return titles[self._filter]

    @Slot(object)
    def _on_editor_saved(self, contact: Contact) -> None:
        self.refresh()
        if contact.id is not None and not self.select_contact(contact.id):
            # Saved, but hidden by the search or the filter: show everything so it can be seen.
            self.search_edit.blockSignals(True)
            self.search_edit.clear()
            self.search_edit.blockSignals(False)
            self.set_filter(ContactFilter.ALL)
            self.refresh()
            self.select_contact(contact.id)
        self.contacts_changed.emit()

    @Slot(int)
    def _on_editor_finished(self, _result: int) -> None:
        self.editor = None

    # --- looks and language -------------------------------------------------------------------

    def _apply_icons(self) -> None:
        text = self.palette().color(QPalette.ColorRole.ButtonText)
        self.new_action.setIcon(icons.icon("new-contact", tint=text))
        self.edit_action.setIcon(icons.icon("edit", tint=text))
        self.delete_action.setIcon(icons.icon("delete", tint=text))
        self.import_action.setIcon(icons.icon("import", tint=text))
        self.export_action.setIcon(icons.icon("export", tint=text))
        self.call_action.setIcon(icons.icon("call", tint=text))
        # A filled star while the contact is a favourite, an outline while it is not.
        favourite = QIcon()
        for size in (16, 20, 24, 32):
            favourite.addPixmap(star_icon().pixmap(size), QIcon.Mode.Normal, QIcon.State.On)
            favourite.addPixmap(
                star_icon(filled=False, colour=text).pixmap(size),
                QIcon.Mode.Normal,
                QIcon.State.Off,
            )
        self.favourite_action.setIcon(favourite)
        self._search_icon.setIcon(
            icons.icon("search", tint=self.palette().color(QPalette.ColorRole.PlaceholderText))
        )
        muted = QColor(self.palette().color(QPalette.ColorRole.WindowText))
        muted.setAlphaF(0.65)
        for label in (self.hint, self.count_label):
            palette = label.palette()
            palette.setColor(QPalette.ColorRole.WindowText, muted)
            label.setPalette(palette)

    def _name_toolbar_buttons(self) -> None:
        for action in self.toolbar.actions():
            button = self.toolbar.widgetForAction(action)
            if button is not None and not action.isSeparator():
                button.setAccessibleName(action.text().replace("&", ""))

    def retranslate(self) -> None:
        self.new_action.setText(self.tr("&New"))
        self.new_action.setToolTip(self.tr("Add a contact (Ctrl+N)"))
        self.delete_action.setText(self.tr("&Delete"))
        self.delete_action.setToolTip(self.tr("Delete the contact (Del)"))
        self.favourite_action.setText(self.tr("&Favourite"))
        self.favourite_action.setToolTip(
            self.tr("Keep this contact on top of the list, of search and of the tray's menu")
        )
        self.call_action.setText(self.tr("&Call"))
        self.call_action.setToolTip(self.tr("Call the contact's number (Enter)"))
        self.copy_number_action.setText(self.tr("Cop&y number"))
        self.copy_number_action.setToolTip(self.tr("Copy the number to the clipboard"))
        self.import_action.setText(self.tr("&Import…"))
        self.import_action.setToolTip(
            self.tr("Add contacts from a vCard (.vcf) or CSV file from Google or Outlook")
        )
        self.export_action.setText(self.tr("E&xport…"))
        self.export_action.setToolTip(
            self.tr("Save the listed contacts (with the filter, not the search) as vCard or CSV")
        )
        self.toolbar.setAccessibleName(self.tr("Contact actions"))
        self.toolbar.setWindowTitle(self.tr("Contact actions"))
        self.call_menu.setTitle(self.tr("Call a number"))
        self.search_edit.setPlaceholderText(
            self.tr("Search by name, any part of a number or department")
        )
        self.search_edit.setAccessibleName(self.tr("Search contacts"))
        self.search_edit.setToolTip(
            self.tr(
                "Finds names in Latin or Cyrillic letters, any part of a number, departments; "
                "Enter calls the contact selected below."
            )
        )
        self._search_icon.setToolTip(self.tr("Search contacts"))
        for shown_by in self._search_icon.associatedObjects():
            if isinstance(shown_by, QWidget):
                shown_by.setAccessibleName(self.tr("Search contacts"))
        names = {
            ContactFilter.ALL: self.tr("All"),
            ContactFilter.FAVOURITES: self.tr("Favourites"),
            ContactFilter.MINE: self.tr("My contacts"),
            ContactFilter.PBX: self.tr("Company directory"),
        }
        for choice, text in names.items():
            self.filter_combo.setItemText(self.filter_combo.findData(int(choice)), text)
        self.filter_combo.setAccessibleName(self.tr("Show"))
        self.filter_combo.setToolTip(
            self.tr(
                "Which contacts to list: all, favourites, the ones you added or imported, or the "
                "company's directory learnt from the PBX"
            )
        )
        self.table.setAccessibleName(self.tr("Contacts"))
        self.table.setToolTip(self.tr("Enter or a double click calls; right-click for more"))
        self.count_label.setAccessibleName(self.tr("Number of contacts listed"))
        self.model.retranslate()
        self._update_hint()
        self._update_actions()

    def _fit_toolbar(self) -> None:
        """Drop the buttons' words when they do not fit: Import and Export's first, then all."""
        toolbar_layout = self.toolbar.layout()
        spacing = toolbar_layout.spacing() if toolbar_layout is not None else 0
        # Room for the toolbar's own margins, the separators and the handle it may draw.
        room = self.toolbar.width() - 24 if self.toolbar.width() > 0 else self.width() - 40
        secondary = {self.import_action, self.export_action}
        actions = [a for a in self.toolbar.actions() if not a.isSeparator()]
        for words_on in (set(actions), set(actions) - secondary, set()):
            width = 0
            for action in self.toolbar.actions():
                button = self.toolbar.widgetForAction(action)
                if isinstance(button, QToolButton):
                    button.setToolButtonStyle(
                        Qt.ToolButtonStyle.ToolButtonTextBesideIcon
                        if action in words_on
                        else Qt.ToolButtonStyle.ToolButtonIconOnly
                    )
                    width += button.sizeHint().width() + spacing
                elif button is not None:
                    width += button.sizeHint().width()
            if width <= room:
                return

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_toolbar()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.LocaleChange:
            # Another UI language sorts names by its own alphabet.
            self._collator = name_collator(self.locale())
            self._name_keys.clear()
            self._browse = None
            if self.isVisible():
                self.refresh()
        elif event.type() == QEvent.Type.PaletteChange:
            self._apply_icons()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        # A sync may have taught the company's directory new names while the page was hidden.
        if self._loaded_revision != self._book.revision:
            self.refresh()
        super().showEvent(event)
