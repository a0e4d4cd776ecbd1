"""The phone number in a piece of selected text ("call me on +380 67 123 45 67 after 5").

libphonenumber's matcher finds numbers in running text the way it parses them elsewhere in the
app (Ukraine as the home region), and skips dates, prices and order numbers that only look
numeric. A selection that is nothing but a number, or a tel: link, is passed on whole: the dial
flow reads those itself, extension and all.
"""

from __future__ import annotations

import phonenumbers

from fmc_desktop.core.dialing.links import is_link
from fmc_desktop.core.numbers.phone import DEFAULT_REGION

MAX_SELECTION = 2000  # a whole page selected by mistake is not searched through


def number_in_text(text: str) -> str | None:
    """The first phone number written in `text`, as written; None when there is none."""
    stripped = text.strip()
    if not stripped:
        return None
    if is_link(stripped):
        return stripped
    for leniency in (phonenumbers.Leniency.VALID, phonenumbers.Leniency.POSSIBLE):
        for match in phonenumbers.PhoneNumberMatcher(
            stripped[:MAX_SELECTION], DEFAULT_REGION, leniency=leniency
        ):
            return str(match.raw_string)
    return None
