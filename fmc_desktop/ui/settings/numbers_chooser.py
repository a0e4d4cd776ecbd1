"""Choosing the user's own numbers and the company's, from the numbers its recent calls name."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import timedelta

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fmc_desktop.core.api.client import FetchFlags
from fmc_desktop.core.api.clock import Clock
from fmc_desktop.core.api.errors import InvalidNumberError
from fmc_desktop.core.api.factory import ClientFactory
from fmc_desktop.core.api.records import CallRecord
from fmc_desktop.core.numbers.phone import canonical, display_number, parse_number
from fmc_desktop.core.search.matching import found, grow, number_pieces, query_terms, text_pieces
from fmc_desktop.ui.contacts.collation import name_collator
from fmc_desktop.ui.settings.widgets import set_text_colour
from fmc_desktop.ui.shell.theme import error_colour

# How far back the numbers are looked for: long enough to see most people call.
DISCOVERY_SPAN = timedelta(days=7)


@dataclass(frozen=True)
class NumberEntry:
    """A number of the company, with what the address book says about it."""

    number: str  # canonical
    name: str = ""
    department: str = ""
    calls: int = 0


def company_numbers_in(records: Iterable[CallRecord]) -> list[NumberEntry]:
    """The numbers the PBX's address book names in these calls, most active first then by name.

    Only the company's own subscribers are in its address book, so a name marks a number of
    the company; the number of calls puts the people who phone most at the top.
    """
    found: dict[str, NumberEntry] = {}
    for record in records:
        for number, name, department in (
            (record.calling_number, record.calling_name, record.calling_department),
            (record.called_number, record.called_name, record.called_department),
        ):
            if not name or not name.strip():
                continue
            key = canonical(number)
            known = found.get(key)
            if known is None:
                found[key] = NumberEntry(key, name.strip(), (department or "").strip(), 1)
            else:
                found[key] = replace(
                    known,
                    calls=known.calls + 1,
                    department=known.department or (department or "").strip(),
                )
    collator = name_collator()
    return sorted(found.values(), key=lambda entry: (collator.sortKey(entry.name), entry.number))


class _Column:
    MINE = 0
    COMPANY = 1
    NAME = 2
    NUMBER = 3
    DEPARTMENT = 4


class NumberChooser(QWidget):
    """The company's numbers in a list: tick which are the user's own and which are the company's.

    `changed` whenever a tick or the list changes.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._updating = False
        self.filter_field = QLineEdit(self)
        self.filter_field.setObjectName("numberFilter")
        self.filter_field.setClearButtonEnabled(True)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("numberList")
        self.tree.setColumnCount(5)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setSortingEnabled(False)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(_Column.MINE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(_Column.COMPANY, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(_Column.NAME, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(_Column.NUMBER, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setColumnWidth(_Column.NAME, 200)
        self.add_field = QLineEdit(self)
        self.add_field.setObjectName("addNumber")
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("addNumberButton")
        self.add_button.setAutoDefault(False)
        self.add_problem = QLabel(self)
        self.add_problem.setWordWrap(True)
        self.add_problem.setVisible(False)

        self.filter_field.textChanged.connect(self._on_filter_field_text_changed)
        self.tree.itemChanged.connect(self._on_tree_item_changed)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.add_field.returnPressed.connect(self._on_add_button_clicked)
        self.add_field.textChanged.connect(self._on_add_field_text_changed)

        add_row = QHBoxLayout()
        add_row.setSpacing(8)
        add_row.addWidget(self.add_field, 1)
        add_row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.filter_field)
        layout.addWidget(self.tree, 1)
        layout.addLayout(add_row)
        layout.addWidget(self.add_problem)
        self._retranslate()
        self._on_add_field_text_changed("")

    # --- content --------------------------------------------------------------------------------

    def set_entries(
        self,
        entries: Iterable[NumberEntry],
        *,
        own: Iterable[str] = (),
        company: Iterable[str] | None = None,
    ) -> None:
        """Fill the list; `company` None ticks every number as the company's."""
        own_set = {canonical(number) for number in own}
        company_set = None if company is None else {canonical(number) for number in company}
        listed = {entry.number: entry for entry in entries}
        # Numbers chosen earlier stay listed even when the recent calls did not show them.
        for number in [*own_set, *(company_set or set())]:
            listed.setdefault(number, NumberEntry(number))
        self._updating = True
        try:
            self.tree.clear()
            collator = name_collator()
            ordered = sorted(
                listed.values(),
                key=lambda entry: (not entry.name, collator.sortKey(entry.name), entry.number),
            )
            for entry in ordered:
                in_company = company_set is None or entry.number in company_set
                self._add_item(entry, mine=entry.number in own_set, company=in_company)
        finally:
            self._updating = False
        self._apply_filter()
        self.changed.emit()

    def _add_item(self, entry: NumberEntry, *, mine: bool, company: bool) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree)
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )
        item.setData(_Column.NUMBER, Qt.ItemDataRole.UserRole, entry.number)
        item.setCheckState(_Column.MINE, Qt.CheckState.Checked if mine else Qt.CheckState.Unchecked)
        item.setCheckState(
            _Column.COMPANY, Qt.CheckState.Checked if company else Qt.CheckState.Unchecked
        )
        item.setText(_Column.NAME, entry.name)
        item.setText(_Column.NUMBER, display_number(entry.number))
        item.setText(_Column.DEPARTMENT, entry.department)
        self._describe_item(item)
        return item

    def _describe_item(self, item: QTreeWidgetItem) -> None:
        who = item.text(_Column.NAME) or item.text(_Column.NUMBER)
        item.setToolTip(_Column.MINE, self.tr("{who} is my number").format(who=who))
        item.setToolTip(_Column.COMPANY, self.tr("{who} is a company number").format(who=who))

    def items(self) -> list[QTreeWidgetItem]:
        found = (self.tree.topLevelItem(row) for row in range(self.tree.topLevelItemCount()))
        return [item for item in found if item is not None]

    def item_for(self, number: str) -> QTreeWidgetItem | None:
        key = canonical(number)
        for item in self.items():
            if item.data(_Column.NUMBER, Qt.ItemDataRole.UserRole) == key:
                return item
        return None

    def numbers(self) -> list[str]:
        """Every listed number (canonical), in list order."""
        return [str(item.data(_Column.NUMBER, Qt.ItemDataRole.UserRole)) for item in self.items()]

    def _checked(self, column: int) -> list[str]:
        return [
            str(item.data(_Column.NUMBER, Qt.ItemDataRole.UserRole))
            for item in self.items()
            if item.checkState(column) == Qt.CheckState.Checked
        ]

    def own_numbers(self) -> list[str]:
        return self._checked(_Column.MINE)

    def company_numbers(self) -> list[str]:
        return self._checked(_Column.COMPANY)

    def name_of(self, number: str) -> str:
        item = self.item_for(number)
        return item.text(_Column.NAME) if item is not None else ""

    def set_mine(self, number: str, mine: bool = True) -> None:
        item = self.item_for(number)
        if item is None:
            item = self._add_item(NumberEntry(canonical(number)), mine=mine, company=True)
        item.setCheckState(_Column.MINE, Qt.CheckState.Checked if mine else Qt.CheckState.Unchecked)

    def add_number(self, text: str) -> bool:
        """Add a number typed by hand, ticked as the user's own; False (and why) if not one."""
        try:
            number = parse_number(text).canonical
        except InvalidNumberError:
            self.add_problem.setText(self.tr("That is not a phone number."))
            set_text_colour(self.add_problem, error_colour(self.palette()))
            self.add_problem.setVisible(True)
            return False
        self.add_problem.setVisible(False)
        existing = self.item_for(number)
        if existing is None:
            existing = self._add_item(NumberEntry(number), mine=True, company=True)
        else:
            existing.setCheckState(_Column.MINE, Qt.CheckState.Checked)
        self.tree.scrollToItem(existing)
        self.tree.setCurrentItem(existing)
        self.add_field.clear()
        self.changed.emit()
        return True

    # --- slots ----------------------------------------------------------------------------------

    @Slot(QTreeWidgetItem, int)
    def _on_tree_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._updating:
            return
        if column == _Column.MINE and item.checkState(_Column.MINE) == Qt.CheckState.Checked:
            # The user's own number is a company number by definition.
            item.setCheckState(_Column.COMPANY, Qt.CheckState.Checked)
        self.changed.emit()

    @Slot(str)
    def _on_filter_field_text_changed(self, _text: str) -> None:
        self._apply_filter()

    def _apply_filter(self) -> None:
        # The same matching as the history's and the contacts' search boxes: a number typed with
        # spaces or dashes, a name in either alphabet or spelled by sound finds what it finds there.
        terms = query_terms(self.filter_field.text())
        for item in self.items():
            item.setHidden(bool(terms) and not found(terms, self._search_text(item)))

    @staticmethod
    def _search_text(item: QTreeWidgetItem) -> str:
        number = str(item.data(_Column.NUMBER, Qt.ItemDataRole.UserRole))
        pieces = number_pieces(number)
        for text in (item.text(_Column.NAME), item.text(_Column.DEPARTMENT)):
            if text:
                pieces.extend(text_pieces(text))
        return grow("", pieces)

    @Slot()
    def _on_add_button_clicked(self) -> None:
        if self.add_field.text().strip():
            self.add_number(self.add_field.text())

    @Slot(str)
    def _on_add_field_text_changed(self, text: str) -> None:
        self.add_button.setEnabled(bool(text.strip()))
        self.add_problem.setVisible(False)

    # --- language -------------------------------------------------------------------------------

    def _retranslate(self) -> None:
        self.filter_field.setPlaceholderText(self.tr("Find by name, number or department"))
        self.filter_field.setAccessibleName(self.tr("Find a number"))
        self.tree.setHeaderLabels(
            [
                self.tr("Mine"),
                self.tr("Company"),
                self.tr("Name"),
                self.tr("Number"),
                self.tr("Department"),
            ]
        )
        self.tree.setAccessibleName(self.tr("Company numbers"))
        self.tree.setAccessibleDescription(
            self.tr("Tick your own numbers in the first column and the company's in the second.")
        )
        self.add_field.setPlaceholderText(self.tr("Another number of yours, e.g. 067 123 45 67"))
        self.add_field.setAccessibleName(self.tr("Number to add"))
        self.add_button.setText(self.tr("Add"))
        self.add_button.setAccessibleName(self.tr("Add the number"))
        self.add_problem.setAccessibleName(self.tr("Number check"))
        for item in self.items():
            self._describe_item(item)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


def discover_numbers(client_factory: ClientFactory, token: str, clock: Clock) -> list[NumberEntry]:
    """The company's numbers from the last days of its calls (runs on a worker thread)."""
    with client_factory(token) as client:
        now = clock.now()
        result = client.fetch_period(
            now - DISCOVERY_SPAN, now, flags=FetchFlags(names=True, departments=True)
        )
    return company_numbers_in(result.records)
