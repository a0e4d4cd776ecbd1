"""How the history writes a duration and orders names: m:ss, and Ukrainian alphabetical order."""

from __future__ import annotations

from fmc_desktop.core.search.translit import fold

# Ukrainian (and Russian) alphabetical order; code point order puts і, ї, є and ґ after я.
_CYRILLIC_ORDER = "абвгґдеёєжзиіїйклмнопрстуфхцчшщъыьэюя"
_COLLATE = str.maketrans({ch: chr(0xE000 + i) for i, ch in enumerate(_CYRILLIC_ORDER)})


def collation_key(text: str) -> str:
    """A sort key that puts Ukrainian names in alphabetical order, case-insensitively."""
    return fold(text).translate(_COLLATE)


def format_duration(seconds: int) -> str:
    """`m:ss` under an hour, `h:mm:ss` from an hour on."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
