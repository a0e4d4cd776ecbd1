"""The number chooser's filter finds numbers as every other search box of the app does."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from fmc_desktop.ui.settings.numbers_chooser import NumberChooser, NumberEntry

OLENA = "+380671234567"
YULIIA = "+380501112233"
NAMELESS = "+380441239876"


@pytest.fixture
def chooser(qtbot: QtBot) -> NumberChooser:
    chooser = NumberChooser()
    qtbot.addWidget(chooser)
    chooser.set_entries(
        [
            NumberEntry(OLENA, "Олена Петренко", "Бухгалтерія"),
            NumberEntry(YULIIA, "Yuliia Kovalenko", "Sales"),
            NumberEntry(NAMELESS),
        ]
    )
    return chooser


def shown(chooser: NumberChooser, text: str) -> set[str]:
    chooser.filter_field.setText(text)
    return {
        str(item.data(3, Qt.ItemDataRole.UserRole))  # the number, canonical, in its column
        for item in chooser.items()
        if not item.isHidden()
    }


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", {OLENA, YULIIA, NAMELESS}),
        # Numbers as people write them: national form, with spaces, dashes or an en dash.
        ("067 123-45", {OLENA}),
        ("067–123", {OLENA}),
        ("(044) 123", {NAMELESS}),
        ("+38 050 111", {YULIIA}),
        ("4567", {OLENA}),
        # Names across alphabets and by sound, departments, any case.
        ("olena", {OLENA}),
        ("ПЕТРЕНКО", {OLENA}),
        ("Юлія", {YULIIA}),
        ("Julia", {YULIIA}),
        ("бухг", {OLENA}),
        ("sales", {YULIIA}),
        ("nobody", set()),
    ],
)
def test_the_filter_matches_as_the_apps_search_does(
    chooser: NumberChooser, typed: str, expected: set[str]
) -> None:
    assert shown(chooser, typed) == expected
