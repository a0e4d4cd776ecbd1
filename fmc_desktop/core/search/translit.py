"""Ukrainian Cyrillic in Latin letters, and text folded the way searches compare it.

A name saved as `Олена Коваленко` should be found by someone typing `olena` on a keyboard without
a Ukrainian layout. The official romanisation is the Cabinet of Ministers' resolution No. 55 of
27 January 2010 (the one in Ukrainian passports), so that is what people type: `Olena`,
`Zghurskyi`, `Yurii`, `Mariana`. Its rules are per letter, with two refinements: є, ї, й, ю, я are
written differently at the start of a word (`Yevhen`, but `Andriievych`), and `зг` becomes `zgh`
so that it is not read as `ж`. The soft sign and the apostrophe are dropped.

Russian letters the table lacks (ё, ы, э, ъ) show up in Ukrainian address books too, and get the
obvious readings.
"""

from __future__ import annotations

from typing import Final

# Letter -> (at the start of a word, elsewhere).
_POSITIONAL: Final[dict[str, tuple[str, str]]] = {
    "є": ("ye", "ie"),
    "ї": ("yi", "i"),
    "й": ("y", "i"),
    "ю": ("yu", "iu"),
    "я": ("ya", "ia"),
    "ё": ("yo", "io"),
}
_PLAIN: Final[dict[str, str]] = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "h",
    "ґ": "g",
    "д": "d",
    "е": "e",
    "ж": "zh",
    "з": "z",
    "и": "y",
    "і": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ь": "",
    "ы": "y",
    "э": "e",
    "ъ": "",
}
_CYRILLIC: Final = frozenset(_PLAIN) | frozenset(_POSITIONAL)
# Ukrainian is written with any of these for its apostrophe (Мар'яна, Мар’яна, Марʼяна).
APOSTROPHES: Final = "'’ʼ`‘´"
_APOSTROPHE_SET: Final = frozenset(APOSTROPHES)
_ONE_APOSTROPHE: Final = str.maketrans(dict.fromkeys(APOSTROPHES[1:], "'"))


def has_cyrillic(text: str) -> bool:
    return any(ch.lower() in _CYRILLIC for ch in text)


def transliterate(text: str) -> str:
    """`text` with Ukrainian (and Russian) letters romanised per the 2010 rules; the rest as is.

    Case follows the original: `Щука` -> `Shchuka`, `ЩУКА` -> `SHCHUKA`.
    """
    if not has_cyrillic(text):
        return text
    out: list[str] = []
    previous_in_word = False  # is the previous character part of the same word?
    length = len(text)
    for i, ch in enumerate(text):
        lower = ch.lower()
        if lower in _POSITIONAL:
            initial, medial = _POSITIONAL[lower]
            latin = medial if previous_in_word else initial
        elif lower in _PLAIN:
            latin = _PLAIN[lower]
            if lower == "г" and i > 0 and text[i - 1].lower() == "з":
                latin = "gh"
        elif ch in _APOSTROPHE_SET and previous_in_word and text[i - 1].lower() in _CYRILLIC:
            # An apostrophe inside a Cyrillic word only marks a hard sound: it is not written.
            continue
        else:
            out.append(ch)
            previous_in_word = ch.isalpha()
            continue
        previous_in_word = True
        if ch != lower and latin:
            following = text[i + 1] if i + 1 < length else ""
            before = text[i - 1] if i > 0 else ""
            # A whole word in capitals stays in capitals; a capital initial stays an initial.
            shouting = following.isupper() or (not following.isalpha() and before.isupper())
            latin = latin.upper() if shouting else latin[0].upper() + latin[1:]
        out.append(latin)
    return "".join(out)


def fold(text: str) -> str:
    """Text as a search compares it: case-folded in every alphabet, one kind of apostrophe.

    SQLite's own lower() only folds ASCII, so this runs in Python on both sides of a search.
    """
    return text.casefold().translate(_ONE_APOSTROPHE)
