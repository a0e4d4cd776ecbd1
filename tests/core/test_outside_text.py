"""for_terminal: outside text loses what a terminal would obey, and keeps what a reader needs."""

from __future__ import annotations

import pytest

from fmc_desktop.core.numbers.outside_text import for_terminal


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Олена Петренко", "Олена Петренко"),
        ("Ann\x1b[2JBob", "Ann[2JBob"),  # CSI: clear the screen
        ("x\x1b]52;c;ZXZpbA==\x07y", "x]52;c;ZXZpbA==y"),  # OSC 52: write the clipboard
        ("a\u009b31mb", "a31mb"),  # the one-byte C1 CSI
        ("+380\u202e7654321", "+3807654321"),  # right-to-left override
        ("\u2067name\u2069", "name"),  # isolates
        ("שלום\u200fabc", "שלום\u200fabc"),  # a plain RLM mark is kept
        ("line one\nline two\ttab\r", "line one line two tab "),
        ("back\x08space\x00nul\x7fdel", "backspacenuldel"),
    ],
)
def test_for_terminal(raw: str, shown: str) -> None:
    assert for_terminal(raw) == shown


def test_newlines_can_be_kept() -> None:
    assert for_terminal("a\nb\x1b", keep_newlines=True) == "a\nb"
