"""`tel:` and `callto:` links, read by hand.

QUrl cannot be trusted with these: `QUrl("callto://+380671234567")` is invalid and
`QUrl("callto://0671234567/")` reads the number as an IPv4 host (see RELIABILITY.md). A link arrives
from outside (a web page, another program), so everything here is strict about what it accepts and
never raises anything but the project's own errors. Accepting a link is not consent to dial: the
caller always asks the user to confirm a number that came from a link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from fmc_desktop.core.errors import InvalidInputError, InvalidNumberError
from fmc_desktop.core.numbers import parse_number

SCHEMES: tuple[str, ...] = ("tel", "callto")
# Long enough for any real link with parameters; a longer one is not a phone link.
MAX_LINK_LENGTH = 200

_SCHEME_RE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.\-]*):")
# RFC 3966 visual separators, plus the spaces people (and some web pages) put in numbers.
_VISUAL_SEPARATORS = str.maketrans("", "", "-.() \t")
_DIALABLE_RE = re.compile(r"^\+?[0-9*#]+$")
_EXTENSION_RE = re.compile(r"^[0-9*#]+$")


@dataclass(frozen=True, slots=True)
class DialLink:
    """A phone link taken apart.

    `number` is what can be dialled: separators removed, a leading `+` kept. `raw` is the link
    exactly as it arrived, for the log and the confirmation dialog.
    """

    number: str
    extension: str | None
    scheme: str
    raw: str


def is_link(text: str) -> bool:
    """True when the text is written as a `tel:` or `callto:` link, usable or not.

    Tells a link apart from a plain number (on the command line, on the clipboard); whether the
    link holds a number that can be called is `parse_link`'s answer.
    """
    if len(text) > MAX_LINK_LENGTH:
        # Still a link by its looks; parse_link will say it is too long.
        text = text[:MAX_LINK_LENGTH]
    match = _SCHEME_RE.match(text)
    return match is not None and match.group(1).lower() in SCHEMES


def parse_link(text: str) -> DialLink:
    """The number in a `tel:` or `callto:` link.

    Raises InvalidInputError when the text is not such a link and InvalidNumberError when the link
    holds no number that can be called.
    """
    if len(text) > MAX_LINK_LENGTH:
        raise InvalidInputError(
            f"This link is too long to be a phone link (over {MAX_LINK_LENGTH} characters).",
            length=len(text),
        )
    match = _SCHEME_RE.match(text)
    if match is None:
        raise InvalidInputError(
            "This is not a phone link: it should start with tel: or callto:.",
        )
    scheme = match.group(1).lower()
    if scheme not in SCHEMES:
        raise InvalidInputError(
            f"Links starting with {scheme}: are not phone links this app can call; "
            "it takes tel: and callto: links.",
            scheme=scheme,
        )

    rest = text[match.end() :].strip()
    # `callto://number/` and `tel://number` are common in the wild though not in RFC 3966.
    if rest.startswith("//"):
        rest = rest[2:]
    # A query (Skype's `callto:+380...?call`) carries nothing we use. `#` is left alone: it is a
    # key on the dial pad, and whether a number may hold it is parse_number's call.
    rest = rest.partition("?")[0]
    rest = rest.rstrip("/")

    # Split the parameters before decoding, so that an encoded `%3B` stays part of its value.
    number_part, *params = rest.split(";")
    extension: str | None = None
    for param in params:
        name, _, value = param.partition("=")
        if _decode(name).strip().lower() == "ext":
            extension = _clean(_decode(value))
            if extension and not _EXTENSION_RE.match(extension):
                raise InvalidNumberError(
                    "The extension in this link is not a number.",
                )
            extension = extension or None
        # Other RFC 3966 parameters (phone-context, isub, postd...) do not change whom we call.

    number = _clean(_decode(number_part))
    if not number:
        raise InvalidNumberError("This link has no phone number in it.")
    if not _DIALABLE_RE.match(number):
        raise InvalidNumberError(
            "This link does not hold a phone number: "
            "only digits, and + at the start, can be called.",
        )
    # The numbering rules live in one place; this raises InvalidNumberError with its own sentence.
    parse_number(number)
    return DialLink(number=number, extension=extension, scheme=scheme, raw=text)


def _decode(text: str) -> str:
    # errors="replace" turns a broken UTF-8 sequence into U+FFFD, which the checks then refuse.
    return unquote(text, encoding="utf-8", errors="replace")


def _clean(text: str) -> str:
    return text.strip().translate(_VISUAL_SEPARATORS)
