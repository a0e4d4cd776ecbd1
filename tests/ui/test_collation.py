"""The command line's Ukrainian sort key agrees with QCollator, which the GUI sorts with."""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import QCollator, QLocale

from fmc_desktop.core.contacts.collation import sort_key
from fmc_desktop.simulator.company import Company
from fmc_desktop.ui.contacts.collation import name_collator

NAMES = Path(__file__).resolve().parent.parent / "data" / "names" / "names.txt"


def _qt_order(names: list[str]) -> list[str]:
    collator = QCollator(QLocale("uk_UA"))
    return sorted(names, key=functools.cmp_to_key(collator.compare))


def test_the_core_key_agrees_with_qcollator_on_the_corpus() -> None:
    names = NAMES.read_text(encoding="utf-8").split("\n")
    names = [name for name in names if name.strip()]
    assert len(names) > 50
    assert sorted(names, key=sort_key) == _qt_order(names)


def test_the_core_key_agrees_with_qcollator_on_a_company_directory() -> None:
    company = Company(seed=3)
    names = sorted(
        {s.name for s in company.subscribers} | {s.department for s in company.subscribers}
    )
    assert len(names) > 20
    assert sorted(names, key=sort_key) == _qt_order(names)


def test_the_gui_collator_follows_the_ui_language() -> None:
    collator = name_collator(QLocale("uk_UA"))
    names = ["Дмитро", "Галина", "Тарас", "Віктор"]
    assert sorted(names, key=collator.sortKey) == ["Віктор", "Галина", "Дмитро", "Тарас"]


def test_without_a_language_names_still_sort_by_alphabet() -> None:
    collator = name_collator(QLocale.c())
    assert sorted(["Ірина", "Андрій"], key=collator.sortKey) == ["Андрій", "Ірина"]
