"""Finding the phone number in selected text (the global shortcut's input).

Shapes from where people select numbers: a Ukrainian company's contacts page ("Тел.: (044)
…, факс …"), an e-mail signature, a chat message, an international number, and text with
dates and prices that only look numeric.
"""

from __future__ import annotations

import pytest

from fmc_desktop.core.numbers.selection import number_in_text


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Передзвоніть, будь ласка: 067 123 45 67 (Олена)", "067 123 45 67"),
        ("Тел.: (044) 290-11-22, факс (044) 290-11-23", "(044) 290-11-22"),
        ("Best regards,\nJohn Smith\nMobile: +44 20 7946 0958", "+44 20 7946 0958"),
        ("  +380671234567\n", "+380671234567"),
        ("tel:+380671234567", "tel:+380671234567"),
        ("Order 2026-12-07, total 1500 UAH", None),
        ("", None),
        ("   ", None),
    ],
)
def test_the_first_number_in_the_selection(text: str, found: str | None) -> None:
    assert number_in_text(text) == found


def test_a_huge_selection_is_searched_only_at_its_start() -> None:
    text = "x " * 5000 + "067 123 45 67"
    assert number_in_text(text) is None
