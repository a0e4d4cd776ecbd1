"""Import and export on the contacts page: the file dialogs, what the banner says, the Why? list."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from fmc_desktop.core.api.errors import FmcError
from fmc_desktop.core.contacts.book import ContactBook
from fmc_desktop.core.contacts.contact import Contact
from fmc_desktop.core.contacts.contact_files import ImportReport, export_contacts, import_contacts
from fmc_desktop.ui.contacts.import_report import file_problem_text, problem_text
from fmc_desktop.ui.shell.banner import Banner, BannerLevel
from fmc_desktop.ui.shell.i18n import fill

log = logging.getLogger(__name__)

# How many problems of an import the "Why?" dialog lists before the rest go under its details.
REJECTED_SHOWN = 15


class ContactsImportExport(QObject):
    """Reads a contact file into the book, writes contacts to one, and says how it went in the
    page's banner, whose "Why?" lists what an import left out. `imported()` after the book took
    in a file.
    """

    imported = Signal()

    def __init__(self, book: ContactBook, banner: Banner, page: QWidget) -> None:
        super().__init__(page)
        self._book = book
        self._banner = banner
        self._page = page  # the dialogs' parent
        self._last_import: ImportReport | None = None
        banner.action_triggered.connect(self._on_banner_action_triggered)

    def import_from(self, path: Path) -> ImportReport | None:
        """Import a .vcf or .csv file into the book and say what came in; None if it could not."""
        try:
            report = import_contacts(self._book, path)
        except FmcError as error:
            log.warning("contacts not imported from %s: %s", path.name, error.message)
            self._last_import = None
            self._banner.show_message(
                fill(self.tr("%1 could not be imported: %2"), path.name, file_problem_text(error)),
                level=BannerLevel.ERROR,
            )
            return None
        self._last_import = report
        # "added: 3" rather than "3 contacts added": right for every count, in both languages.
        parts = [
            fill(self.tr("added: %1"), str(report.added)),
            fill(self.tr("merged into contacts you had: %1"), str(report.merged)),
        ]
        if report.rejected:
            parts.append(fill(self.tr("left out: %1"), str(len(report.rejected))))
        text = fill(self.tr("Imported from %1, %2."), path.name, ", ".join(parts))
        self._banner.show_message(
            text,
            level=BannerLevel.WARNING if report.rejected else BannerLevel.INFO,
            action_text=self.tr("Why?") if report.rejected else None,
        )
        self.imported.emit()
        return report

    def export_to(self, contacts: Sequence[Contact], path: Path) -> int | None:
        """Write `contacts` to a .vcf or .csv file and say so; None if it could not."""
        try:
            written = export_contacts(contacts, path)
        except FmcError as error:
            log.warning("contacts not exported to %s: %s", path.name, error.message)
            self._banner.show_message(
                fill(self.tr("The contacts could not be exported: %1"), error.message),
                level=BannerLevel.ERROR,
            )
            return None
        self._last_import = None
        self._banner.show_message(
            fill(self.tr("Contacts exported to %1: %2."), path.name, str(written)),
            level=BannerLevel.INFO,
        )
        return written

    def choose_file_to_import(self) -> None:
        """Ask for a .vcf or .csv file and import it."""
        path, _chosen = QFileDialog.getOpenFileName(
            self._page,
            self.tr("Import contacts"),
            str(Path.home()),
            self.tr("Contacts (*.vcf *.vcard *.csv);;vCard (*.vcf *.vcard);;CSV (*.csv)"),
        )
        if path:
            self.import_from(Path(path))

    def choose_file_to_export(self, contacts: Sequence[Contact], title: str) -> None:
        """Ask where to save `contacts`, as vCard or CSV, and write them there."""
        vcard = self.tr("vCard (*.vcf)")
        csv = self.tr("CSV for Google Contacts, Outlook and spreadsheets (*.csv)")
        path, chosen = QFileDialog.getSaveFileName(
            self._page,
            title,
            str(Path.home() / "contacts.vcf"),
            f"{vcard};;{csv}",
            vcard,
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() not in (".vcf", ".vcard", ".csv"):
            target = target.with_name(target.name + (".csv" if chosen == csv else ".vcf"))
        self.export_to(contacts, target)

    @Slot()
    def _on_banner_action_triggered(self) -> None:
        if self._last_import is None or not self._last_import.rejected:
            return
        box = QMessageBox(self._page)
        box.setObjectName("importRejectedDetails")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("Import contacts"))
        box.setText(
            self.tr("These cards, rows, lines or numbers could not be read and were left out:")
        )
        lines = [problem_text(problem) for problem in self._last_import.rejected]
        if len(lines) > REJECTED_SHOWN:
            # A long list goes under "Show Details…", where it scrolls, not into a giant dialog.
            box.setDetailedText("\n".join(lines))
            lines = [
                *lines[:REJECTED_SHOWN],
                fill(self.tr("… and %1 more (Show Details…)."), str(len(lines) - REJECTED_SHOWN)),
            ]
        box.setInformativeText("\n".join(lines))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
