"""Alphabetical order of names in the GUI: QCollator for the UI language.

Sorting by a Latin spelling put `Дмитро` (Dmytro) before `Галина` (Halyna); ICU's collation knows
each language's alphabet (Ukrainian: а б в г ґ д е є ж з и і ї й …). The command line sorts with
fmc_desktop.core.contacts.collation.sort_key, tested to agree.
"""

from __future__ import annotations

from PySide6.QtCore import QCollator, QLocale


def name_collator(locale: QLocale | None = None) -> QCollator:
    """A collator for names in `locale` (default: the UI language's).

    ICU's defaults: case and accents decide only between otherwise equal names.
    """
    chosen = locale if locale is not None else QLocale()
    if chosen.language() == QLocale.Language.C:
        # The "C" locale compares code points (І before А); a name list wants an alphabet.
        chosen = QLocale(QLocale.Language.English)
    return QCollator(chosen)
