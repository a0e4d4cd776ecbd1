"""What every contact file shares: the formats, the phone labels, name parts and line ends."""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Final


class ContactFileFormat(StrEnum):
    VCARD = "vcard"
    GOOGLE_CSV = "google_csv"
    OUTLOOK_CSV = "outlook_csv"


# Our label -> vCard TEL types. Anything else travels as an `itemN.X-ABLABEL`, as Apple and Google
# write custom labels, so a label with a comma or in Cyrillic comes back whole.
LABEL_TYPES: Final[Mapping[str, tuple[str, ...]]] = {
    "mobile": ("cell",),
    "work": ("work",),
    "home": ("home",),
    "main": ("main",),
    "fax": ("fax",),
    "work fax": ("work", "fax"),
    "home fax": ("home", "fax"),
    "work mobile": ("work", "cell"),
    "pager": ("pager",),
    "other": ("other",),
}

LINE_BREAK: Final = re.compile(r"\r\n|\r|\n")


def split_name(name: str) -> tuple[str, str]:
    """(given, family) for N and Google's columns: the last word is taken for the family name."""
    given, _, family = name.rpartition(" ")
    return (given, family) if given else (name, "")
