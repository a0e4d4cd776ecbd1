"""One Ukrainian verb for "Call": "Подзвонити", the shorter of the two, everywhere.

The translation once mixed "Подзвонити" and "Зателефонувати" for the same button and menu entry,
which reads as two different actions.
"""

from __future__ import annotations

import re
from pathlib import Path

from defusedxml import ElementTree

OTHER_VERB = re.compile(r"(?i)зателефон|телефону[йєюв]|телефонувати")
TS_FILE = Path(__file__).resolve().parents[2] / "resources" / "i18n" / "fmc_desktop_uk.ts"


def test_call_is_always_podzvonyty() -> None:
    root = ElementTree.parse(TS_FILE).getroot()
    assert root is not None
    mixed = [
        (message.findtext("source"), message.findtext("translation"))
        for message in root.iter("message")
        if re.search(
            r"(?i)зателефон|телефону[йєюв]|телефонувати", message.findtext("translation") or ""
        )
    ]
    assert mixed == []
    # And the buttons say it; the menu of that name is the noun, "Дзвінок".
    calls = {
        message.findtext("translation")
        for message in root.iter("message")
        if message.findtext("source") in ("Call", "&Call")
    }
    assert calls <= {"Подзвонити", "&Подзвонити", "Д&звінок"}
