"""Text that came from outside (a server's answer, a stored name, a file) made safe to print.

A terminal obeys escape sequences in what it prints: a name or an error text holding ESC [ 2 J
clears the user's screen, ESC ] 52 writes their clipboard, and a bidi override makes
"+380671234567" read as something else. Everything the command line prints that it did not write
itself goes through `for_terminal` first.

Hand-written because the standard library's `unicodedata` already knows which characters are
controls; what to drop is a short, fixed list and no package does just this.
"""

from __future__ import annotations

import unicodedata
from typing import Final

# Bidi embeddings, overrides and isolates (Unicode's bidi algorithm, UAX #9): they reorder what
# follows on screen. The plain marks (LRM, RLM, ALM) only nudge neutral characters and are kept.
_BIDI_CONTROLS: Final = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Whitespace controls read as a space, so words stay apart and one value stays on one line.
_AS_SPACE: Final = frozenset("\t\n\r\x0b\x0c\x85\u2028\u2029")


def for_terminal(text: str, *, keep_newlines: bool = False) -> str:
    """`text` without C0/C1 control characters and bidi overrides.

    Tabs and line breaks become spaces (newlines are kept with `keep_newlines`), so a value
    cannot start a line of its own that looks like the program's output.
    """
    if text.isprintable() and text.isascii():
        return text  # the common case: nothing to look at character by character
    kept: list[str] = []
    for char in text:
        if keep_newlines and char == "\n":
            kept.append(char)
        elif char in _AS_SPACE:
            kept.append(" ")
        elif char in _BIDI_CONTROLS or unicodedata.category(char) == "Cc":
            continue
        else:
            kept.append(char)
    return "".join(kept)
