"""Alphabetical order for names, as a Ukrainian reader expects it, without Qt.

The GUI sorts with QCollator (ICU's collation for the UI language); the command line has no Qt,
and Python's own `sorted` puts `Ґ` after `я` and `І` before `А` (code point order), while a
Latin spelling puts `Дмитро` (Dmytro) before `Галина` (Halyna). No maintained pure-Python
package carries CLDR's Ukrainian tailoring (PyICU needs the ICU C library), so this is a
small hand-written key that follows it for what names contain, tested to agree with QCollator:

- letters by the Ukrainian alphabet, а б в г ґ д е є ж з и і ї й к … ь ю я, with the other
  Cyrillic letters where ICU puts them (ё as е, ъ ы after щ, э after ь), then Latin a-z;
- case and accents count only when all else is equal (lower case first, plain before accented);
- spaces, apostrophes and hyphens are not ignored: they sort before any letter or digit, so
  `Ярослав Ганна` comes before `Ярослав-Ганна` and `М'ята` before `Мета` (but see `ʼ` below).
"""

from __future__ import annotations

import unicodedata

_CYRILLIC = "абвгґдеєжзиіїйклмнопрстуфхцчшщъыьэюя"
_LATIN = "abcdefghijklmnopqrstuvwxyz"
# ICU's root order for the punctuation and symbols names contain, space first.
# ICU takes the modifier letter apostrophe (ʼ, U+02BC, the one Ukrainian orthography prefers)
# for a letter and sorts it after z, not with the apostrophes.
_PUNCTUATION = " _-,;:!?.'’\"«»()[]{}@*/\\&#%`^+<=>|~$"
_DIGITS = "0123456789"

_PRIMARY: dict[str, int] = {}
for _weight, _char in enumerate(_PUNCTUATION, start=1):
    _PRIMARY[_char] = _weight
_BASE = len(_PUNCTUATION) + 1
for _offset, _char in enumerate(_DIGITS):
    _PRIMARY[_char] = _BASE + _offset
_BASE += len(_DIGITS)
for _offset, _char in enumerate(_CYRILLIC):
    _PRIMARY[_char] = _BASE + _offset
_PRIMARY["ё"] = _PRIMARY["е"]  # a variant of е, as in ICU
_BASE += len(_CYRILLIC)
for _offset, _char in enumerate(_LATIN):
    _PRIMARY[_char] = _BASE + _offset
_UNKNOWN = _BASE + len(_LATIN)  # other scripts last, in code point order among themselves

# Letters that are their own letter in Ukrainian, not an accented form of another (й is not и
# with a breve, ї is not і with a diaeresis): kept whole when accents are stripped.
_OWN_LETTERS = frozenset("йїёЙЇЁ")
# Latin letters with a stroke, which Unicode does not decompose but ICU sorts as the plain letter.
_STROKED = {"ø": "o", "đ": "d", "ł": "l", "ħ": "h", "ŧ": "t"}


def _strip(char: str) -> tuple[str, int]:
    """The base letter and whether an accent was dropped (1) or not (0)."""
    if char in _OWN_LETTERS:
        return char.lower(), 0 if char.lower() != "ё" else 1
    stroked = _STROKED.get(char.lower())
    if stroked is not None:
        return stroked, 1
    decomposed = unicodedata.normalize("NFD", char)
    base = decomposed[0]
    return base.lower(), 0 if len(decomposed) == 1 else 1


def _primary(char: str) -> int:
    weight = _PRIMARY.get(char)
    if weight is not None:
        return weight
    if char.isspace():
        return _PRIMARY[" "]
    return _UNKNOWN + ord(char)


def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """A key for `sorted` that orders names as QCollator does for Ukrainian."""
    primary: list[int] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    for char in unicodedata.normalize("NFC", text.strip()):
        base, accent = _strip(char)
        if base == "ё":
            base = "е"
        primary.append(_primary(base))
        secondary.append(accent)
        tertiary.append(1 if char != char.lower() else 0)
    return tuple(primary), tuple(secondary), tuple(tertiary)
